//! Builds a large synthetic ledger for the projection benchmarks and for trying the CLI at
//! scale: `cargo run --release --example build_large -- PATH [ENTRIES] [TREATIES]`
//! (default 1,000,000 entries over 500 treaties).

#[path = "../benches/synthetic.rs"]
mod synthetic;

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .expect("usage: build_large PATH [ENTRIES] [TREATIES]");
    let total: usize = args
        .next()
        .map_or(1_000_000, |n| n.parse().expect("a number of entries"));
    let treaties: usize = args
        .next()
        .map_or(500, |n| n.parse().expect("a number of treaties"));
    let ledger =
        pacta::ledger::Ledger::init(std::path::Path::new(&path)).expect("a new ledger path");
    let recording = pacta::ledger::Recording {
        recorder: "bench".into(),
        now: pacta::vocabulary::calendar::Instant::parse("2026-06-01T00:00:00Z")
            .expect("a valid instant"),
    };
    let facts = synthetic::ledger_facts(total, treaties);
    let started = std::time::Instant::now();
    for chunk in facts.chunks(50_000) {
        ledger
            .record(chunk, &recording)
            .expect("synthetic facts are admissible");
    }
    println!(
        "{} entries in {:?}",
        ledger.head().expect("a head").entries,
        started.elapsed()
    );
}
