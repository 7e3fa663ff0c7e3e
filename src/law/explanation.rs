//! Explanations: how a state's status on a day follows from entries and rules, step by step.
//!
//! Each [`Reason`] is one sentence with the entries it rests on, so that a reader can check every
//! step against the entries and their citations. The sentences only render what the reading
//! recorded ([`crate::law::history::InForceRule`], the treaty's entry into force, withdrawals):
//! every date they state is one the derivation used, and every "before" or "after" they assert
//! is a comparison of those dates made here, where the sentence is written.

use crate::law::history::{InForceRule, Membership, Status, Threshold, Withdrawal};
use crate::law::interpret::Interpretation;
use crate::law::statements::StatementKind;
use crate::vocabulary::calendar::LegalDate;
use crate::vocabulary::country::StateCode;
use crate::vocabulary::event::ActKind;
use crate::vocabulary::treaty::Treaty;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    pub text: String,
    pub entries: Vec<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation {
    pub treaty: String,
    pub state: StateCode,
    /// The name `data/iso3166.csv` gives (or an entity's registered name).
    pub name: String,
    pub at: LegalDate,
    pub status: Status,
    pub reasons: Vec<Reason>,
    /// The UN's short name, for tables.
    #[serde(skip)]
    pub un_name: String,
}

impl Explanation {
    /// Every entry cited by any step, ascending.
    pub fn entries(&self) -> Vec<u64> {
        let mut all: Vec<u64> = self
            .reasons
            .iter()
            .flat_map(|r| r.entries.iter().copied())
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    }
}

fn reason(text: String, entries: &[u64]) -> Reason {
    Reason {
        text,
        entries: entries.to_vec(),
    }
}

/// How `a` stands to `b`, in words.
fn relation(a: LegalDate, b: LegalDate) -> &'static str {
    match a.cmp(&b) {
        std::cmp::Ordering::Less => "before",
        std::cmp::Ordering::Equal => "on the day of",
        std::cmp::Ordering::Greater => "after",
    }
}

/// Explains `state`'s status under `treaty` on `at`.
pub fn explain(
    treaty: &Treaty,
    interpretation: &Interpretation,
    state: &StateCode,
    at: LegalDate,
) -> Explanation {
    let mut reasons = vec![treaty_in_force(treaty, interpretation)];
    let history = interpretation.states.get(state);
    let status = history.map_or(Status::NotParty, |h| h.status_at(at));
    match history {
        None => reasons.push(reason(
            format!("No act of {state} under {} is recorded.", treaty.id),
            &[],
        )),
        Some(h) => {
            if let Some(s) = h.signature.filter(|s| s.date <= at) {
                reasons.push(reason(format!("{state} signed on {}.", s.date), &[s.entry]));
            }
            if let Some(w) = h.signature_withdrawn.filter(|w| w.date <= at) {
                reasons.push(reason(
                    format!("{state} withdrew its signature on {}.", w.date),
                    &[w.entry],
                ));
            }
            if let Some(m) = h.membership_at(at) {
                reasons.extend(membership(treaty, interpretation, state, m, at));
            }
            if let Some(p) = h.provisional_at(at) {
                let from = p
                    .effective
                    .filter(|e| *e > p.declared.date)
                    .map(|e| format!(", from {e}"))
                    .unwrap_or_default();
                reasons.push(reason(
                    format!(
                        "{state} declared on {} that it applies the treaty provisionally{from}, pending its entry into force for it; provisional application does not make it a party.",
                        p.declared.date
                    ),
                    &[p.declared.entry],
                ));
            }
            if let Some(s) = h.suspension_at(at) {
                let from = s
                    .effective
                    .map(|e| format!(" as of {e}"))
                    .unwrap_or_default();
                reasons.push(reason(
                    format!(
                        "{state} notified a suspension of the treaty's operation on {}{from}. The treaty's rules give such a notice no effect on membership, so it does not change the status.",
                        s.notified.date
                    ),
                    &[s.notified.entry],
                ));
            }
        }
    }
    reasons.extend(statements(interpretation, state, at));
    reasons.push(reason(
        format!("So on {at} the status of {state} is: {}.", status.name()),
        &[],
    ));
    Explanation {
        treaty: treaty.id.to_string(),
        state: state.clone(),
        name: interpretation.table_name(state),
        at,
        status,
        reasons,
        un_name: interpretation.un_name(state),
    }
}

