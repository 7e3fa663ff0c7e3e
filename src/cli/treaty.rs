//! `pacta treaty add|provisions|list|show`: registering treaties with their rules, and
//! recording their further provisions.

use super::cite::{self, CiteArgs};
use super::context::Context;
use super::error::{CliError, EXIT_USAGE};
use super::output::{self, Format};
use super::record;
use pacta::ledger::AsOf;
use pacta::vocabulary::event::Provisions;
use pacta::vocabulary::event::{ActKind, Event, Fact};
use pacta::vocabulary::rules::{Delay, LaterFrom, PRESETS, Preset, Rules, SignatureCloses};
use pacta::vocabulary::treaty::{Treaty, TreatyId};
use serde::Serialize;
use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub enum TreatyCommand {
    /// Register a treaty with its rules, from a preset and/or explicit flags.
    #[command(
        after_help = "Examples:\n  pacta treaty add ottawa --rules ottawa --cite-title \"Convention text\" --cite-url https://zoek.officielebekendmakingen.nl/trb-1998-65.html\n  pacta treaty add ccm --rules ccm --cite-title \"Convention on Cluster Munitions\" --cite-url https://example.org/ccm-text\n  pacta treaty add example --title \"An Example Treaty\" --adopted 2020-05-01 --eif-instruments 20 --eif-delay +90d --later-delay +90d --withdrawal-delay +1y --cite-title \"Treaty text\" --cite-url https://example.org/text"
    )]
    Add(Box<AddArgs>),
    /// Record a registered treaty's further provisions (counting instruments, a wait before
    /// withdrawal, linked treaties, provisional application); they replace the ones in force.
    #[command(
        after_help = "Examples:\n  pacta treaty provisions att --rules att --cite-title \"Arms Trade Treaty, Art. 22 and 23\" --cite-url https://example.org/att-text\n  pacta treaty provisions paris --withdrawal-notice-after +3y --withdrawn-with unfccc --cite-title \"Paris Agreement, Art. 28\" --cite-url https://example.org/paris-text\n  pacta treaty provisions example --counting ratification,acceptance,approval --cite-title \"Treaty text\" --cite-url https://example.org/text"
    )]
    Provisions(Box<ProvisionsArgs>),
    /// List the registered treaties.
    #[command(after_help = "Examples:\n  pacta treaty list\n  pacta treaty list --format json")]
    List,
    /// Show one treaty and its rules.
    #[command(
        after_help = "Examples:\n  pacta treaty show ottawa\n  pacta treaty show ottawa --format json"
    )]
    Show {
        /// The treaty's id.
        id: String,
    },
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// A short id: lower-case letters, digits, hyphens (e.g. ottawa).
    id: String,
    /// Fill the rules, provisions (and title, adoption date, depositary) from a known treaty:
    /// ottawa, ccm, rome, att, npt, unfccc, paris.
    #[arg(long)]
    rules: Option<String>,
    /// The treaty's full title (required without --rules; a preset gives one).
    #[arg(long)]
    title: Option<String>,
    /// The day the text was adopted (YYYY-MM-DD); acts before it are refused.
    #[arg(long)]
    adopted: Option<String>,
    /// Who keeps the instruments, e.g. "Secretary-General of the United Nations".
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
    #[command(flatten)]
    provisions: ProvisionFlags,
    #[command(flatten)]
    cite: CiteArgs,
}

