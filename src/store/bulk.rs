//! A bulk append: entries written straight into the files as they come, past the committed
//! lengths where no reader looks, and committed at the end by a new journal. Nothing of it is
//! in the ledger until that rename; a bulk append dropped before it, or one whose commit fails,
//! cuts the files back to what was committed. Only the last few megabytes of frames are held in
//! memory, so an append of a million entries costs little more memory than one of a thousand.

use super::bytes::Reader;
use super::chains;
use super::disk;
use super::files::{self, Place, SEQ_RECORD};
use super::journal::{self, sync_dir};
use super::snapshot::Snapshot;
use super::state::{State, TreatyFile};
use super::{NewEntry, Result, Store, StoreError, Writer};
use crate::chain::merkle::{CHUNK_LEVEL, Growth};
use crate::chain::prefix::Prefix;
use crate::vocabulary::digest::Digest;
use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::MutexGuard;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Past this many bytes held, the frames and records are written out.
const HELD_BYTES: usize = 16 << 20;

/// Bytes for one file not written yet: they go at `at`.
#[derive(Default)]
struct Pending {
    at: u64,
    bytes: Vec<u8>,
}

/// A bulk append in progress, holding the writer's lock.
pub struct Bulk<'s> {
    store: &'s Store,
    writer: MutexGuard<'s, Writer>,
    /// The state committed before the append: what a failure cuts the files back to.
    committed: State,
    /// The state as the entries pushed so far extend it.
    state: State,
    numbers: HashMap<String, u32>,
    /// Per treaty file, by number, the frames not written yet.
    treaties: Vec<Pending>,
    seqs: Pending,
    held: usize,
    /// Per Merkle level, the nodes not written yet.
    levels: BTreeMap<u8, Pending>,
    /// Each entry of the append: (treaty number, frame offset, frame length).
    places: Vec<(u32, u64, u32)>,
    /// The number of the append's first entry.
    first: u64,
    done: bool,
}

impl Store {
    /// Starts a bulk append after `expected`, which must be the head. The journal's records go
    /// into the files with it, and are settled by the same commit.
    pub fn bulk(&self, expected: Prefix) -> Result<Bulk<'_>> {
        let writer = self.writer()?;
        let current = self.head()?;
        if current != expected {
            return Err(StoreError::Moved {
                expected: expected.entries,
                found: current.entries,
            });
        }
        let snapshot = self.snapshot();
        let committed = snapshot.state().clone();
        let numbers = committed
            .treaties
            .iter()
            .enumerate()
            .map(|(n, t)| (t.id.clone(), n as u32))
            .collect();
        let treaties = committed
            .treaties
            .iter()
            .map(|t| Pending {
                at: t.len,
                bytes: Vec::new(),
            })
            .collect();
        let seqs = Pending {
            at: committed.head.entries * SEQ_RECORD,
            bytes: Vec::new(),
        };
        let mut bulk = Bulk {
            store: self,
            writer,
            state: committed.clone(),
            committed,
            numbers,
            treaties,
            seqs,
            held: 0,
            levels: BTreeMap::new(),
            places: Vec::new(),
            first: current.entries + 1,
            done: false,
        };
        for record in snapshot.records() {
            for id in &record.new_treaties {
                bulk.number(id);
            }
            for e in &record.entries {
                let treaty = bulk.state.treaties[e.treaty as usize].id.clone();
                bulk.write(&NewEntry {
                    seq: e.seq,
                    hash: e.hash,
                    bytes: &e.bytes,
                    treaty: &treaty,
                    state: Some(e.state.as_str()).filter(|s| !s.is_empty()),
                })?;
            }
            for &(level, index, hash) in &record.nodes {
                bulk.add_node(level, index, hash)?;
            }
        }
        drop(snapshot);
        Ok(bulk)
    }
}

