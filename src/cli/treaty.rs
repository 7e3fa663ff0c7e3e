//! `pacta treaty add|list|show`: registering treaties with their rules.

use super::cite::{self, CiteArgs};
use super::context::Context;
use super::error::{CliError, EXIT_USAGE};
use super::output::{self, Format};
use super::record;
use pacta::vocabulary::event::{ActKind, Event, Fact};
use pacta::vocabulary::provisions::{Provisions, TreatyWithProvisions};
use pacta::vocabulary::rules::{Delay, LaterFrom, PRESETS, Preset, Rules, SignatureCloses};
use pacta::vocabulary::treaty::Treaty;
use serde::Serialize;
use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub enum TreatyCommand {
    /// Register a treaty with its rules, from a preset and/or explicit flags.
    Add(Box<AddArgs>),
    /// List the registered treaties.
    List,
    /// Show one treaty and its rules.
    Show {
        /// The treaty's id.
        id: String,
    },
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// A short id: lower-case letters, digits, hyphens (e.g. ottawa).
    id: String,
    /// Fill the rules (and title, adoption date, depositary) from a known treaty: ottawa, ccm,
    /// rome, att, npt, tpnw, unfccc, paris.
    #[arg(long)]
    rules: Option<String>,
    #[arg(long)]
    title: Option<String>,
    /// The day the text was adopted (YYYY-MM-DD); acts before it are refused.
    #[arg(long)]
    adopted: Option<String>,
    #[arg(long)]
    depositary: Option<String>,
    /// How many instruments bring the treaty into force.
    #[arg(long)]
    eif_instruments: Option<u32>,
    /// Steps from the last required instrument to entry into force, e.g. month-start,+6m.
    #[arg(long)]
    eif_delay: Option<String>,
    /// Steps from a later state's deposit to entry into force for it.
    #[arg(long)]
    later_delay: Option<String>,
    /// Which deposits the later-state delay applies to: those after the nth instrument
    /// (default; Ottawa, Rome) or only those after entry into force (ATT, NPT).
    #[arg(long, value_name = "nth-instrument|entry-into-force")]
    later_delay_from: Option<String>,
    /// Steps from a withdrawal's deposit to its effect, e.g. +1y.
    #[arg(long)]
    withdrawal_delay: Option<String>,
    /// A withdrawal does not take effect while the state is engaged in an armed conflict.
    #[arg(long)]
    armed_conflict_suspends_withdrawal: bool,
    /// When signature closes: on-entry-into-force, never, or a date (inclusive).
    #[arg(long)]
    signature_closes: Option<String>,
    /// The kinds of instrument that count towards entry into force, e.g.
    /// ratification,acceptance,approval (default: those and accession).
    #[arg(long, value_delimiter = ',')]
    counted_instruments: Vec<String>,
    /// Steps from the treaty's entry into force for a party to the first day it may notify a
    /// withdrawal, e.g. +3y (Paris Agreement art. 28(1)); `none` for no wait.
    #[arg(long)]
    withdrawal_wait: Option<String>,
    /// Treaties a party leaves this one by leaving, e.g. unfccc (Paris Agreement art. 28(3)).
    #[arg(long, value_delimiter = ',')]
    withdrawn_with: Vec<String>,
    /// The treaty provides for provisional application by a state not yet bound.
    #[arg(long)]
    provisional_application: bool,
    #[command(flatten)]
    cite: CiteArgs,
}

pub fn run(cmd: TreatyCommand, ctx: &Context) -> Result<ExitCode, CliError> {
    match cmd {
        TreatyCommand::Add(args) => add(*args, ctx),
        TreatyCommand::List => list(ctx),
        TreatyCommand::Show { id } => show(&id, ctx),
    }
}

fn add(args: AddArgs, ctx: &Context) -> Result<ExitCode, CliError> {
    let treaty = build(&args)?;
    let provisions = provisions(&args)?;
    // A treaty without provisions is registered as format version 1 always registered one.
    let event = if provisions.is_default() {
        Event::TreatyRegistration(treaty)
    } else {
        Event::TreatyRegistrationWithProvisions(TreatyWithProvisions { treaty, provisions })
    };
    let fact = Fact {
        event,
        citations: args.cite.citations()?,
        note: None,
    };
    record::append(ctx, &[fact])
}

