//! The journal: the state of the files at the last settling, then one record per append since.
//!
//! An append is committed when its record is durable here: one write into space already filled
//! with zeros and one `fdatasync`. The entry files are written only when the journal is settled, when the
//! records are applied to them, the files forced to disk, and a new journal holding the new state
//! and no records takes this one's place by an atomic rename. A reader opens the journal once and
//! sees the state it names plus its records: a consistent ledger, whatever a writer does after.
//!
//! The file is `header ‖ records ‖ zeros`. The header is `PACTAJ05 ‖ length (u64) ‖ checksum
//! (32) ‖ state`; a record is `PREC ‖ length (u64) ‖ checksum (32) ‖ payload`. Checksums are
//! BLAKE3 in derive-key mode with [`CONTEXT`]. A record that fails its checksum with only zeros
//! after it was cut short by a crash and never acknowledged; one with sound records after it is
//! damage, and the journal is refused, never repaired.

mod damage;

use super::bytes::{Reader, put_framed, put_name};
use super::disk;
use super::state::State;
use crate::chain::prefix::Prefix;
use crate::vocabulary::digest::Digest;
use damage::{cut_between_steps, cut_inside_record, sound_record_after, written_whole};
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Context of the journal's checksums.
pub const CONTEXT: &str = "pacta 2026-12-01 journal v2";
/// The journal's file name in the ledger directory.
pub const FILE_NAME: &str = "journal";
/// What a new journal is written as before it takes the old one's place.
const NEW_NAME: &str = "journal.new";
const HEADER_MAGIC: &[u8; 8] = b"PACTAJ05";
const RECORD_MAGIC: &[u8; 4] = b"PREC";

/// The step in which the file is filled with zeros ahead of the records. Writing a record into
/// space already written and made durable lets `fdatasync` write just the data, without a file
/// system journal commit for the file's new size.
pub const GROWTH: u64 = 4 << 20;

/// One entry as an append stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEntry {
    /// Its number in the chain.
    pub seq: u64,
    /// The hash of its canonical bytes.
    pub hash: Digest,
    /// The number of the treaty it is indexed under.
    pub treaty: u32,
    /// The state it is indexed under; empty for treaty-level entries.
    pub state: String,
    /// Its canonical bytes.
    pub bytes: Vec<u8>,
}

/// One append: the head it continues, the head it makes, the treaties it adds, its entries and
/// the Merkle nodes it completes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The head before the append.
    pub from: Prefix,
    /// The head after it.
    pub to: Prefix,
    /// Ids of treaties first met in this append, numbered on from the treaties before it.
    pub new_treaties: Vec<String>,
    /// The entries, in order.
    pub entries: Vec<StoredEntry>,
    /// (level, index, hash) of every Merkle node the append completes, levels from 6 up.
    pub nodes: Vec<(u8, u64, Digest)>,
}

/// What a journal holds when it is read.
#[derive(Debug)]
pub struct Contents {
    /// The state of the files at the last settling.
    pub state: State,
    /// The appends since, in order.
    pub records: Vec<Record>,
    /// Where the sound records end.
    pub end: u64,
    /// Whether a record cut short follows them (a crash during an append that was never
    /// acknowledged): a writer zeroes it, a reader ignores it.
    pub torn: bool,
    /// The file's length.
    pub capacity: u64,
}

/// Why a journal cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    /// Reading the file failed.
    #[error("cannot read the journal: {0}")]
    Io(#[from] std::io::Error),
    /// The file is there but not sound.
    #[error("the journal is damaged at byte {offset}: {what}")]
    Damaged {
        /// Where the damage is.
        offset: u64,
        /// What was found.
        what: String,
    },
}

/// The journal of a ledger open for writing.
pub struct Journal {
    file: File,
    /// Where it is (after a replacement, the name it was renamed to).
    path: PathBuf,
    /// Where the records end.
    len: u64,
    /// The file's size: past `len` it holds zeros, written ahead of the records.
    capacity: u64,
}

