//! The durable store: the only module that knows sled.
//!
//! One sled tree holds everything, under one-byte key prefixes. Entries and index rows are
//! grouped ([`rows`]) so that an append writes few keys whatever its size:
//!
//! | key                                    | value                      |
//! |----------------------------------------|----------------------------|
//! | `E` seq(u64 BE)                        | a run of entries from seq on, each after its length |
//! | `H` hash(32)                           | seq (u64 BE), then (hash, seq) of further entries whose hash starts with the same byte |
//! | `S` treaty 0x00 state 0x00 seq         | further seqs of that treaty and state (state empty for treaty-level entries) |
//! | `T` treaty 0x00 seq                    | (state, seq) of entries of that treaty, for an append with many of them |
//! | `L` chunk(u64 BE)                      | up to 64 Merkle leaf hashes |
//! | `N` level(u8) index(u64 BE)            | a Merkle node (32)         |
//! | `D` digest(32)                         | an archived source document |
//! | `d` digest(32)                         | its description (JSON)     |
//! | `M` `head`                             | count (u64 BE) ‖ hash(32)  |
//! | `M` `layout`                           | store layout version (u16 BE) |
//!
//! An append is committed when its rows are durable in the [`journal`], with one `fdatasync`;
//! sled is then given them without a flush, and made durable itself at checkpoints.

mod documents;
mod engine;
mod index;
mod journal;
mod layout;
mod reads;
mod rows;
mod tree;

use crate::chain::merkle::Growth;
use crate::chain::prefix::Prefix;
use crate::vocabulary::digest::Digest;
use engine::{engine_error, sync_file, sync_path};
pub use index::StateIndex;
use journal::{Journal, Record};
use layout::{HEAD_KEY, LAYOUT_KEY, LAYOUT_VERSION, append_rows, decode_head, encode_head};
use std::collections::HashSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

/// What went wrong in the durable store; most variants name the directory or file concerned.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another process still held the ledger at this directory when the lock wait ran out.
    #[error("the ledger at {0} is in use by another process")]
    InUse(PathBuf),
    /// This directory holds no ledger, or a sled database without pacta's layout record.
    #[error("there is no ledger at {0}")]
    Missing(PathBuf),
    /// A ledger is already at this directory, so it is not created or replaced.
    #[error("a ledger already exists at {0}")]
    Exists(PathBuf),
    /// The head was not the one the new entries were chained to: another append came first.
    #[error(
        "the ledger changed while this command ran (expected {expected} entries, found {found})"
    )]
    Moved {
        /// The number of entries the append was chained to.
        expected: u64,
        /// The number of entries the store held.
        found: u64,
    },
    /// What the store holds cannot be read as a ledger, or is in a layout this build does not
    /// read.
    #[error("the store at {path} is damaged: {what}")]
    Damaged {
        /// The ledger directory.
        path: PathBuf,
        /// What is wrong, in words.
        what: String,
    },
    /// Reading or writing a file failed.
    #[error("storage error at {path}: {source}")]
    Io {
        /// The ledger directory, or the file (such as the journal) that failed.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The storage engine failed; `what` is its own account.
    #[error("the store at {path} failed: {what}")]
    Engine {
        /// The ledger directory.
        path: PathBuf,
        /// The engine's message.
        what: String,
    },
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// What an append writes for one entry.
#[derive(Debug, Clone, Copy)]
pub struct NewEntry<'a> {
    pub seq: u64,
    pub hash: Digest,
    pub bytes: &'a [u8],
    /// The treaty and state the entry is indexed under; an entry with a treaty but no state is
    /// indexed under the empty state.
    pub treaty: Option<&'a str>,
    pub state: Option<&'a str>,
}

pub struct Store {
    db: sled::Db,
    dir: PathBuf,
    /// The journal; holding it serialises appends in this process (sled's file lock keeps other
    /// processes out).
    journal: Mutex<Journal>,
    /// Blob files already forced to disk, so each is synced (with its directory) once.
    synced_blobs: Mutex<HashSet<OsString>>,
}

/// Past this many bytes of journal, closing the store makes sled durable and empties it.
const CHECKPOINT_BYTES: u64 = 1 << 20;
/// Past this many, an append does so at once (for programs that keep a ledger open for long).
const CHECKPOINT_BYTES_OPEN: u64 = 256 << 20;

