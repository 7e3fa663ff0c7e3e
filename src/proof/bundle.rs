//! Proof bundles: self-contained JSON files that a third party checks offline.
//!
//! An inclusion bundle carries a checkpoint, one entry's canonical bytes and its audit path; a
//! consistency bundle carries two checkpoints and the proof that the newer tree extends the
//! older; an answer bundle carries an answer and everything it rests on. [`verify`] needs
//! nothing else (no ledger), and optionally a key the verifier trusts.

use crate::chain::entry::Entry;
use crate::proof::answer::{self, AnswerProof, Question};
use crate::proof::checkpoint::Checkpoint;
use crate::proof::consistency::{self, ConsistencyProof};
use crate::proof::error::ProofError;
use crate::proof::inclusion::{self, InclusionProof};
use crate::proof::keys::PublicKey;
use crate::vocabulary::digest::Digest;
use serde::{Deserialize, Serialize};

/// Any proof bundle, tagged by its `kind`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Bundle {
    /// One entry is in a checkpoint's ledger.
    Inclusion(InclusionProof),
    /// One checkpoint's ledger extends another's.
    Consistency(ConsistencyProof),
    /// An answer follows from exactly a treaty's entries.
    Answer(Box<AnswerProof>),
}

/// What a valid bundle establishes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verified {
    /// The entry, its hash and the checkpoint it is in.
    Inclusion {
        /// The entry.
        entry: Box<Entry>,
        /// Its hash.
        hash: Digest,
        /// The checkpoint.
        checkpoint: Checkpoint,
    },
    /// The two checkpoints, the new extending the old.
    Consistency {
        /// The earlier checkpoint.
        old: Checkpoint,
        /// The later one.
        new: Checkpoint,
    },
    /// The question answered and the checkpoint the answer rests on.
    Answer {
        /// The checkpoint.
        checkpoint: Checkpoint,
        /// The question.
        question: Question,
    },
}

/// Checks a bundle; `key`, when given, must have signed every checkpoint in it.
pub fn verify(bundle: &Bundle, key: Option<&PublicKey>) -> Result<Verified, ProofError> {
    match bundle {
        Bundle::Inclusion(p) => {
            let (entry, hash, checkpoint) = inclusion::verify(p, key)?;
            Ok(Verified::Inclusion {
                entry: Box::new(entry),
                hash,
                checkpoint,
            })
        }
        Bundle::Consistency(p) => {
            let (old, new) = consistency::verify(p, key)?;
            Ok(Verified::Consistency { old, new })
        }
        Bundle::Answer(p) => answer::verify(p, key).map(|checkpoint| Verified::Answer {
            checkpoint,
            question: p.question.clone(),
        }),
    }
}
