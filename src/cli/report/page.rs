//! The report's HTML: headings, the chart, the table of states with each fact's citations, the
//! statements beside membership, and the basis with how to verify it.
//!
//! Written with maud, whose templates are checked when pacta is compiled and escape every value
//! they splice in, so that no text from the ledger (a title, a quote, a recorder's name) can
//! become markup. Links are made only of http and https URLs.

use super::super::reservations::{describe, withdrawn_note};
use super::chart::{self, View};
use super::{Evidence, Report};
use base64::Engine;
use maud::{DOCTYPE, Markup, PreEscaped, html};
use pacta::law::history::Status;
use pacta::law::projection::StateStatus;
use pacta::law::statements::{self, Standing};
use pacta::law::timeline::MarkKind;
use pacta::vocabulary::citation::{Citation, SourceKind};
use pacta::vocabulary::plural::count;
use sha2::Digest as _;

/// The stylesheet, inlined; the page's Content-Security-Policy admits it by its hash alone.
const STYLE: &str = include_str!("style.css");

/// The policy: nothing may load or run; only the inline stylesheet applies.
fn policy() -> String {
    let hash = sha2::Sha256::digest(STYLE.as_bytes());
    format!(
        "default-src 'none'; style-src 'sha256-{}'; img-src data:; base-uri 'none'; form-action 'none'",
        base64::engine::general_purpose::STANDARD.encode(hash)
    )
}

/// The whole page.
pub fn render(r: &Report) -> String {
    let p = &r.projection;
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta http-equiv="Content-Security-Policy" content=(policy());
                meta name="generator" content={"pacta " (env!("CARGO_PKG_VERSION"))};
                title { (p.title) ": membership on " (p.at) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header {
                    p.kicker { "Treaty membership report · " code { (p.treaty) } }
                    h1 { (p.title) }
                    p.lede {
                        "Who was bound on " strong { (p.at) } ", as the ledger stood after entry "
                        (p.basis.entries) " (head " code { (p.basis.head.short()) } ")."
                    }
                }
                main {
                    (figures(r))
                    (timeline(r))
                    (states(r))
                    (statements_made(r))
                    (treaty(r))
                    (basis(r))
                }
                footer {
                    p {
                        "Made with pacta " (env!("CARGO_PKG_VERSION")) " at " (r.made) ". "
                        "This file is self-contained: it loads nothing and runs no script."
                    }
                }
            }
        }
    };
    page.into_string()
}

/// The counts on the day, as figures.
fn figures(r: &Report) -> Markup {
    let p = &r.projection;
    let eif = p.treaty_in_force.date();
    html! {
        section aria-labelledby="on-day" {
            h2 #on-day { "On " (p.at) }
            dl.figures {
                div { dt { "In force for" } dd { (count(p.counts.in_force as u64, "state", "states")) } }
                div { dt { "States Parties" } dd { (p.counts.parties) } }
                div { dt { "Signatories without an instrument" } dd { (p.counts.signatories) } }
                div {
                    dt { "The treaty itself" }
                    dd {
                        @match eif {
                            Some(d) if d <= p.at => { "in force since " span.date { (d) } }
                            Some(d) => { "enters into force " span.date { (d) } }
                            None => { "not in force" }
                        }
                    }
                }
            }
            p.note {
                "“In force” counts the states for which the treaty was in force that day; "
                "“States Parties” counts every state whose instrument was deposited and neither "
                "withdrawn nor lapsed (the figure depositaries publish), including those for whom "
                "the treaty had not yet entered into force."
                @if eif.is_none() {
                    " The treaty is not in force: too few instruments are recorded, and no date of entry into force is."
                }
            }
        }
    }
}

