//! End-to-end tests of publishing, mirroring and witnessing with the real binary: the files
//! follow the tlog-tiles layout and are never rewritten, a mirror over HTTP fetches only what
//! is new, and every tampered, truncated, forked or rolled-back publication is refused with
//! exit code 3, leaving the local ledger exactly as it was.

use crate::common::Sandbox;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// A sandbox whose ledger is the Ottawa demo (312 entries: one full tile and a partial one),
/// with a keeper key `k`.
fn demo() -> Sandbox {
    let s = Sandbox::bare();
    s.run(&["demo"]);
    s.run(&["key", "generate", "--name", "keeper.example", "--out", "k"]);
    s
}

/// Records one more fact: an accession to a second treaty by `state`.
fn append(s: &Sandbox, ledger: &Path, state: &str) {
    let run = |args: &[&str]| {
        let out = s.cmd_at(ledger, args).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let registered = s
        .cmd_at(ledger, &["treaty", "show", "second"])
        .output()
        .unwrap();
    if !registered.status.success() {
        run(&[
            "treaty",
            "add",
            "second",
            "--rules",
            "ottawa",
            "--cite-title",
            "Text",
            "--cite-url",
            "https://example.org/second",
        ]);
    }
    run(&[
        "record",
        "accession",
        "--treaty",
        "second",
        "--state",
        state,
        "--date",
        "2010-01-04",
        "--cite-title",
        "UN",
        "--cite-url",
        "https://example.org/un",
    ]);
}

/// Every file under `dir`, relative path to bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for item in std::fs::read_dir(dir).unwrap() {
            let path = item.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .to_string();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn copy_dir(from: &Path, to: &Path) {
    for (rel, bytes) in files(from) {
        let path = to.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

/// Runs a command at `ledger`; returns its exit code and stderr.
fn code(s: &Sandbox, ledger: &Path, args: &[&str]) -> (i32, String) {
    let out = s.cmd_at(ledger, args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

/// A static file server on 127.0.0.1 for `root`, recording every path asked; `endless` names
/// a path answered with a response that never ends.
struct Server {
    url: String,
    asked: Arc<Mutex<Vec<String>>>,
}

fn serve(root: PathBuf, endless: Option<&'static str>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let asked = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&asked);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let (root, log) = (root.clone(), Arc::clone(&log));
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                let path = line
                    .split(' ')
                    .nth(1)
                    .unwrap_or("/")
                    .trim_start_matches('/')
                    .to_string();
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).unwrap_or(0) == 0 || header == "\r\n" {
                        break;
                    }
                }
                log.lock().unwrap().push(path.clone());
                if Some(path.as_str()) == endless {
                    let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n");
                    let chunk = vec![b'a'; 64 << 10];
                    while stream.write_all(&chunk).is_ok() {}
                    return;
                }
                let _ = match std::fs::read(root.join(&path)) {
                    Ok(body) => stream
                        .write_all(
                            format!(
                                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                                body.len()
                            )
                            .as_bytes(),
                        )
                        .and_then(|()| stream.write_all(&body)),
                    Err(_) => stream.write_all(
                        b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                    ),
                };
            });
        }
    });
    Server { url, asked }
}

impl Server {
    fn take(&self) -> Vec<String> {
        let mut asked = std::mem::take(&mut *self.asked.lock().unwrap());
        asked.sort();
        asked
    }
}

