//! Entries read back are checked against what the store recorded of them when they were
//! appended: each entry's hash (in `seqs`, or in its journal record) and each treaty's chain (in
//! `chains`). Bytes altered on the disk after they were written (a flipped bit, an edit) that
//! still decode are then damage, named with their entry and file, never read as another fact.
//!
//! A treaty read whole is checked against its chain: hashing its entries is the whole cost, one
//! chain step each, and nothing else is read. A few entries, or a treaty whose chain is not
//! recorded for the files' state (no sound `chains` file), are checked one by one against
//! `seqs`, one 48-byte read each.

use super::files::{self, Frame};
use super::journal;
use super::{Result, Store, StoreError};
use crate::chain::seal::hash_bytes;
use crate::chain::treaty_chain;
use crate::vocabulary::digest::Digest;
use std::path::PathBuf;

impl Store {
    /// Checks `computed`, the hash of entry `seq`'s bytes as read, against `recorded`, the hash
    /// the store holds for it.
    pub fn check_hash(&self, seq: u64, recorded: &Digest, computed: &Digest) -> Result<()> {
        if recorded == computed {
            return Ok(());
        }
        let (path, record) = self.holder(seq)?;
        Err(self.damaged(
            &path,
            &format!(
                "holds entry {seq} altered: its bytes do not hash to the hash {record} holds for it (one of the two was changed after it was written)"
            ),
        ))
    }

    /// The damage of entry `seq`, whose bytes were altered (`what` says how it shows), naming
    /// the file they are in.
    pub fn altered(&self, seq: u64, what: &str) -> StoreError {
        match self.holder(seq) {
            Ok((path, _)) => self.damaged(&path, &format!("holds entry {seq} altered: {what}")),
            Err(e) => e,
        }
    }

    /// The file entry `seq`'s bytes are in, and what recorded its hash.
    fn holder(&self, seq: u64) -> Result<(PathBuf, &'static str)> {
        let in_journal = self.snapshot().tail_entry(seq).is_some();
        if in_journal {
            return Ok((self.dir.join(journal::FILE_NAME), "its journal record"));
        }
        let place = self.place(seq)?;
        Ok((files::treaty_path(&self.dir, place.treaty), "`seqs`"))
    }

    /// Checks the frames read from treaty file `number`, all of it, against the treaty's chain
    /// recorded for the files' state; without one (or, to name the entry, when it disagrees),
    /// each frame against `seqs`.
    pub(super) fn check_treaty_file(&self, number: u32, frames: &[&Frame<'_>]) -> Result<()> {
        let hashes = hashes(frames);
        let recorded = self
            .stored_chains()
            .and_then(|(_, chains)| chains.into_iter().nth(number as usize));
        if let Some((id, count, chain)) = recorded {
            let computed = frames
                .iter()
                .zip(&hashes)
                .fold(treaty_chain::start(&id), |chain, (f, hash)| {
                    treaty_chain::step(&chain, f.seq, hash)
                });
            if count == frames.len() as u64 && computed == chain {
                return Ok(());
            }
        }
        self.check_frames(number, frames, &hashes)
    }

    /// Checks frames read from treaty file `number` one by one against `seqs`: each must be an
    /// entry of the files that `seqs` places in this treaty's file, under `hashes` (the hashes of
    /// the frames' bytes, in order).
    pub(super) fn check_frames(
        &self,
        number: u32,
        frames: &[&Frame<'_>],
        hashes: &[Digest],
    ) -> Result<()> {
        let path = || files::treaty_path(&self.dir, number);
        let in_files = self.snapshot().state().head.entries;
        for (frame, hash) in frames.iter().zip(hashes) {
            let seq = frame.seq;
            if seq == 0 || seq > in_files {
                return Err(self.damaged(
                    &path(),
                    &format!("holds a frame numbered {seq}, not an entry of the files"),
                ));
            }
            let place = self.place(seq)?;
            if place.treaty != number {
                return Err(self.damaged(
                    &path(),
                    &format!(
                        "holds a frame numbered {seq}, and `seqs` places entry {seq} in {}",
                        files::treaty_path(&self.dir, place.treaty).display()
                    ),
                ));
            }
            self.check_hash(seq, &place.hash, hash)?;
        }
        Ok(())
    }
}

/// The hashes of frames' bytes, in order.
pub(super) fn hashes(frames: &[&Frame<'_>]) -> Vec<Digest> {
    frames.iter().map(|f| hash_bytes(f.bytes)).collect()
}
