//! The Merkle tree, its inclusion paths and consistency proofs against an independent
//! implementation of RFC 6962/9162 (ct-merkle) driven with BLAKE3, at random sizes.

use crate::common::*;
use ct_merkle::mem_backed_tree::MemoryBackedTree;
use pacta::chain::merkle::{self, Memory, StoredTree, Tree};
use pacta::vocabulary::digest::Digest;
use pacta::vocabulary::event::ActKind;
use proptest::prelude::*;

type Reference = MemoryBackedTree<blake3::Hasher, [u8; 32]>;

fn entry_hash(i: u64) -> Digest {
    Digest::of("crosscheck", &i.to_le_bytes())
}

fn bytes(digests: &[Digest]) -> Vec<u8> {
    digests.iter().flat_map(|d| d.0).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn roots_and_proofs_match_ct_merkle(batches in proptest::collection::vec(1u64..90, 1..8), picks in proptest::collection::vec(any::<prop::sample::Index>(), 4)) {
        let mut memory = Memory::default();
        let mut reference = Reference::new();
        let mut size = 0u64;
        let mut sizes = Vec::new();
        for batch in batches {
            let new: Vec<Digest> = (size..size + batch).map(entry_hash).collect();
            memory.absorb(merkle::grow(&memory, size, &new).unwrap());
            for h in &new {
                reference.push(h.0);
            }
            size += batch;
            sizes.push(size);
            let root = StoredTree::new(&memory).subtree(0, size).unwrap();
            let theirs = reference.root();
            prop_assert_eq!(root.0.as_slice(), theirs.as_bytes().as_slice(), "root at size {}", size);
        }
        for pick in &picks {
            let m = pick.index(size as usize) as u64;
            let ours = merkle::inclusion_path(&mut StoredTree::new(&memory), m, size).unwrap();
            let theirs = reference.prove_inclusion(m as usize);
            prop_assert_eq!(bytes(&ours), theirs.as_bytes().to_vec(), "inclusion of {} in {}", m, size);
            prop_assert!(reference.root().verify_inclusion(&entry_hash(m).0, m, &theirs).is_ok());
            let root = StoredTree::new(&memory).subtree(0, size).unwrap();
            prop_assert!(merkle::verify_inclusion(m, size, &merkle::leaf_hash(&entry_hash(m)), &ours, &root));
        }
        for &old in &sizes {
            let ours = merkle::consistency_proof(&mut StoredTree::new(&memory), old, size).unwrap();
            let theirs = reference.prove_consistency((size - old) as usize);
            let mut tree_old = StoredTree::new(&memory);
            let old_root = tree_old.subtree(0, old).unwrap();
            let new_root = StoredTree::new(&memory).subtree(0, size).unwrap();
            if old < size {
                prop_assert_eq!(bytes(&ours), theirs.as_bytes().to_vec(), "consistency {} to {}", old, size);
            }
            prop_assert!(merkle::verify_consistency(old, size, &old_root, &new_root, &ours));
        }
    }
}

#[test]
fn a_ledgers_root_matches_ct_merkle_over_its_entry_hashes() {
    let (_dir, ledger) = ledger_with_ottawa();
    let at = recording("2026-01-02T00:00:00Z");
    let states: Vec<_> = pacta::vocabulary::country::StateCode::all_current()
        .take(150)
        .collect();
    for chunk in states.chunks(37) {
        let facts: Vec<_> = chunk
            .iter()
            .map(|s| act(s.as_str(), ActKind::Accession, "2010-01-04"))
            .collect();
        ledger.record(&facts, &at).unwrap();
    }
    let mut reference = Reference::new();
    for sealed in ledger.entries() {
        reference.push(sealed.unwrap().hash.0);
    }
    let count = ledger.head().unwrap().entries;
    assert_eq!(count, 151);
    let theirs = reference.root();
    assert_eq!(
        ledger.merkle_root(count).unwrap().0.as_slice(),
        theirs.as_bytes().as_slice()
    );
    let report = pacta::audit::verify::verify(&ledger).unwrap();
    assert!(report.intact(), "{:?}", report.problems);
    assert_eq!(report.merkle_root, ledger.merkle_root(count).unwrap());
}
