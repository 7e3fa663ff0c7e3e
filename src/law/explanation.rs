//! Explanations: how a state's status on a day follows from entries and rules, step by step.
//!
//! Each [`Reason`] is one sentence with the entries it rests on, so that a reader can check every
//! step against the entries and their citations.

use crate::law::history::{InForceBasis, Membership, Status, Withdrawal};
use crate::law::interpret::Interpretation;
use crate::vocabulary::calendar::LegalDate;
use crate::vocabulary::country::StateCode;
use crate::vocabulary::plural::count;
use crate::vocabulary::treaty::Treaty;
use serde::Serialize;

/// One step of an explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// The step in words, as English sentences.
    pub text: String,
    /// The entries the step rests on; empty for a conclusion or an absence.
    pub entries: Vec<u64>,
}

/// Why a state has its status under a treaty on a day: the steps from the treaty's entry into
/// force to the status, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// The treaty's id.
    pub treaty: String,
    /// The state explained, by its canonical code.
    pub state: StateCode,
    /// The state's name, from the built-in table.
    pub name: &'static str,
    /// The day of the status explained (valid time).
    pub at: LegalDate,
    /// The state's status on that day.
    pub status: Status,
    /// The steps, the treaty's entry into force first and the status last.
    pub reasons: Vec<Reason>,
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
    reasons.push(reason(
        format!("So on {at} the status of {state} is: {}.", status.name()),
        &[],
    ));
    Explanation {
        treaty: treaty.id.to_string(),
        state: state.clone(),
        name: state.country().name,
        at,
        status,
        reasons,
    }
}

fn treaty_in_force(treaty: &Treaty, interpretation: &Interpretation) -> Reason {
    let eif = &interpretation.in_force;
    let rules = &treaty.rules;
    let mut r = match (eif.recorded, eif.nth_instrument, eif.by_rule) {
        (Some(rec), _, _) => reason(
            format!("The treaty's entry into force on {} is recorded.", rec.date),
            &[rec.entry],
        ),
        (None, Some(nth), Some(date)) => reason(
            format!(
                "The treaty entered into force on {date}: its instrument number {} (counting ratifications, acceptances, approvals and accessions) was deposited on {}, and its entry-into-force delay {} runs from that day.",
                rules.eif_instruments, nth.date, rules.eif_delay
            ),
            &[nth.entry],
        ),
        _ => reason(
            format!(
                "The treaty is not in force: fewer than the {} it needs are recorded.",
                count(
                    u64::from(rules.eif_instruments),
                    "instrument",
                    "instruments"
                )
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
    out.extend(in_force(treaty, interpretation, state, m));
    if let Some(w) = m.withdrawal.as_ref().filter(|w| w.notified.date <= at) {
        out.extend(withdrawal(treaty, interpretation, state, w, at));
    }
    out
}

fn in_force(
    treaty: &Treaty,
    interpretation: &Interpretation,
    state: &StateCode,
    m: &Membership,
) -> Option<Reason> {
    let from = m.in_force_from?;
    let eif = interpretation.in_force.date();
    let text = match m.in_force_basis? {
        InForceBasis::TreatyEntryIntoForce => {
            let founding = interpretation
                .in_force
                .nth_instrument
                .is_some_and(|nth| m.deposited.date <= nth.date);
            if founding {
                format!(
                    "It deposited by the day of the instrument that brought the treaty into force, so the treaty bound {state} from its own entry into force, {from}."
                )
            } else {
                format!(
                    "Its own delay from deposit ({}) ends no later than the treaty's entry into force, so the treaty bound {state} from {from}.",
                    treaty.rules.later_delay
                )
            }
        }
        InForceBasis::LaterDelay => format!(
            "It deposited after the treaty's entry into force{}; under the rule for later states ({} from deposit) the treaty entered into force for {state} on {from}.",
            eif.map(|e| format!(" on {e}")).unwrap_or_default(),
            treaty.rules.later_delay
        ),
        InForceBasis::StatedWithInstrument => {
            format!(
                "The instrument states the date it takes effect, {from}, which the rules do not compute (a succession dates from the succession)."
            )
        }
        InForceBasis::Recorded => format!("Entry into force for {state} on {from} is recorded."),
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
