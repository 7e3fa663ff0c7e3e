//! Reading entries back: one by number (a `seqs` record, then its frame), a treaty's whole
//! file at once, and every entry in order (the `seqs` records in order, each treaty file read
//! front to back), always with the journal's records laid over the files.

use super::files::{self, Frame, Place, SEQ_RECORD};
use super::journal::StoredEntry;
use super::recorded;
use super::{Result, Store, StoreError};
use crate::chain::seal::hash_bytes;
use crate::vocabulary::digest::Digest;
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::os::unix::fs::FileExt;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// One entry as the store holds it: its bytes as read, and what `seqs` and the frame (or its
/// journal record) say of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexRow {
    /// Its number.
    pub seq: u64,
    /// The hash stored for it.
    pub hash: Digest,
    /// The treaty it is filed under.
    pub treaty: Arc<str>,
    /// The state it is filed under; empty for treaty-level entries.
    pub state: Arc<str>,
    /// Its canonical bytes.
    pub bytes: Vec<u8>,
    /// The length of its frame in its treaty's file; 0 while it is only in the journal.
    pub frame: u64,
}

/// The files a store has read single entries from, kept open: a command that reads a treaty's
/// entries one by one opens `seqs` and each treaty file once, not twice an entry. Committed
/// bytes are never rewritten and a file the state names is never replaced, so an open file
/// reads what a fresh one would.
#[derive(Default)]
pub(super) struct OpenFiles(Mutex<HashMap<OpenFile, Arc<File>>>);

/// A file of the store that single entries are read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum OpenFile {
    Seqs,
    Treaty(u32),
}

/// At most this many files are kept open, far below the usual limit of descriptors.
const OPEN_FILES: usize = 64;

/// Entries read at a time from `seqs` when every entry is read in order.
const SEQS_BLOCK: u64 = 4096;
/// The read buffer of each treaty file when every entry is read in order.
const TREATY_BUFFER: usize = 64 << 10;

impl Store {
    /// Reads `buf.len()` bytes at `offset` of a file, through the file kept open.
    fn read_exact_at(&self, which: OpenFile, buf: &mut [u8], offset: u64) -> Result<()> {
        let path = || match which {
            OpenFile::Seqs => files::seqs_path(&self.dir),
            OpenFile::Treaty(n) => files::treaty_path(&self.dir, n),
        };
        let file = {
            let mut open = self.open_files.0.lock().unwrap_or_else(|p| p.into_inner());
            match open.get(&which) {
                Some(file) => file.clone(),
                None => {
                    let file = Arc::new(File::open(path()).map_err(|e| self.io_error(&path(), e))?);
                    if open.len() >= OPEN_FILES {
                        open.clear();
                    }
                    open.insert(which, file.clone());
                    file
                }
            }
        };
        file.read_exact_at(buf, offset)
            .map_err(|e| self.io_error(&path(), e))
    }

    /// The `seqs` record of an entry in the files.
    pub(super) fn place(&self, seq: u64) -> Result<Place> {
        let path = files::seqs_path(&self.dir);
        let mut record = [0u8; SEQ_RECORD as usize];
        self.read_exact_at(OpenFile::Seqs, &mut record, (seq - 1) * SEQ_RECORD)?;
        let place =
            Place::decode(&record).ok_or_else(|| self.damaged(&path, "a record does not read"))?;
        self.check_place(seq, place)
    }

    /// A `seqs` record must name a treaty file and a frame within its committed bytes: anything
    /// else is damage to report, not a file to go looking for.
    fn check_place(&self, seq: u64, place: Place) -> Result<Place> {
        let snapshot = self.snapshot();
        let committed = snapshot
            .state()
            .treaties
            .get(place.treaty as usize)
            .map(|t| t.len);
        match committed {
            Some(len)
                if place
                    .offset
                    .checked_add(place.len as u64)
                    .is_some_and(|end| end <= len) =>
            {
                Ok(place)
            }
            _ => Err(self.damaged(
                &files::seqs_path(&self.dir),
                &format!("the record of entry {seq} points outside the committed entry files"),
            )),
        }
    }

    /// Entry `seq` as the store holds it, if the ledger holds it: its bytes as read, with the
    /// hash recorded for it, which the reader checks them against ([`Store::check_hash`]).
    pub fn entry(&self, seq: u64) -> Result<Option<IndexRow>> {
        let in_files = {
            let snapshot = self.snapshot();
            if seq == 0 || seq > snapshot.head().entries {
                return Ok(None);
            }
            snapshot.state().head.entries
        };
        if seq > in_files {
            return self.tail_row(seq).map(Some);
        }
        let place = self.place(seq)?;
        let mut frame = vec![0u8; place.len as usize];
        self.read_exact_at(OpenFile::Treaty(place.treaty), &mut frame, place.offset)?;
        let (header, state) = self.unframe(seq, place.treaty, &frame)?;
        let state = Arc::<str>::from(state);
        frame.drain(..header);
        Ok(Some(IndexRow {
            seq,
            hash: place.hash,
            treaty: self.treaty_name(place.treaty),
            state,
            bytes: frame,
            frame: place.len as u64,
        }))
    }

