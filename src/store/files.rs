//! The entry files: one per treaty holding its entries' frames in order (so a treaty is read
//! with one read), `seqs` with a fixed-size record per entry (so any entry is found with one
//! read), and one file per Merkle level. Only appended to, when the journal is settled; a reader reads each
//! no further than the committed length the journal names.
//!
//! A frame is `body length (u32) ‖ seq (u64) ‖ state (u8 length, bytes) ‖ canonical bytes`; a
//! `seqs` record is `treaty number (u32) ‖ frame offset (u64) ‖ frame length (u32) ‖ entry hash
//! (32)`; a level file holds 32-byte node hashes in index order. All integers little-endian.

use super::bytes::{Reader, put_name};
use super::disk;
use super::journal::{StoredEntry, sync_dir};
use super::state::State;
use crate::chain::merkle::CHUNK_LEVEL;
use crate::vocabulary::digest::Digest;
use std::collections::BTreeMap;
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

/// The size of one `seqs` record.
pub const SEQ_RECORD: u64 = 48;
/// The folder of the entry files.
pub const ENTRIES_DIR: &str = "entries";
/// The folder of the Merkle level files.
pub const MERKLE_DIR: &str = "merkle";
const SEQS_FILE: &str = "seqs";

/// Where treaty number `n`'s entries are.
pub fn treaty_path(dir: &Path, n: u32) -> PathBuf {
    dir.join(ENTRIES_DIR).join(format!("{n:06}"))
}

/// Where the `seqs` records are.
pub fn seqs_path(dir: &Path) -> PathBuf {
    dir.join(SEQS_FILE)
}

/// Where Merkle level `level`'s nodes are.
pub fn level_path(dir: &Path, level: u8) -> PathBuf {
    dir.join(MERKLE_DIR).join(format!("{level:02}"))
}

/// One entry's place in the files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// The number of the treaty file holding it.
    pub treaty: u32,
    /// Where its frame starts.
    pub offset: u64,
    /// Its frame's length, length field included.
    pub len: u32,
    /// Its hash.
    pub hash: Digest,
}

impl Place {
    /// Reads a `seqs` record.
    pub fn decode(bytes: &[u8]) -> Option<Place> {
        let mut r = Reader(bytes);
        let place = Place {
            treaty: r.u32()?,
            offset: r.u64()?,
            len: r.u32()?,
            hash: Digest(r.digest()?),
        };
        r.is_done().then_some(place)
    }

    /// The `seqs` record.
    pub fn encode(&self) -> [u8; SEQ_RECORD as usize] {
        let mut out = [0u8; SEQ_RECORD as usize];
        out[..4].copy_from_slice(&self.treaty.to_le_bytes());
        out[4..12].copy_from_slice(&self.offset.to_le_bytes());
        out[12..16].copy_from_slice(&self.len.to_le_bytes());
        out[16..].copy_from_slice(&self.hash.0);
        out
    }
}

/// An entry's frame, read from its treaty's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame<'a> {
    /// The entry's number.
    pub seq: u64,
    /// The state it is indexed under; empty for treaty-level entries.
    pub state: &'a str,
    /// Its canonical bytes.
    pub bytes: &'a [u8],
}

/// The frame of an entry.
pub fn encode_frame(seq: u64, state: &str, bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(4 + 8 + 1 + state.len() + bytes.len());
    put_frame(&mut out, seq, state, bytes);
    out
}

/// Appends the frame of an entry to `out`.
pub fn put_frame(out: &mut Vec<u8>, seq: u64, state: &str, bytes: &[u8]) {
    let body = 8 + 1 + state.len() + bytes.len();
    out.extend_from_slice(&(body as u32).to_le_bytes());
    out.extend_from_slice(&seq.to_le_bytes());
    put_name(out, state);
    out.extend_from_slice(bytes);
}

/// The frame at the start of `bytes`, and its length; `None` if it does not read as one.
pub fn decode_frame(bytes: &[u8]) -> Option<(Frame<'_>, usize)> {
    let mut r = Reader(bytes);
    let body = r.u32()? as usize;
    let mut b = Reader(r.take(body)?);
    let frame = Frame {
        seq: b.u64()?,
        state: b.name()?,
        bytes: b.0,
    };
    Some((frame, 4 + body))
}

