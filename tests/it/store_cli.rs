//! The store as users meet it: read commands write nothing, take no lock and work on a
//! read-only copy; an append is in the ledger whole or not at all.

use crate::common::*;
use std::collections::BTreeMap;
use std::path::Path;

/// Every file under `dir` with its length and content, to compare a directory before and after.
fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for item in std::fs::read_dir(dir).unwrap() {
        let path = item.unwrap().path();
        let name = path.strip_prefix(dir).unwrap().display().to_string();
        if path.is_dir() {
            for (inner, bytes) in contents(&path) {
                out.insert(format!("{name}/{inner}"), bytes);
            }
        } else {
            out.insert(name, std::fs::read(&path).unwrap());
        }
    }
    out
}

/// A ledger with a registration, some acts, a retraction and an archived source, some settled
/// into the entry files and some still in the journal.
fn ledger() -> Sandbox {
    let s = Sandbox::new();
    s.register_ottawa();
    for (state, day) in [("FI", "2012-01-09"), ("DE", "1998-07-23")] {
        s.run(&[
            "record",
            "accession",
            "--treaty",
            "ottawa",
            "--state",
            state,
            "--date",
            day,
            "--cite-title",
            "UN",
            "--cite-url",
            "https://example.org/un",
        ]);
    }
    settle(&s.ledger());
    s.write(
        "notice.txt",
        "Finland deposited its instrument of withdrawal on 10 July 2025.",
    );
    s.run(&["source", "add", "notice.txt"]);
    s.run(&[
        "record",
        "withdrawal",
        "--treaty",
        "ottawa",
        "--state",
        "FI",
        "--date",
        "2025-07-10",
        "--cite-title",
        "UN",
        "--cite-url",
        "https://example.org/un",
    ]);
    s
}

/// Every command that only reads, as users type them.
const READS: &[&[&str]] = &[
    &["status", "ottawa", "--at", "2026-01-15"],
    &["history", "ottawa", "FI"],
    &["why", "ottawa", "FI", "--at", "2026-02-01"],
    &[
        "diff",
        "ottawa",
        "--from",
        "2025-01-01",
        "--to",
        "2026-03-01",
    ],
    &["log"],
    &["log", "--treaty", "ottawa", "--state", "FI"],
    &["show", "3"],
    &["audit", "2"],
    &["verify"],
    &["checkpoint"],
    &["prove", "2"],
    &["treaty", "list"],
    &["source", "list"],
    &["status", "ottawa", "--prove"],
];

#[test]
fn read_commands_write_nothing() {
    let s = ledger();
    let before = contents(&s.ledger());
    for args in READS {
        s.run(args);
    }
    s.run(&["export", "../export.jsonl"]);
    assert_eq!(contents(&s.ledger()), before);
}

#[test]
fn read_commands_work_while_a_writer_holds_the_ledger() {
    let s = ledger();
    let writer = pacta::ledger::Ledger::open(&s.ledger(), LOCK_WAIT).unwrap();
    for args in READS {
        s.run(args);
    }
    drop(writer);
}

/// A read-only bind mount of a ledger, where the system allows one (root on Linux).
struct ReadOnlyMount(std::path::PathBuf);

impl ReadOnlyMount {
    fn of(ledger: &Path, at: &Path) -> Option<ReadOnlyMount> {
        std::fs::create_dir_all(at).ok()?;
        let mount = |args: &[&str]| {
            std::process::Command::new("mount")
                .args(args)
                .status()
                .is_ok_and(|s| s.success())
        };
        let (from, to) = (ledger.to_str()?, at.to_str()?);
        if !mount(&["--bind", from, to]) {
            return None;
        }
        let mounted = ReadOnlyMount(at.to_path_buf());
        mount(&["-o", "remount,bind,ro", to]).then_some(mounted)
    }
}