impl Store {
    /// Creates a new, empty ledger; refuses a directory that already holds one.
    pub fn create(dir: &Path) -> Result<Store> {
        if Store::exists(dir) {
            return Err(StoreError::Exists(dir.to_path_buf()));
        }
        let db = Store::open_db(dir, Duration::ZERO)?;
        let journal = Journal::create(dir).map_err(journal_error(dir))?;
        let store = Store::with_journal(db, dir, journal);
        let mut batch = sled::Batch::default();
        batch.insert(LAYOUT_KEY, &LAYOUT_VERSION.to_be_bytes());
        batch.insert(HEAD_KEY, encode_head(Prefix::EMPTY));
        store.db.apply_batch(batch).map_err(|e| store.sled(e))?;
        store.make_sled_durable()?;
        // sled never syncs its configuration file or the directory entries it creates.
        sync_file(&dir.join("conf")).map_err(|e| store.io(e))?;
        sync_path(dir).map_err(|e| store.io(e))?;
        if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
            sync_path(parent).map_err(|e| store.io(e))?;
        }
        Ok(store)
    }

    /// Whether `dir` holds a store.
    pub fn exists(dir: &Path) -> bool {
        dir.join("db").exists()
    }

    /// Opens an existing ledger, waiting up to `lock_wait` if another process holds it, and
    /// gives sled any committed append it lost.
    pub fn open(dir: &Path, lock_wait: Duration) -> Result<Store> {
        if !Store::exists(dir) {
            return Err(StoreError::Missing(dir.to_path_buf()));
        }
        let db = Store::open_db(dir, lock_wait)?;
        // The layout is checked before the journal is touched: a store this build cannot read
        // is left exactly as it was.
        let sled_error = |e| engine_error(dir, e);
        match db.get(LAYOUT_KEY).map_err(sled_error)? {
            Some(v) if v.as_ref() == LAYOUT_VERSION.to_be_bytes() => {}
            Some(v) => {
                return Err(StoreError::Damaged {
                    path: dir.to_path_buf(),
                    what: format!(
                        "it uses store layout {}, and this build reads layout {LAYOUT_VERSION}; rebuild it from an export with a matching pacta",
                        v.get(..2).map_or(0, |b| u16::from_be_bytes([b[0], b[1]]))
                    ),
                });
            }
            None => return Err(StoreError::Missing(dir.to_path_buf())),
        }
        let (journal, records) = Journal::open(dir).map_err(journal_error(dir))?;
        let store = Store::with_journal(db, dir, journal);
        store.replay(records)?;
        Ok(store)
    }

    fn with_journal(db: sled::Db, dir: &Path, journal: Journal) -> Store {
        Store {
            db,
            dir: dir.to_path_buf(),
            journal: Mutex::new(journal),
            synced_blobs: Mutex::new(HashSet::new()),
        }
    }

    /// Gives sled the journal's records it does not hold: those after its head. A record that
    /// neither ends at or before the head nor starts from it means the two have parted ways.
    fn replay(&self, records: Vec<Record>) -> Result<()> {
        for record in records {
            let head = self.head()?;
            if record.to.entries <= head.entries {
                continue;
            }
            if record.from != head {
                return Err(self.damaged(&format!(
                    "its journal holds entries {} to {} chained to entry {}, but the store's head is entry {}",
                    record.from.entries + 1,
                    record.to.entries,
                    record.from.entries,
                    head.entries
                )));
            }
            self.apply(&record.rows)?;
        }
        Ok(())
    }

    /// Where the store is.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Moves a store built at `staging` (and closed) to `target`, durably: the rename is
    /// persisted in `target`'s parent directory.
    pub fn install(staging: &Path, target: &Path) -> Result<()> {
        let io = |source| StoreError::Io {
            path: target.to_path_buf(),
            source,
        };
        if Store::exists(target) {
            return Err(StoreError::Exists(target.to_path_buf()));
        }
        std::fs::rename(staging, target).map_err(io)?;
        if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
            sync_path(parent).map_err(io)?;
        }
        Ok(())
    }

    pub fn head(&self) -> Result<Prefix> {
        let raw = self.db.get(HEAD_KEY).map_err(|e| self.sled(e))?;
        let raw = raw.ok_or_else(|| self.damaged("the head record is missing"))?;
        decode_head(&raw).ok_or_else(|| self.damaged("the head record is not 40 bytes"))
    }

    /// Appends entries atomically after `expected`, with the Merkle rows they add. They are
    /// durable when this returns: committed to the journal with one `fdatasync`.
    pub fn append(
        &self,
        expected: Prefix,
        entries: &[NewEntry<'_>],
        growth: &Growth,
    ) -> Result<Prefix> {
        let mut journal = self.lock_journal();
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
        let head = Prefix {
            entries: last.seq,
            head: last.hash,
        };
        let record = Record {
            from: current,
            to: head,
            rows: append_rows(entries, growth, head),
        };
        let before = journal.len();
        journal.append(&record).map_err(|e| self.journal_io(e))?;
        if let Err(e) = self.apply(&record.rows) {
            // Not acknowledged, so it must not come back on the next open.
            journal.cut(before).map_err(|e| self.journal_io(e))?;
            return Err(e);
        }
        if journal.len() > CHECKPOINT_BYTES_OPEN {
            self.checkpoint(&mut journal)?;
        }
        Ok(head)
    }

    /// Gives sled a committed append's rows, the head last.
    ///
    /// Row by row rather than as a sled batch: the journal already makes the append atomic, and
    /// a sled batch writes its log buffer out on every call, I/O that would compete with the
    /// journal's `fdatasync` (about half as much again per durable append). sled's recovery keeps
    /// a prefix of its log, so after a crash either the head is there with every row before it,
    /// or the head is not and the journal's record is given to sled again. If sled refuses a row,
    /// the rows already given are put back as they were.
    fn apply(&self, rows: &[(Vec<u8>, Vec<u8>)]) -> Result<()> {
        let mut undo = Vec::with_capacity(rows.len());
        for (key, value) in rows {
            match self.db.insert(key.as_slice(), value.as_slice()) {
                Ok(before) => undo.push((key, before)),
                Err(e) => {
                    for (key, before) in undo.into_iter().rev() {
                        let _ = match before {
                            Some(value) => self.db.insert(key.as_slice(), value).map(drop),
                            None => self.db.remove(key.as_slice()).map(drop),
                        };
                    }
                    return Err(self.sled(e));
                }
            }
        }
        Ok(())
    }

    fn lock_journal(&self) -> std::sync::MutexGuard<'_, Journal> {
        self.journal
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Makes everything sled holds durable in sled's own files, then empties the journal.
    fn checkpoint(&self, journal: &mut Journal) -> Result<()> {
        self.make_sled_durable()?;
        journal.clear().map_err(|e| self.journal_io(e))
    }

    fn journal_io(&self, source: std::io::Error) -> StoreError {
        journal_error(&self.dir)(source)
    }

    fn io(&self, source: std::io::Error) -> StoreError {
        StoreError::Io {
            path: self.dir.clone(),
            source,
        }
    }

    fn damaged(&self, what: &str) -> StoreError {
        StoreError::Damaged {
            path: self.dir.clone(),
            what: what.to_string(),
        }
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        // Every append is already committed to the journal. Writing sled's buffers out spares
        // the next open a replay; a checkpoint once the journal has grown keeps it short. A
        // failure here loses nothing: the journal still holds every append.
        let mut journal = self.lock_journal();
        if journal.len() > CHECKPOINT_BYTES {
            let _ = self.checkpoint(&mut journal);
        } else {
            let _ = self.db.flush();
        }
    }
}

