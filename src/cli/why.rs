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
pub struct WhyArgs {
    /// The treaty's id.
    treaty: String,
    /// The state's code.
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
pub struct HistoryArgs {
    /// The treaty's id.
    treaty: String,
    /// The state's code.
    state: String,
    #[command(flatten)]
    as_of: AsOfArg,
}

/// An entry as evidence: who recorded it, when, and its sources.
#[derive(Serialize)]
struct Evidence {
    entry: u64,
    hash: String,
    recorded_at: String,
    recorder: String,
    event: String,
    citations: Vec<pacta::vocabulary::citation::Citation>,
}

fn evidence(ledger: &Ledger, seqs: &[u64]) -> Result<Vec<Evidence>, CliError> {
    seqs.iter()
        .map(|&seq| {
            let Sealed { entry, hash, .. } = ledger.entry(seq)?;
            Ok(Evidence {
                entry: seq,
                hash: hash.hex(),
                recorded_at: entry.recorded_at.to_string(),
                recorder: entry.recorder,
                event: entry.fact.event.summary(),
                citations: entry.fact.citations,
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
        evidence: evidence(&ledger, &e.entries())?,
        explanation: e,
        basis: view.basis,
    };
    if ctx.format == Format::Json {
        output::print_versioned(&out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let e = &out.explanation;
    output::say(format!(
        "{} ({}) under {} on {}: {}",
        e.state,
        e.un_name,
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
        for c in &ev.citations {
            let place = c
                .url
                .clone()
                .or_else(|| c.reference.clone())
                .unwrap_or_default();
            output::say(format!("    - {} <{place}>", c.title))?;
            if let Some(q) = &c.quote {
                output::say(format!("      \"{q}\""))?;
            }
        }
    }
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
    /// The wording of a statement (its first citation's quote).
    #[serde(skip_serializing_if = "Option::is_none")]
    quote: Option<String>,
}

/// The state's statements beyond acts (objections, territorial applications, withdrawals of
/// statements) as moments, and the wording of every statement, from its entry's citations.
fn statement_moments(
    ledger: &Ledger,
    view: &pacta::ledger::view::TreatyView,
    state: &pacta::vocabulary::country::StateCode,
    history: &pacta::law::history::StateHistory,
    moments: &mut Vec<Moment>,
) -> Result<(), CliError> {
    use pacta::law::facts::StatementEvent;
    for s in &view.facts.statements {
        if s.event.state() != state {
            continue;
        }
        let what = match &s.event {
            StatementEvent::Objection(o) => format!(
                "objection to the reservation of {} (entry {})",
                o.objected_state, o.reservation
            ),
            StatementEvent::Withdrawal(w) => format!(
                "{}withdrawal of its statement (entry {})",
                if w.partial { "partial " } else { "" },
                w.statement
            ),
            StatementEvent::Territorial(t) => format!(
                "territorial {}: {} ({}){}",
                t.scope,
                view.interpretation.un_name(&t.territory),
                t.territory,
                t.effective
                    .map(|e| format!(" (effective {e})"))
                    .unwrap_or_default()
            ),
        };
        moments.push(Moment {
            date: s.event.date(),
            what,
            entry: Some(s.seq),
            derived: false,
            status_after: history.status_at(s.event.date()),
            quote: None,
        });
    }
    let statements: Vec<u64> = view
        .interpretation
        .statements
        .iter()
        .filter(|s| &s.state == state)
        .map(|s| s.entry)
        .collect();
    for m in moments.iter_mut() {
        if m.entry.is_some_and(|e| statements.contains(&e)) {
            let fact = ledger.entry(m.entry.expect("checked above"))?.entry.fact;
            m.quote = fact.citations.into_iter().find_map(|c| c.quote);
        }
    }
    Ok(())
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
            quote: None,
        })
        .collect();
    statement_moments(&ledger, &view, &state, history, &mut moments)?;
    for m in &history.memberships {
        if let Some(from) = m.in_force_from.filter(|_| m.instrument_withdrawn.is_none()) {
            moments.push(derived(
                from,
                "enters into force for the state (by the rules)",
                history,
            ));
        }
        if let Some((other, l)) = &m.linked_withdrawal {
            moments.push(derived(
                l.effective,
                &format!("its withdrawal from {other} takes effect for this treaty (by the rules)"),
                history,
            ));
        }
        if let Some(w) = &m.withdrawal {
            if w.revoked.is_some() {
                continue;
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
    moments.sort_by_key(|m| (m.date, m.derived, m.entry));
    match ctx.format {
        Format::Json => output::print_versioned_list(&moments)?,
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
                view.interpretation.un_name(&state),
                args.treaty,
                view.basis.entries
            ))?;
            let mut table = output::table(&["date", "what", "entry", "status after"]);
            for m in &moments {
                let entry = m
                    .entry
                    .map_or_else(|| "derived".to_string(), |e| e.to_string());
                let what = match &m.quote {
                    Some(q) => format!("{}: \"{}\"", m.what, short(q)),
                    None => m.what.clone(),
                };
                table.add_row(vec![
                    m.date.to_string(),
                    what,
                    entry,
                    m.status_after.name().to_string(),
                ]);
            }
            output::print_table(&table)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A quote cut to a table's width (the whole of it is in the JSON and `pacta show`).
fn short(quote: &str) -> String {
    const WIDTH: usize = 60;
    let folded = quote.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.chars().count() <= WIDTH {
        return folded;
    }
    let cut: String = folded.chars().take(WIDTH - 1).collect();
    format!("{cut}…")
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
        quote: None,
    }
}
