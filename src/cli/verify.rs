//! `pacta verify`: exit 0 when every hash, link and index checks out, 3 when not.

use super::context::Context;
use super::error::{CliError, EXIT_VERIFY};
use super::output::{self, Format};
use pacta::vocabulary::plural::count;
use std::process::ExitCode;

pub fn run(ctx: &Context) -> Result<ExitCode, CliError> {
    let ledger = ctx.open()?;
    let report = pacta::audit::verify::verify(&ledger)?;
    if ctx.format == Format::Json {
        output::print_json(&report)?;
    } else if report.intact() {
        output::say(format!(
            "ok: {} verified; head {}",
            count(report.entries, "entry", "entries"),
            report.head
        ))?;
    } else {
        for p in &report.problems {
            match p.entry {
                Some(seq) => output::note(format!("entry {seq}: {}", p.what)),
                None => output::note(&p.what),
            }
        }
    }
    if report.intact() {
        return Ok(ExitCode::SUCCESS);
    }
    let first = report
        .first_bad_entry()
        .map_or("the store".to_string(), |s| format!("entry {s}"));
    Err(CliError::new(format!(
        "the ledger failed verification: {} problem(s); the first is at {first}",
        report.problems.len()
    ))
    .hint("restore the ledger from an export you trust (`pacta export` writes one)")
    .code(EXIT_VERIFY))
}
