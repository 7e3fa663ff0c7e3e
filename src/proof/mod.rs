//! Proof bundles: self-contained JSON files that a third party checks offline.
//!
//! An inclusion bundle carries a checkpoint, one entry's canonical bytes and its audit path; a
//! consistency bundle carries two checkpoints and the proof that the newer tree extends the
//! older; an answer bundle carries an answer and everything it rests on (see [`crate::proof::answer`]).
//! [`verify`] needs nothing else (no ledger), and optionally a key the verifier trusts.

pub mod answer;
pub mod checkpoint;

use crate::chain::entry::{Entry, hash_bytes};
use crate::chain::merkle;
use crate::proof::checkpoint::{Checkpoint, PublicKey};
use crate::vocabulary::digest::Digest;
use base64::Engine;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Bundle {
    Inclusion(InclusionProof),
    Consistency(ConsistencyProof),
    Answer(Box<crate::proof::answer::AnswerProof>),
}

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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsistencyProof {
    pub old: String,
    pub new: String,
    pub proof: Vec<Digest>,
}

/// What a valid bundle establishes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verified {
    Inclusion {
        entry: Box<Entry>,
        hash: Digest,
        checkpoint: Checkpoint,
    },
    Consistency {
        old: Checkpoint,
        new: Checkpoint,
    },
    Answer {
        checkpoint: Checkpoint,
        question: crate::proof::answer::Question,
    },
}

fn checkpoint(text: &str, key: Option<&PublicKey>) -> Result<Checkpoint, String> {
    let c = Checkpoint::parse(text).map_err(|e| e.to_string())?;
    if let Some(key) = key
        && !c.signed_by(key)
    {
        return Err(format!(
            "the checkpoint of size {} is not signed by the key {}",
            c.size, key.name
        ));
    }
    Ok(c)
}

/// Checks a bundle; `key`, when given, must have signed every checkpoint in it.
pub fn verify(bundle: &Bundle, key: Option<&PublicKey>) -> Result<Verified, String> {
    match bundle {
        Bundle::Inclusion(p) => verify_inclusion(p, key),
        Bundle::Consistency(p) => verify_consistency(p, key),
        Bundle::Answer(p) => {
            crate::proof::answer::verify(p, key).map(|checkpoint| Verified::Answer {
                checkpoint,
                question: p.question.clone(),
            })
        }
    }
}

fn verify_inclusion(p: &InclusionProof, key: Option<&PublicKey>) -> Result<Verified, String> {
    let c = checkpoint(&p.checkpoint, key)?;
    let (entry, hash) = check_entry(&c, p.entry, &p.bytes, &p.path)?;
    Ok(Verified::Inclusion {
        entry: Box::new(entry),
        hash,
        checkpoint: c,
    })
}

/// Checks that `bytes` (standard base64) are entry `number` of the checkpoint's ledger, by its
/// audit path; returns the decoded entry and its hash.
pub fn check_entry(
    c: &Checkpoint,
    number: u64,
    bytes: &str,
    path: &[Digest],
) -> Result<(Entry, Digest), String> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(bytes)
        .map_err(|_| format!("entry {number}: the bytes are not base64"))?;
    let hash = hash_bytes(&bytes);
    let entry = crate::chain::codec::decode_canonical(&bytes)
        .map_err(|e| format!("entry {number}: the bytes are not an entry: {e}"))?;
    if entry.seq != number {
        return Err(format!(
            "the bytes given as entry {number} are entry {}",
            entry.seq
        ));
    }
    if number == 0 || number > c.size {
        return Err(format!(
            "entry {number} is not among the checkpoint's {} entries",
            c.size
        ));
    }
    if number == c.size && hash != c.head {
        return Err(format!(
            "entry {number} is the checkpoint's last, but its hash is not the checkpoint's head"
        ));
    }
    if number == 1 && c.origin != Checkpoint::origin_for(&hash) {
        return Err("entry 1 is not the first entry of the ledger the checkpoint names".into());
    }
    if !merkle::verify_inclusion(number - 1, c.size, &merkle::leaf_hash(&hash), path, &c.root) {
        return Err(format!(
            "entry {number}: its audit path does not lead to the checkpoint's Merkle root"
        ));
    }
    Ok((entry, hash))
}

fn verify_consistency(p: &ConsistencyProof, key: Option<&PublicKey>) -> Result<Verified, String> {
    let (old, new) = (checkpoint(&p.old, key)?, checkpoint(&p.new, key)?);
    if old.origin != new.origin {
        return Err(format!(
            "the checkpoints are of different ledgers ({} and {})",
            old.origin, new.origin
        ));
    }
    if old.size > new.size {
        return Err(format!(
            "the old checkpoint ({} entries) is larger than the new ({})",
            old.size, new.size
        ));
    }
    if old.size == new.size && old.head != new.head {
        return Err("the checkpoints have the same size but different heads".into());
    }
    if !merkle::verify_consistency(old.size, new.size, &old.root, &new.root, &p.proof) {
        return Err(format!(
            "the proof does not show that the ledger of {} entries extends the one of {} without rewriting it",
            new.size, old.size
        ));
    }
    Ok(Verified::Consistency { old, new })
}
