//! The writer's lock: an exclusive lock on the `lock` file, held while a ledger is open for
//! writing. Readers never take it.

use super::{Result, StoreError};
use crate::lockfile;
use std::fs::File;
use std::path::Path;
use std::time::Duration;

const FILE_NAME: &str = "lock";

/// Where the lock file of the ledger in `dir` is.
pub fn path(dir: &Path) -> std::path::PathBuf {
    dir.join(FILE_NAME)
}

/// The lock, released when dropped (or when the process ends, however it ends).
pub struct Lock {
    _held: File,
}

impl Lock {
    /// Takes the lock of the ledger in `dir`, trying for up to `wait`.
    pub fn take(dir: &Path, wait: Duration) -> Result<Lock> {
        let path = path(dir);
        let io = |source| StoreError::Io {
            path: path.clone(),
            source,
        };
        let held = lockfile::take(&path, wait).map_err(io)?;
        let held = held.ok_or_else(|| StoreError::InUse(dir.to_path_buf()))?;
        Ok(Lock { _held: held })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_told_the_ledger_is_in_use_until_the_first_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let first = Lock::take(dir.path(), Duration::ZERO).unwrap();
        assert!(matches!(
            Lock::take(dir.path(), Duration::from_millis(50)),
            Err(StoreError::InUse(_))
        ));
        drop(first);
        assert!(Lock::take(dir.path(), Duration::ZERO).is_ok());
    }
}