/// "ratifications, acceptances and approvals": the kinds of instrument counted.
fn counted_names(kinds: &[ActKind]) -> String {
    let names: Vec<String> = kinds.iter().map(|k| format!("{k}s")).collect();
    match names.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

fn treaty_in_force(treaty: &Treaty, interpretation: &Interpretation) -> Reason {
    let eif = &interpretation.in_force;
    let rules = &treaty.rules;
    let counted = counted_names(interpretation.provisions.counted());
    let mut r = match (eif.recorded, eif.nth_instrument, eif.by_rule) {
        (Some(rec), _, _) => reason(
            format!("The treaty's entry into force on {} is recorded.", rec.date),
            &[rec.entry],
        ),
        (None, Some(nth), Some(date)) => reason(
            format!(
                "The treaty entered into force on {date}: its instrument number {} (counting {counted}) was deposited on {}, and its entry-into-force delay {} runs from that day.",
                rules.eif_instruments, nth.date, rules.eif_delay
            ),
            &[nth.entry],
        ),
        _ => reason(
            format!(
                "The treaty is not in force: fewer than the {} instruments it needs (counting {counted}) are recorded.",
                rules.eif_instruments
            ),
            &[],
        ),
    };
    if let Some((recorded, by_rule)) = eif.discrepancy() {
        r.text.push_str(&format!(
            " The rules would give {by_rule} instead; the recorded date {recorded} is used."
        ));
    }
    r
}

fn membership(
    treaty: &Treaty,
    interpretation: &Interpretation,
    state: &StateCode,
    m: &Membership,
    at: LegalDate,
) -> Vec<Reason> {
    let mut out = vec![reason(
        format!(
            "{state} deposited its instrument of {} on {}.",
            m.instrument, m.deposited.date
        ),
        &[m.deposited.entry],
    )];
    if let Some(w) = m.instrument_withdrawn.filter(|w| w.date <= at) {
        out.push(reason(
            format!(
                "{state} withdrew that instrument on {}, before it took effect.",
                w.date
            ),
            &[w.entry],
        ));
        return out;
    }
    out.extend(in_force(treaty, state, m));
    if let Some(w) = m.withdrawal.as_ref().filter(|w| w.notified.date <= at) {
        out.extend(withdrawal(treaty, interpretation, state, w, at));
    }
    if let Some((other, l)) = m
        .linked_withdrawal
        .as_ref()
        .filter(|(_, l)| l.notified.date <= at)
    {
        let ended = if l.effective <= at {
            "so its membership ended on that day"
        } else {
            "so its membership ends on that day"
        };
        out.push(reason(
            format!(
                "{state} notified its withdrawal from {other} on {}, taking effect on {}; under this treaty's rules a withdrawal from {other} is a withdrawal from this treaty, {ended}.",
                l.notified.date, l.effective
            ),
            &[l.notified.entry],
        ));
    }
    out
}

/// Why the membership entered into force when it did, rendered from the rule the reading
/// applied and the dates it used.
fn in_force(treaty: &Treaty, state: &StateCode, m: &Membership) -> Option<Reason> {
    let from = m.in_force_from?;
    let delay = &treaty.rules.later_delay;
    let n = treaty.rules.eif_instruments;
    let text = match m.in_force_rule? {
        InForceRule::WithTreaty {
            threshold: Threshold::NthInstrument(_),
            ..
        } => format!(
            "It deposited by the day of the instrument that brought the treaty into force, so the treaty bound {state} from its own entry into force, {from}."
        ),
        InForceRule::WithTreaty {
            deposited,
            treaty: eif,
            ..
        } => format!(
            "It deposited on {deposited}, {} the treaty's entry into force on {eif}; under the rule for states depositing by then the treaty bound {state} from its own entry into force, {from}.",
            relation(deposited, eif)
        ),
        InForceRule::LaterDelay {
            deposited,
            threshold,
            own,
            treaty: eif,
        } => {
            let after = match threshold {
                Threshold::NthInstrument(_) if deposited > eif => {
                    format!("It deposited after the treaty's entry into force on {eif}")
                }
                Threshold::NthInstrument(nth) => format!(
                    "It deposited on {deposited}, after the instrument that completed the {n} required (deposited {}) and {} the treaty's entry into force on {eif}",
                    nth.date,
                    relation(deposited, eif)
                ),
                Threshold::EntryIntoForce(_) => {
                    format!("It deposited after the treaty's entry into force on {eif}")
                }
                Threshold::NthNotRecorded(_) => format!(
                    "Fewer than the {n} instruments the rules require are recorded (the treaty's entry into force on {eif} is recorded from a source), so its deposit is read as later than the last one required"
                ),
            };
            match own.filter(|own| *own > eif) {
                Some(_) => format!(
                    "{after}; under the rule for later states ({delay} from deposit) the treaty entered into force for {state} on {from}."
                ),
                None => format!(
                    "{after}; the rule for later states ({delay} from deposit) gives {}, no later than the treaty's entry into force, so the treaty bound {state} from {from}.",
                    own.map_or("no date".to_string(), |o| o.to_string())
                ),
            }
        }
        InForceRule::Stated(_) => format!(
            "The instrument states the date it takes effect, {from}, which the rules do not compute (a succession dates from the succession)."
        ),
        InForceRule::Recorded(_) => format!("Entry into force for {state} on {from} is recorded."),
    };
    let mut entries = vec![m.deposited.entry];
    entries.extend(m.in_force_entry);
    Some(reason(text, &entries))
}

fn withdrawal(
    treaty: &Treaty,
    interpretation: &Interpretation,
    state: &StateCode,
    w: &Withdrawal,
    at: LegalDate,
) -> Vec<Reason> {
    let delay = &treaty.rules.withdrawal_delay;
    let stated = w
        .stated
        .map(|s| format!("; the notice states {s}"))
        .unwrap_or_default();
    let mut out = vec![reason(
        format!(
            "{state} notified its withdrawal on {}. The withdrawal delay ({delay}) gives {}{stated}, so it is due on {}.",
            w.notified.date,
            delay
                .apply(w.notified.date)
                .map_or("no date".into(), |d| d.to_string()),
            w.due
        ),
        &[w.notified.entry],
    )];
    if let Some(r) = w.revoked.filter(|r| r.date <= at) {
        out.push(reason(
            format!(
                "{state} revoked the withdrawal on {}, before it took effect.",
                r.date
            ),
            &[r.entry],
        ));
        return out;
    }
    if let Some(conflict) = w.suspended_by {
        let history = &interpretation.states[state];
        let c = history.conflicts.iter().find(|c| c.start.entry == conflict);
        let start = c.map(|c| c.start.date.to_string()).unwrap_or_default();
        let end = c.and_then(|c| c.end).filter(|e| e.date <= at);
        let mut entries = vec![conflict];
        let tail = match (end, w.effective) {
            (Some(end), Some(effective)) => {
                entries.push(end.entry);
                format!("; the conflict's end is recorded on {}, so the withdrawal took effect on {effective}", end.date)
            }
            _ => "; no end of the conflict is recorded by this day, so the withdrawal remains suspended".to_string(),
        };
        out.push(reason(
            format!("When it fell due, {state} was engaged in an armed conflict recorded from {start}; under the treaty's armed-conflict clause a withdrawal does not take effect before the conflict ends{tail}."),
            &entries,
        ));
    } else if let Some(effective) = w.effective.filter(|e| *e <= at) {
        out.push(reason(
            format!("The withdrawal took effect on {effective}."),
            &[w.notified.entry],
        ));
    }
    out
}

/// The state's reservations, declarations, objections and territorial applications in force on
/// the day, in one sentence.
fn statements(interpretation: &Interpretation, state: &StateCode, at: LegalDate) -> Vec<Reason> {
    let live: Vec<_> = interpretation
        .statements
        .iter()
        .filter(|s| &s.state == state && s.live_at(at))
        .collect();
    if live.is_empty() {
        return Vec::new();
    }
    let parts: Vec<String> = live
        .iter()
        .map(|s| {
            let what = match &s.kind {
                StatementKind::Reservation => "a reservation".to_string(),
                StatementKind::Declaration => "a declaration".to_string(),
                StatementKind::Objection {
                    objected_state,
                    reservation,
                } => format!(
                    "an objection to the reservation of {objected_state} (entry {reservation})"
                ),
                StatementKind::Territorial {
                    territory, scope, ..
                } => format!(
                    "a territorial {scope} for {} ({territory})",
                    interpretation.un_name(territory)
                ),
            };
            let partly = s
                .partly_withdrawn
                .iter()
                .filter(|p| p.date <= at)
                .map(|p| format!(", partly withdrawn on {} (entry {})", p.date, p.entry))
                .collect::<String>();
            format!("{what} made on {} (entry {}){partly}", s.date, s.entry)
        })
        .collect();
    let mut entries: Vec<u64> = live.iter().map(|s| s.entry).collect();
    entries.extend(
        live.iter()
            .flat_map(|s| s.partly_withdrawn.iter().filter(|p| p.date <= at))
            .map(|p| p.entry),
    );
    entries.sort_unstable();
    vec![reason(
        format!(
            "{state} has {}. Statements beyond membership do not change its status.",
            parts.join("; ")
        ),
        &entries,
    )]
}
