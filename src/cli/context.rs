//! What a command runs with: the ledger path, output format, the clock and the recorder.
//!
//! `PACTA_NOW` (an RFC 3339 instant) fixes the clock and `PACTA_RECORDER` (or `--recorder`)
//! the recorder, so tests and scripted imports are reproducible.

use super::Cli;
use super::error::CliError;
use super::output::Format;
use pacta::ledger::{Ledger, Recording};
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
        Ok(Context {
            ledger_path: cli.ledger.clone(),
            format: cli.format,
            recorder: cli.recorder.clone(),
        })
    }

    pub fn open(&self) -> Result<Ledger, CliError> {
        Ok(Ledger::open(&self.ledger_path, LOCK_WAIT)?)
    }

    /// The clock: `PACTA_NOW` when set, else the system's.
    pub fn now(&self) -> Result<Instant, CliError> {
        match std::env::var("PACTA_NOW") {
            Ok(text) => Instant::parse(&text).map_err(|e| CliError::new(format!("PACTA_NOW: {e}"))),
            Err(_) => Ok(Instant::from_datetime(chrono::Utc::now())),
        }
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
            now: self.now()?,
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
        let offered: Vec<String> = allowed
            .iter()
            .map(|f| format!("{f:?}").to_lowercase())
            .collect();
        Err(CliError::new(
            format!("this command does not write {:?} output", self.format).to_lowercase(),
        )
        .hint(format!("it writes {}", offered.join(" or ")))
        .code(super::error::EXIT_USAGE))
    }
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
