//! The Merkle tree over entry hashes: RFC 9162 section 2.1 with BLAKE3.
//!
//! Leaf `i` is `BLAKE3(0x00 ‖ hash of entry i+1)`, an inner node `BLAKE3(0x01 ‖ left ‖ right)`,
//! and the tree of no leaves hashes to `BLAKE3("")`; the tree's shape, inclusion paths and
//! consistency proofs are exactly RFC 9162's. Stored trees keep leaf hashes in chunks of
//! [`CHUNK`] and the root of every aligned perfect subtree of at least [`CHUNK`] leaves, so an
//! append costs O(log n) and any subtree hash needs O(log n) reads plus at most one chunk's
//! hashing.

use crate::vocabulary::digest::Digest;
use std::collections::HashMap;

/// Leaves per stored chunk; a power of two.
pub const CHUNK: u64 = 64;
/// log2(CHUNK): the lowest level at which inner nodes are stored.
pub const CHUNK_LEVEL: u8 = 6;

/// The leaf for an entry: `BLAKE3(0x00 ‖ entry hash)`, in BLAKE3's plain hashing mode as RFC
/// 9162 builds leaves.
pub fn leaf_hash(entry_hash: &Digest) -> Digest {
    let mut h = blake3::Hasher::new();
    h.update(&[0x00]);
    h.update(&entry_hash.0);
    Digest(*h.finalize().as_bytes())
}

/// An inner node over two subtree hashes: `BLAKE3(0x01 ‖ left ‖ right)`.
pub fn node_hash(left: &Digest, right: &Digest) -> Digest {
    let mut h = blake3::Hasher::new();
    h.update(&[0x01]);
    h.update(&left.0);
    h.update(&right.0);
    Digest(*h.finalize().as_bytes())
}

/// The root of the tree of no leaves: `BLAKE3("")`.
pub fn empty_root() -> Digest {
    Digest(*blake3::hash(b"").as_bytes())
}

/// The largest power of two strictly less than `n` (n ≥ 2).
fn split(n: u64) -> u64 {
    1 << (63 - (n - 1).leading_zeros())
}

/// Where a tree's hashes come from.
pub trait Tree {
    /// Why a hash could not be had, such as a store that failed to read.
    type Error;
    /// The hash of leaves `start..start + size`, as RFC 9162's MTH.
    fn subtree(&mut self, start: u64, size: u64) -> Result<Digest, Self::Error>;
}

/// A tree held in memory as its leaf hashes: the reference the stored tree is checked against.
pub struct Leaves<'a>(pub &'a [Digest]);

impl Tree for Leaves<'_> {
    type Error = std::convert::Infallible;

    fn subtree(&mut self, start: u64, size: u64) -> Result<Digest, Self::Error> {
        Ok(mth(&self.0[start as usize..(start + size) as usize]))
    }
}

/// RFC 9162's MTH over leaf hashes.
pub fn mth(leaves: &[Digest]) -> Digest {
    match leaves.len() {
        0 => empty_root(),
        1 => leaves[0],
        n => {
            let k = split(n as u64) as usize;
            node_hash(&mth(&leaves[..k]), &mth(&leaves[k..]))
        }
    }
}

/// The inclusion path of leaf `m` in the tree of the first `n` leaves, leaf's sibling first.
pub fn inclusion_path<T: Tree>(tree: &mut T, m: u64, n: u64) -> Result<Vec<Digest>, T::Error> {
    let mut path = Vec::new();
    path_into(tree, m, 0, n, &mut path)?;
    Ok(path)
}

fn path_into<T: Tree>(
    tree: &mut T,
    m: u64,
    start: u64,
    n: u64,
    out: &mut Vec<Digest>,
) -> Result<(), T::Error> {
    if n <= 1 {
        return Ok(());
    }
    let k = split(n);
    if m < k {
        path_into(tree, m, start, k, out)?;
        out.push(tree.subtree(start + k, n - k)?);
    } else {
        path_into(tree, m - k, start + k, n - k, out)?;
        out.push(tree.subtree(start, k)?);
    }
    Ok(())
}

