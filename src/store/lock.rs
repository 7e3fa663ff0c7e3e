//! The writer's lock: an exclusive lock on the `lock` file, held while a ledger is open for
//! writing. Readers never take it. The wait for another writer is counted in tries, not timed:
//! the library reads no clock.

use super::{Result, StoreError};
use std::fs::{File, TryLockError};
use std::path::Path;
use std::time::Duration;

const FILE_NAME: &str = "lock";
/// How often to try again while another writer holds the lock.
const RETRY: Duration = Duration::from_millis(20);

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
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(io)?;
        let tries = wait.as_millis() / RETRY.as_millis() + 1;
        for attempt in 1..=tries {
            match file.try_lock() {
                Ok(()) => return Ok(Lock { _held: file }),
                Err(TryLockError::WouldBlock) if attempt < tries => std::thread::sleep(RETRY),
                Err(TryLockError::WouldBlock) => break,
                Err(TryLockError::Error(e)) => return Err(io(e)),
            }
        }
        Err(StoreError::InUse(dir.to_path_buf()))
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
