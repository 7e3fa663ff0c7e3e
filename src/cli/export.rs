//! `pacta export [FILE]`: the whole ledger as JSON Lines.

use super::context::Context;
use super::error::CliError;
use pacta::archive::export::{self, ExportError};
use pacta::vocabulary::plural::count;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pacta export ledger.jsonl --sources docs\n  pacta export > ledger.jsonl"
)]
pub struct ExportArgs {
    /// Where to write; standard output when omitted.
    file: Option<PathBuf>,
    /// Also write every archived source document into DIR, as `<digest>.txt` with its
    /// description in `<digest>.json` (for `pacta restore --sources DIR`).
    #[arg(long, value_name = "DIR")]
    sources: Option<PathBuf>,
}

pub fn run(args: ExportArgs, ctx: &Context) -> Result<ExitCode, CliError> {
    let ledger = ctx.open()?;
    if let Some(dir) = &args.sources {
        export_sources(&ledger, dir)?;
    }
    match &args.file {
        Some(path) => {
            let shown = path.display().to_string();
            super::destination::write(path, |file| write_all(&ledger, file, Some(&shown)))?;
            super::output::note(format!(
                "Exported {} to {shown}",
                count(ledger.head()?.entries, "entry", "entries"),
            ));
        }
        None => write_all(&ledger, &mut *super::output::stdout(), None)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes the export to `out`: the file named `file`, or standard output.
fn write_all(
    ledger: &pacta::ledger::Ledger,
    out: impl Write,
    file: Option<&str>,
) -> Result<(), CliError> {
    let failed = |e: std::io::Error| match file {
        Some(name) => CliError::new(format!("cannot write {name}: {e}")),
        None => CliError::from(e),
    };
    let mut out = BufWriter::new(out);
    export::write(ledger, &mut out).map_err(|e| match e {
        ExportError::Ledger(e) => CliError::from(e),
        ExportError::Write(e) => failed(e),
    })?;
    out.flush().map_err(failed)?;
    out.into_inner()
        .map_err(|e| failed(e.into_error()))?
        .flush()
        .map_err(failed)
}

/// Writes every archived document and its description into `dir`.
fn export_sources(ledger: &pacta::ledger::Ledger, dir: &std::path::Path) -> Result<(), CliError> {
    std::fs::create_dir_all(dir)
        .map_err(|e| CliError::new(format!("cannot create {}: {e}", dir.display())))?;
    let mut archived = 0;
    for (digest, bytes) in ledger.sources()? {
        let description = ledger.source_description(&digest)?.ok_or_else(|| {
            CliError::new(format!("the archived source {digest} has no description"))
                .code(super::error::EXIT_VERIFY)
        })?;
        std::fs::write(dir.join(format!("{digest}.txt")), &bytes)?;
        std::fs::write(
            dir.join(format!("{digest}.json")),
            serde_json::to_vec_pretty(&description).expect("a description serialises"),
        )?;
        archived += 1;
    }
    super::output::note(format!(
        "Exported {} to {}",
        count(archived, "archived source", "archived sources"),
        dir.display()
    ));
    Ok(())
}