/// The proof that the tree of the first `m` leaves is a prefix of the tree of the first `n`.
pub fn consistency_proof<T: Tree>(tree: &mut T, m: u64, n: u64) -> Result<Vec<Digest>, T::Error> {
    let mut proof = Vec::new();
    if 0 < m && m < n {
        subproof(tree, m, 0, n, true, &mut proof)?;
    }
    Ok(proof)
}

fn subproof<T: Tree>(
    tree: &mut T,
    m: u64,
    start: u64,
    n: u64,
    whole: bool,
    out: &mut Vec<Digest>,
) -> Result<(), T::Error> {
    if m == n {
        if !whole {
            out.push(tree.subtree(start, n)?);
        }
        return Ok(());
    }
    let k = split(n);
    if m <= k {
        subproof(tree, m, start, k, whole, out)?;
        out.push(tree.subtree(start + k, n - k)?);
    } else {
        subproof(tree, m - k, start + k, n - k, false, out)?;
        out.push(tree.subtree(start, k)?);
    }
    Ok(())
}

/// Checks an inclusion path (RFC 9162 section 2.1.3.2).
pub fn verify_inclusion(
    index: u64,
    size: u64,
    leaf: &Digest,
    path: &[Digest],
    root: &Digest,
) -> bool {
    if index >= size {
        return false;
    }
    let (mut f, mut s) = (index, size - 1);
    let mut r = *leaf;
    for p in path {
        if s == 0 {
            return false;
        }
        if f & 1 == 1 || f == s {
            r = node_hash(p, &r);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            r = node_hash(&r, p);
        }
        f >>= 1;
        s >>= 1;
    }
    s == 0 && r == *root
}

/// Checks a consistency proof between trees of `first` and `second` leaves (RFC 9162 section
/// 2.1.4.2). Equal sizes need an empty proof and equal roots.
pub fn verify_consistency(
    first: u64,
    second: u64,
    first_root: &Digest,
    second_root: &Digest,
    proof: &[Digest],
) -> bool {
    if first == 0 || first > second {
        return false;
    }
    if first == second {
        return proof.is_empty() && first_root == second_root;
    }
    if proof.is_empty() {
        return false;
    }
    let mut path: Vec<Digest> = Vec::with_capacity(proof.len() + 1);
    if first.is_power_of_two() {
        path.push(*first_root);
    }
    path.extend_from_slice(proof);
    let (mut f, mut s) = (first - 1, second - 1);
    while f & 1 == 1 {
        f >>= 1;
        s >>= 1;
    }
    let (mut fr, mut sr) = (path[0], path[0]);
    for c in &path[1..] {
        if s == 0 {
            return false;
        }
        if f & 1 == 1 || f == s {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            sr = node_hash(&sr, c);
        }
        f >>= 1;
        s >>= 1;
    }
    fr == *first_root && sr == *second_root && s == 0
}

/// What an append adds to a stored tree: rewritten leaf chunks and newly completed nodes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Growth {
    /// Chunk number → the chunk's leaf hashes, concatenated.
    pub chunks: Vec<(u64, Vec<u8>)>,
    /// (level, index, hash) of every aligned perfect subtree of 2^level leaves completed.
    pub nodes: Vec<(u8, u64, Digest)>,
}

/// Read access to a stored tree's chunks and nodes.
pub trait Stored {
    /// Why the store could not be read.
    type Error;
    /// The leaf hashes of chunk `chunk`, leaves `CHUNK·chunk` onwards (at most [`CHUNK`]),
    /// concatenated; `None` when no such chunk is stored.
    fn chunk(&self, chunk: u64) -> Result<Option<Vec<u8>>, Self::Error>;
    /// The root of leaves `index·2^level` to `(index+1)·2^level − 1`, stored once that subtree is
    /// complete and only for `level` ≥ [`CHUNK_LEVEL`]; `None` when not stored.
    fn node(&self, level: u8, index: u64) -> Result<Option<Digest>, Self::Error>;
}

/// A stored tree held in memory: what appends would have written, as `verify` recomputes it
/// from the entries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Memory {
    /// Chunk number → the chunk's leaf hashes, concatenated, as [`Stored::chunk`] gives them.
    pub chunks: HashMap<u64, Vec<u8>>,
    /// (level, index) → the node's hash, as [`Stored::node`] gives it.
    pub nodes: HashMap<(u8, u64), Digest>,
}

