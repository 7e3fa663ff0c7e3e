//! `pacta reservations`: a treaty's reservations, declarations, objections and territorial
//! application on a day, as a depositary's status page lists them, with entries and citations.

use super::context::Context;
use super::error::CliError;
use super::log::{CitedBy, cited_by};
use super::output::{self, Format};
use super::when::{self, AsOfArg};
use pacta::law::statements::{self, Standing, Withdrawn};
use pacta::ledger::Ledger;
use pacta::ledger::view::TreatyView;
use pacta::vocabulary::calendar::LegalDate;
use pacta::vocabulary::country::StateCode;
use pacta::vocabulary::statement::{Statement, StatementKind};
use serde::Serialize;
use std::process::ExitCode;

/// The version of the JSON this command writes; a change of shape raises it.
const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pacta reservations ottawa\n  pacta reservations ottawa --state DK\n  pacta reservations ottawa --at 1999-01-01 --format json\n  pacta reservations ottawa --format csv > statements.csv"
)]
pub struct ReservationsArgs {
    /// The treaty's id.
    treaty: String,
    /// Only this state's statements, and its objections to others' reservations.
    #[arg(long)]
    state: Option<String>,
    /// The day to answer for (YYYY-MM-DD): statements made by then, withdrawals in force by
    /// then; every statement recorded by default.
    #[arg(long)]
    at: Option<String>,
    #[command(flatten)]
    as_of: AsOfArg,
}

/// A statement as this command shows it: its entry, hash and citations, and what became of it.
#[derive(Serialize)]
pub struct Shown {
    entry: u64,
    hash: String,
    name: &'static str,
    #[serde(flatten)]
    statement: Statement,
    territory_name: Option<&'static str>,
    withdrawn: Option<Withdrawn>,
    citations: Vec<CitedBy>,
    objections: Vec<Shown>,
}

#[derive(Serialize)]
struct Page {
    schema_version: u32,
    treaty: String,
    title: String,
    at: Option<LegalDate>,
    basis: pacta::chain::prefix::Prefix,
    statements: Vec<Shown>,
}

