//! Proofs of answers, end to end: `status --prove` and `why --prove` bundles verify offline, and
//! an entry left out, added, altered or swapped, or an edited answer, is refused.

use crate::common::Sandbox;
use serde_json::Value;

/// A ledger of two treaties, a few facts and a signing key `k`.
fn keeper() -> Sandbox {
    let l = Sandbox::new();
    l.run(&[
        "treaty",
        "add",
        "mini",
        "--title",
        "Mini",
        "--adopted",
        "2000-01-01",
        "--eif-instruments",
        "2",
        "--eif-delay",
        "+30d",
        "--later-delay",
        "+30d",
        "--withdrawal-delay",
        "+6m",
        "--cite-title",
        "Text",
        "--cite-url",
        "https://example.org/t",
    ]);
    l.run(&[
        "treaty",
        "add",
        "other",
        "--rules",
        "rome",
        "--cite-title",
        "Text",
        "--cite-url",
        "https://example.org/r",
    ]);
    for (state, act, date) in [
        ("DE", "accession", "2001-01-01"),
        ("FR", "accession", "2001-02-01"),
        ("IT", "accession", "2002-03-04"),
        ("FR", "domestic-step", "2019-01-01"),
        ("FR", "withdrawal", "2020-01-01"),
    ] {
        l.run(&[
            "record",
            act,
            "--treaty",
            "mini",
            "--state",
            state,
            "--date",
            date,
            "--cite-title",
            "UN",
            "--cite-url",
            "https://example.org/un",
        ]);
    }
    l.run(&[
        "record",
        "signature",
        "--treaty",
        "other",
        "--state",
        "DE",
        "--date",
        "1998-12-10",
        "--cite-title",
        "UN",
        "--cite-url",
        "https://example.org/un",
    ]);
    l.run(&["key", "generate", "--name", "keeper", "--out", "k"]);
    l
}

/// `verify-proof` of a bundle with the key `k`: the exit code and stderr.
fn check(l: &Sandbox, bundle: &Value) -> (i32, String) {
    verify_proof(l, bundle, &["--key", "k.pub"])
}

/// `verify-proof` of a bundle, trusting no key.
fn check_unsigned(l: &Sandbox, bundle: &Value) -> (i32, String) {
    verify_proof(l, bundle, &[])
}

