//! `pacta record` and `pacta retract`: one fact at a time.

use super::cite::{self, CiteArgs};
use super::context::Context;
use super::error::CliError;
use super::output::{self, Format};
use super::when;
use pacta::chain::seal::Sealed;
use pacta::vocabulary::event::{Act, ActKind, Event, Fact, Retraction};
use pacta::vocabulary::statement::{
    Entity, Objection, StatementWithdrawal, TerritorialApplication,
};
use serde::Serialize;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct RecordArgs {
    /// The act: signature, ratification, acceptance, approval, accession, succession, withdrawal,
    /// withdrawal-revocation, signature-withdrawal, instrument-withdrawal, suspension,
    /// armed-conflict-start, armed-conflict-end, domestic-step, entry-into-force, reservation,
    /// declaration, provisional-application, provisional-application-end; or a statement:
    /// objection (--objected-state, --reservation), reservation-withdrawal,
    /// declaration-withdrawal, objection-withdrawal, statement-withdrawal (--statement,
    /// --partial), territorial-application (--territory, --scope), entity-registration
    /// (--name, --kind; no --date).
    act: String,
    /// The treaty's id, e.g. ottawa.
    #[arg(long)]
    treaty: String,
    /// The state: an ISO 3166 code (FI, FIN) or a name (Finland, Viet Nam); omit only for a
    /// treaty's entry into force.
    #[arg(long)]
    state: Option<String>,
    /// The day of the act (YYYY-MM-DD).
    #[arg(long, required_unless_present = "name")]
    date: Option<String>,
    /// For an objection: the state whose reservation is objected to.
    #[arg(long)]
    objected_state: Option<String>,
    /// For an objection: the entry recording the reservation objected to.
    #[arg(long, value_name = "ENTRY")]
    reservation: Option<u64>,
    /// For a withdrawal of a statement: the entry recording it.
    #[arg(long, value_name = "ENTRY")]
    statement: Option<u64>,
    /// For a withdrawal of a statement: only part of it is withdrawn.
    #[arg(long)]
    partial: bool,
    /// For a territorial application: the territory's ISO 3166 code or name.
    #[arg(long)]
    territory: Option<String>,
    /// For a territorial application: extension or exclusion.
    #[arg(long, value_name = "extension|exclusion")]
    scope: Option<String>,
    /// For an entity registration: its name.
    #[arg(long)]
    name: Option<String>,
    /// For an entity registration: state, organization, territory or other.
    #[arg(long, default_value = "organization")]
    kind: String,
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
pub struct RetractArgs {
    /// The entry to retract, by number or hash prefix.
    entry: String,
    /// Why the entry is wrong.
    #[arg(long)]
    reason: String,
    #[command(flatten)]
    cite: CiteArgs,
}

/// The statements `record` takes besides acts, by name.
const STATEMENTS: &[&str] = &[
    "objection",
    "statement-withdrawal",
    "reservation-withdrawal",
    "declaration-withdrawal",
    "objection-withdrawal",
    "territorial-application",
    "entity-registration",
];

/// A flag a statement needs.
fn needed<T>(value: Option<T>, flag: &str, what: &str) -> Result<T, CliError> {
    value.ok_or_else(|| {
        CliError::new(format!("{what} needs {flag}"))
            .hint(format!("see `pacta record --help`; e.g. {flag} ..."))
            .code(super::error::EXIT_USAGE)
    })
}

/// The event the flags describe: an act, or one of [`STATEMENTS`].
fn event(args: &RecordArgs, ledger: &pacta::ledger::Ledger) -> Result<Event, CliError> {
    let what = args.act.as_str();
    if !STATEMENTS.contains(&what) {
        let date = needed(args.date.as_deref(), "--date", what)?;
        return Ok(Event::Act(act(
            &args.treaty,
            args.state.as_deref(),
            what,
            date,
            args.effective.as_deref(),
        )?));
    }
    let treaty = when::treaty_id(&args.treaty)?;
    let state = when::state(needed(args.state.as_deref(), "--state", what)?)?;
    if what == "entity-registration" {
        return Ok(Event::EntityRegistration(Entity {
            treaty,
            code: state,
            name: needed(args.name.clone(), "--name", what)?,
            kind: args.kind.parse().map_err(CliError::new)?,
        }));
    }
    let date = cite::date("--date", needed(args.date.as_deref(), "--date", what)?)?;
    Ok(match what {
        "objection" => Event::Objection(Objection {
            treaty,
            state,
            objected_state: when::state(needed(
                args.objected_state.as_deref(),
                "--objected-state",
                what,
            )?)?,
            reservation: needed(args.reservation, "--reservation", what)?,
            date,
        }),
        "territorial-application" => Event::TerritorialApplication(TerritorialApplication {
            treaty,
            state,
            territory: when::state(needed(args.territory.as_deref(), "--territory", what)?)?,
            scope: needed(args.scope.as_deref(), "--scope", what)?
                .parse()
                .map_err(CliError::new)?,
            date,
            effective: cite::optional_date("--effective", &args.effective)?,
        }),
        withdrawal => {
            let statement = needed(args.statement, "--statement", what)?;
            check_withdrawn_kind(ledger, withdrawal, statement)?;
            Event::StatementWithdrawal(StatementWithdrawal {
                treaty,
                state,
                statement,
                date,
                partial: args.partial,
            })
        }
    })
}

/// A reservation-, declaration- or objection-withdrawal must name an entry of that kind.
fn check_withdrawn_kind(
    ledger: &pacta::ledger::Ledger,
    withdrawal: &str,
    statement: u64,
) -> Result<(), CliError> {
    let expected = withdrawal.strip_suffix("-withdrawal").unwrap_or(withdrawal);
    if expected == "statement" {
        return Ok(());
    }
    let target = ledger.entry(statement)?;
    let kind = match &target.entry.fact.event {
        Event::Act(a) if a.kind.is_statement() => a.kind.name(),
        Event::Objection(_) => "objection",
        Event::TerritorialApplication(_) => "territorial-application",
        other => {
            return Err(CliError::new(format!(
                "entry {statement} is not a statement that can be withdrawn: {}",
                other.summary()
            )));
        }
    };
    if kind != expected {
        return Err(CliError::new(format!(
            "entry {statement} records a {kind}, not a {expected}"
        ))
        .hint("use statement-withdrawal for any kind, or the withdrawal named after it"));
    }
    Ok(())
}

/// Turns typed-in act fields into an act, refusing what does not parse.
pub fn act(
    treaty: &str,
    state: Option<&str>,
    kind: &str,
    date: &str,
    effective: Option<&str>,
) -> Result<Act, CliError> {
    let kind: ActKind = kind.parse().map_err(|e: String| {
        CliError::new(e).hint(format!(
            "besides acts, `pacta record` takes {}",
            STATEMENTS.join(", ")
        ))
    })?;
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
    let ledger = ctx.open()?;
    let fact = Fact {
        event: event(&args, &ledger)?,
        citations: args.cite.citations()?,
        note: args.note,
    };
    append_to(ctx, &ledger, &[fact])
}

pub fn retract(args: RetractArgs, ctx: &Context) -> Result<ExitCode, CliError> {
    let ledger = ctx.open()?;
    let target = ledger.find(&args.entry)?;
    let retraction = Retraction {
        target: target.entry.seq,
        target_hash: target.hash,
        reason: args.reason,
    };
    let fact = Fact {
        event: Event::Retraction(retraction),
        citations: args.cite.citations()?,
        note: None,
    };
    let sealed = ledger.record(&[fact], &ctx.recording()?)?;
    print_recorded(ctx, &sealed)
}

/// Records facts and reports the new entries.
pub fn append(ctx: &Context, facts: &[Fact]) -> Result<ExitCode, CliError> {
    append_to(ctx, &ctx.open()?, facts)
}

/// Records facts in an open ledger and reports the new entries.
fn append_to(
    ctx: &Context,
    ledger: &pacta::ledger::Ledger,
    facts: &[Fact],
) -> Result<ExitCode, CliError> {
    let sealed = ledger
        .record(facts, &ctx.recording()?)
        .map_err(|e| refused(ledger, e))?;
    print_recorded(ctx, &sealed)
}

/// A ledger error as the user sees it, with the closest registered treaty when the fact names
/// one that is not.
pub fn refused(ledger: &pacta::ledger::Ledger, e: pacta::ledger::LedgerError) -> CliError {
    let unknown = match &e {
        pacta::ledger::LedgerError::Refused {
            refusal: pacta::ledger::Refusal::UnknownTreaty(t),
            ..
        } => Some(t.to_string()),
        _ => None,
    };
    let err = CliError::from(e);
    match unknown {
        Some(typed) => when::with_treaty_hint(ledger, &typed, err),
        None => err,
    }
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
        Format::Json => output::print_versioned_list(&rows)?,
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