/// How a failure to read or write the journal of the ledger in `dir` is reported.
fn journal_error(dir: &Path) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: dir.join(journal::FILE_NAME),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use layout::{STATE, TREATY};

    fn new_entry(seq: u64, bytes: &[u8]) -> NewEntry<'_> {
        NewEntry {
            seq,
            hash: Digest::of("test", bytes),
            bytes,
            treaty: Some("ottawa"),
            state: Some("FI"),
        }
    }

    #[test]
    fn append_checks_the_head_and_indexes() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::create(&dir.path().join("l")).unwrap();
        assert_eq!(store.head().unwrap(), Prefix::EMPTY);
        let head = store
            .append(
                Prefix::EMPTY,
                &[new_entry(1, b"one"), new_entry(2, b"two")],
                &Growth::default(),
            )
            .unwrap();
        assert_eq!(head.entries, 2);
        assert!(matches!(
            store.append(Prefix::EMPTY, &[new_entry(1, b"x")], &Growth::default()),
            Err(StoreError::Moved { .. })
        ));
        assert_eq!(store.treaty_seqs("ottawa").unwrap(), vec![1, 2]);
        assert_eq!(store.state_seqs("ottawa", "FI").unwrap(), vec![1, 2]);
        assert_eq!(store.state_seqs("ottawa", "F").unwrap(), Vec::<u64>::new());
        let two = Digest::of("test", b"two");
        assert_eq!(
            store.seqs_for_hash_prefix(&two.0[..2]).unwrap(),
            vec![(two, 2)]
        );
        assert_eq!(store.hash_index_rows().unwrap().len(), 2);
        let index = store.state_index_rows().unwrap();
        assert_eq!(index.names, vec!["ottawa", "FI"]);
        assert_eq!(index.rows, vec![(1, 0, 1), (2, 0, 1)]);
        assert!(store.stray_keys().unwrap().is_empty());
    }

    /// An append with many entries of one treaty indexes them in treaty rows; every read sees
    /// them as it sees (treaty, state) rows.
    #[test]
    fn a_bulk_append_indexes_a_treaty_in_treaty_rows() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::create(&dir.path().join("l")).unwrap();
        let n = 3 * rows::TREATY_ROWS_FROM as u64;
        let bytes: Vec<Vec<u8>> = (1..=n).map(|seq| seq.to_le_bytes().to_vec()).collect();
        let states = ["", "FI", "DE"];
        let mut entries: Vec<NewEntry<'_>> = (1..=n)
            .map(|seq| NewEntry {
                seq,
                hash: Digest::of("test", &bytes[seq as usize - 1]),
                bytes: &bytes[seq as usize - 1],
                treaty: Some("ottawa"),
                state: Some(states[seq as usize % 3]).filter(|s| !s.is_empty()),
            })
            .collect();
        // A second treaty with a single entry in the same append keeps a (treaty, state) row.
        entries.last_mut().unwrap().treaty = Some("rome");
        store
            .append(Prefix::EMPTY, &entries, &Growth::default())
            .unwrap();
        let kinds = |prefix: u8| store.db.scan_prefix([prefix]).count();
        assert!(
            kinds(TREATY) >= 1 && kinds(STATE) == 1,
            "{} {}",
            kinds(TREATY),
            kinds(STATE)
        );
        let fi: Vec<u64> = (1..n).filter(|s| s % 3 == 1).collect();
        assert_eq!(store.state_seqs("ottawa", "FI").unwrap(), fi);
        let read: Vec<(u64, Vec<u8>)> = fi
            .iter()
            .map(|&s| (s, bytes[s as usize - 1].clone()))
            .collect();
        assert_eq!(store.entries_at(&fi).unwrap(), read);
        assert!(
            store.entries_at(&[1, n + 1]).is_err(),
            "an entry not stored is an error"
        );
        assert_eq!(
            store.treaty_seqs("ottawa").unwrap(),
            (1..n).collect::<Vec<_>>()
        );
        assert_eq!(store.treaty_seqs("rome").unwrap(), vec![n]);
        assert_eq!(store.treaty_ids().unwrap(), vec!["ottawa", "rome"]);
        let index = store.state_index_rows().unwrap();
        assert_eq!(index.rows.len() as u64, n);
        let (seq, t, s) = index.rows[0];
        assert_eq!(
            (seq, &*index.names[t as usize], &*index.names[s as usize]),
            (1, "ottawa", "FI")
        );
        assert!(store.stray_keys().unwrap().is_empty());
    }

    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for item in std::fs::read_dir(from).unwrap() {
            let item = item.unwrap();
            if item.file_type().unwrap().is_dir() {
                copy_dir(&item.path(), &to.join(item.file_name()));
            } else {
                std::fs::copy(item.path(), to.join(item.file_name())).unwrap();
            }
        }
    }

    fn append_one(store: &Store, bytes: &[u8]) -> Prefix {
        let head = store.head().unwrap();
        let entry = new_entry(head.entries + 1, bytes);
        store.append(head, &[entry], &Growth::default()).unwrap()
    }

    /// What a crash after the journal's `fdatasync` and before sled wrote its buffers leaves:
    /// sled behind the journal. Simulated by pairing an older copy of sled's files with the
    /// newer journal.
    #[test]
    fn committed_appends_sled_lost_come_back_from_the_journal() {
        let dir = tempfile::tempdir().unwrap();
        let (live, stale) = (dir.path().join("live"), dir.path().join("stale"));
        let store = Store::create(&live).unwrap();
        append_one(&store, b"one");
        drop(store);
        copy_dir(&live, &stale);
        let store = Store::open(&live, Duration::ZERO).unwrap();
        append_one(&store, b"two");
        let head = append_one(&store, b"three");
        drop(store);
        std::fs::copy(
            live.join(journal::FILE_NAME),
            stale.join(journal::FILE_NAME),
        )
        .unwrap();
        let recovered = Store::open(&stale, Duration::ZERO).unwrap();
        assert_eq!(recovered.head().unwrap(), head);
        let entries: Vec<Vec<u8>> = recovered.entries().map(|e| e.unwrap().1).collect();
        assert_eq!(
            entries,
            vec![b"one".to_vec(), b"two".to_vec(), b"three".to_vec()]
        );
        assert_eq!(recovered.state_seqs("ottawa", "FI").unwrap(), vec![1, 2, 3]);
        assert_eq!(recovered.hash_index_rows().unwrap().len(), 3);
    }

    #[test]
    fn a_journal_that_does_not_continue_the_store_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        let store = Store::create(&a).unwrap();
        append_one(&store, b"one");
        drop(store);
        let store = Store::create(&b).unwrap();
        append_one(&store, b"another one");
        append_one(&store, b"two");
        drop(store);
        std::fs::copy(b.join(journal::FILE_NAME), a.join(journal::FILE_NAME)).unwrap();
        let err = Store::open(&a, Duration::ZERO)
            .err()
            .expect("a foreign journal is refused");
        assert!(
            err.to_string()
                .contains("its journal holds entries 2 to 2 chained to entry 1"),
            "{err}"
        );
    }

    #[test]
    fn a_checkpoint_empties_the_journal_and_loses_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("l");
        let store = Store::create(&path).unwrap();
        let big = vec![7u8; 64 * 1024];
        for _ in 0..20 {
            append_one(&store, &big);
        }
        assert!(store.lock_journal().len() > CHECKPOINT_BYTES);
        drop(store);
        assert!(Journal::open(&path).unwrap().1.is_empty());
        let store = Store::open(&path, Duration::ZERO).unwrap();
        assert_eq!(store.head().unwrap().entries, 20);
        assert!(store.entries().all(|e| e.unwrap().1 == big));
    }

    #[test]
    fn an_unfinished_snapshot_does_not_make_the_ledger_unreadable() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("l");
        drop(Store::create(&path).unwrap());
        // What a process killed while sled writes its snapshot leaves behind.
        std::fs::write(path.join("snap.FFFFFFFFFFFFFFFF.generating"), b"partial").unwrap();
        assert_eq!(
            Store::open(&path, Duration::ZERO).unwrap().head().unwrap(),
            Prefix::EMPTY
        );
        assert!(!path.join("snap.FFFFFFFFFFFFFFFF.generating").exists());
    }

    #[test]
    fn a_store_of_another_layout_is_refused_and_left_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("l");
        drop(Store::create(&path).unwrap());
        std::fs::remove_file(path.join(journal::FILE_NAME)).unwrap();
        {
            let db = sled::open(&path).unwrap();
            db.insert(LAYOUT_KEY, &3u16.to_be_bytes()).unwrap();
            db.flush().unwrap();
        }
        let err = Store::open(&path, Duration::ZERO)
            .err()
            .expect("layout 3 is refused");
        assert!(err.to_string().contains("it uses store layout 3"), "{err}");
        assert!(!path.join(journal::FILE_NAME).exists());
    }

    #[test]
    fn create_and_open_refuse_the_wrong_directory() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("l");
        assert!(matches!(
            Store::open(&path, Duration::ZERO),
            Err(StoreError::Missing(_))
        ));
        drop(Store::create(&path).unwrap());
        assert!(matches!(Store::create(&path), Err(StoreError::Exists(_))));
        assert_eq!(
            Store::open(&path, Duration::ZERO).unwrap().head().unwrap(),
            Prefix::EMPTY
        );
    }
}