/// The provisions the flags describe: a preset's, each overridden by an explicit flag.
fn provisions(args: &AddArgs) -> Result<Provisions, CliError> {
    let mut p = args
        .rules
        .as_deref()
        .and_then(Preset::find)
        .map(|preset| pacta::vocabulary::provisions::of_preset(preset.name).0)
        .unwrap_or_default();
    if !args.counted_instruments.is_empty() {
        let mut kinds = args
            .counted_instruments
            .iter()
            .map(|k| k.trim().parse::<ActKind>())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| CliError::new(format!("--counted-instruments: {e}")))?;
        kinds.sort();
        kinds.dedup();
        p.counted_instruments = Some(kinds);
    }
    if let Some(text) = &args.withdrawal_wait {
        p.withdrawal_wait = match text.trim() {
            "none" => None,
            steps => Some(
                steps
                    .parse()
                    .map_err(|e| CliError::new(format!("--withdrawal-wait: {e}")))?,
            ),
        };
    }
    if !args.withdrawn_with.is_empty() {
        let mut ids = args
            .withdrawn_with
            .iter()
            .map(|t| super::when::treaty_id(t.trim()))
            .collect::<Result<Vec<_>, _>>()?;
        ids.sort();
        ids.dedup();
        p.withdrawn_with = ids;
    }
    p.provisional_application |= args.provisional_application;
    Ok(p)
}

/// The treaty the flags describe: a preset's values, each overridden by an explicit flag.
fn build(args: &AddArgs) -> Result<Treaty, CliError> {
    let preset = match &args.rules {
        Some(name) => Some(Preset::find(name).ok_or_else(|| {
            let names: Vec<&str> = PRESETS.iter().map(|p| p.name).collect();
            CliError::new(format!("--rules: no preset named '{name}'"))
                .hint(format!("presets: {}", names.join(", ")))
        })?),
        None => None,
    };
    let base = preset.map(Preset::rules);
    let delay =
        |flag: &str, given: &Option<String>, preset: Option<&Delay>| -> Result<Delay, CliError> {
            match (given, preset) {
                (Some(text), _) => text
                    .parse()
                    .map_err(|e| CliError::new(format!("--{flag}: {e}"))),
                (None, Some(d)) => Ok(d.clone()),
                (None, None) => Err(missing(flag)),
            }
        };
    let rules = Rules {
        eif_instruments: args
            .eif_instruments
            .or(base.as_ref().map(|r| r.eif_instruments))
            .ok_or_else(|| missing("eif-instruments"))?,
        eif_delay: delay(
            "eif-delay",
            &args.eif_delay,
            base.as_ref().map(|r| &r.eif_delay),
        )?,
        later_delay: delay(
            "later-delay",
            &args.later_delay,
            base.as_ref().map(|r| &r.later_delay),
        )?,
        later_delay_from: match &args.later_delay_from {
            Some(text) => text
                .parse()
                .map_err(|e| CliError::new(format!("--later-delay-from: {e}")))?,
            None => base
                .as_ref()
                .map_or(LaterFrom::NthInstrument, |r| r.later_delay_from),
        },
        withdrawal_delay: delay(
            "withdrawal-delay",
            &args.withdrawal_delay,
            base.as_ref().map(|r| &r.withdrawal_delay),
        )?,
        armed_conflict_suspends_withdrawal: args.armed_conflict_suspends_withdrawal
            || base
                .as_ref()
                .is_some_and(|r| r.armed_conflict_suspends_withdrawal),
        signature_closes: match &args.signature_closes {
            Some(text) => text
                .parse()
                .map_err(|e| CliError::new(format!("--signature-closes: {e}")))?,
            None => base
                .as_ref()
                .map_or(SignatureCloses::OnEntryIntoForce, |r| r.signature_closes),
        },
    };
    let title = args
        .title
        .clone()
        .or(preset.map(|p| p.title.to_string()))
        .ok_or_else(|| missing("title"))?;
    Ok(Treaty {
        id: super::when::treaty_id(&args.id)?,
        title,
        adopted: match &args.adopted {
            Some(text) => Some(cite::date("--adopted", text)?),
            None => preset.map(Preset::adopted),
        },
        depositary: args
            .depositary
            .clone()
            .or(preset.map(|p| p.depositary.to_string())),
        rules,
    })
}

fn missing(flag: &str) -> CliError {
    CliError::new(format!("--{flag} is required without --rules"))
        .hint("name a preset with --rules (ottawa, ccm, rome, att, npt, tpnw, unfccc, paris) or give every rule flag")
        .code(EXIT_USAGE)
}

#[derive(Serialize)]
struct TreatyView<'a> {
    id: &'a str,
    entry: u64,
    title: &'a str,
    adopted: Option<String>,
    depositary: Option<&'a str>,
    eif_instruments: u32,
    eif_delay: String,
    later_delay: String,
    later_delay_from: String,
    withdrawal_delay: String,
    armed_conflict_suspends_withdrawal: bool,
    signature_closes: String,
    counted_instruments: Vec<String>,
    withdrawal_wait: Option<String>,
    withdrawn_with: Vec<String>,
    provisional_application: bool,
}