/// Reads the journal in `dir` without writing anything, with every check of [`parse`]. The
/// header and the records are read and kept; the zeros after them, most of the file, are only
/// looked at, a block at a time, and a journal with anything else there is read again whole for
/// the damage checks. So an open costs the records, not the 4 MiB the file is filled to.
pub fn read(dir: &Path) -> Result<Contents, JournalError> {
    let file = File::open(dir.join(FILE_NAME))?;
    let len = file.metadata()?.len();
    let prefix = records_prefix(&file, len)?;
    let (state, records, at) = parse_records(&prefix)?;
    if !zeros_after(&file, &prefix, at, len)? {
        let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
        (&file).read_to_end(&mut bytes)?;
        return parse(&bytes);
    }
    if let Some(what) = cut_between_steps(len, &[], at as u64) {
        return Err(JournalError::Damaged {
            offset: at as u64,
            what,
        });
    }
    Ok(Contents {
        state,
        records,
        end: at as u64,
        torn: false,
        capacity: len,
    })
}

/// The first bytes of the file, enough to hold its header and every record that checks: the
/// buffer is grown to each record's declared end, when that is inside the file, before the
/// record is checked. Records past it are seen as [`parse`] sees them in the whole file.
fn records_prefix(file: &File, len: u64) -> std::io::Result<Vec<u8>> {
    /// The first read: the header and the records of a journal between settlings fit.
    const FIRST: u64 = 64 << 10;
    let mut bytes = Vec::new();
    extend_to(file, &mut bytes, FIRST.min(len))?;
    let framed_end = |bytes: &[u8], at: usize, magic: &[u8]| -> Option<u64> {
        let head = bytes.get(at..at + magic.len() + 8)?;
        let declared = u64::from_le_bytes(head[magic.len()..].try_into().ok()?);
        (at as u64 + magic.len() as u64 + 40).checked_add(declared)
    };
    let mut at = 0;
    let mut magic: &[u8] = HEADER_MAGIC;
    loop {
        extend_to(file, &mut bytes, ((at + magic.len() + 8) as u64).min(len))?;
        let Some(end) = framed_end(&bytes, at, magic).filter(|&end| end <= len) else {
            return Ok(bytes);
        };
        extend_to(file, &mut bytes, end)?;
        let sound = bytes[at..].strip_prefix(magic).and_then(checked).is_some();
        if !sound {
            return Ok(bytes);
        }
        at = end as usize;
        magic = RECORD_MAGIC;
    }
}

/// Reads more of the file into `bytes`, to its first `end` bytes.
fn extend_to(file: &File, bytes: &mut Vec<u8>, end: u64) -> std::io::Result<()> {
    use std::os::unix::fs::FileExt;
    let start = bytes.len();
    let Ok(end) = usize::try_from(end) else {
        return Ok(());
    };
    if end > start {
        bytes.resize(end, 0);
        file.read_exact_at(&mut bytes[start..], start as u64)?;
    }
    Ok(())
}

/// Whether the file holds only zeros from byte `at` to its end (`len`): what `prefix` holds of
/// them is looked at there, the rest read a block at a time into one buffer.
fn zeros_after(file: &File, prefix: &[u8], at: usize, len: u64) -> std::io::Result<bool> {
    use std::os::unix::fs::FileExt;
    const BLOCK: usize = 256 << 10;
    if !all_zeros(&prefix[at.min(prefix.len())..]) {
        return Ok(false);
    }
    let mut block = vec![0u8; BLOCK];
    let mut offset = prefix.len() as u64;
    while offset < len {
        let n = BLOCK.min(usize::try_from(len - offset).unwrap_or(BLOCK));
        file.read_exact_at(&mut block[..n], offset)?;
        if !all_zeros(&block[..n]) {
            return Ok(false);
        }
        offset += n as u64;
    }
    Ok(true)
}

/// Whether every byte is zero (folded a page at a time, which the compiler vectorises).
fn all_zeros(bytes: &[u8]) -> bool {
    bytes
        .chunks(4096)
        .all(|page| page.iter().fold(0u8, |acc, &b| acc | b) == 0)
}

