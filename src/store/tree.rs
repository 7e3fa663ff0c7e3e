//! The Merkle tree as stored: leaf hashes come from the entries' hashes in `seqs`, nodes of
//! complete subtrees of 64 leaves and more from the level files, with the journal's laid over.

use super::files::{self, SEQ_RECORD};
use super::{Result, Store, StoreError};
use crate::chain::merkle::{self, CHUNK, CHUNK_LEVEL, Stored};
use crate::vocabulary::digest::Digest;
use std::fs::File;
use std::os::unix::fs::FileExt;

impl Stored for Store {
    type Error = StoreError;

    /// The leaf hashes of entries `64·chunk + 1` on, as far as the ledger goes.
    fn chunk(&self, chunk: u64) -> Result<Option<Vec<u8>>> {
        let snapshot = self.snapshot();
        let first = chunk * CHUNK + 1;
        let last = (first + CHUNK - 1).min(snapshot.head().entries);
        if first > last {
            return Ok(None);
        }
        let in_files = snapshot.state().head.entries;
        let mut hashes: Vec<Digest> = Vec::with_capacity(CHUNK as usize);
        if first <= in_files {
            let upto = last.min(in_files);
            let path = files::seqs_path(&self.dir);
            let mut bytes = vec![0u8; ((upto - first + 1) * SEQ_RECORD) as usize];
            File::open(&path)
                .and_then(|f| f.read_exact_at(&mut bytes, (first - 1) * SEQ_RECORD))
                .map_err(|e| self.io_error(&path, e))?;
            hashes.extend(
                bytes
                    .chunks_exact(SEQ_RECORD as usize)
                    .map(|r| Digest(r[16..].try_into().expect("a record is 48 bytes"))),
            );
        }
        for seq in (first..=last).filter(|s| *s > in_files) {
            let e = snapshot
                .tail_entry(seq)
                .ok_or_else(|| self.damaged(&self.dir, "the journal lacks an entry"))?;
            hashes.push(e.hash);
        }
        Ok(Some(
            hashes.iter().flat_map(|h| merkle::leaf_hash(h).0).collect(),
        ))
    }

    fn node(&self, level: u8, index: u64) -> Result<Option<Digest>> {
        let snapshot = self.snapshot();
        if let Some(hash) = snapshot.tail_node(level, index) {
            return Ok(Some(hash));
        }
        let stored = level
            .checked_sub(CHUNK_LEVEL)
            .and_then(|slot| snapshot.state().levels.get(slot as usize))
            .copied()
            .unwrap_or(0);
        if index >= stored {
            return Ok(None);
        }
        let path = files::level_path(&self.dir, level);
        let mut hash = [0u8; 32];
        File::open(&path)
            .and_then(|f| f.read_exact_at(&mut hash, index * 32))
            .map_err(|e| self.io_error(&path, e))?;
        Ok(Some(Digest(hash)))
    }
}

impl Store {
    /// Every stored Merkle node as (level, index, hash), the files' then the journal's.
    pub fn merkle_nodes(&self) -> Result<Vec<(u8, u64, Digest)>> {
        let snapshot = self.snapshot();
        let mut out = Vec::new();
        for (slot, &count) in snapshot.state().levels.iter().enumerate() {
            let level = CHUNK_LEVEL + slot as u8;
            let path = files::level_path(&self.dir, level);
            let bytes =
                files::read_at(&path, 0, count * 32).map_err(|e| self.io_error(&path, e))?;
            out.extend(bytes.chunks_exact(32).enumerate().map(|(i, h)| {
                let hash = Digest(h.try_into().expect("32-byte chunks"));
                (level, i as u64, hash)
            }));
        }
        for record in snapshot.records() {
            out.extend(record.nodes.iter().copied());
        }
        Ok(out)
    }
}