fn view<'a>(entry: u64, t: &'a Treaty, p: &Provisions) -> TreatyView<'a> {
    TreatyView {
        id: t.id.as_str(),
        entry,
        title: &t.title,
        adopted: t.adopted.map(|d| d.to_string()),
        depositary: t.depositary.as_deref(),
        eif_instruments: t.rules.eif_instruments,
        eif_delay: t.rules.eif_delay.to_string(),
        later_delay: t.rules.later_delay.to_string(),
        later_delay_from: t.rules.later_delay_from.to_string(),
        withdrawal_delay: t.rules.withdrawal_delay.to_string(),
        armed_conflict_suspends_withdrawal: t.rules.armed_conflict_suspends_withdrawal,
        signature_closes: t.rules.signature_closes.to_string(),
        counted_instruments: p.counted().iter().map(|k| k.to_string()).collect(),
        withdrawal_wait: p.withdrawal_wait.as_ref().map(|d| d.to_string()),
        withdrawn_with: p.withdrawn_with.iter().map(|t| t.to_string()).collect(),
        provisional_application: p.provisional_application,
    }
}

fn list(ctx: &Context) -> Result<ExitCode, CliError> {
    let ledger = ctx.open()?;
    let treaties = ledger.registrations(ledger.head()?.entries)?;
    let views: Vec<TreatyView<'_>> = treaties
        .iter()
        .map(|(seq, t, p)| view(*seq, t, p))
        .collect();
    match ctx.format {
        Format::Json => {
            output::print_versioned_list(&views)?;
            return Ok(ExitCode::SUCCESS);
        }
        Format::Csv => {
            let rows = views.iter().map(|v| {
                vec![
                    v.id.to_string(),
                    v.entry.to_string(),
                    v.adopted.clone().unwrap_or_default(),
                    v.title.to_string(),
                ]
            });
            output::print_csv(&["id", "entry", "adopted", "title"], rows)?;
            return Ok(ExitCode::SUCCESS);
        }
        Format::Table => {}
    }
    let mut table = output::table(&["id", "entry", "adopted", "title"]);
    for v in &views {
        table.add_row(vec![
            v.id.to_string(),
            v.entry.to_string(),
            v.adopted.clone().unwrap_or_default(),
            v.title.to_string(),
        ]);
    }
    output::print_table(&table)?;
    Ok(ExitCode::SUCCESS)
}

fn show(id: &str, ctx: &Context) -> Result<ExitCode, CliError> {
    let ledger = ctx.open()?;
    let treaties = ledger.registrations(ledger.head()?.entries)?;
    let (seq, treaty, provisions) = treaties
        .iter()
        .find(|(_, t, _)| t.id.as_str() == id)
        .ok_or_else(|| {
            super::when::with_treaty_hint(
                &ledger,
                id,
                CliError::new(format!("unknown treaty '{id}'")),
            )
        })?;
    let v = view(*seq, treaty, provisions);
    if ctx.format == Format::Json {
        output::print_versioned(&v)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut table = output::table(&["field", "value"]);
    let rows: [(&str, String); 11] = [
        ("id", v.id.to_string()),
        ("title", v.title.to_string()),
        ("registered in entry", v.entry.to_string()),
        ("adopted", v.adopted.clone().unwrap_or_else(|| "-".into())),
        ("depositary", v.depositary.unwrap_or("-").to_string()),
        (
            "instruments for entry into force",
            v.eif_instruments.to_string(),
        ),
        ("entry-into-force delay", v.eif_delay.clone()),
        ("delay for later states", v.later_delay.clone()),
        (
            "later states are those depositing after",
            v.later_delay_from.clone(),
        ),
        ("withdrawal delay", v.withdrawal_delay.clone()),
        ("signature closes", v.signature_closes.clone()),
    ];
    for (k, val) in rows {
        table.add_row(vec![k.to_string(), val]);
    }
    table.add_row(vec![
        "armed conflict suspends withdrawal".to_string(),
        yes_no(v.armed_conflict_suspends_withdrawal),
    ]);
    let more: [(&str, String); 4] = [
        (
            "instruments counted for entry into force",
            v.counted_instruments.join(", "),
        ),
        (
            "withdrawal may be notified from",
            v.withdrawal_wait.as_ref().map_or_else(
                || "any time".to_string(),
                |w| format!("{w} after entry into force for the party"),
            ),
        ),
        (
            "withdrawal from these ends membership too",
            if v.withdrawn_with.is_empty() {
                "-".to_string()
            } else {
                v.withdrawn_with.join(", ")
            },
        ),
        ("provisional application", yes_no(v.provisional_application)),
    ];
    for (k, val) in more {
        table.add_row(vec![k.to_string(), val]);
    }
    output::print_table(&table)?;
    Ok(ExitCode::SUCCESS)
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}
