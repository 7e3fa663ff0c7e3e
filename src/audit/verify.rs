//! Verification: recompute every hash and link, and check the head and indexes against them.
//!
//! Nothing stored is trusted: each entry is decoded strictly and re-hashed, each link checked
//! against the previous entry's recomputed hash, the head record against the last entry, and
//! every index row against the rows the entries imply. A single changed byte anywhere in an
//! entry changes its hash, which then matches neither the next entry's link (or the head) nor
//! the hash index; that pair of disagreements names the changed entry.

use crate::chain::codec::DecodeError;
use crate::chain::entry::{Entry, FORMAT_VERSION};
use crate::chain::merkle::{self, Tree};
use crate::chain::placement::{Place, Placement};
use crate::ledger::stored::{StateIndex, Stored};
use crate::ledger::{Ledger, LedgerError};
use crate::vocabulary::calendar::Instant;
use crate::vocabulary::digest::Digest;
use crate::vocabulary::plural::count;
use serde::Serialize;
use std::collections::HashMap;

/// One thing found wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The entry at fault, when one is.
    pub entry: Option<u64>,
    pub what: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub entries: u64,
    pub head: Digest,
    /// The Merkle root recomputed from the entries (not read from the store).
    pub merkle_root: Digest,
    pub problems: Vec<Problem>,
}

impl Report {
    pub fn intact(&self) -> bool {
        self.problems.is_empty()
    }

    /// The first entry named by any problem.
    pub fn first_bad_entry(&self) -> Option<u64> {
        self.problems.iter().filter_map(|p| p.entry).min()
    }
}

/// What verification learns of one stored entry.
struct Link {
    seq: u64,
    hash: Digest,
    prev: Option<Digest>,
}

/// The most index discrepancies listed; past that, a count.
const LISTED: usize = 20;

/// Entries read, hashed and decoded at a time: bounds memory on large ledgers.
const BLOCK: usize = 20_000;

pub fn verify(ledger: &Ledger) -> Result<Report, LedgerError> {
    let store = ledger.stored();
    let mut walk = Walk::default();
    let mut stored = store.entries();
    let mut read_block = || stored.by_ref().take(BLOCK).collect::<Result<Vec<_>, _>>();
    // Each block is hashed and decoded while the next is read from the store.
    std::thread::scope(|scope| {
        let mut next = read_block()?;
        while !next.is_empty() {
            let block = next;
            let decoding = scope.spawn(move || {
                let decoded = hash_and_decode(&block);
                (block, decoded)
            });
            next = read_block()?;
            let (block, decoded) = decoding.join().expect("decoding does not panic");
            for ((seq, _), (hash, decoded)) in block.iter().zip(decoded) {
                walk.visit(*seq, hash, decoded);
            }
        }
        Ok::<(), LedgerError>(())
    })?;
    let Walk {
        mut problems,
        links,
        placement,
        hashes,
        placed,
        ..
    } = walk;
    let head = store.head()?;
    let entry_hashes: Vec<Digest> = links.iter().map(|l| l.hash).collect();
    // Two independent halves, one on each core: the chain, the hash index and the Merkle tree;
    // the (treaty, state) index.
    let ((chain_problems, merkle_problems, merkle_root), state_problems) =
        std::thread::scope(|scope| {
            let chain = scope.spawn(|| {
                let mut problems = Vec::new();
                let stored = store.hash_index_rows()?;
                check_sequence(&links, &mut problems);
                check_links(&links, head, &stored, &mut problems);
                let mut expected = hashes;
                expected.sort_unstable();
                if expected != stored {
                    report_rows(
                        differences(&expected, &stored, |&(h, s)| Row::Hash(h, s)),
                        differences(&stored, &expected, |&(h, s)| Row::Hash(h, s)),
                        &mut problems,
                    );
                }
                let mut merkle_problems = Vec::new();
                let root = check_merkle(&store, &entry_hashes, &mut merkle_problems)?;
                Ok::<_, LedgerError>((problems, merkle_problems, root))
            });
            let stored = store.state_index_rows()?;
            let expected = implied_state_index(&stored, &placement, placed);
            let mut state_problems = Vec::new();
            check_state_index(&expected, &stored, &mut state_problems);
            let chain = chain.join().expect("checking the chain does not panic")?;
            Ok::<_, LedgerError>((chain, state_problems))
        })?;
    problems.extend(chain_problems);
    problems.extend(state_problems);
    problems.extend(merkle_problems);
    check_sources(ledger, &mut problems)?;
    for key in store.stray_keys()? {
        problems.push(Problem {
            entry: None,
            what: format!("the store holds an unknown key {key:02x?}"),
        });
    }
    Ok(Report {
        entries: links.len() as u64,
        head: head.head,
        merkle_root,
        problems,
    })
}

/// What verification needs of an entry that decodes.
struct Decoded {
    seq: u64,
    version: u16,
    prev: Digest,
    recorded_at: Instant,
    place: Place,
}