impl Drop for ReadOnlyMount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn read_commands_work_on_a_read_only_copy() {
    let s = ledger();
    let at = s.path("read-only");
    let Some(_mount) = ReadOnlyMount::of(&s.ledger(), &at) else {
        eprintln!("skipped: this system does not allow a read-only bind mount (run as root)");
        return;
    };
    assert!(
        std::fs::write(at.join("probe"), b"").is_err(),
        "the mount is writable"
    );
    for args in READS {
        let out = s.cmd_at(&at, args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = s
        .cmd_at(
            &at,
            &[
                "record",
                "accession",
                "--treaty",
                "ottawa",
                "--state",
                "FR",
                "--date",
                "1998-07-23",
                "--cite-title",
                "UN",
                "--cite-url",
                "https://example.org/un",
            ],
        )
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "a write to a read-only copy is refused"
    );
}

#[test]
fn a_ledger_of_the_earlier_layout_is_recognised_and_the_way_over_named() {
    let s = Sandbox::bare();
    std::fs::create_dir_all(s.ledger()).unwrap();
    std::fs::write(s.ledger().join("db"), b"sled").unwrap();
    let stderr = s.fails(&["status", "ottawa"], 1);
    assert!(stderr.contains("uses store layout 4"), "{stderr}");
    assert!(stderr.contains("pacta migrate"), "{stderr}");
}

/// Writes a ledger of store layout 4 as pacta wrote it before layout 5: the entries in runs in a
/// sled database (`E` ‖ seq big-endian → each entry after its u32 big-endian length), the head
/// and the layout version, and an archived document with its description.
fn write_layout4(dir: &Path, entries: &[pacta::chain::seal::Sealed], document: &[u8]) {
    let db = sled::open(dir).unwrap();
    let mut run = Vec::new();
    for e in entries {
        run.extend_from_slice(&(e.bytes.len() as u32).to_be_bytes());
        run.extend_from_slice(&e.bytes);
    }
    db.insert([b"E".as_slice(), &1u64.to_be_bytes()].concat(), run)
        .unwrap();
    let last = entries.last().unwrap();
    db.insert(
        b"Mhead",
        [&(entries.len() as u64).to_be_bytes()[..], &last.hash.0].concat(),
    )
    .unwrap();
    db.insert(b"Mlayout", &4u16.to_be_bytes()).unwrap();
    let digest = pacta::vocabulary::source::digest(document);
    let description = r#"{"title":"notice","url":null,"bytes":12,"added_at":"2026-03-01T12:00:00Z","added_by":"tester"}"#;
    db.insert([b"D".as_slice(), &digest.0].concat(), document)
        .unwrap();
    db.insert(
        [b"d".as_slice(), &digest.0].concat(),
        description.as_bytes(),
    )
    .unwrap();
    db.flush().unwrap();
}

#[test]
fn a_ledger_of_the_earlier_layout_is_migrated_whole_and_kept_beside() {
    let facts = [
        ottawa(),
        act(
            "FI",
            pacta::vocabulary::event::ActKind::Accession,
            "2012-01-09",
        ),
    ];
    let mut prev = pacta::vocabulary::digest::Digest::ZERO;
    let entries: Vec<pacta::chain::seal::Sealed> = facts
        .into_iter()
        .enumerate()
        .map(|(i, fact)| {
            let sealed = pacta::chain::entry::Entry {
                version: pacta::chain::entry::FORMAT_VERSION,
                seq: i as u64 + 1,
                prev,
                recorded_at: pacta::vocabulary::calendar::Instant::parse(NOW).unwrap(),
                recorder: "tester".into(),
                fact,
            }
            .seal();
            prev = sealed.hash;
            sealed
        })
        .collect();
    let s = Sandbox::bare();
    write_layout4(&s.ledger(), &entries, b"notice text.");
    let out = s.run(&["migrate"]);
    assert!(out.contains("2 entries"), "{out}");
    let verified = s.run(&["verify"]);
    assert!(verified.contains(&prev.hex()), "{verified}");
    assert_eq!(s.json(&["source", "list"]).as_array().unwrap().len(), 1);
    assert!(s.path("ledger.layout4").join("db").exists());
    // Run again, it has nothing to do.
    let again = s.cmd(&["migrate"]).output().unwrap();
    assert!(again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("nothing to do"));
}

/// A recording time far in the future is refused unless allowed; once one is recorded, a later
/// append with today's clock is refused with the way out, which works.
#[test]
fn a_far_future_recording_time_is_refused_unless_allowed_and_the_way_out_works() {
    let s = Sandbox::new();
    let add = [
        "treaty",
        "add",
        "ottawa",
        "--rules",
        "ottawa",
        "--cite-title",
        "T",
        "--cite-url",
        "https://example.org/t",
    ];
    let far = "9999-12-31T23:59:59Z";
    let out = s.cmd(&add).env("PACTA_NOW", far).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("more than a day after the system clock"),
        "{stderr}"
    );
    assert!(stderr.contains("PACTA_ALLOW_FUTURE=1"), "{stderr}");
    s.cmd(&add)
        .env("PACTA_NOW", far)
        .env("PACTA_ALLOW_FUTURE", "1")
        .assert()
        .success();
    let record = [
        "record",
        "accession",
        "--treaty",
        "ottawa",
        "--state",
        "FI",
        "--date",
        "2012-01-09",
        "--cite-title",
        "V",
        "--cite-url",
        "https://example.org/v",
    ];
    let refused = s.fails(&record, 1);
    assert!(refused.contains("may not go backwards"), "{refused}");
    assert!(refused.contains("PACTA_NOW=9999-12-31"), "{refused}");
    s.cmd(&record)
        .env("PACTA_NOW", far)
        .env("PACTA_ALLOW_FUTURE", "1")
        .assert()
        .success();
    assert_eq!(s.count(), 2);
}