fn verify_proof(l: &Sandbox, bundle: &Value, key: &[&str]) -> (i32, String) {
    let file = l.write("answer.json", &bundle.to_string());
    let mut args = vec!["verify-proof", "--answer", &file];
    args.extend_from_slice(key);
    let out = l.cmd(&args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

#[test]
fn status_and_why_answers_verify_offline() {
    let l = keeper();
    for args in [
        vec![
            "status",
            "mini",
            "--at",
            "2020-08-01",
            "--prove",
            "--sign",
            "k",
        ],
        vec![
            "why",
            "mini",
            "FR",
            "--at",
            "2020-08-01",
            "--prove",
            "--sign",
            "k",
        ],
    ] {
        let bundle: Value = serde_json::from_str(&l.run(&args)).unwrap();
        assert_eq!(check(&l, &bundle).0, 0, "{args:?}");
    }
    let status: Value =
        serde_json::from_str(&l.run(&["status", "mini", "--at", "2020-08-01", "--prove"])).unwrap();
    assert_eq!(status["answer"]["counts"]["in_force"], 2);
    // The answer in the bundle is the one `status --format json` gives.
    let plain: Value =
        serde_json::from_str(&l.run(&["status", "mini", "--at", "2020-08-01", "--format", "json"]))
            .unwrap();
    assert_eq!(status["answer"]["states"], plain["states"]);
}

#[test]
fn every_kind_of_tampering_is_refused() {
    let l = keeper();
    let bundle: Value = serde_json::from_str(&l.run(&[
        "status",
        "mini",
        "--at",
        "2020-08-01",
        "--prove",
        "--sign",
        "k",
    ]))
    .unwrap();
    let entries = bundle["entries"].as_array().unwrap().clone();
    let other: Value = serde_json::from_str(&l.run(&[
        "status",
        "other",
        "--at",
        "2020-08-01",
        "--prove",
        "--sign",
        "k",
    ]))
    .unwrap();

    let mut cases: Vec<(&str, Value, &str)> = Vec::new();
    let mut v = bundle.clone();
    v["entries"]
        .as_array_mut()
        .unwrap()
        .retain(|e| e["entry"] != 6);
    cases.push((
        "an entry left out (one the answer does not need)",
        v,
        "left out, added or changed",
    ));
    let mut v = bundle.clone();
    v["entries"]
        .as_array_mut()
        .unwrap()
        .retain(|e| e["entry"] != 7);
    cases.push(("the withdrawal left out", v, "left out, added or changed"));
    let mut v = bundle.clone();
    v["entries"]
        .as_array_mut()
        .unwrap()
        .push(other["entries"][1].clone());
    cases.push((
        "an entry of another treaty added",
        v,
        "not about treaty mini",
    ));
    let mut v = bundle.clone();
    v["entries"]
        .as_array_mut()
        .unwrap()
        .insert(2, entries[2].clone());
    cases.push(("an entry repeated", v, "out of order or repeated"));
    let mut v = bundle.clone();
    v["entries"].as_array_mut().unwrap().swap(1, 2);
    cases.push(("two entries swapped", v, "out of order or repeated"));
    let mut v = bundle.clone();
    let mut bytes = v["entries"][2]["bytes"].as_str().unwrap().to_string();
    bytes.replace_range(40..41, if &bytes[40..41] == "A" { "B" } else { "A" });
    v["entries"][2]["bytes"] = bytes.into();
    cases.push(("an entry altered", v, "entry"));
    let mut v = bundle.clone();
    v["answer"]["counts"]["parties"] = 3.into();
    cases.push(("the answer edited", v, "does not follow from the entries"));
    let mut v = bundle.clone();
    v["question"]["at"] = "2019-08-01".into();
    cases.push(("the question edited", v, "does not follow from the entries"));
    let mut v = bundle.clone();
    v["checkpoint"] = v["checkpoint"]
        .as_str()
        .unwrap()
        .replacen("time 2026", "time 2025", 1)
        .into();
    cases.push(("the checkpoint edited", v, "not signed by"));
    for (what, tampered, expected) in cases {
        let (code, stderr) = check(&l, &tampered);
        assert_eq!(code, 3, "{what}: accepted");
        assert!(stderr.contains(expected), "{what}: {stderr}");
    }
}

/// A bundle of version 1 (every entry with its inclusion path, the treaty digested at once),
/// written by pacta before version 2 for the ledger `keeper` builds, unsigned, still verifies;
/// and one changed byte of it is refused.
#[test]
fn version_1_bundles_still_verify() {
    let l = Sandbox::new();
    let text = include_str!("../fixtures/answer-v1.json");
    let bundle: Value = serde_json::from_str(text).unwrap();
    assert!(bundle.get("version").is_none());
    assert!(bundle["entries"][0]["path"].is_array());
    let file = l.write("answer-v1.json", text);
    let out = l.run(&["verify-proof", "--answer", &file]);
    assert!(out.starts_with("valid:"), "{out}");
    let mut v = bundle.clone();
    v["entries"].as_array_mut().unwrap().remove(5);
    let file = l.write("left-out.json", &v.to_string());
    let stderr = l.fails(&["verify-proof", "--answer", &file], 3);
    assert!(stderr.contains("left out, added or changed"), "{stderr}");
}

/// Version 2 bundles carry each entry's bytes and no path; a path added to one, or an unknown
/// version, is refused.
#[test]
fn version_2_bundles_carry_no_paths() {
    let l = keeper();
    let bundle: Value =
        serde_json::from_str(&l.run(&["status", "mini", "--at", "2020-08-01", "--prove"])).unwrap();
    assert_eq!(bundle["version"], 2);
    assert_eq!(bundle["entries"].as_array().unwrap().len(), 6);
    assert!(bundle["entries"][0].get("path").is_none());
    let mut v = bundle.clone();
    v["entries"][0]["path"] = serde_json::json!([]);
    let (code, stderr) = check_unsigned(&l, &v);
    assert_eq!(code, 3);
    assert!(stderr.contains("carries a path"), "{stderr}");
    let mut v = bundle.clone();
    v["version"] = 3.into();
    let (code, stderr) = check_unsigned(&l, &v);
    assert_eq!(code, 3);
    assert!(stderr.contains("version 3"), "{stderr}");
    // Taken as version 1, its digest is not the one the checkpoint commits to.
    let mut v = bundle.clone();
    v.as_object_mut().unwrap().remove("version");
    assert_eq!(check_unsigned(&l, &v).0, 3);
}

/// The treaty chains the store keeps after settling (its `chains` file) give the same bundle
/// as the chains computed from `seqs`, before and after appends laid over them in the journal,
/// and at an earlier size.
#[test]
fn answers_from_the_stored_chains_equal_those_from_seqs() {
    let l = keeper();
    let prove = |as_of: &str| {
        let mut args = vec!["status", "mini", "--at", "2020-08-01", "--prove"];
        if !as_of.is_empty() {
            args.extend(["--as-of", as_of]);
        }
        l.run(&args)
    };
    let unsettled = prove("");
    crate::common::settle(&l.ledger());
    assert!(l.ledger().join("chains").exists());
    assert_eq!(prove(""), unsettled);
    let earlier = prove("5");
    std::fs::remove_file(l.ledger().join("chains")).unwrap();
    assert_eq!(prove(""), unsettled);
    assert_eq!(prove("5"), earlier);
    crate::common::settle(&l.ledger());
    l.run(&[
        "record",
        "accession",
        "--treaty",
        "other",
        "--state",
        "FR",
        "--date",
        "2005-01-01",
        "--cite-title",
        "UN",
        "--cite-url",
        "https://example.org/un",
    ]);
    let bundle: Value = serde_json::from_str(&prove("")).unwrap();
    assert_eq!(check_unsigned(&l, &bundle).0, 0);
}

/// A `chains` file whose checksum holds but whose chains the entries do not give (forged, or
/// written by a faulty build) is found by `verify`, and no answer is proved from it.
#[test]
fn a_forged_chains_file_is_damage() {
    let l = keeper();
    crate::common::settle(&l.ledger());
    let path = l.ledger().join("chains");
    let mut bytes = std::fs::read(&path).unwrap();
    let body = bytes.len() - 32;
    // The first treaty's chain: after the magic (8), head (8 + 32), count (4) and its entries (8).
    bytes[60] ^= 1;
    let checksum = blake3::derive_key("pacta 2026-12-01 chains file v1", &bytes[..body]);
    bytes[body..].copy_from_slice(&checksum);
    std::fs::write(&path, bytes).unwrap();
    let stderr = l.fails(&["verify"], 3);
    assert!(stderr.contains("`chains`"), "{stderr}");
    assert!(stderr.contains("treaty mini"), "{stderr}");
    let stderr = l.fails(&["status", "mini", "--at", "2020-08-01", "--prove"], 3);
    assert!(
        stderr.contains("does not match the treaty's entries"),
        "{stderr}"
    );
}
