//! The Merkle tree's stored rows: leaf chunks and nodes, read by [`crate::chain::merkle`].

use super::layout::{CHUNK, NODE, key};
use super::rows::be_u64;
use super::{Result, Store, StoreError};
use crate::chain::merkle::Stored;
use crate::vocabulary::digest::Digest;

impl Store {
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
