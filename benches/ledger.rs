//! Ledger benchmarks: durable single append against the machine's floor (a plain file written
//! with fdatasync per record, in the same run) and with and without Merkle maintenance, bulk
//! append of 100,000 entries beside sled's own ceiling, and verify of 100,000 entries. Figures
//! and the machine are recorded in docs/PERFORMANCE.md.

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use pacta::ledger::{Ledger, Recording};
use pacta::vocabulary::calendar::Instant;
use pacta::vocabulary::country::StateCode;
use pacta::vocabulary::event::{ActKind, Event};
use pacta::vocabulary::treaty::TreatyId;
use std::io::Write;
use std::os::unix::fs::FileExt;
use std::time::Duration;

const BULK: usize = 100_000;

mod synthetic;
use synthetic::{act, day, facts as synthetic};

fn recording() -> Recording {
    Recording {
        recorder: "bench".into(),
        now: Instant::parse("2026-01-01T00:00:00Z").unwrap(),
    }
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
    // About 190 treaties of Ottawa's size, every state signed and ratified. The appends below
    // go to each (treaty, state) in turn, so a state's history stays at its real length (two
    // to four entries) for the whole run: with a small ledger, criterion's tens of thousands of
    // iterations would give every state dozens of votes, and the figure would measure how long
    // the benchmark ran rather than an append.
    let facts = synthetic(BULK);
    ledger.record(&facts, &recording()).unwrap();
    let targets: Vec<(TreatyId, StateCode)> = facts
        .iter()
        .filter_map(|f| match &f.event {
            Event::Act(a) if a.kind == ActKind::Ratification => {
                Some((a.treaty.clone(), a.state.clone()?))
            }
            _ => None,
        })
        .collect();
    let mut n = 0usize;
    group.bench_function("pacta_record_one_fact", |b| {
        b.iter(|| {
            // A parliamentary vote by the next state in turn, as recorders add them.
            let (treaty, state) = &targets[n % targets.len()];
            n += 1;
            let mut fact = act(treaty, state, ActKind::DomesticStep, day(15_000));
            fact.note = Some(format!("vote {n}"));
            ledger.record(&[fact], &recording()).unwrap();
        })
    });
    let store = pacta::store::Store::create(&dir.path().join("store-only")).unwrap();
    let record = vec![0x5a_u8; 420];
    let mut head = store.head().unwrap();
    group.bench_function("store_append_only", |b| {
        b.iter(|| {
            let seq = head.entries + 1;
            let hash = pacta::vocabulary::digest::Digest::of("bench", &seq.to_le_bytes());
            let entry = pacta::store::NewEntry {
                seq,
                hash,
                bytes: &record,
                treaty: "t",
                state: Some("FI"),
            };
            head = store.append(head, &[entry], &Default::default()).unwrap();
        })
    });
    // The same store append, also growing the Merkle tree: the cost of keeping it.
    let merkle_store = pacta::store::Store::create(&dir.path().join("store-merkle")).unwrap();
    let mut merkle_head = merkle_store.head().unwrap();
    group.bench_function("store_append_with_merkle", |b| {
        b.iter(|| {
            let seq = merkle_head.entries + 1;
            let hash = pacta::vocabulary::digest::Digest::of("bench", &seq.to_le_bytes());
            let entry = pacta::store::NewEntry {
                seq,
                hash,
                bytes: &record,
                treaty: "t",
                state: Some("FI"),
            };
            let growth =
                pacta::chain::merkle::grow(&merkle_store, merkle_head.entries, &[hash]).unwrap();
            merkle_head = merkle_store.append(merkle_head, &[entry], &growth).unwrap();
        })
    });
    let mut file = std::fs::File::create(dir.path().join("floor")).unwrap();
    group.bench_function("floor_file_write_fdatasync", |b| {
        b.iter(|| {
            file.write_all(&record).unwrap();
            file.sync_data().unwrap();
        })
    });
    // The same into a file already filled with zeros, as the journal writes: the floor for
    // an append that does not grow its file.
    let zeros = std::fs::File::create(dir.path().join("floor-zeros")).unwrap();
    let size = 64 << 20;
    zeros.write_all_at(&vec![0; size], 0).unwrap();
    zeros.sync_all().unwrap();
    let mut at = 0;
    group.bench_function("floor_zero_filled_file_pwrite_fdatasync", |b| {
        b.iter(|| {
            zeros.write_all_at(&record, at % size as u64).unwrap();
            zeros.sync_data().unwrap();
            at += record.len() as u64;
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
    let value = vec![0x5a_u8; 450];
    group.bench_function("sled_ceiling_100k_values_one_key_each", |b| {
        b.iter_batched(
            || {
                round += 1;
                sled::open(dir.path().join(format!("sled-{round}"))).unwrap()
            },
            |db| {
                let mut batch = sled::Batch::default();
                for seq in 0..BULK as u64 {
                    batch.insert(&seq.to_be_bytes(), value.as_slice());
                }
                db.apply_batch(batch).unwrap();
                db.flush().unwrap();
                db
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
    // Reopen, so that sled's background work after the bulk write does not run into the timing.
    drop(ledger);
    let ledger = Ledger::open(&dir.path().join("ledger"), std::time::Duration::ZERO).unwrap();
    group.bench_function("verify_100k_entries", |b| {
        b.iter(|| assert!(pacta::audit::verify::verify(&ledger).unwrap().intact()))
    });
    group.finish();
}

criterion_group!(benches, durable_append, bulk_append, verify);
criterion_main!(benches);
