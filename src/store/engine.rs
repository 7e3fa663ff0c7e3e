//! Everything that exists only because the engine is sled 0.34.7: opening it with a bounded
//! wait for its lock, removing the unfinished snapshots it leaves, forcing its files to stable
//! storage (sled syncs neither its configuration, its directory nor its blob files), and turning
//! its errors into the store's.

use super::{Result, Store, StoreError};
use std::fs::File;
use std::path::Path;
use std::time::Duration;

/// How often to try again while another process holds the ledger.
const LOCK_RETRY: Duration = Duration::from_millis(20);

impl Store {
    /// Opens sled's files, trying again every [`LOCK_RETRY`] while another process holds them,
    /// for as many tries as fit in `lock_wait` (counted, not timed: the library reads no clock).
    pub(super) fn open_db(dir: &Path, lock_wait: Duration) -> Result<sled::Db> {
        let tries = lock_wait.as_millis() / LOCK_RETRY.as_millis() + 1;
        for _ in 1..tries {
            match Store::try_open_db(dir) {
                Err(Opening::Locked) => std::thread::sleep(LOCK_RETRY),
                Ok(db) => return Ok(db),
                Err(Opening::Failed(e)) => return Err(e),
            }
        }
        match Store::try_open_db(dir) {
            Ok(db) => Ok(db),
            Err(Opening::Locked) => Err(StoreError::InUse(dir.to_path_buf())),
            Err(Opening::Failed(e)) => Err(e),
        }
    }

    fn try_open_db(dir: &Path) -> std::result::Result<sled::Db, Opening> {
        remove_unfinished_snapshots(dir)?;
        sled::Config::new().path(dir).open().map_err(|e| match e {
            sled::Error::Io(e) if is_lock_conflict(&e) => Opening::Locked,
            e => Opening::Failed(engine_error(dir, e)),
        })
    }

    /// Flushes sled, then forces its files to stable storage: the log file always, and any blob
    /// file sled wrote since the last sync (sled writes large values to files of their own).
    pub(super) fn make_sled_durable(&self) -> Result<()> {
        self.db.flush().map_err(|e| self.sled(e))?;
        sync_file(&self.dir.join("db")).map_err(|e| self.io(e))?;
        let blobs = self.dir.join("blobs");
        let Ok(listing) = std::fs::read_dir(&blobs) else {
            return Ok(());
        };
        let mut synced = self
            .synced_blobs
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut new_files = false;
        for item in listing {
            let item = item.map_err(|e| self.io(e))?;
            if !synced.contains(&item.file_name()) {
                sync_file(&item.path()).map_err(|e| self.io(e))?;
                synced.insert(item.file_name());
                new_files = true;
            }
        }
        if new_files {
            sync_path(&blobs).map_err(|e| self.io(e))?;
        }
        Ok(())
    }

    pub(super) fn sled(&self, source: sled::Error) -> StoreError {
        engine_error(&self.dir, source)
    }
}

/// Why one attempt to open the database did not succeed.
pub(super) enum Opening {
    /// Another process holds the ledger; worth waiting for.
    Locked,
    Failed(StoreError),
}

/// Removes snapshot files sled began but never finished.
///
/// sled 0.34.7 writes a snapshot on every open to `snap.<lsn>.generating`, then renames it to
/// `snap.<lsn>`; but when it looks for the latest snapshot it does not skip `.generating` files,
/// and their names sort last. A process killed while writing one (kill -9, power loss) leaves a
/// partial file that every later open would read, fail its checksum on, and refuse the whole
/// database. A `.generating` file is unfinished by construction, so removing it loses nothing:
/// sled recovers from the previous snapshot and its log. This is done under the same exclusive
/// lock sled takes, so no live process is in the middle of writing one.
pub(super) fn remove_unfinished_snapshots(dir: &Path) -> std::result::Result<(), Opening> {
    let io = |e: std::io::Error| {
        Opening::Failed(StoreError::Io {
            path: dir.to_path_buf(),
            source: e,
        })
    };
    let db = match File::options().read(true).write(true).open(dir.join("db")) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io(e)),
    };
    match db.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => return Err(Opening::Locked),
        Err(std::fs::TryLockError::Error(e)) => return Err(io(e)),
    }
    let mut removed = false;
    for item in std::fs::read_dir(dir).map_err(io)? {
        let name = item.map_err(io)?.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("snap.") && name.ends_with(".generating") {
            std::fs::remove_file(dir.join(&*name)).map_err(io)?;
            removed = true;
        }
    }
    if removed {
        sync_path(dir).map_err(io)?;
    }
    // Dropping the file releases the lock for sled to take.
    Ok(())
}

/// sled reports a held lock only through the text of an `Other` I/O error.
fn is_lock_conflict(e: &std::io::Error) -> bool {
    e.to_string().contains("could not acquire lock")
}

/// A failure of sled, without sled's type: the store's users never see the engine.
pub(super) fn engine_error(dir: &Path, e: sled::Error) -> StoreError {
    StoreError::Engine {
        path: dir.to_path_buf(),
        what: e.to_string(),
    }
}

pub(super) fn sync_file(path: &Path) -> std::io::Result<()> {
    File::open(path)?.sync_data()
}

/// Persists a directory's entries (new files in it) on Linux.
pub(super) fn sync_path(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}
