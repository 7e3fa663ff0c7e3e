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
pub struct LogArgs {
    /// Only entries about this treaty.
    #[arg(long)]
    treaty: Option<String>,
    /// Only entries about this state (a code or a name), under --treaty or under every treaty.
    #[arg(long)]
    state: Option<String>,
    /// Only entries recorded by this recorder.
    #[arg(long)]
    recorder: Option<String>,
    /// Only entries recorded at or after this instant (RFC 3339) or day.
    #[arg(long)]
    since: Option<String>,
    /// Only entries recorded at or before this instant (RFC 3339) or day.
    #[arg(long)]
    until: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// An entry number or a hash prefix (at least 4 hex digits).
    entry: String,
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
    if end {
        return Ok(Some(when::end_of_day(day)));
    }
    let start = day.naive().and_hms_opt(0, 0, 0);
    Ok(Some(Instant::from_datetime(
        start.expect("valid wall-clock time").and_utc(),
    )))
}

fn selected(ledger: &Ledger, args: &LogArgs) -> Result<Vec<Sealed>, CliError> {
    let since = bound("--since", &args.since, false)?;
    let until = bound("--until", &args.until, true)?;
    let keep = |s: &Sealed| {
        args.recorder
            .as_ref()
            .is_none_or(|r| &s.entry.recorder == r)
            && since.is_none_or(|t| s.entry.recorded_at >= t)
            && until.is_none_or(|t| s.entry.recorded_at <= t)
    };
    let seqs = match (&args.treaty, &args.state) {
        (Some(t), state) => {
            let treaty = when::treaty_id(t)?;
            match state {
                Some(s) => ledger.entries_under(&treaty, Some(&when::state(s)?))?,
                None => ledger.entries_under(&treaty, None)?,
            }
        }
        (None, Some(s)) => ledger.entries_of_state(&when::state(s)?)?,
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
        Format::Json => return Ok(output::print_versioned_list(rows)?),
        Format::Csv => {
            let lines = rows.iter().map(|r| {
                vec![
                    r.entry.to_string(),
                    r.hash.clone(),
                    r.recorded_at.clone(),
                    r.recorder.clone(),
                    r.event.clone(),
                ]
            });
            return output::print_csv(&["entry", "hash", "recorded", "recorder", "event"], lines);
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
    if ctx.format == Format::Json {
        output::print_versioned(&ExportLine::of(&sealed))?;
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
    if let Some(note) = &e.fact.note {
        output::say(format!("note      {note}"))?;
    }
    for (i, c) in e.fact.citations.iter().enumerate() {
        output::say(format!("citation {}: {} [{}]", i + 1, c.title, c.kind))?;
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
