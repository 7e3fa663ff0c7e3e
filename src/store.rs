//! The durable store: the only module that knows sled.
//!
//! One sled tree holds everything, under one-byte key prefixes, so that an append (entries,
//! indexes and head together) is one atomic `apply_batch`:
//!
//! | key                                    | value                      |
//! |----------------------------------------|----------------------------|
//! | `E` seq(u64 BE)                        | the entry's canonical bytes|
//! | `H` hash(32)                           | seq (u64 BE)               |
//! | `S` treaty 0x00 state 0x00 seq         | empty (state empty for treaty-level entries) |
//! | `L` chunk(u64 BE)                      | up to 64 Merkle leaf hashes |
//! | `N` level(u8) index(u64 BE)            | a Merkle node (32)         |
//! | `D` digest(32)                         | an archived source document |
//! | `d` digest(32)                         | its description (JSON)     |
//! | `M` `head`                             | count (u64 BE) ‖ hash(32)  |
//! | `M` `layout`                           | store layout version (u16 BE) |
//!
//! An append is acknowledged only after sled's `flush()` and a real `fdatasync` of sled's files:
//! sled 0.34.7 flushes with `sync_file_range`, which neither reaches the drive's cache nor covers
//! new blob files.

use crate::digest::Digest;
use crate::merkle::{Growth, Stored};
use std::collections::HashSet;
use std::ffi::OsString;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant as Clock};

const ENTRY: u8 = b'E';
const HASH: u8 = b'H';
const STATE: u8 = b'S';
const CHUNK: u8 = b'L';
const DOCUMENT: u8 = b'D';
const DOCUMENT_META: u8 = b'd';
const NODE: u8 = b'N';
const HEAD_KEY: &[u8] = b"Mhead";
const LAYOUT_KEY: &[u8] = b"Mlayout";
const LAYOUT_VERSION: u16 = 3;

/// How long to wait for another process to let go of the ledger.
const LOCK_WAIT: Duration = Duration::from_secs(5);

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the ledger at {0} is in use by another process")]
    InUse(PathBuf),
    #[error("there is no ledger at {0}")]
    Missing(PathBuf),
    #[error("a ledger already exists at {0}")]
    Exists(PathBuf),
    #[error(
        "the ledger changed while this command ran (expected {expected} entries, found {found})"
    )]
    Moved { expected: u64, found: u64 },
    #[error("the store at {path} is damaged: {what}")]
    Damaged { path: PathBuf, what: String },
    #[error("storage error at {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("storage error at {path}: {source}")]
    Sled { path: PathBuf, source: sled::Error },
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// The number of entries and the last entry's hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Head {
    pub count: u64,
    pub hash: Digest,
}

impl Head {
    pub const EMPTY: Head = Head {
        count: 0,
        hash: Digest::ZERO,
    };
}

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

/// Every index key the store holds, decoded, for `verify` to compare with what the entries imply.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum IndexRow {
    Hash(Digest, u64),
    State(String, String, u64),
}

pub struct Store {
    db: sled::Db,
    dir: PathBuf,
    /// Serialises appends in this process; sled's file lock keeps other processes out.
    append_lock: Mutex<()>,
    /// Blob files already forced to disk, so each is synced (with its directory) once.
    synced_blobs: Mutex<HashSet<OsString>>,
}