impl Bulk<'_> {
    /// Adds the next entry (numbered on from the last).
    pub fn push(&mut self, e: &NewEntry<'_>) -> Result<()> {
        let place = self.write(e)?;
        self.places.push(place);
        Ok(())
    }

    /// Adds an entry's frame and `seqs` record; returns where the frame is.
    fn write(&mut self, e: &NewEntry<'_>) -> Result<(u32, u64, u32)> {
        let due = self.state.head.entries + 1;
        if e.seq != due {
            return Err(StoreError::Moved {
                expected: due - 1,
                found: e.seq - 1,
            });
        }
        let number = self.number(e.treaty);
        let treaty = &mut self.treaties[number as usize];
        let offset = treaty.at + treaty.bytes.len() as u64;
        files::put_frame(&mut treaty.bytes, e.seq, e.state.unwrap_or(""), e.bytes);
        let len = treaty.at + treaty.bytes.len() as u64 - offset;
        let place = Place {
            treaty: number,
            offset,
            len: len as u32,
            hash: e.hash,
        };
        self.seqs.bytes.extend_from_slice(&place.encode());
        self.state.treaties[number as usize].len += len;
        self.state.head = Prefix {
            entries: e.seq,
            head: e.hash,
        };
        self.held += len as usize + SEQ_RECORD as usize;
        if self.held > HELD_BYTES {
            self.write_out()?;
        }
        Ok((number, offset, len as u32))
    }

    /// Adds a Merkle node; nodes of a level come in index order.
    fn add_node(&mut self, level: u8, index: u64, hash: Digest) -> Result<()> {
        let path = files::level_path(self.dir(), level);
        let slot = level.checked_sub(CHUNK_LEVEL).map(usize::from);
        let due = slot.map(|s| self.state.levels.get(s).copied().unwrap_or(0));
        let (Some(slot), true) = (slot, due == Some(index)) else {
            return Err(self.store.damaged(
                &path,
                &format!("an append completes node {index} of level {level} out of order"),
            ));
        };
        if self.state.levels.len() <= slot {
            self.state.levels.resize(slot + 1, 0);
        }
        self.levels
            .entry(level)
            .or_insert_with(|| Pending {
                at: index * 32,
                bytes: Vec::new(),
            })
            .bytes
            .extend_from_slice(&hash.0);
        self.state.levels[slot] += 1;
        Ok(())
    }

    /// The number of a treaty's file; one first met now gets the next.
    fn number(&mut self, id: &str) -> u32 {
        if let Some(&n) = self.numbers.get(id) {
            return n;
        }
        let n = self.state.treaties.len() as u32;
        self.state.treaties.push(TreatyFile {
            id: id.to_string(),
            len: 0,
        });
        self.treaties.push(Pending::default());
        self.numbers.insert(id.to_string(), n);
        n
    }

    /// Entry `seq` of this append, as (treaty, state, canonical bytes); `None` if it has no
    /// such entry.
    pub fn entry(&self, seq: u64) -> Result<Option<(&str, String, Vec<u8>)>> {
        let Some(i) = seq
            .checked_sub(self.first)
            .and_then(|i| usize::try_from(i).ok())
        else {
            return Ok(None);
        };
        let Some(&(number, offset, len)) = self.places.get(i) else {
            return Ok(None);
        };
        let pending = &self.treaties[number as usize];
        let path = files::treaty_path(self.dir(), number);
        let frame = if offset >= pending.at {
            let start = (offset - pending.at) as usize;
            pending.bytes[start..start + len as usize].to_vec()
        } else {
            files::read_at(&path, offset, u64::from(len))
                .map_err(|e| self.store.io_error(&path, e))?
        };
        let mut r = Reader(&frame);
        let decoded = r.u32().and_then(|_| Some((r.u64()?, r.name()?, r.0)));
        match decoded {
            Some((s, state, bytes)) if s == seq => Ok(Some((
                &self.state.treaties[number as usize].id,
                state.to_string(),
                bytes.to_vec(),
            ))),
            _ => Err(self.store.damaged(
                &path,
                &format!("the frame written for entry {seq} does not read back"),
            )),
        }
    }

    fn dir(&self) -> &Path {
        &self.store.dir
    }

    /// Writes the frames and records held to their files (not yet forced to disk).
    fn write_out(&mut self) -> Result<()> {
        let dir = self.store.dir.clone();
        for (n, pending) in self.treaties.iter_mut().enumerate() {
            write_pending(self.store, &files::treaty_path(&dir, n as u32), pending)?;
        }
        write_pending(self.store, &files::seqs_path(&dir), &mut self.seqs)?;
        self.held = 0;
        Ok(())
    }

    /// Writes the Merkle nodes the append completes, forces every file written to disk and
    /// commits the append with a new journal. Returns the new head.
    pub fn commit(mut self, growth: &Growth) -> Result<Prefix> {
        for &(level, index, hash) in &growth.nodes {
            self.add_node(level, index, hash)?;
        }
        self.write_out()?;
        let dir = self.store.dir.clone();
        for (&level, pending) in &mut self.levels {
            write_pending(self.store, &files::level_path(&dir, level), pending)?;
        }
        self.sync()?;
        let replaced =
            journal::replace(&dir, &self.state).map_err(|e| self.store.io_error(&dir, e))?;
        self.writer.journal = replaced.journal;
        // Derived data, as after a settling: a commit that cannot write it still stands.
        if let Some(chains) = chains::after_bulk(&dir, &self.committed, &self.state) {
            let _ = chains::write(&dir, &chains);
        }
        let head = self.state.head;
        *self
            .store
            .snapshot
            .write()
            .unwrap_or_else(|p| p.into_inner()) = Snapshot::new(self.state.clone(), Vec::new());
        self.done = true;
        self.store.derive();
        match replaced.unsynced {
            Some(e) => Err(self.store.io_error(&dir, journal::not_durable(e))),
            None => Ok(head),
        }
    }

    /// Forces to disk every file the append wrote, and the directories of new ones.
    fn sync(&self) -> Result<()> {
        let dir = self.dir();
        let mut written: Vec<PathBuf> = Vec::new();
        for (n, t) in self.state.treaties.iter().enumerate() {
            let before = self.committed.treaties.get(n).map_or(0, |c| c.len);
            if t.len > before {
                written.push(files::treaty_path(dir, n as u32));
            }
        }
        written.push(files::seqs_path(dir));
        written.extend(
            self.levels
                .keys()
                .map(|&level| files::level_path(dir, level)),
        );
        sync_all(&written).map_err(|(path, e)| self.store.io_error(&path, e))?;
        // New files' names are made durable too (three syncs, whether or not there are any).
        for sub in [files::ENTRIES_DIR, files::MERKLE_DIR] {
            let sub = dir.join(sub);
            if sub.exists() {
                sync_dir(&sub).map_err(|e| self.store.io_error(&sub, e))?;
            }
        }
        sync_dir(dir).map_err(|e| self.store.io_error(dir, e))
    }
}

