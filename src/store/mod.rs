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

mod journal;
mod rows;

use crate::chain::merkle::{Growth, Stored};
use crate::chain::prefix::Prefix;
use crate::vocabulary::digest::Digest;
use journal::{Journal, Record};
use rows::be_u64;
use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

const ENTRY: u8 = b'E';
const HASH: u8 = b'H';
const STATE: u8 = b'S';
const TREATY: u8 = b'T';
const CHUNK: u8 = b'L';
const DOCUMENT: u8 = b'D';
const DOCUMENT_META: u8 = b'd';
const NODE: u8 = b'N';
const HEAD_KEY: &[u8] = b"Mhead";
const LAYOUT_KEY: &[u8] = b"Mlayout";
const LAYOUT_VERSION: u16 = 4;

/// How often to try again while another process holds the ledger.
const LOCK_RETRY: Duration = Duration::from_millis(20);

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
    /// The storage engine failed; `what` is its own account.
    #[error("the store at {path} failed: {what}")]
    Engine { path: PathBuf, what: String },
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

/// The (treaty, state) index as `verify` compares it: every entry it indexes, as (seq, treaty,
/// state) with the names as numbers into `names`, in order of seq.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StateIndex {
    pub names: Vec<String>,
    pub rows: Vec<(u64, u32, u32)>,
    /// Name → its number in `names`.
    numbers: HashMap<String, u32>,
}

impl StateIndex {
    /// An empty index that numbers names as `other` does, so that the two compare row by row.
    pub fn numbered_as(other: &StateIndex) -> StateIndex {
        StateIndex {
            names: other.names.clone(),
            rows: Vec::new(),
            numbers: other.numbers.clone(),
        }
    }

    /// The number of a name, given one if it has none yet.
    pub fn name(&mut self, name: &str) -> u32 {
        if let Some(&n) = self.numbers.get(name) {
            return n;
        }
        let n = self.names.len() as u32;
        self.names.push(name.to_string());
        self.numbers.insert(name.to_string(), n);
        n
    }
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

    /// Opens sled's files, trying again every [`LOCK_RETRY`] while another process holds them,
    /// for as many tries as fit in `lock_wait` (counted, not timed: the library reads no clock).
    fn open_db(dir: &Path, lock_wait: Duration) -> Result<sled::Db> {
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

    /// Flushes sled, then forces its files to stable storage: the log file always, and any blob
    /// file sled wrote since the last sync (sled writes large values to files of their own).
    fn make_sled_durable(&self) -> Result<()> {
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

    /// The bytes of entry `seq`, from the run that holds it.
    pub fn entry_bytes(&self, seq: u64) -> Result<Option<Vec<u8>>> {
        let Some((first, run)) = self.run_holding(seq)? else {
            return Ok(None);
        };
        let at = usize::try_from(seq - first).unwrap_or(usize::MAX);
        Ok(rows::split_run(&run).get(at).map(|bytes| bytes.to_vec()))
    }

    /// The bytes of entries `seqs` (ascending), reading each run that holds some of them once:
    /// a treaty loaded in bulk has many of its entries in each run.
    pub fn entries_at(&self, seqs: &[u64]) -> Result<Vec<(u64, Vec<u8>)>> {
        let mut out = Vec::with_capacity(seqs.len());
        let mut rest = seqs;
        while let Some(&seq) = rest.first() {
            let run = self.run_holding(seq)?;
            let (first, value) = run.ok_or_else(|| self.missing(seq))?;
            let entries = rows::split_run(&value);
            let held = rest
                .iter()
                .take_while(|&&s| s >= first && s - first < entries.len() as u64)
                .count();
            if held == 0 {
                return Err(self.missing(seq));
            }
            for &s in &rest[..held] {
                out.push((s, entries[(s - first) as usize].to_vec()));
            }
            rest = &rest[held..];
        }
        Ok(out)
    }

    fn missing(&self, seq: u64) -> StoreError {
        self.damaged(&format!(
            "entry {seq} is indexed but not stored; run `pacta verify`"
        ))
    }

    /// The run that would hold entry `seq`: the last one starting at or before it, as (its
    /// first entry's number, its value).
    fn run_holding(&self, seq: u64) -> Result<Option<(u64, sled::IVec)>> {
        // Most runs hold a single entry (one per single append): a point read finds those, and
        // costs far less than sled's reverse range seek.
        let exact = key(ENTRY, &[&seq.to_be_bytes()]);
        if let Some(run) = self.db.get(&exact).map_err(|e| self.sled(e))? {
            return Ok(Some((seq, run)));
        }
        let last = self
            .db
            .range(key(ENTRY, &[&0u64.to_be_bytes()])..=key(ENTRY, &[&seq.to_be_bytes()]))
            .next_back();
        last.map(|item| {
            let (k, v) = item.map_err(|e| self.sled(e))?;
            Ok((self.run_start(&k)?, v))
        })
        .transpose()
    }

    /// Every stored entry in sequence order, as (seq, bytes).
    pub fn entries(&self) -> impl Iterator<Item = Result<(u64, Vec<u8>)>> + '_ {
        self.runs(self.db.scan_prefix([ENTRY]))
    }

    /// The stored entries numbered `from..to`, in order, as (seq, bytes).
    pub fn entries_between(
        &self,
        from: u64,
        to: u64,
    ) -> impl Iterator<Item = Result<(u64, Vec<u8>)>> + '_ {
        // Start at the run holding `from`, which may begin before it.
        let (start, failed) = match self.run_holding(from) {
            Ok(run) => (run.map_or(from, |(first, _)| first), None),
            Err(e) => (from, Some(Err(e))),
        };
        let range = key(ENTRY, &[&start.to_be_bytes()])..key(ENTRY, &[&to.to_be_bytes()]);
        failed.into_iter().chain(
            self.runs(self.db.range(range))
                .filter(move |item| !matches!(item, Ok((seq, _)) if *seq < from || *seq >= to)),
        )
    }

