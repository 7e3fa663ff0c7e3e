//! The facts of one treaty: its registration and the acts no retraction has withdrawn, folded
//! from its entries in order ([`TreatyLog`]) and handed to [`crate::law::interpret`].

use crate::law::history::LinkedEffect;
use crate::vocabulary::calendar::LegalDate;
use crate::vocabulary::country::StateCode;
use crate::vocabulary::event::{Act, ActKind, Event, Fact};
use crate::vocabulary::provisions::Provisions;
use crate::vocabulary::statement::{
    Entity, Objection, StatementWithdrawal, TerritorialApplication,
};
use crate::vocabulary::treaty::{Treaty, TreatyId};
use std::collections::{BTreeMap, HashMap};

/// Why the acts of a treaty cannot be read as a consistent history.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct Contradiction {
    /// The entry (or pending fact's number) at which the history stops making sense.
    pub entry: u64,
    pub reason: String,
}

/// An act that no retraction has withdrawn, with its entry number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveAct {
    pub seq: u64,
    pub act: Act,
}

/// A statement event (beyond an act) that no retraction has withdrawn, with its entry number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveStatement {
    pub seq: u64,
    pub event: StatementEvent,
}

/// The statement events: everything a state states under a treaty that is not an act.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatementEvent {
    /// An objection to another state's reservation.
    Objection(Objection),
    /// The withdrawal of a statement.
    Withdrawal(StatementWithdrawal),
    /// A territorial extension or exclusion.
    Territorial(TerritorialApplication),
}

impl StatementEvent {
    /// The state making the statement.
    pub fn state(&self) -> &StateCode {
        match self {
            StatementEvent::Objection(o) => &o.state,
            StatementEvent::Withdrawal(w) => &w.state,
            StatementEvent::Territorial(t) => &t.state,
        }
    }

    /// The day it was made.
    pub fn date(&self) -> LegalDate {
        match self {
            StatementEvent::Objection(o) => o.date,
            StatementEvent::Withdrawal(w) => w.date,
            StatementEvent::Territorial(t) => t.date,
        }
    }
}

/// A linked withdrawal, with the treaty and state it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedWithdrawal {
    /// The treaty withdrawn from.
    pub treaty: TreatyId,
    /// The withdrawing state.
    pub state: StateCode,
    /// When it was notified and takes effect.
    pub effect: LinkedEffect,
}

/// A treaty and its live acts, as of some prefix of the log.
#[derive(Debug, Clone)]
pub struct TreatyFacts {
    pub treaty: Treaty,
    /// Its provisions (the defaults for a registration of format version 1).
    pub provisions: Provisions,
    pub registered: u64,
    pub acts: Vec<LiveAct>,
    /// Its live statement events (objections, withdrawals of statements, territorial
    /// applications), in entry order.
    pub statements: Vec<LiveStatement>,
    /// Its live entity registrations, by code, with their entries.
    pub entities: BTreeMap<StateCode, (u64, Entity)>,
    /// Withdrawals under the treaties its provisions link to (filled by whoever reads them).
    pub linked: Vec<LinkedWithdrawal>,
}

impl TreatyFacts {
    /// The facts of a treaty with only acts (no statements, entities or linked withdrawals).
    pub fn of_acts(
        treaty: Treaty,
        provisions: Provisions,
        registered: u64,
        acts: Vec<LiveAct>,
    ) -> TreatyFacts {
        TreatyFacts {
            treaty,
            provisions,
            registered,
            acts,
            statements: Vec::new(),
            entities: BTreeMap::new(),
            linked: Vec::new(),
        }
    }
}

/// Everything indexed under one treaty, read up to some entry.
#[derive(Debug, Clone, Default)]
pub struct TreatyLog {
    pub registration: Option<(u64, Treaty)>,
    /// The live registration's provisions (the defaults without one).
    pub provisions: Provisions,
    pub acts: Vec<LiveAct>,
    /// Live statement events, in entry order.
    pub statements: Vec<LiveStatement>,
    /// Live entity registrations.
    pub entities: BTreeMap<StateCode, (u64, Entity)>,
    /// Retracted entry → the retraction that withdrew it.
    pub retracted: BTreeMap<u64, u64>,
    /// Live acts by what makes them the same fact, for refusing duplicates; kept only for
    /// admission (`None` when the log is read to be projected).
    recorded: Option<HashMap<(Act, Option<String>), u64>>,
}

