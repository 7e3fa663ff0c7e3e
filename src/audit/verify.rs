//! Verification: recompute every hash and link, and check what the store files each entry
//! under, the head and the Merkle tree against them.
//!
//! Nothing stored is trusted: each entry is decoded strictly and re-hashed, each link checked
//! against the previous entry's recomputed hash, the head against the last entry, the hash, treaty
//! and state the store keeps for each entry against what the entry implies, each treaty file's
//! length against its entries' frames, the Merkle nodes against a tree grown from the entries,
//! and the treaty chains the store keeps for answer proofs against the entries' hashes. A single changed byte anywhere in an entry changes its hash, which then matches
//! neither the next entry's link (or the head) nor the hash the store keeps for it; that pair of
//! disagreements names the changed entry.

use super::links::{Link, Links};
use crate::chain::codec::DecodeError;
use crate::chain::entry::{Entry, FORMAT_VERSION};
use crate::chain::merkle::{self, Tree};
use crate::chain::placement::{Place, Placement};
use crate::chain::treaty_chain;
use crate::chain::validity::{self, Kind, Quotes};
use crate::ledger::stored::{IndexRow, Stored};
use crate::ledger::{Ledger, LedgerError};
use crate::vocabulary::calendar::Instant;
use crate::vocabulary::digest::Digest;
use crate::vocabulary::plural::count;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// One thing found wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The entry at fault, when one is.
    pub entry: Option<u64>,
    /// What is wrong, in words.
    pub what: String,
}

/// What [`verify`] found: how much it read, the head and root, and every problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// How many entries the store returned, whether or not they decode.
    pub entries: u64,
    /// The last entry's hash as the store's head record gives it; a head that the entries do
    /// not bear out is one of the problems.
    pub head: Digest,
    /// The Merkle root recomputed from the entries (not read from the store).
    pub merkle_root: Digest,
    /// Everything found wrong; filing problems past the first 20 are counted rather than
    /// listed.
    pub problems: Vec<Problem>,
}

impl Report {
    /// Whether nothing was found wrong.
    pub fn intact(&self) -> bool {
        self.problems.is_empty()
    }

    /// The first entry named by any problem.
    pub fn first_bad_entry(&self) -> Option<u64> {
        self.problems.iter().filter_map(|p| p.entry).min()
    }
}

/// The length of the frames each treaty file's entries take, added up entry by entry.
#[derive(Default)]
struct Frames {
    /// By the address of the treaty id the store shares among the rows that name it (a
    /// million string comparisons cost more than the rest of the walk), with the id.
    by_address: hashbrown::HashMap<usize, (Arc<str>, u64)>,
}

impl Frames {
    fn add(&mut self, treaty: &Arc<str>, frame: u64) {
        let address = Arc::as_ptr(treaty) as *const u8 as usize;
        self.by_address
            .entry(address)
            .or_insert_with(|| (treaty.clone(), 0))
            .1 += frame;
    }

    /// The totals by treaty id (rows that named a treaty through distinct copies of its id
    /// are added together).
    fn by_treaty(&self) -> BTreeMap<&str, u64> {
        let mut out = BTreeMap::new();
        for (treaty, len) in self.by_address.values() {
            *out.entry(&**treaty).or_default() += len;
        }
        out
    }
}

/// The most index discrepancies listed; past that, a count.
const LISTED: usize = 20;

/// Entries read, hashed and decoded at a time: bounds memory on large ledgers.
const BLOCK: usize = 20_000;

