//! Benchmarks on a synthetic ledger of about 1,000,000 entries over 500 treaties: `pacta
//! status` for one treaty as a whole process, the same work in-process, projecting every treaty
//! from the full log, and Merkle proofs (generation, verification, size); beside them, opening
//! the sled database alone, the floor every command pays. The ledger (about 996,500 entries: 500 treaties of 249 states with eight acts
//! each) is built once into cargo's target temporary directory and reused.

use criterion::{Criterion, criterion_group, criterion_main};
use pacta::law::projection::project;
use pacta::ledger::{AsOf, Ledger};
use pacta::vocabulary::calendar::LegalDate;
use pacta::vocabulary::treaty::TreatyId;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

mod synthetic;

const ENTRIES: usize = 1_000_000;
const TREATIES: usize = 500;

fn ledger_path() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-ledger-1m")
}

/// Builds the ledger unless a complete one is already there.
fn ensure_ledger() -> PathBuf {
    let path = ledger_path();
    let facts = synthetic::ledger_facts(ENTRIES, TREATIES);
    if let Ok(ledger) = Ledger::open(&path, std::time::Duration::ZERO)
        && ledger.head().unwrap().entries == facts.len() as u64
    {
        return path;
    }
    let _ = std::fs::remove_dir_all(&path);
    let ledger = Ledger::init(&path).unwrap();
    let recording = pacta::ledger::Recording {
        recorder: "bench".into(),
        now: pacta::vocabulary::calendar::Instant::parse("2026-06-01T00:00:00Z").unwrap(),
    };
    for chunk in facts.chunks(50_000) {
        ledger.record(chunk, &recording).unwrap();
    }
    path
}

fn at() -> LegalDate {
    LegalDate::parse("2020-01-01").unwrap()
}

fn projections(c: &mut Criterion) {
    let path = ensure_ledger();
    let mut group = c.benchmark_group("projection_1m");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("sled_open_and_close_only", |b| {
        b.iter(|| drop(Ledger::open(&path, std::time::Duration::ZERO).unwrap()))
    });
    group.bench_function("status_whole_process", |b| {
        b.iter(|| {
            let out = Command::new(env!("CARGO_BIN_EXE_pacta"))
                .args([
                    "--ledger",
                    path.to_str().unwrap(),
                    "status",
                    "treaty-17",
                    "--at",
                    "2020-01-01",
                    "--format",
                    "json",
                ])
                .output()
                .unwrap();
            assert!(out.status.success());
        })
    });
    let ledger = Ledger::open(&path, std::time::Duration::ZERO).unwrap();
    let id = TreatyId::parse("treaty-17").unwrap();
    group.bench_function("status_one_treaty_in_process", |b| {
        b.iter(|| {
            let v = ledger.view(&id, AsOf::Head).unwrap();
            project(&v.facts.treaty, &v.interpretation, at(), v.basis)
        })
    });
    let size = ledger.head().unwrap().entries;
    let probe = size / 3;
    let path = ledger.inclusion_path(probe, size).unwrap();
    eprintln!("inclusion proof at {size} entries: {} hashes", path.len());
    group.bench_function("inclusion_proof_generate", |b| {
        b.iter(|| ledger.inclusion_path(probe, size).unwrap())
    });
    let root = ledger.merkle_root(size).unwrap();
    let leaf = pacta::chain::merkle::leaf_hash(&ledger.entry(probe).unwrap().hash);
    group.bench_function("inclusion_proof_verify", |b| {
        b.iter(|| {
            assert!(pacta::chain::merkle::verify_inclusion(
                probe - 1,
                size,
                &leaf,
                &path,
                &root
            ))
        })
    });
    group.bench_function("consistency_proof_generate", |b| {
        b.iter(|| ledger.consistency_proof(size / 2 + 7, size).unwrap())
    });
    group.bench_function("project_every_treaty", |b| {
        b.iter(|| {
            let views = ledger.views(AsOf::Head).unwrap();
            assert_eq!(views.len(), TREATIES);
            views
                .iter()
                .map(|v| {
                    project(&v.facts.treaty, &v.interpretation, at(), v.basis)
                        .counts
                        .in_force
                })
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, projections);
criterion_main!(benches);