/// A new journal in place of the old. `unsynced` is the error of the directory sync after the
/// rename, if it failed twice: the new journal stands now (a rename is atomic, and must not be
/// undone by cutting its files back) but may not survive a power loss, which the caller reports.
pub struct Replaced {
    /// The new journal, open for appending.
    pub journal: Journal,
    /// Why the rename could not be made durable, if it could not.
    pub unsynced: Option<std::io::Error>,
}

/// The error to report for a rename made but not made durable.
pub fn not_durable(e: std::io::Error) -> std::io::Error {
    std::io::Error::new(
        e.kind(),
        format!(
            "the change is made, but its directory could not be synced ({e}), so it may not \
             survive a power loss; run `pacta verify` to see what the ledger holds"
        ),
    )
}

/// Writes a journal holding `state` and no records in place of the one in `dir`, atomically and
/// durably: a new file, filled with zeros ahead, synced, renamed over the old, the directory
/// synced. Until the rename the old journal stands.
pub fn replace(dir: &Path, state: &State) -> std::io::Result<Replaced> {
    let new_path = dir.join(NEW_NAME);
    let header = header(state);
    let capacity = (header.len() as u64 + 1).next_multiple_of(GROWTH);
    let file = disk::open(&new_path, true, true)?;
    let mut journal = Journal {
        file,
        path: new_path.clone(),
        len: header.len() as u64,
        capacity,
    };
    let written = disk::write_at(&journal.file, &new_path, &header, 0)
        .and_then(|()| journal.zero(header.len() as u64, capacity))
        .and_then(|()| disk::sync_all(&journal.file, &new_path))
        .and_then(|()| disk::rename(&new_path, &path(dir)));
    if let Err(e) = written {
        let _ = disk::remove_file(&new_path);
        return Err(e);
    }
    // The rename is the commit: the new journal stands, and the files it names must not be cut
    // back whatever happens now. Persisting the directory entry is tried again once; if the
    // device still refuses, the new state stays in force but the caller is told it may not last.
    journal.path = path(dir);
    let unsynced = sync_dir(dir).or_else(|_| sync_dir(dir)).err();
    Ok(Replaced { journal, unsynced })
}

/// The path of the journal in `dir`.
pub fn path(dir: &Path) -> PathBuf {
    dir.join(FILE_NAME)
}

impl Journal {
    /// Opens the journal read for appending; a torn last record is zeroed first.
    pub fn open(dir: &Path, contents: &Contents) -> std::io::Result<Journal> {
        let file = disk::open(&path(dir), false, false)?;
        let journal = Journal {
            file,
            path: path(dir),
            len: contents.end,
            capacity: contents.capacity,
        };
        if contents.torn {
            journal.zero(contents.end, contents.capacity)?;
            disk::sync_data(&journal.file, &journal.path)?;
        }
        Ok(journal)
    }

    /// Where the records end: how large the journal has grown.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Writes a record and makes it durable: after this returns, the append is committed. On
    /// failure the record's place is zeroed again, so that a failed append is never replayed.
    pub fn append(&mut self, record: &Record) -> std::io::Result<()> {
        let bytes = encode(record);
        let end = self.len + bytes.len() as u64;
        if end > self.capacity {
            self.grow(end.next_multiple_of(GROWTH))?;
        }
        match disk::write_at(&self.file, &self.path, &bytes, self.len)
            .and_then(|()| disk::sync_data(&self.file, &self.path))
        {
            Ok(()) => {
                self.len = end;
                Ok(())
            }
            Err(e) => {
                let _ = self
                    .zero(self.len, end)
                    .and_then(|()| disk::sync_data(&self.file, &self.path));
                Err(e)
            }
        }
    }

    /// Fills the file with zeros up to `capacity` bytes, durably (its size included).
    fn grow(&mut self, capacity: u64) -> std::io::Result<()> {
        let grown = self
            .zero(self.capacity, capacity)
            .and_then(|()| disk::sync_all(&self.file, &self.path));
        if let Err(e) = grown {
            // Give back what could be written: the file keeps its old size.
            let _ = disk::set_len(&self.file, &self.path, self.capacity);
            return Err(e);
        }
        self.capacity = capacity;
        Ok(())
    }

