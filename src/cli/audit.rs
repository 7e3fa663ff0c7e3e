//! `pacta audit ENTRY`: everything an auditor asks of one entry.

use super::context::Context;
use super::error::CliError;
use super::output::{self, Format};
use pacta::law::projection;
use pacta::ledger::AsOf;
use pacta::vocabulary::event::Event;
use serde::Serialize;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  pacta audit 310\n  pacta audit cf19484f --format json")]
pub struct AuditArgs {
    /// The entry, by number or hash prefix.
    entry: String,
}

#[derive(Serialize)]
struct Audit {
    entry: u64,
    hash: String,
    prev: String,
    recorded_at: String,
    recorder: String,
    event: String,
    note: Option<String>,
    citations: Vec<CitationAudit>,
    /// The entry this one retracts, if it is a retraction.
    retracts: Option<u64>,
    /// The retraction that withdrew this entry, if any.
    retracted_by: Option<u64>,
    /// The entry this one gives more sources for, if it is a corroboration.
    corroborates: Option<u64>,
    /// States whose status today rests on this entry.
    supports: Vec<String>,
    /// Whether the treaty's entry into force rests on it (its Nth instrument).
    supports_treaty_entry_into_force: bool,
}

#[derive(Serialize)]
struct CitationAudit {
    #[serde(flatten)]
    citation: pacta::vocabulary::citation::Citation,
    archived: &'static str,
    /// The entry that added it: this one, or a corroboration recorded later.
    added_by: u64,
}

pub fn run(args: AuditArgs, ctx: &Context) -> Result<ExitCode, CliError> {
    let ledger = ctx.open()?;
    let sealed = ledger.find(&args.entry)?;
    let e = &sealed.entry;
    let seq = e.seq;
    let today = ctx.now()?.date();
    let mut audit = Audit {
        entry: seq,
        hash: sealed.hash.hex(),
        prev: e.prev.hex(),
        recorded_at: e.recorded_at.to_string(),
        recorder: e.recorder.clone(),
        event: e.fact.event.summary(),
        note: e.fact.note.clone(),
        citations: Vec::new(),
        retracts: None,
        retracted_by: None,
        corroborates: None,
        supports: Vec::new(),
        supports_treaty_entry_into_force: false,
    };
    for cited in ledger.citations(seq, ledger.head()?.entries)? {
        let c = &cited.citation;
        let archived = match c.source {
            None => "no archived copy",
            Some(d) if ledger.source(&d)?.is_some() => "archived in this ledger",
            Some(_) => "names an archived copy this ledger does not hold",
        };
        audit.citations.push(CitationAudit {
            citation: c.clone(),
            archived,
            added_by: cited.entry,
        });
    }
    let treaty = match &e.fact.event {
        Event::Retraction(r) => {
            audit.retracts = Some(r.target);
            treaty_of(&ledger, r.target)?
        }
        Event::Corroboration(c) => {
            audit.corroborates = Some(c.target);
            treaty_of(&ledger, c.target)?
        }
        Event::TreatyRegistration(_)
        | Event::Act(_)
        | Event::Provisions(_)
        | Event::Statement(_) => e.fact.event.treaty().cloned(),
    };
    if let Some(treaty) = treaty {
        let view = ledger.view(&treaty, AsOf::Head)?;
        audit.retracted_by = view.retracted.get(&seq).copied();
        audit.supports_treaty_entry_into_force = view
            .interpretation
            .in_force
            .nth_instrument
            .is_some_and(|p| p.entry == seq)
            || view
                .interpretation
                .in_force
                .recorded
                .is_some_and(|p| p.entry == seq);
        let p = projection::project(&view.facts.treaty, &view.interpretation, today, view.basis);
        audit.supports = p
            .states
            .iter()
            .filter(|s| s.entries.contains(&seq))
            .map(|s| format!("{} ({})", s.state, s.status.name()))
            .collect();
    }
    if ctx.format == Format::Json {
        output::print_json(&audit)?;
        return Ok(ExitCode::SUCCESS);
    }
    output::say(format!("entry      {} of the chain", audit.entry))?;
    output::say(format!("hash       {}", audit.hash))?;
    output::say(format!("previous   {}", audit.prev))?;
    output::say(format!(
        "recorded   {} by {}",
        audit.recorded_at, audit.recorder
    ))?;
    output::say(format!("event      {}", audit.event))?;
    if let Some(note) = &audit.note {
        output::say(format!("note       {note}"))?;
    }
    if let Some(t) = audit.retracts {
        output::say(format!("retracts   entry {t}"))?;
    }
    if let Some(t) = audit.corroborates {
        output::say(format!("adds       its citations to entry {t}"))?;
    }
    output::say(format!(
        "status     {}",
        audit.retracted_by.map_or("live".to_string(), |r| format!(
            "retracted by entry {r}: it counts for nothing from then on"
        ))
    ))?;
    let supports = if audit.supports.is_empty() {
        "no state's status today".to_string()
    } else {
        audit.supports.join(", ")
    };
    output::say(format!(
        "supports   {supports}{}",
        if audit.supports_treaty_entry_into_force {
            "; the treaty's entry into force"
        } else {
            ""
        }
    ))?;
    for (i, c) in audit.citations.iter().enumerate() {
        let place = c
            .citation
            .url
            .clone()
            .or_else(|| c.citation.reference.clone())
            .unwrap_or_default();
        let added = if c.added_by == audit.entry {
            String::new()
        } else {
            format!("; added by entry {}", c.added_by)
        };
        output::say(format!(
            "citation {} {} <{place}> [{}; {}{added}]",
            i + 1,
            c.citation.title,
            c.citation.kind,
            c.archived
        ))?;
        if let Some(q) = &c.citation.quote {
            output::say(format!("           \"{q}\""))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The treaty of the entry a retraction or corroboration names (following a retraction of a
/// corroboration to the fact).
fn treaty_of(
    ledger: &pacta::ledger::Ledger,
    seq: u64,
) -> Result<Option<pacta::vocabulary::treaty::TreatyId>, CliError> {
    let event = ledger.entry(seq)?.entry.fact.event;
    match event.target() {
        Some(target) if target < seq => treaty_of(ledger, target),
        Some(_) => Ok(None),
        None => Ok(event.treaty().cloned()),
    }
}