/// Checks everything the ledger stores: every entry's decoding, number, version, recording
/// time, hash and link, the head, the hash, treaty and state the store keeps for each entry, the
/// treaty files' lengths, the Merkle tree and every archived document's digest. What is wrong is
/// reported, not returned as an error; an error means the store could not be read at all.
pub fn verify(ledger: &Ledger) -> Result<Report, LedgerError> {
    let store = ledger.stored();
    let stored_chains = store.chains();
    let mut walk = Walk {
        chains_at: stored_chains.as_ref().map(|(head, _)| head.entries),
        ..Walk::default()
    };
    // A file written before any entry holds no chains.
    walk.keep_chains(0);
    let mut rows = store.rows();
    let mut read_block = || {
        let mut block = Vec::with_capacity(BLOCK);
        for row in rows.by_ref().take(BLOCK) {
            match row {
                Ok(row) => block.push(row),
                // A frame the store cannot read is damage to report, not a reason to stop.
                Err(LedgerError::Store(e)) if e.is_damage() => {
                    return Ok((block, Some(e.to_string())));
                }
                Err(e) => return Err(e),
            }
        }
        Ok((block, None))
    };
    let mut unreadable = None;
    let mut quotes = Quotes::new(|digest: &Digest| ledger.source(digest).ok().flatten());
    // Each block is hashed and decoded while the next is read from the store.
    std::thread::scope(|scope| {
        let (mut next, mut stop) = read_block()?;
        while !next.is_empty() {
            let block = next;
            let decoding = scope.spawn(move || {
                let decoded = hash_and_decode(&block);
                (block, decoded)
            });
            (next, stop) = match stop.take() {
                Some(why) => {
                    unreadable = Some(why);
                    (Vec::new(), None)
                }
                None => read_block()?,
            };
            let (block, decoded) = decoding
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            for (row, (hash, decoded)) in block.iter().zip(decoded) {
                if let Some(entry) = walk.visit(row, hash, decoded) {
                    let named = validity::references(&entry, |seq| earlier(ledger, seq))
                        .and_then(|()| quotes.check(&entry));
                    if let Err(why) = named {
                        walk.problem(row.seq, format!("is not a valid entry: {why}"));
                    }
                }
            }
        }
        unreadable = unreadable.take().or(stop);
        Ok::<(), LedgerError>(())
    })?;
    let Walk {
        mut problems,
        links,
        tree,
        frames,
        misfiled,
        placement,
        chains_then,
        ..
    } = walk;
    if misfiled > LISTED {
        problems.push(Problem {
            entry: None,
            what: format!(
                "... and {} more entries are filed where they do not belong",
                misfiled - LISTED
            ),
        });
    }
    let head = store.head()?;
    let entries = links.len();
    match unreadable {
        // The walk stopped early: what follows the last entry read, and the files' lengths,
        // cannot be checked against anything.
        Some(why) => {
            problems.extend(links.finish(None));
            problems.push(Problem {
                entry: Some(entries + 1),
                what: format!("cannot be read ({why}); the entries after it were not checked"),
            });
        }
        None => {
            problems.extend(links.finish(Some(head)));
            check_files(&store, &frames, &mut problems);
        }
    }
    if let (Some((_, stored)), Some(computed)) = (stored_chains, chains_then) {
        check_chains(&placement, &stored, &computed, &mut problems);
    }
    let merkle_root = check_merkle(&store, tree, &mut problems)?;
    super::sources::check(ledger, &mut problems)?;
    if let Some(what) = ledger.summary_disagreement() {
        problems.push(Problem { entry: None, what });
    }
    Ok(Report {
        entries,
        head: head.head,
        merkle_root,
        problems,
    })
}

/// The hash and kind of entry `seq`, read from the ledger, for an entry that names it.
fn earlier(ledger: &Ledger, seq: u64) -> Option<(Digest, Kind)> {
    let sealed = ledger.entry(seq).ok()?;
    Some((sealed.hash, Kind::of(&sealed.entry.fact.event)))
}

/// What verification needs of an entry that decodes.
struct Decoded {
    seq: u64,
    version: u16,
    prev: Digest,
    recorded_at: Instant,
    place: Place,
    /// What is wrong with its fields, if anything.
    fields: Result<(), String>,
    /// The entry itself when it names another entry or quotes an archived source: checked
    /// against them in order, as the walk reaches it.
    elsewhere: Option<Box<Entry>>,
}

impl Decoded {
    fn of(entry: Entry) -> Decoded {
        Decoded {
            seq: entry.seq,
            version: entry.version,
            prev: entry.prev,
            recorded_at: entry.recorded_at,
            place: Place::of(&entry.fact.event),
            fields: validity::fields(&entry),
            elsewhere: validity::looks_elsewhere(&entry).then(|| Box::new(entry)),
        }
    }
}

