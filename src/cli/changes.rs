//! `pacta changes`: every change of status across treaties in a period.

use super::cite;
use super::context::Context;
use super::error::CliError;
use super::output::{self, Format};
use super::when::{self, AsOfArg};
use pacta::law::changes::{self, TreatyChange};
use pacta::ledger::view::TreatyView;
use serde::Serialize;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct ChangesArgs {
    /// The first day (YYYY-MM-DD): changes after it are listed.
    #[arg(long)]
    from: String,
    /// The last day (YYYY-MM-DD), included.
    #[arg(long)]
    to: String,
    /// Only this state's changes (a code or a name).
    #[arg(long)]
    state: Option<String>,
    /// Only this treaty's changes.
    #[arg(long)]
    treaty: Option<String>,
    #[command(flatten)]
    as_of: AsOfArg,
}

#[derive(Serialize)]
struct Changes<'a> {
    from: pacta::vocabulary::calendar::LegalDate,
    to: pacta::vocabulary::calendar::LegalDate,
    basis: pacta::chain::prefix::Prefix,
    changes: &'a [TreatyChange],
}

pub fn run(args: ChangesArgs, ctx: &Context) -> Result<ExitCode, CliError> {
    let (from, to) = (
        cite::date("--from", &args.from)?,
        cite::date("--to", &args.to)?,
    );
    if to < from {
        return Err(CliError::new(format!("--to {to} is before --from {from}")));
    }
    let state = args.state.as_deref().map(when::state).transpose()?;
    let as_of = args.as_of.as_of()?;
    let (ledger, views): (_, Vec<TreatyView>) = match (&args.treaty, &state) {
        (Some(treaty), _) => {
            let (ledger, view) = when::view(ctx, treaty, &args.as_of)?;
            (ledger, vec![view])
        }
        (None, Some(state)) => {
            let ledger = ctx.open()?;
            let views = ledger.views_of_state(state, as_of)?;
            (ledger, views)
        }
        (None, None) => {
            let ledger = ctx.open()?;
            let views = ledger.views(as_of)?;
            (ledger, views)
        }
    };
    let basis = ledger.prefix(ledger.resolve(as_of)?)?;
    let list = changes::changes(&super::state::pairs(&views), from, to, state.as_ref());
    match ctx.format {
        Format::Json => output::print_versioned(&Changes {
            from,
            to,
            basis,
            changes: &list,
        })?,
        Format::Csv => {
            let rows = list.iter().map(|c| {
                vec![
                    c.change.date.to_string(),
                    c.treaty.clone(),
                    c.change.state.to_string(),
                    c.change.un_name.clone(),
                    c.change.from.code().to_string(),
                    c.change.to.code().to_string(),
                ]
            });
            output::print_csv(&["date", "treaty", "state", "name", "from", "to"], rows)?;
        }
        Format::Table => {
            output::say(format!(
                "changes of status after {from} up to {to}, as the ledger stood after entry {} (head {}): {}",
                basis.entries,
                basis.head.short(),
                super::state::plural(list.len(), "change", "changes")
            ))?;
            let mut table = output::table(&["date", "treaty", "state", "name", "from", "to"]);
            for c in &list {
                table.add_row(vec![
                    c.change.date.to_string(),
                    c.treaty.clone(),
                    c.change.state.to_string(),
                    c.change.un_name.clone(),
                    c.change.from.name().to_string(),
                    c.change.to.name().to_string(),
                ]);
            }
            output::print_table(&table)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