    /// The entries of the runs a scan yields, in order.
    fn runs(&self, scan: sled::Iter) -> impl Iterator<Item = Result<(u64, Vec<u8>)>> + '_ {
        scan.flat_map(move |item| {
            let run = item
                .map_err(|e| self.sled(e))
                .and_then(|(k, v)| Ok((self.run_start(&k)?, v)));
            let entries: Vec<Result<(u64, Vec<u8>)>> = match run {
                Ok((first, value)) => (first..)
                    .zip(rows::split_run(&value))
                    .map(|(seq, bytes)| Ok((seq, bytes.to_vec())))
                    .collect(),
                Err(e) => vec![Err(e)],
            };
            entries
        })
    }

    fn run_start(&self, key: &[u8]) -> Result<u64> {
        be_u64(&key[1..]).ok_or_else(|| self.damaged("an entry key is not 9 bytes"))
    }

    /// Hashes and sequence numbers of entries whose hash starts with the given bytes (at
    /// least one).
    pub fn seqs_for_hash_prefix(&self, prefix: &[u8]) -> Result<Vec<(Digest, u64)>> {
        let Some(&bucket) = prefix.first() else {
            return Ok(Vec::new());
        };
        Ok(self
            .hash_index(&[HASH, bucket])?
            .into_iter()
            .filter(|(hash, _)| hash.0.starts_with(prefix))
            .collect())
    }

    fn hash_index(&self, prefix: &[u8]) -> Result<Vec<(Digest, u64)>> {
        let mut pairs = Vec::new();
        for item in self.db.scan_prefix(prefix) {
            let (k, v) = item.map_err(|e| self.sled(e))?;
            pairs.extend(
                rows::decode_hash_row(&k[1..], &v)
                    .ok_or_else(|| self.damaged("a hash index row is malformed"))?,
            );
        }
        Ok(pairs)
    }

    /// Sequence numbers of every entry indexed under a treaty, in order: its (treaty, state)
    /// rows and its treaty rows.
    pub fn treaty_seqs(&self, treaty: &str) -> Result<Vec<u64>> {
        let mut seqs = self.seqs_under(&key(STATE, &[treaty.as_bytes(), &[0]]))?;
        self.for_treaty_rows(treaty, |_, seq| seqs.push(seq))?;
        seqs.sort_unstable();
        Ok(seqs)
    }

    /// Every treaty id in the index, in order.
    pub fn treaty_ids(&self) -> Result<Vec<String>> {
        let mut ids = self.ids_under(STATE)?;
        ids.extend(self.ids_under(TREATY)?);
        ids.sort_unstable();
        ids.dedup();
        Ok(ids)
    }

    /// The treaty ids of the rows under one prefix, found with one seek per treaty.
    fn ids_under(&self, prefix: u8) -> Result<Vec<String>> {
        let mut ids = Vec::new();
        let mut from = vec![prefix];
        while let Some(item) = self.db.range(from.clone()..).next() {
            let (k, _) = item.map_err(|e| self.sled(e))?;
            let Some(body) = k.strip_prefix(&[prefix]) else {
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
            from = key(prefix, &[id, &[1]]);
        }
        Ok(ids)
    }

    /// Sequence numbers of every entry indexed under a treaty and state, in order; the empty state
    /// names the treaty-level entries (registrations, treaty-wide dates).
    pub fn state_seqs(&self, treaty: &str, state: &str) -> Result<Vec<u64>> {
        let mut seqs = self.seqs_under(&key(
            STATE,
            &[treaty.as_bytes(), &[0], state.as_bytes(), &[0]],
        ))?;
        self.for_treaty_rows(treaty, |s, seq| {
            if s == state {
                seqs.push(seq)
            }
        })?;
        seqs.sort_unstable();
        Ok(seqs)
    }

    /// Calls `visit` with (state, seq) for every entry in a treaty's treaty rows.
    fn for_treaty_rows(&self, treaty: &str, mut visit: impl FnMut(&str, u64)) -> Result<()> {
        let prefix = key(TREATY, &[treaty.as_bytes(), &[0]]);
        for item in self.db.scan_prefix(&prefix) {
            let (k, v) = item.map_err(|e| self.sled(e))?;
            let first = be_u64(&k[prefix.len()..])
                .ok_or_else(|| self.damaged("a treaty row key is malformed"))?;
            let pairs = rows::decode_treaty_row(first, &v)
                .ok_or_else(|| self.damaged("a treaty row is malformed"))?;
            for (state, seq) in pairs {
                visit(state, seq);
            }
        }
        Ok(())
    }

    /// The seqs of every (treaty, state) row under a key prefix. Only each key's last eight
    /// bytes are read: admission calls this for every fact, and the names are known.
    fn seqs_under(&self, prefix: &[u8]) -> Result<Vec<u64>> {
        let mut seqs = Vec::new();
        for item in self.db.scan_prefix(prefix) {
            let (k, v) = item.map_err(|e| self.sled(e))?;
            let first = k
                .len()
                .checked_sub(8)
                .filter(|&at| at >= prefix.len())
                .and_then(|at| be_u64(&k[at..]))
                .ok_or_else(|| self.damaged("an index key is malformed"))?;
            seqs.push(first);
            seqs.extend(
                rows::decode_further_seqs(&v)
                    .ok_or_else(|| self.damaged("an index row is malformed"))?,
            );
        }
        Ok(seqs)
    }

    /// (hash, seq) of every entry in the hash index, sorted.
    pub fn hash_index_rows(&self) -> Result<Vec<(Digest, u64)>> {
        let mut hashes = self.hash_index(&[HASH])?;
        hashes.sort_unstable();
        Ok(hashes)
    }

    /// Every entry the (treaty, state) index holds, from both kinds of row. Names are numbered
    /// as they are met, a row's names decoded once.
    pub fn state_index_rows(&self) -> Result<StateIndex> {
        let mut index = StateIndex::default();
        for item in self.db.scan_prefix([STATE]) {
            let (k, v) = item.map_err(|e| self.sled(e))?;
            let (treaty, state, first) =
                decode_state_key(&k).ok_or_else(|| self.damaged("an index key is malformed"))?;
            let (treaty, state) = (index.name(&treaty), index.name(&state));
            let further = rows::decode_further_seqs(&v)
                .ok_or_else(|| self.damaged("an index row is malformed"))?;
            for seq in std::iter::once(first).chain(further) {
                index.rows.push((seq, treaty, state));
            }
        }
        for treaty in self.ids_under(TREATY)? {
            let number = index.name(&treaty);
            let mut placed = Vec::new();
            self.for_treaty_rows(&treaty, |state, seq| placed.push((seq, state.to_string())))?;
            for (seq, state) in placed {
                let state = index.name(&state);
                index.rows.push((seq, number, state));
            }
        }
        index.rows.sort_unstable();
        Ok(index)
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
            TREATY,
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
        let mut journal = self.lock_journal();
        if self.source(digest)?.is_some() {
            return Ok(false);
        }
        // Documents are rare and large: written to sled and made durable there (a checkpoint)
        // rather than copied through the journal.
        let mut batch = sled::Batch::default();
        batch.insert(key(DOCUMENT, &[&digest.0]), bytes);
        batch.insert(key(DOCUMENT_META, &[&digest.0]), description);
        self.db.apply_batch(batch).map_err(|e| self.sled(e))?;
        self.checkpoint(&mut journal)?;
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
        engine_error(&self.dir, source)
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

fn encode_head(head: Prefix) -> Vec<u8> {
    let mut raw = head.entries.to_be_bytes().to_vec();
    raw.extend_from_slice(&head.head.0);
    raw
}

fn decode_head(raw: &[u8]) -> Option<Prefix> {
    let (count, hash) = raw.split_at_checked(8)?;
    Some(Prefix {
        entries: be_u64(count)?,
        head: Digest(hash.try_into().ok()?),
    })
}

/// A failure of sled, without sled's type: the store's users never see the engine.
fn engine_error(dir: &Path, e: sled::Error) -> StoreError {
    StoreError::Engine {
        path: dir.to_path_buf(),
        what: e.to_string(),
    }
}

/// How a failure to read or write the journal of the ledger in `dir` is reported.
fn journal_error(dir: &Path) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: dir.join(journal::FILE_NAME),
        source,
    }
}

