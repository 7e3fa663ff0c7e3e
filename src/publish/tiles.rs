//! The tree's hashes as tiles: every complete node at heights 0, 8, 16, …, computed from the
//! leaf hashes, and the bytes of any tile; and the tree of a ledger extended by leaves not yet
//! appended, which a mirror checks a publication against without reading the ledger whole.

use crate::chain::merkle::{self, Tree};
use crate::ledger::{Ledger, LedgerError};
use crate::publish::layout::{Tile, WIDTH};
use crate::vocabulary::digest::Digest;

/// The complete nodes at each tile level: level 0 holds the leaf hashes, level `l + 1` the root
/// of every full tile of level `l`.
pub struct Levels {
    hashes: Vec<Vec<Digest>>,
}

impl Levels {
    /// Builds every level from the leaf hashes.
    pub fn new(leaves: Vec<Digest>) -> Levels {
        let mut hashes = vec![leaves];
        loop {
            let below = hashes.last().expect("level 0 is always there");
            let above: Vec<Digest> = below
                .chunks_exact(WIDTH as usize)
                .map(merkle::mth)
                .collect();
            if above.is_empty() {
                break;
            }
            hashes.push(above);
        }
        Levels { hashes }
    }

    /// The leaf hashes.
    pub fn leaves(&self) -> &[Digest] {
        &self.hashes[0]
    }

    /// The Merkle root of the first `size` leaves.
    pub fn root(&self, size: u64) -> Digest {
        merkle::mth(&self.hashes[0][..size as usize])
    }

    /// The bytes a tile is served as: its hashes, concatenated; `None` if the tree lacks them.
    pub fn tile_bytes(&self, tile: &Tile) -> Option<Vec<u8>> {
        let level = self.hashes.get(usize::from(tile.level))?;
        let start = (tile.index * WIDTH) as usize;
        let hashes = level.get(start..start + tile.width as usize)?;
        Some(hashes.iter().flat_map(|h| h.0).collect())
    }
}

/// The tree of a ledger's stored entries followed by leaves not yet appended: a subtree within
/// the ledger is read from its stored nodes (a few reads however large it is), one within the
/// new leaves is hashed from them, one across both is joined from the two.
pub struct Extended<'a> {
    ledger: &'a Ledger,
    held: u64,
    pending: &'a [Digest],
}

impl<'a> Extended<'a> {
    /// The ledger's `held` entries, then `pending` leaf hashes.
    pub fn new(ledger: &'a Ledger, held: u64, pending: &'a [Digest]) -> Extended<'a> {
        Extended {
            ledger,
            held,
            pending,
        }
    }

    /// How many leaves the tree has.
    pub fn size(&self) -> u64 {
        self.held + self.pending.len() as u64
    }

    /// The bytes a tile of this tree is served as; the tree must hold every leaf it covers.
    pub fn tile_bytes(&mut self, tile: &Tile) -> Result<Vec<u8>, LedgerError> {
        let span = 1u64 << (8 * u32::from(tile.level));
        let mut out = Vec::with_capacity(tile.width as usize * 32);
        for i in 0..tile.width {
            out.extend(self.subtree((tile.index * WIDTH + i) * span, span)?.0);
        }
        Ok(out)
    }
}

impl Tree for Extended<'_> {
    type Error = LedgerError;

    fn subtree(&mut self, start: u64, size: u64) -> Result<Digest, LedgerError> {
        if start + size <= self.held {
            return self.ledger.merkle_subtree(start, size);
        }
        if start >= self.held {
            let from = (start - self.held) as usize;
            let leaves = self
                .pending
                .get(from..from + size as usize)
                .ok_or_else(|| {
                    LedgerError::NotExtended(format!(
                        "the tree holds {} leaves, not {}",
                        self.size(),
                        start + size
                    ))
                })?;
            return Ok(merkle::mth(leaves));
        }
        // RFC 9162: the left part is the largest power of two below the size.
        let k = 1u64 << (63 - (size - 1).leading_zeros());
        let left = self.subtree(start, k)?;
        let right = self.subtree(start + k, size - k)?;
        Ok(merkle::node_hash(&left, &right))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::publish::layout::tiles;

    fn leaves(n: u64) -> Vec<Digest> {
        (0..n)
            .map(|i| merkle::leaf_hash(&Digest::of("test", &i.to_le_bytes())))
            .collect()
    }

    #[test]
    fn a_level_one_hash_is_the_root_of_the_full_tile_below() {
        let levels = Levels::new(leaves(600));
        let level1 = levels
            .tile_bytes(&Tile {
                level: 1,
                index: 0,
                width: 2,
            })
            .unwrap();
        assert_eq!(&level1[..32], &merkle::mth(&levels.leaves()[..256]).0);
        assert_eq!(&level1[32..], &merkle::mth(&levels.leaves()[256..512]).0);
        for tile in tiles(600) {
            assert_eq!(
                levels.tile_bytes(&tile).unwrap().len() as u64,
                tile.width * 32,
                "{}",
                tile.hash_path()
            );
        }
        assert!(
            levels
                .tile_bytes(&Tile {
                    level: 2,
                    index: 0,
                    width: 1
                })
                .is_none()
        );
    }
}
