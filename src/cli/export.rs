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
            // Write beside the target and rename, so a failed export leaves no half file.
            let tmp = path.with_extension("jsonl.partial");
            let written = write_all(&ledger, std::fs::File::create(&tmp)?);
            if let Err(e) = written {
                let _ = std::fs::remove_file(&tmp);
                return Err(e);
            }
            std::fs::rename(&tmp, path)?;
            super::output::note(format!(
                "Exported {} to {}",
                count(ledger.head()?.entries, "entry", "entries"),
                path.display()
            ));
        }
        None => write_all(&ledger, &mut *super::output::stdout())?,
    }
    Ok(ExitCode::SUCCESS)
}

fn write_all(ledger: &pacta::ledger::Ledger, out: impl Write) -> Result<(), CliError> {
    let mut out = BufWriter::new(out);
    export::write(ledger, &mut out).map_err(|e| match e {
        ExportError::Ledger(e) => CliError::from(e),
        ExportError::Write(e) => CliError::from(e),
    })?;
    out.flush()?;
    out.into_inner()
        .map_err(|e| CliError::from(e.into_error()))?
        .flush()?;
    Ok(())
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