#[test]
fn publish_follows_tlog_tiles_and_never_rewrites_a_file() {
    let s = demo();
    s.run(&["publish", "site", "--sign", "k"]);
    let site = s.path("site");
    let first = files(&site);
    let names: Vec<&str> = first.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "checkpoint",
            "sources/list",
            "tile/0/000",
            "tile/0/001.p/56",
            "tile/1/000.p/1",
            "tile/entries/000",
            "tile/entries/001.p/56",
        ]
    );
    assert_eq!(first["tile/0/000"].len(), 256 * 32);
    assert_eq!(first["tile/0/001.p/56"].len(), 56 * 32);
    assert!(String::from_utf8_lossy(&first["checkpoint"]).contains("\n312\n"));

    append(&s, &s.ledger(), "FR");
    let out = s.json(&["publish", "site", "--sign", "k"]);
    let written: Vec<&str> = out["written"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(
        written,
        ["tile/0/001.p/58", "tile/entries/001.p/58", "checkpoint"]
    );
    let second = files(&site);
    for (name, bytes) in &first {
        if name != "checkpoint" {
            assert_eq!(&second[name], bytes, "{name} was rewritten");
        }
    }
    // Publishing again with nothing new writes only the checkpoint.
    let again = s.json(&["publish", "site", "--sign", "k"]);
    assert_eq!(again["written"], serde_json::json!(["checkpoint"]));
    s.run(&["verify-published", "site", "--key", "k.pub"]);
}