impl Memory {
    /// Takes in what an append writes.
    pub fn absorb(&mut self, growth: Growth) {
        self.chunks.extend(growth.chunks);
        self.nodes.extend(
            growth
                .nodes
                .into_iter()
                .map(|(level, index, hash)| ((level, index), hash)),
        );
    }
}

impl Stored for Memory {
    type Error = std::convert::Infallible;

    fn chunk(&self, chunk: u64) -> Result<Option<Vec<u8>>, Self::Error> {
        Ok(self.chunks.get(&chunk).cloned())
    }

    fn node(&self, level: u8, index: u64) -> Result<Option<Digest>, Self::Error> {
        Ok(self.nodes.get(&(level, index)).copied())
    }
}

/// Decodes a chunk value into leaf hashes; `None` if its length is not a multiple of 32.
pub fn chunk_leaves(bytes: &[u8]) -> Option<Vec<Digest>> {
    if !bytes.len().is_multiple_of(32) || bytes.len() as u64 > CHUNK * 32 {
        return None;
    }
    Some(
        bytes
            .chunks_exact(32)
            .map(|c| Digest(c.try_into().expect("32-byte chunks")))
            .collect(),
    )
}

/// Computes what appending `entry_hashes` to a stored tree of `size` leaves writes.
pub fn grow<S: Stored>(
    stored: &S,
    size: u64,
    entry_hashes: &[Digest],
) -> Result<Growth, GrowError<S::Error>> {
    let mut growth = Growth::default();
    let mut nodes: HashMap<(u8, u64), Digest> = HashMap::new();
    let mut current: Vec<u8> = match size % CHUNK {
        0 => Vec::new(),
        _ => stored
            .chunk(size / CHUNK)
            .map_err(GrowError::Store)?
            .ok_or(GrowError::Missing)?,
    };
    let mut chunk_no = size / CHUNK;
    for (i, entry_hash) in entry_hashes.iter().enumerate() {
        current.extend_from_slice(&leaf_hash(entry_hash).0);
        let leaf = size + i as u64;
        if (leaf + 1).is_multiple_of(CHUNK) {
            let leaves = chunk_leaves(&current).ok_or(GrowError::Missing)?;
            let mut level = CHUNK_LEVEL;
            let mut index = chunk_no;
            let mut hash = mth(&leaves);
            loop {
                nodes.insert((level, index), hash);
                growth.nodes.push((level, index, hash));
                if index.is_multiple_of(2) {
                    break;
                }
                let left = match nodes.get(&(level, index - 1)) {
                    Some(h) => *h,
                    None => stored
                        .node(level, index - 1)
                        .map_err(GrowError::Store)?
                        .ok_or(GrowError::Missing)?,
                };
                hash = node_hash(&left, &hash);
                level += 1;
                index /= 2;
            }
            growth.chunks.push((chunk_no, std::mem::take(&mut current)));
            chunk_no += 1;
        }
    }
    if !current.is_empty() {
        growth.chunks.push((chunk_no, current));
    }
    Ok(growth)
}

/// Why a stored tree could not be read or grown.
#[derive(Debug, thiserror::Error)]
pub enum GrowError<E> {
    /// Reading the store failed.
    #[error(transparent)]
    Store(E),
    /// A chunk or node that the tree's size says is stored is absent, or a chunk is not a whole
    /// number of leaf hashes (at most [`CHUNK`]).
    #[error("a stored Merkle chunk or node that must exist is missing")]
    Missing,
}

/// A stored tree seen through [`Tree`], caching the chunks it reads for one computation.
pub struct StoredTree<'a, S: Stored> {
    /// Where the chunks and nodes are read from.
    pub stored: &'a S,
    chunks: HashMap<u64, Vec<Digest>>,
}

impl<'a, S: Stored> StoredTree<'a, S> {
    /// A view of `stored` with nothing cached yet.
    pub fn new(stored: &'a S) -> Self {
        StoredTree {
            stored,
            chunks: HashMap::new(),
        }
    }