    /// Writes zeros over bytes `from..to`.
    fn zero(&self, from: u64, to: u64) -> std::io::Result<()> {
        const STEP: u64 = 1 << 20;
        let zeros = vec![0u8; STEP.min(to.saturating_sub(from)) as usize];
        let mut at = from;
        while at < to {
            let n = STEP.min(to - at) as usize;
            disk::write_at(&self.file, &self.path, &zeros[..n], at)?;
            at += n as u64;
        }
        Ok(())
    }
}

/// Persists a directory's entries (a new or renamed file in it).
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    disk::sync_dir(dir)
}

fn checksum(payload: &[u8]) -> [u8; 32] {
    Digest::of(CONTEXT, payload).0
}

fn header(state: &State) -> Vec<u8> {
    let payload = state.encode();
    let mut out = Vec::with_capacity(48 + payload.len());
    out.extend_from_slice(HEADER_MAGIC);
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&checksum(&payload));
    out.extend_from_slice(&payload);
    out
}

fn encode(record: &Record) -> Vec<u8> {
    let size: usize = record.entries.iter().map(|e| 60 + e.bytes.len()).sum();
    let mut payload = Vec::with_capacity(100 + size + 41 * record.nodes.len());
    for head in [record.from, record.to] {
        payload.extend_from_slice(&head.entries.to_le_bytes());
        payload.extend_from_slice(&head.head.0);
    }
    payload.extend_from_slice(&(record.new_treaties.len() as u32).to_le_bytes());
    for id in &record.new_treaties {
        put_name(&mut payload, id);
    }
    payload.extend_from_slice(&(record.entries.len() as u32).to_le_bytes());
    for e in &record.entries {
        payload.extend_from_slice(&e.seq.to_le_bytes());
        payload.extend_from_slice(&e.hash.0);
        payload.extend_from_slice(&e.treaty.to_le_bytes());
        put_name(&mut payload, &e.state);
        put_framed(&mut payload, &e.bytes);
    }
    payload.extend_from_slice(&(record.nodes.len() as u32).to_le_bytes());
    for (level, index, hash) in &record.nodes {
        payload.push(*level);
        payload.extend_from_slice(&index.to_le_bytes());
        payload.extend_from_slice(&hash.0);
    }
    let mut out = Vec::with_capacity(44 + payload.len());
    out.extend_from_slice(RECORD_MAGIC);
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&checksum(&payload));
    out.extend_from_slice(&payload);
    out
}

fn damaged(offset: usize, what: &str) -> JournalError {
    JournalError::Damaged {
        offset: offset as u64,
        what: what.to_string(),
    }
}

/// The header's state and the records that follow it, up to the first that fails its checksum,
/// and where they end: the header must be sound.
fn parse_records(bytes: &[u8]) -> Result<(State, Vec<Record>, usize), JournalError> {
    let body = bytes
        .strip_prefix(HEADER_MAGIC)
        .ok_or_else(|| damaged(0, "it does not start with a journal header"))?;
    let (payload, header_len) =
        checked(body).ok_or_else(|| damaged(0, "its header fails its checksum"))?;
    let state =
        State::decode(payload).ok_or_else(|| damaged(0, "its header does not describe a state"))?;
    let mut at = HEADER_MAGIC.len() + header_len;
    let mut records = Vec::new();
    while let Some((payload, len)) = bytes[at..].strip_prefix(RECORD_MAGIC).and_then(checked) {
        let record = decode(payload)
            .ok_or_else(|| damaged(at, "a record's checksum holds but its fields do not"))?;
        records.push(record);
        at += RECORD_MAGIC.len() + len;
    }
    Ok((state, records, at))
}

/// Reads a whole journal: the header must be sound; records follow until zeros.
fn parse(bytes: &[u8]) -> Result<Contents, JournalError> {
    let (state, records, at) = parse_records(bytes)?;
    let rest = &bytes[at..];
    let torn = rest.iter().any(|&b| b != 0);
    if let Some(what) = cut_between_steps(bytes.len() as u64, rest, at as u64) {
        return Err(damaged(at, &what));
    }
    if torn && sound_record_after(rest) {
        return Err(damaged(
            at,
            "a record fails its checksum and sound records follow it (media damage, not a torn write)",
        ));
    }
    if torn && written_whole(rest, at as u64) {
        return Err(damaged(
            at,
            "the last record fails its checksum, yet it was written whole (media damage, not a torn write)",
        ));
    }
    if let Some(what) = cut_inside_record(rest) {
        return Err(damaged(at, &what));
    }
    Ok(Contents {
        state,
        records,
        end: at as u64,
        torn,
        capacity: bytes.len() as u64,
    })
}

