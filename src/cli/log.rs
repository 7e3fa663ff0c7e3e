//! `pacta log` and `pacta show`: reading entries.

use super::cite;
use super::context::Context;
use super::error::CliError;
use super::output::{self, Format};
use super::when;
use pacta::archive::export::ExportLine;
use pacta::chain::seal::Sealed;
use pacta::ledger::Ledger;
use pacta::vocabulary::calendar::Instant;
use serde::Serialize;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pacta log\n  pacta log --treaty ottawa --state FI\n  pacta log --state FI --format csv\n  pacta log --recorded-by you@example.org --since 2026-01-01\n  pacta log --format json"
)]
pub struct LogArgs {
    /// Only entries about this treaty.
    #[arg(long)]
    treaty: Option<String>,
    /// Only entries about this state (under every treaty, or under --treaty).
    #[arg(long)]
    state: Option<String>,
    /// Only entries recorded by this recorder. (Not `--recorder`, which names who records and
    /// is set by PACTA_RECORDER: one flag for both filtered every log by the recorder's name.)
    #[arg(long, value_name = "NAME")]
    recorded_by: Option<String>,
    /// Only entries recorded at or after this instant (RFC 3339) or day.
    #[arg(long)]
    since: Option<String>,
    /// Only entries recorded at or before this instant (RFC 3339) or day.
    #[arg(long)]
    until: Option<String>,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pacta show 310\n  pacta show cf19484f\n  pacta show 310 --format json"
)]
pub struct ShowArgs {
    /// An entry number or a hash prefix (at least 4 hex digits); `n:N` or `h:HEX` to say which.
    entry: String,
}

/// One citation of a fact with the entry that added it (the fact's own, or a corroboration).
#[derive(Serialize)]
pub struct CitedBy {
    /// The entry that added it.
    pub entry: u64,
    #[serde(flatten)]
    pub citation: pacta::vocabulary::citation::Citation,
}

/// A fact's citations as the CLI writes them.
pub fn cited_by(cited: Vec<pacta::law::facts::Cited>) -> Vec<CitedBy> {
    cited
        .into_iter()
        .map(|c| CitedBy {
            entry: c.entry,
            citation: c.citation,
        })
        .collect()
}

/// An entry as `show --format json` writes it: the export line, and every citation of its fact
/// (its own, then those corroborations added), each with the entry that added it.
#[derive(Serialize)]
struct Shown {
    #[serde(flatten)]
    line: ExportLine,
    citations: Vec<CitedBy>,
}

/// A row of the log.
#[derive(Serialize)]
pub struct LogRow {
    entry: u64,
    hash: String,
    recorded_at: String,
    recorder: String,
    event: String,
}

impl LogRow {
    pub fn of(s: &Sealed) -> LogRow {
        LogRow {
            entry: s.entry.seq,
            hash: s.hash.hex(),
            recorded_at: s.entry.recorded_at.to_string(),
            recorder: s.entry.recorder.clone(),
            event: s.entry.fact.event.summary(),
        }
    }
}

/// An instant bound from a timestamp or a day (a day means its start, or with `end` its end).
fn bound(flag: &str, text: &Option<String>, end: bool) -> Result<Option<Instant>, CliError> {
    let Some(text) = text else { return Ok(None) };
    if let Ok(t) = Instant::parse(text) {
        return Ok(Some(t));
    }
    let day = cite::date(flag, text)?;
    Ok(Some(if end {
        when::end_of(day)
    } else {
        when::start_of(day)
    }))
}

fn selected(ledger: &Ledger, args: &LogArgs) -> Result<Vec<Sealed>, CliError> {
    let since = bound("--since", &args.since, false)?;
    let until = bound("--until", &args.until, true)?;
    let keep = |s: &Sealed| {
        args.recorded_by
            .as_ref()
            .is_none_or(|r| &s.entry.recorder == r)
            && since.is_none_or(|t| s.entry.recorded_at >= t)
            && until.is_none_or(|t| s.entry.recorded_at <= t)
    };
    let state = args.state.as_deref().map(when::state).transpose()?;
    let seqs = match (&args.treaty, &state) {
        (Some(t), None) => {
            let mut entries = ledger.treaty_entries(&when::treaty_id(t)?)?;
            entries.retain(keep);
            return Ok(entries);
        }
        (Some(t), Some(state)) => ledger.entries_under(&when::treaty_id(t)?, Some(state))?,
        (None, Some(state)) => ledger.entries_of_state(state)?,
        (None, None) => {
            let mut all = Vec::new();
            for s in ledger.entries() {
                let s = s?;
                if keep(&s) {
                    all.push(s);
                }
            }
            return Ok(all);
        }
    };
    let mut out = Vec::new();
    for seq in seqs {
        let s = ledger.entry(seq)?;
        if keep(&s) {
            out.push(s);
        }
    }
    Ok(out)
}

