//! The tree's hashes as tiles: every complete node at heights 0, 8, 16, …, computed from the
//! leaf hashes, and the bytes of any tile.

use crate::chain::merkle;
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
