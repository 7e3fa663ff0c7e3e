//! The stored rows, read-only, for the audit: the raw entry bytes, the index rows and the Merkle
//! rows, which `verify` compares with what the entries imply. Nothing here can write.

use super::{Ledger, LedgerError, Result};
use crate::chain::prefix::Prefix;
pub use crate::store::StateIndex;
use crate::store::Store;
use crate::vocabulary::digest::Digest;

/// A read-only view of what the store holds, handed out by [`Ledger::stored`].
pub struct Stored<'a> {
    store: &'a Store,
}

impl Ledger {
    /// The stored rows, for the audit.
    pub fn stored(&self) -> Stored<'_> {
        Stored { store: &self.store }
    }
}

impl Stored<'_> {
    /// The head record: the number of entries and the last one's hash, as stored.
    pub fn head(&self) -> Result<Prefix> {
        Ok(self.store.head()?)
    }

    /// Every stored entry in sequence order, as (seq, canonical bytes), neither decoded nor
    /// hashed.
    pub fn entries(&self) -> impl Iterator<Item = Result<(u64, Vec<u8>)>> + '_ {
        self.store
            .entries()
            .map(|item| item.map_err(LedgerError::from))
    }

    /// (hash, seq) of every entry in the hash index, sorted.
    pub fn hash_index_rows(&self) -> Result<Vec<(Digest, u64)>> {
        Ok(self.store.hash_index_rows()?)
    }

    /// Every entry the (treaty, state) index holds.
    pub fn state_index_rows(&self) -> Result<StateIndex> {
        Ok(self.store.state_index_rows()?)
    }

    /// Every stored Merkle chunk (up to 64 leaf hashes), in order.
    pub fn merkle_chunks(&self) -> Result<Vec<(u64, Vec<u8>)>> {
        Ok(self
            .store
            .merkle_chunks()
            .collect::<std::result::Result<_, _>>()?)
    }

    /// Every stored Merkle node as (level, index, hash), in key order.
    pub fn merkle_nodes(&self) -> Result<Vec<(u8, u64, Digest)>> {
        Ok(self.store.merkle_nodes()?)
    }

    /// Every key the store holds that is neither an entry, an index row nor metadata.
    pub fn stray_keys(&self) -> Result<Vec<Vec<u8>>> {
        Ok(self.store.stray_keys()?)
    }
}
