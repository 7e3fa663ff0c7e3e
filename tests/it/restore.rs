//! Verified restore: round trips, every kind of damaged export line, a history that contradicts
//! itself, and an export written by an earlier build (the fixture under tests/fixtures).

use crate::common::*;
use assert_cmd::Command;
use pacta::archive::export::ExportLine;
use pacta::vocabulary::event::{ActKind, Fact};
use std::path::Path;

const FIXTURE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/export-v1.jsonl"
));

fn pacta(args: &[&str]) -> std::process::Output {
    Command::cargo_bin("pacta")
        .unwrap()
        .env_clear()
        .env("PACTA_RECORDER", "t")
        .args(args)
        .output()
        .unwrap()
}

/// Restores `text` into a fresh path; returns the exit code, stderr and whether a ledger exists.
fn restore(text: &str) -> (i32, String, bool) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export.jsonl");
    std::fs::write(&file, text).unwrap();
    let target = dir.path().join("restored");
    let out = pacta(&[
        "--ledger",
        target.to_str().unwrap(),
        "restore",
        file.to_str().unwrap(),
    ]);
    let leftovers = std::fs::read_dir(dir.path()).unwrap().count() > 1;
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stderr).to_string(),
        leftovers,
    )
}

fn lines() -> Vec<String> {
    FIXTURE.lines().map(String::from).collect()
}

#[test]
fn an_earlier_export_restores_to_the_same_head_and_root() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("restored");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let out = pacta(&[
        "--ledger",
        target.to_str().unwrap(),
        "restore",
        fixture.join("export-v1.jsonl").to_str().unwrap(),
        "--checkpoint",
        fixture.join("export-v1.checkpoint").to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let verify = pacta(&["--ledger", target.to_str().unwrap(), "verify"]);
    assert!(verify.status.success());
    // Exporting the restored ledger gives back the very same bytes.
    let export = pacta(&["--ledger", target.to_str().unwrap(), "export"]);
    assert_eq!(String::from_utf8(export.stdout).unwrap(), FIXTURE);
}

#[test]
fn every_kind_of_damaged_line_is_refused_and_nothing_is_left() {
    let l = lines();
    let mut altered_field = l.clone();
    altered_field[2] = altered_field[2]
        .replace("\"DE\"", "\"PL\"")
        .replace("\"FR\"", "\"PL\"");
    let mut altered_bytes = l.clone();
    let line: ExportLine = serde_json::from_str(&l[3]).unwrap();
    let mut b = line.bytes.into_bytes();
    b[60] = if b[60] == b'A' { b'B' } else { b'A' };
    altered_bytes[3] = l[3].replace(&line_bytes(&l[3]), std::str::from_utf8(&b).unwrap());
    let mut reordered = l.clone();
    reordered.swap(2, 3);
    let mut duplicated = l.clone();
    duplicated.insert(3, l[2].clone());
    let mut dropped = l.clone();
    dropped.remove(2);
    let mut truncated = l.clone();
    let last = truncated.len() - 1;
    truncated[last].truncate(40);
    let cases = [
        (altered_field, 3, "decoded fields differ"),
        (altered_bytes, 4, "was altered"),
        (reordered, 3, "dropped, duplicated or moved"),
        (duplicated, 4, "dropped, duplicated or moved"),
        (dropped, 3, "dropped, duplicated or moved"),
        (truncated, 6, "not an export line"),
    ];
    for (damaged, line, what) in cases {
        let (code, stderr, leftovers) = restore(&(damaged.join("\n") + "\n"));
        assert_eq!(code, 3, "{what}: {stderr}");
        assert!(
            stderr.contains(&format!("export.jsonl:{line}: ")),
            "{what}: {stderr}"
        );
        assert!(stderr.contains(what), "{what}: {stderr}");
        assert!(!leftovers, "{what}: a failed restore left files behind");
    }
    let (code, stderr, _) = restore("");
    assert_eq!(code, 3, "{stderr}");
    assert!(stderr.contains("holds no entries"));
}

fn line_bytes(line: &str) -> String {
    serde_json::from_str::<ExportLine>(line).unwrap().bytes
}

#[test]
fn a_well_chained_but_contradictory_history_is_refused() {
    // Hashes and links are all correct, but the withdrawal has no instrument to withdraw from:
    // build the entries directly, bypassing admission, as a forger would.
    let facts: Vec<Fact> = vec![ottawa(), act("FI", ActKind::Withdrawal, "2025-07-10")];
    let text = forged_lines(pacta::vocabulary::digest::Digest::ZERO, 1, facts);
    let (code, stderr, leftovers) = restore(&text);
    assert_eq!(code, 3, "{stderr}");
    assert!(
        stderr.contains("export.jsonl:2: under treaty ottawa the facts contradict each other"),
        "{stderr}"
    );
    assert!(!leftovers);
}

#[test]
fn restore_refuses_an_existing_ledger() {
    let (dir, _ledger) = ledger_with_ottawa();
    let file = dir.path().join("x.jsonl");
    std::fs::write(&file, FIXTURE).unwrap();
    let out = pacta(&[
        "--ledger",
        dir.path().join("ledger").to_str().unwrap(),
        "restore",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("a ledger already exists"));
}

/// Endless input is read with a limit, and fails cleanly, leaving no ledger and no staging
/// directory; a staging directory a killed restore left is removed by the next restore.
#[test]
fn an_endless_file_is_refused_and_a_dead_restores_staging_is_removed() {
    let s = Sandbox::bare();
    // No process has this number (above the kernel's largest).
    let dead = s.path(".ledger.restoring-4194305");
    std::fs::create_dir(&dead).unwrap();
    std::fs::write(dead.join("journal"), b"left by a killed restore").unwrap();
    let out = s
        .cmd(&["restore", "/dev/zero"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        matches!(out.status.code(), Some(1 | 3)),
        "{:?}: {stderr}",
        out.status
    );
    assert!(stderr.contains("longer than"), "{stderr}");
    assert!(!s.ledger().exists());
    let left: Vec<_> = std::fs::read_dir(s.dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".restoring"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// `source add` reads a document with a limit: `/dev/zero` is refused quickly, nothing archived.
#[test]
fn an_endless_source_document_is_refused() {
    let s = Sandbox::new();
    let out = s
        .cmd(&["source", "add", "/dev/zero"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("larger than 64 MiB"), "{stderr}");
    assert!(!s.ledger().join("sources").exists());
}

/// `import` reads its file line by line with a limit on a line: `/dev/zero` is refused quickly,
/// nothing recorded.
#[test]
fn an_endless_import_file_is_refused() {
    let s = Sandbox::new();
    s.register_ottawa();
    let before = s.run(&["export"]);
    let out = s
        .cmd(&["import", "--input-format", "csv", "/dev/zero"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("a line longer than 16 MiB"), "{stderr}");
    assert_eq!(s.run(&["export"]), before);
}

/// `verify-proof` reads a proof, and the key it is checked with, with a limit.
#[test]
fn an_endless_proof_or_key_is_refused() {
    let s = Sandbox::new();
    for args in [
        vec!["verify-proof", "/dev/zero"],
        vec!["verify-proof", "--answer", "/dev/zero"],
    ] {
        let out = s
            .cmd(&args)
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains("larger than"), "{args:?}: {stderr}");
    }
}
