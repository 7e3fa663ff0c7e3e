//! `pacta restore FILE --ledger NEWPATH`: rebuild a ledger from an export, verifying every line.

use super::context::Context;
use super::error::{CliError, EXIT_VERIFY};
use super::output::{self, Format};
use pacta::archive::restore::{self, Document, RestoreError};
use pacta::proof::checkpoint::Checkpoint;
use pacta::vocabulary::digest::Digest;
use pacta::vocabulary::plural::count;
use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pacta --ledger copy.ledger restore ledger.jsonl --sources docs\n  pacta --ledger copy.ledger restore ledger.jsonl --checkpoint cp.txt"
)]
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
    let head = restore::restore(lines, &staging, target, expect.as_ref(), &documents)
        .map_err(|e| refused(e, &args.file.display().to_string()))?;
    if ctx.format == Format::Json {
        output::print_json(&serde_json::json!({ "entries": head.entries, "head": head.head }))?;
    } else {
        output::say(format!(
            "Restored {} to {}; head {}",
            count(head.entries, "entry", "entries"),
            target.display(),
            head.head
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// How a refused restore or migration is reported; `source` names what was read.
fn refused(e: RestoreError, source: &str) -> CliError {
    match e {
        RestoreError::Line { line, reason } => CliError::new(format!("{source}:{line}: {reason}"))
            .hint("nothing was restored; the entries are damaged or were edited")
            .code(EXIT_VERIFY),
        RestoreError::File(reason) => CliError::new(format!("{source}: {reason}"))
            .hint("nothing was restored")
            .code(EXIT_VERIFY),
        RestoreError::Ledger(e) => e.into(),
        RestoreError::Io(what) => CliError::new(what),
        RestoreError::Document(what) => CliError::new(what)
            .hint("nothing was restored")
            .code(EXIT_VERIFY),
    }
}

/// `pacta migrate`: brings a layout-4 ledger over to this build's layout, in place.
pub fn migrate(ctx: &Context) -> Result<ExitCode, CliError> {
    let path = &ctx.ledger_path;
    if pacta::ledger::Ledger::open_read(path).is_ok() {
        output::note(format!(
            "The ledger at {} already uses store layout 5; nothing to do",
            path.display()
        ));
        return Ok(ExitCode::SUCCESS);
    }
    let migrated = pacta::archive::migrate::migrate(path)
        .map_err(|e| refused(e, &format!("the ledger at {}", path.display())))?;
    let head = migrated.head;
    if ctx.format == Format::Json {
        output::print_json(&serde_json::json!({
            "entries": head.entries,
            "head": head.head,
            "documents": migrated.documents,
            "kept_at": migrated.kept_at,
        }))?;
    } else {
        output::say(format!(
            "Brought {} over to store layout 5: {} entries, head {}, {} archived documents; the old files are kept at {}",
            path.display(),
            head.entries,
            head.head,
            migrated.documents,
            migrated.kept_at.display()
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}
