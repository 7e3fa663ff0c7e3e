//! `pacta diff`: who became bound, who ceased, and every status change between two days.

use super::cite;
use super::context::Context;
use super::error::CliError;
use super::output::{self, Format};
use super::when::{self, AsOfArg};
use pacta::law::projection::{self, Diff};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The treaty's id.
    treaty: String,
    /// The first day (YYYY-MM-DD).
    #[arg(long)]
    from: String,
    /// The second day (YYYY-MM-DD).
    #[arg(long)]
    to: String,
    #[command(flatten)]
    as_of: AsOfArg,
}

pub fn run(args: DiffArgs, ctx: &Context) -> Result<ExitCode, CliError> {
    let (from, to) = (
        cite::date("--from", &args.from)?,
        cite::date("--to", &args.to)?,
    );
    if to < from {
        return Err(CliError::new(format!("--to {to} is before --from {from}")));
    }
    let (_ledger, view) = when::view(ctx, &args.treaty, &args.as_of)?;
    let d = projection::diff(
        &view.facts.treaty,
        &view.interpretation,
        from,
        to,
        view.basis,
    );
    print(ctx, &d)?;
    Ok(ExitCode::SUCCESS)
}

pub fn print(ctx: &Context, d: &Diff) -> Result<(), CliError> {
    match ctx.format {
        Format::Json => Ok(output::print_versioned(d)?),
        Format::Csv => print_csv(d),
        Format::Table => print_table(d),
    }
}

fn print_table(d: &Diff) -> Result<(), CliError> {
    let codes = |list: &[pacta::vocabulary::country::StateCode]| {
        if list.is_empty() {
            "none".to_string()
        } else {
            list.iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(" ")
        }
    };
    output::say(format!(
        "{}: from {} to {}, as the ledger stood after entry {} (head {})",
        d.treaty,
        d.from,
        d.to,
        d.basis.entries,
        d.basis.head.short()
    ))?;
    output::say(format!(
        "in force for {} -> {} states; States Parties {} -> {}",
        d.counts_from.in_force, d.counts_to.in_force, d.counts_from.parties, d.counts_to.parties
    ))?;
    output::say(format!("became bound: {}", codes(&d.became_bound)))?;
    output::say(format!(
        "ceased to be bound: {}",
        codes(&d.ceased_to_be_bound)
    ))?;
    output::say("")?;
    let mut table = output::table(&["date", "state", "name", "from", "to"]);
    for c in &d.changes {
        table.add_row(vec![
            c.date.to_string(),
            c.state.to_string(),
            c.un_name.clone(),
            c.from.name().to_string(),
            c.to.name().to_string(),
        ]);
    }
    Ok(output::print_table(&table)?)
}

fn print_csv(d: &Diff) -> Result<(), CliError> {
    let rows = d.changes.iter().map(|c| {
        vec![
            c.date.to_string(),
            c.state.to_string(),
            c.name.to_string(),
            c.from.code().to_string(),
            c.to.code().to_string(),
        ]
    });
    output::print_csv(&["date", "state", "name", "from", "to"], rows)
}