/// Every frame of a treaty file's committed bytes, in order; `None` if they do not read as
/// frames end to end.
pub fn frames(bytes: &[u8]) -> Option<Vec<(u64, Frame<'_>)>> {
    let mut out = Vec::new();
    let mut at = 0usize;
    while at < bytes.len() {
        let (frame, len) = decode_frame(&bytes[at..])?;
        out.push((at as u64, frame));
        at += len;
    }
    Some(out)
}

/// Reads exactly `len` bytes at `offset` of the file at `path`.
pub fn read_at(path: &Path, offset: u64, len: u64) -> std::io::Result<Vec<u8>> {
    let mut buf = vec![0u8; len as usize];
    File::open(path)?.read_exact_at(&mut buf, offset)?;
    Ok(buf)
}

/// Appends to the files at their committed lengths, then forces them to disk. Nothing it writes
/// is read until a new journal names the new lengths; on failure the caller cuts the files back
/// with [`cut_back`].
pub struct Appender<'a> {
    dir: &'a Path,
    /// The state as the appended bytes extend it.
    pub state: State,
    /// Bytes to write per file, gathered so that each file gets one write.
    pending: BTreeMap<PathBuf, (u64, Vec<u8>)>,
}

impl<'a> Appender<'a> {
    /// Starts from the committed state.
    pub fn new(dir: &'a Path, state: &State) -> Appender<'a> {
        Appender {
            dir,
            state: state.clone(),
            pending: BTreeMap::new(),
        }
    }

    fn buffer(&mut self, path: PathBuf, at: u64) -> &mut Vec<u8> {
        &mut self
            .pending
            .entry(path)
            .or_insert_with(|| (at, Vec::new()))
            .1
    }

    /// Adds a treaty first met now; its number is the next.
    pub fn add_treaty(&mut self, id: &str) {
        self.state.treaties.push(super::state::TreatyFile {
            id: id.to_string(),
            len: 0,
        });
    }

    /// Adds an entry: its frame to its treaty's file, its record to `seqs`.
    pub fn add_entry(&mut self, e: &StoredEntry) {
        let frame = encode_frame(e.seq, &e.state, &e.bytes);
        let treaty = &self.state.treaties[e.treaty as usize];
        let (offset, path) = (treaty.len, treaty_path(self.dir, e.treaty));
        self.buffer(path, offset).extend_from_slice(&frame);
        self.state.treaties[e.treaty as usize].len += frame.len() as u64;
        let place = Place {
            treaty: e.treaty,
            offset,
            len: frame.len() as u32,
            hash: e.hash,
        };
        let seqs_at = self.state.head.entries * SEQ_RECORD;
        self.buffer(seqs_path(self.dir), seqs_at)
            .extend_from_slice(&place.encode());
        self.state.head.entries = e.seq;
        self.state.head.head = e.hash;
    }

    /// Adds a Merkle node. Nodes of a level come in index order; one that does not follow the
    /// level's last is refused with the index that was due.
    pub fn add_node(&mut self, level: u8, index: u64, hash: Digest) -> Result<(), u64> {
        let slot = level.checked_sub(CHUNK_LEVEL).ok_or(0u64)? as usize;
        if self.state.levels.len() <= slot {
            self.state.levels.resize(slot + 1, 0);
        }
        let due = self.state.levels[slot];
        if index != due {
            return Err(due);
        }
        self.buffer(level_path(self.dir, level), due * 32)
            .extend_from_slice(&hash.0);
        self.state.levels[slot] += 1;
        Ok(())
    }

    /// Writes everything gathered and forces it to disk, with the directories of new files.
    pub fn write(self) -> std::io::Result<State> {
        for sub in [ENTRIES_DIR, MERKLE_DIR] {
            disk::create_dir_all(&self.dir.join(sub))?;
        }
        let mut new_files = false;
        for (path, (at, bytes)) in &self.pending {
            new_files |= !path.exists();
            let file = disk::open(path, true, false)?;
            disk::write_at(&file, path, bytes, *at)?;
            disk::sync_data(&file, path)?;
        }
        if new_files {
            for sub in [ENTRIES_DIR, MERKLE_DIR] {
                sync_dir(&self.dir.join(sub))?;
            }
            sync_dir(self.dir)?;
        }
        Ok(self.state)
    }
}

/// Cuts every file back to the length `state` commits, dropping what an interrupted settling
/// or bulk append wrote past it: files of treaties or levels the state does not name are
/// removed. Only bytes no reader reads are touched.
pub fn cut_back(dir: &Path, state: &State) -> std::io::Result<()> {
    let mut lengths: Vec<(PathBuf, u64)> = state
        .treaties
        .iter()
        .enumerate()
        .map(|(n, t)| (treaty_path(dir, n as u32), t.len))
        .collect();
    lengths.push((seqs_path(dir), state.head.entries * SEQ_RECORD));
    for (slot, count) in state.levels.iter().enumerate() {
        lengths.push((level_path(dir, CHUNK_LEVEL + slot as u8), count * 32));
    }
    // Each file's length is looked up without opening it: a writer opens only the files an
    // interrupted write left long (none, almost always), not every treaty's.
    for (path, len) in &lengths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.len() > *len => {
                let file = disk::open(path, false, false)?;
                disk::set_len(&file, path, *len)?;
                disk::sync_all(&file, path)?;
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    for sub in [ENTRIES_DIR, MERKLE_DIR] {
        let listing = match std::fs::read_dir(dir.join(sub)) {
            Ok(listing) => listing,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        for item in listing {
            let path = item?.path();
            if !lengths.iter().any(|(named, _)| *named == path) {
                disk::remove_file(&path)?;
            }
        }
    }
    Ok(())
}

/// Files whose committed length the state names but which are shorter: lost or damaged.
pub fn short_files(dir: &Path, state: &State) -> std::io::Result<Vec<(PathBuf, u64, u64)>> {
    let mut expected: Vec<(PathBuf, u64)> = state
        .treaties
        .iter()
        .enumerate()
        .map(|(n, t)| (treaty_path(dir, n as u32), t.len))
        .collect();
    expected.push((seqs_path(dir), state.head.entries * SEQ_RECORD));
    for (slot, count) in state.levels.iter().enumerate() {
        expected.push((level_path(dir, CHUNK_LEVEL + slot as u8), count * 32));
    }
    let mut short = Vec::new();
    for (path, len) in expected.into_iter().filter(|(_, len)| *len > 0) {
        let actual = match std::fs::metadata(&path) {
            Ok(m) => m.len(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => 0,
            Err(e) => return Err(e),
        };
        if actual < len {
            short.push((path, len, actual));
        }
    }
    Ok(short)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_read_back_end_to_end_and_a_damaged_length_does_not() {
        let mut bytes = encode_frame(1, "", b"registration");
        bytes.extend(encode_frame(7, "FI", b"withdrawal"));
        let read = frames(&bytes).unwrap();
        assert_eq!(read.len(), 2);
        assert_eq!(read[1].1.state, "FI");
        assert_eq!(read[1].1.bytes, b"withdrawal");
        assert_eq!(read[1].1.seq, 7);
        bytes[0] += 1;
        assert!(frames(&bytes).is_none());
    }

    #[test]
    fn places_round_trip() {
        let p = Place {
            treaty: 3,
            offset: 1 << 40,
            len: 512,
            hash: Digest([5; 32]),
        };
        assert_eq!(Place::decode(&p.encode()), Some(p));
        assert_eq!(Place::decode(&p.encode()[..47]), None);
    }

    /// What a failed bulk append wrote is cut back: a named file to its committed length, the
    /// files of treaties and levels the state does not name removed.
    #[test]
    fn cutting_back_leaves_exactly_the_committed_files() {
        let dir = tempfile::tempdir().unwrap();
        let mut state = State::empty();
        state.treaties.push(super::super::state::TreatyFile {
            id: "ottawa".into(),
            len: 10,
        });
        std::fs::create_dir_all(dir.path().join(ENTRIES_DIR)).unwrap();
        std::fs::create_dir_all(dir.path().join(MERKLE_DIR)).unwrap();
        std::fs::write(treaty_path(dir.path(), 0), [1u8; 20]).unwrap();
        std::fs::write(treaty_path(dir.path(), 1), [1u8; 20]).unwrap();
        std::fs::write(treaty_path(dir.path(), 7), [1u8; 20]).unwrap();
        std::fs::write(level_path(dir.path(), 6), [1u8; 64]).unwrap();
        cut_back(dir.path(), &state).unwrap();
        assert_eq!(std::fs::read(treaty_path(dir.path(), 0)).unwrap().len(), 10);
        assert!(!treaty_path(dir.path(), 1).exists());
        assert!(!treaty_path(dir.path(), 7).exists());
        assert!(!level_path(dir.path(), 6).exists());
    }
}
