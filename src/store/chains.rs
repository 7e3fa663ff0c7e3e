//! Each treaty's chain digest ([`crate::chain::treaty_chain`]) as of the last settling, in the
//! file `chains`, so that an answer proof reads neither the other treaties' entries nor `seqs`.
//!
//! The file is derived data (docs/FORMAT.md section 10): written after each settling, keyed by
//! the head it was computed at and checksummed. A missing, damaged or stale file (one of another
//! head, left by a crash between settling and writing it, or by a ledger older than it) is not
//! used: readers compute the chains from the hashes in `seqs`, and the next settling rewrites it.
//! `verify` checks it against the entries.

use super::bytes::{self, Reader};
use super::files::{self, Place, SEQ_RECORD};
use super::journal::Record;
use super::state::State;
use super::{Result, Store, StoreError};
use crate::chain::prefix::Prefix;
use crate::chain::treaty_chain;
use crate::vocabulary::digest::Digest;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// The file's name in the ledger directory.
pub const FILE_NAME: &str = "chains";
const MAGIC: &[u8; 8] = b"PACTAC01";
/// Context of the file's checksum.
const CONTEXT: &str = "pacta 2026-12-01 chains file v1";
/// `seqs` records read at a time when the chains are computed from it.
const BLOCK: u64 = 8192;

/// Each treaty's id, number of entries and chain.
pub type TreatyChains = Vec<(String, u64, Digest)>;

/// Every treaty's number of entries and chain, by treaty number, as of `head`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chains {
    /// The prefix the chains are of.
    pub head: Prefix,
    /// (entries, chain) of each treaty, by number.
    pub treaties: Vec<(u64, Digest)>,
}

impl Chains {
    fn new() -> Chains {
        Chains {
            head: Prefix::EMPTY,
            treaties: Vec::new(),
        }
    }

    /// One more entry of treaty number `treaty`, whose id is `ids[treaty]`.
    fn add(&mut self, ids: &[&str], treaty: u32, seq: u64, hash: &Digest) -> Option<()> {
        let n = treaty as usize;
        while self.treaties.len() <= n {
            let id = ids.get(self.treaties.len())?;
            self.treaties.push((0, treaty_chain::start(id)));
        }
        let (count, chain) = &mut self.treaties[n];
        *count += 1;
        *chain = treaty_chain::step(chain, seq, hash);
        Some(())
    }

    /// `MAGIC ‖ entries (u64) ‖ head hash ‖ treaties (u32) ‖ each: entries (u64) ‖ chain ‖
    /// checksum of everything before`.
    fn encode(&self) -> Vec<u8> {
        let mut body = Vec::with_capacity(4 + 40 * self.treaties.len());
        body.extend_from_slice(&(self.treaties.len() as u32).to_le_bytes());
        for (count, chain) in &self.treaties {
            body.extend_from_slice(&count.to_le_bytes());
            body.extend_from_slice(&chain.0);
        }
        bytes::frame(MAGIC, CONTEXT, self.head, &body)
    }

    fn decode(bytes: &[u8]) -> Option<Chains> {
        let (head, body) = bytes::unframe(bytes, MAGIC, CONTEXT)?;
        let mut r = Reader(body);
        let treaties = (0..r.u32()?)
            .map(|_| Some((r.u64()?, Digest(r.digest()?))))
            .collect::<Option<Vec<_>>>()?;
        r.is_done().then_some(Chains { head, treaties })
    }
}

/// Where the file is.
pub fn path(dir: &Path) -> PathBuf {
    dir.join(FILE_NAME)
}

/// The file, if it is sound and of the files' state (its head and treaties).
fn read(dir: &Path, state: &State) -> Option<Chains> {
    let chains = Chains::decode(&std::fs::read(path(dir)).ok()?)?;
    (chains.head == state.head && chains.treaties.len() == state.treaties.len()).then_some(chains)
}

/// The chains of entries 1..=`upto` of the files, from the hashes and treaty numbers in `seqs`.
fn from_seqs(dir: &Path, state: &State, upto: u64) -> std::io::Result<Option<Chains>> {
    extend_from_seqs(dir, state, Chains::new(), upto)
}

/// `chains` (of the files' first entries) carried on to entry `upto` with the hashes and treaty
/// numbers in `seqs`.
fn extend_from_seqs(
    dir: &Path,
    state: &State,
    mut chains: Chains,
    upto: u64,
) -> std::io::Result<Option<Chains>> {
    let ids: Vec<&str> = state.treaties.iter().map(|t| t.id.as_str()).collect();
    let upto = upto.min(state.head.entries);
    let mut seq = chains.head.entries;
    if upto <= seq {
        // A ledger never settled has no `seqs` yet.
        return Ok((upto == seq).then_some(chains));
    }
    let mut file = File::open(files::seqs_path(dir))?;
    file.seek(SeekFrom::Start(seq * SEQ_RECORD))?;
    let mut file = file.take((upto - seq) * SEQ_RECORD);
    let mut block = Vec::with_capacity((BLOCK * SEQ_RECORD) as usize);
    loop {
        block.clear();
        (&mut file)
            .take(BLOCK * SEQ_RECORD)
            .read_to_end(&mut block)?;
        if block.is_empty() {
            break;
        }
        for record in block.chunks_exact(SEQ_RECORD as usize) {
            seq += 1;
            let Some(place) = Place::decode(record) else {
                return Ok(None);
            };
            if chains.add(&ids, place.treaty, seq, &place.hash).is_none() {
                return Ok(None);
            }
            chains.head.head = place.hash;
        }
    }
    if seq != upto {
        return Ok(None);
    }
    chains.head.entries = upto;
    Ok(Some(chains))
}