    /// The length of the header of entry `seq`'s frame, read from treaty file `treaty` where
    /// `seqs` places it, and the state it is filed under.
    fn unframe<'a>(&self, seq: u64, treaty: u32, frame: &'a [u8]) -> Result<(usize, &'a str)> {
        match files::decode_frame(frame) {
            Some((f, len)) if f.seq == seq && len == frame.len() => {
                Ok((frame.len() - f.bytes.len(), f.state))
            }
            _ => Err(self.damaged(
                &files::treaty_path(&self.dir, treaty),
                &format!("the frame `seqs` names for entry {seq} is not that entry's"),
            )),
        }
    }

    /// The id of treaty number `number`, shared.
    fn treaty_name(&self, number: u32) -> Arc<str> {
        Arc::from(
            self.snapshot()
                .treaties()
                .get(number as usize)
                .map_or("", String::as_str),
        )
    }

    /// The bytes of entries `seqs`, each read by its number and checked against the hash
    /// recorded for it.
    pub fn entries_at(&self, seqs: &[u64]) -> Result<Vec<(u64, Vec<u8>)>> {
        seqs.iter()
            .map(|&seq| {
                let row = self.entry(seq)?.ok_or_else(|| {
                    self.damaged(&self.dir, &format!("entry {seq} is indexed but not stored"))
                })?;
                self.check_hash(seq, &row.hash, &hash_bytes(&row.bytes))?;
                Ok((seq, row.bytes))
            })
            .collect()
    }

    /// A treaty's entries, in order, as (seq, bytes): its file read whole, then the journal's,
    /// each checked against what was recorded of it ([`Store::check_treaty_file`]). With
    /// `states`, only the treaty-level entries and those states', and only they are checked
    /// (each against `seqs`).
    pub fn treaty_entries(
        &self,
        treaty: &str,
        states: Option<&[&str]>,
    ) -> Result<Vec<(u64, Vec<u8>)>> {
        let wanted = |state: &str| states.is_none_or(|s| state.is_empty() || s.contains(&state));
        let Some(TreatyRead { number, file, tail }) = self.read_treaty(treaty, |e| {
            wanted(&e.state).then(|| (e.seq, e.bytes.clone()))
        })?
        else {
            return Ok(Vec::new());
        };
        let frames = self.frames_of(number, &file)?;
        let kept: Vec<&Frame<'_>> = frames
            .iter()
            .map(|(_, f)| f)
            .filter(|f| wanted(f.state))
            .collect();
        match states {
            None => self.check_treaty_file(number, &kept)?,
            Some(_) => self.check_frames(number, &kept, &recorded::hashes(&kept))?,
        }
        let mut out: Vec<(u64, Vec<u8>)> = kept
            .into_iter()
            .map(|f| (f.seq, f.bytes.to_vec()))
            .collect();
        out.extend(tail);
        Ok(out)
    }

    /// The numbers of a treaty's entries, in order.
    pub fn treaty_seqs(&self, treaty: &str) -> Result<Vec<u64>> {
        Ok(self
            .index_rows_of(treaty)?
            .into_iter()
            .map(|(s, _)| s)
            .collect())
    }

    /// The numbers of the entries filed under a treaty and state, in order; the empty state
    /// names the treaty-level entries.
    pub fn state_seqs(&self, treaty: &str, state: &str) -> Result<Vec<u64>> {
        let rows = self.index_rows_of(treaty)?;
        Ok(rows
            .into_iter()
            .filter(|(_, s)| s == state)
            .map(|(seq, _)| seq)
            .collect())
    }

    /// (seq, state) of a treaty's entries: only the frames' headers are read, so nothing is
    /// checked here; each entry is when its bytes are read.
    fn index_rows_of(&self, treaty: &str) -> Result<Vec<(u64, String)>> {
        let Some(TreatyRead { number, file, tail }) =
            self.read_treaty(treaty, |e| Some((e.seq, e.state.clone())))?
        else {
            return Ok(Vec::new());
        };
        let mut out: Vec<(u64, String)> = self
            .frames_of(number, &file)?
            .into_iter()
            .map(|(_, f)| (f.seq, f.state.to_string()))
            .collect();
        out.extend(tail);
        Ok(out)
    }

    /// A treaty's file and `pick` of each of its entries in the journal; `None` for a treaty
    /// the ledger does not hold.
    fn read_treaty<T>(
        &self,
        treaty: &str,
        pick: impl Fn(&StoredEntry) -> Option<T>,
    ) -> Result<Option<TreatyRead<T>>> {
        let (number, len, tail) = {
            let snapshot = self.snapshot();
            let Some(number) = snapshot.treaty_number(treaty) else {
                return Ok(None);
            };
            let len = snapshot
                .state()
                .treaties
                .get(number as usize)
                .map(|t| t.len);
            let tail: Vec<T> = snapshot
                .tail()
                .filter(|e| e.treaty == number)
                .filter_map(pick)
                .collect();
            (number, len, tail)
        };
        let path = files::treaty_path(&self.dir, number);
        let file = match len {
            Some(len) => files::read_at(&path, 0, len).map_err(|e| self.io_error(&path, e))?,
            None => Vec::new(),
        };
        Ok(Some(TreatyRead { number, file, tail }))
    }

    /// The frames of treaty file `number`'s committed bytes.
    fn frames_of<'a>(&self, number: u32, file: &'a [u8]) -> Result<Vec<(u64, Frame<'a>)>> {
        files::frames(file).ok_or_else(|| {
            self.damaged(
                &files::treaty_path(&self.dir, number),
                "its frames do not read end to end",
            )
        })
    }

    /// Entry `seq` of the journal's records, with the hash its record holds.
    fn tail_row(&self, seq: u64) -> Result<IndexRow> {
        let snapshot = self.snapshot();
        let e = snapshot.tail_entry(seq).ok_or_else(|| {
            self.damaged(
                &PathBuf::from(super::journal::FILE_NAME),
                &format!("entry {seq} is missing from the journal"),
            )
        })?;
        Ok(IndexRow {
            seq,
            hash: e.hash,
            treaty: Arc::from(
                snapshot
                    .treaties()
                    .get(e.treaty as usize)
                    .map_or("", String::as_str),
            ),
            state: Arc::from(e.state.as_str()),
            bytes: e.bytes.clone(),
            frame: 0,
        })
    }

    /// Each treaty file's committed length, by treaty id.
    pub fn committed_lengths(&self) -> Vec<(String, u64)> {
        let snapshot = self.snapshot();
        snapshot
            .state()
            .treaties
            .iter()
            .map(|t| (t.id.clone(), t.len))
            .collect()
    }

    /// Every treaty with an entry, in id order.
    pub fn treaty_ids(&self) -> Result<Vec<String>> {
        let mut ids = self.snapshot().treaties().to_vec();
        ids.sort_unstable();
        Ok(ids)
    }

    /// Hashes and numbers of the entries whose hash starts with `prefix`: the `seqs` records'
    /// hashes read in order.
    pub fn seqs_for_hash_prefix(&self, prefix: &[u8]) -> Result<Vec<(Digest, u64)>> {
        let snapshot = self.snapshot();
        let mut out = Vec::new();
        let in_files = snapshot.state().head.entries;
        if in_files > 0 {
            let path = files::seqs_path(&self.dir);
            let mut bytes = Vec::with_capacity((in_files * SEQ_RECORD) as usize);
            File::open(&path)
                .and_then(|f| f.take(in_files * SEQ_RECORD).read_to_end(&mut bytes))
                .map_err(|e| self.io_error(&path, e))?;
            for (i, record) in bytes.chunks_exact(SEQ_RECORD as usize).enumerate() {
                if record[16..].starts_with(prefix) {
                    let hash = Digest(record[16..].try_into().expect("a record is 48 bytes"));
                    out.push((hash, i as u64 + 1));
                }
            }
        }
        out.extend(
            snapshot
                .tail()
                .filter(|e| e.hash.0.starts_with(prefix))
                .map(|e| (e.hash, e.seq)),
        );
        Ok(out)
    }

    /// Every entry in order, as (seq, bytes).
    pub fn entries(&self) -> impl Iterator<Item = Result<(u64, Vec<u8>)>> + '_ {
        self.entries_between(1, u64::MAX)
    }

    /// Entries `from..to` (as far as the ledger goes), in order, as (seq, bytes).
    pub fn entries_between(
        &self,
        from: u64,
        to: u64,
    ) -> impl Iterator<Item = Result<(u64, Vec<u8>)>> + '_ {
        self.scan(from, to)
            .map(|row| row.map(|row| (row.seq, row.bytes)))
    }

    /// Entries `from..to` in order, with what `seqs` and the frames say of each.
    pub fn scan(&self, from: u64, to: u64) -> Scan<'_> {
        let snapshot = self.snapshot();
        let end = to.min(snapshot.head().entries + 1);
        Scan {
            store: self,
            next: from.max(1),
            end,
            in_files: snapshot.state().head.entries,
            records: Vec::new(),
            treaties: HashMap::new(),
            names: Names {
                treaties: snapshot
                    .treaties()
                    .iter()
                    .map(|t| Arc::from(t.as_str()))
                    .collect(),
                states: HashMap::new(),
            },
            failed: false,
        }
    }
}

