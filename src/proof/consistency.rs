//! Consistency proofs: two checkpoints of one ledger, and the proof that the later tree extends
//! the earlier without rewriting it (RFC 9162, section 2.1.4).

use crate::chain::merkle;
use crate::proof::checkpoint::Checkpoint;
use crate::proof::error::ProofError;
use crate::proof::keys::PublicKey;
use crate::vocabulary::digest::Digest;
use crate::vocabulary::plural::count;
use serde::{Deserialize, Serialize};

/// A bundle proving that one checkpoint's ledger extends another's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsistencyProof {
    /// The earlier checkpoint's text, verbatim.
    pub old: String,
    /// The later checkpoint's text, verbatim: the same ledger, at least as many entries.
    pub new: String,
    /// RFC 9162's consistency proof between the two trees, hex; empty when the sizes are equal.
    pub proof: Vec<Digest>,
}

/// Checks a consistency bundle; returns the old and the new checkpoint.
pub fn verify(
    p: &ConsistencyProof,
    key: Option<&PublicKey>,
) -> Result<(Checkpoint, Checkpoint), ProofError> {
    let (old, new) = (
        Checkpoint::parse_signed(&p.old, key)?,
        Checkpoint::parse_signed(&p.new, key)?,
    );
    if old.origin != new.origin {
        return Err(ProofError::Inconsistent(format!(
            "the checkpoints are of different ledgers ({} and {})",
            old.origin, new.origin
        )));
    }
    if old.size > new.size {
        return Err(ProofError::Inconsistent(format!(
            "the old checkpoint ({}) is larger than the new ({})",
            count(old.size, "entry", "entries"),
            new.size
        )));
    }
    if old.size == new.size && old.head != new.head {
        return Err(ProofError::Inconsistent(
            "the checkpoints have the same size but different heads".into(),
        ));
    }
    if !merkle::verify_consistency(old.size, new.size, &old.root, &new.root, &p.proof) {
        return Err(ProofError::Inconsistent(format!(
            "the proof does not show that the ledger of {} extends the one of {} without rewriting it",
            count(new.size, "entry", "entries"),
            old.size
        )));
    }
    Ok((old, new))
}