impl Store {
    /// Creates a new, empty ledger; refuses a directory that already holds one.
    pub fn create(dir: &Path) -> Result<Store> {
        if dir.join("db").exists() {
            return Err(StoreError::Exists(dir.to_path_buf()));
        }
        let store = Store::open_db(dir)?;
        let mut batch = sled::Batch::default();
        batch.insert(LAYOUT_KEY, &LAYOUT_VERSION.to_be_bytes());
        batch.insert(HEAD_KEY, encode_head(Head::EMPTY));
        store.db.apply_batch(batch).map_err(|e| store.sled(e))?;
        store.sync()?;
        // sled never syncs its configuration file or the directory entries it creates.
        sync_file(&dir.join("conf")).map_err(|e| store.io(e))?;
        sync_path(dir).map_err(|e| store.io(e))?;
        if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
            sync_path(parent).map_err(|e| store.io(e))?;
        }
        Ok(store)
    }

    /// Opens an existing ledger, waiting briefly if another process holds it.
    pub fn open(dir: &Path) -> Result<Store> {
        if !dir.join("db").exists() {
            return Err(StoreError::Missing(dir.to_path_buf()));
        }
        let store = Store::open_db(dir)?;
        match store.db.get(LAYOUT_KEY).map_err(|e| store.sled(e))? {
            Some(v) if v.as_ref() == LAYOUT_VERSION.to_be_bytes() => Ok(store),
            Some(v) => Err(store.damaged(&format!(
                "it uses store layout {}, and this build reads layout {LAYOUT_VERSION}; rebuild it from an export with a matching pacta",
                v.get(..2).map_or(0, |b| u16::from_be_bytes([b[0], b[1]]))
            ))),
            None => Err(StoreError::Missing(dir.to_path_buf())),
        }
    }

    fn open_db(dir: &Path) -> Result<Store> {
        let started = Clock::now();
        loop {
            let opened = remove_unfinished_snapshots(dir).and_then(|()| {
                sled::Config::new().path(dir).open().map_err(|e| match e {
                    sled::Error::Io(e) if is_lock_conflict(&e) => Opening::Locked,
                    e => Opening::Failed(StoreError::Sled {
                        path: dir.to_path_buf(),
                        source: e,
                    }),
                })
            });
            match opened {
                Ok(db) => {
                    return Ok(Store {
                        db,
                        dir: dir.to_path_buf(),
                        append_lock: Mutex::new(()),
                        synced_blobs: Mutex::new(HashSet::new()),
                    });
                }
                Err(Opening::Locked) if started.elapsed() < LOCK_WAIT => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(Opening::Locked) => return Err(StoreError::InUse(dir.to_path_buf())),
                Err(Opening::Failed(e)) => return Err(e),
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    pub fn head(&self) -> Result<Head> {
        let raw = self.db.get(HEAD_KEY).map_err(|e| self.sled(e))?;
        let raw = raw.ok_or_else(|| self.damaged("the head record is missing"))?;
        decode_head(&raw).ok_or_else(|| self.damaged("the head record is not 40 bytes"))
    }

    /// Appends entries atomically after `expected`, with the Merkle rows they add, and makes
    /// them durable before returning.
    pub fn append(
        &self,
        expected: Head,
        entries: &[NewEntry<'_>],
        growth: &Growth,
    ) -> Result<Head> {
        let _guard = self
            .append_lock
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let current = self.head()?;
        if current != expected {
            return Err(StoreError::Moved {
                expected: expected.count,
                found: current.count,
            });
        }
        let Some(last) = entries.last() else {
            return Ok(current);
        };
        let mut batch = sled::Batch::default();
        for entry in entries {
            let seq = entry.seq.to_be_bytes();
            batch.insert(key(ENTRY, &[&seq]), entry.bytes);
            batch.insert(key(HASH, &[&entry.hash.0]), &seq);
            if let Some(treaty) = entry.treaty {
                let state = entry.state.unwrap_or("");
                batch.insert(
                    key(
                        STATE,
                        &[treaty.as_bytes(), &[0], state.as_bytes(), &[0], &seq],
                    ),
                    &[],
                );
            }
        }
        for (chunk, leaves) in &growth.chunks {
            batch.insert(key(CHUNK, &[&chunk.to_be_bytes()]), leaves.as_slice());
        }
        for (level, index, hash) in &growth.nodes {
            batch.insert(key(NODE, &[&[*level], &index.to_be_bytes()]), &hash.0);
        }
        let head = Head {
            count: last.seq,
            hash: last.hash,
        };
        batch.insert(HEAD_KEY, encode_head(head));
        self.db.apply_batch(batch).map_err(|e| self.sled(e))?;
        self.sync()?;
        Ok(head)
    }

    /// Flushes sled, then forces its files to stable storage: the log file always, and any blob
    /// file sled wrote since the last sync (sled writes large values to files of their own).
    fn sync(&self) -> Result<()> {
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

    pub fn entry_bytes(&self, seq: u64) -> Result<Option<Vec<u8>>> {
        let raw = self
            .db
            .get(key(ENTRY, &[&seq.to_be_bytes()]))
            .map_err(|e| self.sled(e))?;
        Ok(raw.map(|v| v.to_vec()))
    }

    /// Every stored entry in sequence order, as (seq, bytes).
    pub fn entries(&self) -> impl Iterator<Item = Result<(u64, Vec<u8>)>> + '_ {
        self.db.scan_prefix([ENTRY]).map(move |item| {
            let (k, v) = item.map_err(|e| self.sled(e))?;
            let seq = be_u64(&k[1..]).ok_or_else(|| self.damaged("an entry key is not 9 bytes"))?;
            Ok((seq, v.to_vec()))
        })
    }

    /// The stored entries numbered `from..to`, in order, as (seq, bytes).
    pub fn entries_between(
        &self,
        from: u64,
        to: u64,
    ) -> impl Iterator<Item = Result<(u64, Vec<u8>)>> + '_ {
        self.db
            .range(key(ENTRY, &[&from.to_be_bytes()])..key(ENTRY, &[&to.to_be_bytes()]))
            .map(move |item| {
                let (k, v) = item.map_err(|e| self.sled(e))?;
                let seq =
                    be_u64(&k[1..]).ok_or_else(|| self.damaged("an entry key is not 9 bytes"))?;
                Ok((seq, v.to_vec()))
            })
    }

    pub fn seq_for_hash(&self, hash: &Digest) -> Result<Option<u64>> {
        let raw = self
            .db
            .get(key(HASH, &[&hash.0]))
            .map_err(|e| self.sled(e))?;
        raw.map(|v| be_u64(&v).ok_or_else(|| self.damaged("a hash index value is not 8 bytes")))
            .transpose()
    }

    /// Sequence numbers of entries whose hash starts with the given bytes.
    pub fn seqs_for_hash_prefix(&self, prefix: &[u8]) -> Result<Vec<(Digest, u64)>> {
        self.index(&[HASH], prefix)?
            .into_iter()
            .map(|row| match row {
                IndexRow::Hash(hash, seq) => Ok((hash, seq)),
                _ => Err(self.damaged("a hash index key is malformed")),
            })
            .collect()
    }

    /// Sequence numbers of every entry indexed under a treaty, in order: the union of its
    /// per-state rows (a separate treaty row per entry would cost a third of a bulk append).
    pub fn treaty_seqs(&self, treaty: &str) -> Result<Vec<u64>> {
        let prefix = key(STATE, &[treaty.as_bytes(), &[0]]);
        let mut seqs = self
            .db
            .scan_prefix(&prefix)
            .map(|item| {
                let (k, _) = item.map_err(|e| self.sled(e))?;
                let tail = k.len().checked_sub(8).filter(|&t| t >= prefix.len());
                tail.and_then(|t| be_u64(&k[t..]))
                    .ok_or_else(|| self.damaged("an index key is malformed"))
            })
            .collect::<Result<Vec<u64>>>()?;
        seqs.sort_unstable();
        Ok(seqs)
    }

    /// Every treaty id in the index, in order, found with one seek per treaty.
    pub fn treaty_ids(&self) -> Result<Vec<String>> {
        let mut ids = Vec::new();
        let mut from = vec![STATE];
        while let Some(item) = self.db.range(from.clone()..).next() {
            let (k, _) = item.map_err(|e| self.sled(e))?;
            let Some(body) = k.strip_prefix(&[STATE]) else {
                break;
            };
            let end = body
                .iter()
                .position(|&b| b == 0)
                .ok_or_else(|| self.damaged("an index key is malformed"))?;
            let id = &body[..end];
            ids.push(
                String::from_utf8(id.to_vec())
                    .map_err(|_| self.damaged("a treaty id is not UTF-8"))?,
            );
            // The first key past every row of this treaty.
            from = key(STATE, &[id, &[1]]);
        }
        Ok(ids)
    }

    /// Sequence numbers of every entry indexed under a treaty and state, in order; the empty state
    /// names the treaty-level entries (registrations, treaty-wide dates).
    pub fn state_seqs(&self, treaty: &str, state: &str) -> Result<Vec<u64>> {
        self.seqs_under(key(
            STATE,
            &[treaty.as_bytes(), &[0], state.as_bytes(), &[0]],
        ))
    }

    fn seqs_under(&self, prefix: Vec<u8>) -> Result<Vec<u64>> {
        self.db
            .scan_prefix(&prefix)
            .map(|item| {
                let (k, _) = item.map_err(|e| self.sled(e))?;
                be_u64(&k[prefix.len()..]).ok_or_else(|| self.damaged("an index key is malformed"))
            })
            .collect()
    }

    /// Every index row, decoded, in key order.
    pub fn index_rows(&self) -> Result<Vec<IndexRow>> {
        let mut rows = self.index(&[HASH], &[])?;
        rows.extend(self.index(&[STATE], &[])?);
        Ok(rows)
    }

    fn index(&self, prefix: &[u8], more: &[u8]) -> Result<Vec<IndexRow>> {
        let mut scan = prefix.to_vec();
        scan.extend_from_slice(more);
        self.db
            .scan_prefix(scan)
            .map(|item| {
                let (k, v) = item.map_err(|e| self.sled(e))?;
                decode_index(&k, &v).ok_or_else(|| self.damaged("an index key is malformed"))
            })
            .collect()
    }

    /// Every key the store holds that is neither an entry, an index row nor metadata. Only the
    /// gaps between the known prefixes are scanned, not the entries and indexes again.
    pub fn stray_keys(&self) -> Result<Vec<Vec<u8>>> {
        let known = [
            DOCUMENT,
            ENTRY,
            HASH,
            CHUNK,
            b'M',
            NODE,
            STATE,
            DOCUMENT_META,
        ];
        let mut stray = Vec::new();
        let mut from: Vec<u8> = Vec::new();
        for prefix in known {
            stray.extend(self.keys_in(from.clone()..vec![prefix])?);
            from = vec![prefix + 1];
        }
        stray.extend(self.keys_in(from..)?);
        let meta = self.keys_in(b"M".to_vec()..b"N".to_vec())?;
        stray.extend(
            meta.into_iter()
                .filter(|k| k != HEAD_KEY && k != LAYOUT_KEY),
        );
        Ok(stray)
    }

    fn keys_in(&self, range: impl std::ops::RangeBounds<Vec<u8>>) -> Result<Vec<Vec<u8>>> {
        self.db
            .range(range)
            .map(|item| item.map(|(k, _)| k.to_vec()).map_err(|e| self.sled(e)))
            .collect()
    }

    /// Archives a document and its description under its digest, durably; a document already
    /// held is left as it is.
    pub fn put_source(&self, digest: &Digest, bytes: &[u8], description: &[u8]) -> Result<bool> {
        let _guard = self
            .append_lock
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if self.source(digest)?.is_some() {
            return Ok(false);
        }
        let mut batch = sled::Batch::default();
        batch.insert(key(DOCUMENT, &[&digest.0]), bytes);
        batch.insert(key(DOCUMENT_META, &[&digest.0]), description);
        self.db.apply_batch(batch).map_err(|e| self.sled(e))?;
        self.sync()?;
        Ok(true)
    }

    pub fn source(&self, digest: &Digest) -> Result<Option<Vec<u8>>> {
        let raw = self
            .db
            .get(key(DOCUMENT, &[&digest.0]))
            .map_err(|e| self.sled(e))?;
        Ok(raw.map(|v| v.to_vec()))
    }

    pub fn source_description(&self, digest: &Digest) -> Result<Option<Vec<u8>>> {
        let raw = self
            .db
            .get(key(DOCUMENT_META, &[&digest.0]))
            .map_err(|e| self.sled(e))?;
        Ok(raw.map(|v| v.to_vec()))
    }

    /// Every archived document's digest key and bytes, in digest order.
    pub fn sources(&self) -> impl Iterator<Item = Result<(Digest, Vec<u8>)>> + '_ {
        self.db.scan_prefix([DOCUMENT]).map(move |item| {
            let (k, v) = item.map_err(|e| self.sled(e))?;
            let digest = k[1..]
                .try_into()
                .map(Digest)
                .map_err(|_| self.damaged("a document key is malformed"))?;
            Ok((digest, v.to_vec()))
        })
    }

    /// Every stored Merkle chunk, in order.
    pub fn merkle_chunks(&self) -> impl Iterator<Item = Result<(u64, Vec<u8>)>> + '_ {
        self.db.scan_prefix([CHUNK]).map(move |item| {
            let (k, v) = item.map_err(|e| self.sled(e))?;
            let chunk =
                be_u64(&k[1..]).ok_or_else(|| self.damaged("a Merkle chunk key is malformed"))?;
            Ok((chunk, v.to_vec()))
        })
    }

    /// Every stored Merkle node, in key order.
    pub fn merkle_nodes(&self) -> Result<Vec<(u8, u64, Digest)>> {
        self.db
            .scan_prefix([NODE])
            .map(|item| {
                let (k, v) = item.map_err(|e| self.sled(e))?;
                let node = (k.len() == 10)
                    .then(|| Some((k[1], be_u64(&k[2..])?, Digest(v.as_ref().try_into().ok()?))))
                    .flatten();
                node.ok_or_else(|| self.damaged("a Merkle node row is malformed"))
            })
            .collect()
    }

    fn sled(&self, source: sled::Error) -> StoreError {
        StoreError::Sled {
            path: self.dir.clone(),
            source,
        }
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

impl Stored for Store {
    type Error = StoreError;

    fn chunk(&self, chunk: u64) -> Result<Option<Vec<u8>>> {
        let raw = self
            .db
            .get(key(CHUNK, &[&chunk.to_be_bytes()]))
            .map_err(|e| self.sled(e))?;
        Ok(raw.map(|v| v.to_vec()))
    }

    fn node(&self, level: u8, index: u64) -> Result<Option<Digest>> {
        let raw = self
            .db
            .get(key(NODE, &[&[level], &index.to_be_bytes()]))
            .map_err(|e| self.sled(e))?;
        raw.map(|v| {
            v.as_ref()
                .try_into()
                .map(Digest)
                .map_err(|_| self.damaged("a Merkle node is not 32 bytes"))
        })
        .transpose()
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        // Every append already synced; this only spares sled recovery work on the next open.
        let _ = self.db.flush();
    }
}

/// Why one attempt to open the database did not succeed.
enum Opening {
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
fn remove_unfinished_snapshots(dir: &Path) -> std::result::Result<(), Opening> {
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

fn key(prefix: u8, parts: &[&[u8]]) -> Vec<u8> {
    let mut k = vec![prefix];
    for part in parts {
        k.extend_from_slice(part);
    }
    k
}

fn be_u64(bytes: &[u8]) -> Option<u64> {
    Some(u64::from_be_bytes(bytes.try_into().ok()?))
}

fn encode_head(head: Head) -> Vec<u8> {
    let mut raw = head.count.to_be_bytes().to_vec();
    raw.extend_from_slice(&head.hash.0);
    raw
}

fn decode_head(raw: &[u8]) -> Option<Head> {
    let (count, hash) = raw.split_at_checked(8)?;
    Some(Head {
        count: be_u64(count)?,
        hash: Digest(hash.try_into().ok()?),
    })
}

fn decode_index(k: &[u8], v: &[u8]) -> Option<IndexRow> {
    let (&prefix, rest) = k.split_first()?;
    let (body, seq) = rest.split_at_checked(rest.len().checked_sub(8)?)?;
    match prefix {
        HASH => Some(IndexRow::Hash(Digest(rest.try_into().ok()?), be_u64(v)?)),
        STATE => {
            let body = body.strip_suffix(&[0])?;
            let split = body.iter().position(|&b| b == 0)?;
            let (treaty, state) = (&body[..split], &body[split + 1..]);
            Some(IndexRow::State(
                String::from_utf8(treaty.to_vec()).ok()?,
                String::from_utf8(state.to_vec()).ok()?,
                be_u64(seq)?,
            ))
        }
        _ => None,
    }
}

fn sync_file(path: &Path) -> std::io::Result<()> {
    File::open(path)?.sync_data()
}

/// Persists a directory's entries (new files in it) on Linux.
fn sync_path(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(store.head().unwrap(), Head::EMPTY);
        let head = store
            .append(
                Head::EMPTY,
                &[new_entry(1, b"one"), new_entry(2, b"two")],
                &Growth::default(),
            )
            .unwrap();
        assert_eq!(head.count, 2);
        assert!(matches!(
            store.append(Head::EMPTY, &[new_entry(1, b"x")], &Growth::default()),
            Err(StoreError::Moved { .. })
        ));
        assert_eq!(store.treaty_seqs("ottawa").unwrap(), vec![1, 2]);
        assert_eq!(store.state_seqs("ottawa", "FI").unwrap(), vec![1, 2]);
        assert_eq!(store.state_seqs("ottawa", "F").unwrap(), Vec::<u64>::new());
        assert_eq!(
            store.seq_for_hash(&Digest::of("test", b"two")).unwrap(),
            Some(2)
        );
        assert_eq!(store.index_rows().unwrap().len(), 4);
        assert!(store.stray_keys().unwrap().is_empty());
    }

    #[test]
    fn an_unfinished_snapshot_does_not_make_the_ledger_unreadable() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("l");
        drop(Store::create(&path).unwrap());
        // What a process killed while sled writes its snapshot leaves behind.
        std::fs::write(path.join("snap.FFFFFFFFFFFFFFFF.generating"), b"partial").unwrap();
        assert_eq!(Store::open(&path).unwrap().head().unwrap(), Head::EMPTY);
        assert!(!path.join("snap.FFFFFFFFFFFFFFFF.generating").exists());
    }

    #[test]
    fn create_and_open_refuse_the_wrong_directory() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("l");
        assert!(matches!(Store::open(&path), Err(StoreError::Missing(_))));
        drop(Store::create(&path).unwrap());
        assert!(matches!(Store::create(&path), Err(StoreError::Exists(_))));
        assert_eq!(Store::open(&path).unwrap().head().unwrap(), Head::EMPTY);
    }
}
