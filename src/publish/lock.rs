//! An exclusive lock on a file beside a mirror's or a witness's state, held while it is read and
//! replaced, so that two runs at once cannot both act on the same state. A second run waits a
//! while, then gives up saying the state is in use. The lock goes when dropped, or when the
//! process ends however it ends.

use crate::lockfile;
use crate::publish::error::PublishError;
use std::fs::File;
use std::path::Path;
use std::time::Duration;

/// The lock, released when dropped.
pub struct Lock {
    _held: File,
}

impl Lock {
    /// Takes the lock on the file at `path` (created if absent), trying for up to `wait`.
    pub fn take(path: &Path, wait: Duration) -> Result<Lock, PublishError> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| PublishError::io(parent, e))?;
        }
        let held = lockfile::take(path, wait).map_err(|e| PublishError::io(path, e))?;
        let held = held.ok_or_else(|| PublishError::Busy(path.to_path_buf()))?;
        Ok(Lock { _held: held })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_run_is_told_the_state_is_in_use_until_the_first_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state/lock");
        let first = Lock::take(&path, Duration::ZERO).unwrap();
        assert!(matches!(
            Lock::take(&path, Duration::from_millis(50)),
            Err(PublishError::Busy(_))
        ));
        drop(first);
        assert!(Lock::take(&path, Duration::ZERO).is_ok());
    }
}