impl Decoded {
    fn of(entry: Entry) -> Decoded {
        Decoded {
            seq: entry.seq,
            version: entry.version,
            prev: entry.prev,
            recorded_at: entry.recorded_at,
            place: Place::of(&entry.fact.event),
        }
    }
}

/// Each entry's hash and strict decoding, computed on every core (the work that dominates).
fn hash_and_decode(block: &[(u64, Vec<u8>)]) -> Vec<(Digest, Result<Decoded, DecodeError>)> {
    let parts = crate::parallel::per_core(block, |entries| {
        entries
            .iter()
            .map(|(_, bytes)| {
                (
                    crate::chain::seal::hash_bytes(bytes),
                    crate::chain::codec::decode_canonical(bytes).map(Decoded::of),
                )
            })
            .collect::<Vec<_>>()
    });
    parts.into_iter().flatten().collect()
}

/// What the walk over the entries, in order, learns and finds wrong.
#[derive(Default)]
struct Walk {
    problems: Vec<Problem>,
    links: Vec<Link>,
    placement: Placement,
    last_time: Option<Instant>,
    /// The hash index rows the entries imply.
    hashes: Vec<(Digest, u64)>,
    /// The (treaty, state) index rows they imply: (seq, treaty, state) numbered by `placement`.
    placed: Vec<(u64, usize, Option<usize>)>,
}

impl Walk {
    fn visit(&mut self, seq: u64, hash: Digest, decoded: Result<Decoded, DecodeError>) {
        let entry = match decoded {
            Ok(entry) => entry,
            Err(e) => {
                self.problem(seq, format!("does not decode: {e}"));
                self.links.push(Link {
                    seq,
                    hash,
                    prev: None,
                });
                return;
            }
        };
        if entry.seq != seq {
            self.problem(
                seq,
                format!(
                    "is stored as entry {seq} but says it is entry {}",
                    entry.seq
                ),
            );
        }
        if entry.version != FORMAT_VERSION {
            self.problem(seq, format!("has format version {}", entry.version));
        }
        if self.last_time.is_some_and(|t| entry.recorded_at < t) {
            self.problem(seq, "was recorded before the entry preceding it".into());
        }
        self.last_time = Some(entry.recorded_at);
        self.hashes.push((hash, seq));
        if let Some((treaty, state)) = self.placement.place_at(seq, entry.place) {
            self.placed.push((seq, treaty, state));
        }
        self.links.push(Link {
            seq,
            hash,
            prev: Some(entry.prev),
        });
    }

    fn problem(&mut self, seq: u64, what: String) {
        self.problems.push(Problem {
            entry: Some(seq),
            what,
        });
    }
}

/// Re-hashes every archived document against the digest it is filed under.
fn check_sources(ledger: &Ledger, problems: &mut Vec<Problem>) -> Result<(), LedgerError> {
    for item in ledger.sources() {
        let (digest, bytes) = item?;
        let actual = crate::vocabulary::source::digest(&bytes);
        if actual != digest {
            problems.push(Problem {
                entry: None,
                what: format!("the archived source filed as {digest} hashes to {actual}: the document was altered"),
            });
        }
    }
    Ok(())
}

/// Recomputes the Merkle tree from the entries' hashes, as appends from an empty ledger would
/// have stored it, compares it with the store's chunks and nodes, and returns its root.
fn check_merkle(
    store: &Stored<'_>,
    entry_hashes: &[Digest],
    problems: &mut Vec<Problem>,
) -> Result<Digest, LedgerError> {
    let expected = merkle::grow(&merkle::Memory::default(), 0, entry_hashes)
        .expect("growing a tree from nothing reads only what it wrote");
    let stored_chunks = store.merkle_chunks()?;
    if stored_chunks != expected.chunks {
        let differs = stored_chunks
            .iter()
            .zip(&expected.chunks)
            .position(|(a, b)| a != b);
        let first = differs.unwrap_or(stored_chunks.len().min(expected.chunks.len())) as u64
            * merkle::CHUNK
            + 1;
        problems.push(Problem {
            entry: None,
            what: format!(
                "the stored Merkle leaves from entry {first} on differ from the entries' hashes"
            ),
        });
    }
    let mut stored_nodes = store.merkle_nodes()?;
    let mut expected_nodes = expected.nodes.clone();
    stored_nodes.sort();
    expected_nodes.sort();
    if stored_nodes != expected_nodes {
        problems.push(Problem {
            entry: None,
            what: "the stored Merkle nodes differ from those the entries imply".into(),
        });
    }
    let mut tree = merkle::Memory::default();
    tree.absorb(expected);
    Ok(merkle::StoredTree::new(&tree)
        .subtree(0, entry_hashes.len() as u64)
        .expect("the tree just grown holds every chunk and node"))
}

fn check_sequence(links: &[Link], problems: &mut Vec<Problem>) {
    for (i, link) in links.iter().enumerate() {
        let expected = i as u64 + 1;
        if link.seq != expected {
            problems.push(Problem {
                entry: Some(expected),
                what: format!("is missing (the next stored entry is {})", link.seq),
            });
            return;
        }
    }
}

