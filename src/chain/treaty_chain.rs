//! A treaty's chain digest (docs/FORMAT.md section 8, index version 2): a hash chain over the
//! number and hash of every entry indexed under the treaty, in order, started from its id. One
//! step per entry, so it is kept up to date as entries are appended, and a verifier recomputes
//! it from the treaty's entries alone.

use crate::vocabulary::digest::Digest;

/// Context of every link of a treaty's chain.
pub const TREATY_CHAIN_CONTEXT: &str = "pacta 2026-12-01 treaty chain v2";

/// The hasher keyed by [`TREATY_CHAIN_CONTEXT`], derived once: chains are rebuilt a million
/// steps at a time.
fn keyed() -> blake3::Hasher {
    static KEYED: std::sync::LazyLock<blake3::Hasher> =
        std::sync::LazyLock::new(|| blake3::Hasher::new_derive_key(TREATY_CHAIN_CONTEXT));
    KEYED.clone()
}

/// The chain of a treaty with no entries: the hash of its id's length (one byte) and bytes.
pub fn start(treaty: &str) -> Digest {
    let id = treaty.as_bytes();
    let mut hasher = keyed();
    hasher.update(&[id.len() as u8]).update(id);
    Digest(*hasher.finalize().as_bytes())
}

/// The chain after one more entry: the hash of the chain so far, the entry's number (u64
/// little-endian) and its hash. Its 72 bytes can never be a start's (at most 33).
pub fn step(chain: &Digest, seq: u64, hash: &Digest) -> Digest {
    let mut hasher = keyed();
    hasher
        .update(&chain.0)
        .update(&seq.to_le_bytes())
        .update(&hash.0);
    Digest(*hasher.finalize().as_bytes())
}

/// A treaty's chain over its entries, given as (number, hash) in order.
pub fn chain(treaty: &str, entries: &[(u64, Digest)]) -> Digest {
    entries
        .iter()
        .fold(start(treaty), |chain, (seq, hash)| step(&chain, *seq, hash))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_step_is_the_keyed_hash_of_the_bytes_the_format_names() {
        let first = start("ottawa");
        let mut bytes = vec![6u8];
        bytes.extend_from_slice(b"ottawa");
        assert_eq!(first, Digest::of(TREATY_CHAIN_CONTEXT, &bytes));
        let next = step(&first, 7, &Digest([0xab; 32]));
        let mut bytes = first.0.to_vec();
        bytes.extend_from_slice(&7u64.to_le_bytes());
        bytes.extend_from_slice(&[0xab; 32]);
        assert_eq!(next, Digest::of(TREATY_CHAIN_CONTEXT, &bytes));
        assert_eq!(chain("ottawa", &[(7, Digest([0xab; 32]))]), next);
    }

    #[test]
    fn order_number_and_treaty_all_change_the_chain() {
        let (a, b) = ((1, Digest([1; 32])), (2, Digest([2; 32])));
        let base = chain("t", &[a, b]);
        assert_ne!(base, chain("t", &[b, a]));
        assert_ne!(base, chain("t", &[a]));
        assert_ne!(base, chain("u", &[a, b]));
        assert_ne!(
            base,
            chain("t", &[(1, Digest([1; 32])), (3, Digest([2; 32]))])
        );
    }
}
