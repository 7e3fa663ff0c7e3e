//! Verification: recompute every hash and link, and check the head and indexes against them.
//!
//! Nothing stored is trusted: each entry is decoded strictly and re-hashed, each link checked
//! against the previous entry's recomputed hash, the head record against the last entry, and
//! every index row against the rows the entries imply. A single changed byte anywhere in an
//! entry changes its hash, which then matches neither the next entry's link (or the head) nor
//! the hash index; that pair of disagreements names the changed entry.

use crate::digest::Digest;
use crate::entry::FORMAT_VERSION;
use crate::ledger::{Ledger, LedgerError, Placement};
use crate::merkle;
use crate::store::IndexRow;
use serde::Serialize;

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

pub fn verify(ledger: &Ledger) -> Result<Report, LedgerError> {
    let store = ledger.store();
    let mut problems = Vec::new();
    let mut links = Vec::new();
    let mut expected_rows = Vec::new();
    let mut placement = Placement::default();
    let mut last_time = None;
    for item in store.entries() {
        let (seq, bytes) = item?;
        let hash = crate::entry::hash_bytes(&bytes);
        let entry = match crate::codec::decode_canonical(&bytes) {
            Ok(entry) => entry,
            Err(e) => {
                problems.push(Problem {
                    entry: Some(seq),
                    what: format!("does not decode: {e}"),
                });
                links.push(Link {
                    seq,
                    hash,
                    prev: None,
                });
                continue;
            }
        };
        if entry.seq != seq {
            problems.push(Problem {
                entry: Some(seq),
                what: format!(
                    "is stored as entry {seq} but says it is entry {}",
                    entry.seq
                ),
            });
        }
        if entry.version != FORMAT_VERSION {
            problems.push(Problem {
                entry: Some(seq),
                what: format!("has format version {}", entry.version),
            });
        }
        if last_time.is_some_and(|t| entry.recorded_at < t) {
            problems.push(Problem {
                entry: Some(seq),
                what: "was recorded before the entry preceding it".into(),
            });
        }
        last_time = Some(entry.recorded_at);
        let placed = placement.place(seq, &entry.fact.event);
        let treaty = placed.map(|(t, _)| placement.treaty(t).to_string());
        let state = placed
            .and_then(|(_, s)| s)
            .map(|s| placement.state(s).to_string());
        expected_rows.extend(rows_for(seq, hash, &treaty, &state));
        links.push(Link {
            seq,
            hash,
            prev: Some(entry.prev),
        });
    }
    let stored_rows = store.index_rows()?;
    check_sequence(&links, &mut problems);
    let head = store.head()?;
    check_links(&links, head, &stored_rows, &mut problems);
    check_indexes(expected_rows, stored_rows, &mut problems);
    let leaves: Vec<Digest> = links.iter().map(|l| merkle::leaf_hash(&l.hash)).collect();
    check_merkle(store, &leaves, &mut problems)?;
    check_sources(store, &mut problems)?;
    for key in store.stray_keys()? {
        problems.push(Problem {
            entry: None,
            what: format!("the store holds an unknown key {key:02x?}"),
        });
    }
    Ok(Report {
        entries: links.len() as u64,
        head: head.hash,
        merkle_root: merkle::mth(&leaves),
        problems,
    })
}

/// Re-hashes every archived document against the digest it is filed under.
fn check_sources(
    store: &crate::store::Store,
    problems: &mut Vec<Problem>,
) -> Result<(), LedgerError> {
    for item in store.sources() {
        let (digest, bytes) = item?;
        let actual = crate::source::digest(&bytes);
        if actual != digest {
            problems.push(Problem {
                entry: None,
                what: format!("the archived source filed as {digest} hashes to {actual}: the document was altered"),
            });
        }
    }
    Ok(())
}

/// Compares the stored Merkle chunks and nodes with those the entries imply.
fn check_merkle(
    store: &crate::store::Store,
    leaves: &[Digest],
    problems: &mut Vec<Problem>,
) -> Result<(), LedgerError> {
    let chunk = merkle::CHUNK as usize;
    let expected_chunks: Vec<(u64, Vec<u8>)> = leaves
        .chunks(chunk)
        .enumerate()
        .map(|(i, part)| (i as u64, part.iter().flat_map(|d| d.0).collect()))
        .collect();
    let mut level: Vec<Digest> = leaves.chunks_exact(chunk).map(merkle::mth).collect();
    let mut expected_nodes = Vec::new();
    let mut height = merkle::CHUNK_LEVEL;
    while !level.is_empty() {
        expected_nodes.extend(
            level
                .iter()
                .enumerate()
                .map(|(i, h)| (height, i as u64, *h)),
        );
        level = level
            .chunks_exact(2)
            .map(|pair| merkle::node_hash(&pair[0], &pair[1]))
            .collect();
        height += 1;
    }
    let stored_chunks = store.merkle_chunks().collect::<Result<Vec<_>, _>>()?;
    let mut stored_nodes = store.merkle_nodes()?;
    expected_nodes.sort();
    stored_nodes.sort();
    if stored_chunks != expected_chunks {
        let differs = stored_chunks
            .iter()
            .zip(&expected_chunks)
            .position(|(a, b)| a != b);
        let first = differs.unwrap_or(stored_chunks.len().min(expected_chunks.len())) as u64
            * merkle::CHUNK
            + 1;
        problems.push(Problem {
            entry: None,
            what: format!(
                "the stored Merkle leaves from entry {first} on differ from the entries' hashes"
            ),
        });
    }
    if stored_nodes != expected_nodes {
        problems.push(Problem {
            entry: None,
            what: "the stored Merkle nodes differ from those the entries imply".into(),
        });
    }
    Ok(())
}

fn rows_for(
    seq: u64,
    hash: Digest,
    treaty: &Option<String>,
    state: &Option<String>,
) -> Vec<IndexRow> {
    let mut rows = vec![IndexRow::Hash(hash, seq)];
    if let Some(t) = treaty {
        rows.push(IndexRow::State(
            t.clone(),
            state.clone().unwrap_or_default(),
            seq,
        ));
    }
    rows
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
    head: crate::store::Head,
    stored_rows: &[IndexRow],
    problems: &mut Vec<Problem>,
) {
    let indexed = |link: &Link| {
        stored_rows
            .binary_search(&IndexRow::Hash(link.hash, link.seq))
            .is_ok()
    };
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
            None => (Some(head.hash), "the head record".to_string()),
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
    if links.len() as u64 != head.count {
        problems.push(Problem {
            entry: None,
            what: format!(
                "the head record counts {} entries; the store holds {}",
                head.count,
                links.len()
            ),
        });
    }
}

fn check_indexes(mut expected: Vec<IndexRow>, stored: Vec<IndexRow>, problems: &mut Vec<Problem>) {
    expected.sort();
    let mut stored = stored;
    stored.sort();
    if expected == stored {
        return;
    }
    let missing: Vec<&IndexRow> = expected
        .iter()
        .filter(|r| stored.binary_search(r).is_err())
        .collect();
    let extra: Vec<&IndexRow> = stored
        .iter()
        .filter(|r| expected.binary_search(r).is_err())
        .collect();
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

fn describe(row: &IndexRow) -> (Option<u64>, String) {
    match row {
        IndexRow::Hash(h, seq) => (Some(*seq), format!("hash {} -> entry {seq}", h.short())),
        IndexRow::State(t, s, seq) => (Some(*seq), format!("treaty {t} state {s} -> entry {seq}")),
    }
}
