//! End-to-end tests: the real `pacta` binary on temporary ledgers.

use crate::common::{NOW, Sandbox};
use assert_cmd::Command;
use predicates::prelude::*;

/// A ledger with Ottawa registered and Finland's accession recorded.
fn with_ottawa() -> Sandbox {
    let s = Sandbox::new();
    s.register_ottawa();
    s.run(&cite(&[
        "record",
        "accession",
        "--treaty",
        "ottawa",
        "--state",
        "FI",
        "--date",
        "2012-01-09",
    ]));
    s
}

/// Ottawa with Finland's accession (entry 2) and withdrawal (entry 3).
fn with_finnish_withdrawal() -> Sandbox {
    let s = with_ottawa();
    s.run(&cite(&[
        "record",
        "withdrawal",
        "--treaty",
        "ottawa",
        "--state",
        "FI",
        "--date",
        "2025-07-10",
    ]));
    s
}

fn cite<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut v = args.to_vec();
    v.extend([
        "--cite-title",
        "UN depositary notification",
        "--cite-url",
        "https://treaties.un.org/x",
    ]);
    v
}

#[test]
fn record_log_show_export_verify() {
    let s = with_ottawa();
    let out = s.run(&cite(&[
        "record",
        "withdrawal",
        "--treaty",
        "ottawa",
        "--state",
        "FIN",
        "--date",
        "2025-07-10",
        "--quote",
        "on 10 July 2025",
    ]));
    assert!(out.starts_with("Recorded entry 3 ("), "{out}");
    assert!(out.contains("ottawa FI withdrawal 2025-07-10"));
    let log = s.run(&["log", "--treaty", "ottawa", "--state", "FI"]);
    assert_eq!(log.lines().count(), 3, "{log}");
    assert!(log.lines().next().unwrap().starts_with("ENTRY"));
    let shown = s.run(&["show", "3"]);
    assert!(shown.contains("quote     \"on 10 July 2025\""), "{shown}");
    let hash = shown
        .lines()
        .nth(1)
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap()
        .to_string();
    assert_eq!(s.run(&["show", &hash[..8]]), shown);
    let export = s.run(&["export"]);
    let lines: Vec<serde_json::Value> = export
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[2]["hash"], hash.as_str());
    assert_eq!(lines[2]["prev"], lines[1]["hash"]);
    assert_eq!(lines[2]["entry"]["fact"]["event"]["act"]["state"], "FI");
    s.cmd(&["verify"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("ok: 3 entries verified"));
}

#[test]
fn retraction_frees_the_fact_and_cannot_repeat() {
    let s = with_ottawa();
    s.run(&cite(&["retract", "2", "--reason", "wrong date"]));
    let again = s
        .cmd(&cite(&["retract", "2", "--reason", "again"]))
        .assert()
        .code(1);
    assert!(
        String::from_utf8_lossy(&again.get_output().stderr)
            .contains("already retracted by entry 3")
    );
    s.run(&cite(&[
        "record",
        "accession",
        "--treaty",
        "ottawa",
        "--state",
        "FI",
        "--date",
        "2012-01-09",
    ]));
    assert_eq!(s.count(), 4);
}

