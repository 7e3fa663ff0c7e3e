//! What a command runs with: the ledger path, output format, the clock and the recorder.
//!
//! `PACTA_NOW` (an RFC 3339 instant) fixes the clock and `PACTA_RECORDER` (or `--recorder`)
//! the recorder, so tests and scripted imports are reproducible.

use super::Cli;
use super::error::CliError;
use super::output::Format;
use pacta::ledger::{Fault, Ledger, Recording};
use pacta::vocabulary::calendar::Instant;
use std::path::PathBuf;

/// How long a command waits for another pacta process to let go of the ledger.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

pub struct Context {
    pub ledger_path: PathBuf,
    pub format: Format,
    recorder: Option<String>,
}

impl Context {
    pub fn new(cli: &Cli) -> Result<Context, CliError> {
        inject_fault_from_env()?;
        if let Some(table) = std::env::var_os("PACTA_PARTIES") {
            super::when::declare_parties(std::path::Path::new(&table))?;
        }
        Ok(Context {
            ledger_path: cli.ledger.clone(),
            format: cli.format,
            recorder: cli.recorder.clone(),
        })
    }

    /// Opens the ledger to read: no lock, nothing written.
    pub fn open(&self) -> Result<Ledger, CliError> {
        Ok(Ledger::open_read(&self.ledger_path)?)
    }

    /// Opens the ledger to write, waiting a while for another writer to finish.
    pub fn open_to_write(&self) -> Result<Ledger, CliError> {
        Ok(Ledger::open(&self.ledger_path, LOCK_WAIT)?)
    }

    /// The clock: `PACTA_NOW` when set, else the system's.
    pub fn now(&self) -> Result<Instant, CliError> {
        match std::env::var("PACTA_NOW") {
            Ok(text) => Instant::parse(&text).map_err(|e| CliError::new(format!("PACTA_NOW: {e}"))),
            Err(_) => Ok(Instant::from_datetime(chrono::Utc::now())),
        }
    }

    /// A stopwatch started now, for saying how long a command took (never recorded).
    pub fn stopwatch(&self) -> std::time::Instant {
        std::time::Instant::now()
    }

    /// Who records: `--recorder`/`PACTA_RECORDER`, else the login name.
    pub fn recording(&self) -> Result<Recording, CliError> {
        let recorder = self
            .recorder
            .clone()
            .or_else(|| std::env::var("USER").ok())
            .or_else(|| std::env::var("USERNAME").ok())
            .filter(|r| !r.trim().is_empty())
            .ok_or_else(|| {
                CliError::new("no recorder is known")
                    .hint("pass --recorder NAME or set PACTA_RECORDER")
            })?;
        Ok(Recording {
            recorder,
            now: plausible(self.now()?)?,
        })
    }

    /// The same context, recording as `name` when no recorder is named or known: for the demo,
    /// whose facts are the bundled data, not the user's.
    pub fn recording_as_default(mut self, name: &str) -> Context {
        let known = std::env::var("USER")
            .or_else(|_| std::env::var("USERNAME"))
            .is_ok_and(|r| !r.trim().is_empty());
        if self.recorder.is_none() && !known {
            self.recorder = Some(name.to_string());
        }
        self
    }

    /// Rejects a format a command does not offer.
    pub fn require_format(&self, allowed: &[Format]) -> Result<(), CliError> {
        if allowed.contains(&self.format) {
            return Ok(());
        }
        Err(CliError::new(
            format!("this command does not write {:?} output", self.format).to_lowercase(),
        )
        .code(super::error::EXIT_USAGE))
    }
}

/// How far ahead of the system clock a recording time may be without `PACTA_ALLOW_FUTURE=1`.
const FUTURE_TOLERANCE_DAYS: i64 = 1;

/// Refuses a recording time more than a day after the system clock (a mistyped `PACTA_NOW`):
/// recording times never go backwards, so one entry recorded in the future would hold every
/// later append until that time. `PACTA_ALLOW_FUTURE=1` records it anyway.
fn plausible(now: Instant) -> Result<Instant, CliError> {
    let system = chrono::Utc::now();
    let latest = Instant::from_datetime(system + chrono::Duration::days(FUTURE_TOLERANCE_DAYS));
    if now <= latest || std::env::var("PACTA_ALLOW_FUTURE").is_ok_and(|v| v == "1") {
        return Ok(now);
    }
    Err(CliError::new(format!(
        "the recording time {now} is more than a day after the system clock ({}): every later \
         append would have to be recorded at that time or after; nothing was written",
        Instant::from_datetime(system)
    ))
    .hint("check PACTA_NOW and the system clock; set PACTA_ALLOW_FUTURE=1 to record at that time anyway"))
}

/// A new directory under the system's temporary directory, named so that runs never collide.
pub fn fresh_directory() -> Result<PathBuf, CliError> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let dir = std::env::temp_dir().join(format!("pacta-demo-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir.join("ledger"))
}

/// The test hook `PACTA_INJECT_FAULT=KIND@N` (KIND `enospc`, `eio` or `powerloss`): the store's
/// Nth write, sync, rename or removal fails as a full disk, a failing device or a power loss
/// would. For the fault suites of `docs/RELIABILITY.md`; unset, nothing is injected.
fn inject_fault_from_env() -> Result<(), CliError> {
    let Ok(spec) = std::env::var("PACTA_INJECT_FAULT") else {
        return Ok(());
    };
    let bad = || {
        CliError::new(format!("PACTA_INJECT_FAULT: {spec:?} is not KIND@N"))
            .hint("KIND is enospc, eio or powerloss; N counts the store's operations from 1")
            .code(super::error::EXIT_USAGE)
    };
    let (kind, at) = spec.split_once('@').ok_or_else(bad)?;
    let fault = match kind {
        "enospc" => Fault::NoSpace,
        "eio" => Fault::Io,
        "powerloss" => Fault::PowerLoss,
        _ => return Err(bad()),
    };
    pacta::ledger::inject_fault(fault, at.parse().map_err(|_| bad())?);
    Ok(())
}

/// Says on stderr where an injected fault struck, so that a fault suite knows it did.
pub fn report_injected_fault() {
    if let Some(n) = pacta::ledger::injected_fault() {
        eprintln!("pacta: injected fault struck at store operation {n}");
    }
}
