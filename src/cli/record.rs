//! `pacta record` and `pacta retract`: one fact at a time, with one or more citations. `record`
//! takes an act, or a statement (reservation, declaration, objection, their withdrawals,
//! territorial extension or exclusion).

use super::cite::{self, CiteArgs};
use super::context::Context;
use super::error::CliError;
use super::output::{self, Format};
use super::when;
use pacta::chain::seal::Sealed;
use pacta::ledger::Ledger;
use pacta::vocabulary::event::{Act, ActKind, Event, Fact, Retraction};
use pacta::vocabulary::statement::{EntryRef, Statement, StatementKind, Territory};
use serde::Serialize;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pacta record accession --treaty ottawa --state FI --date 2012-01-09 --cite-title \"UN Treaty Collection, chapter XXVI no. 5\" --cite-url \"https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-5&chapter=26\"\n  pacta record withdrawal --treaty ottawa --state FI --date 2025-07-10 --cite-title \"Finland to withdraw from anti-personnel landmine treaty\" --cite-url https://caliber.az/en/post/finland-to-withdraw-from-anti-personnel-landmine-treaty --cite-kind government-statement --quote \"Finland presented the instrument of withdrawal from the Ottawa Anti-Personnel Landmines Convention on 10 July 2025.\"\n  pacta record entry-into-force --treaty ottawa --date 1999-03-01 --cite-title \"UN Treaty Collection, chapter XXVI no. 5\" --cite-url \"https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-5&chapter=26\"\n  pacta record withdrawal --treaty ottawa --state EE --date 2025-06-27 --cite-source DIGEST --cite-title \"Depositary notification\" --quote \"...\"\n  pacta record reservation --treaty genocide --state US --date 1988-11-25 --text \"That with reference to article IX ...\" --cite-title \"UN Treaty Collection, chapter IV no. 1\" --cite-url \"https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=IV-1&chapter=4\"\n  pacta record objection --treaty genocide --state NL --date YYYY-MM-DD --objects-to 12 --cite-title \"UN Treaty Collection, chapter IV no. 1\" --cite-ref \"objections\"\n  pacta record reservation-withdrawal --treaty genocide --state US --date YYYY-MM-DD --withdraws 12 --cite-title \"Depositary notification\" --cite-ref C.N.1989\n  pacta record territorial-extension --treaty ottawa --state DK --date YYYY-MM-DD --territory Greenland --cite-title \"UN Treaty Collection, chapter XXVI no. 5\" --cite-ref \"territorial application\""
)]
pub struct RecordArgs {
    /// The act: signature, ratification, acceptance, approval, accession, succession, withdrawal,
    /// withdrawal-revocation, signature-withdrawal, instrument-withdrawal, suspension,
    /// armed-conflict-start, armed-conflict-end, domestic-step, entry-into-force,
    /// provisional-application, provisional-application-termination; or a statement:
    /// reservation, declaration, objection, reservation-withdrawal, declaration-withdrawal,
    /// objection-withdrawal, territorial-extension, territorial-exclusion.
    act: String,
    /// The treaty's id, e.g. ottawa.
    #[arg(long)]
    treaty: String,
    /// The state or other party: a code (FI, FIN, DDDE, EU, XK) or a name (Finland, "Viet Nam");
    /// omit only for a treaty's entry into force.
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
    statement: StatementArgs,
    #[command(flatten)]
    cite: CiteArgs,
}

/// What only a statement takes.
#[derive(Debug, clap::Args)]
struct StatementArgs {
    /// A statement's text as the depositary publishes it, or a summary of it.
    #[arg(long)]
    text: Option<String>,
    /// For an objection: the reservation objected to, by entry number or hash prefix.
    #[arg(long, value_name = "ENTRY")]
    objects_to: Option<String>,
    /// For a withdrawal of a statement: the statement withdrawn, by entry number or hash prefix.
    #[arg(long, value_name = "ENTRY", conflicts_with = "objects_to")]
    withdraws: Option<String>,
    /// For a territorial extension or exclusion: the territory, by ISO 3166 code or name
    /// (e.g. GL or Greenland).
    #[arg(long)]
    territory: Option<String>,
}

