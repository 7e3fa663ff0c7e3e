//! Bringing a ledger up to a publication's checkpoint: only the bundles and tiles its size was
//! not served as are fetched; each new entry is decoded, linked to the one before and placed
//! under its treaty's rules; the tree of the ledger's stored entries and the new ones must have
//! the checkpoint's root and head, a consistency proof from the checkpoint seen before must pass,
//! and every new hash tile must equal the tree's; every source the publication lists or the new
//! entries cite that the ledger lacks must hash to its name. Nothing of the ledger is read whole.

use crate::chain::merkle::{self, Tree};
use crate::chain::seal::Sealed;
use crate::ledger::Ledger;
use crate::proof::checkpoint::Checkpoint;
use crate::publish::error::PublishError;
use crate::publish::fetch::Source;
use crate::publish::layout::{self, CHECKPOINT};
use crate::publish::read;
use crate::publish::rules::Rules;
use crate::publish::tiles::Extended;
use crate::vocabulary::calendar::Instant;
use crate::vocabulary::digest::Digest;
use std::collections::BTreeSet;

/// How the new entries reach the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A ledger being built, thrown away on failure: entries are appended as they arrive, a
    /// batch at a time, so memory stays bounded however long the publication.
    Building,
    /// A live ledger: the new entries are appended in one atomic append once every check has
    /// passed, so a refused publication leaves it as it was.
    Updating,
}

/// Entries appended at a time while building.
const BATCH: usize = 50_000;

/// Why a pull stopped.
#[derive(Debug)]
pub enum Mismatch {
    /// The publication does not extend what the ledger holds: it rewrote an entry, or its tree
    /// does not begin with the ledger's.
    Forked(String),
    /// Any other failure.
    Failed(PublishError),
}

impl<E: Into<PublishError>> From<E> for Mismatch {
    fn from(e: E) -> Self {
        Mismatch::Failed(e.into())
    }
}

/// What a pull did.
#[derive(Debug, Default)]
pub struct Pulled {
    /// The files fetched, in order (the checkpoint, fetched before, not among them).
    pub fetched: Vec<String>,
    /// The sources checked and archived.
    pub sources: usize,
}

/// The entries checked but not yet appended, with their leaf hashes.
#[derive(Default)]
struct Pending {
    entries: Vec<Sealed>,
    leaves: Vec<Digest>,
}

/// Brings `ledger` up to `checkpoint` (already checked against its policy) from `source`; `seen`
/// is the checkpoint this ledger last accepted, which the new one must extend.
pub fn pull(
    source: &Source,
    checkpoint: &Checkpoint,
    ledger: &Ledger,
    seen: Option<&Checkpoint>,
    mode: Mode,
) -> Result<Pulled, Mismatch> {
    let start = ledger.head()?;
    let mut appended = start;
    let mut out = Pulled::default();
    let mut rules = Rules::new(ledger, start.entries);
    let mut pending = Pending::default();
    let mut last_time = match start.entries {
        0 => None,
        n => Some(ledger.entry(n)?.entry.recorded_at),
    };
    let new_tiles = layout::new_tiles(start.entries, checkpoint.size);
    for tile in new_tiles.iter().filter(|t| t.level == 0) {
        let file = tile.entries_path();
        let mut tile_leaves = Vec::with_capacity(tile.width as usize);
        for (seq, sealed) in tile
            .entries()
            .zip(read::bundle(source, tile, &mut out.fetched)?)
        {
            tile_leaves.extend(merkle::leaf_hash(&sealed.hash).0);
            if seq <= start.entries {
                if ledger.entry(seq)?.hash != sealed.hash {
                    return Err(Mismatch::Forked(format!(
                        "{file} holds another entry {seq} than this ledger has"
                    )));
                }
                continue;
            }
            let prev = pending.entries.last().map_or(appended.head, |s| s.hash);
            read::check_link(&file, seq, &sealed, prev)?;
            check_time(&file, seq, &sealed, &mut last_time)?;
            rules.place(&file, &sealed)?;
            pending.leaves.push(merkle::leaf_hash(&sealed.hash));
            pending.entries.push(sealed);
        }
        read::hash_tile(source, tile, &tile_leaves, &mut out.fetched)?;
        if mode == Mode::Building && pending.entries.len() >= BATCH {
            appended = ledger.append_sealed(appended, &pending.entries)?;
            pending = Pending::default();
        }
    }
    let head = pending.entries.last().map_or(appended.head, |s| s.hash);
    let mut tree = Extended::new(ledger, appended.entries, &pending.leaves);
    check_tree(&mut tree, checkpoint, head, seen)?;
    for tile in new_tiles.iter().filter(|t| t.level > 0) {
        let expected = tree.tile_bytes(tile)?;
        read::hash_tile(source, tile, &expected, &mut out.fetched)?;
    }
    let cited = rules.finish(|seq| layout::bundle_of(seq, checkpoint.size))?;
    let wanted = wanted_sources(source, ledger, cited, &mut out.fetched)?;
    // Every source is checked before any is kept; a live ledger then fetches each again to
    // keep it, so that no more than one document is held at a time.
    out.sources = archive(
        source,
        ledger,
        &wanted,
        mode == Mode::Building,
        &mut out.fetched,
    )?;
    if mode == Mode::Updating {
        archive(source, ledger, &wanted, true, &mut Vec::new())?;
    }
    if !pending.entries.is_empty() {
        ledger.append_sealed(appended, &pending.entries)?;
    }
    Ok(out)
}

