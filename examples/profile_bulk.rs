//! Bulk append and verify of N synthetic facts (default 100,000) as a plain program, for
//! profiling under `perf record` where the criterion harness would get in the way:
//! `N=30000 perf record --call-graph dwarf target/release/examples/profile_bulk`.

use pacta::calendar::Instant;
use pacta::ledger::{Ledger, Recording};
use std::time::Instant as Clock;
#[path = "../benches/synthetic.rs"]
mod synthetic;
fn main() {
    let facts = synthetic::facts(std::env::var("N").map_or(100_000, |n| n.parse().unwrap()));
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::init(&dir.path().join("l")).unwrap();
    let rec = Recording {
        recorder: "p".into(),
        now: Instant::parse("2026-11-01T00:00:00Z").unwrap(),
    };
    let t = Clock::now();
    ledger.record(&facts, &rec).unwrap();
    println!("bulk 100k: {:?}", t.elapsed());
    let t = Clock::now();
    let r = pacta::verify::verify(&ledger).unwrap();
    println!("verify {}: {:?}", r.entries, t.elapsed());
}
