//! Archived sources and audits, end to end.

use crate::common::Sandbox;

/// A ledger of Ottawa with Finland's accession.
fn with_finland() -> Sandbox {
    let l = Sandbox::new();
    l.register_ottawa();
    l.run(&[
        "record",
        "accession",
        "--treaty",
        "ottawa",
        "--state",
        "FI",
        "--date",
        "2012-01-09",
        "--cite-title",
        "UN",
        "--cite-url",
        "https://example.org/un",
    ]);
    l
}

const NOTICE: &str =
    "Finland presented the instrument of withdrawal\nfrom the Ottawa Convention on 10 July 2025.";

#[test]
fn a_quote_must_occur_in_its_archived_source() {
    let l = with_finland();
    std::fs::write(l.dir.path().join("notice.txt"), NOTICE).unwrap();
    let digest = l
        .run(&["source", "add", "notice.txt", "--title", "MFA notice"])
        .trim()
        .to_string();
    assert_eq!(digest.len(), 64);
    assert_eq!(
        l.run(&["source", "add", "notice.txt"]).trim(),
        digest,
        "a second add finds the same document"
    );
    let cite = |quote: &'static str| -> Vec<String> {
        [
            "record",
            "withdrawal",
            "--treaty",
            "ottawa",
            "--state",
            "FI",
            "--date",
            "2025-07-10",
            "--cite-title",
            "MFA",
            "--cite-ref",
            "MFA notice",
            "--cite-source",
            &digest,
            "--quote",
            quote,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    let before = l.count();
    let wrong = cite("on 11 July 2025");
    let stderr = l.fails(&wrong.iter().map(String::as_str).collect::<Vec<_>>(), 1);
    assert!(
        stderr.contains("does not occur in the archived source"),
        "{stderr}"
    );
    assert_eq!(l.count(), before);
    let right = cite("instrument of withdrawal from the Ottawa Convention");
    l.run(&right.iter().map(String::as_str).collect::<Vec<_>>());
    let audit: serde_json::Value =
        serde_json::from_str(&l.run(&["audit", "3", "--format", "json"])).unwrap();
    assert_eq!(audit["citations"][0]["archived"], "archived in this ledger");
    assert_eq!(audit["supports"][0], "FI (withdrawn)");
    assert_eq!(l.run(&["source", "show", &digest, "--text"]), NOTICE);
}

#[test]
fn missing_sources_and_binary_files_are_refused() {
    let l = with_finland();
    let absent = "ab".repeat(32);
    let stderr = l.fails(
        &[
            "record",
            "withdrawal",
            "--treaty",
            "ottawa",
            "--state",
            "FI",
            "--date",
            "2025-07-10",
            "--cite-title",
            "MFA",
            "--cite-ref",
            "x",
            "--cite-source",
            &absent,
            "--quote",
            "q",
        ],
        1,
    );
    assert!(stderr.contains("is not in this ledger"), "{stderr}");
    std::fs::write(
        l.dir.path().join("scan.pdf"),
        [0x25, 0x50, 0x44, 0x46, 0x00, 0xff],
    )
    .unwrap();
    assert!(
        l.fails(&["source", "add", "scan.pdf"], 1)
            .contains("not UTF-8 text")
    );
}

#[test]
fn verify_rehashes_archived_sources() {
    let l = with_finland();
    std::fs::write(l.dir.path().join("notice.txt"), NOTICE).unwrap();
    let digest = l.run(&["source", "add", "notice.txt"]).trim().to_string();
    l.run(&["verify"]);
    // The archived document edited in place, as docs/FORMAT.md section 10 says it is stored.
    let stored = l.dir.path().join("ledger").join("sources").join(&digest);
    std::fs::write(stored, NOTICE.replace("10 July", "11 July")).unwrap();
    let out = l.cmd(&["verify"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the document was altered"));
}

#[test]
fn audit_names_the_retraction_of_an_entry() {
    let l = with_finland();
    l.run(&[
        "retract",
        "2",
        "--reason",
        "wrong date",
        "--cite-title",
        "Fix",
        "--cite-url",
        "https://example.org/fix",
    ]);
    let audit: serde_json::Value =
        serde_json::from_str(&l.run(&["audit", "2", "--format", "json"])).unwrap();
    assert_eq!(audit["retracted_by"], 3);
    assert_eq!(audit["supports"].as_array().unwrap().len(), 0);
    let retraction: serde_json::Value =
        serde_json::from_str(&l.run(&["audit", "3", "--format", "json"])).unwrap();
    assert_eq!(retraction["retracts"], 2);
}

#[test]
fn archived_sources_travel_with_an_export() {
    let l = with_finland();
    l.write("notice.txt", NOTICE);
    let digest = l
        .run(&["source", "add", "notice.txt", "--title", "MFA notice"])
        .trim()
        .to_string();
    l.run(&[
        "record",
        "withdrawal",
        "--treaty",
        "ottawa",
        "--state",
        "FI",
        "--date",
        "2025-07-10",
        "--cite-title",
        "MFA",
        "--cite-ref",
        "MFA notice",
        "--cite-source",
        &digest,
        "--quote",
        "instrument of withdrawal",
    ]);
    l.run(&["export", "all.jsonl", "--sources", "docs"]);
    assert_eq!(
        std::fs::read_to_string(l.path("docs").join(format!("{digest}.txt"))).unwrap(),
        NOTICE
    );
    let restored = l.path("copy");
    let restore = |sources: &str| {
        l.cmd_at(&restored, &["restore", "all.jsonl", "--sources", sources])
            .output()
            .unwrap()
    };
    assert!(restore("docs").status.success());
    let copy = |args: &[&str]| {
        let out = l.cmd_at(&restored, args).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    copy(&["verify"]);
    let audit: serde_json::Value =
        serde_json::from_str(&copy(&["audit", "3", "--format", "json"])).unwrap();
    assert_eq!(audit["citations"][0]["archived"], "archived in this ledger");
    // An altered document is refused, and nothing is restored.
    std::fs::remove_dir_all(&restored).unwrap();
    std::fs::write(
        l.path("docs").join(format!("{digest}.txt")),
        NOTICE.replace("July", "June"),
    )
    .unwrap();
    let out = restore("docs");
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the document was altered"));
    assert!(!restored.exists());
}