/// The payload of `length ‖ checksum ‖ payload` at the start of `bytes` if its checksum holds,
/// and the length of the whole.
fn checked(bytes: &[u8]) -> Option<(&[u8], usize)> {
    let mut r = Reader(bytes);
    let len = usize::try_from(r.u64()?).ok()?;
    let sum = r.digest()?;
    let payload = r.take(len)?;
    (checksum(payload) == sum).then_some((payload, 40 + len))
}

fn decode(payload: &[u8]) -> Option<Record> {
    let mut r = Reader(payload);
    let mut head = || -> Option<Prefix> {
        Some(Prefix {
            entries: r.u64()?,
            head: Digest(r.digest()?),
        })
    };
    let from = head()?;
    let to = head()?;
    let new_treaties = (0..r.u32()?)
        .map(|_| r.name().map(str::to_string))
        .collect::<Option<Vec<_>>>()?;
    let mut entries = Vec::new();
    for _ in 0..r.u32()? {
        entries.push(StoredEntry {
            seq: r.u64()?,
            hash: Digest(r.digest()?),
            treaty: r.u32()?,
            state: r.name()?.to_string(),
            bytes: r.framed()?.to_vec(),
        });
    }
    let mut nodes = Vec::new();
    for _ in 0..r.u32()? {
        nodes.push((r.u8()?, r.u64()?, Digest(r.digest()?)));
    }
    r.is_done().then_some(Record {
        from,
        to,
        new_treaties,
        entries,
        nodes,
    })
}

#[cfg(test)]
mod tests {
    use super::damage::{SECTOR, TRAILING_ZEROS};
    use super::*;
    use std::os::unix::fs::FileExt;

    fn record(n: u64) -> Record {
        Record {
            from: Prefix {
                entries: n,
                head: Digest([n as u8; 32]),
            },
            to: Prefix {
                entries: n + 1,
                head: Digest([n as u8 + 1; 32]),
            },
            new_treaties: if n == 0 {
                vec!["ottawa".into()]
            } else {
                vec![]
            },
            entries: vec![StoredEntry {
                seq: n + 1,
                hash: Digest([n as u8 + 1; 32]),
                treaty: 0,
                state: "FI".into(),
                bytes: vec![n as u8; 100],
            }],
            nodes: vec![(6, n, Digest([9; 32]))],
        }
    }

