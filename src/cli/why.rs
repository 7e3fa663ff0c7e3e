//! `pacta why` and `pacta history`: one state's standing explained, and its timeline.

use super::context::Context;
use super::error::CliError;
use super::output::{self, Format};
use super::when::{self, AsOfArg};
use pacta::chain::seal::Sealed;
use pacta::law::explanation;
use pacta::ledger::Ledger;
use serde::Serialize;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pacta why ottawa FI --at 2026-02-01\n  pacta why ottawa UA --at 2026-02-01 --format json\n  pacta why ottawa FI --at 2026-02-01 --prove > answer.json"
)]
pub struct WhyArgs {
    /// The treaty's id.
    treaty: String,
    /// The state: a code such as FI or a name such as Finland.
    state: String,
    /// The day to explain (YYYY-MM-DD); today by default.
    #[arg(long)]
    at: Option<String>,
    #[command(flatten)]
    as_of: AsOfArg,
    #[command(flatten)]
    prove: super::when::ProveArg,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pacta history ottawa FI\n  pacta history ottawa UA --as-of 300 --format json"
)]
pub struct HistoryArgs {
    /// The treaty's id.
    treaty: String,
    /// The state: a code such as FI or a name such as Finland.
    state: String,
    #[command(flatten)]
    as_of: AsOfArg,
}

/// An entry as evidence: who recorded it, when, and its sources (with those added later).
#[derive(Serialize)]
struct Evidence {
    entry: u64,
    hash: String,
    recorded_at: String,
    recorder: String,
    event: String,
    citations: Vec<super::log::CitedBy>,
}

/// The entries `seqs` as evidence, as entries 1..=`upto` tell them.
fn evidence(ledger: &Ledger, seqs: &[u64], upto: u64) -> Result<Vec<Evidence>, CliError> {
    seqs.iter()
        .map(|&seq| {
            let Sealed { entry, hash, .. } = ledger.entry(seq)?;
            Ok(Evidence {
                entry: seq,
                hash: hash.hex(),
                recorded_at: entry.recorded_at.to_string(),
                recorder: entry.recorder,
                event: entry.fact.event.summary(),
                citations: super::log::cited_by(ledger.citations(seq, upto)?),
            })
        })
        .collect()
}

#[derive(Serialize)]
struct WhyOutput {
    #[serde(flatten)]
    explanation: explanation::Explanation,
    basis: pacta::chain::prefix::Prefix,
    evidence: Vec<Evidence>,
    /// The state's statements made by the day (reservations, declarations, objections,
    /// territorial application), present when there are any; they change no date above.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    statements: Vec<super::reservations::Shown>,
}

