//! Shared fixtures for the integration tests: sample facts and a ledger in a temporary directory.

use pacta::ledger::{Ledger, Recording};
use pacta::vocabulary::calendar::{Instant, LegalDate};
use pacta::vocabulary::citation::{Citation, SourceKind};
use pacta::vocabulary::country::StateCode;
use pacta::vocabulary::event::{Act, ActKind, Event, Fact};
use pacta::vocabulary::rules::Preset;
use pacta::vocabulary::treaty::{Treaty, TreatyId};

pub fn date(s: &str) -> LegalDate {
    LegalDate::parse(s).unwrap()
}

pub fn recording(at: &str) -> Recording {
    Recording {
        recorder: "tester".into(),
        now: Instant::parse(at).unwrap(),
    }
}

pub fn citation() -> Citation {
    Citation {
        kind: SourceKind::DepositaryNotification,
        url: Some("https://treaties.un.org/doc/Publication/CN/2025/CN.385.2025-Eng.pdf".into()),
        reference: Some("C.N.385.2025.TREATIES-XXVI.5".into()),
        publisher: Some("United Nations".into()),
        published: Some(date("2025-07-21")),
        retrieved: Some(date("2025-08-01")),
        locator: Some("p. 1".into()),
        quote: Some("as of July 17, 2025".into()),
        ..Citation::titled("Depositary notification")
    }
}

pub fn ottawa() -> Fact {
    let p = Preset::find("ottawa").unwrap();
    let treaty = Treaty {
        id: TreatyId::parse("ottawa").unwrap(),
        title: p.title.into(),
        adopted: Some(p.adopted()),
        depositary: Some(p.depositary.into()),
        rules: p.rules(),
    };
    Fact {
        event: Event::TreatyRegistration(treaty),
        citations: vec![citation()],
        note: None,
    }
}

pub fn act(state: &str, kind: ActKind, day: &str) -> Fact {
    Fact {
        event: Event::Act(Act {
            treaty: TreatyId::parse("ottawa").unwrap(),
            state: Some(StateCode::parse(state).unwrap()),
            kind,
            date: date(day),
            effective: None,
        }),
        citations: vec![citation()],
        note: None,
    }
}

/// A fresh ledger holding the Ottawa registration.
pub fn ledger_with_ottawa() -> (tempfile::TempDir, Ledger) {
    ledger_with(ottawa())
}

/// A fresh ledger holding an Ottawa-shaped treaty (same id and clauses) that enters into force
/// after only `instruments` instruments, so that small histories reach every status.
pub fn ledger_with_small_ottawa(instruments: u32) -> (tempfile::TempDir, Ledger) {
    let mut fact = ottawa();
    if let Event::TreatyRegistration(t) = &mut fact.event {
        t.rules.eif_instruments = instruments;
    }
    ledger_with(fact)
}

fn ledger_with(registration: Fact) -> (tempfile::TempDir, Ledger) {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::init(&dir.path().join("ledger")).unwrap();
    ledger
        .record(&[registration], &recording("2026-01-01T00:00:00Z"))
        .unwrap();
    (dir, ledger)
}

/// The fixed clock of every end-to-end test.
/// How long a test waits for a ledger's lock: a process another test is starting holds a copy
/// of every open file from its fork until its exec (see `open_sled`).
pub const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

pub const NOW: &str = "2026-03-01T12:00:00Z";

/// A temporary directory with a ledger path in it, and the real `pacta` binary run against it
/// with a clean environment, a fixed clock and recorder, and no colour.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    /// A sandbox with an empty ledger.
    pub fn new() -> Sandbox {
        let s = Sandbox::bare();
        s.run(&["init"]);
        s
    }

    /// A sandbox with no ledger yet.
    pub fn bare() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self, name: &str) -> std::path::PathBuf {
        self.dir.path().join(name)
    }

    pub fn ledger(&self) -> std::path::PathBuf {
        self.path("ledger")
    }

    /// `pacta --ledger <sandbox ledger> ARGS`, run in the sandbox directory.
    pub fn cmd(&self, args: &[&str]) -> assert_cmd::Command {
        self.cmd_at(&self.ledger(), args)
    }

    /// `pacta --ledger LEDGER ARGS`, run in the sandbox directory.
    pub fn cmd_at(&self, ledger: &std::path::Path, args: &[&str]) -> assert_cmd::Command {
        let mut c = assert_cmd::Command::cargo_bin("pacta").unwrap();
        c.env_clear()
            .env("PACTA_NOW", NOW)
            .env("PACTA_RECORDER", "tester")
            .env("NO_COLOR", "1")
            .current_dir(self.dir.path())
            .arg("--ledger")
            .arg(ledger)
            .args(args);
        c
    }

    /// Runs a command that must succeed; returns its standard output.
    pub fn run(&self, args: &[&str]) -> String {
        let out = self.cmd(args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs a command with `--format json` and parses its output.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut args = args.to_vec();
        args.extend(["--format", "json"]);
        serde_json::from_str(&self.run(&args)).unwrap()
    }

    /// Runs a command that must fail with `code`; returns its standard error.
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.cmd(args).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(code),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stderr).to_string()
    }

    /// Registers the Ottawa Convention with its preset rules.
    pub fn register_ottawa(&self) {
        self.run(&[
            "treaty",
            "add",
            "ottawa",
            "--rules",
            "ottawa",
            "--cite-title",
            "Text",
            "--cite-url",
            "https://example.org/t",
        ]);
    }

    /// The number of entries in the ledger.
    pub fn count(&self) -> usize {
        self.json(&["log"]).as_array().unwrap().len()
    }

    /// Writes a file into the sandbox; returns its name.
    pub fn write(&self, name: &str, text: &str) -> String {
        std::fs::write(self.path(name), text).unwrap();
        name.to_string()
    }
}

/// Flips one bit of entry `seq` as stored (its length frame or its bytes: `byte` counts from the
/// start of the frame) through sled itself, bypassing pacta. The entry is found in its run as
/// `docs/FORMAT.md` section 10 describes.
pub fn damage_entry(ledger: &std::path::Path, seq: u64, byte: usize, bit: u8) {
    let db = open_sled(ledger);
    let mut key = vec![b'E'];
    key.extend_from_slice(&seq.to_be_bytes());
    let (run_key, value) = db.range(..=key).next_back().unwrap().unwrap();
    assert_eq!(run_key[0], b'E');
    let first = u64::from_be_bytes(run_key[1..].try_into().unwrap());
    let frame_len = |value: &[u8], at: usize| {
        4 + u32::from_be_bytes(value[at..at + 4].try_into().unwrap()) as usize
    };
    let mut value = value.to_vec();
    let mut at = 0;
    for _ in first..seq {
        at += frame_len(&value, at);
    }
    let target = at + byte % frame_len(&value, at);
    value[target] ^= 1 << bit;
    db.insert(run_key, value).unwrap();
    db.flush().unwrap();
}

/// Opens a ledger's sled database directly, waiting while its lock is taken, as pacta does.
///
/// All the integration tests run in one process, so a process that another test is starting
/// holds a copy of every open file, this lock included, from its fork until its exec: just
/// after a test closes its ledger, the lock can still look taken for a moment.
fn open_sled(ledger: &std::path::Path) -> sled::Db {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        match sled::open(ledger) {
            Ok(db) => return db,
            Err(sled::Error::Io(e))
                if e.to_string().contains("could not acquire lock")
                    && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            Err(e) => panic!("cannot open {}: {e}", ledger.display()),
        }
    }
}