pub fn log(args: LogArgs, ctx: &Context) -> Result<ExitCode, CliError> {
    let ledger = ctx.open()?;
    let rows: Vec<LogRow> = selected(&ledger, &args)?.iter().map(LogRow::of).collect();
    print_log(ctx, &rows)?;
    Ok(ExitCode::SUCCESS)
}

pub fn print_log(ctx: &Context, rows: &[LogRow]) -> Result<(), CliError> {
    match ctx.format {
        Format::Json => return Ok(output::print_json_list(rows)?),
        Format::Jsonl => return Ok(output::print_json_lines(rows)?),
        Format::Csv => {
            let header = ["entry", "hash", "recorded_at", "recorder", "event"];
            let lines = rows.iter().map(|r| {
                vec![
                    r.entry.to_string(),
                    r.hash.clone(),
                    r.recorded_at.clone(),
                    r.recorder.clone(),
                    r.event.clone(),
                ]
            });
            return output::print_csv(&header, lines);
        }
        Format::Table => {}
    }
    let mut table = output::table(&["entry", "hash", "recorded", "recorder", "event"]);
    for r in rows {
        table.add_row(vec![
            r.entry.to_string(),
            r.hash[..12].to_string(),
            r.recorded_at.clone(),
            r.recorder.clone(),
            r.event.clone(),
        ]);
    }
    Ok(output::print_table(&table)?)
}

pub fn show(args: ShowArgs, ctx: &Context) -> Result<ExitCode, CliError> {
    let ledger = ctx.open()?;
    let sealed = ledger.find(&args.entry)?;
    let citations = cited_by(ledger.citations(sealed.entry.seq, ledger.head()?.entries)?);
    if ctx.format == Format::Json {
        output::print_json(&Shown {
            line: ExportLine::of(&sealed),
            citations,
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    let e = &sealed.entry;
    output::say(format!("entry     {}", e.seq))?;
    output::say(format!("hash      {}", sealed.hash))?;
    output::say(format!("previous  {}", e.prev))?;
    output::say(format!("recorded  {} by {}", e.recorded_at, e.recorder))?;
    output::say(format!("event     {}", e.fact.event.summary()))?;
    if let pacta::vocabulary::event::Event::Retraction(r) = &e.fact.event {
        output::say(format!("reason    {}", r.reason))?;
    }
    if let pacta::vocabulary::event::Event::Corroboration(c) = &e.fact.event {
        output::say(format!("adds      its citations to entry {}", c.target))?;
    }
    if let Some(note) = &e.fact.note {
        output::say(format!("note      {note}"))?;
    }
    for (i, cited) in citations.iter().enumerate() {
        let c = &cited.citation;
        let added = if cited.entry == e.seq {
            String::new()
        } else {
            format!(" (added by entry {})", cited.entry)
        };
        output::say(format!(
            "citation {}: {} [{}]{added}",
            i + 1,
            c.title,
            c.kind
        ))?;
        let fields = [
            ("url", c.url.clone()),
            ("reference", c.reference.clone()),
            ("publisher", c.publisher.clone()),
            ("published", c.published.map(|d| d.to_string())),
            ("retrieved", c.retrieved.map(|d| d.to_string())),
            ("locator", c.locator.clone()),
            ("quote", c.quote.as_ref().map(|q| format!("\"{q}\""))),
            ("archived", c.source.map(|d| d.hex())),
        ];
        for (name, value) in fields {
            if let Some(v) = value {
                output::say(format!("  {name:<10}{v}"))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
