//! The stored rows, read-only, for the audit: every entry with what the store files it under
//! and the hash it stores for it, the Merkle nodes and the files' committed lengths, which
//! `verify` compares with what the entries imply. Nothing here can write.

use super::{Ledger, LedgerError, Result};
use crate::chain::prefix::Prefix;
use crate::store::Store;
pub use crate::store::{IndexRow, TreatyChains};
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
    /// The head: the number of entries and the last one's hash, as stored.
    pub fn head(&self) -> Result<Prefix> {
        Ok(self.store.head()?)
    }

    /// Every stored entry in sequence order with the hash, treaty and state stored for it,
    /// neither decoded nor hashed.
    pub fn rows(&self) -> impl Iterator<Item = Result<IndexRow>> + '_ {
        self.store
            .scan(1, u64::MAX)
            .map(|item| item.map_err(LedgerError::from))
    }

    /// Every stored entry in sequence order, as (seq, canonical bytes).
    pub fn entries(&self) -> impl Iterator<Item = Result<(u64, Vec<u8>)>> + '_ {
        self.store
            .entries()
            .map(|item| item.map_err(LedgerError::from))
    }

    /// Every stored Merkle node as (level, index, hash).
    pub fn merkle_nodes(&self) -> Result<Vec<(u8, u64, Digest)>> {
        Ok(self.store.merkle_nodes()?)
    }

    /// The stored treaty chains (the `chains` file), if it is sound and of the last settling:
    /// the prefix they are of, and each treaty's id, number of entries and chain.
    pub fn chains(&self) -> Option<(Prefix, TreatyChains)> {
        self.store.stored_chains()
    }

    /// Each treaty file's committed length, by treaty id.
    pub fn committed_lengths(&self) -> Vec<(String, u64)> {
        self.store.committed_lengths()
    }
}
