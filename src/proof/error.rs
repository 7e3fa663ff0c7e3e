//! Why a proof does not hold, as values a caller can tell apart.

/// Why a bundle, or a checkpoint in it, is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    /// A checkpoint's text does not parse.
    #[error(transparent)]
    Checkpoint(#[from] CheckpointError),
    /// A checkpoint is not signed by the key the verifier requires.
    #[error("the checkpoint of size {size} is not signed by the key {key}")]
    NotSigned {
        /// The checkpoint's size.
        size: u64,
        /// The key's name.
        key: String,
    },
    /// An entry's bytes or audit path do not hold against the checkpoint.
    #[error("entry {entry}: {problem}")]
    Entry {
        /// The entry number the bundle gives.
        entry: u64,
        /// What is wrong with it.
        problem: String,
    },
    /// Two checkpoints are not one ledger, the later extending the earlier.
    #[error("{0}")]
    Inconsistent(String),
    /// An answer does not follow from the entries given, or they are not the treaty's.
    #[error("{0}")]
    Answer(String),
}

/// Why a text is not a checkpoint or a key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct CheckpointError(pub String);
