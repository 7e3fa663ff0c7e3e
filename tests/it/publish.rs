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
    assert_eq!(server.take().len(), 6);
    let (rc, err) = code(&s, &copy, &["verify"]);
    assert_eq!(rc, 0, "{err}");

    append(&s, &s.ledger(), "FR");
    append(&s, &s.ledger(), "DE");
    s.run(&["publish", "site", "--sign", "k"]);
    let (rc, err) = code(&s, &copy, &["mirror", &server.url, "--key", "k.pub"]);
    assert_eq!(rc, 0, "{err}");
    assert_eq!(
        server.take(),
        ["checkpoint", "tile/0/001.p/59", "tile/entries/001.p/59"]
    );
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
