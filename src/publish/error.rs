//! What can go wrong publishing, reading, mirroring or witnessing a publication.

use crate::ledger::LedgerError;
use std::path::PathBuf;

/// Why a publication cannot be written, trusted or mirrored.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    /// A published file is missing, malformed or does not hold against the signed tree.
    #[error("{file}: {what}")]
    Damaged {
        /// The file, relative to the publication's root.
        file: String,
        /// What is wrong with it.
        what: String,
    },
    /// The checkpoint's signatures do not satisfy the policy.
    #[error("{0}")]
    Unsigned(String),
    /// The publication's new checkpoint does not extend the one seen before.
    #[error("{0}")]
    Fork(Box<Fork>),
    /// A witness refuses a checkpoint that is not consistent with the last one it cosigned.
    #[error("{0}")]
    Inconsistent(String),
    /// The target directory holds a publication this ledger does not continue.
    #[error("{0}")]
    Conflict(String),
    /// A file could not be fetched (network, timeout) or read.
    #[error("{file}: {what}")]
    Fetch {
        /// The file.
        file: String,
        /// What failed.
        what: String,
    },
    /// Another mirror or witness run holds the lock on this state.
    #[error("{} is held by another run, which has not finished", .0.display())]
    Busy(PathBuf),
    /// A local file could not be written or read.
    #[error("{}: {what}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// What failed.
        what: String,
    },
    /// The local ledger refused or failed.
    #[error(transparent)]
    Ledger(#[from] LedgerError),
}

/// Two checkpoints of one log that cannot both be honest: the evidence of a fork or a rollback.
#[derive(Debug)]
pub struct Fork {
    /// The checkpoint seen before, verbatim.
    pub old: String,
    /// The checkpoint the source serves now, verbatim.
    pub new: String,
    /// Why the new one does not extend the old.
    pub why: String,
    /// Where both were kept.
    pub evidence: PathBuf,
}

impl std::fmt::Display for Fork {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "fork: the source's checkpoint does not extend the one seen before: {}; both are kept in {}",
            self.why,
            self.evidence.display()
        )
    }
}

impl PublishError {
    /// A damaged-file error.
    pub fn damaged(file: &str, what: impl Into<String>) -> PublishError {
        PublishError::Damaged {
            file: file.to_string(),
            what: what.into(),
        }
    }

    /// A local I/O error at `path`.
    pub fn io(path: &std::path::Path, e: impl std::fmt::Display) -> PublishError {
        PublishError::Io {
            path: path.to_path_buf(),
            what: e.to_string(),
        }
    }
}