pub fn why(args: WhyArgs, ctx: &Context) -> Result<ExitCode, CliError> {
    let state = when::state(&args.state)?;
    let at = when::at(ctx, &args.at)?;
    if args.prove.prove {
        let question = pacta::proof::answer::Question::Why {
            treaty: when::treaty_id(&args.treaty)?,
            state,
            at,
        };
        return args.prove.answer(ctx, question, &args.as_of);
    }
    let (ledger, view) = when::view(ctx, &args.treaty, &args.as_of)?;
    let e = explanation::explain(&view.facts.treaty, &view.interpretation, &state, at);
    let out = WhyOutput {
        statements: super::reservations::of_one_state(&ledger, &view, &state, Some(at))?,
        evidence: evidence(&ledger, &e.entries(), view.basis.entries)?,
        explanation: e,
        basis: view.basis,
    };
    if ctx.format == Format::Json {
        output::print_json(&out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let e = &out.explanation;
    output::say(format!(
        "{} ({}) under {} on {}: {}",
        e.state,
        e.name,
        e.treaty,
        e.at,
        e.status.name()
    ))?;
    output::say(format!(
        "as the ledger stood after entry {} (head {})",
        out.basis.entries,
        out.basis.head.short()
    ))?;
    output::say("")?;
    for (i, r) in e.reasons.iter().enumerate() {
        let cited = if r.entries.is_empty() {
            String::new()
        } else {
            format!(
                " [entries {}]",
                r.entries
                    .iter()
                    .map(u64::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        output::say(format!("{}. {}{cited}", i + 1, r.text))?;
    }
    output::say("")?;
    output::say("Evidence:")?;
    for ev in &out.evidence {
        output::say(format!(
            "  entry {} ({}), recorded {} by {}: {}",
            ev.entry,
            &ev.hash[..12],
            ev.recorded_at,
            ev.recorder,
            ev.event
        ))?;
        for cited in &ev.citations {
            let c = &cited.citation;
            let place = c
                .url
                .clone()
                .or_else(|| c.reference.clone())
                .unwrap_or_default();
            let added = if cited.entry == ev.entry {
                String::new()
            } else {
                format!(" (added by entry {})", cited.entry)
            };
            output::say(format!("    - {} <{place}>{added}", c.title))?;
            if let Some(q) = &c.quote {
                output::say(format!("      \"{q}\""))?;
            }
        }
    }
    super::reservations::print_block(
        "Statements (they change no date above):",
        &state,
        &out.statements,
    )?;
    Ok(ExitCode::SUCCESS)
}

/// One line of a state's timeline: a recorded act or a date the rules derive.
#[derive(Serialize)]
struct Moment {
    date: pacta::vocabulary::calendar::LegalDate,
    what: String,
    entry: Option<u64>,
    derived: bool,
    status_after: pacta::law::history::Status,
}

pub fn history(args: HistoryArgs, ctx: &Context) -> Result<ExitCode, CliError> {
    let (ledger, view) = when::view(ctx, &args.treaty, &args.as_of)?;
    let state = when::state(&args.state)?;
    let history = view.interpretation.states.get(&state).ok_or_else(|| {
        CliError::new(format!(
            "no act of {state} under {} is recorded in entries 1 to {}",
            args.treaty, view.basis.entries
        ))
    })?;
    let mut moments: Vec<Moment> = view
        .facts
        .acts
        .iter()
        .filter(|a| a.act.state.as_ref() == Some(&state))
        .map(|a| Moment {
            date: a.act.date,
            what: match a.act.effective {
                Some(e) => format!("{} (effective {e})", a.act.kind),
                None => a.act.kind.to_string(),
            },
            entry: Some(a.seq),
            derived: false,
            status_after: history.status_at(a.act.date),
        })
        .collect();
    for m in &history.memberships {
        if let Some(from) = m.in_force_from.filter(|_| m.instrument_withdrawn.is_none()) {
            moments.push(derived(
                from,
                "enters into force for the state (by the rules)",
                history,
            ));
        }
        if let Some(w) = &m.withdrawal {
            if w.revoked.is_some() {
                continue;
            }
            if let Some(other) = &w.implied_by {
                moments.push(Moment {
                    entry: Some(w.notified.entry),
                    ..derived(
                        w.notified.date,
                        &format!(
                            "withdrawal from {other}, also from this treaty (by its provisions)"
                        ),
                        history,
                    )
                });
            }
            match w.effective {
                Some(e) => moments.push(derived(
                    e,
                    "withdrawal takes effect (by the rules)",
                    history,
                )),
                None => moments.push(derived(
                    w.due,
                    "withdrawal due, suspended by armed conflict",
                    history,
                )),
            }
        }
    }
    for s in view
        .statements
        .iter()
        .filter(|s| s.statement.state == state)
    {
        moments.push(Moment {
            date: s.statement.date,
            what: super::reservations::in_timeline(&s.statement),
            entry: Some(s.seq),
            derived: false,
            status_after: history.status_at(s.statement.date),
        });
    }
    for p in &history.provisional {
        if let Some(end) = p
            .superseded
            .filter(|s| p.terminated.is_none_or(|t| t.date > *s))
        {
            moments.push(derived(
                end,
                "provisional application ends: in force for the state",
                history,
            ));
        }
    }
    moments.sort_by_key(|m| (m.date, m.derived, m.entry));
    match ctx.format {
        Format::Json => output::print_json_list(&moments)?,
        Format::Jsonl => output::print_json_lines(&moments)?,
        Format::Csv => {
            let rows = moments.iter().map(|m| {
                let entry = m.entry.map(|e| e.to_string()).unwrap_or_default();
                vec![
                    m.date.to_string(),
                    m.what.clone(),
                    entry,
                    m.derived.to_string(),
                    m.status_after.code().to_string(),
                ]
            });
            output::print_csv(&["date", "what", "entry", "derived", "status_after"], rows)?;
        }
        Format::Table => {
            output::say(format!(
                "{state} ({}) under {}, as the ledger stood after entry {}",
                state.country().name,
                args.treaty,
                view.basis.entries
            ))?;
            let mut table = output::table(&["date", "what", "entry", "status after"]);
            for m in &moments {
                let entry = m
                    .entry
                    .map_or_else(|| "derived".to_string(), |e| e.to_string());
                table.add_row(vec![
                    m.date.to_string(),
                    m.what.clone(),
                    entry,
                    m.status_after.name().to_string(),
                ]);
            }
            output::print_table(&table)?;
            let statements = super::reservations::of_one_state(&ledger, &view, &state, None)?;
            super::reservations::print_block(
                "Statements, with their sources (they change no date above):",
                &state,
                &statements,
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn derived(
    date: pacta::vocabulary::calendar::LegalDate,
    what: &str,
    history: &pacta::law::history::StateHistory,
) -> Moment {
    Moment {
        date,
        what: what.to_string(),
        entry: None,
        derived: true,
        status_after: history.status_at(date),
    }
}
