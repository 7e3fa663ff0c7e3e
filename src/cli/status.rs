//! `pacta status`: every state's standing under a treaty on a day, with the counts.

use super::context::Context;
use super::error::CliError;
use super::output::{self, Format};
use super::when::{self, AsOfArg};
use pacta::law::history::Proven;
use pacta::law::projection::{self, Projection};
use pacta::law::statements;
use pacta::ledger::view::TreatyView;
use pacta::vocabulary::calendar::LegalDate;
use pacta::vocabulary::plural::count;
use serde::Serialize;
use std::collections::BTreeSet;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pacta status ottawa\n  pacta status ottawa --at 2026-01-15\n  pacta status ottawa --at 2026-01-15 --as-of 120\n  pacta status ottawa --at 2026-01-15 --format csv > ottawa.csv\n  pacta status ottawa --at 2026-02-01 --prove --sign key > answer.json"
)]
pub struct StatusArgs {
    /// The treaty's id.
    treaty: String,
    /// The day to answer for (YYYY-MM-DD); today by default.
    #[arg(long)]
    at: Option<String>,
    #[command(flatten)]
    as_of: AsOfArg,
    #[command(flatten)]
    prove: super::when::ProveArg,
}

pub fn run(args: StatusArgs, ctx: &Context) -> Result<ExitCode, CliError> {
    let at = when::at(ctx, &args.at)?;
    if args.prove.prove {
        let question = pacta::proof::answer::Question::Status {
            treaty: when::treaty_id(&args.treaty)?,
            at,
        };
        return args.prove.answer(ctx, question, &args.as_of);
    }
    let (_ledger, view) = when::view(ctx, &args.treaty, &args.as_of)?;
    let p = projection::project(&view.facts.treaty, &view.interpretation, at, view.basis);
    print(ctx, &view, &p)?;
    Ok(ExitCode::SUCCESS)
}

/// The states with a reservation or declaration in force on `at`, marked in the table.
fn with_statements(view: &TreatyView, at: LegalDate) -> BTreeSet<String> {
    let standing = statements::standing(&view.statements, Some(at));
    view.interpretation
        .states
        .keys()
        .map(|s| s.as_str())
        .filter(|s| statements::has_live_reservation_or_declaration(&standing, s))
        .map(String::from)
        .collect()
}

/// Prints the projection `p` of the treaty read in `view`, marking the states with a
/// reservation or declaration in force on its day.
pub fn print(ctx: &Context, view: &TreatyView, p: &Projection) -> Result<(), CliError> {
    let marked = with_statements(view, p.at);
    let json = Marked {
        projection: p,
        with_reservations_or_declarations: &marked,
    };
    match ctx.format {
        Format::Json => Ok(output::print_json(&json)?),
        Format::Jsonl => Ok(output::print_json_line(&json)?),
        Format::Csv => print_csv(p, &marked),
        Format::Table => print_table(p, &marked),
    }
}

/// The status JSON: the projection, and when any state has one, the states with a
/// reservation or declaration in force.
#[derive(Serialize)]
struct Marked<'a> {
    #[serde(flatten)]
    projection: &'a Projection,
    #[serde(skip_serializing_if = "BTreeSet::is_empty")]
    with_reservations_or_declarations: &'a BTreeSet<String>,
}

fn day(p: Option<Proven>) -> String {
    p.map(|p| p.date.to_string()).unwrap_or_default()
}

fn entries(list: &[u64]) -> String {
    list.iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The header a person reads above the table: what, when, from which prefix, and the counts.
pub fn summary(p: &Projection) -> Vec<String> {
    let mut lines = vec![
        format!("{}: {}", p.treaty, p.title),
        format!(
            "on {}, as the ledger stood after entry {} (head {})",
            p.at,
            p.basis.entries,
            p.basis.head.short()
        ),
    ];
    let eif = &p.treaty_in_force;
    lines.push(match eif.date() {
        Some(d) => format!(
            "treaty in force from {d}{}",
            eif.discrepancy()
                .map(|(_, r)| format!(" (recorded; the rules give {r})"))
                .unwrap_or_default()
        ),
        None => "treaty not in force: too few instruments recorded".to_string(),
    });
    lines.push(format!(
        "in force for {}; {} (instrument deposited, not withdrawn); signatories without an instrument: {}",
        count(p.counts.in_force as u64, "state", "states"),
        count(p.counts.parties as u64, "State Party", "States Parties"),
        p.counts.signatories
    ));
    lines
}

fn print_table(p: &Projection, marked: &BTreeSet<String>) -> Result<(), CliError> {
    for line in summary(p) {
        output::say(line)?;
    }
    output::say("")?;
    let mut table = output::table(&[
        "state",
        "name",
        "status",
        "signed",
        "deposited",
        "in force",
        "withdrawal",
        "effective",
        "entries",
    ]);
    for s in &p.states {
        let mut status = s.status.name().to_string();
        if let Some(r) = s.withdrawal_revoked {
            status.push_str(&format!(" (withdrawal revoked {})", r.date));
        }
        if let Some(n) = s.suspension_notified {
            status.push_str(&format!(" (suspension notified {})", n.date));
        }
        let mark = if marked.contains(s.state.as_str()) {
            "*"
        } else {
            ""
        };
        table.add_row(vec![
            format!("{}{mark}", s.state),
            s.name.to_string(),
            status,
            day(s.signed),
            day(s.deposited),
            s.in_force_from.map(|d| d.to_string()).unwrap_or_default(),
            day(s.withdrawal_notified),
            s.withdrawal_effective
                .map(|d| d.to_string())
                .unwrap_or_default(),
            entries(&s.entries),
        ]);
    }
    output::print_table(&table)?;
    if !marked.is_empty() {
        output::say(format!(
            "* has a reservation or declaration in force on {}: see `pacta reservations {}`",
            p.at, p.treaty
        ))?;
    }
    Ok(())
}

fn print_csv(p: &Projection, marked: &BTreeSet<String>) -> Result<(), CliError> {
    let header = [
        "state",
        "name",
        "status",
        "signed",
        "signature_withdrawn",
        "instrument",
        "deposited",
        "in_force_from",
        "withdrawal_notified",
        "withdrawal_effective",
        "withdrawal_revoked",
        "instrument_withdrawn",
        "suspension_notified",
        "entries",
        "reservation_or_declaration",
    ];
    let rows = p.states.iter().map(|s| {
        vec![
            s.state.to_string(),
            s.name.to_string(),
            s.status.code().to_string(),
            day(s.signed),
            day(s.signature_withdrawn),
            s.instrument.map(|k| k.to_string()).unwrap_or_default(),
            day(s.deposited),
            s.in_force_from.map(|d| d.to_string()).unwrap_or_default(),
            day(s.withdrawal_notified),
            s.withdrawal_effective
                .map(|d| d.to_string())
                .unwrap_or_default(),
            day(s.withdrawal_revoked),
            day(s.instrument_withdrawn),
            day(s.suspension_notified),
            entries(&s.entries),
            if marked.contains(s.state.as_str()) {
                "yes"
            } else {
                "no"
            }
            .to_string(),
        ]
    });
    output::print_csv(&header, rows)
}
