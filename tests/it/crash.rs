//! Durability under abrupt stops, and appends from two processes at once.
//!
//! A shell loop appends through the real binary and acknowledges each append only after pacta
//! has exited successfully; the whole process group is killed with SIGKILL at a random moment.
//! Afterwards the ledger must verify, hold every acknowledged append, and hold nothing partial.

use assert_cmd::cargo::cargo_bin;
use std::collections::BTreeSet;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

const NOW: &str = "2026-02-01T12:00:00Z";

fn pacta(ledger: &Path) -> Command {
    let mut c = Command::new(cargo_bin("pacta"));
    c.env_clear()
        .env("PACTA_NOW", NOW)
        .env("PACTA_RECORDER", "crash")
        .arg("--ledger")
        .arg(ledger);
    c
}

fn setup(ledger: &Path) {
    assert!(pacta(ledger).arg("init").status().unwrap().success());
    let add = pacta(ledger)
        .args([
            "treaty",
            "add",
            "ottawa",
            "--rules",
            "ottawa",
            "--cite-title",
            "Text",
            "--cite-url",
            "https://example.org/t",
        ])
        .output()
        .unwrap();
    assert!(
        add.status.success(),
        "{}",
        String::from_utf8_lossy(&add.stderr)
    );
}

/// A loop of appends that prints `ok TAG` after each one pacta acknowledged.
fn appender(ledger: &Path, tag: &str, count: usize) -> Command {
    let script = format!(
        "for i in $(seq 1 {count}); do \"$PACTA\" --ledger \"$LEDGER\" record domestic-step --treaty ottawa --state FI \
         --date 2025-06-19 --note \"{tag}-$i\" --cite-title Vote --cite-url https://example.org/v >/dev/null 2>&1 \
         && echo \"ok {tag}-$i\"; done"
    );
    let mut c = Command::new("bash");
    c.args(["-c", &script])
        .env("PACTA", cargo_bin("pacta"))
        .env("LEDGER", ledger)
        .env("PACTA_NOW", NOW)
        .env("PACTA_RECORDER", "crash")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    c
}

/// The notes of every domestic step the ledger holds, after checking it verifies.
fn recorded_notes(ledger: &Path) -> BTreeSet<String> {
    let verify = pacta(ledger).arg("verify").output().unwrap();
    assert!(
        verify.status.success(),
        "verify failed: {}",
        String::from_utf8_lossy(&verify.stderr)
    );
    let export = pacta(ledger).arg("export").output().unwrap();
    assert!(export.status.success());
    String::from_utf8(export.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter_map(|v| v["entry"]["fact"]["note"].as_str().map(String::from))
        .collect()
}

/// A small deterministic pseudo-random sequence, so a failing round can be replayed.
fn delays(rounds: usize) -> Vec<u64> {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..rounds)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            20 + x % 400
        })
        .collect()
}

#[test]
fn kill_9_never_loses_an_acknowledged_append() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger");
    setup(&ledger);
    let mut acknowledged = BTreeSet::new();
    for (round, delay) in delays(40).into_iter().enumerate() {
        let child = appender(&ledger, &format!("r{round}"), 1000)
            .process_group(0)
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let group = format!("-{}", child.id());
        Command::new("kill")
            .args(["-9", "--", &group])
            .status()
            .unwrap();
        let out = child.wait_with_output().unwrap();
        acknowledged.extend(
            String::from_utf8_lossy(&out.stdout)
                .lines()
                .filter_map(|l| l.strip_prefix("ok ").map(String::from)),
        );
        let present = recorded_notes(&ledger);
        let lost: Vec<&String> = acknowledged.difference(&present).collect();
        assert!(
            lost.is_empty(),
            "round {round}: acknowledged appends lost: {lost:?}"
        );
    }
    assert!(
        !acknowledged.is_empty(),
        "no append was acknowledged: the kill came too early every time"
    );
}

/// The number of entries a ledger holds, after checking it verifies.
fn verified_count(ledger: &Path) -> usize {
    let verify = pacta(ledger).arg("verify").output().unwrap();
    assert!(
        verify.status.success(),
        "verify failed: {}",
        String::from_utf8_lossy(&verify.stderr)
    );
    let export = pacta(ledger).arg("export").output().unwrap();
    String::from_utf8(export.stdout).unwrap().lines().count()
}

/// An import is one append of a few hundred entries, indexed in treaty rows: killed at any
/// moment, it is in the ledger whole or not at all.
#[test]
fn kill_9_during_an_import_leaves_all_of_it_or_none() {
    let facts = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/ottawa/facts.csv");
    kill_during_import(&facts);
}

/// An import of 5,000 facts goes the streamed way: its entries are written straight into the
/// entry files past the committed lengths, and committed by a new journal. Killed at any moment,
/// it too is in the ledger whole or not at all, and the ledger verifies.
#[test]
fn kill_9_during_a_streamed_import_leaves_all_of_it_or_none() {
    let dir = tempfile::tempdir().unwrap();
    let facts = dir.path().join("steps.csv");
    std::fs::write(&facts, crate::faults::steps_csv(5000)).unwrap();
    kill_during_import(&facts);
}

/// Imports `facts` whole once, then again in rounds killed with SIGKILL spread from the start of
/// the import to twice the time the whole import took; rounds go on until both outcomes have
/// been seen (at least 16 rounds, at most 64): a run where every kill landed on the same side of
/// the commit has tested nothing, and fails.
fn kill_during_import(facts: &Path) {
    let import = |ledger: &Path| {
        let mut c = pacta(ledger);
        c.arg("import").arg(facts);
        c.stdout(Stdio::null()).stderr(Stdio::null());
        c
    };
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("whole");
    setup(&whole);
    let started = std::time::Instant::now();
    assert!(import(&whole).status().unwrap().success());
    let took = started.elapsed();
    let all = verified_count(&whole);
    assert!(all > 1, "the import recorded nothing");
    let mut seen = BTreeSet::new();
    for (round, delay) in delays(64).into_iter().enumerate() {
        if round >= 16 && seen.len() == 2 {
            break;
        }
        let ledger = dir.path().join(format!("round-{round}"));
        setup(&ledger);
        let mut child = import(&ledger).process_group(0).spawn().unwrap();
        // Anywhere from 0 to 2 times the whole import's time.
        let wait = took * u32::try_from(delay % 201).unwrap() / 100;
        std::thread::sleep(wait);
        let group = format!("-{}", child.id());
        Command::new("kill")
            .args(["-9", "--", &group])
            .status()
            .unwrap();
        let finished = child.wait().unwrap().success();
        let count = verified_count(&ledger);
        assert!(
            count == 1 || count == all,
            "round {round}, killed after {wait:?}: {count} entries, neither the registration \
             alone (1) nor all ({all})"
        );
        assert!(
            !finished || count == all,
            "round {round}: an acknowledged import was lost"
        );
        seen.insert(count);
    }
    assert_eq!(
        seen,
        BTreeSet::from([1, all]),
        "every kill left the same outcome (a whole import took {took:?}): the kills never \
         landed on both sides of the import's commit"
    );
}

#[test]
fn two_processes_appending_at_once_both_land() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger");
    setup(&ledger);
    let a = appender(&ledger, "a", 15).spawn().unwrap();
    let b = appender(&ledger, "b", 15).spawn().unwrap();
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    let acknowledged = String::from_utf8_lossy(&a.stdout).lines().count()
        + String::from_utf8_lossy(&b.stdout).lines().count();
    assert_eq!(
        acknowledged, 30,
        "an append was refused instead of waiting for the lock"
    );
    assert_eq!(recorded_notes(&ledger).len(), 30);
}