/// Every file of the ledger directory under `dir` (the lock file aside), relative to it.
fn ledger_files(dir: &Path) -> Vec<String> {
    contents(dir)
        .into_keys()
        .filter(|name| name != "lock")
        .collect()
}

/// How one read command met one damaged ledger.
#[derive(Default)]
struct Outcomes {
    detected: u64,
    refused: u64,
    unharmed: Vec<String>,
    silent: Vec<String>,
    panics: Vec<String>,
    hangs: Vec<String>,
}

/// Damages `file` of the ledger at `dir` by `kind`: a flipped byte (in the journal, in its last
/// record), cut to half its length, or deleted.
fn damage(dir: &Path, file: &str, kind: &str) {
    let path = dir.join(file);
    let mut bytes = std::fs::read(&path).unwrap();
    match kind {
        "flip" => {
            let at = if file == "journal" {
                bytes.iter().rposition(|&b| b != 0).unwrap()
            } else {
                bytes.len() / 2
            };
            bytes[at] ^= 0x21;
            std::fs::write(&path, bytes).unwrap();
        }
        "cut" => std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap(),
        _ => std::fs::remove_file(&path).unwrap(),
    }
}

/// The damage campaign: each file of a ledger (journal, entry files, `seqs`, Merkle levels,
/// `chains`, archived documents and their descriptions) flipped, cut and deleted in turn, and
/// `verify`, `status`, `log` and `export` run on each. Each outcome is counted: detected (exit
/// 3), refused (exit 1), unharmed (exit 0 with what the sound ledger gives: the damage is in
/// derived data or in bytes no command reads), silent (exit 0 with something else), panic or
/// hang. No command may be silent (each checks what it reads against what was recorded of it),
/// and nothing may panic or hang.
#[test]
fn every_file_damaged_is_detected_or_harmless_and_nothing_panics() {
    let s = ledger();
    // Enough entries for Merkle level files beside the entry files.
    s.write("steps.csv", &crate::faults::steps_csv(4100));
    s.run(&["import", "steps.csv"]);
    let commands: [&[&str]; 4] = [
        &["verify"],
        &["status", "ottawa", "--at", "2026-01-15"],
        &["log"],
        &["export"],
    ];
    let sound: Vec<String> = commands.iter().map(|c| s.run(c)).collect();
    let files = ledger_files(&s.ledger());
    let mut outcomes: Vec<Outcomes> = commands.iter().map(|_| Outcomes::default()).collect();
    let mut cases = 0;
    for file in &files {
        for kind in ["flip", "cut", "delete"] {
            cases += 1;
            let round = s.path("damaged");
            let _ = std::fs::remove_dir_all(&round);
            copy_tree(&s.ledger(), &round);
            damage(&round, file, kind);
            for ((command, sound), seen) in commands.iter().zip(&sound).zip(&mut outcomes) {
                let case = format!("{kind} {file}: {}", command[0]);
                let out = s
                    .cmd_at(&round, command)
                    .timeout(std::time::Duration::from_secs(60))
                    .output()
                    .unwrap();
                let stderr = String::from_utf8_lossy(&out.stderr);
                match out.status.code() {
                    _ if stderr.contains("panicked") => seen.panics.push(case),
                    None => seen.hangs.push(case),
                    Some(3) => seen.detected += 1,
                    Some(1) => seen.refused += 1,
                    Some(0) if String::from_utf8_lossy(&out.stdout) == *sound => {
                        seen.unharmed.push(case)
                    }
                    Some(0) => seen.silent.push(case),
                    Some(_) => seen.panics.push(format!("{case}: {stderr}")),
                }
            }
        }
    }
    for (command, seen) in commands.iter().zip(&outcomes) {
        println!(
            "| damage: {} | {} files, {cases} cases | {} | {} | {} | {} | {} | {} |",
            command[0],
            files.len(),
            seen.detected,
            seen.refused,
            seen.unharmed.len(),
            seen.silent.len(),
            seen.panics.len(),
            seen.hangs.len()
        );
        for case in &seen.unharmed {
            println!("  unharmed: {case}");
        }
        for case in seen.silent.iter().chain(&seen.panics).chain(&seen.hangs) {
            println!("  silent, panic or hang: {case}");
        }
    }
    for seen in &outcomes {
        assert!(seen.silent.is_empty(), "read as sound: {:?}", seen.silent);
        assert!(seen.panics.is_empty(), "{:?}", seen.panics);
        assert!(seen.hangs.is_empty(), "{:?}", seen.hangs);
    }
}