#[test]
fn bad_input_is_refused_and_writes_nothing() {
    let s = with_ottawa();
    let before = s.count();
    let long = "x".repeat(3000);
    let fi = ["--treaty", "ottawa", "--state", "FI"];
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            cite(&[
                "record",
                "signature",
                "--treaty",
                "ottawa",
                "--state",
                "DE",
                "--date",
                "2019-3-7",
            ]),
            "not a date in the form YYYY-MM-DD",
        ),
        (
            cite(&[
                "record",
                "signature",
                "--treaty",
                "ottawa",
                "--state",
                "DE",
                "--date",
                "2025-02-30",
            ]),
            "not a real calendar day",
        ),
        (
            cite(&[
                "record",
                "withdrawal",
                "--treaty",
                "ottawa",
                "--state",
                "DE",
                "--date",
                "2027-01-01",
            ]),
            "after the recording day",
        ),
        (
            cite(&[
                "record",
                "accession",
                "--treaty",
                "rome",
                "--state",
                "DE",
                "--date",
                "2002-01-01",
            ]),
            "unknown treaty 'rome'",
        ),
        (
            cite(&[
                "record",
                "accession",
                "--treaty",
                "ottawa",
                "--state",
                "XX",
                "--date",
                "2002-01-01",
            ]),
            "'XX' is not a state code",
        ),
        (
            vec![
                "record",
                "accession",
                "--treaty",
                "ottawa",
                "--state",
                "DE",
                "--date",
                "2002-01-01",
            ],
            "at least one citation",
        ),
        (
            vec![
                "record",
                "accession",
                "--treaty",
                "ottawa",
                "--state",
                "DE",
                "--date",
                "2002-01-01",
                "--cite-title",
                "T",
                "--cite-url",
                "ftp://x.org/a",
            ],
            "must start with http",
        ),
        (
            vec![
                "record",
                "accession",
                "--treaty",
                "ottawa",
                "--state",
                "DE",
                "--date",
                "2002-01-01",
                "--cite-title",
                "T",
            ],
            "needs a URL",
        ),
        (
            cite(&[
                "record",
                "accession",
                "--treaty",
                "ottawa",
                "--state",
                "DE",
                "--date",
                "2002-01-01",
                "--note",
                &long,
            ]),
            "limit is 2000",
        ),
        (
            cite(&[
                "record",
                "accession",
                "--treaty",
                "ottawa",
                "--state",
                "FI",
                "--date",
                "2012-01-09",
            ]),
            "already recorded as entry 2",
        ),
        (
            cite(&[
                "record",
                "withdrawal",
                "--treaty",
                "ottawa",
                "--state",
                "DE",
                "--date",
                "2020-01-01",
            ]),
            "no instrument in effect",
        ),
        (
            cite(&[
                "record",
                "accession",
                "--treaty",
                "ottawa",
                "--state",
                "DE",
                "--date",
                "1997-01-01",
            ]),
            "before the treaty was adopted",
        ),
        (
            cite(&[
                "record",
                "ratification",
                "--treaty",
                "ottawa",
                "--state",
                "FI",
                "--date",
                "2013-01-01",
            ]),
            "already in effect",
        ),
        (
            cite(&[
                "record",
                "withdrawal-revocation",
                "--treaty",
                "ottawa",
                "--state",
                "FI",
                "--date",
                "2020-01-01",
            ]),
            "no withdrawal pending",
        ),
        (
            cite(&["retract", "99", "--reason", "r"]),
            "there is no entry 99",
        ),
        (
            cite(&[
                "record",
                "ratify",
                "--treaty",
                "ottawa",
                "--state",
                "DE",
                "--date",
                "2002-01-01",
            ]),
            "not an act",
        ),
        (
            cite(&[
                "record",
                "signature",
                "--treaty",
                "ottawa",
                "--state",
                "FI",
                "--date",
                "2002-01-01",
                "--effective",
                "2002-02-01",
            ]),
            "no effective date of its own",
        ),
    ];
    for (args, expected) in cases {
        let mut args = args;
        if args.len() > 1 && args[0] == "record" && args.iter().all(|a| *a != "--treaty") {
            args.extend(fi);
        }
        let out = s.cmd(&args).assert().code(1);
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(stderr.starts_with("Error: "), "{stderr}");
        assert!(out.get_output().stdout.is_empty());
    }
    // Signature closed when the treaty entered into force: needs 40 instruments first.
    assert_eq!(s.count(), before);
}

#[test]
fn signature_after_entry_into_force_is_refused() {
    let s = Sandbox::new();
    s.run(&[
        "treaty",
        "add",
        "mini",
        "--title",
        "Mini treaty",
        "--adopted",
        "2000-01-01",
        "--eif-instruments",
        "2",
        "--eif-delay",
        "+30d",
        "--later-delay",
        "+30d",
        "--withdrawal-delay",
        "+1y",
        "--cite-title",
        "Text",
        "--cite-url",
        "https://example.org/mini",
    ]);
    for state in ["DE", "FR"] {
        s.run(&cite(&[
            "record",
            "accession",
            "--treaty",
            "mini",
            "--state",
            state,
            "--date",
            "2001-01-01",
        ]));
    }
    let out = s
        .cmd(&cite(&[
            "record",
            "signature",
            "--treaty",
            "mini",
            "--state",
            "IT",
            "--date",
            "2001-02-01",
        ]))
        .assert()
        .code(1);
    assert!(
        String::from_utf8_lossy(&out.get_output().stderr)
            .contains("signature closed when the treaty entered into force on 2001-01-31")
    );
}

#[test]
fn usage_errors_exit_2_and_missing_ledgers_exit_1() {
    let s = Sandbox::new();
    s.cmd(&["record"]).assert().code(2);
    s.cmd(&["frobnicate"]).assert().code(2);
    let mut c = Command::cargo_bin("pacta").unwrap();
    c.env_clear()
        .env("PACTA_RECORDER", "t")
        .args(["--ledger", "/nonexistent/ledger", "log"]);
    c.assert()
        .code(1)
        .stderr(predicate::str::contains(
            "there is no ledger at /nonexistent/ledger",
        ))
        .stderr(predicate::str::contains(
            "Hint: create one with `pacta init`",
        ));
    s.cmd(&["init"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("a ledger already exists"));
}

#[test]
fn a_changed_byte_fails_verify_naming_the_entry() {
    let s = with_finnish_withdrawal();
    crate::common::damage_entry(&s.ledger(), 2, 150, 0);
    let out = s.cmd(&["verify"]).assert().code(3);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("the first is at entry 2"), "{stderr}");
    assert!(stderr.starts_with("entry 2: "), "{stderr}");
}

