//! `pacta restore FILE --ledger NEWPATH`: rebuild a ledger from an export, verifying every line.

use super::context::Context;
use super::error::{CliError, EXIT_VERIFY};
use super::output::{self, Format};
use pacta::archive::restore::{self, Document, RestoreError};
use pacta::proof::checkpoint::Checkpoint;
use pacta::vocabulary::digest::Digest;
use pacta::vocabulary::plural::count;
use std::io::{BufRead, Read};
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

/// The longest export line read (an entry's JSON with its quoted text): a file with a longer
/// one (`/dev/zero`, an endless pipe) is refused at that line instead of being read whole.
const LINE_LIMIT: u64 = 16 << 20;
/// The largest checkpoint file read.
const CHECKPOINT_LIMIT: u64 = 1 << 20;

/// The lines of `reader`, each read no further than `limit` bytes: a longer one is an error.
fn bounded_lines(
    mut reader: impl BufRead,
    limit: u64,
) -> impl Iterator<Item = std::io::Result<String>> {
    std::iter::from_fn(move || {
        let mut line = Vec::new();
        match reader.by_ref().take(limit + 1).read_until(b'\n', &mut line) {
            Ok(0) => None,
            Ok(_) if line.len() as u64 > limit => Some(Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("a line is longer than {} MiB", limit >> 20),
            ))),
            Ok(_) => {
                if line.ends_with(b"\n") {
                    line.pop();
                    if line.ends_with(b"\r") {
                        line.pop();
                    }
                }
                Some(String::from_utf8(line).map_err(|e| {
                    std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string())
                }))
            }
            Err(e) => Some(Err(e)),
        }
    })
}

/// Reads a text file of at most `limit` bytes, refusing a larger one without reading it whole.
pub(super) fn read_bounded(path: &std::path::Path, limit: u64) -> Result<String, CliError> {
    let cannot = |e: String| CliError::new(format!("cannot read {}: {e}", path.display()));
    let mut text = String::new();
    super::input::open(path)
        .and_then(|f| f.take(limit + 1).read_to_string(&mut text))
        .map_err(|e| cannot(e.to_string()))?;
    if text.len() as u64 > limit {
        let size = match limit >> 20 {
            0 => format!("{} KiB", limit >> 10),
            mib => format!("{mib} MiB"),
        };
        return Err(cannot(format!("it is larger than {size}")));
    }
    Ok(text)
}

/// Removes the staging directories of restores to the same target whose process is gone
/// (killed before it could clean up), named `.NAME.restoring-PID` beside the target.
fn remove_dead_staging(target: &std::path::Path, name: &str) {
    let parent = match target.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(p) => p.to_path_buf(),
        None => std::path::PathBuf::from("."),
    };
    let prefix = format!(".{name}.restoring-");
    // Whether a process is alive is read from /proc; without it, nothing is taken for dead.
    if !std::path::Path::new("/proc/self").exists() {
        return;
    }
    let Ok(listing) = std::fs::read_dir(&parent) else {
        return;
    };
    for item in listing.filter_map(Result::ok) {
        let file_name = item.file_name().to_string_lossy().to_string();
        let Some(pid) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        let gone = pid.parse::<u32>().is_ok_and(|pid| {
            pid != std::process::id() && !std::path::Path::new(&format!("/proc/{pid}")).exists()
        });
        if gone {
            let _ = std::fs::remove_dir_all(item.path());
        }
    }
}

pub fn run(args: RestoreArgs, ctx: &Context) -> Result<ExitCode, CliError> {
    let file = super::input::open(&args.file)
        .map_err(|e| CliError::new(format!("cannot read {}: {e}", args.file.display())))?;
    let expect = match &args.checkpoint {
        Some(path) => {
            let text = read_bounded(path, CHECKPOINT_LIMIT)?;
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
    remove_dead_staging(target, &name);
    let lines = bounded_lines(std::io::BufReader::new(file), LINE_LIMIT);
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
        RestoreError::Io(what) => CliError::new(format!("{source}: {what}")),
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