/// Checks that each entry's recomputed hash is what the next entry (or the head) links to,
/// using the hash index to tell a changed entry from a changed link.
fn check_links(
    links: &[Link],
    head: crate::chain::prefix::Prefix,
    stored_hashes: &[(Digest, u64)],
    problems: &mut Vec<Problem>,
) {
    let indexed = |link: &Link| stored_hashes.binary_search(&(link.hash, link.seq)).is_ok();
    if links
        .first()
        .and_then(|l| l.prev)
        .is_some_and(|p| p != Digest::ZERO)
    {
        problems.push(Problem {
            entry: Some(1),
            what: "links to a previous entry, but it is the first".into(),
        });
    }
    for (i, link) in links.iter().enumerate() {
        let (successor, what_links) = match links.get(i + 1) {
            Some(next) => (next.prev, format!("entry {}", next.seq)),
            None => (Some(head.head), "the head record".to_string()),
        };
        if successor == Some(link.hash) {
            continue;
        }
        let recorded = successor.map_or("nothing readable".to_string(), |h| h.hex());
        if indexed(link) {
            let at = links.get(i + 1).map_or(link.seq, |n| n.seq);
            problems.push(Problem {
                entry: Some(at),
                what: format!(
                    "{what_links} records {recorded} as the hash of entry {}, which hashes to {}",
                    link.seq, link.hash
                ),
            });
        } else {
            problems.push(Problem {
                entry: Some(link.seq),
                what: format!(
                    "its bytes hash to {}, but {what_links} records {recorded} and the hash index does not know it: the entry was altered",
                    link.hash
                ),
            });
        }
    }
    if links.len() as u64 != head.entries {
        problems.push(Problem {
            entry: None,
            what: format!(
                "the head record counts {}; the store holds {}",
                count(head.entries, "entry", "entries"),
                links.len()
            ),
        });
    }
}

/// One index row, for naming what is missing or extra.
enum Row<'a> {
    Hash(Digest, u64),
    State(&'a str, &'a str, u64),
}

/// The (treaty, state) index the entries imply, its names numbered as the stored index numbers
/// them (names the store lacks come after), so that the two compare row by row.
fn implied_state_index(
    stored: &StateIndex,
    placement: &Placement,
    placed: Vec<(u64, usize, Option<usize>)>,
) -> StateIndex {
    let mut implied = StateIndex::numbered_as(stored);
    let mut treaties: HashMap<usize, u32> = HashMap::new();
    let mut states: HashMap<Option<usize>, u32> = HashMap::new();
    for (seq, treaty, state) in placed {
        let t = *treaties
            .entry(treaty)
            .or_insert_with(|| implied.name(placement.treaty(treaty).as_str()));
        let s = *states.entry(state).or_insert_with(|| {
            let name = state.map_or("", |s| placement.state(s).as_str());
            implied.name(name)
        });
        implied.rows.push((seq, t, s));
    }
    implied.rows.sort_unstable();
    implied
}

/// Lists the index rows missing from the store, then those in it that no entry implies.
fn check_state_index(expected: &StateIndex, stored: &StateIndex, problems: &mut Vec<Problem>) {
    if expected.rows == stored.rows {
        return;
    }
    // Names number alike in both: the expected names extend the stored ones.
    let row = |&(seq, t, s): &(u64, u32, u32)| {
        Row::State(
            &expected.names[t as usize],
            &expected.names[s as usize],
            seq,
        )
    };
    report_rows(
        differences(&expected.rows, &stored.rows, row),
        differences(&stored.rows, &expected.rows, row),
        problems,
    );
}

/// Reports index rows missing from the store and rows in it that no entry implies, the first
/// [`LISTED`] of each by name.
fn report_rows(missing: Vec<Row<'_>>, extra: Vec<Row<'_>>, problems: &mut Vec<Problem>) {
    for (rows, what) in [(&missing, "missing from"), (&extra, "in")] {
        for row in rows.iter().take(LISTED) {
            let (entry, text) = describe(row);
            let not_implied = if what == "in" {
                " but no entry implies it"
            } else {
                ""
            };
            problems.push(Problem {
                entry,
                what: format!("index row {text} is {what} the store{not_implied}"),
            });
        }
        if rows.len() > LISTED {
            problems.push(Problem {
                entry: None,
                what: format!(
                    "... and {} more index rows {what} the store",
                    rows.len() - LISTED
                ),
            });
        }
    }
}

/// The items of sorted `these` absent from sorted `those`, as rows.
fn differences<'a, T: Ord>(
    these: &'a [T],
    those: &[T],
    row: impl Fn(&'a T) -> Row<'a>,
) -> Vec<Row<'a>> {
    these
        .iter()
        .filter(|item| those.binary_search(item).is_err())
        .map(row)
        .collect()
}

fn describe(row: &Row<'_>) -> (Option<u64>, String) {
    match row {
        Row::Hash(h, seq) => (Some(*seq), format!("hash {} -> entry {seq}", h.short())),
        Row::State(t, s, seq) => (Some(*seq), format!("treaty {t} state {s} -> entry {seq}")),
    }
}
