//! The CPU floor of `pacta verify`: every entry read in order, decoded strictly (without the
//! re-encoding check), its number and link checked and its bytes hashed with BLAKE3, on one
//! thread, and nothing else (no index, no Merkle tree, no documents):
//! `cargo run --release --example verify_floor -- PATH`. `tools/bench/commands.sh` runs it
//! beside `pacta verify` and reports the ratio of their CPU times.

use pacta::chain::codec;
use pacta::chain::seal::hash_bytes;
use pacta::vocabulary::digest::Digest;

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: verify_floor LEDGER_PATH");
    let ledger =
        pacta::ledger::Ledger::open_read(std::path::Path::new(&path)).expect("a ledger to read");
    let mut prev = Digest([0; 32]);
    let mut count = 0u64;
    for item in ledger.stored().entries() {
        let (seq, bytes) = item.expect("a readable ledger");
        let entry = codec::decode_entry(&bytes).expect("entries that decode");
        assert_eq!(entry.seq, seq, "entry numbers in order");
        assert_eq!(entry.prev, prev, "each entry links to the one before");
        prev = hash_bytes(&bytes);
        count += 1;
    }
    println!("{count} entries, head {}", prev.hex());
}