/// Refuses an entry recorded before the one preceding it.
fn check_time(
    file: &str,
    seq: u64,
    sealed: &Sealed,
    last: &mut Option<Instant>,
) -> Result<(), PublishError> {
    if last.is_some_and(|t| sealed.entry.recorded_at < t) {
        return Err(PublishError::damaged(
            file,
            format!("entry {seq} was recorded before the entry preceding it"),
        ));
    }
    *last = Some(sealed.entry.recorded_at);
    Ok(())
}

/// Checks the tree of the held and new entries, and the last entry's hash, against the
/// checkpoint: its size, root and head; and a consistency proof from the checkpoint seen before.
fn check_tree(
    tree: &mut Extended<'_>,
    checkpoint: &Checkpoint,
    head: Digest,
    seen: Option<&Checkpoint>,
) -> Result<(), Mismatch> {
    let size = checkpoint.size;
    // With entries held, a mismatch may be a damaged file or a history that does not begin
    // with theirs; the caller tells them apart.
    if tree.size() != size || tree.subtree(0, size)? != checkpoint.root {
        return Err(PublishError::damaged(
            "tile/entries",
            "the entries do not hash to the checkpoint's Merkle root",
        )
        .into());
    }
    if head != checkpoint.head {
        return Err(PublishError::damaged(
            CHECKPOINT,
            format!("the last entry hashes to {head}, not to the checkpoint's head"),
        )
        .into());
    }
    if let Some(seen) = seen.filter(|s| 0 < s.size && s.size < size) {
        let proof = merkle::consistency_proof(tree, seen.size, size)?;
        if !merkle::verify_consistency(seen.size, size, &seen.root, &checkpoint.root, &proof) {
            return Err(Mismatch::Forked(format!(
                "no consistency proof leads from the root of size {} seen before to this one",
                seen.size
            )));
        }
    }
    Ok(())
}

/// The sources to fetch: every one the publication lists or the new entries cite, less those
/// the ledger holds.
fn wanted_sources(
    source: &Source,
    ledger: &Ledger,
    cited: BTreeSet<Digest>,
    fetched: &mut Vec<String>,
) -> Result<Vec<Digest>, PublishError> {
    let mut all = cited;
    all.extend(read::source_list(source, fetched)?);
    let mut out = Vec::new();
    for digest in all {
        if ledger.source_description(&digest)?.is_none() {
            out.push(digest);
        }
    }
    Ok(out)
}

/// Fetches and checks each source, keeping it in the ledger when `keep`; returns how many.
fn archive(
    source: &Source,
    ledger: &Ledger,
    wanted: &[Digest],
    keep: bool,
    fetched: &mut Vec<String>,
) -> Result<usize, PublishError> {
    for digest in wanted {
        let document = read::document(source, *digest, fetched)?;
        if keep {
            ledger.put_source(&document.digest, &document.bytes, &document.description)?;
        }
    }
    Ok(wanted.len())
}