/// A treaty as read: its number, its file's committed bytes (none when the journal's records
/// first met it), and what was picked of each of its entries in the journal, in order.
struct TreatyRead<T> {
    number: u32,
    file: Vec<u8>,
    tail: Vec<T>,
}

/// Every entry of a range, in order: `seqs` read a block at a time, each treaty file through a
/// buffered reader that moves front to back as the entries come.
pub struct Scan<'a> {
    store: &'a Store,
    next: u64,
    end: u64,
    in_files: u64,
    /// The current block of `seqs` records, last first.
    records: Vec<Place>,
    /// Each treaty file's reader and its position.
    treaties: HashMap<u32, (BufReader<File>, u64)>,
    /// Treaty ids by number and state codes, shared by every row that names them.
    names: Names,
    failed: bool,
}

impl Scan<'_> {
    /// Reads the block of `seqs` records from entry `first` on.
    fn fill(&mut self, first: u64) -> Result<()> {
        let count = SEQS_BLOCK.min(self.in_files + 1 - first);
        let path = files::seqs_path(&self.store.dir);
        let mut block = vec![0u8; (count * SEQ_RECORD) as usize];
        File::open(&path)
            .and_then(|f| f.read_exact_at(&mut block, (first - 1) * SEQ_RECORD))
            .map_err(|e| self.store.io_error(&path, e))?;
        self.records = block
            .chunks_exact(SEQ_RECORD as usize)
            .rev()
            .map(Place::decode)
            .collect::<Option<Vec<Place>>>()
            .ok_or_else(|| self.store.damaged(&path, "a record does not read"))?;
        Ok(())
    }

    fn read_from_files(&mut self, seq: u64) -> Result<IndexRow> {
        if self.records.is_empty() {
            self.fill(seq)?;
        }
        let place = self.records.pop().expect("filled above");
        let place = self.store.check_place(seq, place)?;
        // The path is only made for opening the file or naming it in an error: a path for each
        // of a million entries was a twentieth of verify's time.
        let path = || files::treaty_path(&self.store.dir, place.treaty);
        let (reader, at) = match self.treaties.entry(place.treaty) {
            std::collections::hash_map::Entry::Occupied(o) => o.into_mut(),
            std::collections::hash_map::Entry::Vacant(v) => {
                let file = File::open(path()).map_err(|e| self.store.io_error(&path(), e))?;
                v.insert((BufReader::with_capacity(TREATY_BUFFER, file), 0))
            }
        };
        if *at != place.offset {
            reader
                .seek(SeekFrom::Start(place.offset))
                .map_err(|e| self.store.io_error(&path(), e))?;
        }
        // Read into spare capacity rather than a zero-filled buffer.
        let mut frame = Vec::with_capacity(place.len as usize);
        let read = reader
            .by_ref()
            .take(place.len as u64)
            .read_to_end(&mut frame)
            .map_err(|e| self.store.io_error(&path(), e))?;
        if read != place.len as usize {
            let short = std::io::Error::from(std::io::ErrorKind::UnexpectedEof);
            return Err(self.store.io_error(&path(), short));
        }
        *at = place.offset + place.len as u64;
        let (header, state) = self.store.unframe(seq, place.treaty, &frame)?;
        let state = self.names.state(state);
        // The frame's own buffer becomes the entry's bytes: no second copy.
        frame.drain(..header);
        Ok(IndexRow {
            seq,
            hash: place.hash,
            treaty: self.names.treaty(place.treaty),
            state,
            bytes: frame,
            frame: place.len as u64,
        })
    }
}

/// Treaty ids and state codes, one shared copy of each for all the rows of a scan.
struct Names {
    treaties: Vec<Arc<str>>,
    states: HashMap<String, Arc<str>>,
}

impl Names {
    fn treaty(&self, number: u32) -> Arc<str> {
        self.treaties
            .get(number as usize)
            .cloned()
            .unwrap_or_else(|| Arc::from(""))
    }

    fn state(&mut self, code: &str) -> Arc<str> {
        if let Some(shared) = self.states.get(code) {
            return shared.clone();
        }
        let shared: Arc<str> = Arc::from(code);
        self.states.insert(code.to_string(), shared.clone());
        shared
    }
}

impl Iterator for Scan<'_> {
    type Item = Result<IndexRow>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.next >= self.end {
            return None;
        }
        let seq = self.next;
        self.next += 1;
        let row = match seq <= self.in_files {
            true => self.read_from_files(seq),
            false => self.store.tail_row(seq),
        };
        self.failed = row.is_err();
        Some(row)
    }
}

impl StoreError {
    /// Whether the error says a file of the store is damaged (not unreachable or refused).
    pub fn is_damage(&self) -> bool {
        matches!(self, StoreError::Damaged { .. })
    }
}
