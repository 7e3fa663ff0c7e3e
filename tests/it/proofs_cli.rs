//! End-to-end tests of checkpoints and proofs: bundles verify offline, and any change to an
//! entry, a path, a checkpoint or a signature is refused with exit code 3.

use crate::common::Sandbox;
use assert_cmd::Command;

/// A ledger of Ottawa with an accession by each of `states`.
fn with_facts(states: &[&str]) -> Sandbox {
    let l = Sandbox::new();
    l.register_ottawa();
    for s in states {
        l.run(&[
            "record",
            "accession",
            "--treaty",
            "ottawa",
            "--state",
            s,
            "--date",
            "2010-01-04",
            "--cite-title",
            "UN",
            "--cite-url",
            "https://example.org/un",
        ]);
    }
    l
}

/// Runs verify-proof on a bundle text; returns the exit code and stderr.
fn check(l: &Sandbox, bundle: &str, key: bool) -> (i32, String) {
    let file = l.write("bundle.json", bundle);
    let mut args = vec!["verify-proof", file.as_str()];
    if key {
        args.extend(["--key", "k.pub"]);
    }
    let out = l.cmd(&args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap()
}

/// Flips one character of a base64 or hex string to another valid one.
fn flip(s: &str, at: usize) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    chars[at] = if chars[at] == 'A' || chars[at] == '0' {
        'B'
    } else if chars[at].is_ascii_hexdigit() && chars[at] != 'f' {
        'f'
    } else {
        'A'
    };
    chars.into_iter().collect()
}

#[test]
fn inclusion_bundles_verify_and_every_tampering_fails() {
    let l = with_facts(&["DE", "FR", "IT", "ES", "PT"]);
    l.run(&["key", "generate", "--name", "auditor.example", "--out", "k"]);
    let cp = l.run(&["checkpoint", "--sign", "k"]);
    l.write("cp", &cp);
    let bundle = l.run(&["prove", "3", "--checkpoint", "cp"]);
    assert_eq!(check(&l, &bundle, true).0, 0);
    assert_eq!(check(&l, &bundle, false).0, 0);

    let original = json(&bundle);
    let mut cases: Vec<(&str, serde_json::Value)> = Vec::new();
    let mut v = original.clone();
    v["bytes"] = flip(v["bytes"].as_str().unwrap(), 100).into();
    cases.push(("entry bytes", v));
    let mut v = original.clone();
    v["path"][1] = flip(v["path"][1].as_str().unwrap(), 5).into();
    cases.push(("audit path", v));
    let mut v = original.clone();
    v["path"].as_array_mut().unwrap().pop();
    cases.push(("shortened path", v));
    let mut v = original.clone();
    v["entry"] = 4.into();
    cases.push(("entry number", v));
    for (line, what) in [
        (2usize, "root line"),
        (1, "size line"),
        (3, "head line"),
        (4, "time line"),
        (6, "signature"),
    ] {
        let mut v = original.clone();
        let text = v["checkpoint"].as_str().unwrap().to_string();
        let mut lines: Vec<String> = text.split('\n').map(String::from).collect();
        let at = lines[line].len().saturating_sub(3);
        lines[line] = flip(&lines[line], at);
        v["checkpoint"] = lines.join("\n").into();
        cases.push((what, v));
    }
    for (what, v) in cases {
        let (code, stderr) = check(&l, &v.to_string(), true);
        assert_eq!(code, 3, "{what} changed but the bundle still verifies");
        assert!(stderr.contains("invalid proof"), "{what}: {stderr}");
    }
}

#[test]
fn consistency_proves_extension_and_refuses_a_rewritten_history() {
    let l = with_facts(&["DE", "FR"]);
    let old = l.run(&["checkpoint"]);
    l.write("old", &old);
    l.run(&[
        "record",
        "accession",
        "--treaty",
        "ottawa",
        "--state",
        "IT",
        "--date",
        "2010-01-04",
        "--cite-title",
        "UN",
        "--cite-url",
        "https://example.org/un",
    ]);
    let bundle = l.run(&["prove", "--consistency", "old"]);
    assert_eq!(check(&l, &bundle, false).0, 0);
    let mut v = json(&bundle);
    v["proof"][0] = flip(v["proof"][0].as_str().unwrap(), 7).into();
    assert_eq!(check(&l, &v.to_string(), false).0, 3);

    // A copy whose second entry differs: same origin, different history.
    let other = with_facts(&["PL", "FR", "IT"]);
    let theirs = other.run(&["checkpoint"]);
    assert!(
        theirs.starts_with(old.lines().next().unwrap()),
        "both ledgers begin with the same registration"
    );
    l.write("theirs", &theirs);
    let out = l
        .cmd(&["prove", "--consistency", "theirs"])
        .output()
        .unwrap();
    // A ledger that does not extend a checkpoint is unverifiable against it: exit 3.
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("do not match the checkpoint"));
}

#[test]
fn verify_proof_needs_no_ledger() {
    let l = with_facts(&["DE"]);
    let bundle = l.run(&["prove", "2"]);
    let file = l.write("b.json", &bundle);
    let out = Command::cargo_bin("pacta")
        .unwrap()
        .env_clear()
        .current_dir(l.dir.path())
        .args(["--ledger", "/nonexistent", "verify-proof", &file])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("valid: entry 2"));
}
