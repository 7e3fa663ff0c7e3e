//! `pacta state`: one state's standing under every registered treaty on a day.

use super::context::Context;
use super::error::CliError;
use super::output::{self, Format};
use super::when::{self, AsOfArg};
use pacta::law::interpret::Interpretation;
use pacta::law::standing::{self, Standing};
use pacta::ledger::view::TreatyView;
use pacta::vocabulary::treaty::Treaty;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct StateArgs {
    /// The state: an ISO 3166 code (FI, FIN) or a name (Finland, Viet Nam, Türkiye).
    state: String,
    /// The day to answer for (YYYY-MM-DD); today by default.
    #[arg(long)]
    at: Option<String>,
    #[command(flatten)]
    as_of: AsOfArg,
}

/// The (treaty, interpretation) pairs of views, for the pure cross-treaty queries.
pub fn pairs(views: &[TreatyView]) -> Vec<(&Treaty, &Interpretation)> {
    views
        .iter()
        .map(|v| (&v.facts.treaty, &v.interpretation))
        .collect()
}

pub fn run(args: StateArgs, ctx: &Context) -> Result<ExitCode, CliError> {
    let state = when::state(&args.state)?;
    let at = when::at(ctx, &args.at)?;
    let ledger = ctx.open()?;
    let as_of = args.as_of.as_of()?;
    let views = ledger.views_of_state(&state, as_of)?;
    let basis = ledger.prefix(ledger.resolve(as_of)?)?;
    let s = standing::standing(&state, at, basis, &pairs(&views));
    match ctx.format {
        Format::Json => output::print_versioned(&s)?,
        Format::Csv => print_csv(&s)?,
        Format::Table => print_table(&s)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn day(d: Option<pacta::vocabulary::calendar::LegalDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn print_table(s: &Standing) -> Result<(), CliError> {
    let name = s
        .treaties
        .first()
        .map_or_else(|| s.state.un_name(), |t| t.status.un_name.clone());
    output::say(format!(
        "{} ({name}) on {}, as the ledger stood after entry {} (head {})",
        s.state,
        s.at,
        s.basis.entries,
        s.basis.head.short()
    ))?;
    output::say(format!(
        "in force under {} of {}; party to {}; signatory without an instrument to {}",
        plural(s.counts.in_force, "treaty", "treaties"),
        plural(s.treaties.len(), "treaty", "treaties"),
        s.counts.parties,
        s.counts.signatories
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
    for t in &s.treaties {
        let st = &t.status;
        table.add_row(vec![
            t.treaty.clone(),
            super::status::status_text(st),
            day(st.signed.map(|p| p.date)),
            day(st.deposited.map(|p| p.date)),
            day(st.in_force_from),
            day(st.withdrawal_notified.map(|p| p.date)),
            day(st.withdrawal_effective),
            super::status::entries(&st.entries),
        ]);
    }
    Ok(output::print_table(&table)?)
}

fn print_csv(s: &Standing) -> Result<(), CliError> {
    let header = [
        "treaty",
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
    let rows = s.treaties.iter().map(|t| {
        let st = &t.status;
        vec![
            t.treaty.clone(),
            st.state.to_string(),
            st.status.code().to_string(),
            day(st.signed.map(|p| p.date)),
            st.instrument.map(|k| k.to_string()).unwrap_or_default(),
            day(st.deposited.map(|p| p.date)),
            day(st.in_force_from),
            day(st.withdrawal_notified.map(|p| p.date)),
            day(st.withdrawal_effective),
            super::status::entries(&st.entries),
        ]
    });
    output::print_csv(&header, rows)
}

/// "1 treaty", "2 treaties".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
