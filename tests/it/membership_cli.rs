//! End-to-end tests of `status`, `history`, `diff` and `why` on a small treaty with explicit rules
//! that exercises every status, compared with snapshots of the whole output.

use crate::common::Sandbox;

const FACTS: &str = "\
treaty,state,act,date,effective_date,cite_title,cite_url,quote
mini,DE,signature,2000-02-01,,Status table,https://example.org/status,
mini,DE,ratification,2000-05-01,,Status table,https://example.org/status,
mini,FR,ratification,2000-06-15,,Status table,https://example.org/status,
mini,IT,accession,2000-07-01,,Status table,https://example.org/status,
mini,PL,signature,2000-03-01,,Status table,https://example.org/status,
mini,ES,accession,2002-03-10,,Status table,https://example.org/status,
mini,UA,accession,2003-01-01,,Status table,https://example.org/status,
mini,UA,armed-conflict-start,2014-02-20,,Conflict report,https://example.org/conflict,
mini,UA,withdrawal,2025-06-29,,Notification,https://example.org/ua,withdrawal
mini,FI,accession,2004-01-05,,Status table,https://example.org/status,
mini,FI,withdrawal,2025-07-10,,Notification,https://example.org/fi,instrument of withdrawal
mini,SS,succession,2011-11-11,2011-07-09,Membership page,https://example.org/ss,date of State succession
mini,ZA,accession,2005-01-03,,Status table,https://example.org/status,
mini,ZA,withdrawal,2016-10-19,,Notification,https://example.org/za,
mini,ZA,withdrawal-revocation,2017-03-07,,Notification,https://example.org/za2,
mini,MY,accession,2019-03-04,,Status table,https://example.org/status,
mini,MY,instrument-withdrawal,2019-04-29,,Notification,https://example.org/my,
";

/// A ledger of the small treaty with every fact above imported.
fn mini() -> Sandbox {
    let l = Sandbox::new();
    l.run(&[
        "treaty",
        "add",
        "mini",
        "--title",
        "Mini Convention",
        "--adopted",
        "2000-01-01",
        "--eif-instruments",
        "3",
        "--eif-delay",
        "month-start,+6m",
        "--later-delay",
        "month-start,+6m",
        "--withdrawal-delay",
        "+6m",
        "--armed-conflict-suspends-withdrawal",
        "--signature-closes",
        "on-entry-into-force",
        "--cite-title",
        "Treaty text",
        "--cite-url",
        "https://example.org/text",
    ]);
    let file = l.write("facts.csv", FACTS);
    l.run(&["import", &file]);
    l
}

fn status_of(json: &serde_json::Value, state: &str) -> String {
    json["states"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["state"] == state)
        .map_or("absent".into(), |s| {
            s["status"].as_str().unwrap().to_string()
        })
}

#[test]
fn status_table_covers_every_status() {
    let l = mini();
    insta::assert_snapshot!(l.run(&["status", "mini", "--at", "2026-02-01"]));
}

#[test]
fn status_json_has_counts_states_and_basis() {
    let l = mini();
    let j = l.json(&["status", "mini", "--at", "2026-02-01"]);
    assert_eq!(j["counts"]["in_force"], 7);
    assert_eq!(j["counts"]["parties"], 7);
    assert_eq!(j["counts"]["signatories"], 1);
    assert_eq!(j["basis"]["entries"], 18);
    assert_eq!(j["basis"]["head"].as_str().unwrap().len(), 64);
    let expected = [
        ("DE", "party"),
        ("FR", "party"),
        ("IT", "party"),
        ("ES", "party"),
        ("PL", "signatory"),
        ("SS", "party"),
        ("FI", "withdrawn"),
        ("UA", "withdrawal-suspended"),
        ("ZA", "party"),
        ("MY", "instrument-withdrawn"),
    ];
    for (state, status) in expected {
        assert_eq!(status_of(&j, state), status, "{state}");
    }
    assert_eq!(j["treaty_in_force"]["by_rule"], "2001-01-01");
    // The snapshot pins the fields status has always printed; the schema version is added
    // before them.
    let mut j = j;
    let version = j.as_object_mut().unwrap().remove("schema_version");
    assert_eq!(version, Some(1.into()));
    insta::assert_json_snapshot!(j);
}

/// Two runs print the same bytes: the status in every format, and the log and export too.
#[test]
fn status_output_is_byte_identical_across_runs() {
    let l = mini();
    for format in ["json", "csv", "table"] {
        let args = ["status", "mini", "--at", "2026-02-01", "--format", format];
        assert_eq!(l.run(&args), l.run(&args), "{format}");
    }
    for args in [&["log", "--format", "json"][..], &["export"]] {
        assert_eq!(l.run(args), l.run(args), "{args:?}");
    }
    insta::assert_snapshot!(l.run(&["status", "mini", "--at", "2026-02-01", "--format", "csv"]));
}

#[test]
fn as_of_reads_the_ledger_before_and_after_a_retraction() {
    let l = mini();
    let es = l.json(&["log", "--treaty", "mini", "--state", "ES"]);
    let entry = es[0]["entry"].as_u64().unwrap().to_string();
    l.run(&[
        "retract",
        &entry,
        "--reason",
        "recorded for the wrong treaty",
        "--cite-title",
        "Correction",
        "--cite-url",
        "https://example.org/fix",
    ]);
    let before = l.json(&["status", "mini", "--at", "2026-02-01", "--as-of", "18"]);
    let after = l.json(&["status", "mini", "--at", "2026-02-01"]);
    assert_eq!(status_of(&before, "ES"), "party");
    assert_eq!(status_of(&after, "ES"), "absent");
    assert_eq!(before["counts"]["in_force"], 7);
    assert_eq!(after["counts"]["in_force"], 6);
    assert_eq!(after["basis"]["entries"], 19);
    let by_time = l.json(&[
        "status",
        "mini",
        "--at",
        "2026-02-01",
        "--as-of",
        "2026-03-01T12:00:00Z",
    ]);
    assert_eq!(by_time["basis"]["entries"], 19);
    l.cmd(&["status", "mini", "--as-of", "2026-03-01T11:59:59Z"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "not registered in entries 1 to 0",
        ));
}

#[test]
fn history_diff_and_why() {
    let l = mini();
    insta::assert_snapshot!("history_ua", l.run(&["history", "mini", "UA"]));
    insta::assert_snapshot!(
        "diff",
        l.run(&["diff", "mini", "--from", "2025-01-01", "--to", "2026-03-01"])
    );
    insta::assert_snapshot!(
        "why_fi",
        l.run(&["why", "mini", "FI", "--at", "2026-02-01"])
    );
    insta::assert_snapshot!(
        "why_ua",
        l.run(&["why", "mini", "UA", "--at", "2026-02-01"])
    );
    let why = l.json(&["why", "mini", "ZA", "--at", "2018-01-01"]);
    assert_eq!(why["status"], "party");
    assert!(
        why["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["event"] == "mini ZA withdrawal-revocation 2017-03-07")
    );
}

#[test]
fn unknown_treaty_and_state_are_refused() {
    let l = mini();
    l.cmd(&["status", "nope"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("treaty 'nope' is not registered"));
    l.cmd(&["history", "mini", "BR"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("no act of BR"));
    l.cmd(&["status", "mini", "--at", "2026-2-1"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("--at"));
    l.cmd(&["status", "mini", "--as-of", "999"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("holds only 18 entries"));
}
