//! Reading a publication and checking every file it serves against its signed checkpoint: the
//! checkpoint's signatures, every entry against its leaf and the chain, every hash tile against
//! the tree, every cited source against its digest. A reader who already holds a prefix of the
//! log passes its leaves and fetches only the files added since.

use crate::archive::restore::Document;
use crate::chain::merkle;
use crate::chain::seal::Sealed;
use crate::proof::checkpoint::Checkpoint;
use crate::publish::bundle;
use crate::publish::cosign::Policy;
use crate::publish::error::PublishError;
use crate::publish::fetch::Source;
use crate::publish::layout::{self, CHECKPOINT, WIDTH};
use crate::publish::tiles::Levels;
use crate::vocabulary::digest::Digest;
use crate::vocabulary::source;
use std::collections::BTreeSet;

/// The most a checkpoint may weigh: a body and a few hundred signature lines.
const CHECKPOINT_CAP: u64 = 64 << 10;
/// The most a source's description may weigh.
const DESCRIPTION_CAP: u64 = 64 << 10;
/// The most a full entry bundle may weigh.
const BUNDLE_CAP: u64 = WIDTH * (2 + bundle::MAX_ENTRY as u64);

/// The prefix of the log a reader already holds and trusts.
#[derive(Debug, Default)]
pub struct Known {
    /// The leaf hashes of entries 1..=N.
    pub leaves: Vec<Digest>,
    /// The hash of entry N (zero when N is 0).
    pub head: Digest,
    /// The sources the reader already holds.
    pub sources: BTreeSet<Digest>,
}

/// What a publication adds to what the reader knew, every part checked.
#[derive(Debug)]
pub struct Publication {
    /// The checkpoint, its signatures checked against the policy.
    pub checkpoint: Checkpoint,
    /// The entries after the known prefix, in order.
    pub entries: Vec<Sealed>,
    /// The sources those entries cite that the reader did not hold, each re-hashed.
    pub documents: Vec<Document>,
    /// The files fetched, in order.
    pub fetched: Vec<String>,
}

/// Why the files do not add up, kept apart from other failures so that a mirror can tell a
/// publication that rewrote what it knew from one that is merely damaged.
#[derive(Debug)]
pub enum Mismatch {
    /// The publication's entry `seq` differs from the one the reader holds.
    Rewritten {
        /// The entry.
        seq: u64,
        /// The file it came in.
        file: String,
    },
    /// Any other failure.
    Failed(PublishError),
}

impl From<PublishError> for Mismatch {
    fn from(e: PublishError) -> Self {
        Mismatch::Failed(e)
    }
}

/// Fetches the checkpoint and checks it against the policy.
pub fn checkpoint(source: &Source, policy: &Policy) -> Result<(Checkpoint, String), PublishError> {
    let bytes = source.get(CHECKPOINT, CHECKPOINT_CAP)?;
    let text = String::from_utf8(bytes)
        .map_err(|_| PublishError::damaged(CHECKPOINT, "not UTF-8 text"))?;
    let c = Checkpoint::parse(&text).map_err(|e| PublishError::damaged(CHECKPOINT, e.0))?;
    policy.check(&c).map_err(PublishError::Unsigned)?;
    Ok((c, text))
}

