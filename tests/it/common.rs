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

/// Export lines for `facts` sealed as entries `first`, `first + 1`, ... after the entry hashed
/// `prev`, recorded at [`NOW`], with correct hashes and links: what a forger who bypasses
/// admission writes.
pub fn forged_lines(
    mut prev: pacta::vocabulary::digest::Digest,
    first: u64,
    facts: Vec<Fact>,
) -> String {
    let mut text = String::new();
    for (seq, fact) in (first..).zip(facts) {
        let sealed = pacta::chain::entry::Entry {
            version: 1,
            seq,
            prev,
            recorded_at: Instant::parse(NOW).unwrap(),
            recorder: "forger".into(),
            fact,
        }
        .seal();
        prev = sealed.hash;
        text.push_str(&pacta::archive::export::ExportLine::of(&sealed).to_json());
        text.push('\n');
    }
    text
}

/// How long a test waits for a ledger's lock: a process another test is starting holds a copy
/// of every open file from its fork until its exec.
pub const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// The fixed clock of every end-to-end test.
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

/// Where entry `seq` of a settled ledger is stored, read from its `seqs` record as
/// `docs/FORMAT.md` section 10 describes: its treaty file, and its frame's offset and length.
pub fn frame_of(ledger: &std::path::Path, seq: u64) -> (std::path::PathBuf, u64, u64) {
    let seqs = std::fs::read(ledger.join("seqs")).unwrap();
    let record = &seqs[(seq as usize - 1) * 48..seq as usize * 48];
    let treaty = u32::from_le_bytes(record[..4].try_into().unwrap());
    let offset = u64::from_le_bytes(record[4..12].try_into().unwrap());
    let len = u32::from_le_bytes(record[12..16].try_into().unwrap()) as u64;
    (
        ledger.join("entries").join(format!("{treaty:06}")),
        offset,
        len,
    )
}

/// Writes the journal's appends into the entry files, as pacta does when the journal grows.
pub fn settle(ledger: &std::path::Path) {
    Ledger::open(ledger, LOCK_WAIT).unwrap().settle().unwrap();
}

/// Flips one bit of entry `seq` as stored (its frame: `byte` counts from the start of the frame,
/// length field included), bypassing pacta. The ledger is settled first, so that the entry is in
/// its treaty's file.
pub fn damage_entry(ledger: &std::path::Path, seq: u64, byte: usize, bit: u8) {
    settle(ledger);
    let (path, offset, len) = frame_of(ledger, seq);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[(offset + byte as u64 % len) as usize] ^= 1 << bit;
    std::fs::write(&path, bytes).unwrap();
}
