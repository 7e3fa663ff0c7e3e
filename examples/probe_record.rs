use pacta::calendar::Instant;
use pacta::event::{ActKind, Event};
use pacta::ledger::{Ledger, Recording};
use std::time::Instant as Clock;
#[path = "../benches/synthetic.rs"]
mod synthetic;
fn main() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::init(&dir.path().join("l")).unwrap();
    let rec = Recording {
        recorder: "bench".into(),
        now: Instant::parse("2026-01-01T00:00:00Z").unwrap(),
    };
    let facts = synthetic::facts(4_000);
    ledger.record(&facts, &rec).unwrap();
    let targets: Vec<_> = facts
        .iter()
        .filter_map(|f| match &f.event {
            Event::Act(a) if a.kind == ActKind::Ratification => {
                Some((a.treaty.clone(), a.state.clone()?))
            }
            _ => None,
        })
        .collect();
    let mut floor = std::fs::File::create(dir.path().join("floor")).unwrap();
    for round in 0..10 {
        let mut times = Vec::new();
        for n in 0..3000 {
            let n = round * 3000 + n;
            let (treaty, state) = &targets[n % targets.len()];
            let mut fact =
                synthetic::act(treaty, state, ActKind::DomesticStep, synthetic::day(15_000));
            fact.note = Some(format!("vote {n}"));
            let t = Clock::now();
            ledger.record(&[fact], &rec).unwrap();
            times.push(t.elapsed());
        }
        times.sort();
        let mut ftimes = Vec::new();
        use std::io::Write;
        for _ in 0..300 {
            let t = Clock::now();
            floor.write_all(&[1u8; 420]).unwrap();
            floor.sync_data().unwrap();
            ftimes.push(t.elapsed());
        }
        ftimes.sort();
        println!(
            "round {round}: record median {:?} floor {:?}",
            times[times.len() / 2],
            ftimes[150]
        );
    }
}
