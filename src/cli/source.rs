//! `pacta source add|list|show`: documents archived inside the ledger.

use super::context::Context;
use super::error::CliError;
use super::output::{self, Format};
use pacta::vocabulary::digest::Digest;
use pacta::vocabulary::plural::count;
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub enum SourceCommand {
    /// Archive a text document; prints its digest for --cite-source.
    #[command(
        after_help = "Examples:\n  pacta source add notice.txt --url https://example.org/notice --title \"Depositary notification\"\n  pacta source add statement.txt --url https://example.org/statement"
    )]
    Add {
        /// The document: a UTF-8 text file (a notice, a gazette page, a statement as text).
        file: PathBuf,
        /// Where the document was found.
        #[arg(long)]
        url: Option<String>,
        /// The document's title.
        #[arg(long)]
        title: Option<String>,
    },
    /// List the archived documents.
    #[command(after_help = "Examples:\n  pacta source list\n  pacta source list --format json")]
    List,
    /// Show an archived document's description, or with --text its text.
    #[command(
        after_help = "Examples:\n  pacta source show DIGEST\n  pacta source show DIGEST --text"
    )]
    Show {
        /// The digest (64 hex digits).
        digest: String,
        /// Print the document itself.
        #[arg(long)]
        text: bool,
    },
}

#[derive(Serialize)]
struct Listed {
    digest: Digest,
    #[serde(flatten)]
    description: pacta::vocabulary::source::Description,
}

/// The largest document archived: a file past it (or `/dev/zero`) is refused, not read whole.
const DOCUMENT_LIMIT: u64 = 64 << 20;

fn read_document(file: &std::path::Path) -> Result<Vec<u8>, CliError> {
    use std::io::Read;
    let mut bytes = Vec::new();
    super::input::open(file)
        .and_then(|f| f.take(DOCUMENT_LIMIT + 1).read_to_end(&mut bytes))
        .map_err(|e| CliError::new(format!("cannot read {}: {e}", file.display())))?;
    if bytes.len() as u64 > DOCUMENT_LIMIT {
        return Err(CliError::new(format!(
            "{} is larger than {} MiB, the most a source document may be",
            file.display(),
            DOCUMENT_LIMIT >> 20
        ))
        .hint("archive the document's relevant part, or cite it by URL without archiving it"));
    }
    Ok(bytes)
}

pub fn run(cmd: SourceCommand, ctx: &Context) -> Result<ExitCode, CliError> {
    match cmd {
        SourceCommand::Add { file, url, title } => {
            // Read first, with a limit: an endless file or a slow pipe never holds the lock.
            let bytes = read_document(&file)?;
            let ledger = ctx.open_to_write()?;
            let (digest, new) = ledger.add_source(&bytes, title, url, &ctx.recording()?)?;
            output::say(digest)?;
            output::note(if new {
                format!(
                    "Archived {} ({})",
                    file.display(),
                    count(bytes.len() as u64, "byte", "bytes")
                )
            } else {
                "Already archived".to_string()
            });
        }
        SourceCommand::List => {
            let ledger = ctx.open()?;
            let mut listed = Vec::new();
            for (digest, _) in ledger.sources()? {
                if let Some(description) = ledger.source_description(&digest)? {
                    listed.push(Listed {
                        digest,
                        description,
                    });
                }
            }
            if ctx.format == Format::Json {
                output::print_json_list(&listed)?;
            } else {
                let mut table = output::table(&["digest", "bytes", "added", "title", "url"]);
                for l in &listed {
                    let d = &l.description;
                    table.add_row(vec![
                        l.digest.short(),
                        d.bytes.to_string(),
                        d.added_at.to_string(),
                        d.title.clone().unwrap_or_default(),
                        d.url.clone().unwrap_or_default(),
                    ]);
                }
                output::print_table(&table)?;
            }
        }
        SourceCommand::Show { digest, text } => {
            let ledger = ctx.open()?;
            let digest = Digest::parse_hex(&digest.to_ascii_lowercase())
                .ok_or_else(|| CliError::new(format!("'{digest}' is not a 64-digit hex digest")))?;
            let not_held = || CliError::new(format!("no archived source {digest} in this ledger"));
            if text {
                let bytes = ledger.source(&digest)?.ok_or_else(not_held)?;
                use std::io::Write;
                std::io::stdout().lock().write_all(&bytes)?;
            } else {
                let description = ledger.source_description(&digest)?.ok_or_else(not_held)?;
                output::print_json(&Listed {
                    digest,
                    description,
                })?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
