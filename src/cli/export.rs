//! `pacta export [FILE]`: the whole ledger as JSON Lines.

use super::context::Context;
use super::error::CliError;
use pacta::export::ExportLine;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Where to write; standard output when omitted.
    file: Option<PathBuf>,
}

pub fn run(args: ExportArgs, ctx: &Context) -> Result<ExitCode, CliError> {
    let ledger = ctx.open()?;
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
                "Exported {} entries to {}",
                ledger.head()?.count,
                path.display()
            ));
        }
        None => write_all(&ledger, std::io::stdout().lock())?,
    }
    Ok(ExitCode::SUCCESS)
}

fn write_all(ledger: &pacta::ledger::Ledger, out: impl Write) -> Result<(), CliError> {
    let mut out = BufWriter::new(out);
    for sealed in ledger.entries() {
        writeln!(out, "{}", ExportLine::of(&sealed?).to_json())?;
    }
    out.flush()?;
    out.into_inner()
        .map_err(|e| CliError::from(e.into_error()))?
        .flush()?;
    Ok(())
}