/// The chains after a bulk append took the files from state `before` to `after`, for the file
/// its commit writes: the file of `before` carried on with the appended entries' `seqs`
/// records, or, without one, all computed from `seqs`. `None` when neither reads (the file is
/// then not written, and readers compute the chains from `seqs` until the next settling).
pub fn after_bulk(dir: &Path, before: &State, after: &State) -> Option<Chains> {
    let start = read(dir, before).unwrap_or_else(Chains::new);
    extend_from_seqs(dir, after, start, after.head.entries).ok()?
}

/// The chains after the files' state and `records`, for the file a settling writes: the file
/// of the state carried on, or, without one, the chains computed from `seqs`. `None` when
/// neither reads (settling goes on; the file is then not written).
pub fn after<'a>(
    dir: &Path,
    state: &State,
    records: impl Iterator<Item = &'a Record>,
) -> Option<Chains> {
    let mut chains = match read(dir, state) {
        Some(chains) => chains,
        None => from_seqs(dir, state, state.head.entries).ok()??,
    };
    let mut ids: Vec<&str> = state.treaties.iter().map(|t| t.id.as_str()).collect();
    for record in records {
        ids.extend(record.new_treaties.iter().map(String::as_str));
        for e in &record.entries {
            chains.add(&ids, e.treaty, e.seq, &e.hash)?;
        }
        chains.head = record.to;
    }
    Some(chains)
}

/// Writes the file under a temporary name and renames it into place. It is not synced: after a
/// crash it is checked like any other (checksum, head) and ignored if it does not hold.
pub fn write(dir: &Path, chains: &Chains) -> std::io::Result<()> {
    let temporary = dir.join(format!("{FILE_NAME}.new"));
    std::fs::write(&temporary, chains.encode())?;
    std::fs::rename(&temporary, path(dir))
}

impl Store {
    /// Every treaty with an entry among 1..=`upto`, by number: (id, entries, chain). From the
    /// `chains` file and the journal's records when `upto` is at or past the last settling and
    /// the file holds; otherwise from `seqs`.
    pub fn treaty_chains(&self, upto: u64) -> Result<TreatyChains> {
        let snapshot = self.snapshot();
        let state = snapshot.state();
        let damaged = || StoreError::Damaged {
            path: files::seqs_path(&self.dir),
            what: "its records do not give every treaty's entries".into(),
        };
        let stored = (upto >= state.head.entries)
            .then(|| read(&self.dir, state))
            .flatten();
        let mut chains = match stored {
            Some(chains) => chains,
            None => from_seqs(&self.dir, state, upto)
                .map_err(|e| self.io_error(&files::seqs_path(&self.dir), e))?
                .ok_or_else(damaged)?,
        };
        let ids: Vec<&str> = snapshot.treaties().iter().map(String::as_str).collect();
        for e in snapshot.tail().take_while(|e| e.seq <= upto) {
            chains
                .add(&ids, e.treaty, e.seq, &e.hash)
                .ok_or_else(damaged)?;
        }
        Ok(ids
            .iter()
            .zip(chains.treaties)
            .filter(|(_, (count, _))| *count > 0)
            .map(|(id, (count, chain))| (id.to_string(), count, chain))
            .collect())
    }

    /// The `chains` file as it stands, if it is sound and of the last settling: (its head, and
    /// each treaty's id, entries and chain), for `verify`.
    pub fn stored_chains(&self) -> Option<(Prefix, TreatyChains)> {
        let snapshot = self.snapshot();
        let state = snapshot.state();
        let chains = read(&self.dir, state)?;
        let treaties = state
            .treaties
            .iter()
            .zip(chains.treaties)
            .map(|(t, (count, chain))| (t.id.clone(), count, chain))
            .collect();
        Some((chains.head, treaties))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_round_trips_and_any_changed_byte_is_refused() {
        let chains = Chains {
            head: Prefix {
                entries: 3,
                head: Digest([9; 32]),
            },
            treaties: vec![(2, Digest([1; 32])), (1, Digest([2; 32]))],
        };
        let bytes = chains.encode();
        assert_eq!(Chains::decode(&bytes), Some(chains));
        for i in [0, 8, 20, 44, bytes.len() - 1] {
            let mut bad = bytes.clone();
            bad[i] ^= 1;
            assert_eq!(Chains::decode(&bad), None, "byte {i}");
        }
        assert_eq!(Chains::decode(&bytes[..bytes.len() - 1]), None);
    }

    #[test]
    fn entries_add_to_their_treaty_and_unknown_numbers_are_refused() {
        let mut chains = Chains::new();
        let ids = ["a", "b"];
        chains.add(&ids, 1, 1, &Digest([1; 32])).unwrap();
        chains.add(&ids, 0, 2, &Digest([2; 32])).unwrap();
        assert_eq!(
            chains.treaties,
            vec![
                (1, treaty_chain::chain("a", &[(2, Digest([2; 32]))])),
                (1, treaty_chain::chain("b", &[(1, Digest([1; 32]))])),
            ]
        );
        assert_eq!(chains.add(&ids, 2, 3, &Digest([3; 32])), None);
    }
}