impl TreatyLog {
    /// An empty log that also keeps what refusing duplicates needs, for admission.
    pub fn for_admission() -> TreatyLog {
        TreatyLog {
            recorded: Some(HashMap::new()),
            ..TreatyLog::default()
        }
    }

    /// The live registration and acts, ready to interpret.
    pub fn facts(&self) -> Option<TreatyFacts> {
        self.clone().into_facts()
    }

    /// As [`TreatyLog::facts`], consuming the log rather than copying its acts.
    pub fn into_facts(self) -> Option<TreatyFacts> {
        let (registered, treaty) = self.registration?;
        Some(TreatyFacts {
            treaty,
            provisions: self.provisions,
            registered,
            acts: self.acts,
            statements: self.statements,
            entities: self.entities,
            linked: Vec::new(),
        })
    }

    /// Adds entry `seq`'s fact: a registration, a live act, or a retraction withdrawing one.
    pub fn apply(&mut self, seq: u64, fact: &Fact) {
        self.apply_event(seq, &fact.event, fact.note.as_ref());
    }

    /// As [`TreatyLog::apply`], from the event and note alone.
    pub fn apply_event(&mut self, seq: u64, event: &Event, note: Option<&String>) {
        if let Some((treaty, provisions)) = event.registration() {
            self.registration = Some((seq, treaty.clone()));
            self.provisions = provisions.into_owned();
            return;
        }
        let statement = |event: StatementEvent| LiveStatement { seq, event };
        match event {
            Event::TreatyRegistration(_) | Event::TreatyRegistrationWithProvisions(_) => {}
            Event::Objection(o) => self
                .statements
                .push(statement(StatementEvent::Objection(o.clone()))),
            Event::StatementWithdrawal(w) => self
                .statements
                .push(statement(StatementEvent::Withdrawal(w.clone()))),
            Event::TerritorialApplication(t) => self
                .statements
                .push(statement(StatementEvent::Territorial(t.clone()))),
            Event::EntityRegistration(e) => {
                self.entities.insert(e.code.clone(), (seq, e.clone()));
            }
            Event::Act(act) => {
                self.acts.push(LiveAct {
                    seq,
                    act: act.clone(),
                });
                if let Some(recorded) = &mut self.recorded {
                    recorded.insert(fact_key(act, &note.cloned()), seq);
                }
            }
            Event::Retraction(r) => {
                self.retracted.insert(r.target, seq);
                if let Some(recorded) = &mut self.recorded {
                    recorded.retain(|_, s| *s != r.target);
                }
                self.acts.retain(|a| a.seq != r.target);
                self.statements.retain(|s| s.seq != r.target);
                self.entities.retain(|_, (s, _)| *s != r.target);
                if self
                    .registration
                    .as_ref()
                    .is_some_and(|(s, _)| *s == r.target)
                {
                    self.registration = None;
                    self.provisions = Provisions::default();
                }
            }
        }
    }

    /// Whether the log keeps what refusing duplicates needs (notes included), as admission's
    /// does; a log read to be interpreted needs the events alone.
    pub fn keeps_notes(&self) -> bool {
        self.recorded.is_some()
    }

    /// The first live entry besides the registration, if any.
    pub fn first_live(&self) -> Option<u64> {
        let acts = self.acts.iter().map(|a| a.seq);
        let statements = self.statements.iter().map(|s| s.seq);
        let entities = self.entities.values().map(|(s, _)| *s);
        acts.chain(statements).chain(entities).min()
    }

    /// The live entry that records the same fact, if admission is keeping track.
    pub fn duplicate_of(&self, act: &Act, note: &Option<String>) -> Option<u64> {
        self.recorded.as_ref()?.get(&fact_key(act, note)).copied()
    }
}

/// What makes two acts the same fact: the act itself, and for a domestic step (of which a state
/// may take several in a day) also its note.
fn fact_key(act: &Act, note: &Option<String>) -> (Act, Option<String>) {
    let note = note.clone().filter(|_| act.kind == ActKind::DomesticStep);
    (act.clone(), note)
}