/// The charts, their marked days in words, and their figures as a table.
fn timeline(r: &Report) -> Markup {
    let p = &r.projection;
    let t = &r.timeline;
    let Some(whole) = View::whole(t, p.at) else {
        return html! {
            section aria-labelledby="over-time" {
                h2 #over-time { "Over time" }
                p { "No state's act is recorded yet: there is nothing to chart." }
            }
        };
    };
    let peak = t
        .points
        .iter()
        .map(|q| q.counts.in_force)
        .max()
        .unwrap_or(0);
    let now = t.counts_at(p.at);
    let title = format!("{}: states bound over time", p.title);
    let desc = format!(
        "A step chart from {} to {} of the number of states for which the treaty was in force \
         (solid line) and of States Parties (dashed line). The most in force at once: {}; on {}: {} \
         in force, {} States Parties. {} marked: {}.",
        whole.start(),
        whole.end(),
        peak,
        p.at,
        now.in_force,
        now.parties,
        count(t.marks.len() as u64, "day is", "days are"),
        t.marks
            .iter()
            .map(chart::label)
            .collect::<Vec<_>>()
            .join("; ")
    );
    let close_up = View::close_up(t, p.at);
    html! {
        section aria-labelledby="over-time" {
            h2 #over-time { "Over time" }
            figure {
                (chart::svg(t, whole, chart::WIDE, "whole", &title, &desc))
                (chart::svg(t, whole, chart::NARROW, "whole", &title, &desc))
                figcaption {
                    "States for which the treaty was in force (solid line) and States Parties "
                    "(dashed line), from the dates the ledger's facts give under the treaty's rules."
                }
            }
            @if let Some(close) = close_up {
                @let title = format!("{}: the latest withdrawals, close up", p.title);
                @let desc = format!(
                    "The same counts from {} to {}, on an axis from {} (not from zero) so that a change of a few states shows.",
                    close.start(), close.end(), close.low()
                );
                h3 { "The latest withdrawals, close up" }
                figure {
                    (chart::svg(t, close, chart::WIDE, "close", &title, &desc))
                    (chart::svg(t, close, chart::NARROW, "close", &title, &desc))
                    figcaption {
                        "The same counts from " (close.start()) " to " (close.end()) ". "
                        strong { "The vertical axis starts at " (close.low()) ", not at zero." }
                    }
                }
            }
            @if !t.marks.is_empty() {
                h3 { "Marked on the chart" }
                ul.marks {
                    @for m in &t.marks {
                        li {
                            strong { (m.date) } ": "
                            @match m.kind {
                                MarkKind::TreatyInForce => { "the treaty entered into force." }
                                MarkKind::WithdrawalEffective => {
                                    "the withdrawal of " (names(&m.states)) " took effect."
                                }
                                MarkKind::WithdrawalSuspended => {
                                    "the withdrawal of " (names(&m.states))
                                    " fell due, but does not take effect while an armed conflict lasts."
                                }
                            }
                        }
                    }
                }
            }
            details.figures-table {
                summary { "The chart's figures (" (count(t.points.len() as u64, "day", "days")) " on which a count changed)" }
                div.scroll role="region" aria-label="The chart's figures" tabindex="0" {
                    table {
                        thead { tr {
                            th scope="col" { "From" }
                            th.num scope="col" { "In force" }
                            th.num scope="col" { "States Parties" }
                            th.num scope="col" { "Signatories" }
                        } }
                        tbody {
                            @for q in &t.points {
                                tr {
                                    td.date { (q.date) }
                                    td.num { (q.counts.in_force) }
                                    td.num { (q.counts.parties) }
                                    td.num { (q.counts.signatories) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// "Estonia (EE), Latvia (LV) and Lithuania (LT)".
fn names(states: &[pacta::vocabulary::country::StateCode]) -> String {
    let named: Vec<String> = states
        .iter()
        .map(|s| format!("{} ({s})", s.country().name))
        .collect();
    match named.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// How a status looks: a class for its colour band, always beside the status in words.
fn status_class(status: Status) -> &'static str {
    match status {
        Status::Party | Status::PartyWithdrawalPending | Status::WithdrawalSuspended => "st-in",
        Status::Joined | Status::JoinedProvisionallyApplying => "st-joined",
        Status::Signatory | Status::ProvisionallyApplying => "st-signed",
        Status::Withdrawn | Status::InstrumentWithdrawn => "st-out",
        Status::NotParty | Status::SignatureWithdrawn => "st-none",
    }
}

/// The table of states, by name, each with its facts and their citations.
fn states(r: &Report) -> Markup {
    let p = &r.projection;
    let mut rows: Vec<&StateStatus> = p.states.iter().collect();
    rows.sort_by(|a, b| a.name.cmp(b.name).then_with(|| a.state.cmp(&b.state)));
    html! {
        section aria-labelledby="states" {
            h2 #states { "States on " (p.at) }
            p {
                (count(rows.len() as u64, "state has", "states have")) " acted under the treaty. "
                "Each row gives the state's status on " (p.at) " and the dates behind it; "
                "“Sources” opens every recorded fact about the state with its citations "
                "(a printed copy shows those that are open)."
            }
            div.scroll role="region" aria-labelledby="states" tabindex="0" {
                table.states role="table" {
                    caption { "Status of each state under " (p.treaty) " on " (p.at) }
                    thead role="rowgroup" { tr role="row" {
                        th scope="col" role="columnheader" { "State" }
                        th scope="col" role="columnheader" { "Status" }
                        th scope="col" role="columnheader" { "Signed" }
                        th scope="col" role="columnheader" { "Instrument" }
                        th scope="col" role="columnheader" { "In force from" }
                        th scope="col" role="columnheader" { "Withdrawal" }
                        th scope="col" role="columnheader" { "Sources" }
                    } }
                    tbody role="rowgroup" {
                        @for s in &rows {
                            (state_row(r, s))
                        }
                    }
                }
            }
        }
    }
}

fn state_row(r: &Report, s: &StateStatus) -> Markup {
    let entries = r.state_entries.get(&s.state).map_or(&[][..], Vec::as_slice);
    html! {
        tr role="row" id={"state-" (s.state)} {
            th scope="row" role="rowheader" { (s.name) span.code { (s.state) } }
            td role="cell" data-label="Status" {
                span class={"status " (status_class(s.status))} { (s.status.name()) }
                @if let Some(rv) = s.withdrawal_revoked { " (withdrawal revoked " (rv.date) ")" }
                @if let Some(n) = s.suspension_notified { " (suspension of the treaty's operation notified " (n.date) ")" }
                @if statements::has_live_reservation_or_declaration(&r.statements, s.state.as_str()) {
                    " " span.marker { "reservation or declaration in force" }
                }
            }
            td.date role="cell" data-label="Signed" { @if let Some(d) = s.signed { (d.date) } }
            td role="cell" data-label="Instrument" {
                @if let (Some(kind), Some(d)) = (s.instrument, s.deposited) {
                    (kind) " " span.date { (d.date) }
                }
                @if let Some(w) = s.instrument_withdrawn { "; withdrawn " span.date { (w.date) } }
            }
            td.date role="cell" data-label="In force from" { @if let Some(d) = s.in_force_from { (d) } }
            td role="cell" data-label="Withdrawal" {
                @if let Some(n) = s.withdrawal_notified {
                    "notified " span.date { (n.date) }
                    @match (s.withdrawal_effective, s.status) {
                        (Some(e), _) => { "; effective " span.date { (e) } }
                        (None, Status::WithdrawalSuspended) => { "; suspended by armed conflict" }
                        (None, _) => {}
                    }
                }
            }
            td role="cell" data-label="Sources" {
                @if !entries.is_empty() {
                    details {
                        summary { (count(entries.len() as u64, "fact", "facts")) span.visually-hidden { " about " (s.name) } }
                        ol.facts {
                            @for seq in entries {
                                @if let Some(e) = r.evidence.get(seq) { (fact(e)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// One entry: what it records, its place in the chain, its citations.
fn fact(e: &Evidence) -> Markup {
    html! {
        li.fact {
            p.what { (e.summary) }
            (provenance(e))
        }
    }
}

/// An entry's place in the chain, its recorder, note and citations.
fn provenance(e: &Evidence) -> Markup {
    html! {
            p.meta {
                "Entry " (e.seq) ", hash " code title=(e.hash) { (e.hash[..16]) "…" }
                ", recorded " (e.recorded_at) " by " (e.recorder)
            }
            @if let Some(note) = &e.note { p.meta { "Note: " (note) } }
            ul.citations {
                @for c in &e.citations { (citation(c)) }
            }
    }
}

/// The reservations, declarations and territorial applications made by the day, by state, each
/// with its words, its withdrawal and the objections to it, and every entry's citations.
fn statements_made(r: &Report) -> Markup {
    let at = r.projection.at;
    html! {
        section aria-labelledby="statements" {
            h2 #statements { "Reservations, declarations and territorial application on " (at) }
            @if r.statements.is_empty() {
                p { "No reservation, declaration or territorial application made by " (at) " is recorded." }
            } @else {
                p {
                    "As a depositary lists them: each state's statements made by " (at) ", with the "
                    "objections other states made to a reservation and any withdrawal in force by then. "
                    "They change no date above."
                }
                @for made in r.statements.chunk_by(|a, b| a.statement.state == b.statement.state) {
                    @let state = &made[0].statement.state;
                    h3 { (state.country().name) span.code { (state) } }
                    ol.facts {
                        @for s in made { (statement(r, s)) }
                    }
                }
            }
        }
    }
}

/// One statement: what and when, its words, its entry and citations, the objections to it.
fn statement(r: &Report, s: &Standing) -> Markup {
    html! {
        li.fact {
            p.what { (describe(&s.statement)) (withdrawn_note(s.withdrawn)) }
            @if let Some(text) = &s.statement.text { blockquote.words { (text) } }
            @if let Some(e) = r.evidence.get(&s.entry) { (provenance(e)) }
            @if !s.objections.is_empty() {
                ol.facts.objections {
                    @for o in &s.objections { (statement(r, o)) }
                }
            }
        }
    }
}

/// A URL fit to link to: http or https only, so that no link can run anything.
fn linkable(url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|u| matches!(u.scheme(), "http" | "https"))
}

fn citation(c: &Citation) -> Markup {
    let details: Vec<String> = [
        c.publisher.clone(),
        c.published.map(|d| format!("published {d}")),
        c.reference.clone(),
        c.locator.clone(),
        c.retrieved.map(|d| format!("retrieved {d}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    html! {
        li.citation {
            p.source {
                @match &c.url {
                    Some(url) if linkable(url) => { a href=(url) rel="noreferrer" { (c.title) } }
                    _ => { (c.title) }
                }
                @if c.kind != SourceKind::Unspecified {
                    " " span.kind { "(" (c.kind.to_string().replace('-', " ")) ")" }
                }
            }
            @if !details.is_empty() { p.meta { (details.join(" · ")) } }
            @if let Some(url) = c.url.as_ref().filter(|u| !linkable(u)) { p.meta { "Address: " code { (url) } } }
            @if let Some(q) = &c.quote { blockquote { (q) } }
            @if let Some(d) = c.source {
                p.meta { "Archived copy in the ledger, BLAKE3 " code.digest { (d.hex()) } }
            }
        }
    }
}

/// The treaty's own facts: its registration and rules, and treaty-wide acts.
fn treaty(r: &Report) -> Markup {
    let t = &r.treaty;
    let rules = &t.rules;
    html! {
        section aria-labelledby="treaty" {
            h2 #treaty { "The treaty and its rules" }
            dl.pairs {
                dt { "Id in the ledger" } dd { code { (t.id) } }
                @if let Some(d) = t.adopted { dt { "Adopted" } dd { (d) } }
                @if let Some(d) = &t.depositary { dt { "Depositary" } dd { (d) } }
                dt { "Entry into force" }
                dd {
                    "after " (count(u64::from(rules.eif_instruments), "instrument", "instruments"))
                    " of ratification, acceptance, approval or accession, by the steps "
                    code { (rules.eif_delay) } " from the last of them"
                }
                dt { "For a state that joins later" } dd { "by the steps " code { (rules.later_delay) } " from its deposit" }
                dt { "Withdrawal" }
                dd {
                    "takes effect by the steps " code { (rules.withdrawal_delay) } " from its deposit"
                    @if rules.armed_conflict_suspends_withdrawal { ", but not while the state is engaged in an armed conflict" }
                }
            }
            h3 { "Facts about the treaty itself" }
            ol.facts {
                @for seq in &r.treaty_entries {
                    @if let Some(e) = r.evidence.get(seq) { (fact(e)) }
                }
            }
        }
    }
}

/// The entries the report rests on, the checkpoint, and how to check them.
fn basis(r: &Report) -> Markup {
    let c = &r.checkpoint;
    let p = &r.projection;
    let n = p.basis.entries;
    html! {
        section aria-labelledby="basis" {
            h2 #basis { "Basis and how to verify it" }
            p {
                "Everything above is computed from entries 1 to " (n) " of a hash-chained ledger: "
                "each entry's BLAKE3 hash covers the entry before it, so changing any fact changes "
                "every hash after it and the Merkle root over them all."
            }
            dl.pairs {
                dt { "Entries" } dd { "1 to " (n) }
                dt { "Head hash (entry " (n) ")" } dd { code.digest { (c.head.hex()) } }
                dt { "Merkle root" } dd { code.digest { (c.root.hex()) } }
                dt { "Ledger" } dd { code { (c.origin) } }
                dt { "Checkpoint signature" }
                dd {
                    @if c.signatures.is_empty() { "not signed" }
                    @for s in &c.signatures { "signed by " code { (s.name) } " " }
                }
            }
            h3 { "The checkpoint" }
            pre.checkpoint { (c.to_text()) }
            h3 { "How to verify" }
            ol.steps {
                li {
                    "Get the ledger, or its export and sources, from its keeper; "
                    code { "pacta restore ledger.jsonl --sources docs --ledger copy" }
                    " rebuilds it and checks every line."
                }
                li {
                    code { "pacta --ledger copy verify" }
                    " recomputes every hash, link, index and the Merkle tree."
                }
                li {
                    code { "pacta --ledger copy status " (p.treaty) " --at " (p.at) " --as-of " (n) }
                    " prints the table above, with head " code { (p.basis.head.short()) } "."
                }
                li {
                    "Save the checkpoint above as " code { "checkpoint.txt" } "; "
                    code { "pacta --ledger copy prove --consistency checkpoint.txt > proof.json" }
                    " and " code { "pacta verify-proof proof.json" }
                    " show that the copy extends the ledger this report was made from without rewriting any entry."
                    @if !c.signatures.is_empty() {
                        " The checkpoint's signature is checked by "
                        code { "pacta verify-proof proof.json --key KEY.pub" }
                        " with the keeper's public key, when the keeper signs the proof's new checkpoint too ("
                        code { "prove --consistency checkpoint.txt --sign KEY" } ")."
                    }
                }
            }
        }
    }
}
