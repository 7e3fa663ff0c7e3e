//! Statements beyond membership: reservations, declarations, objections to reservations, and
//! territorial applications, with their withdrawals, read from a treaty's facts.
//!
//! They do not change membership dates (no treaty pacta's rules describe gives them that
//! effect); the reading checks that each makes sense: a reservation, declaration or territorial
//! application by a state that has signed or deposited by then, an objection to a live
//! reservation of the state it names, a withdrawal of a live statement of the withdrawing state.

use crate::law::facts::{Contradiction, StatementEvent, TreatyFacts};
use crate::law::history::{Proven, StateHistory};
use crate::vocabulary::calendar::LegalDate;
use crate::vocabulary::country::StateCode;
use crate::vocabulary::event::ActKind;
use crate::vocabulary::statement::TerritorialScope;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// What a statement is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StatementKind {
    /// A reservation.
    Reservation,
    /// A declaration (an interpretative or other declaration).
    Declaration,
    /// An objection to another state's reservation.
    Objection {
        /// The state whose reservation is objected to.
        objected_state: StateCode,
        /// The entry recording that reservation.
        reservation: u64,
    },
    /// A territorial extension or exclusion.
    Territorial {
        /// The territory.
        territory: StateCode,
        /// Extension or exclusion.
        scope: TerritorialScope,
        /// The day it applies from, if the notification states a later one.
        effective: Option<LegalDate>,
    },
}

impl StatementKind {
    /// A short name: reservation, declaration, objection, territorial extension or exclusion.
    pub fn name(&self) -> String {
        match self {
            StatementKind::Reservation => "reservation".into(),
            StatementKind::Declaration => "declaration".into(),
            StatementKind::Objection { .. } => "objection".into(),
            StatementKind::Territorial { scope, .. } => format!("territorial {scope}"),
        }
    }
}

/// One statement and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Statement {
    /// The entry that records it.
    pub entry: u64,
    /// The state that made it.
    pub state: StateCode,
    /// The day it was made.
    pub date: LegalDate,
    /// What it is.
    pub kind: StatementKind,
    /// Partial withdrawals (the statement stays, as modified), in date order.
    pub partly_withdrawn: Vec<Proven>,
    /// Its withdrawal in whole.
    pub withdrawn: Option<Proven>,
}

impl Statement {
    /// Whether it had been made and not wholly withdrawn by `day`.
    pub fn live_at(&self, day: LegalDate) -> bool {
        self.date <= day && self.withdrawn.is_none_or(|w| w.date > day)
    }
}

/// Reads a treaty's statements, in date order; refuses one that makes no sense.
/// `states` are the state histories already read (with `only`, those of the states asked
/// about: the others' statements are read without checking who made them).
pub fn read(
    facts: &TreatyFacts,
    states: &BTreeMap<StateCode, StateHistory>,
    only: Option<&BTreeSet<StateCode>>,
) -> Result<Vec<Statement>, Contradiction> {
    let mut list = made(facts);
    list.sort_by_key(|s| (s.date, s.entry));
    for s in &list {
        let known = only.is_none_or(|only| only.contains(&s.state));
        if known {
            check_standing(s, states.get(&s.state))?;
        }
        for code in involved(s) {
            if code.is_user_assigned() && !facts.entities.contains_key(code) {
                return Err(refuse(
                    s.entry,
                    &s.state,
                    format!(
                        "{code} is a user-assigned code that is not registered as an entity under {}",
                        facts.treaty.id
                    ),
                ));
            }
        }
    }
    for s in list.clone() {
        if let StatementKind::Objection {
            objected_state,
            reservation,
        } = &s.kind
            && only.is_none_or(|only| only.contains(objected_state))
        {
            check_objection(&list, &s, objected_state, *reservation)?;
        }
    }
    let mut withdrawals: Vec<_> = facts
        .statements
        .iter()
        .filter_map(|l| match &l.event {
            StatementEvent::Withdrawal(w) => Some((l.seq, w)),
            StatementEvent::Objection(_) | StatementEvent::Territorial(_) => None,
        })
        .collect();
    withdrawals.sort_by_key(|(seq, w)| (w.date, *seq));
    for (seq, w) in withdrawals {
        let proof = Proven {
            date: w.date,
            entry: seq,
        };
        let target = list.iter_mut().find(|s| s.entry == w.statement);
        let target = target.filter(|s| s.state == w.state).ok_or_else(|| {
            refuse(
                seq,
                &w.state,
                format!(
                    "entry {} is not a live reservation, declaration, objection or territorial application of {}",
                    w.statement, w.state
                ),
            )
        })?;
        if let Some(done) = target.withdrawn {
            return Err(refuse(
                seq,
                &w.state,
                format!(
                    "its {} (entry {}) was already withdrawn on {} (entry {})",
                    target.kind.name(),
                    target.entry,
                    done.date,
                    done.entry
                ),
            ));
        }
        if w.date < target.date {
            return Err(refuse(
                seq,
                &w.state,
                format!(
                    "a withdrawal on {} cannot precede the {} it withdraws, made on {}",
                    w.date,
                    target.kind.name(),
                    target.date
                ),
            ));
        }
        if w.partial {
            target.partly_withdrawn.push(proof);
        } else {
            target.withdrawn = Some(proof);
        }
    }
    Ok(list)
}