#[test]
fn mirror_over_http_fetches_only_new_files_and_keeps_step() {
    let s = demo();
    s.run(&["publish", "site", "--sign", "k"]);
    let server = serve(s.path("site"), None);
    let copy = s.path("copy");
    let (rc, err) = code(&s, &copy, &["mirror", &server.url, "--key", "k.pub"]);
    assert_eq!(rc, 0, "{err}");
    assert_eq!(server.take().len(), 7);
    let (rc, err) = code(&s, &copy, &["verify"]);
    assert_eq!(rc, 0, "{err}");

    append(&s, &s.ledger(), "FR");
    append(&s, &s.ledger(), "DE");
    s.run(&["publish", "site", "--sign", "k"]);
    let (rc, err) = code(&s, &copy, &["mirror", &server.url, "--key", "k.pub"]);
    assert_eq!(rc, 0, "{err}");
    assert_eq!(
        server.take(),
        [
            "checkpoint",
            "sources/list",
            "tile/0/001.p/59",
            "tile/entries/001.p/59"
        ]
    );
    // With nothing new, only the two files that change are asked for.
    let (rc, err) = code(&s, &copy, &["mirror", &server.url, "--key", "k.pub"]);
    assert_eq!(rc, 0, "{err}");
    assert_eq!(server.take(), ["checkpoint", "sources/list"]);
    let theirs = s.run(&["log", "--format", "json"]);
    let ours = s
        .cmd_at(&copy, &["log", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(ours.stdout).unwrap(), theirs);
}

/// A change made to a published file's bytes.
type Damage = fn(&mut Vec<u8>);

/// A mirror of the demo's publication at `site`, and the ledger's files as they were then.
fn mirrored(s: &Sandbox) -> (PathBuf, BTreeMap<String, Vec<u8>>) {
    let copy = s.path("copy");
    let (rc, err) = code(s, &copy, &["mirror", "site", "--key", "k.pub"]);
    assert_eq!(rc, 0, "{err}");
    (copy.clone(), files(&copy))
}

#[test]
fn damaged_publications_are_refused_and_the_mirror_is_left_as_it_was() {
    let s = demo();
    s.run(&["publish", "site", "--sign", "k"]);
    let (copy, before) = mirrored(&s);
    append(&s, &s.ledger(), "FR");
    s.run(&["publish", "site", "--sign", "k"]);
    let damages: [(&str, Damage); 4] = [
        ("tile/0/001.p/58", |b| b[40] ^= 1),
        ("tile/entries/001.p/58", |b| {
            let n = b.len();
            b[n - 3] ^= 1
        }),
        ("tile/entries/001.p/58", |b| b.truncate(b.len() - 10)),
        ("checkpoint", |b| b.truncate(b.len() - 20)),
    ];
    for (i, (file, damage)) in damages.iter().enumerate() {
        let bad = s.path(&format!("bad{i}"));
        copy_dir(&s.path("site"), &bad);
        let path = bad.join(file);
        let mut bytes = std::fs::read(&path).unwrap();
        damage(&mut bytes);
        std::fs::write(&path, bytes).unwrap();
        let bad = bad.to_str().unwrap();
        let (rc, err) = code(&s, &copy, &["verify-published", bad, "--key", "k.pub"]);
        assert_eq!(rc, 3, "{file}: {err}");
        assert!(err.contains(file), "{file}: {err}");
        let (rc, err) = code(&s, &copy, &["mirror", bad, "--key", "k.pub"]);
        assert_eq!(rc, 3, "{file}: {err}");
        assert!(err.contains(file), "{file}: {err}");
        assert_eq!(files(&copy), before, "{file}: the mirror changed");
    }
    // A full check reads every file, those a mirror already had too.
    let bad = s.path("bad-old");
    copy_dir(&s.path("site"), &bad);
    std::fs::write(bad.join("tile/1/000.p/1"), [0u8; 16]).unwrap();
    let (rc, err) = code(
        &s,
        &copy,
        &["verify-published", "bad-old", "--key", "k.pub"],
    );
    assert_eq!(rc, 3, "{err}");
    assert!(err.contains("tile/1/000.p/1: cut short"), "{err}");
    // An unsigned or wrongly signed checkpoint is refused too.
    s.run(&[
        "key",
        "generate",
        "--name",
        "keeper.example",
        "--out",
        "other",
    ]);
    let (rc, err) = code(&s, &copy, &["mirror", "site", "--key", "other.pub"]);
    assert_eq!(rc, 3, "{err}");
    assert_eq!(files(&copy), before);
}

#[test]
fn forks_and_rollbacks_are_refused_with_evidence() {
    let s = demo();
    let fork = s.path("fork-ledger");
    copy_dir(&s.ledger(), &fork);
    append(&s, &s.ledger(), "FR");
    s.run(&["publish", "site", "--sign", "k"]);
    let old_site = s.path("old-site");
    copy_dir(&s.path("site"), &old_site);
    append(&s, &s.ledger(), "DE");
    s.run(&["publish", "site", "--sign", "k"]);
    let (copy, before) = mirrored(&s);

    // The keeper rolls back to an older checkpoint.
    let (rc, err) = code(&s, &copy, &["mirror", "old-site", "--key", "k.pub"]);
    assert_eq!(rc, 3, "{err}");
    assert!(err.contains("rolled back"), "{err}");
    assert_eq!(files(&copy), before);

    // The keeper signs another history of the same size...
    append(&s, &fork, "IT");
    append(&s, &fork, "ES");
    let (rc, err) = code(&s, &fork, &["publish", "forked", "--sign", "k"]);
    assert_eq!(rc, 0, "{err}");
    let (rc, err) = code(&s, &copy, &["mirror", "forked", "--key", "k.pub"]);
    assert_eq!(rc, 3, "{err}");
    assert!(err.contains("fork"), "{err}");
    let evidence = std::fs::read_to_string(s.path("copy.mirror/fork-evidence.txt")).unwrap();
    let seen = std::fs::read_to_string(s.path("site/checkpoint")).unwrap();
    let served = std::fs::read_to_string(s.path("forked/checkpoint")).unwrap();
    assert!(
        evidence.contains(&seen) && evidence.contains(&served),
        "{evidence}"
    );
    assert_eq!(files(&copy), before);

    // ...and a longer one that rewrites an entry the mirror holds.
    append(&s, &fork, "PT");
    let (rc, err) = code(&s, &fork, &["publish", "longer", "--sign", "k"]);
    assert_eq!(rc, 0, "{err}");
    let (rc, err) = code(&s, &copy, &["mirror", "longer", "--key", "k.pub"]);
    assert_eq!(rc, 3, "{err}");
    assert!(err.contains("fork"), "{err}");
    assert_eq!(files(&copy), before);
}

#[test]
fn witnesses_cosign_only_consistent_checkpoints_and_policies_count_them() {
    let s = demo();
    for name in ["w1", "w2", "w3"] {
        s.run(&[
            "key",
            "generate",
            "--name",
            &format!("{name}.example"),
            "--out",
            name,
        ]);
    }
    let cosign = |cp: &str, w: &str, proof: Option<&str>| {
        let mut args = vec![
            "witness",
            "cosign",
            cp,
            "--key",
            w,
            "--log-key",
            "k.pub",
            "--state",
        ];
        let state = format!("{w}.state");
        args.push(&state);
        if let Some(p) = proof {
            args.extend(["--proof", p]);
        }
        let out = s.cmd(&args).output().unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let fork = s.path("fork-ledger");
    copy_dir(&s.ledger(), &fork);
    s.write("cp1.txt", &s.run(&["checkpoint", "--sign", "k"]));
    let (rc, _, err) = cosign("cp1.txt", "w1", None);
    assert_eq!(rc, 0, "{err}");

    append(&s, &s.ledger(), "FR");
    s.write("cp2.txt", &s.run(&["checkpoint", "--sign", "k"]));
    let (rc, _, err) = cosign("cp2.txt", "w1", None);
    assert_eq!(rc, 3, "a larger checkpoint needs a proof: {err}");
    assert!(err.contains("no consistency proof"), "{err}");
    s.write(
        "c.json",
        &s.run(&["prove", "--consistency", "cp1.txt", "cp2.txt"]),
    );
    let (rc, w1_cp2, err) = cosign("cp2.txt", "w1", Some("c.json"));
    assert_eq!(rc, 0, "{err}");
    s.write("cp2.w1.txt", &w1_cp2);

    // A checkpoint of another history of the same size, and the older one, are refused.
    append(&s, &fork, "IT");
    let forked = s
        .cmd_at(&fork, &["checkpoint", "--sign", "k"])
        .output()
        .unwrap();
    s.write("forked.txt", &String::from_utf8(forked.stdout).unwrap());
    let (rc, _, err) = cosign("forked.txt", "w1", None);
    assert_eq!(rc, 3, "{err}");
    assert!(err.contains("fork"), "{err}");
    let (rc, _, err) = cosign("cp1.txt", "w1", None);
    assert_eq!(rc, 3, "{err}");
    assert!(err.contains("rolled back"), "{err}");

    let (rc, w2_cp2, err) = cosign("cp2.txt", "w2", None);
    assert_eq!(rc, 0, "{err}");
    s.write("cp2.w2.txt", &w2_cp2);
    s.run(&[
        "publish",
        "site",
        "--checkpoint",
        "cp2.w1.txt",
        "--checkpoint",
        "cp2.w2.txt",
    ]);
    let policy = |extra: &[&str]| {
        let mut args = vec!["mirror", "site", "--key", "k.pub"];
        args.extend(extra);
        code(&s, &s.path("copy"), &args)
    };
    let (rc, err) = policy(&["--witness", "w1.pub", "--witness", "w3.pub"]);
    assert_eq!(rc, 3, "w3 never cosigned: {err}");
    assert!(err.contains("cosigned by 1 of the witnesses"), "{err}");
    assert!(!s.path("copy").exists());
    let (rc, err) = policy(&[
        "--witness",
        "w1.pub",
        "--witness",
        "w2.pub",
        "--witness",
        "w3.pub",
        "--witnesses",
        "2",
    ]);
    assert_eq!(rc, 0, "{err}");

    // verify-proof takes the same policy.
    s.write(
        "p.json",
        &s.run(&["prove", "1", "--checkpoint", "cp2.w1.txt"]),
    );
    let verify = |w: &str| {
        code(
            &s,
            &s.ledger(),
            &["verify-proof", "p.json", "--key", "k.pub", "--witness", w],
        )
        .0
    };
    assert_eq!(verify("w1.pub"), 0);
    assert_eq!(verify("w2.pub"), 3);
}

#[test]
fn a_hostile_endless_response_is_cut_off() {
    let s = demo();
    s.run(&["publish", "site", "--sign", "k"]);
    for path in ["checkpoint", "tile/entries/000"] {
        let server = serve(s.path("site"), Some(path));
        let started = std::time::Instant::now();
        let (rc, err) = code(
            &s,
            &s.path("copy"),
            &["mirror", &server.url, "--key", "k.pub"],
        );
        assert_eq!(rc, 3, "{path}: {err}");
        assert!(err.contains(path) && err.contains("larger than"), "{err}");
        assert!(started.elapsed() < std::time::Duration::from_secs(30));
        assert!(!s.path("copy").exists());
    }
}

#[test]
fn a_server_that_never_answers_is_given_up_on_in_time() {
    let s = demo();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        // Accepts and holds every connection, answering nothing.
        let held: Vec<_> = listener.incoming().collect();
        drop(held);
    });
    let started = std::time::Instant::now();
    let (rc, err) = code(
        &s,
        &s.path("copy"),
        &["mirror", &url, "--key", "k.pub", "--timeout", "2"],
    );
    assert_eq!(rc, 1, "{err}");
    assert!(err.contains("checkpoint"), "{err}");
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    assert!(!s.path("copy").exists());
}

