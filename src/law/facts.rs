//! The facts of one treaty: its registration and the acts no retraction has withdrawn, folded
//! from its entries in order ([`TreatyLog`]) and handed to [`crate::law::interpret`].

use crate::vocabulary::event::{Act, ActKind, Event, Fact};
use crate::vocabulary::treaty::Treaty;
use std::collections::{BTreeMap, HashMap};

/// An act that no retraction has withdrawn, with its entry number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveAct {
    /// The number of the entry that records the act.
    pub seq: u64,
    /// The act as recorded.
    pub act: Act,
}

/// A treaty and its live acts, as of some prefix of the log.
#[derive(Debug, Clone)]
pub struct TreatyFacts {
    /// The treaty as its live registration records it, rules included.
    pub treaty: Treaty,
    /// The number of the entry that registers it.
    pub registered: u64,
    /// Its live acts, in entry order.
    pub acts: Vec<LiveAct>,
}

/// Everything indexed under one treaty, read up to some entry.
#[derive(Debug, Clone, Default)]
pub struct TreatyLog {
    /// The live registration, as (entry number, treaty); `None` before it is read, or once it is
    /// retracted.
    pub registration: Option<(u64, Treaty)>,
    /// The acts read so far that no retraction has withdrawn, in entry order.
    pub acts: Vec<LiveAct>,
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
        let (registered, treaty) = self.registration.clone()?;
        Some(TreatyFacts {
            treaty,
            registered,
            acts: self.acts.clone(),
        })
    }

    /// As [`TreatyLog::facts`], consuming the log rather than copying its acts.
    pub fn into_facts(self) -> Option<TreatyFacts> {
        let (registered, treaty) = self.registration?;
        Some(TreatyFacts {
            treaty,
            registered,
            acts: self.acts,
        })
    }

    /// Adds entry `seq`'s fact: a registration, a live act, or a retraction withdrawing one.
    pub fn apply(&mut self, seq: u64, fact: &Fact) {
        self.apply_event(seq, &fact.event, fact.note.as_ref());
    }

    /// As [`TreatyLog::apply`], from the event and note alone.
    pub fn apply_event(&mut self, seq: u64, event: &Event, note: Option<&String>) {
        match event {
            Event::TreatyRegistration(t) => self.registration = Some((seq, t.clone())),
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
                if self
                    .registration
                    .as_ref()
                    .is_some_and(|(s, _)| *s == r.target)
                {
                    self.registration = None;
                }
            }
        }
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
