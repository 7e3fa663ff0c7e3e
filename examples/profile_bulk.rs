//! Bulk append, verify and project-every-treaty on N synthetic facts (default 100,000) as a
//! plain program, for profiling under `perf record` where the criterion harness would get in
//! the way: `N=30000 perf record --call-graph dwarf target/release/examples/profile_bulk`.

use pacta::ledger::{AsOf, Ledger, Recording};
use pacta::vocabulary::calendar::Instant;
use std::time::Instant as Clock;
#[path = "../benches/synthetic.rs"]
mod synthetic;

fn main() {
    let n = std::env::var("N").map_or(100_000, |n| n.parse().expect("N is a number"));
    let facts = synthetic::facts(n);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let rec = Recording {
        recorder: "p".into(),
        now: Instant::parse("2026-11-01T00:00:00Z").expect("an instant"),
    };
    // ROUNDS > 1 first loads the same facts into fresh ledgers, as a benchmark harness would.
    let rounds = std::env::var("ROUNDS").map_or(1, |n| n.parse().expect("ROUNDS is a number"));
    for round in 1..rounds {
        let warm = Ledger::init(&dir.path().join(format!("warm-{round}"))).expect("a new ledger");
        let t = Clock::now();
        warm.record(&facts, &rec).expect("admissible facts");
        println!(
            "bulk {n} into a fresh ledger (round {round}): {:?}",
            t.elapsed()
        );
    }
    let ledger = Ledger::init(&dir.path().join("l")).expect("a new ledger");
    let t = Clock::now();
    ledger.record(&facts, &rec).expect("admissible facts");
    println!("bulk {n}: {:?}", t.elapsed());
    // `pacta verify` runs in a process of its own: reopen, as it would.
    drop(ledger);
    let t = Clock::now();
    let ledger = Ledger::open(&dir.path().join("l"), std::time::Duration::ZERO)
        .expect("the ledger just written");
    println!("reopen: {:?}", t.elapsed());
    for round in 0..5 {
        let t = Clock::now();
        let report = pacta::audit::verify::verify(&ledger).expect("a readable ledger");
        println!(
            "verify {} (round {round}): {:?}",
            report.entries,
            t.elapsed()
        );
    }
    let t = Clock::now();
    let views = ledger.views(AsOf::Head).expect("readable treaties");
    println!("views of {} treaties: {:?}", views.len(), t.elapsed());
}
