//! `pacta source add|list|show`: documents archived inside the ledger.

use super::context::Context;
use super::error::CliError;
use super::output::{self, Format};
use pacta::vocabulary::digest::Digest;
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub enum SourceCommand {
    /// Archive a text document; prints its digest for --cite-source.
    Add {
        file: PathBuf,
        /// Where the document was found.
        #[arg(long)]
        url: Option<String>,
        /// The document's title.
        #[arg(long)]
        title: Option<String>,
    },
    /// List the archived documents.
    List,
    /// Show an archived document's description, or with --text its text.
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

pub fn run(cmd: SourceCommand, ctx: &Context) -> Result<ExitCode, CliError> {
    let ledger = ctx.open()?;
    match cmd {
        SourceCommand::Add { file, url, title } => {
            let bytes = std::fs::read(&file)
                .map_err(|e| CliError::new(format!("cannot read {}: {e}", file.display())))?;
            let (digest, new) = ledger.add_source(&bytes, title, url, &ctx.recording()?)?;
            if ctx.format == Format::Json {
                output::print_versioned(&serde_json::json!({
                    "digest": digest.to_string(),
                    "new": new,
                }))?;
            } else {
                output::say(digest)?;
            }
            output::note(if new {
                format!("Archived {} ({} bytes)", file.display(), bytes.len())
            } else {
                "Already archived".to_string()
            });
        }
        SourceCommand::List => {
            let mut listed = Vec::new();
            for item in ledger.sources() {
                let (digest, _) = item?;
                if let Some(description) = ledger.source_description(&digest)? {
                    listed.push(Listed {
                        digest,
                        description,
                    });
                }
            }
            if ctx.format == Format::Json {
                output::print_versioned_list(&listed)?;
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
            let digest = Digest::parse_hex(&digest.to_ascii_lowercase())
                .ok_or_else(|| CliError::new(format!("'{digest}' is not a 64-digit hex digest")))?;
            let not_held = || CliError::new(format!("no archived source {digest} in this ledger"));
            if text {
                let bytes = ledger.source(&digest)?.ok_or_else(not_held)?;
                use std::io::Write;
                std::io::stdout().lock().write_all(&bytes)?;
            } else {
                let description = ledger.source_description(&digest)?.ok_or_else(not_held)?;
                output::print_versioned(&Listed {
                    digest,
                    description,
                })?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