/// How many files are forced to disk at once. A file system commits the syncs that wait
/// together in one journal commit, so that thousands of treaty files cost a few device round
/// trips rather than one each (here 2 s for 500 files one by one, 0.15 s sixteen at a time).
const SYNCS_AT_ONCE: usize = 16;

/// Forces every file to disk, several at a time; the first failure, with its file.
fn sync_all(paths: &[PathBuf]) -> std::result::Result<(), (PathBuf, std::io::Error)> {
    let next = AtomicUsize::new(0);
    let work = || -> std::result::Result<(), (PathBuf, std::io::Error)> {
        loop {
            let Some(path) = paths.get(next.fetch_add(1, Ordering::Relaxed)) else {
                return Ok(());
            };
            File::open(path)
                .and_then(|f| disk::sync_data(&f, path))
                .map_err(|e| (path.clone(), e))?;
        }
    };
    std::thread::scope(|scope| {
        // An injected fault strikes the thread it was armed on: then this thread syncs alone.
        let at_once = if disk::armed() { 1 } else { SYNCS_AT_ONCE };
        let helpers: Vec<_> = (1..at_once.min(paths.len()))
            .map(|_| scope.spawn(work))
            .collect();
        let mine = work();
        helpers
            .into_iter()
            .map(|h| {
                h.join().unwrap_or_else(|_| {
                    let failed = std::io::Error::other("a thread forcing files to disk failed");
                    Err((PathBuf::new(), failed))
                })
            })
            .chain([mine])
            .collect()
    })
}

