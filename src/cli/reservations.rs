//! `pacta reservations`: a treaty's reservations, declarations, objections and territorial
//! applications, with their withdrawals and their wording, as a depositary's status page lists
//! them.

use super::context::Context;
use super::error::CliError;
use super::output::{self, Format};
use super::when::{self, AsOfArg};
use pacta::law::statements::{Statement, StatementKind};
use pacta::ledger::Ledger;
use pacta::vocabulary::calendar::LegalDate;
use pacta::vocabulary::citation::Citation;
use serde::Serialize;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct ReservationsArgs {
    /// The treaty's id.
    treaty: String,
    /// Only this state's statements and the objections to its reservations (a code or a name).
    #[arg(long)]
    state: Option<String>,
    #[command(flatten)]
    as_of: AsOfArg,
}

/// The columns of the table and the CSV.
const COLUMNS: [&str; 7] = [
    "state",
    "name",
    "date",
    "statement",
    "entry",
    "withdrawn",
    "text",
];

/// One statement as listed: what it is, its wording, what became of it.
#[derive(Serialize)]
struct Listed {
    #[serde(flatten)]
    statement: Statement,
    name: String,
    /// The wording: the first quote among its citations, else its note.
    text: Option<String>,
    citations: Vec<Citation>,
}

#[derive(Serialize)]
struct Listing<'a> {
    treaty: &'a str,
    basis: pacta::chain::prefix::Prefix,
    statements: &'a [Listed],
}

pub fn run(args: ReservationsArgs, ctx: &Context) -> Result<ExitCode, CliError> {
    let state = args.state.as_deref().map(when::state).transpose()?;
    let (ledger, view) = when::view(ctx, &args.treaty, &args.as_of)?;
    let i = &view.interpretation;
    let concerns = |s: &Statement| match &state {
        None => true,
        Some(state) => {
            &s.state == state
                || matches!(&s.kind, StatementKind::Objection { objected_state, .. } if objected_state == state)
        }
    };
    let mut listed = Vec::new();
    for s in i.statements.iter().filter(|s| concerns(s)) {
        listed.push(listing(&ledger, s, i.un_name(&s.state))?);
    }
    listed.sort_by(|a, b| {
        (&a.name, a.statement.date, a.statement.entry).cmp(&(
            &b.name,
            b.statement.date,
            b.statement.entry,
        ))
    });
    match ctx.format {
        Format::Json => output::print_versioned(&Listing {
            treaty: view.facts.treaty.id.as_str(),
            basis: view.basis,
            statements: &listed,
        })?,
        Format::Csv => {
            let rows = listed.iter().map(|l| row(l, i));
            output::print_csv(&COLUMNS, rows)?;
        }
        Format::Table => {
            output::say(format!(
                "{}: {} — {}, as the ledger stood after entry {}",
                view.facts.treaty.id,
                view.facts.treaty.title,
                super::state::plural(listed.len(), "statement", "statements"),
                view.basis.entries
            ))?;
            let mut table = output::table(&COLUMNS);
            for l in &listed {
                table.add_row(row(l, i));
            }
            output::print_table(&table)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn listing(ledger: &Ledger, s: &Statement, name: String) -> Result<Listed, CliError> {
    let fact = ledger.entry(s.entry)?.entry.fact;
    let text = fact
        .citations
        .iter()
        .find_map(|c| c.quote.clone())
        .or(fact.note);
    Ok(Listed {
        statement: s.clone(),
        name,
        text,
        citations: fact.citations,
    })
}

fn what(s: &Statement, i: &pacta::law::interpret::Interpretation) -> String {
    match &s.kind {
        StatementKind::Objection {
            objected_state,
            reservation,
        } => format!("objection to the reservation of {objected_state} (entry {reservation})"),
        StatementKind::Territorial {
            territory,
            scope,
            effective,
        } => {
            let from = effective.map(|e| format!(" from {e}")).unwrap_or_default();
            format!(
                "territorial {scope}: {} ({territory}){from}",
                i.un_name(territory)
            )
        }
        kind @ (StatementKind::Reservation | StatementKind::Declaration) => kind.name(),
    }
}

fn withdrawn(s: &Statement) -> String {
    let day = |d: LegalDate| d.to_string();
    let mut parts: Vec<String> = s
        .partly_withdrawn
        .iter()
        .map(|p| format!("partly {} (entry {})", day(p.date), p.entry))
        .collect();
    parts.extend(
        s.withdrawn
            .map(|w| format!("{} (entry {})", day(w.date), w.entry)),
    );
    parts.join("; ")
}

fn row(l: &Listed, i: &pacta::law::interpret::Interpretation) -> Vec<String> {
    let s = &l.statement;
    vec![
        s.state.to_string(),
        l.name.clone(),
        s.date.to_string(),
        what(s, i),
        s.entry.to_string(),
        withdrawn(s),
        l.text.clone().unwrap_or_default(),
    ]
}
