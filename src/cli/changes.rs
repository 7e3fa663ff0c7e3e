//! `pacta changes`: every change of status across treaties in a period ("who left what in 2025").

use super::cite;
use super::context::Context;
use super::error::CliError;
use super::output::{self, Format};
use super::when::{self, AsOfArg};
use pacta::chain::prefix::Prefix;
use pacta::law::across::{self, TreatyChange};
use pacta::ledger::view::TreatyView;
use pacta::vocabulary::calendar::LegalDate;
use serde::Serialize;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pacta changes --from 2024-12-31 --to 2025-12-31\n  pacta changes --from 2024-12-31 --to 2026-12-31 --state FI\n  pacta changes --from 2024-12-31 --to 2025-12-31 --treaty ottawa --format csv"
)]
pub struct ChangesArgs {
    /// The first day (YYYY-MM-DD); a change on it is not listed.
    #[arg(long)]
    from: String,
    /// The last day (YYYY-MM-DD); a change on it is listed.
    #[arg(long)]
    to: String,
    /// Only this state's changes (a code such as FI or FIN, or a name such as Finland).
    #[arg(long)]
    state: Option<String>,
    /// Only this treaty's changes.
    #[arg(long)]
    treaty: Option<String>,
    #[command(flatten)]
    as_of: AsOfArg,
}

/// The changes as `--format json` writes them.
#[derive(Serialize)]
struct Changes {
    from: LegalDate,
    to: LegalDate,
    basis: Prefix,
    changes: Vec<TreatyChange>,
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
    let (ledger, views): (_, Vec<TreatyView>) = match &args.treaty {
        Some(treaty) => {
            let (ledger, view) = when::view(ctx, treaty, &args.as_of)?;
            (ledger, vec![view])
        }
        None => {
            let ledger = ctx.open()?;
            let as_of = args.as_of.as_of()?;
            // One state's changes need only its own acts under each treaty.
            let views = match &state {
                Some(state) => ledger.views_of_state(state, as_of)?,
                None => ledger.views_by_treaty(as_of)?,
            };
            (ledger, views)
        }
    };
    let basis = match views.first() {
        Some(v) => v.basis,
        None => ledger.prefix(ledger.resolve(args.as_of.as_of()?)?)?,
    };
    let mut changes: Vec<TreatyChange> = views
        .iter()
        .flat_map(|v| across::changes(&v.facts.treaty, &v.interpretation, from, to, state.as_ref()))
        .collect();
    changes.sort_by(|a, b| {
        (a.change.date, &a.treaty, &a.change.state).cmp(&(
            b.change.date,
            &b.treaty,
            &b.change.state,
        ))
    });
    let out = Changes {
        from,
        to,
        basis,
        changes,
    };
    match ctx.format {
        Format::Json => output::print_json(&out)?,
        Format::Jsonl => output::print_json_lines(&out.changes)?,
        Format::Csv => print_csv(&out)?,
        Format::Table => print_table(&out)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn entries(list: &[u64]) -> String {
    let texts: Vec<String> = list.iter().map(u64::to_string).collect();
    texts.join(" ")
}

fn print_table(c: &Changes) -> Result<(), CliError> {
    output::say(format!(
        "changes after {} up to {}, as the ledger stood after entry {} (head {}): {}",
        c.from,
        c.to,
        c.basis.entries,
        c.basis.head.short(),
        pacta::vocabulary::plural::count(c.changes.len() as u64, "change", "changes")
    ))?;
    if c.changes.is_empty() {
        return Ok(());
    }
    output::say("")?;
    let mut table = output::table(&["date", "treaty", "state", "name", "from", "to", "entries"]);
    for t in &c.changes {
        let ch = &t.change;
        table.add_row(vec![
            ch.date.to_string(),
            t.treaty.clone(),
            ch.state.to_string(),
            ch.name.to_string(),
            ch.from.name().to_string(),
            ch.to.name().to_string(),
            entries(&t.entries),
        ]);
    }
    Ok(output::print_table(&table)?)
}

fn print_csv(c: &Changes) -> Result<(), CliError> {
    let header = ["date", "treaty", "state", "name", "from", "to", "entries"];
    let rows = c.changes.iter().map(|t| {
        let ch = &t.change;
        vec![
            ch.date.to_string(),
            t.treaty.clone(),
            ch.state.to_string(),
            ch.name.to_string(),
            ch.from.code().to_string(),
            ch.to.code().to_string(),
            entries(&t.entries),
        ]
    });
    output::print_csv(&header, rows)
}
