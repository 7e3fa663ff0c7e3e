//! Projections: a treaty's membership on one day, as a prefix of the log tells it.
//!
//! A pure function of the interpretation of a treaty's live acts (themselves read from entries
//! 1..N, the transaction-time bound) and a date (the valid-time bound). Every state that ever
//! acted under the treaty gets its status with the dates that produced it and the entries that
//! prove them; the counts follow the two conventions in use: in force for the state on that
//! day, and "States Parties" as depositaries and NGOs publish them (instrument deposited and
//! neither withdrawn nor lapsed).

use crate::chain::prefix::Prefix;
use crate::law::history::{InForceBasis, Membership, Proven, StateHistory, Status, TreatyInForce};
use crate::law::interpret::Interpretation;
use crate::vocabulary::calendar::LegalDate;
use crate::vocabulary::country::StateCode;
use crate::vocabulary::event::ActKind;
use crate::vocabulary::treaty::Treaty;
use serde::Serialize;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// The treaty is in force for the state on the day.
    pub in_force: usize,
    /// Instrument deposited, not withdrawn or lapsed (published "States Parties").
    pub parties: usize,
    /// Signed, no instrument.
    pub signatories: usize,
}

/// One state's standing on the day, with the dates and entries behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StateStatus {
    pub state: StateCode,
    /// The name `data/iso3166.csv` gives (or an entity's registered name).
    pub name: String,
    pub status: Status,
    pub signed: Option<Proven>,
    pub signature_withdrawn: Option<Proven>,
    pub instrument: Option<ActKind>,
    pub deposited: Option<Proven>,
    pub in_force_from: Option<LegalDate>,
    pub in_force_basis: Option<InForceBasis>,
    pub instrument_withdrawn: Option<Proven>,
    pub withdrawal_notified: Option<Proven>,
    pub withdrawal_effective: Option<LegalDate>,
    pub withdrawal_revoked: Option<Proven>,
    /// A notified suspension of the treaty's operation (it does not change the status).
    pub suspension_notified: Option<Proven>,
    /// Every entry the answer rests on, ascending.
    pub entries: Vec<u64>,
    /// A declaration of provisional application in effect that day.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provisional_application: Option<Proven>,
    /// The state's reservations, declarations, objections and territorial applications in
    /// force that day, by entry.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub statements: Vec<u64>,
    /// The UN's short name (or an entity's registered name), for tables.
    #[serde(skip)]
    pub un_name: String,
}

/// A treaty's membership on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Projection {
    pub treaty: String,
    pub title: String,
    pub at: LegalDate,
    pub basis: Prefix,
    pub treaty_in_force: TreatyInForce,
    /// The treaty itself is in force on the day.
    pub treaty_in_force_on_day: bool,
    pub counts: Counts,
    pub states: Vec<StateStatus>,
}

/// Projects the interpretation of a treaty onto a day.
pub fn project(
    treaty: &Treaty,
    interpretation: &Interpretation,
    at: LegalDate,
    basis: Prefix,
) -> Projection {
    let states: Vec<StateStatus> = interpretation
        .states
        .iter()
        .map(|(code, history)| state_status_in(interpretation, code, history, at))
        .collect();
    let counts = Counts {
        in_force: states.iter().filter(|s| s.status.in_force()).count(),
        parties: states.iter().filter(|s| s.status.counts_as_party()).count(),
        signatories: states
            .iter()
            .filter(|s| s.status == Status::Signatory)
            .count(),
    };
    Projection {
        treaty: treaty.id.to_string(),
        title: treaty.title.clone(),
        at,
        basis,
        treaty_in_force: interpretation.in_force.clone(),
        treaty_in_force_on_day: interpretation.in_force.date().is_some_and(|d| d <= at),
        counts,
        states,
    }
}

/// One state's status on `at` under the treaty read as `interpretation`: its names, its
/// statements in force that day, and [`state_status`].
pub fn state_status_in(
    interpretation: &Interpretation,
    code: &StateCode,
    history: &StateHistory,
    at: LegalDate,
) -> StateStatus {
    let mut s = state_status(code, history, at);
    s.name = interpretation.table_name(code);
    s.un_name = interpretation.un_name(code);
    s.statements = interpretation
        .statements
        .iter()
        .filter(|st| &st.state == code && st.live_at(at))
        .map(|st| st.entry)
        .collect();
    s.statements.sort_unstable();
    s
}