/// Writes `pending`'s bytes at their place in the file at `path`, creating it if need be.
fn write_pending(store: &Store, path: &Path, pending: &mut Pending) -> Result<()> {
    if pending.bytes.is_empty() {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        disk::create_dir_all(parent).map_err(|e| store.io_error(parent, e))?;
    }
    disk::open(path, true, false)
        .and_then(|f| disk::write_at(&f, path, &pending.bytes, pending.at))
        .map_err(|e| store.io_error(path, e))?;
    pending.at += pending.bytes.len() as u64;
    pending.bytes.clear();
    Ok(())
}

impl Drop for Bulk<'_> {
    /// An append not committed leaves nothing: what it wrote is cut back.
    fn drop(&mut self) {
        if !self.done {
            let _ = files::cut_back(&self.store.dir, &self.committed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chain::merkle;

    /// Pushes `count` entries of treaty `treaty` (each its own bytes) into a bulk append.
    fn push(bulk: &mut Bulk<'_>, from: u64, count: u64, treaty: &str) -> Vec<Digest> {
        let mut hashes = Vec::new();
        for seq in from..from + count {
            let bytes = format!("entry {seq}").into_bytes();
            let hash = Digest::of("test", &bytes);
            bulk.push(&NewEntry {
                seq,
                hash,
                bytes: &bytes,
                treaty,
                state: Some("FI"),
            })
            .unwrap();
            hashes.push(hash);
        }
        hashes
    }

    /// The journal's records go in with the bulk; a bulk dropped before its commit leaves the
    /// files as they were; one committed is read back, in files and Merkle tree alike.
    #[test]
    fn a_bulk_append_is_in_the_ledger_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("l");
        let store = Store::create(&path).unwrap();
        let reg = NewEntry {
            seq: 1,
            hash: Digest::of("test", b"reg"),
            bytes: b"reg",
            treaty: "ottawa",
            state: None,
        };
        let growth = merkle::grow(&store, 0, &[reg.hash]).unwrap();
        let head = store.append(Prefix::EMPTY, &[reg], &growth).unwrap();
        let mut bulk = store.bulk(head).unwrap();
        push(&mut bulk, 2, 5000, "rome");
        assert_eq!(bulk.entry(3).unwrap().unwrap().2, b"entry 3");
        drop(bulk);
        assert_eq!(store.head().unwrap(), head);
        assert!(!files::treaty_path(&path, 1).exists());
        assert_eq!(store.entries().count(), 1);

        let mut bulk = store.bulk(head).unwrap();
        let hashes = push(&mut bulk, 2, 5000, "rome");
        let (treaty, state, bytes) = bulk.entry(4000).unwrap().unwrap();
        assert_eq!(
            (treaty, state.as_str(), &bytes[..]),
            ("rome", "FI", &b"entry 4000"[..])
        );
        let growth = merkle::grow(&store, 1, &hashes).unwrap();
        let end = bulk.commit(&growth).unwrap();
        assert_eq!(end.entries, 5001);
        assert!(store.snapshot().records().is_empty());
        drop(store);
        let store = Store::open_read(&path).unwrap();
        assert_eq!(store.head().unwrap(), end);
        assert_eq!(store.entry(1).unwrap().unwrap().bytes, b"reg");
        assert_eq!(store.entry(5001).unwrap().unwrap().bytes, b"entry 5001");
        assert_eq!(store.treaty_seqs("rome").unwrap().len(), 5000);
        let mut all = vec![reg.hash];
        all.extend(hashes);
        let fresh = merkle::grow(&Store::create(&dir.path().join("m")).unwrap(), 0, &all).unwrap();
        let mut stored = store.merkle_nodes().unwrap();
        stored.sort();
        let mut expected = fresh.nodes;
        expected.sort();
        assert_eq!(stored, expected);
    }
}