pub fn run(args: ReservationsArgs, ctx: &Context) -> Result<ExitCode, CliError> {
    let at = args
        .at
        .as_deref()
        .map(|d| super::cite::date("--at", d))
        .transpose()?;
    let state = args.state.as_deref().map(when::state).transpose()?;
    let (ledger, view) = when::view(ctx, &args.treaty, &args.as_of)?;
    let mut standing = of_state(statements::standing(&view.statements, at), state.as_ref());
    statements::sort_by_state(&mut standing);
    let page = Page {
        schema_version: SCHEMA_VERSION,
        treaty: view.facts.treaty.id.to_string(),
        title: view.facts.treaty.title.clone(),
        at,
        basis: view.basis,
        statements: standing
            .iter()
            .map(|s| shown(&ledger, &view, s))
            .collect::<Result<_, _>>()?,
    };
    match ctx.format {
        Format::Json => output::print_json(&page)?,
        Format::Jsonl => output::print_json_line(&page)?,
        Format::Csv => print_csv(&page)?,
        Format::Table => print_page(&page)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// With a state: its own statements, and the reservations of others it objected to (with its
/// objections only).
fn of_state(standing: Vec<Standing>, state: Option<&StateCode>) -> Vec<Standing> {
    let Some(state) = state else {
        return standing;
    };
    standing
        .into_iter()
        .filter_map(|mut s| {
            if s.statement.state != *state {
                s.objections.retain(|o| o.statement.state == *state);
                if s.objections.is_empty() {
                    return None;
                }
            }
            Some(s)
        })
        .collect()
}

fn shown(ledger: &Ledger, view: &TreatyView, s: &Standing) -> Result<Shown, CliError> {
    let upto = view.basis.entries;
    Ok(Shown {
        entry: s.entry,
        hash: ledger.entry(s.entry)?.hash.hex(),
        name: s.statement.state.country().name,
        statement: s.statement.clone(),
        territory_name: s.statement.territory.as_ref().map(|t| t.name()),
        withdrawn: s.withdrawn,
        citations: cited_by(ledger.citations(s.entry, upto)?),
        objections: s
            .objections
            .iter()
            .map(|o| shown(ledger, view, o))
            .collect::<Result<_, _>>()?,
    })
}

/// One state's statements under the treaty made by `at` (all with `None`), with the
/// objections to its reservations and its own objections to others', as `why` and `history`
/// show them.
pub fn of_one_state(
    ledger: &Ledger,
    view: &TreatyView,
    state: &StateCode,
    at: Option<LegalDate>,
) -> Result<Vec<Shown>, CliError> {
    of_state(statements::standing(&view.statements, at), Some(state))
        .iter()
        .map(|s| shown(ledger, view, s))
        .collect()
}

/// Prints one state's statements under a heading, as this command does (another state's
/// reservation it objected to is named as such); nothing when there are none.
pub fn print_block(heading: &str, state: &StateCode, shown: &[Shown]) -> Result<(), CliError> {
    if shown.is_empty() {
        return Ok(());
    }
    output::say("")?;
    output::say(heading)?;
    for s in shown {
        if s.statement.state != *state {
            output::say(format!("  of {} ({}):", s.name, s.statement.state))?;
        }
        print_one(s, "  ")?;
        for o in &s.objections {
            print_one(o, "      ")?;
        }
    }
    Ok(())
}

/// A statement as a line of a state's timeline: "reservation: Article 5 ...", "objection to
/// entry 5", "territorial-extension to Greenland (GL)".
pub fn in_timeline(statement: &Statement) -> String {
    let what = match (&statement.territory, statement.refers_to) {
        (Some(t), _) if statement.kind == StatementKind::TerritorialExclusion => {
            format!("{} of {} ({t})", statement.kind, t.name())
        }
        (Some(t), _) => format!("{} to {} ({t})", statement.kind, t.name()),
        (None, Some(r)) if statement.kind == StatementKind::Objection => {
            format!("objection to entry {}", r.seq)
        }
        (None, Some(r)) => format!("{} of entry {}", statement.kind, r.seq),
        (None, None) => statement.kind.to_string(),
    };
    // The first words of the text; `reservations` and `show` give it whole.
    const CHARS: usize = 60;
    match statement.text.as_deref().and_then(|t| t.lines().next()) {
        Some(line) if line.chars().count() > CHARS => {
            let cut: String = line.chars().take(CHARS).collect();
            format!("{what}: {cut}…")
        }
        Some(line) => format!("{what}: {line}"),
        None => what,
    }
}

/// A statement in a few words with its date: "reservation 1998-06-08", "objection by Sweden (SE)
/// 1998-09-01", "territorial-extension to Greenland (GL) 1998-06-08".
pub fn describe(statement: &Statement) -> String {
    let what = match (&statement.territory, statement.kind) {
        (Some(t), StatementKind::TerritorialExclusion) => {
            format!("{} of {} ({t})", statement.kind, t.name())
        }
        (Some(t), _) => format!("{} to {} ({t})", statement.kind, t.name()),
        (None, StatementKind::Objection) => format!(
            "objection by {} ({})",
            statement.state.country().name,
            statement.state
        ),
        (None, kind) => match statement.refers_to {
            Some(r) => format!("{kind} of entry {}", r.seq),
            None => kind.to_string(),
        },
    };
    format!("{what} {}", statement.date)
}

/// " — withdrawn DATE (entry N)" for a withdrawn statement, else nothing.
pub fn withdrawn_note(withdrawn: Option<Withdrawn>) -> String {
    withdrawn
        .map(|w| format!(" — withdrawn {} (entry {})", w.date, w.entry))
        .unwrap_or_default()
}

fn print_page(page: &Page) -> Result<(), CliError> {
    output::say(format!("{}: {}", page.treaty, page.title))?;
    let on = page
        .at
        .map_or_else(|| "every statement".to_string(), |d| format!("on {d}"));
    output::say(format!(
        "reservations, declarations, objections and territorial application, {on}, as the ledger stood after entry {} (head {})",
        page.basis.entries,
        page.basis.head.short()
    ))?;
    if page.statements.is_empty() {
        output::say("")?;
        output::say("none recorded")?;
    }
    let mut last_state = None;
    for s in &page.statements {
        if last_state != Some(&s.statement.state) {
            output::say("")?;
            output::say(format!("{} ({})", s.name, s.statement.state))?;
            last_state = Some(&s.statement.state);
        }
        print_one(s, "  ")?;
        for o in &s.objections {
            print_one(o, "      ")?;
        }
    }
    Ok(())
}

fn print_one(s: &Shown, indent: &str) -> Result<(), CliError> {
    output::say(format!(
        "{indent}{} [entry {}, {}]{}",
        describe(&s.statement),
        s.entry,
        &s.hash[..12],
        withdrawn_note(s.withdrawn)
    ))?;
    if let Some(text) = &s.statement.text {
        for line in text.lines() {
            output::say(format!("{indent}  | {line}"))?;
        }
    }
    for cited in &s.citations {
        let c = &cited.citation;
        let place = c.url.clone().or_else(|| c.reference.clone());
        let place = place.map(|p| format!(" <{p}>")).unwrap_or_default();
        output::say(format!("{indent}  source: {}{place}", c.title))?;
        if let Some(q) = &c.quote {
            output::say(format!("{indent}    \"{q}\""))?;
        }
    }
    Ok(())
}

fn print_csv(page: &Page) -> Result<(), CliError> {
    let header = [
        "state",
        "name",
        "kind",
        "date",
        "territory",
        "objects_to_entry",
        "text",
        "withdrawn",
        "withdrawal_entry",
        "entry",
        "hash",
        "citations",
    ];
    let row = |s: &Shown, objects_to: Option<u64>| {
        let citations: Vec<String> = s
            .citations
            .iter()
            .map(|c| c.citation.title.clone())
            .collect();
        vec![
            s.statement.state.to_string(),
            s.name.to_string(),
            s.statement.kind.to_string(),
            s.statement.date.to_string(),
            s.statement
                .territory
                .as_ref()
                .map(|t| t.to_string())
                .unwrap_or_default(),
            objects_to.map(|e| e.to_string()).unwrap_or_default(),
            s.statement.text.clone().unwrap_or_default(),
            s.withdrawn.map(|w| w.date.to_string()).unwrap_or_default(),
            s.withdrawn.map(|w| w.entry.to_string()).unwrap_or_default(),
            s.entry.to_string(),
            s.hash.clone(),
            citations.join(" | "),
        ]
    };
    let rows = page.statements.iter().flat_map(|s| {
        std::iter::once(row(s, None)).chain(s.objections.iter().map(|o| row(o, Some(s.entry))))
    });
    output::print_csv(&header, rows)
}