    fn leaves(&mut self, chunk: u64) -> Result<&Vec<Digest>, GrowError<S::Error>> {
        if !self.chunks.contains_key(&chunk) {
            let bytes = self
                .stored
                .chunk(chunk)
                .map_err(GrowError::Store)?
                .ok_or(GrowError::Missing)?;
            self.chunks
                .insert(chunk, chunk_leaves(&bytes).ok_or(GrowError::Missing)?);
        }
        Ok(&self.chunks[&chunk])
    }
}

impl<S: Stored> Tree for StoredTree<'_, S> {
    type Error = GrowError<S::Error>;

    fn subtree(&mut self, start: u64, size: u64) -> Result<Digest, Self::Error> {
        if size == 0 {
            return Ok(empty_root());
        }
        let aligned = size.is_power_of_two() && start.is_multiple_of(size);
        if aligned && size >= CHUNK {
            let level = size.trailing_zeros() as u8;
            return self
                .stored
                .node(level, start / size)
                .map_err(GrowError::Store)?
                .ok_or(GrowError::Missing);
        }
        if aligned {
            let chunk = start / CHUNK;
            let offset = (start % CHUNK) as usize;
            let leaves = self.leaves(chunk)?;
            let part = leaves
                .get(offset..offset + size as usize)
                .ok_or(GrowError::Missing)?;
            return Ok(mth(part));
        }
        let k = split(size);
        let left = self.subtree(start, k)?;
        let right = self.subtree(start + k, size - k)?;
        Ok(node_hash(&left, &right))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaves(n: u64) -> Vec<Digest> {
        (0..n)
            .map(|i| leaf_hash(&Digest::of("test", &i.to_le_bytes())))
            .collect()
    }

    fn grown(batches: &[u64]) -> (Memory, Vec<Digest>) {
        let mut store = Memory::default();
        let mut entry_hashes = Vec::new();
        for &b in batches {
            let new: Vec<Digest> = (0..b)
                .map(|i| Digest::of("e", &(entry_hashes.len() as u64 + i).to_le_bytes()))
                .collect();
            store.absorb(grow(&store, entry_hashes.len() as u64, &new).unwrap());
            entry_hashes.extend(new);
        }
        let leaves = entry_hashes.iter().map(leaf_hash).collect();
        (store, leaves)
    }

    #[test]
    fn stored_tree_matches_the_reference_at_every_size() {
        let (store, leaves) = grown(&[1, 62, 1, 1, 200, 3, 64, 129]);
        let mut tree = StoredTree::new(&store);
        for n in 0..=leaves.len() as u64 {
            assert_eq!(
                tree.subtree(0, n).unwrap(),
                mth(&leaves[..n as usize]),
                "size {n}"
            );
        }
    }

    #[test]
    fn inclusion_and_consistency_round_trip() {
        let all = leaves(70);
        for n in 1..=70u64 {
            let root = mth(&all[..n as usize]);
            for m in 0..n {
                let path = inclusion_path(&mut Leaves(&all), m, n).unwrap();
                assert!(
                    verify_inclusion(m, n, &all[m as usize], &path, &root),
                    "{m} of {n}"
                );
                assert!(!verify_inclusion(
                    m,
                    n,
                    &all[(m as usize + 1) % 70],
                    &path,
                    &root
                ));
            }
            for m in 1..=n {
                let proof = consistency_proof(&mut Leaves(&all), m, n).unwrap();
                let old = mth(&all[..m as usize]);
                assert!(verify_consistency(m, n, &old, &root, &proof), "{m} to {n}");
                if m > 1 {
                    assert!(
                        !verify_consistency(m, n, &all[0], &root, &proof),
                        "wrong old root accepted"
                    );
                }
            }
        }
    }

    #[test]
    fn empty_and_single_trees() {
        assert_eq!(mth(&[]), empty_root());
        let one = leaves(1);
        assert_eq!(mth(&one), one[0]);
        assert!(verify_inclusion(0, 1, &one[0], &[], &one[0]));
        assert!(!verify_inclusion(1, 1, &one[0], &[], &one[0]));
    }
}