/// One state's status on `at`, with the facts of the membership that covers that day.
pub fn state_status(code: &StateCode, history: &StateHistory, at: LegalDate) -> StateStatus {
    let status = history.status_at(at);
    let by_day = |p: Option<Proven>| p.filter(|p| p.date <= at);
    let membership: Option<&Membership> = history.membership_at(at);
    let withdrawal = membership
        .and_then(|m| m.withdrawal.as_ref())
        .filter(|w| w.notified.date <= at);
    let mut s = StateStatus {
        state: code.clone(),
        name: code.table_name(),
        status,
        signed: by_day(history.signature),
        signature_withdrawn: by_day(history.signature_withdrawn),
        instrument: membership.map(|m| m.instrument),
        deposited: membership.map(|m| m.deposited),
        // A date that never came to pass (the instrument was withdrawn first) is not shown.
        in_force_from: membership
            .filter(|m| by_day(m.instrument_withdrawn).is_none())
            .and_then(|m| m.in_force_from),
        in_force_basis: membership.and_then(|m| m.in_force_basis),
        instrument_withdrawn: membership.and_then(|m| by_day(m.instrument_withdrawn)),
        withdrawal_notified: withdrawal.map(|w| w.notified),
        withdrawal_effective: withdrawal
            .filter(|w| by_day(w.revoked).is_none())
            .and_then(|w| w.effective),
        withdrawal_revoked: withdrawal.and_then(|w| by_day(w.revoked)),
        suspension_notified: history.suspension_at(at).map(|s| s.notified),
        entries: Vec::new(),
        provisional_application: history.provisional_at(at).map(|p| p.declared),
        statements: Vec::new(),
        un_name: code.un_name(),
    };
    s.entries = proving_entries(&s, membership, history, at);
    s
}

fn proving_entries(
    s: &StateStatus,
    m: Option<&Membership>,
    history: &StateHistory,
    at: LegalDate,
) -> Vec<u64> {
    let mut entries: Vec<u64> = [
        s.signed,
        s.signature_withdrawn,
        s.deposited,
        s.instrument_withdrawn,
        s.withdrawal_notified,
        s.withdrawal_revoked,
        s.suspension_notified,
    ]
    .iter()
    .flatten()
    .map(|p| p.entry)
    .collect();
    entries.extend(m.and_then(|m| m.in_force_entry));
    entries.extend(s.provisional_application.map(|p| p.entry));
    entries.extend(
        m.and_then(|m| m.linked_withdrawal.as_ref())
            .filter(|(_, l)| l.notified.date <= at)
            .map(|(_, l)| l.notified.entry),
    );
    if let Some(conflict) = m
        .and_then(|m| m.withdrawal.as_ref())
        .and_then(|w| w.suspended_by)
    {
        entries.push(conflict);
        let ends = history
            .conflicts
            .iter()
            .filter(|c| c.start.entry == conflict)
            .filter_map(|c| c.end);
        entries.extend(ends.filter(|e| e.date <= at).map(|e| e.entry));
    }
    entries.sort_unstable();
    entries.dedup();
    entries
}

/// One state's change of status between two days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub state: StateCode,
    /// The name `data/iso3166.csv` gives (or an entity's registered name).
    pub name: String,
    pub date: LegalDate,
    pub from: Status,
    pub to: Status,
    /// The UN's short name (or an entity's registered name), for tables.
    #[serde(skip)]
    pub un_name: String,
}

/// One state's status changes in `(from, to]`, found at its turning points, in date order.
pub fn state_changes(
    interpretation: &Interpretation,
    code: &StateCode,
    history: &StateHistory,
    from: LegalDate,
    to: LegalDate,
) -> Vec<Change> {
    let mut changes = Vec::new();
    let mut current = history.status_at(from);
    for day in history
        .turning_points()
        .into_iter()
        .filter(|d| *d > from && *d <= to)
    {
        let next = history.status_at(day);
        if next != current {
            changes.push(Change {
                state: code.clone(),
                name: interpretation.table_name(code),
                date: day,
                from: current,
                to: next,
                un_name: interpretation.un_name(code),
            });
            current = next;
        }
    }
    changes
}

/// What changed between two days: every status change in order, and who became bound or ceased.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diff {
    pub treaty: String,
    pub from: LegalDate,
    pub to: LegalDate,
    pub basis: Prefix,
    pub counts_from: Counts,
    pub counts_to: Counts,
    pub became_bound: Vec<StateCode>,
    pub ceased_to_be_bound: Vec<StateCode>,
    pub changes: Vec<Change>,
}

/// Every status change in `(from, to]`, found at each state's turning points.
pub fn diff(
    treaty: &Treaty,
    interpretation: &Interpretation,
    from: LegalDate,
    to: LegalDate,
    basis: Prefix,
) -> Diff {
    let mut changes = Vec::new();
    for (code, history) in &interpretation.states {
        changes.extend(state_changes(interpretation, code, history, from, to));
    }
    changes.sort_by(|a, b| (a.date, &a.state).cmp(&(b.date, &b.state)));
    let before = project(treaty, interpretation, from, basis);
    let after = project(treaty, interpretation, to, basis);
    let bound = |p: &Projection| -> Vec<StateCode> {
        p.states
            .iter()
            .filter(|s| s.status.in_force())
            .map(|s| s.state.clone())
            .collect()
    };
    let (was, is) = (bound(&before), bound(&after));
    Diff {
        treaty: treaty.id.to_string(),
        from,
        to,
        basis,
        counts_from: before.counts,
        counts_to: after.counts,
        became_bound: is.iter().filter(|s| !was.contains(s)).cloned().collect(),
        ceased_to_be_bound: was.iter().filter(|s| !is.contains(s)).cloned().collect(),
        changes,
    }
}