/// Reads and checks what `checkpoint` adds to the known prefix.
pub fn read(
    source: &Source,
    checkpoint: Checkpoint,
    known: &Known,
) -> Result<Publication, Mismatch> {
    let old = known.leaves.len() as u64;
    let mut fetched = Vec::new();
    let mut leaves = known.leaves.clone();
    let mut entries: Vec<Sealed> = Vec::new();
    let new_tiles = layout::new_tiles(old, checkpoint.size);
    for tile in new_tiles.iter().filter(|t| t.level == 0) {
        let file = tile.entries_path();
        let bytes = source.get(&file, BUNDLE_CAP)?;
        fetched.push(file.clone());
        let parts = bundle::decode(&bytes).map_err(|e| PublishError::damaged(&file, e))?;
        if parts.len() as u64 != tile.width {
            return Err(PublishError::damaged(
                &file,
                format!(
                    "holds {} entries where its name says {}",
                    parts.len(),
                    tile.width
                ),
            )
            .into());
        }
        for (seq, part) in tile.entries().zip(parts) {
            let sealed = Sealed::from_bytes(part.to_vec()).map_err(|e| {
                PublishError::damaged(&file, format!("entry {seq} is not an entry: {e}"))
            })?;
            if seq <= old {
                if merkle::leaf_hash(&sealed.hash) != known.leaves[(seq - 1) as usize] {
                    return Err(Mismatch::Rewritten { seq, file });
                }
                continue;
            }
            let prev = entries.last().map_or(known.head, |s| s.hash);
            check_link(&file, seq, &sealed, prev)?;
            if entries
                .last()
                .is_some_and(|p| sealed.entry.recorded_at < p.entry.recorded_at)
            {
                return Err(PublishError::damaged(
                    &file,
                    format!("entry {seq} was recorded before the entry preceding it"),
                )
                .into());
            }
            leaves.push(merkle::leaf_hash(&sealed.hash));
            entries.push(sealed);
        }
    }
    let levels = Levels::new(leaves);
    if levels.leaves().len() as u64 != checkpoint.size
        || levels.root(checkpoint.size) != checkpoint.root
    {
        return Err(PublishError::damaged(
            "tile/entries",
            "the entries do not hash to the checkpoint's Merkle root",
        )
        .into());
    }
    let head = entries.last().map_or(known.head, |s| s.hash);
    if head != checkpoint.head {
        return Err(PublishError::damaged(
            CHECKPOINT,
            format!("the last entry hashes to {head}, not to the checkpoint's head"),
        )
        .into());
    }
    for tile in &new_tiles {
        let file = tile.hash_path();
        let expected = levels
            .tile_bytes(tile)
            .expect("the tree holds its own tiles");
        let served = source.get(&file, expected.len() as u64)?;
        fetched.push(file.clone());
        if served != expected {
            let what = if served.len() < expected.len() {
                format!("cut short: {} bytes of {}", served.len(), expected.len())
            } else {
                "its hashes differ from the tree the entries and the checkpoint make".to_string()
            };
            return Err(PublishError::damaged(&file, what).into());
        }
    }
    let documents = documents(source, &entries, known, &mut fetched)?;
    Ok(Publication {
        checkpoint,
        entries,
        documents,
        fetched,
    })
}

/// Checks that an entry continues the chain: its number and its link to the entry before.
fn check_link(file: &str, seq: u64, sealed: &Sealed, prev: Digest) -> Result<(), PublishError> {
    if sealed.entry.seq != seq {
        return Err(PublishError::damaged(
            file,
            format!("holds entry {} where entry {seq} belongs", sealed.entry.seq),
        ));
    }
    if sealed.entry.prev != prev {
        return Err(PublishError::damaged(
            file,
            format!("entry {seq} does not link to the entry before it"),
        ));
    }
    Ok(())
}

/// Fetches every source the new entries cite that the reader does not hold, re-hashing each.
fn documents(
    source: &Source,
    entries: &[Sealed],
    known: &Known,
    fetched: &mut Vec<String>,
) -> Result<Vec<Document>, PublishError> {
    let cited: BTreeSet<Digest> = entries
        .iter()
        .flat_map(|s| s.entry.fact.citations.iter().filter_map(|c| c.source))
        .filter(|d| !known.sources.contains(d))
        .collect();
    let mut out = Vec::new();
    for digest in cited {
        let file = layout::source_path(&digest);
        let bytes = source.get(&file, source::MAX_BYTES as u64)?;
        fetched.push(file.clone());
        let actual = source::digest(&bytes);
        if actual != digest {
            return Err(PublishError::damaged(
                &file,
                format!("hashes to {actual}: the document was altered"),
            ));
        }
        let file = layout::description_path(&digest);
        let json = source.get(&file, DESCRIPTION_CAP)?;
        fetched.push(file.clone());
        let description = serde_json::from_slice(&json)
            .map_err(|e| PublishError::damaged(&file, format!("not a source description: {e}")))?;
        out.push(Document {
            digest,
            bytes,
            description,
        });
    }
    Ok(out)
}
