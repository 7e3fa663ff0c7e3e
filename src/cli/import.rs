//! `pacta import FILE.csv`: many facts, validated together, written in one durable append.

use super::context::Context;
use super::error::CliError;
use super::record;
use pacta::archive::import;
use pacta::ledger::Ledger;
use pacta::vocabulary::plural::count;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pacta import data/ottawa/facts.csv\n  pacta -q import facts.csv"
)]
pub struct ImportArgs {
    /// A CSV file with a header row (see `docs/IMPORT.md` for the columns).
    file: PathBuf,
}

pub fn run(args: ImportArgs, ctx: &Context) -> Result<ExitCode, CliError> {
    let text = std::fs::read_to_string(&args.file)
        .map_err(|e| CliError::new(format!("cannot read {}: {e}", args.file.display())))?;
    let ledger = ctx.open_to_write()?;
    let recorded = import_text(&ledger, &text, &args.file.display().to_string(), ctx)?;
    super::output::note(format!(
        "Imported {} from {}",
        count(recorded.len() as u64, "fact", "facts"),
        args.file.display()
    ));
    record::print_recorded(ctx, &recorded)
}

/// Parses and records a CSV text; errors name `FILE:LINE`.
pub fn import_text(
    ledger: &Ledger,
    text: &str,
    name: &str,
    ctx: &Context,
) -> Result<Vec<pacta::chain::seal::Sealed>, CliError> {
    let rows = import::parse_csv(text).map_err(|e| {
        CliError::new(format!("{name}:{}: {}", e.line, e.reason)).hint("nothing was written")
    })?;
    let progress = if super::output::quiet() {
        indicatif::ProgressBar::hidden()
    } else {
        indicatif::ProgressBar::new_spinner()
    };
    let progress = progress.with_message(format!(
        "checking {} against the ledger",
        count(rows.len() as u64, "fact", "facts")
    ));
    progress.enable_steady_tick(std::time::Duration::from_millis(120));
    let facts: Vec<_> = rows.iter().map(|r| r.fact.clone()).collect();
    let result = ledger.record(&facts, &ctx.recording()?);
    progress.finish_and_clear();
    result.map_err(|e| match e.fact().and_then(|i| rows.get(i)) {
        Some(row) => {
            let inner = CliError::from(e);
            CliError::new(format!("{name}:{}: {}", row.line, inner.message))
                .hint("nothing was written")
        }
        None => e.into(),
    })
}
