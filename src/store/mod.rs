//! The durable store: append-only files that a reader opens without writing a byte.
//!
//! A ledger directory holds the [`journal`] (the state of the files at the last settling, then
//! one record per append since), one entry file per treaty (its entries' frames in order, so a
//! treaty is read with one read whatever order its entries were recorded in), `seqs` (a record
//! per entry: where its frame is and its hash), one file per Merkle level, `sources/` (archived
//! documents) and `lock` (held by the one process that writes). `docs/FORMAT.md` section 10
//! specifies every byte.
//!
//! An append is committed by one journal record and one `fdatasync`; the files are written only
//! when the journal is settled, and a settling or a bulk append is committed by an atomic rename of a new
//! journal. A reader opens the journal once and reads no file past the lengths it names: it sees
//! a consistent ledger, never takes the writer's lock, and works on a read-only copy.

mod bulk;
pub(crate) mod bytes;
mod chains;
mod derived;
mod disk;
mod documents;
mod files;
mod journal;
mod legacy;
mod lock;
mod reads;
mod recorded;
mod snapshot;
mod state;
mod tree;

use crate::chain::merkle::Growth;
use crate::chain::prefix::Prefix;
use crate::vocabulary::digest::Digest;
pub use bulk::Bulk;
pub use chains::TreatyChains;
pub use derived::Hook;
pub use disk::{Fault, fired as injected_fault, inject as inject_fault};
use journal::{Journal, JournalError, Record};
pub use legacy::Layout4;
pub use reads::IndexRow;
use snapshot::Snapshot;
use state::State;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, RwLock};
use std::time::Duration;

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another process is writing to the ledger.
    #[error("the ledger at {0} is in use by another process")]
    InUse(PathBuf),
    /// The directory holds no ledger.
    #[error("there is no ledger at {0}")]
    Missing(PathBuf),
    /// The directory already holds a ledger.
    #[error("a ledger already exists at {0}")]
    Exists(PathBuf),
    /// The directory holds a ledger in a layout this build does not read.
    #[error("the ledger at {path} uses store layout {layout}, and this build reads layout 5")]
    OtherLayout {
        /// The ledger.
        path: PathBuf,
        /// Its layout.
        layout: u16,
    },
    /// Another append came first.
    #[error(
        "the ledger changed while this command ran (expected {expected} entries, found {found})"
    )]
    Moved {
        /// The entries the append was chained to.
        expected: u64,
        /// The entries the ledger holds.
        found: u64,
    },
    /// A file of the store is not what it must be.
    #[error("the ledger's store is damaged: {} {what}", path.display())]
    Damaged {
        /// The file at fault.
        path: PathBuf,
        /// What was found.
        what: String,
    },
    /// The operating system refused a read or a write.
    #[error("storage error at {path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The system's error.
        source: std::io::Error,
    },
    /// A writing operation on a ledger opened for reading.
    #[error("the ledger at {0} is open for reading only")]
    ReadOnly(PathBuf),
}

/// The result of a store operation.
pub type Result<T> = std::result::Result<T, StoreError>;

/// What an append writes for one entry.
#[derive(Debug, Clone, Copy)]
pub struct NewEntry<'a> {
    /// Its number.
    pub seq: u64,
    /// Its hash.
    pub hash: Digest,
    /// Its canonical bytes.
    pub bytes: &'a [u8],
    /// The treaty it is indexed under.
    pub treaty: &'a str,
    /// The state it is indexed under; `None` for treaty-level entries.
    pub state: Option<&'a str>,
}

/// Past this many bytes of journal, closing the store settles it.
const SETTLE_BYTES: u64 = 1 << 20;
/// Past this many, an append settles the journal at once (for programs that keep a ledger open).
const SETTLE_BYTES_OPEN: u64 = 64 << 20;
/// An append of at least this many entries goes straight to the files, committed by a new
/// journal, rather than through a journal record.
const BULK_ENTRIES: usize = 4096;

/// The writer's half: the journal to append to, and the lock that keeps other writers out.
struct Writer {
    journal: Journal,
    _lock: lock::Lock,
}

/// An open ledger store: for reading, or for reading and writing.
pub struct Store {
    dir: PathBuf,
    snapshot: RwLock<Snapshot>,
    writer: Option<Mutex<Writer>>,
    open_files: reads::OpenFiles,
    /// What the ledger derives from the entries once the files take new ones.
    derive: Option<Hook>,
}

