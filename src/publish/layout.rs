//! Where each published file lives: C2SP tlog-tiles paths (`tile/<L>/<N>[.p/<W>]`,
//! `tile/entries/<N>[.p/<W>]`), the archived sources and the checkpoint.

use crate::vocabulary::digest::Digest;

/// Hashes in a full tile, and entries in a full entry bundle.
pub const WIDTH: u64 = 256;
/// The checkpoint's path: replaced on every publish.
pub const CHECKPOINT: &str = "checkpoint";
/// The list of every archived source served: replaced when it grows.
pub const SOURCE_LIST: &str = "sources/list";

/// One tile of the tree: `width` consecutive hashes at height `8 × level`, starting at
/// `index × 256`; a width below 256 marks a partial tile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Tile {
    /// The tile's level (0: leaf hashes).
    pub level: u8,
    /// The tile's index within its level.
    pub index: u64,
    /// How many hashes it holds, 1 to 256.
    pub width: u64,
}

impl Tile {
    /// `tile/<L>/<N>[.p/<W>]`.
    pub fn hash_path(&self) -> String {
        format!("tile/{}/{}", self.level, self.suffix())
    }

    /// `tile/entries/<N>[.p/<W>]`: the entry bundle beside a level-0 tile.
    pub fn entries_path(&self) -> String {
        format!("tile/entries/{}", self.suffix())
    }

    /// The entry numbers (1-based) a level-0 tile covers.
    pub fn entries(&self) -> std::ops::RangeInclusive<u64> {
        let first = self.index * WIDTH + 1;
        first..=first + self.width - 1
    }

    fn suffix(&self) -> String {
        let n = index_path(self.index);
        match self.width {
            WIDTH => n,
            w => format!("{n}.p/{w}"),
        }
    }
}

/// A tile index as zero-padded 3-digit path elements, all but the last prefixed with `x`:
/// 1234067 is `x001/x234/067`.
pub fn index_path(mut n: u64) -> String {
    let mut parts = vec![format!("{:03}", n % 1000)];
    n /= 1000;
    while n > 0 {
        parts.push(format!("x{:03}", n % 1000));
        n /= 1000;
    }
    parts.reverse();
    parts.join("/")
}

/// Every tile a tree of `size` leaves is served as: the full tiles of each level and, where the
/// level's count is not a multiple of 256, one partial tile.
pub fn tiles(size: u64) -> Vec<Tile> {
    let mut out = Vec::new();
    for level in 0u8.. {
        let count = size.checked_shr(8 * u32::from(level)).unwrap_or(0);
        if count == 0 {
            break;
        }
        out.extend((0..count / WIDTH).map(|index| Tile {
            level,
            index,
            width: WIDTH,
        }));
        if !count.is_multiple_of(WIDTH) {
            out.push(Tile {
                level,
                index: count / WIDTH,
                width: count % WIDTH,
            });
        }
    }
    out
}

/// The tiles of a tree of `new` leaves that a tree of `old` leaves was not served as: the files
/// a reader who has seen `old` still needs.
pub fn new_tiles(old: u64, new: u64) -> Vec<Tile> {
    let before = tiles(old);
    tiles(new)
        .into_iter()
        .filter(|t| !before.contains(t))
        .collect()
}

/// The entry bundle of a tree of `size` leaves that holds entry `seq`.
pub fn bundle_of(seq: u64, size: u64) -> String {
    let index = (seq - 1) / WIDTH;
    let width = (size - index * WIDTH).min(WIDTH);
    Tile {
        level: 0,
        index,
        width,
    }
    .entries_path()
}

/// `sources/<digest>`: an archived document's bytes.
pub fn source_path(digest: &Digest) -> String {
    format!("sources/{digest}")
}

/// `sources/<digest>.json`: its description.
pub fn description_path(digest: &Digest) -> String {
    format!("sources/{digest}.json")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_paths_follow_tlog_tiles() {
        assert_eq!(index_path(0), "000");
        assert_eq!(index_path(67), "067");
        assert_eq!(index_path(1000), "x001/000");
        assert_eq!(index_path(1_234_067), "x001/x234/067");
    }

    #[test]
    fn tile_counts_match_the_specification_example() {
        // tlog-tiles: a tree of 70,000 is 273 full level-0 tiles, a partial one of width 112,
        // one full level-1 tile, a partial one of width 17 and a partial level-2 tile of width 1.
        let t = tiles(70_000);
        let at = |level: u8| t.iter().filter(move |x| x.level == level);
        assert_eq!(at(0).filter(|x| x.width == WIDTH).count(), 273);
        assert_eq!(
            at(0)
                .filter(|x| x.width != WIDTH)
                .map(|x| x.width)
                .collect::<Vec<_>>(),
            [112]
        );
        assert_eq!(at(1).map(|x| x.width).collect::<Vec<_>>(), [256, 17]);
        assert_eq!(at(2).map(|x| x.width).collect::<Vec<_>>(), [1]);
        assert_eq!(t.len(), 273 + 1 + 2 + 1);
        let t256 = tiles(256);
        assert_eq!(t256.len(), 2);
        assert_eq!(t256[1].hash_path(), "tile/1/000.p/1");
        assert!(tiles(0).is_empty());
    }

    #[test]
    fn new_tiles_are_only_those_not_served_before() {
        let new = new_tiles(300, 600);
        let paths: Vec<String> = new.iter().map(Tile::hash_path).collect();
        assert_eq!(paths, ["tile/0/001", "tile/0/002.p/88", "tile/1/000.p/2"]);
        assert!(new_tiles(600, 600).is_empty());
        assert_eq!(new_tiles(0, 5)[0].entries_path(), "tile/entries/000.p/5");
        assert_eq!(new_tiles(0, 5)[0].entries(), 1..=5);
        assert_eq!(bundle_of(1, 600), "tile/entries/000");
        assert_eq!(bundle_of(513, 600), "tile/entries/002.p/88");
    }
}
