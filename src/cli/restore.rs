//! `pacta restore FILE --ledger NEWPATH`: rebuild a ledger from an export, verifying every line.

use super::context::Context;
use super::error::{CliError, EXIT_VERIFY};
use super::output::{self, Format};
use pacta::archive::restore::{self, Document, RestoreError};
use pacta::proof::checkpoint::Checkpoint;
use pacta::vocabulary::digest::Digest;
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
    /// Archived source documents written by `pacta export --sources DIR`, restored with the
    /// entries (each re-hashed).
    #[arg(long, value_name = "DIR")]
    sources: Option<PathBuf>,
}

/// Reads the documents `export --sources` wrote: `<digest>.txt` with `<digest>.json` beside it.
fn read_documents(dir: &std::path::Path) -> Result<Vec<Document>, CliError> {
    let unreadable =
        |e: std::io::Error| CliError::new(format!("cannot read {}: {e}", dir.display()));
    let mut documents = Vec::new();
    for item in std::fs::read_dir(dir).map_err(unreadable)? {
        let path = item.map_err(unreadable)?.path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let digest = Digest::parse_hex(&stem).ok_or_else(|| {
            CliError::new(format!(
                "{}: the name is not a 64-digit digest",
                path.display()
            ))
        })?;
        let bytes = std::fs::read(&path).map_err(unreadable)?;
        let json = std::fs::read(path.with_extension("json")).map_err(unreadable)?;
        let description = serde_json::from_slice(&json).map_err(|e| {
            CliError::new(format!(
                "{}: not a source description ({e})",
                path.with_extension("json").display()
            ))
        })?;
        documents.push(Document {
            digest,
            bytes,
            description,
        });
    }
    documents.sort_by_key(|d| d.digest);
    Ok(documents)
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
    let documents = match &args.sources {
        Some(dir) => read_documents(dir)?,
        None => Vec::new(),
    };
    let head = restore::restore(lines, &staging, target, expect.as_ref(), &documents).map_err(
        |e| match e {
            RestoreError::Line { line, reason } => {
                CliError::new(format!("{}:{line}: {reason}", args.file.display()))
                    .hint("nothing was restored; the export is damaged or was edited")
                    .code(EXIT_VERIFY)
            }
            RestoreError::File(reason) => {
                CliError::new(format!("{}: {reason}", args.file.display()))
                    .hint("nothing was restored")
                    .code(EXIT_VERIFY)
            }
            RestoreError::Ledger(e) => e.into(),
            RestoreError::Io(what) => CliError::new(what),
            RestoreError::Document(what) => CliError::new(what)
                .hint("nothing was restored")
                .code(EXIT_VERIFY),
        },
    )?;
    if ctx.format == Format::Json {
        output::print_versioned(
            &serde_json::json!({ "entries": head.entries, "head": head.head }),
        )?;
    } else {
        output::say(format!(
            "Restored {} entries to {}; head {}",
            head.entries,
            target.display(),
            head.head
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}