/// The treaty, state and first seq a state row's key names.
fn decode_state_key(k: &[u8]) -> Option<(String, String, u64)> {
    let rest = k.strip_prefix(&[STATE])?;
    let (body, seq) = rest.split_at_checked(rest.len().checked_sub(8)?)?;
    let body = body.strip_suffix(&[0])?;
    let split = body.iter().position(|&b| b == 0)?;
    let (treaty, state) = (&body[..split], &body[split + 1..]);
    Some((
        String::from_utf8(treaty.to_vec()).ok()?,
        String::from_utf8(state.to_vec()).ok()?,
        be_u64(seq)?,
    ))
}

/// Every row an append writes: its runs of entries, index rows, Merkle rows and the new head.
fn append_rows(entries: &[NewEntry<'_>], growth: &Growth, head: Prefix) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut out = Vec::new();
    for (i, value) in rows::runs(entries.iter().map(|e| e.bytes)) {
        out.push((key(ENTRY, &[&entries[i].seq.to_be_bytes()]), value));
    }
    let hashes: Vec<(u64, Digest)> = entries.iter().map(|e| (e.seq, e.hash)).collect();
    for (first, value) in rows::hash_rows(&hashes) {
        out.push((key(HASH, &[&first.0]), value));
    }
    let placed: Vec<(u64, &str, &str)> = entries
        .iter()
        .filter_map(|e| Some((e.seq, e.treaty?, e.state.unwrap_or(""))))
        .collect();
    let mut per_treaty: HashMap<&str, Vec<(u64, &str)>> = HashMap::new();
    for &(seq, treaty, state) in &placed {
        per_treaty.entry(treaty).or_default().push((seq, state));
    }
    let (bulk, few): (Vec<_>, Vec<_>) = placed
        .into_iter()
        .partition(|(_, treaty, _)| per_treaty[treaty].len() >= rows::TREATY_ROWS_FROM);
    for (treaty, state, seqs) in rows::state_rows(&few) {
        let further: Vec<u8> = seqs[1..].iter().flat_map(|s| s.to_be_bytes()).collect();
        out.push((
            key(
                STATE,
                &[
                    treaty.as_bytes(),
                    &[0],
                    state.as_bytes(),
                    &[0],
                    &seqs[0].to_be_bytes(),
                ],
            ),
            further,
        ));
    }
    let mut bulk_treaties: Vec<&str> = bulk.iter().map(|(_, treaty, _)| *treaty).collect();
    bulk_treaties.sort_unstable();
    bulk_treaties.dedup();
    for treaty in bulk_treaties {
        for (first, value) in rows::treaty_rows(&per_treaty[treaty]) {
            out.push((
                key(TREATY, &[treaty.as_bytes(), &[0], &first.to_be_bytes()]),
                value,
            ));
        }
    }
    for (chunk, leaves) in &growth.chunks {
        out.push((key(CHUNK, &[&chunk.to_be_bytes()]), leaves.clone()));
    }
    for (level, index, hash) in &growth.nodes {
        out.push((
            key(NODE, &[&[*level], &index.to_be_bytes()]),
            hash.0.to_vec(),
        ));
    }
    out.push((HEAD_KEY.to_vec(), encode_head(head)));
    out
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