#[test]
fn every_published_source_is_checked_and_mirrored_cited_or_not() {
    let s = demo();
    s.write("notice.txt", "A depositary notice no entry cites.\n");
    let digest = s
        .run(&["source", "add", "notice.txt", "--title", "Notice"])
        .split_whitespace()
        .find(|w| w.len() == 64)
        .expect("source add prints the digest")
        .to_string();
    s.run(&["publish", "site", "--sign", "k"]);
    assert_eq!(
        std::fs::read_to_string(s.path("site/sources/list")).unwrap(),
        format!("{digest}\n")
    );
    let out = s.json(&["verify-published", "site", "--key", "k.pub"]);
    assert_eq!(out["sources"], 1);

    // A published document altered is refused, cited or not, and nothing is mirrored.
    let bad = s.path("bad");
    copy_dir(&s.path("site"), &bad);
    let file = format!("sources/{digest}");
    std::fs::write(bad.join(&file), "Another text.\n").unwrap();
    let copy = s.path("copy");
    for args in [
        ["verify-published", "bad", "--key", "k.pub"],
        ["mirror", "bad", "--key", "k.pub"],
    ] {
        let (rc, err) = code(&s, &copy, &args);
        assert_eq!(rc, 3, "{err}");
        assert!(err.contains(&file) && err.contains("altered"), "{err}");
    }
    assert!(!copy.exists());

    let (rc, err) = code(&s, &copy, &["mirror", "site", "--key", "k.pub"]);
    assert_eq!(rc, 0, "{err}");
    let shown = s
        .cmd_at(&copy, &["source", "show", &digest, "--text"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(shown.stdout).unwrap(),
        "A depositary notice no entry cites.\n"
    );

    // A source added later reaches a mirror that is up to date with the entries.
    s.write("second.txt", "A second notice.\n");
    s.run(&["source", "add", "second.txt"]);
    s.run(&["publish", "site", "--sign", "k"]);
    let out = s
        .cmd_at(
            &copy,
            &["--format", "json", "mirror", "site", "--key", "k.pub"],
        )
        .output()
        .unwrap();
    let out: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out["sources"], 1, "{out}");
    let listed = s
        .cmd_at(&copy, &["--format", "json", "source", "list"])
        .output()
        .unwrap();
    let listed: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(listed.as_array().map(Vec::len), Some(2), "{listed}");
}