/// The flags that set a treaty's further provisions; any given records a provisions entry.
#[derive(Debug, clap::Args)]
pub struct ProvisionFlags {
    /// The instruments that count towards entry into force, comma-separated (default:
    /// ratification,acceptance,approval,accession; ATT Art. 22(1) omits accession).
    #[arg(long, value_name = "KINDS")]
    counting: Option<String>,
    /// How long after entry into force for a party it must wait before notifying a withdrawal,
    /// e.g. +3y (Paris Agreement Art. 28(1)); `none` for no wait.
    #[arg(long, value_name = "DELAY")]
    withdrawal_notice_after: Option<String>,
    /// A treaty whose withdrawal is also a withdrawal from this one (Paris Agreement Art. 28(3):
    /// unfccc); repeat for several, or `none` for no such treaty.
    #[arg(long, value_name = "TREATY")]
    withdrawn_with: Vec<String>,
    /// What a state may apply provisionally pending entry into force for it, in the treaty's
    /// words (ATT Art. 23: "Articles 6 and 7"); `none` when the treaty provides none.
    #[arg(long, value_name = "TEXT")]
    provisional_application: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct ProvisionsArgs {
    /// The registered treaty's id.
    id: String,
    /// Start from a preset's provisions (ottawa, ccm, rome, att, npt, unfccc, paris) rather
    /// than the ones in force; each flag given overrides.
    #[arg(long)]
    rules: Option<String>,
    #[command(flatten)]
    provisions: ProvisionFlags,
    #[command(flatten)]
    cite: CiteArgs,
}

pub fn run(cmd: TreatyCommand, ctx: &Context) -> Result<ExitCode, CliError> {
    match cmd {
        TreatyCommand::Add(args) => add(*args, ctx),
        TreatyCommand::Provisions(args) => provisions(*args, ctx),
        TreatyCommand::List => list(ctx),
        TreatyCommand::Show { id } => show(&id, ctx),
    }
}

/// Registers the treaty; provisions other than the defaults (a preset's, or the flags') follow
/// as a second entry, so that a registration's bytes are what they always were.
fn add(args: AddArgs, ctx: &Context) -> Result<ExitCode, CliError> {
    let treaty = build(&args)?;
    let preset = preset(&args.rules)?;
    let base = preset.map_or_else(
        || Provisions::defaults(treaty.id.clone()),
        |p| Provisions::of_preset(p, treaty.id.clone()),
    );
    let provisions = args.provisions.over(base)?;
    let citations = args.cite.citations()?;
    let mut facts = vec![Fact {
        event: Event::TreatyRegistration(treaty),
        citations: citations.clone(),
        note: None,
    }];
    if !provisions.are_defaults() {
        facts.push(Fact {
            event: Event::Provisions(provisions),
            citations,
            note: None,
        });
    }
    record::append(ctx, &facts)
}

/// Records provisions for a registered treaty: a preset's or those in force, with the flags'
/// changes.
fn provisions(args: ProvisionsArgs, ctx: &Context) -> Result<ExitCode, CliError> {
    let id = super::when::treaty_id(&args.id)?;
    let base = match preset(&args.rules)? {
        Some(p) => Provisions::of_preset(p, id.clone()),
        None => ctx.open()?.view(&id, AsOf::Head)?.facts.provisions,
    };
    let fact = Fact {
        event: Event::Provisions(args.provisions.over(base)?),
        citations: args.cite.citations()?,
        note: None,
    };
    record::append(ctx, &[fact])
}

impl ProvisionFlags {
    /// `base` with each provision the flags give replaced.
    fn over(&self, mut base: Provisions) -> Result<Provisions, CliError> {
        if let Some(text) = &self.counting {
            let mut kinds = text
                .split(',')
                .map(|k| k.trim().parse::<ActKind>())
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| CliError::new(format!("--counting: {e}")))?;
            kinds.sort();
            kinds.dedup();
            base.counting = kinds;
        }
        if let Some(text) = &self.withdrawal_notice_after {
            base.withdrawal_notice_after = match text.trim() {
                "none" => None,
                delay => Some(
                    delay
                        .parse::<Delay>()
                        .map_err(|e| CliError::new(format!("--withdrawal-notice-after: {e}")))?,
                ),
            };
        }
        if !self.withdrawn_with.is_empty() {
            base.withdrawn_with = self
                .withdrawn_with
                .iter()
                .filter(|t| t.as_str() != "none")
                .map(|t| TreatyId::parse(t))
                .collect::<Result<_, _>>()
                .map_err(|e| CliError::new(format!("--withdrawn-with: {e}")))?;
        }
        if let Some(text) = &self.provisional_application {
            base.provisional_application = (text != "none").then(|| text.clone());
        }
        base.check()
            .map_err(|e| CliError::new(format!("provisions: {e}")).code(EXIT_USAGE))?;
        Ok(base)
    }
}