/// Every statement made: reservation and declaration acts, objections, territorial
/// applications.
fn made(facts: &TreatyFacts) -> Vec<Statement> {
    let statement = |entry, state: &StateCode, date, kind| Statement {
        entry,
        state: state.clone(),
        date,
        kind,
        partly_withdrawn: Vec::new(),
        withdrawn: None,
    };
    let mut list = Vec::new();
    for live in &facts.acts {
        if !live.act.kind.is_statement() {
            continue;
        }
        let kind = if live.act.kind == ActKind::Reservation {
            StatementKind::Reservation
        } else {
            StatementKind::Declaration
        };
        if let Some(state) = &live.act.state {
            list.push(statement(live.seq, state, live.act.date, kind));
        }
    }
    for live in &facts.statements {
        let kind = match &live.event {
            StatementEvent::Objection(o) => StatementKind::Objection {
                objected_state: o.objected_state.clone(),
                reservation: o.reservation,
            },
            StatementEvent::Territorial(t) => StatementKind::Territorial {
                territory: t.territory.clone(),
                scope: t.scope,
                effective: t.effective,
            },
            StatementEvent::Withdrawal(_) => continue,
        };
        list.push(statement(
            live.seq,
            live.event.state(),
            live.event.date(),
            kind,
        ));
    }
    list
}

/// The codes a statement names: its state, and the state objected to or the territory.
fn involved(s: &Statement) -> Vec<&StateCode> {
    match &s.kind {
        StatementKind::Reservation | StatementKind::Declaration => vec![&s.state],
        StatementKind::Objection { objected_state, .. } => vec![&s.state, objected_state],
        StatementKind::Territorial { territory, .. } => vec![&s.state, territory],
    }
}

/// A reservation, declaration or territorial application is made on signing or on consenting
/// to be bound, or later by a state that has done either.
fn check_standing(s: &Statement, history: Option<&StateHistory>) -> Result<(), Contradiction> {
    let needs_standing = match s.kind {
        StatementKind::Reservation
        | StatementKind::Declaration
        | StatementKind::Territorial { .. } => true,
        // Any state entitled to become a party may object (VCLT art. 20(4)(b), 21(3)).
        StatementKind::Objection { .. } => false,
    };
    let signed_or_bound = history.is_some_and(|h| {
        h.signature.is_some_and(|p| p.date <= s.date)
            || h.memberships.iter().any(|m| m.deposited.date <= s.date)
    });
    if needs_standing && !signed_or_bound {
        return Err(refuse(
            s.entry,
            &s.state,
            format!(
                "a {} is made on signing or consenting to be bound, and no signature or instrument is recorded by {}",
                s.kind.name(),
                s.date
            ),
        ));
    }
    Ok(())
}

/// An objection names a reservation made by the state it names, no later than itself and not
/// withdrawn by then.
fn check_objection(
    list: &[Statement],
    objection: &Statement,
    objected_state: &StateCode,
    reservation: u64,
) -> Result<(), Contradiction> {
    let target = list.iter().find(|s| {
        s.entry == reservation && s.kind == StatementKind::Reservation && &s.state == objected_state
    });
    let Some(target) = target else {
        return Err(refuse(
            objection.entry,
            &objection.state,
            format!("entry {reservation} is not a live reservation of {objected_state}"),
        ));
    };
    if target.date > objection.date {
        return Err(refuse(
            objection.entry,
            &objection.state,
            format!(
                "an objection on {} cannot precede the reservation it objects to, made on {}",
                objection.date, target.date
            ),
        ));
    }
    Ok(())
}

fn refuse(entry: u64, state: &StateCode, reason: String) -> Contradiction {
    Contradiction {
        entry,
        reason: format!("{state}: {reason}"),
    }
}
