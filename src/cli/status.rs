//! `pacta status`: every state's standing under a treaty on a day, with the counts.

use super::context::Context;
use super::error::CliError;
use super::output::{self, Format};
use super::when::{self, AsOfArg};
use pacta::law::history::Proven;
use pacta::law::projection::{self, Projection, StateStatus};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
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
    print(ctx, &p)?;
    Ok(ExitCode::SUCCESS)
}

pub fn print(ctx: &Context, p: &Projection) -> Result<(), CliError> {
    match ctx.format {
        Format::Json => Ok(output::print_versioned(p)?),
        Format::Csv => print_csv(p),
        Format::Table => print_table(p),
    }
}

fn day(p: Option<Proven>) -> String {
    p.map(|p| p.date.to_string()).unwrap_or_default()
}

pub fn entries(list: &[u64]) -> String {
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
        "in force for {} states; {} States Parties (instrument deposited, not withdrawn); signatories without an instrument: {}",
        p.counts.in_force, p.counts.parties, p.counts.signatories
    ));
    lines
}

fn print_table(p: &Projection) -> Result<(), CliError> {
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
        table.add_row(vec![
            s.state.to_string(),
            s.un_name.clone(),
            status_text(s),
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
    Ok(output::print_table(&table)?)
}

/// A status as a table shows it: its name, and markers for what does not change it (a revoked
/// withdrawal, a suspension notice, provisional application, statements beyond membership).
pub fn status_text(s: &StateStatus) -> String {
    let mut status = s.status.name().to_string();
    if let Some(r) = s.withdrawal_revoked {
        status.push_str(&format!(" (withdrawal revoked {})", r.date));
    }
    if let Some(n) = s.suspension_notified {
        status.push_str(&format!(" (suspension notified {})", n.date));
    }
    if let Some(p) = s.provisional_application {
        status.push_str(&format!(" (applies it provisionally since {})", p.date));
    }
    if !s.statements.is_empty() {
        let n = s.statements.len();
        status.push_str(&format!(
            " ({} {})",
            n,
            if n == 1 { "statement" } else { "statements" }
        ));
    }
    status
}

fn print_csv(p: &Projection) -> Result<(), CliError> {
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
        ]
    });
    output::print_csv(&header, rows)
}