#[test]
fn an_altered_text_that_still_decodes_stops_export_and_fails_verify() {
    let s = with_finnish_withdrawal();
    crate::common::settle(&s.ledger());
    // The first letter of entry 2's recorder, upper-cased: the bytes still decode, the hash
    // they give is no longer the one entry 3 links to.
    let (path, offset, _) = crate::common::frame_of(&s.ledger(), 2);
    let mut bytes = std::fs::read(&path).unwrap();
    let state_len = bytes[(offset + 12) as usize] as u64;
    let recorder = (offset + 13 + state_len + 2 + 8 + 32 + 8 + 8) as usize;
    assert!(bytes[recorder].is_ascii_lowercase(), "{}", bytes[recorder]);
    bytes[recorder] ^= 0x20;
    std::fs::write(&path, bytes).unwrap();
    let out = s.cmd(&["export"]).assert().code(3);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("entry 3"), "{stderr}");
    assert!(stderr.contains("altered"), "{stderr}");
    s.cmd(&["verify"]).assert().code(3);
}

#[test]
fn a_refiled_entry_or_a_forged_stored_hash_fails_verify() {
    let s = with_finnish_withdrawal();
    crate::common::settle(&s.ledger());
    // Finland's withdrawal (entry 3) refiled under Germany: the state in its frame rewritten.
    let (path, offset, _) = crate::common::frame_of(&s.ledger(), 3);
    let mut bytes = std::fs::read(&path).unwrap();
    let state = (offset + 4 + 8 + 1) as usize;
    assert_eq!(&bytes[state..state + 2], b"FI");
    bytes[state..state + 2].copy_from_slice(b"DE");
    std::fs::write(&path, bytes).unwrap();
    // The hash `seqs` keeps for entry 2 forged.
    let mut seqs = std::fs::read(s.ledger().join("seqs")).unwrap();
    seqs[48 + 16] ^= 0xff;
    std::fs::write(s.ledger().join("seqs"), seqs).unwrap();
    let out = s.cmd(&["verify"]).assert().code(3);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        stderr.contains(
            r#"is filed under treaty ottawa state "DE", but it implies treaty ottawa state "FI""#
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("the store's record of it was altered"),
        "{stderr}"
    );
}

#[test]
fn import_is_all_or_nothing_and_names_the_line() {
    let s = with_ottawa();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("facts.csv");
    std::fs::write(
        &file,
        "treaty,state,act,date,cite_title,cite_url\n\
         ottawa,EE,accession,2004-05-12,UNTC,https://treaties.un.org/x\n\
         ottawa,LV,withdrawal,2025-06-27,HRW,https://hrw.org/x\n\
         ottawa,LT,ratification,2003-05-12,UNTC,https://treaties.un.org/x\n",
    )
    .unwrap();
    let before = s.count();
    let out = s.cmd(&["import", file.to_str().unwrap()]).assert().code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        stderr.contains("facts.csv:3: LV: no instrument in effect"),
        "{stderr}"
    );
    assert_eq!(s.count(), before);
    std::fs::write(
        &file,
        std::fs::read_to_string(&file)
            .unwrap()
            .replace("ottawa,LV,withdrawal", "ottawa,LV,accession"),
    )
    .unwrap();
    s.run(&["import", file.to_str().unwrap()]);
    assert_eq!(s.count(), before + 3);
}

