//! Inclusion proofs: one entry's canonical bytes and its audit path up to a checkpoint's root.

use crate::chain::codec;
use crate::chain::entry::Entry;
use crate::chain::merkle;
use crate::chain::seal::hash_bytes;
use crate::proof::checkpoint::Checkpoint;
use crate::proof::error::ProofError;
use crate::proof::keys::PublicKey;
use crate::vocabulary::digest::Digest;
use crate::vocabulary::plural::count;
use base64::Engine;
use serde::{Deserialize, Serialize};

/// A bundle proving that one entry is in a checkpoint's ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InclusionProof {
    /// The checkpoint text, verbatim.
    pub checkpoint: String,
    /// The entry's number (its leaf index plus one).
    pub entry: u64,
    /// The entry's canonical bytes, standard base64.
    pub bytes: String,
    /// Sibling hashes from the leaf up, hex.
    pub path: Vec<Digest>,
}

/// Checks an inclusion bundle; returns the entry, its hash and the checkpoint.
pub fn verify(
    p: &InclusionProof,
    key: Option<&PublicKey>,
) -> Result<(Entry, Digest, Checkpoint), ProofError> {
    let c = Checkpoint::parse_signed(&p.checkpoint, key)?;
    let (entry, hash) = check_entry(&c, p.entry, &p.bytes, &p.path)?;
    Ok((entry, hash, c))
}

/// Checks that `bytes` (standard base64) are entry `number` of the checkpoint's ledger, by its
/// audit path; returns the decoded entry and its hash.
pub fn check_entry(
    c: &Checkpoint,
    number: u64,
    bytes: &str,
    path: &[Digest],
) -> Result<(Entry, Digest), ProofError> {
    let (entry, hash) = check_bytes(c, number, bytes)?;
    if !merkle::verify_inclusion(number - 1, c.size, &merkle::leaf_hash(&hash), path, &c.root) {
        return Err(ProofError::Entry {
            entry: number,
            problem: "its audit path does not lead to the checkpoint's Merkle root".into(),
        });
    }
    Ok((entry, hash))
}

/// Checks that `bytes` (standard base64) decode strictly as entry `number`, one of the
/// checkpoint's, and agree with its head and origin where it is the last or the first; returns
/// the decoded entry and its hash.
pub fn check_bytes(
    c: &Checkpoint,
    number: u64,
    bytes: &str,
) -> Result<(Entry, Digest), ProofError> {
    let bad = |problem: String| ProofError::Entry {
        entry: number,
        problem,
    };
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(bytes)
        .map_err(|_| bad("the bytes are not base64".into()))?;
    let hash = hash_bytes(&bytes);
    let entry = codec::decode_canonical(&bytes)
        .map_err(|e| bad(format!("the bytes are not an entry: {e}")))?;
    if entry.seq != number {
        return Err(bad(format!("the bytes given are entry {}", entry.seq)));
    }
    if number == 0 || number > c.size {
        return Err(bad(format!(
            "it is not among the checkpoint's {}",
            count(c.size, "entry", "entries")
        )));
    }
    if number == c.size && hash != c.head {
        return Err(bad(
            "it is the checkpoint's last, but its hash is not the checkpoint's head".into(),
        ));
    }
    if number == 1 && c.origin != Checkpoint::origin_for(&hash) {
        return Err(bad(
            "it is not the first entry of the ledger the checkpoint names".into(),
        ));
    }
    Ok((entry, hash))
}
