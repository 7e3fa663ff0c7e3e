//! Reading a publication's files and checking each on its own terms: the checkpoint's
//! signatures against a policy, an entry bundle's framing and entries, a hash tile against the
//! hashes it must hold, an archived source against its digest, and the list of sources.
//! Bringing a ledger up to a checkpoint from these files is `pull`'s work.

use crate::archive::restore::Document;
use crate::chain::seal::Sealed;
use crate::proof::checkpoint::Checkpoint;
use crate::publish::bundle;
use crate::publish::cosign::Policy;
use crate::publish::error::PublishError;
use crate::publish::fetch::Source;
use crate::publish::layout::{self, CHECKPOINT, SOURCE_LIST, Tile, WIDTH};
use crate::vocabulary::digest::Digest;
use crate::vocabulary::source;

/// The most a checkpoint may weigh: a body and a few hundred signature lines.
const CHECKPOINT_CAP: u64 = 64 << 10;
/// The most a source's description may weigh.
const DESCRIPTION_CAP: u64 = 64 << 10;
/// The most a full entry bundle may weigh.
pub const BUNDLE_CAP: u64 = WIDTH * (2 + bundle::MAX_ENTRY as u64);
/// The most the list of sources may weigh: a million digests.
const LIST_CAP: u64 = 65 << 20;

/// Fetches the checkpoint and checks it against the policy.
pub fn checkpoint(source: &Source, policy: &Policy) -> Result<(Checkpoint, String), PublishError> {
    let bytes = source.get(CHECKPOINT, CHECKPOINT_CAP)?;
    let text = String::from_utf8(bytes)
        .map_err(|_| PublishError::damaged(CHECKPOINT, "not UTF-8 text"))?;
    let c = Checkpoint::parse(&text).map_err(|e| PublishError::damaged(CHECKPOINT, e.0))?;
    policy.check(&c).map_err(PublishError::Unsigned)?;
    Ok((c, text))
}

/// Checks that an entry continues the chain: its number and its link to the entry before.
pub fn check_link(file: &str, seq: u64, sealed: &Sealed, prev: Digest) -> Result<(), PublishError> {
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

/// Fetches one entry bundle and decodes its entries, each re-hashed; `fetched` records it.
pub fn bundle(
    source: &Source,
    tile: &Tile,
    fetched: &mut Vec<String>,
) -> Result<Vec<Sealed>, PublishError> {
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
        ));
    }
    tile.entries()
        .zip(parts)
        .map(|(seq, part)| {
            Sealed::from_bytes(part.to_vec()).map_err(|e| {
                PublishError::damaged(&file, format!("entry {seq} is not an entry: {e}"))
            })
        })
        .collect()
}

/// Fetches a hash tile and checks that it holds exactly `expected`.
pub fn hash_tile(
    source: &Source,
    tile: &Tile,
    expected: &[u8],
    fetched: &mut Vec<String>,
) -> Result<(), PublishError> {
    let file = tile.hash_path();
    let served = source.get(&file, expected.len() as u64)?;
    fetched.push(file.clone());
    if served == expected {
        return Ok(());
    }
    let what = if served.len() < expected.len() {
        format!("cut short: {} bytes of {}", served.len(), expected.len())
    } else {
        "its hashes differ from the tree the entries and the checkpoint make".to_string()
    };
    Err(PublishError::damaged(&file, what))
}

/// Fetches the list of every archived source the publication serves: digests in hex, one a
/// line, in rising order.
pub fn source_list(
    source: &Source,
    fetched: &mut Vec<String>,
) -> Result<Vec<Digest>, PublishError> {
    let bytes = source.get(SOURCE_LIST, LIST_CAP)?;
    fetched.push(SOURCE_LIST.to_string());
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| PublishError::damaged(SOURCE_LIST, "not UTF-8 text"))?;
    let mut out: Vec<Digest> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let digest = Digest::parse_hex(line).ok_or_else(|| {
            PublishError::damaged(SOURCE_LIST, format!("line {} is not a digest", i + 1))
        })?;
        if out.last().is_some_and(|last| *last >= digest) {
            return Err(PublishError::damaged(
                SOURCE_LIST,
                format!("line {} is out of order or repeated", i + 1),
            ));
        }
        out.push(digest);
    }
    Ok(out)
}

/// Fetches an archived source and its description; the bytes must hash to the digest.
pub fn document(
    source: &Source,
    digest: Digest,
    fetched: &mut Vec<String>,
) -> Result<Document, PublishError> {
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
    Ok(Document {
        digest,
        bytes,
        description,
    })
}
