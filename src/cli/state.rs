//! `pacta state`: one state's standing under every registered treaty on a day.

use super::context::Context;
use super::error::CliError;
use super::output::{self, Format};
use super::when::{self, AsOfArg};
use pacta::chain::prefix::Prefix;
use pacta::law::across::{self, Standing};
use pacta::law::history::Proven;
use pacta::vocabulary::calendar::LegalDate;
use serde::Serialize;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pacta state FI\n  pacta state FIN --at 2026-06-01\n  pacta state FI --at 2026-06-01 --as-of 2026-05-01 --format csv"
)]
pub struct StateArgs {
    /// The state: a code such as FI or FIN, or a name such as Finland or "Viet Nam".
    state: String,
    /// The day to answer for (YYYY-MM-DD); today by default.
    #[arg(long)]
    at: Option<String>,
    #[command(flatten)]
    as_of: AsOfArg,
}

/// A state's standing under every treaty, as `--format json` writes it.
#[derive(Serialize)]
struct Across {
    state: String,
    name: &'static str,
    at: LegalDate,
    basis: Prefix,
    treaties: Vec<Standing>,
}

pub fn run(args: StateArgs, ctx: &Context) -> Result<ExitCode, CliError> {
    let state = when::state(&args.state)?;
    let at = when::at(ctx, &args.at)?;
    let ledger = ctx.open()?;
    let as_of = args.as_of.as_of()?;
    let basis = ledger.prefix(ledger.resolve(as_of)?)?;
    let treaties = ledger
        .views_of_state(&state, as_of)?
        .iter()
        .map(|v| across::standing(&v.facts.treaty, &v.interpretation, &state, at))
        .collect();
    let across = Across {
        name: state.country().name,
        state: state.to_string(),
        at,
        basis,
        treaties,
    };
    match ctx.format {
        Format::Json => output::print_json(&across)?,
        Format::Jsonl => output::print_json_lines(&across.treaties)?,
        Format::Csv => print_csv(&across)?,
        Format::Table => print_table(&across)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn day(p: Option<Proven>) -> String {
    p.map(|p| p.date.to_string()).unwrap_or_default()
}

fn date(d: Option<LegalDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn entries(list: &[u64]) -> String {
    let texts: Vec<String> = list.iter().map(u64::to_string).collect();
    texts.join(" ")
}

fn print_table(a: &Across) -> Result<(), CliError> {
    output::say(format!("{} ({})", a.name, a.state))?;
    output::say(format!(
        "on {}, as the ledger stood after entry {} (head {})",
        a.at,
        a.basis.entries,
        a.basis.head.short()
    ))?;
    let bound = a
        .treaties
        .iter()
        .filter(|t| t.status.status.in_force())
        .count();
    output::say(format!(
        "bound by {bound} of {}",
        pacta::vocabulary::plural::count(a.treaties.len() as u64, "treaty", "treaties")
    ))?;
    output::say("")?;
    let mut table = output::table(&[
        "treaty",
        "status",
        "signed",
        "deposited",
        "in force",
        "withdrawal",
        "effective",
        "entries",
    ]);
    for t in &a.treaties {
        let s = &t.status;
        table.add_row(vec![
            t.treaty.clone(),
            s.status.name().to_string(),
            day(s.signed),
            day(s.deposited),
            date(s.in_force_from),
            day(s.withdrawal_notified),
            date(s.withdrawal_effective),
            entries(&s.entries),
        ]);
    }
    Ok(output::print_table(&table)?)
}

fn print_csv(a: &Across) -> Result<(), CliError> {
    let header = [
        "treaty",
        "title",
        "state",
        "status",
        "signed",
        "instrument",
        "deposited",
        "in_force_from",
        "withdrawal_notified",
        "withdrawal_effective",
        "entries",
    ];
    let rows = a.treaties.iter().map(|t| {
        let s = &t.status;
        vec![
            t.treaty.clone(),
            t.title.clone(),
            a.state.clone(),
            s.status.code().to_string(),
            day(s.signed),
            s.instrument.map(|k| k.to_string()).unwrap_or_default(),
            day(s.deposited),
            date(s.in_force_from),
            day(s.withdrawal_notified),
            date(s.withdrawal_effective),
            entries(&s.entries),
        ]
    });
    output::print_csv(&header, rows)
}
