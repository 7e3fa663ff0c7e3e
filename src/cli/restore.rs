//! `pacta restore FILE --ledger NEWPATH`: rebuild a ledger from an export, verifying every line.

use super::context::Context;
use super::error::{CliError, EXIT_VERIFY};
use super::output::{self, Format};
use pacta::checkpoint::Checkpoint;
use pacta::restore::{self, RestoreError};
use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// An export written by `pacta export` (JSON Lines).
    file: PathBuf,
    /// A checkpoint the restored ledger must match exactly (size, Merkle root, head).
    #[arg(long, value_name = "FILE")]
    checkpoint: Option<PathBuf>,
}

pub fn run(args: RestoreArgs, ctx: &Context) -> Result<ExitCode, CliError> {
    let file = std::fs::File::open(&args.file)
        .map_err(|e| CliError::new(format!("cannot read {}: {e}", args.file.display())))?;
    let expect = match &args.checkpoint {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| CliError::new(format!("cannot read {}: {e}", path.display())))?;
            Some(
                Checkpoint::parse(&text)
                    .map_err(|e| CliError::new(format!("{}: {e}", path.display())))?,
            )
        }
        None => None,
    };
    let target = &ctx.ledger_path;
    let name = target
        .file_name()
        .map_or("ledger".into(), |n| n.to_string_lossy().to_string());
    let staging = target.with_file_name(format!(".{name}.restoring-{}", std::process::id()));
    let lines = std::io::BufReader::new(file).lines();
    let head = restore::restore(lines, &staging, target, expect.as_ref()).map_err(|e| match e {
        RestoreError::Line { line, reason } => {
            CliError::new(format!("{}:{line}: {reason}", args.file.display()))
                .hint("nothing was restored; the export is damaged or was edited")
                .code(EXIT_VERIFY)
        }
        RestoreError::Ledger(e) => e.into(),
        RestoreError::Io(what) => CliError::new(what),
    })?;
    if ctx.format == Format::Json {
        output::print_json(&serde_json::json!({ "entries": head.count, "head": head.hash }))?;
    } else {
        output::say(format!(
            "Restored {} entries to {}; head {}",
            head.count,
            target.display(),
            head.hash
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}