/// Copies the directory `from` to `to`, recursively.
fn copy_tree(from: &Path, to: &Path) {
    for (name, bytes) in contents(from) {
        let path = to.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

/// Every 7th byte of a ledger's journal (its header, its records and the zeros after them)
/// flipped in turn, and `verify` run: each is detected (exit 3), or the ledger reads as before
/// (the byte was in the zeros after the records, which a torn write may leave). Never a record
/// silently lost, never a panic.
#[test]
fn every_7th_journal_byte_flipped_is_detected_or_harmless() {
    let s = ledger();
    let sound = s.run(&["export"]);
    let journal = std::fs::read(s.ledger().join("journal")).unwrap();
    let end = journal.iter().rposition(|&b| b != 0).unwrap() + 1024;
    let (mut detected, mut harmless, mut bad) = (0, 0, Vec::new());
    for at in (0..end).step_by(7) {
        let round = s.path("flipped");
        let _ = std::fs::remove_dir_all(&round);
        copy_tree(&s.ledger(), &round);
        let mut bytes = journal.clone();
        bytes[at] ^= 0x5a;
        std::fs::write(round.join("journal"), bytes).unwrap();
        let verify = s.cmd_at(&round, &["verify"]).output().unwrap();
        match verify.status.code() {
            Some(3) => detected += 1,
            Some(0)
                if s.cmd_at(&round, &["export"]).output().unwrap().stdout == sound.as_bytes() =>
            {
                harmless += 1
            }
            code => bad.push(format!("byte {at}: exit {code:?}")),
        }
    }
    println!(
        "| journal: every 7th byte flipped, then verify | {} cases | {detected} detected | \
         {harmless} read as before | {} |",
        detected + harmless + bad.len(),
        bad.len()
    );
    assert!(bad.is_empty(), "{bad:?}");
}

/// Changes one letter of entry 2's citation URL in the first entry file: the entry still
/// decodes, and only its hash tells.
fn alter_entry_2(s: &Sandbox) {
    let file = s.ledger().join("entries").join("000000");
    let mut bytes = std::fs::read(&file).unwrap();
    let url = b"example.org/un";
    let at = bytes.windows(url.len()).position(|w| w == url).unwrap() + url.len() - 1;
    bytes[at] = b'N';
    std::fs::write(&file, bytes).unwrap();
}

/// An entry's bytes altered in its entry file so that they still decode (one letter of a
/// citation's URL) are not read as another fact: every command that reads the entry exits 3,
/// naming the entry and the file, whether it reads the entry alone, in order with every other
/// or with its treaty.
#[test]
fn an_entry_altered_so_that_it_still_decodes_is_damage_to_every_read() {
    let s = ledger();
    alter_entry_2(&s);
    let reads: [&[&str]; 7] = [
        &["log"],
        &["log", "--treaty", "ottawa"],
        &["status", "ottawa"],
        &["history", "ottawa", "FI"],
        &["why", "ottawa", "FI"],
        &["show", "2"],
        &["state", "FI"],
    ];
    for read in reads {
        let stderr = s.fails(read, 3);
        assert!(
            stderr.contains("entries/000000 holds entry 2 altered"),
            "{read:?}: {stderr}"
        );
    }
    // Entry 3, sound, still reads; `verify` names entry 2.
    assert!(s.run(&["show", "3"]).contains("DE"));
    assert!(s.fails(&["verify"], 3).contains("entry 2"));
}

/// `salvage` writes the entries before the altered one, as an export `restore` rebuilds a sound
/// ledger from, and exits 3 naming the entry it stopped at; on a sound ledger it writes the
/// export and exits 0.
#[test]
fn salvage_keeps_every_entry_before_the_damage_and_restore_rebuilds_from_it() {
    let s = ledger();
    let whole = s.dir.path().join("whole.jsonl");
    s.run(&["salvage", whole.to_str().unwrap()]);
    let export = s.dir.path().join("export.jsonl");
    s.run(&["export", export.to_str().unwrap()]);
    assert_eq!(
        std::fs::read(&whole).unwrap(),
        std::fs::read(&export).unwrap()
    );
    alter_entry_2(&s);
    let saved = s.dir.path().join("saved.jsonl");
    let stderr = s.fails(&["salvage", saved.to_str().unwrap()], 3);
    assert!(stderr.contains("salvaged 1 entry of"), "{stderr}");
    assert!(stderr.contains("entry 2"), "{stderr}");
    let lines = std::fs::read_to_string(&saved).unwrap();
    assert_eq!(lines.lines().count(), 1, "{lines}");
    let rebuilt = s.dir.path().join("rebuilt.ledger");
    s.cmd_at(&rebuilt, &["restore", saved.to_str().unwrap()])
        .assert()
        .success();
    let verified = s.cmd_at(&rebuilt, &["verify"]).assert().success();
    let out = String::from_utf8_lossy(&verified.get_output().stdout).into_owned();
    assert!(out.contains("1 entr"), "{out}");
}

/// A document that an entry cites, whose description is deleted, would read as never archived:
/// `verify` reports it. A document no entry cites, without its description, is what an archiving
/// cut short leaves, and is no damage.
#[test]
fn a_cited_document_without_its_description_is_damage() {
    let s = ledger();
    let sources = s.ledger().join("sources");
    let uncited = s.run(&["source", "list", "--format", "json"]);
    let uncited: serde_json::Value = serde_json::from_str(&uncited).unwrap();
    let uncited = uncited[0]["digest"].as_str().unwrap().to_string();
    s.write(
        "letter.txt",
        "Germany objects to the reservation made by Finland.",
    );
    let cited = s.run(&["source", "add", "letter.txt"]).trim().to_string();
    s.run(&[
        "record",
        "signature",
        "--treaty",
        "ottawa",
        "--state",
        "SE",
        "--date",
        "1997-12-04",
        "--cite-title",
        "Letter",
        "--cite-url",
        "https://example.org/letter",
        "--cite-source",
        &cited,
        "--quote",
        "Germany objects",
    ]);
    std::fs::remove_file(sources.join(format!("{uncited}.json"))).unwrap();
    s.run(&["verify"]);
    std::fs::remove_file(sources.join(format!("{cited}.json"))).unwrap();
    let stderr = s.fails(&["verify"], 3);
    let stdout = s.cmd(&["verify"]).output().unwrap().stdout;
    let said = format!("{stderr}{}", String::from_utf8_lossy(&stdout));
    assert!(
        said.contains(&cited) && said.contains("its description is missing"),
        "{said}"
    );
    assert!(!said.contains(&uncited), "{said}");
}
