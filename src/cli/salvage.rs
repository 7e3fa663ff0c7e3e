//! `pacta salvage FILE`: every entry of a damaged ledger that still reads and verifies, from
//! the first up to the first that does not, written as an export for `pacta restore`.

use super::context::Context;
use super::error::{CliError, EXIT_VERIFY};
use pacta::archive::salvage::{self, SalvageError};
use pacta::vocabulary::plural::count;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit status: 0 when every entry was salvaged, 3 when the salvage stopped at a damaged entry (the entries before it are written). Then `pacta restore saved.jsonl --ledger rebuilt.ledger` rebuilds a sound ledger from the file.\n\nExamples:\n  pacta salvage saved.jsonl\n  pacta --ledger damaged.ledger salvage saved.jsonl"
)]
pub struct SalvageArgs {
    /// Where to write the entries, as `pacta export` writes them.
    file: PathBuf,
}

pub fn run(args: SalvageArgs, ctx: &Context) -> Result<ExitCode, CliError> {
    let ledger = ctx.open()?;
    let shown = args.file.display().to_string();
    let mut salvaged = None;
    super::destination::write(&args.file, |file| {
        let mut out = BufWriter::new(file);
        let done = salvage::salvage(&ledger, &mut out).map_err(|e| match e {
            SalvageError::Ledger(e) => CliError::from(e),
            SalvageError::Write(e) => CliError::new(format!("cannot write {shown}: {e}")),
        })?;
        out.flush()
            .map_err(|e| CliError::new(format!("cannot write {shown}: {e}")))?;
        salvaged = Some(done);
        Ok(())
    })?;
    let salvaged = salvaged.expect("the file was written");
    let written = count(salvaged.entries, "entry", "entries");
    match salvaged.stopped {
        None => {
            super::output::note(format!("Salvaged all {written} to {shown}"));
            Ok(ExitCode::SUCCESS)
        }
        Some(why) => {
            super::output::diagnostic(format!(
                "Error: the ledger is damaged: salvaged {written} of {} to {shown}, and stopped because {why}",
                salvaged.held
            ));
            super::output::diagnostic(format!(
                "Hint: rebuild a sound ledger from them with `pacta restore {shown} --ledger NEW_LEDGER`, then record again what came after entry {}",
                salvaged.entries
            ));
            Ok(ExitCode::from(EXIT_VERIFY))
        }
    }
}
