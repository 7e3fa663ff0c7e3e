//! The ledger's Merkle tree as stored: roots, inclusion paths and consistency proofs of any
//! prefix, the rows an append adds to it, and the treaty index answer proofs rest on.

use super::{Ledger, LedgerError, NotFound, Result};
use crate::chain::merkle::{self, Growth, Tree};
use crate::chain::seal::Sealed;
use crate::store::StoreError;
use crate::vocabulary::digest::Digest;
use crate::vocabulary::treaty::TreatyId;

impl Ledger {
    /// The Merkle root of the first `size` entries.
    pub fn merkle_root(&self, size: u64) -> Result<Digest> {
        self.within(size)?;
        merkle::StoredTree::new(&self.store)
            .subtree(0, size)
            .map_err(|e| self.merkle_error(e))
    }

    /// The Merkle tree hash of entries `start + 1` to `start + size`: a publication's hash tiles
    /// and a mirror's check of a tree it extends are made of such subtrees.
    pub fn merkle_subtree(&self, start: u64, size: u64) -> Result<Digest> {
        self.within(start.saturating_add(size))?;
        merkle::StoredTree::new(&self.store)
            .subtree(start, size)
            .map_err(|e| self.merkle_error(e))
    }

    /// The inclusion path of entry `seq` in the tree of the first `size` entries.
    pub fn inclusion_path(&self, seq: u64, size: u64) -> Result<Vec<Digest>> {
        self.within(size)?;
        if seq == 0 || seq > size {
            return Err(NotFound::NotInTree { seq, size }.into());
        }
        merkle::inclusion_path(&mut merkle::StoredTree::new(&self.store), seq - 1, size)
            .map_err(|e| self.merkle_error(e))
    }

    /// The proof that the first `old` entries are a prefix of the first `new`.
    pub fn consistency_proof(&self, old: u64, new: u64) -> Result<Vec<Digest>> {
        self.within(new)?;
        merkle::consistency_proof(&mut merkle::StoredTree::new(&self.store), old, new)
            .map_err(|e| self.merkle_error(e))
    }

    /// Refuses a tree larger than the ledger.
    fn within(&self, size: u64) -> Result<()> {
        let held = self.head()?.entries;
        if size > held {
            return Err(NotFound::BeyondHead { asked: size, held }.into());
        }
        Ok(())
    }

    fn merkle_error(&self, e: merkle::GrowError<StoreError>) -> LedgerError {
        match e {
            merkle::GrowError::Store(e) => LedgerError::Store(e),
            merkle::GrowError::Missing => LedgerError::Store(StoreError::Damaged {
                path: self.path().to_path_buf(),
                what: "a Merkle row the tree needs is missing".into(),
            }),
        }
    }
}

/// The Merkle rows that appending `sealed` after the first `size` entries adds.
pub(super) fn growth(ledger: &Ledger, size: u64, sealed: &[Sealed]) -> Result<Growth> {
    let hashes: Vec<Digest> = sealed.iter().map(|s| s.hash).collect();
    growth_of(ledger, size, &hashes)
}

/// The Merkle rows that appending entries with these hashes after the first `size` adds.
pub(super) fn growth_of(ledger: &Ledger, size: u64, hashes: &[Digest]) -> Result<Growth> {
    merkle::grow(&ledger.store, size, hashes).map_err(|e| ledger.merkle_error(e))
}

impl Ledger {
    /// Every treaty with an entry among 1..=`upto`, sorted by id, with its number of entries and
    /// its chain digest (docs/FORMAT.md section 8, index version 2): kept by the store as
    /// appends are settled, so this reads no entry.
    pub fn treaty_chains(&self, upto: u64) -> Result<Vec<(TreatyId, u64, Digest)>> {
        self.within(upto)?;
        let mut out = self
            .store
            .treaty_chains(upto)?
            .into_iter()
            .map(|(id, count, chain)| {
                let id = TreatyId::parse(&id).map_err(|e| LedgerError::Damaged {
                    entry: None,
                    what: format!("the treaty index holds {e}"),
                })?;
                Ok((id, count, chain))
            })
            .collect::<Result<Vec<_>>>()?;
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    }

    /// The entries indexed under a treaty among 1..=`upto`, in order, read in one pass over its
    /// file, each decoded strictly and re-hashed.
    pub fn treaty_sealed(&self, treaty: &TreatyId, upto: u64) -> Result<Vec<Sealed>> {
        self.store
            .treaty_entries(treaty.as_str(), None)?
            .into_iter()
            .take_while(|(seq, _)| *seq <= upto)
            .map(|(seq, bytes)| {
                Sealed::from_bytes(bytes).map_err(|e| LedgerError::Damaged {
                    entry: Some(seq),
                    what: e.to_string(),
                })
            })
            .collect()
    }
}