#[test]
fn demo_builds_a_verified_ledger_and_refuses_an_existing_one() {
    let s = Sandbox::new();
    s.cmd(&["demo"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("a ledger already exists"));
    let dir = tempfile::tempdir().unwrap();
    let demo = |name: &str, verbose: bool| {
        let path = dir.path().join(name).join("ledger");
        let mut c = Command::cargo_bin("pacta").unwrap();
        c.env_clear()
            .env("PACTA_NOW", NOW)
            .args(["--ledger", path.to_str().unwrap(), "demo"]);
        if verbose {
            c.arg("--verbose");
        }
        let out = c.assert().success();
        String::from_utf8_lossy(&out.get_output().stdout).to_string()
    };
    // By default: the few screens that matter, ending with where the report and ledger are.
    let short = demo("short", false);
    assert!(short.contains("ok: 312 entries verified"), "{short}");
    assert!(short.contains("in force for 164 states"), "{short}");
    assert!(short.contains("in force for 161 states"), "{short}");
    assert!(
        short.contains("ceased to be bound: EE FI LT LV PL"),
        "{short}"
    );
    assert!(
        !short.contains("ottawa FI withdrawal 2025-07-10"),
        "the log: {short}"
    );
    assert!(short.lines().count() < 45, "{short}");
    let report = dir.path().join("short").join("ottawa.html");
    assert!(short.contains(&report.display().to_string()), "{short}");
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains("EE, LT, LV withdrew 2025-12-27"));
    // With --verbose, the whole log too; with no recorder named or known (a bare environment),
    // the demo records as itself.
    let long = demo("long", true);
    assert!(long.contains("ok: 312 entries verified"), "{long}");
    assert!(
        long.contains("pacta demo  ottawa FI withdrawal 2025-07-10"),
        "{long}"
    );
    assert!(long.lines().count() > 600, "{long}");
}

#[test]
fn log_filters_by_recorder_only_when_asked() {
    let s = with_ottawa();
    let mut args = vec!["--recorder", "someone-else", "record", "signature"];
    args.extend(cite(&[
        "--treaty",
        "ottawa",
        "--state",
        "DE",
        "--date",
        "1997-12-03",
    ]));
    s.run(&args);
    // PACTA_RECORDER (tester, in the sandbox) names who records, not which entries to list.
    let all = s.json(&["log"]);
    assert_eq!(all.as_array().unwrap().len(), 3, "{all}");
    let theirs = s.json(&["log", "--recorded-by", "someone-else"]);
    assert_eq!(theirs.as_array().unwrap().len(), 1, "{theirs}");
    assert_eq!(theirs[0]["recorder"], "someone-else");
}

#[test]
fn one_of_anything_is_singular() {
    let s = Sandbox::new();
    s.run(&cite(&[
        "treaty",
        "add",
        "small",
        "--rules",
        "ottawa",
        "--eif-instruments",
        "1",
    ]));
    let out = s.cmd(&["verify"]).output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).split(';').next(),
        Some("ok: 1 entry verified")
    );
    let csv = s.write(
        "one.csv",
        "treaty,state,act,date,cite_title,cite_url\n\
         small,FI,accession,2012-01-09,UN,https://treaties.un.org/x\n",
    );
    s.cmd(&["import", &csv])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "one.csv: 1 fact recorded (1 citation)",
        ));
    let status = s.run(&["status", "small", "--at", "2013-01-01"]);
    assert!(
        status.contains("in force for 1 state; 1 State Party (instrument deposited"),
        "{status}"
    );
    s.cmd(&["export", "one.jsonl"])
        .assert()
        .success()
        .stderr(predicate::str::contains("Exported 2 entries to one.jsonl"));
    s.write("doc.txt", "x");
    s.cmd(&["source", "add", "doc.txt"])
        .assert()
        .success()
        .stderr(predicate::str::contains("Archived doc.txt (1 byte)"));
    let copy = s.path("copy");
    s.cmd(&["export", "one.jsonl", "--sources", "docs"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "Exported 1 archived source to docs",
        ));
    s.cmd_at(&copy, &["restore", "one.jsonl", "--sources", "docs"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Restored 2 entries to"));
}

#[test]
fn quiet_keeps_results_and_errors_and_drops_notes() {
    let s = with_ottawa();
    for args in [
        vec!["-q", "export", "a.jsonl"],
        vec!["export", "b.jsonl", "--quiet"],
    ] {
        s.cmd(&args)
            .assert()
            .success()
            .stderr(predicate::str::is_empty());
    }
    s.cmd(&["export", "c.jsonl"])
        .assert()
        .success()
        .stderr(predicate::str::contains("Exported 2 entries"));
    s.cmd(&["-q", "verify"])
        .assert()
        .success()
        .stdout(predicate::str::contains("ok: 2 entries verified"));
    s.cmd(&["-q", "show", "99"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("Error:"));
}

#[test]
fn a_command_usage_never_shows_the_global_options_as_required() {
    let s = Sandbox::new();
    let out = s
        .cmd(&["status"])
        .env("PACTA_LEDGER", "x")
        .env("PACTA_RECORDER", "me")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Usage: pacta status <TREATY>"), "{err}");
    let help = s.run(&["status", "--help"]);
    assert!(!help.contains("--recorder <"), "{help}");
    assert!(help.contains("Global options: --ledger"), "{help}");
    let top = s.run(&["--help"]);
    assert!(top.contains("--recorder <RECORDER>"), "{top}");
    assert!(top.contains("-q, --quiet"), "{top}");
}
