//! An exclusive lock on a file, waited for in short tries: the ledger's writer lock and the lock
//! beside a mirror's or a witness's state are both taken this way. The wait is counted in tries,
//! not timed: the library reads no clock. A lock goes when its file is dropped, or when the
//! process ends however it ends.

use std::fs::{File, TryLockError};
use std::io;
use std::path::Path;
use std::time::Duration;

/// How often to try again while another process holds the lock.
const RETRY: Duration = Duration::from_millis(20);

/// Locks the file at `path` (created if absent, never truncated), trying for up to `wait`:
/// the held file, or `None` when another process still holds it.
pub fn take(path: &Path, wait: Duration) -> io::Result<Option<File>> {
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)?;
    let tries = wait.as_millis() / RETRY.as_millis() + 1;
    for attempt in 1..=tries {
        match file.try_lock() {
            Ok(()) => return Ok(Some(file)),
            Err(TryLockError::WouldBlock) if attempt < tries => std::thread::sleep(RETRY),
            Err(TryLockError::WouldBlock) => break,
            Err(TryLockError::Error(e)) => return Err(e),
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_taker_waits_then_is_told_no_until_the_first_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lock");
        let first = take(&path, Duration::ZERO).unwrap();
        assert!(first.is_some());
        assert!(take(&path, Duration::from_millis(50)).unwrap().is_none());
        drop(first);
        assert!(take(&path, Duration::ZERO).unwrap().is_some());
    }
}