impl Store {
    /// Creates a new, empty ledger; refuses a directory that already holds one.
    pub fn create(dir: &Path) -> Result<Store> {
        if Store::exists(dir) {
            return Err(StoreError::Exists(dir.to_path_buf()));
        }
        let io = |e| StoreError::Io {
            path: dir.to_path_buf(),
            source: e,
        };
        disk::create_dir_all(dir).map_err(io)?;
        let lock = lock::Lock::take(dir, Duration::ZERO)?;
        let state = State::empty();
        let replaced = journal::replace(dir, &state).map_err(io)?;
        if let Some(e) = replaced.unsynced {
            return Err(io(journal::not_durable(e)));
        }
        let journal = replaced.journal;
        if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
            journal::sync_dir(parent).map_err(io)?;
        }
        Ok(Store {
            dir: dir.to_path_buf(),
            snapshot: RwLock::new(Snapshot::new(state, Vec::new())),
            writer: Some(Mutex::new(Writer {
                journal,
                _lock: lock,
            })),
            open_files: reads::OpenFiles::default(),
            derive: None,
        })
    }

    /// Whether `dir` holds a ledger (of any layout).
    pub fn exists(dir: &Path) -> bool {
        journal::path(dir).exists() || dir.join(OLD_DATABASE).exists()
    }

    /// Opens a ledger for reading: no lock, nothing written; the ledger as its journal stands now.
    pub fn open_read(dir: &Path) -> Result<Store> {
        let contents = Store::read_journal(dir)?;
        let snapshot = Store::snapshot_of(dir, contents.state, contents.records)?;
        Ok(Store {
            dir: dir.to_path_buf(),
            snapshot: RwLock::new(snapshot),
            writer: None,
            open_files: reads::OpenFiles::default(),
            derive: None,
        })
    }

    /// Opens a ledger for writing, waiting up to `lock_wait` for another writer to finish.
    /// Bytes an interrupted settling or bulk append left past the committed lengths are cut
    /// back, and a record cut short by a crash is zeroed.
    pub fn open(dir: &Path, lock_wait: Duration) -> Result<Store> {
        Store::read_journal(dir)?;
        let lock = lock::Lock::take(dir, lock_wait)?;
        // Read again under the lock: a writer may have settled the journal meanwhile.
        let contents = Store::read_journal(dir)?;
        let io = |e| StoreError::Io {
            path: dir.to_path_buf(),
            source: e,
        };
        files::cut_back(dir, &contents.state).map_err(io)?;
        let journal = Journal::open(dir, &contents).map_err(io)?;
        let snapshot = Store::snapshot_of(dir, contents.state, contents.records)?;
        Ok(Store {
            dir: dir.to_path_buf(),
            snapshot: RwLock::new(snapshot),
            writer: Some(Mutex::new(Writer {
                journal,
                _lock: lock,
            })),
            open_files: reads::OpenFiles::default(),
            derive: None,
        })
    }

    /// Reads the journal, telling a missing ledger and an old layout from damage.
    fn read_journal(dir: &Path) -> Result<journal::Contents> {
        // A layout-4 ledger has a journal too, of another format: its database tells it apart.
        if dir.join(OLD_DATABASE).exists() {
            return Err(StoreError::OtherLayout {
                path: dir.to_path_buf(),
                layout: 4,
            });
        }
        if !journal::path(dir).exists() {
            return Err(
                if files::seqs_path(dir).exists() || lock::path(dir).exists() {
                    // A ledger's other files without the journal that holds its latest appends and
                    // says how much of the files is committed.
                    StoreError::Damaged {
                        path: journal::path(dir),
                        what: "is missing, and the rest of the ledger is there".into(),
                    }
                } else {
                    StoreError::Missing(dir.to_path_buf())
                },
            );
        }
        journal::read(dir).map_err(|e| match e {
            JournalError::Io(source) => StoreError::Io {
                path: journal::path(dir),
                source,
            },
            damaged @ JournalError::Damaged { .. } => StoreError::Damaged {
                path: journal::path(dir),
                what: damaged.to_string(),
            },
        })
    }

    /// The view of the files the journal names, with its records laid over them; refuses files
    /// shorter than the journal says.
    fn snapshot_of(dir: &Path, state: State, records: Vec<Record>) -> Result<Snapshot> {
        let short = files::short_files(dir, &state).map_err(|e| StoreError::Io {
            path: dir.to_path_buf(),
            source: e,
        })?;
        if let Some((path, expected, actual)) = short.into_iter().next() {
            return Err(StoreError::Damaged {
                path,
                what: format!(
                    "holds {actual} bytes, and the journal says {expected} are committed: the file was cut short or lost"
                ),
            });
        }
        Snapshot::checked(state, records).map_err(|what| StoreError::Damaged {
            path: journal::path(dir),
            what,
        })
    }

    /// Moves a store built (and closed) at `staging` to `target`, durably: the rename is
    /// persisted in `target`'s parent directory.
    pub fn install(staging: &Path, target: &Path) -> Result<()> {
        let io = |source| StoreError::Io {
            path: target.to_path_buf(),
            source,
        };
        if Store::exists(target) {
            return Err(StoreError::Exists(target.to_path_buf()));
        }
        rename_durably(staging, target).map_err(io)
    }

    /// Reads a ledger of store layout 4 (sled's) whole, to bring it over.
    pub fn read_layout4(dir: &Path) -> Result<Layout4> {
        legacy::read(dir)
    }

    /// Moves a ledger directory out of the way (to `to`), durably.
    pub fn set_aside(dir: &Path, to: &Path) -> Result<()> {
        let io = |source| StoreError::Io {
            path: dir.to_path_buf(),
            source,
        };
        if to.exists() {
            return Err(StoreError::Exists(to.to_path_buf()));
        }
        rename_durably(dir, to).map_err(io)
    }

    /// Where the store is.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// The number of entries and the last one's hash.
    pub fn head(&self) -> Result<Prefix> {
        Ok(self.snapshot().head())
    }

    fn snapshot(&self) -> std::sync::RwLockReadGuard<'_, Snapshot> {
        self.snapshot
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The writer's half, locked; refuses a store opened for reading.
    fn writer(&self) -> Result<MutexGuard<'_, Writer>> {
        let writer = self
            .writer
            .as_ref()
            .ok_or_else(|| StoreError::ReadOnly(self.dir.clone()))?;
        Ok(writer.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// Appends entries atomically after `expected`, with the Merkle nodes they complete. They
    /// are durable when this returns. A few entries are committed by one journal record; a bulk
    /// append is written to the files and committed by a new journal.
    pub fn append(
        &self,
        expected: Prefix,
        entries: &[NewEntry<'_>],
        growth: &Growth,
    ) -> Result<Prefix> {
        let mut writer = self.writer()?;
        let current = self.head()?;
        if current != expected {
            return Err(StoreError::Moved {
                expected: expected.entries,
                found: current.entries,
            });
        }
        let Some(last) = entries.last() else {
            return Ok(current);
        };
        let to = Prefix {
            entries: last.seq,
            head: last.hash,
        };
        let record = self.snapshot().record(current, to, entries, growth);
        if entries.len() >= BULK_ENTRIES {
            self.settle_with(&mut writer, Some(record))?;
            return Ok(to);
        }
        writer
            .journal
            .append(&record)
            .map_err(|e| self.io_error(&journal::path(&self.dir), e))?;
        self.snapshot
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .add(record);
        if writer.journal.len() > SETTLE_BYTES_OPEN {
            // The append is committed; a settling that fails now leaves it in the journal.
            let _ = self.settle_with(&mut writer, None);
        }
        Ok(to)
    }

    /// Settles the journal: writes its appends into the entry files, forces them to disk and
    /// starts a new journal. Readers that opened the ledger before keep seeing what they saw.
    pub fn settle(&self) -> Result<()> {
        let mut writer = self.writer()?;
        self.settle_with(&mut writer, None)
    }

    /// Writes the journal's records (and `extra`, a bulk append) to the files, forces them to
    /// disk, and commits the new state with a new journal. On failure the files are cut back and
    /// the old journal stands: nothing of `extra` is visible.
    fn settle_with(&self, writer: &mut Writer, extra: Option<Record>) -> Result<()> {
        let snapshot = self.snapshot();
        let mut appender = files::Appender::new(&self.dir, snapshot.state());
        let records = snapshot.records().iter().chain(extra.as_ref());
        for record in records {
            self.apply(&mut appender, record)?;
        }
        let committed = snapshot.state().clone();
        let chains = chains::after(
            &self.dir,
            &committed,
            snapshot.records().iter().chain(extra.as_ref()),
        );
        drop(snapshot);
        let written = appender
            .write()
            .and_then(|state| Ok((journal::replace(&self.dir, &state)?, state)));
        match written {
            Ok((replaced, state)) => {
                writer.journal = replaced.journal;
                // Derived data: a settling that cannot write it still stands (section 10).
                if let Some(chains) = chains {
                    let _ = chains::write(&self.dir, &chains);
                }
                *self.snapshot.write().unwrap_or_else(|p| p.into_inner()) =
                    Snapshot::new(state, Vec::new());
                self.derive();
                match replaced.unsynced {
                    Some(e) => Err(self.io_error(&self.dir, journal::not_durable(e))),
                    None => Ok(()),
                }
            }
            Err(e) => {
                let _ = files::cut_back(&self.dir, &committed);
                Err(self.io_error(&self.dir, e))
            }
        }
    }

    /// Adds one record's treaties, entries and nodes to what settling writes.
    fn apply(&self, appender: &mut files::Appender<'_>, record: &Record) -> Result<()> {
        for id in &record.new_treaties {
            appender.add_treaty(id);
        }
        for entry in &record.entries {
            appender.add_entry(entry);
        }
        for &(level, index, hash) in &record.nodes {
            appender
                .add_node(level, index, hash)
                .map_err(|due| StoreError::Damaged {
                    path: files::level_path(&self.dir, level),
                    what: format!(
                        "an append completes node {index} of level {level}, but node {due} is due"
                    ),
                })?;
        }
        Ok(())
    }

    fn io_error(&self, path: &Path, source: std::io::Error) -> StoreError {
        StoreError::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    fn damaged(&self, path: &Path, what: &str) -> StoreError {
        StoreError::Damaged {
            path: path.to_path_buf(),
            what: what.to_string(),
        }
    }
}

/// Renames `from` to `to` and persists the rename in `to`'s directory, trying the sync again
/// once if the device refuses. A rename that cannot be made durable is reported (the change is
/// made, and may not survive a power loss), never undone and never passed over in silence.
fn rename_durably(from: &Path, to: &Path) -> std::io::Result<()> {
    disk::rename(from, to)?;
    match to.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(parent) => journal::sync_dir(parent)
            .or_else(|_| journal::sync_dir(parent))
            .map_err(journal::not_durable),
        None => Ok(()),
    }
}

/// The database file of a layout-4 ledger (sled's), by which one is recognised.
const OLD_DATABASE: &str = "db";

impl Drop for Store {
    fn drop(&mut self) {
        // Every append is already committed to the journal. Settling it once it has grown keeps
        // the next open's reading short; a failure here loses nothing.
        if let Some(writer) = &self.writer {
            let mut writer = writer.lock().unwrap_or_else(|p| p.into_inner());
            if writer.journal.len() > SETTLE_BYTES {
                let _ = self.settle_with(&mut writer, None);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chain::merkle;

    /// Appends entries numbered on from the head, with their Merkle nodes.
    fn append(store: &Store, entries: &[(&'static str, &'static str, &[u8])]) -> Prefix {
        let head = store.head().unwrap();
        let owned: Vec<(Digest, Vec<u8>, &str, &str)> = entries
            .iter()
            .map(|(t, s, b)| (Digest::of("test", b), b.to_vec(), *t, *s))
            .collect();
        let new: Vec<NewEntry<'_>> = owned
            .iter()
            .enumerate()
            .map(|(i, (hash, bytes, treaty, state))| NewEntry {
                seq: head.entries + 1 + i as u64,
                hash: *hash,
                bytes,
                treaty,
                state: Some(*state).filter(|s| !s.is_empty()),
            })
            .collect();
        let hashes: Vec<Digest> = owned.iter().map(|e| e.0).collect();
        let growth = merkle::grow(store, head.entries, &hashes).unwrap();
        store.append(head, &new, &growth).unwrap()
    }

    fn all(store: &Store) -> Vec<(u64, Vec<u8>)> {
        store.entries().map(|e| e.unwrap()).collect()
    }

    #[test]
    fn entries_read_back_from_the_journal_and_after_settling() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::create(&dir.path().join("l")).unwrap();
        append(&store, &[("ottawa", "", b"reg"), ("ottawa", "FI", b"fi")]);
        append(&store, &[("rome", "", b"rome"), ("ottawa", "DE", b"de")]);
        let expected: Vec<(u64, Vec<u8>)> = vec![
            (1, b"reg".to_vec()),
            (2, b"fi".to_vec()),
            (3, b"rome".to_vec()),
            (4, b"de".to_vec()),
        ];
        assert_eq!(all(&store), expected);
        store.settle().unwrap();
        assert_eq!(all(&store), expected);
        assert_eq!(
            store.entry(4).unwrap().map(|e| e.bytes),
            Some(b"de".to_vec())
        );
        append(&store, &[("ottawa", "FI", b"fi2")]);
        assert_eq!(store.treaty_seqs("ottawa").unwrap(), vec![1, 2, 4, 5]);
        assert_eq!(store.state_seqs("ottawa", "FI").unwrap(), vec![2, 5]);
        assert_eq!(store.treaty_ids().unwrap(), vec!["ottawa", "rome"]);
        drop(store);
        let reader = Store::open_read(&dir.path().join("l")).unwrap();
        assert_eq!(reader.head().unwrap().entries, 5);
        assert_eq!(
            reader.entry(5).unwrap().map(|e| e.bytes),
            Some(b"fi2".to_vec())
        );
        assert!(matches!(reader.settle(), Err(StoreError::ReadOnly(_))));
    }

    /// A bulk append whose files cannot be written leaves the ledger exactly as it was.
    #[test]
    fn a_bulk_append_that_fails_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("l");
        let store = Store::create(&path).unwrap();
        append(&store, &[("ottawa", "", b"reg")]);
        // The entry files cannot be created where a file stands in the way.
        std::fs::write(path.join("entries"), b"in the way").unwrap();
        let many: Vec<(&str, &str, &[u8])> = (0..BULK_ENTRIES)
            .map(|_| ("ottawa", "FI", b"x".as_slice()))
            .collect();
        let head = store.head().unwrap();
        let owned: Vec<Vec<u8>> = (0..many.len()).map(|i| i.to_le_bytes().to_vec()).collect();
        let new: Vec<NewEntry<'_>> = owned
            .iter()
            .enumerate()
            .map(|(i, bytes)| NewEntry {
                seq: head.entries + 1 + i as u64,
                hash: Digest::of("test", bytes),
                bytes,
                treaty: "ottawa",
                state: Some("FI"),
            })
            .collect();
        let hashes: Vec<Digest> = new.iter().map(|e| e.hash).collect();
        let growth = merkle::grow(&store, head.entries, &hashes).unwrap();
        assert!(store.append(head, &new, &growth).is_err());
        assert_eq!(store.head().unwrap(), head);
        drop(store);
        std::fs::remove_file(path.join("entries")).unwrap();
        let store = Store::open(&path, Duration::ZERO).unwrap();
        assert_eq!(store.head().unwrap(), head);
        assert_eq!(all(&store), vec![(1, b"reg".to_vec())]);
    }

    /// Bytes an interrupted settling left past the committed lengths are not read, and the
    /// next writer cuts them off.
    #[test]
    fn bytes_past_the_committed_lengths_are_ignored_then_cut() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("l");
        let store = Store::create(&path).unwrap();
        append(&store, &[("ottawa", "", b"reg"), ("ottawa", "FI", b"fi")]);
        store.settle().unwrap();
        drop(store);
        let treaty = files::treaty_path(&path, 0);
        let committed = std::fs::metadata(&treaty).unwrap().len();
        let mut bytes = std::fs::read(&treaty).unwrap();
        bytes.extend(files::encode_frame(3, "DE", b"never committed"));
        std::fs::write(&treaty, &bytes).unwrap();
        let reader = Store::open_read(&path).unwrap();
        assert_eq!(reader.treaty_seqs("ottawa").unwrap(), vec![1, 2]);
        drop(reader);
        drop(Store::open(&path, Duration::ZERO).unwrap());
        assert_eq!(std::fs::metadata(&treaty).unwrap().len(), committed);
    }

    /// A file shorter than the journal says is damage, not an empty ledger.
    #[test]
    fn a_file_cut_short_is_damage() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("l");
        let store = Store::create(&path).unwrap();
        append(&store, &[("ottawa", "", b"reg"), ("ottawa", "FI", b"fi")]);
        store.settle().unwrap();
        drop(store);
        let seqs = files::seqs_path(&path);
        let len = std::fs::metadata(&seqs).unwrap().len();
        std::fs::File::options()
            .write(true)
            .open(&seqs)
            .unwrap()
            .set_len(len - 1)
            .unwrap();
        let err = Store::open_read(&path)
            .err()
            .expect("a short file is refused");
        assert!(err.is_damage(), "{err}");
        assert!(err.to_string().contains("cut short"), "{err}");
    }
}