impl StatementArgs {
    /// The statement-only options given, by flag.
    fn given(&self) -> Vec<&'static str> {
        [
            ("--text", self.text.is_some()),
            ("--objects-to", self.objects_to.is_some()),
            ("--withdraws", self.withdraws.is_some()),
            ("--territory", self.territory.is_some()),
        ]
        .into_iter()
        .filter_map(|(flag, given)| given.then_some(flag))
        .collect()
    }
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
    let kind: ActKind = kind
        .parse()
        .map_err(|e: String| CliError::new(e).hint(super::suggest::act_hint(kind)))?;
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
    if let Ok(kind) = args.act.parse::<StatementKind>() {
        return record_statement(kind, args, ctx);
    }
    if let Some(flag) = args.statement.given().first() {
        return Err(CliError::new(format!(
            "{flag} belongs to a statement (reservation, declaration, objection, their withdrawals, territorial application), not to a {}",
            args.act
        )));
    }
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
    let sealed = ledger
        .record(&[fact], &ctx.recording()?)
        .map_err(|e| super::suggest::explained(&ledger, e))?;
    print_recorded(ctx, &sealed)
}

/// Records a statement: the typed-in fields checked here, the entry it names looked up by
/// number or hash prefix.
fn record_statement(
    kind: StatementKind,
    args: RecordArgs,
    ctx: &Context,
) -> Result<ExitCode, CliError> {
    let state = args.state.as_deref().ok_or_else(|| {
        CliError::new(format!(
            "{} needs --state, the state that made it",
            kind.a()
        ))
    })?;
    if args.effective.is_some() {
        return Err(CliError::new(format!(
            "{} has no effective date of its own: give its --date",
            kind.a()
        )));
    }
    let s = args.statement;
    let named = match (kind, &s.objects_to, &s.withdraws) {
        (StatementKind::Objection, Some(entry), None) => Some(entry),
        (StatementKind::Objection, _, _) => {
            return Err(CliError::new(
                "an objection needs --objects-to ENTRY, the reservation objected to",
            )
            .hint("`pacta reservations TREATY` lists reservations with their entries"));
        }
        (k, None, Some(entry)) if k.withdraws().is_some() => Some(entry),
        (k, _, _) if k.withdraws().is_some() => {
            return Err(CliError::new(format!(
                "{} needs --withdraws ENTRY, the {} withdrawn",
                kind.a(),
                k.withdraws().map_or("", StatementKind::name)
            ))
            .hint("`pacta reservations TREATY` lists statements with their entries"));
        }
        (_, None, None) => None,
        (_, _, _) => {
            return Err(CliError::new(format!(
                "{} names no entry: --objects-to is for an objection, --withdraws for a withdrawal",
                kind.a()
            )));
        }
    };
    let territory = match (kind.is_territorial(), &s.territory) {
        (true, Some(t)) => Some(Territory::parse(t).map_err(|e| {
            CliError::new(e.to_string()).hint("data/names.csv lists the codes and names known")
        })?),
        (true, None) => {
            return Err(CliError::new(format!(
                "{} needs --territory, by ISO 3166 code or name (e.g. GL or Greenland)",
                kind.a()
            )));
        }
        (false, Some(_)) => {
            return Err(CliError::new(format!(
                "{} names no territory: --territory is for a territorial extension or exclusion",
                kind.a()
            )));
        }
        (false, None) => None,
    };
    let treaty = when::treaty_id(&args.treaty)?;
    let state = when::state(state)?;
    let date = cite::date("--date", &args.date)?;
    let ledger = ctx.open_to_write()?;
    let statement = Statement {
        kind,
        treaty,
        state,
        date,
        text: s.text,
        refers_to: named.map(|e| entry_ref(&ledger, e)).transpose()?,
        territory,
    };
    let fact = Fact {
        event: Event::Statement(statement),
        citations: args.cite.citations_in(Some(&ledger))?,
        note: args.note,
    };
    let sealed = ledger.record(&[fact], &ctx.recording()?)?;
    print_recorded(ctx, &sealed)
}

/// An entry named on the command line, by number or hash prefix, with its hash.
fn entry_ref(ledger: &Ledger, spec: &str) -> Result<EntryRef, CliError> {
    let sealed = ledger.find(spec)?;
    Ok(EntryRef {
        seq: sealed.entry.seq,
        hash: sealed.hash,
    })
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
        Format::Json => output::print_json_list(&rows)?,
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
