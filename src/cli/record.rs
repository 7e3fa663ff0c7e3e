//! `pacta record` and `pacta retract`: one fact at a time, with one or more citations.

use super::cite::{self, CiteArgs};
use super::context::Context;
use super::error::CliError;
use super::output::{self, Format};
use super::when;
use pacta::chain::seal::Sealed;
use pacta::vocabulary::event::{Act, ActKind, Event, Fact, Retraction};
use serde::Serialize;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pacta record accession --treaty ottawa --state FI --date 2012-01-09 --cite-title \"UN Treaty Collection, chapter XXVI no. 5\" --cite-url \"https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-5&chapter=26\"\n  pacta record withdrawal --treaty ottawa --state FI --date 2025-07-10 --cite-title \"Finland to withdraw from anti-personnel landmine treaty\" --cite-url https://caliber.az/en/post/finland-to-withdraw-from-anti-personnel-landmine-treaty --cite-kind government-statement --quote \"Finland presented the instrument of withdrawal from the Ottawa Anti-Personnel Landmines Convention on 10 July 2025.\"\n  pacta record entry-into-force --treaty ottawa --date 1999-03-01 --cite-title \"UN Treaty Collection, chapter XXVI no. 5\" --cite-url \"https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-5&chapter=26\"\n  pacta record withdrawal --treaty ottawa --state EE --date 2025-06-27 --cite-source DIGEST --cite-title \"Depositary notification\" --quote \"...\""
)]
pub struct RecordArgs {
    /// The act: signature, ratification, acceptance, approval, accession, succession, withdrawal,
    /// withdrawal-revocation, signature-withdrawal, instrument-withdrawal, suspension,
    /// armed-conflict-start, armed-conflict-end, domestic-step, entry-into-force,
    /// provisional-application, provisional-application-termination.
    act: String,
    /// The treaty's id, e.g. ottawa.
    #[arg(long)]
    treaty: String,
    /// The state's ISO 3166 code (alpha-2 or alpha-3); omit only for a treaty's entry into force.
    #[arg(long)]
    state: Option<String>,
    /// The day of the act (YYYY-MM-DD).
    #[arg(long)]
    date: String,
    /// A date the act takes effect that the source states (YYYY-MM-DD).
    #[arg(long)]
    effective: Option<String>,
    /// A note in the recorder's own words.
    #[arg(long)]
    note: Option<String>,
    #[command(flatten)]
    cite: CiteArgs,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pacta retract 42 --reason \"wrong date: the instrument was deposited on 1999-03-26\" --cite-title \"UN Treaty Collection, chapter XXVI no. 5\" --cite-url \"https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-5&chapter=26\"\n  pacta retract cf19484f --reason \"duplicate of entry 57\" --cite-title \"Ledger review\" --cite-ref \"entry 57\""
)]
pub struct RetractArgs {
    /// The entry to retract, by number or hash prefix.
    entry: String,
    /// Why the entry is wrong.
    #[arg(long)]
    reason: String,
    #[command(flatten)]
    cite: CiteArgs,
}

/// Turns typed-in act fields into an act, refusing what does not parse.
pub fn act(
    treaty: &str,
    state: Option<&str>,
    kind: &str,
    date: &str,
    effective: Option<&str>,
) -> Result<Act, CliError> {
    let kind: ActKind = kind.parse().map_err(CliError::new)?;
    Ok(Act {
        treaty: when::treaty_id(treaty)?,
        state: state.map(when::state).transpose()?,
        kind,
        date: cite::date("--date", date)?,
        effective: effective
            .map(|e| cite::date("--effective", e))
            .transpose()?,
    })
}

pub fn record(args: RecordArgs, ctx: &Context) -> Result<ExitCode, CliError> {
    let act = act(
        &args.treaty,
        args.state.as_deref(),
        &args.act,
        &args.date,
        args.effective.as_deref(),
    )?;
    let ledger = ctx.open_to_write()?;
    let fact = Fact {
        event: Event::Act(act),
        citations: args.cite.citations_in(Some(&ledger))?,
        note: args.note,
    };
    let sealed = ledger.record(&[fact], &ctx.recording()?)?;
    print_recorded(ctx, &sealed)
}

pub fn retract(args: RetractArgs, ctx: &Context) -> Result<ExitCode, CliError> {
    let ledger = ctx.open_to_write()?;
    let target = ledger.find(&args.entry)?;
    let retraction = Retraction {
        target: target.entry.seq,
        target_hash: target.hash,
        reason: args.reason,
    };
    let fact = Fact {
        event: Event::Retraction(retraction),
        citations: args.cite.citations_in(Some(&ledger))?,
        note: None,
    };
    let sealed = ledger.record(&[fact], &ctx.recording()?)?;
    print_recorded(ctx, &sealed)
}

/// Records facts and reports the new entries.
pub fn append(ctx: &Context, facts: &[Fact]) -> Result<ExitCode, CliError> {
    let ledger = ctx.open_to_write()?;
    let sealed = ledger.record(facts, &ctx.recording()?)?;
    print_recorded(ctx, &sealed)
}

#[derive(Serialize)]
struct Recorded {
    entry: u64,
    hash: String,
    summary: String,
}

pub fn print_recorded(ctx: &Context, sealed: &[Sealed]) -> Result<ExitCode, CliError> {
    let rows: Vec<Recorded> = sealed
        .iter()
        .map(|s| Recorded {
            entry: s.entry.seq,
            hash: s.hash.hex(),
            summary: s.entry.fact.event.summary(),
        })
        .collect();
    match ctx.format {
        Format::Json => output::print_json(&rows)?,
        _ => {
            for r in &rows {
                output::say(format!(
                    "Recorded entry {} ({}): {}",
                    r.entry,
                    &r.hash[..12],
                    r.summary
                ))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