/// The preset `--rules` names, if any.
fn preset(name: &Option<String>) -> Result<Option<&'static Preset>, CliError> {
    match name {
        Some(name) => Ok(Some(Preset::find(name).ok_or_else(|| {
            let names: Vec<&str> = PRESETS.iter().map(|p| p.name).collect();
            CliError::new(format!("--rules: no preset named '{name}'"))
                .hint(format!("presets: {}", names.join(", ")))
        })?)),
        None => Ok(None),
    }
}

/// The treaty the flags describe: a preset's values, each overridden by an explicit flag.
fn build(args: &AddArgs) -> Result<Treaty, CliError> {
    let preset = preset(&args.rules)?;
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
        .hint("name a preset with --rules (ottawa, ccm, rome, att, npt, unfccc, paris) or give every rule flag")
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
    #[serde(skip_serializing_if = "Option::is_none")]
    provisions: Option<ProvisionsView>,
}

/// A treaty's provisions in force, as `treaty show` prints them.
#[derive(Serialize)]
struct ProvisionsView {
    /// The entry recording them; `None` for the defaults.
    entry: Option<u64>,
    counting: Vec<ActKind>,
    withdrawal_notice_after: Option<String>,
    withdrawn_with: Vec<String>,
    provisional_application: Option<String>,
}

impl ProvisionsView {
    fn of(entry: Option<u64>, p: &Provisions) -> ProvisionsView {
        ProvisionsView {
            entry,
            counting: p.counting.clone(),
            withdrawal_notice_after: p.withdrawal_notice_after.as_ref().map(Delay::to_string),
            withdrawn_with: p.withdrawn_with.iter().map(TreatyId::to_string).collect(),
            provisional_application: p.provisional_application.clone(),
        }
    }
}

fn view(entry: u64, t: &Treaty) -> TreatyView<'_> {
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
        provisions: None,
    }
}

fn list(ctx: &Context) -> Result<ExitCode, CliError> {
    let ledger = ctx.open()?;
    let treaties = ledger.treaties(ledger.head()?.entries)?;
    let views: Vec<TreatyView<'_>> = treaties.iter().map(|(seq, t)| view(*seq, t)).collect();
    if ctx.format == Format::Json {
        output::print_json_list(&views)?;
        return Ok(ExitCode::SUCCESS);
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
    let treaties = ledger.treaties(ledger.head()?.entries)?;
    let (seq, treaty) = treaties
        .iter()
        .find(|(_, t)| t.id.as_str() == id)
        .ok_or_else(|| {
            CliError::new(format!("unknown treaty '{id}'"))
                .hint("`pacta treaty list` shows the registered treaties")
        })?;
    let mut v = view(*seq, treaty);
    let facts = ledger.view(&treaty.id, AsOf::Head)?.facts;
    v.provisions = Some(ProvisionsView::of(
        facts.provisions_entry,
        &facts.provisions,
    ));
    if ctx.format == Format::Json {
        output::print_json(&v)?;
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
    if let Some(p) = &v.provisions {
        provision_rows(&mut table, p);
    }
    output::print_table(&table)?;
    Ok(ExitCode::SUCCESS)
}

fn provision_rows(table: &mut comfy_table::Table, p: &ProvisionsView) {
    let kinds: Vec<&str> = p.counting.iter().map(|k| k.name()).collect();
    let rows = [
        (
            "provisions recorded in entry",
            p.entry
                .map_or_else(|| "- (defaults)".into(), |e| e.to_string()),
        ),
        (
            "instruments counting towards entry into force",
            kinds.join(", "),
        ),
        (
            "withdrawal notified no earlier than, after entry into force for the party",
            p.withdrawal_notice_after
                .clone()
                .unwrap_or_else(|| "-".into()),
        ),
        (
            "withdrawal from these treaties is withdrawal from this one",
            if p.withdrawn_with.is_empty() {
                "-".into()
            } else {
                p.withdrawn_with.join(", ")
            },
        ),
        (
            "provisional application",
            p.provisional_application
                .clone()
                .unwrap_or_else(|| "-".into()),
        ),
    ];
    for (k, val) in rows {
        table.add_row(vec![k.to_string(), val]);
    }
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}