    fn journal_with(records: u64) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let mut j = replace(dir.path(), &State::empty()).unwrap().journal;
        for n in 0..records {
            j.append(&record(n)).unwrap();
        }
        dir
    }

    #[test]
    fn records_read_back_in_order() {
        let dir = journal_with(3);
        let c = read(dir.path()).unwrap();
        assert_eq!(c.state, State::empty());
        assert_eq!(c.records, (0..3).map(record).collect::<Vec<_>>());
        assert!(!c.torn);
    }

    #[test]
    fn a_torn_last_record_is_left_out_and_zeroed_by_a_writer() {
        let dir = journal_with(2);
        let c = read(dir.path()).unwrap();
        let file = File::options().write(true).open(path(dir.path())).unwrap();
        // Half of a third record, as a crash in the middle of its write leaves it.
        let third = encode(&record(2));
        file.write_all_at(&third[..third.len() / 2], c.end).unwrap();
        let c = read(dir.path()).unwrap();
        assert_eq!(c.records.len(), 2);
        assert!(c.torn);
        let mut j = Journal::open(dir.path(), &c).unwrap();
        assert!(!read(dir.path()).unwrap().torn);
        j.append(&record(2)).unwrap();
        assert_eq!(read(dir.path()).unwrap().records.len(), 3);
    }

    #[test]
    fn a_damaged_record_with_sound_ones_after_it_is_refused_and_left_as_it_is() {
        let dir = journal_with(3);
        let c = read(dir.path()).unwrap();
        let before = std::fs::read(path(dir.path())).unwrap();
        // Flip a byte inside the second record's payload.
        let first_len = encode(&record(0)).len() as u64;
        let header_len = c.end - 3 * first_len;
        let mut bytes = before.clone();
        bytes[(header_len + first_len + 60) as usize] ^= 1;
        std::fs::write(path(dir.path()), &bytes).unwrap();
        let err = read(dir.path()).unwrap_err();
        assert!(err.to_string().contains("sound records follow"), "{err}");
        assert_eq!(std::fs::read(path(dir.path())).unwrap(), bytes);
    }

    /// A bit flipped anywhere in the last record (marker, length, checksum or payload) is
    /// told from a write cut short, and refused; the file is left as it was.
    #[test]
    fn a_damaged_last_record_is_refused_wherever_the_damage_is() {
        let dir = journal_with(2);
        let c = read(dir.path()).unwrap();
        let last = encode(&record(1)).len() as u64;
        let original = std::fs::read(path(dir.path())).unwrap();
        for at in c.end - last..c.end {
            for bit in [0, 7] {
                let mut bytes = original.clone();
                bytes[at as usize] ^= 1 << bit;
                std::fs::write(path(dir.path()), &bytes).unwrap();
                let err = read(dir.path()).expect_err("a damaged last record is refused");
                assert!(err.to_string().contains("media damage"), "byte {at}: {err}");
                assert_eq!(std::fs::read(path(dir.path())).unwrap(), bytes);
            }
        }
    }

    /// A record whose sectors reached the disk out of order, one of them missing, is a torn
    /// write: it was never acknowledged, and is left out.
    #[test]
    fn a_record_missing_a_sector_is_torn_not_damaged() {
        let dir = journal_with(1);
        let c = read(dir.path()).unwrap();
        let mut big = record(1);
        big.entries[0].bytes = vec![7u8; 3000];
        let mut bytes = encode(&big);
        let gap = (SECTOR - c.end % SECTOR) as usize + SECTOR as usize;
        bytes[gap..gap + SECTOR as usize].fill(0);
        let file = File::options().write(true).open(path(dir.path())).unwrap();
        file.write_all_at(&bytes, c.end).unwrap();
        let read_back = read(dir.path()).unwrap();
        assert!(read_back.torn);
        assert_eq!(read_back.records.len(), 1);
    }

    /// Damage that zeroes the end of the last record, inside the sector its last byte is in, is
    /// no torn write: that sector was written, so the zeros were written too.
    #[test]
    fn a_last_record_whose_damaged_end_is_zeros_is_refused() {
        let dir = journal_with(3);
        let c = read(dir.path()).unwrap();
        let mut bytes = std::fs::read(path(dir.path())).unwrap();
        let into_sector = ((c.end - 1) % SECTOR) as usize;
        let zeroed = 40.min(into_sector);
        assert!(
            zeroed > TRAILING_ZEROS,
            "the record ends too early in its sector"
        );
        let end = c.end as usize;
        bytes[end - zeroed..end].fill(0);
        std::fs::write(path(dir.path()), &bytes).unwrap();
        let err = read(dir.path()).expect_err("zeros written over a record's end are damage");
        assert!(err.to_string().contains("media damage"), "{err}");
    }

    /// A journal cut in the middle of a record, or to a length between growth steps with records
    /// past the last step, was cut short after it was written: refused, never read as torn.
    #[test]
    fn a_journal_cut_short_is_refused() {
        let dir = journal_with(3);
        let c = read(dir.path()).unwrap();
        let bytes = std::fs::read(path(dir.path())).unwrap();
        let last = encode(&record(2)).len() as u64;
        for cut in [c.end - last / 2, c.end - 1, c.end - last, c.end + 100] {
            std::fs::write(path(dir.path()), &bytes[..cut as usize]).unwrap();
            match read(dir.path()) {
                Err(err) => assert!(err.to_string().contains("cut short"), "{cut}: {err}"),
                Ok(read) => panic!("cut at {cut}: read {} records", read.records.len()),
            }
        }
    }

    /// A growth step a crash interrupted leaves zeros past the last whole step: harmless, and a
    /// writer grows the file on from there.
    #[test]
    fn an_interrupted_growth_is_not_damage() {
        let dir = journal_with(2);
        let file = File::options().write(true).open(path(dir.path())).unwrap();
        file.set_len(GROWTH + 4096).unwrap();
        let c = read(dir.path()).unwrap();
        assert_eq!(c.records.len(), 2);
        let mut j = Journal::open(dir.path(), &c).unwrap();
        j.append(&record(2)).unwrap();
        assert_eq!(read(dir.path()).unwrap().records.len(), 3);
    }

    /// Every 7th byte of the header, the records and the zeros after them flipped in turn: each
    /// is refused as damage or read with every record as written. Never fewer records, never
    /// a panic.
    #[test]
    fn a_byte_flipped_anywhere_is_refused_or_harmless() {
        let dir = journal_with(6);
        let c = read(dir.path()).unwrap();
        let original = std::fs::read(path(dir.path())).unwrap();
        let (mut refused, mut harmless) = (0, 0);
        for at in (0..c.end as usize + 1024).step_by(7) {
            let mut bytes = original.clone();
            bytes[at] ^= 0x5a;
            std::fs::write(path(dir.path()), &bytes).unwrap();
            match read(dir.path()) {
                Err(JournalError::Damaged { .. }) => refused += 1,
                Err(e) => panic!("byte {at}: {e}"),
                Ok(read) => {
                    assert_eq!(read.records, c.records, "byte {at}: records lost");
                    assert_eq!(read.state, c.state, "byte {at}");
                    harmless += 1;
                }
            }
        }
        assert!(
            refused > 0 && harmless > 0,
            "{refused} refused, {harmless} harmless"
        );
    }

    /// What `read` finds, from the records and a look at the zeros, is what the whole file
    /// parsed at once gives, for records past the first read and bytes flipped or zeroed in the
    /// header, the records, the zeros after them and near the file's end.
    #[test]
    fn reading_the_records_alone_agrees_with_the_whole_file() {
        let dir = journal_with(0);
        let mut j = Journal::open(dir.path(), &read(dir.path()).unwrap()).unwrap();
        for n in 0..5 {
            let mut big = record(n);
            big.entries[0].bytes = vec![n as u8 + 1; 30_000];
            j.append(&big).unwrap();
        }
        let original = std::fs::read(path(dir.path())).unwrap();
        let end = read(dir.path()).unwrap().end as usize;
        assert!(end > 128 << 10, "the records reach past the first read");
        let outcome = |r: Result<Contents, JournalError>| match r {
            Ok(c) => Ok((c.state, c.records, c.end, c.torn, c.capacity)),
            Err(e) => Err(e.to_string()),
        };
        let spots =
            (0..end + 4096)
                .step_by(4099)
                .chain([end - 1, end, end + 600, original.len() - 1]);
        for at in spots {
            for damage in [0x5a, 0xff] {
                let mut bytes = original.clone();
                bytes[at] = if damage == 0xff {
                    0
                } else {
                    bytes[at] ^ damage
                };
                std::fs::write(path(dir.path()), &bytes).unwrap();
                assert_eq!(
                    outcome(read(dir.path())),
                    outcome(parse(&bytes)),
                    "byte {at}"
                );
            }
        }
    }

    #[test]
    fn a_damaged_header_is_refused() {
        let dir = journal_with(1);
        let mut bytes = std::fs::read(path(dir.path())).unwrap();
        bytes[20] ^= 1;
        std::fs::write(path(dir.path()), &bytes).unwrap();
        assert!(read(dir.path()).unwrap_err().to_string().contains("header"));
    }

    #[test]
    fn replacing_keeps_the_state_and_drops_the_records() {
        let dir = journal_with(2);
        let mut state = State::empty();
        state.head.entries = 2;
        replace(dir.path(), &state).unwrap();
        let c = read(dir.path()).unwrap();
        assert_eq!(c.state, state);
        assert!(c.records.is_empty());
        assert!(!dir.path().join(NEW_NAME).exists());
    }
}
