//! Ledger benchmarks: durable single append against the machine's floor (a plain file written
//! with fdatasync per record, in the same run), bulk append of 100,000 entries, and verify of
//! 100,000 entries. Figures and the machine are recorded in docs/PERFORMANCE.md.

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use pacta::calendar::{Instant, LegalDate};
use pacta::citation::Citation;
use pacta::country::StateCode;
use pacta::event::{Act, ActKind, Event, Fact};
use pacta::ledger::{Ledger, Recording};
use pacta::rules::{Rules, SignatureCloses};
use pacta::treaty::{Treaty, TreatyId};
use std::io::Write;
use std::time::Duration;

const BULK: usize = 100_000;

fn recording() -> Recording {
    Recording {
        recorder: "bench".into(),
        now: Instant::parse("2026-01-01T00:00:00Z").unwrap(),
    }
}

fn citation() -> Vec<Citation> {
    vec![Citation {
        url: Some(
            "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-5".into(),
        ),
        quote: Some("deposited its instrument of ratification".into()),
        ..Citation::titled("UN Treaty Collection status table")
    }]
}

fn day(days: i32) -> LegalDate {
    LegalDate::from_epoch_days(days).unwrap()
}

fn act(treaty: &TreatyId, state: &StateCode, kind: ActKind, date: LegalDate) -> Fact {
    let act = Act {
        treaty: treaty.clone(),
        state: Some(state.clone()),
        kind,
        date,
        effective: None,
    };
    Fact {
        event: Event::Act(act),
        citations: citation(),
        note: None,
    }
}

/// Realistic facts: treaties registered, then each state signs, ratifies, and one in ten withdraws.
fn synthetic(count: usize) -> Vec<Fact> {
    let states: Vec<StateCode> = StateCode::all_current().collect();
    let mut facts = Vec::with_capacity(count);
    for t in 0.. {
        let id = TreatyId::parse(&format!("treaty-{t}")).unwrap();
        let rules = Rules {
            eif_instruments: 40,
            eif_delay: "month-start,+6m".parse().unwrap(),
            later_delay: "month-start,+6m".parse().unwrap(),
            withdrawal_delay: "+1y".parse().unwrap(),
            armed_conflict_suspends_withdrawal: false,
            signature_closes: SignatureCloses::Never,
        };
        let treaty = Treaty {
            id: id.clone(),
            title: format!("Treaty {t}"),
            adopted: Some(day(9_000)),
            depositary: None,
            rules,
        };
        facts.push(Fact {
            event: Event::TreatyRegistration(treaty),
            citations: citation(),
            note: None,
        });
        for (i, state) in states.iter().enumerate() {
            let i = i as i32;
            facts.push(act(&id, state, ActKind::Signature, day(9_100 + i)));
            facts.push(act(&id, state, ActKind::Ratification, day(9_500 + 7 * i)));
            if i % 10 == 0 {
                facts.push(act(&id, state, ActKind::Withdrawal, day(15_000 + i)));
            }
            if facts.len() >= count {
                facts.truncate(count);
                return facts;
            }
        }
    }
    unreachable!("the loop returns once enough facts exist")
}

fn fresh_ledger(dir: &tempfile::TempDir, name: &str) -> Ledger {
    Ledger::init(&dir.path().join(name)).unwrap()
}

fn durable_append(c: &mut Criterion) {
    let mut group = c.benchmark_group("durable_append");
    group
        .throughput(Throughput::Elements(1))
        .sample_size(30)
        .measurement_time(Duration::from_secs(10));
    let dir = tempfile::tempdir().unwrap();
    let ledger = fresh_ledger(&dir, "ledger");
    let facts = synthetic(200);
    ledger.record(&facts, &recording()).unwrap();
    let treaty = TreatyId::parse("treaty-0").unwrap();
    let fi = StateCode::parse("FI").unwrap();
    let mut n = 0u64;
    group.bench_function("pacta_record_one_fact", |b| {
        b.iter(|| {
            n += 1;
            let mut fact = act(&treaty, &fi, ActKind::DomesticStep, day(15_000));
            fact.note = Some(format!("vote {n}"));
            ledger.record(&[fact], &recording()).unwrap();
        })
    });
    let record = vec![0x5a_u8; 420];
    let mut file = std::fs::File::create(dir.path().join("floor")).unwrap();
    group.bench_function("floor_file_write_fdatasync", |b| {
        b.iter(|| {
            file.write_all(&record).unwrap();
            file.sync_data().unwrap();
        })
    });
    group.finish();
}

fn bulk_append(c: &mut Criterion) {
    let mut group = c.benchmark_group("bulk_append");
    group
        .throughput(Throughput::Elements(BULK as u64))
        .sample_size(10)
        .measurement_time(Duration::from_secs(30));
    let facts = synthetic(BULK);
    let dir = tempfile::tempdir().unwrap();
    let mut round = 0;
    group.bench_function("record_100k_facts", |b| {
        b.iter_batched(
            || {
                round += 1;
                fresh_ledger(&dir, &format!("bulk-{round}"))
            },
            |ledger| {
                ledger.record(&facts, &recording()).unwrap();
                ledger
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

fn verify(c: &mut Criterion) {
    let mut group = c.benchmark_group("verify");
    group
        .throughput(Throughput::Elements(BULK as u64))
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    let dir = tempfile::tempdir().unwrap();
    let ledger = fresh_ledger(&dir, "ledger");
    ledger.record(&synthetic(BULK), &recording()).unwrap();
    group.bench_function("verify_100k_entries", |b| {
        b.iter(|| assert!(pacta::verify::verify(&ledger).unwrap().intact()))
    });
    group.finish();
}

criterion_group!(benches, durable_append, bulk_append, verify);
criterion_main!(benches);