/// The log of the ledger at `ledger`, as JSON text.
fn log_of(s: &Sandbox, ledger: &Path) -> String {
    let out = s
        .cmd_at(ledger, &["log", "--format", "json"])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn an_update_struck_by_a_fault_leaves_the_mirror_as_it_was_or_whole() {
    let s = demo();
    s.run(&["publish", "site", "--sign", "k"]);
    let (copy, _) = mirrored(&s);
    let before = log_of(&s, &copy);
    append(&s, &s.ledger(), "FR");
    append(&s, &s.ledger(), "DE");
    s.run(&["publish", "site", "--sign", "k"]);
    let after = log_of(&s, &s.ledger());
    let state = s.path("copy.mirror");
    let round = s.path("round");
    let round_state = s.path("round.mirror");
    for kind in ["enospc", "eio", "powerloss"] {
        let mut struck = 0;
        for n in 1.. {
            copy_dir(&copy, &round);
            copy_dir(&state, &round_state);
            let out = s
                .cmd_at(&round, &["mirror", "site", "--key", "k.pub"])
                .env("PACTA_INJECT_FAULT", format!("{kind}@{n}"))
                .output()
                .unwrap();
            let err = String::from_utf8_lossy(&out.stderr).to_string();
            assert!(!err.contains("panicked"), "{kind}@{n}: {err}");
            let (rc, verify) = code(&s, &round, &["verify"]);
            assert_eq!(rc, 0, "{kind}@{n}: {verify}");
            let now = log_of(&s, &round);
            if out.status.success() {
                assert_eq!(now, after, "{kind}@{n}: acknowledged but not held");
            } else {
                assert!(
                    now == before || (kind == "powerloss" && now == after),
                    "{kind}@{n}: failed but changed the mirror: {err}"
                );
                // The mirror is not wedged: run again without a fault, it catches up.
                let (rc, again) = code(&s, &round, &["mirror", "site", "--key", "k.pub"]);
                assert_eq!(rc, 0, "{kind}@{n}: again: {again}");
                assert_eq!(log_of(&s, &round), after);
            }
            std::fs::remove_dir_all(&round).unwrap();
            std::fs::remove_dir_all(&round_state).unwrap();
            if !err.contains("injected fault struck") {
                break;
            }
            struck += 1;
            assert!(n < 200, "{kind}: more than 200 operations");
        }
        assert!(
            struck > 0,
            "{kind}: the update made no write a fault could strike"
        );
    }
}

#[test]
fn leftovers_of_an_interrupted_mirror_are_recovered_or_cleared() {
    let s = demo();
    s.run(&["publish", "site", "--sign", "k"]);
    let (copy, _) = mirrored(&s);
    let held = log_of(&s, &copy);
    // Killed between setting the old ledger aside and putting the new one in place (as
    // earlier versions swapped): the ledger is missing, its copy is aside, a build is beside.
    let aside = s.path("copy.mirror-old");
    std::fs::rename(&copy, &aside).unwrap();
    copy_dir(&aside, &s.path("copy.mirror-new"));
    // Killed while building (a kill -9 leaves the staging directory).
    std::fs::create_dir_all(s.path("copy.mirror-staging/half")).unwrap();
    append(&s, &s.ledger(), "FR");
    s.run(&["publish", "site", "--sign", "k"]);
    let (rc, err) = code(&s, &copy, &["mirror", "site", "--key", "k.pub"]);
    assert_eq!(rc, 0, "{err}");
    assert_eq!(log_of(&s, &copy), log_of(&s, &s.ledger()));
    assert_ne!(log_of(&s, &copy), held);
    for leftover in ["copy.mirror-old", "copy.mirror-new", "copy.mirror-staging"] {
        assert!(!s.path(leftover).exists(), "{leftover} is left");
    }
    // Killed after the new ledger was in place: the copy set aside is stale and goes.
    copy_dir(&copy, &aside);
    let (rc, err) = code(&s, &copy, &["mirror", "site", "--key", "k.pub"]);
    assert_eq!(rc, 0, "{err}");
    assert!(!aside.exists());
    assert_eq!(log_of(&s, &copy), log_of(&s, &s.ledger()));
}

#[test]
fn two_witness_runs_at_once_never_cosign_two_histories() {
    let s = demo();
    s.run(&["key", "generate", "--name", "w1.example", "--out", "w1"]);
    let fork = s.path("fork-ledger");
    copy_dir(&s.ledger(), &fork);
    append(&s, &s.ledger(), "FR");
    append(&s, &fork, "IT");
    s.write("a.txt", &s.run(&["checkpoint", "--sign", "k"]));
    let forked = s
        .cmd_at(&fork, &["checkpoint", "--sign", "k"])
        .output()
        .unwrap();
    s.write("b.txt", &String::from_utf8(forked.stdout).unwrap());
    // Both are of size 313 with different roots: a witness may cosign one of them, never both.
    for round in 0..4 {
        let state = format!("state{round}");
        let runs: Vec<_> = (0..6)
            .map(|i| {
                let cp = if i % 2 == 0 { "a.txt" } else { "b.txt" };
                let mut c = s.cmd(&[
                    "witness",
                    "cosign",
                    cp,
                    "--key",
                    "w1",
                    "--log-key",
                    "k.pub",
                    "--state",
                    &state,
                ]);
                std::thread::spawn(move || (cp, c.output().unwrap()))
            })
            .collect();
        let mut cosigned = std::collections::BTreeSet::new();
        for run in runs {
            let (cp, out) = run.join().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            match out.status.code() {
                Some(0) => {
                    cosigned.insert(cp);
                }
                Some(3) => assert!(err.contains("fork"), "{err}"),
                other => panic!("{other:?}: {err}"),
            }
        }
        assert_eq!(cosigned.len(), 1, "round {round}: cosigned {cosigned:?}");
    }
}

#[test]
fn published_entries_that_break_a_treaty_s_rules_are_refused_naming_the_entry() {
    use pacta::chain::entry::Entry;
    use pacta::chain::merkle;
    use pacta::chain::seal::Sealed;
    use pacta::proof::checkpoint::Checkpoint;
    use pacta::proof::keys::KeyPair;
    use pacta::publish::bundle;
    use pacta::publish::tiles::Levels;
    use pacta::vocabulary::digest::Digest;
    use pacta::vocabulary::event::ActKind;

    let s = demo();
    s.run(&["publish", "site", "--sign", "k"]);
    let (copy, before) = mirrored(&s);
    // The keeper signs a publication whose entry 313, chained and hashed as any other, is a
    // withdrawal by a state that never joined the treaty: no ledger admits it.
    let site = s.path("site");
    let old_bundle = std::fs::read(site.join("tile/entries/001.p/56")).unwrap();
    let mut entries: Vec<Vec<u8>> = bundle::decode(&old_bundle)
        .unwrap()
        .into_iter()
        .map(<[u8]>::to_vec)
        .collect();
    let last = Sealed::from_bytes(entries.last().unwrap().clone()).unwrap();
    let extra = Entry {
        seq: 313,
        prev: last.hash,
        fact: crate::common::act("US", ActKind::Withdrawal, "2020-01-01"),
        ..last.entry.clone()
    }
    .seal();
    entries.push(extra.bytes.clone());
    let bad = s.path("bad");
    copy_dir(&site, &bad);
    std::fs::write(
        bad.join("tile/entries/001.p/57"),
        bundle::encode(entries.iter().map(Vec::as_slice)).unwrap(),
    )
    .unwrap();
    let mut leaves: Vec<Digest> = Vec::new();
    for tile in ["tile/0/000", "tile/0/001.p/56"] {
        let bytes = std::fs::read(site.join(tile)).unwrap();
        leaves.extend(bytes.chunks(32).map(|c| Digest(c.try_into().unwrap())));
    }
    leaves.push(merkle::leaf_hash(&extra.hash));
    let levels = Levels::new(leaves);
    let tile = pacta::publish::layout::tiles(313)[1];
    std::fs::write(
        bad.join(tile.hash_path()),
        levels.tile_bytes(&tile).unwrap(),
    )
    .unwrap();
    let text = std::fs::read_to_string(site.join("checkpoint")).unwrap();
    let mut c = Checkpoint::parse(&text).unwrap();
    c.size = 313;
    c.root = levels.root(313);
    c.head = extra.hash;
    c.treaties = None;
    c.signatures.clear();
    c.sign(&KeyPair::parse(&std::fs::read_to_string(s.path("k")).unwrap()).unwrap());
    std::fs::write(bad.join("checkpoint"), c.to_text()).unwrap();

    for args in [
        ["verify-published", "bad", "--key", "k.pub"],
        ["mirror", "bad", "--key", "k.pub"],
    ] {
        let (rc, err) = code(&s, &copy, &args);
        assert_eq!(rc, 3, "{err}");
        assert!(
            err.contains("tile/entries/001.p/57") && err.contains("entry 313"),
            "{err}"
        );
    }
    assert_eq!(files(&copy), before);
}