/// Each entry's hash and strict decoding, computed on every core (the work that dominates).
fn hash_and_decode(block: &[IndexRow]) -> Vec<(Digest, Result<Decoded, DecodeError>)> {
    let parts = crate::parallel::per_core(block, |rows| {
        rows.iter()
            .map(|IndexRow { bytes, .. }| {
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
    links: Links,
    tree: Regrown,
    placement: Placement,
    last_time: Option<Instant>,
    /// Per treaty file, the length of the frames its entries take.
    frames: Frames,
    /// How many filing problems were listed; past [`LISTED`], only counted.
    misfiled: usize,
    /// Each treaty's (entries, chain) so far, by placement number, from the recomputed hashes.
    chains: Vec<(u64, Digest)>,
    /// The entry after which the store's `chains` file was written, if it has one.
    chains_at: Option<u64>,
    /// The chains as of that entry.
    chains_then: Option<Vec<(u64, Digest)>>,
}

impl Walk {
    /// Checks one entry in order; returns it when it still has to be checked against the entry
    /// it names or the sources it quotes.
    fn visit(
        &mut self,
        row: &IndexRow,
        hash: Digest,
        decoded: Result<Decoded, DecodeError>,
    ) -> Option<Box<Entry>> {
        let seq = row.seq;
        self.frames.add(&row.treaty, row.frame);
        self.tree.push(hash);
        let link = Link {
            seq,
            hash,
            stored: row.hash,
            prev: None,
        };
        let entry = match decoded {
            Ok(entry) => entry,
            Err(e) => {
                self.problem(seq, format!("does not decode: {e}"));
                self.links.push(link);
                return None;
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
        if let Some(treaty) = self.check_filing(row, entry.place) {
            self.add_to_chain(treaty, seq, hash);
        }
        self.keep_chains(seq);
        self.links.push(Link {
            prev: Some(entry.prev),
            ..link
        });
        if let Err(why) = entry.fields {
            self.problem(seq, format!("is not a valid entry: {why}"));
        }
        entry.elsewhere
    }

    /// One more entry of treaty `treaty` (its placement number), hashed to `hash`.
    fn add_to_chain(&mut self, treaty: usize, seq: u64, hash: Digest) {
        while self.chains.len() <= treaty {
            let id = self.placement.treaty(self.chains.len()).as_str();
            self.chains.push((0, treaty_chain::start(id)));
        }
        let (count, chain) = &mut self.chains[treaty];
        *count += 1;
        *chain = treaty_chain::step(chain, seq, &hash);
    }

    /// Keeps the chains as of entry `seq` when the store's file was written after it.
    fn keep_chains(&mut self, seq: u64) {
        if self.chains_at == Some(seq) && self.chains_then.is_none() {
            self.chains_then = Some(self.chains.clone());
        }
    }

    /// The treaty and state the store files the entry under must be those placement gives it;
    /// returns the treaty's placement number.
    fn check_filing(&mut self, row: &IndexRow, place: Place) -> Option<usize> {
        let placed = self.placement.place_at(row.seq, place);
        let treaty = placed.map(|(t, _)| t);
        let expected = placed.map(|(t, s)| {
            (
                self.placement.treaty(t).as_str(),
                s.map_or("", |s| self.placement.state(s).as_str()),
            )
        });
        if expected == Some((&*row.treaty, &*row.state)) {
            return treaty;
        }
        let implied = expected.map_or("nothing (it is about no treaty)".to_string(), |(t, s)| {
            format!("treaty {t} state {s:?}")
        });
        let filed = format!("treaty {} state {:?}", row.treaty, row.state);
        self.misfiled += 1;
        if self.misfiled <= LISTED {
            self.problem(
                row.seq,
                format!("is filed under {filed}, but it implies {implied}"),
            );
        }
        treaty
    }

    fn problem(&mut self, seq: u64, what: String) {
        self.problems.push(Problem {
            entry: Some(seq),
            what,
        });
    }
}

/// The treaty chains the store keeps (the `chains` file, as of its head) must be those the
/// entries give: answer proofs build the checkpoint's treaty index from them.
fn check_chains(
    placement: &Placement,
    stored: &[(String, u64, Digest)],
    computed: &[(u64, Digest)],
    problems: &mut Vec<Problem>,
) {
    let stored: BTreeMap<&str, (u64, Digest)> = stored
        .iter()
        .filter(|(_, count, _)| *count > 0)
        .map(|(id, count, chain)| (id.as_str(), (*count, *chain)))
        .collect();
    let computed: BTreeMap<&str, (u64, Digest)> = computed
        .iter()
        .enumerate()
        .filter(|(_, (count, _))| *count > 0)
        .map(|(t, chain)| (placement.treaty(t).as_str(), *chain))
        .collect();
    let differing: Vec<&str> = stored
        .keys()
        .chain(computed.keys())
        .filter(|id| stored.get(*id) != computed.get(*id))
        .copied()
        .collect::<std::collections::BTreeSet<&str>>()
        .into_iter()
        .collect();
    if let Some(first) = differing.first() {
        problems.push(Problem {
            entry: None,
            what: format!(
                "the treaty index the store keeps (its file `chains`) does not match the entries of {}: treaty {first}{}",
                count(differing.len() as u64, "treaty", "treaties"),
                if differing.len() > 1 { " and others" } else { "" }
            ),
        });
    }
}

/// The Merkle tree grown from the entries' hashes as appends from an empty ledger would have
/// stored it, a few thousand hashes at a time, holding only what growing on and the root need:
/// the nodes of 64 leaves and more, and the leaves of the last, unfinished chunk of 64.
#[derive(Default)]
struct Regrown {
    size: u64,
    tree: merkle::Memory,
    /// Every node grown, as the store would hold them.
    nodes: Vec<(u8, u64, Digest)>,
    /// Hashes not yet grown into the tree.
    pending: Vec<Digest>,
}

impl Regrown {
    /// Hashes grown into the tree at a time.
    const STEP: usize = 4096;

    fn push(&mut self, hash: Digest) {
        self.pending.push(hash);
        if self.pending.len() == Self::STEP {
            self.grow();
        }
    }

    fn grow(&mut self) {
        let growth = merkle::grow(&self.tree, self.size, &self.pending)
            .expect("the tree holds every chunk and node growing on reads");
        self.size += self.pending.len() as u64;
        self.pending.clear();
        self.nodes.extend_from_slice(&growth.nodes);
        self.tree.absorb(growth);
        let unfinished = self.size / merkle::CHUNK;
        self.tree.chunks.retain(|&chunk, _| chunk == unfinished);
    }

    /// Every node, and the root.
    fn finish(mut self) -> (Vec<(u8, u64, Digest)>, Digest) {
        self.grow();
        let root = merkle::StoredTree::new(&self.tree)
            .subtree(0, self.size)
            .expect("the root of a grown tree needs its nodes and its last chunk's leaves");
        (self.nodes, root)
    }
}

/// Compares the Merkle nodes regrown from the entries with the store's, and returns the root.
fn check_merkle(
    store: &Stored<'_>,
    tree: Regrown,
    problems: &mut Vec<Problem>,
) -> Result<Digest, LedgerError> {
    let (mut expected_nodes, root) = tree.finish();
    let mut stored_nodes = store.merkle_nodes()?;
    stored_nodes.sort();
    expected_nodes.sort();
    if stored_nodes != expected_nodes {
        problems.push(Problem {
            entry: None,
            what: "the stored Merkle nodes differ from those the entries imply".into(),
        });
    }
    Ok(root)
}

/// Each treaty file must hold exactly its entries' frames: no more (bytes nothing points to) and
/// no less.
fn check_files(store: &Stored<'_>, frames: &Frames, problems: &mut Vec<Problem>) {
    let frames = frames.by_treaty();
    for (treaty, committed) in store.committed_lengths() {
        let used = frames.get(treaty.as_str()).copied().unwrap_or(0);
        if used != committed {
            problems.push(Problem {
                entry: None,
                what: format!(
                    "treaty {treaty}'s entry file holds {committed} committed bytes, and its entries' frames take {used}"
                ),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chain::prefix::Prefix;
    use crate::vocabulary::event::{Event, Retraction};
    use crate::vocabulary::samples::registration;

    /// Entries that `record` would refuse but that hash and link correctly (as a forged or
    /// hand-built store would hold them) are each reported, by number.
    #[test]
    fn entries_against_the_format_rules_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = Ledger::init(&dir.path().join("l")).unwrap();
        let now = Instant::parse("2026-01-15T12:00:00Z").unwrap();
        let first = Entry {
            version: FORMAT_VERSION,
            seq: 1,
            prev: Digest::ZERO,
            recorded_at: now,
            recorder: "tester".into(),
            fact: registration("ottawa"),
        }
        .seal();
        let retract = |seq: u64, prev: Digest, target_hash: Digest, cited: bool| {
            let mut fact = registration("ottawa");
            fact.event = Event::Retraction(Retraction {
                target: 1,
                target_hash,
                reason: "forged".into(),
            });
            if !cited {
                fact.citations.clear();
            }
            Entry {
                version: FORMAT_VERSION,
                seq,
                prev,
                recorded_at: now,
                recorder: "tester".into(),
                fact,
            }
            .seal()
        };
        let wrong_hash = retract(2, first.hash, Digest([9; 32]), true);
        let uncited = retract(3, wrong_hash.hash, first.hash, false);
        let entries = [first, wrong_hash, uncited];
        ledger.append_sealed(Prefix::EMPTY, &entries).unwrap();
        let report = verify(&ledger).unwrap();
        let problem = |seq: u64| {
            report
                .problems
                .iter()
                .find(|p| p.entry == Some(seq))
                .map(|p| p.what.clone())
                .unwrap_or_default()
        };
        assert!(problem(2).contains("entry 1 has hash"), "{report:?}");
        assert!(problem(3).contains("at least one citation"), "{report:?}");
        assert_eq!(problem(1), "", "{report:?}");
    }
}
