//! The facts of one treaty: its registration and the acts no retraction has withdrawn, folded
//! from its entries in order ([`TreatyLog`]) and handed to [`crate::law::interpret`]. The log
//! also knows which live corroborations add citations to each live entry, so that a fact's
//! citations are its own and those added later ([`Cited`]).

use crate::vocabulary::calendar::LegalDate;
use crate::vocabulary::citation::Citation;
use crate::vocabulary::country::StateCode;
use crate::vocabulary::event::Provisions;
use crate::vocabulary::event::{Act, ActKind, Event, Fact};
use crate::vocabulary::statement::Statement;
use crate::vocabulary::treaty::{Treaty, TreatyId};
use std::collections::{BTreeMap, HashMap};

/// An act that no retraction has withdrawn, with its entry number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveAct {
    /// The number of the entry that records the act.
    pub seq: u64,
    /// The act as recorded.
    pub act: Act,
}

/// A statement that no retraction has withdrawn, with its entry number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveStatement {
    /// The number of the entry that records the statement.
    pub seq: u64,
    /// The statement as recorded.
    pub statement: Statement,
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
    /// The provisions in force: the latest live provisions entry's, or the defaults.
    pub provisions: Provisions,
    /// The entry that records them; `None` for the defaults.
    pub provisions_entry: Option<u64>,
    /// Withdrawals from the treaties its provisions name as implying withdrawal from it, read
    /// from those treaties (empty until the ledger supplies them).
    pub linked_withdrawals: Vec<LinkedWithdrawal>,
}

/// A state's withdrawal from another treaty that, by the provisions, is also a withdrawal from
/// this one (Paris Agreement Art. 28(3)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedWithdrawal {
    /// The treaty withdrawn from.
    pub treaty: TreatyId,
    /// The state withdrawing.
    pub state: StateCode,
    /// The day of its notice.
    pub notified_on: LegalDate,
    /// The entry (under the other treaty) that records the notice.
    pub notified_entry: u64,
    /// When it takes effect under that treaty's rules; `None` while suspended.
    pub effective: Option<LegalDate>,
}

impl TreatyFacts {
    /// A treaty's facts with its default provisions and no linked withdrawals.
    pub fn new(treaty: Treaty, registered: u64, acts: Vec<LiveAct>) -> TreatyFacts {
        TreatyFacts {
            provisions: Provisions::defaults(treaty.id.clone()),
            treaty,
            registered,
            acts,
            provisions_entry: None,
            linked_withdrawals: Vec::new(),
        }
    }
}

/// Everything indexed under one treaty, read up to some entry.
#[derive(Debug, Clone, Default)]
pub struct TreatyLog {
    /// The live registration, as (entry number, treaty); `None` before it is read, or once it is
    /// retracted.
    pub registration: Option<(u64, Treaty)>,
    /// The acts read so far that no retraction has withdrawn, in entry order.
    pub acts: Vec<LiveAct>,
    /// The statements read so far that no retraction has withdrawn, in entry order; they
    /// change no membership date, so they are not among the facts interpreted.
    pub statements: Vec<LiveStatement>,
    /// Retracted entry → the retraction that withdrew it.
    pub retracted: BTreeMap<u64, u64>,
    /// The live provisions entries, in entry order: the last one is in force.
    pub provisions: Vec<(u64, Provisions)>,
    /// Live entry → its live corroborations, in order: the entries whose citations it also has.
    pub corroborations: BTreeMap<u64, Vec<u64>>,
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
        let facts = TreatyFacts::new(treaty, registered, self.acts.clone());
        Some(self.with_provisions(facts))
    }

    /// As [`TreatyLog::facts`], consuming the log rather than copying its acts.
    pub fn into_facts(mut self) -> Option<TreatyFacts> {
        let (registered, treaty) = self.registration.take()?;
        let facts = TreatyFacts::new(treaty, registered, std::mem::take(&mut self.acts));
        Some(self.with_provisions(facts))
    }

    /// The facts with the provisions in force in this log.
    fn with_provisions(&self, mut facts: TreatyFacts) -> TreatyFacts {
        if let Some((seq, p)) = self.provisions.last() {
            facts.provisions = p.clone();
            facts.provisions_entry = Some(*seq);
        }
        facts
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
            Event::Retraction(r) => self.retract(seq, r.target),
            Event::Corroboration(c) => self.corroborations.entry(c.target).or_default().push(seq),
            Event::Statement(s) => self.statements.push(LiveStatement {
                seq,
                statement: s.clone(),
            }),
            Event::Provisions(p) => self.provisions.push((seq, p.clone())),
        }
    }

    /// Entry `seq` retracts `target`: an act or registration stops counting (and so do the
    /// citations corroborations added to it), a corroboration's citations only are withdrawn.
    fn retract(&mut self, seq: u64, target: u64) {
        self.retracted.insert(target, seq);
        if let Some(recorded) = &mut self.recorded {
            recorded.retain(|_, s| *s != target);
        }
        self.acts.retain(|a| a.seq != target);
        self.statements.retain(|s| s.seq != target);
        // Retracting the provisions in force brings back the ones before them.
        self.provisions.retain(|(s, _)| *s != target);
        if self
            .registration
            .as_ref()
            .is_some_and(|(s, _)| *s == target)
        {
            self.registration = None;
        }
        self.corroborations.remove(&target);
        for corroborating in self.corroborations.values_mut() {
            corroborating.retain(|c| *c != target);
        }
        self.corroborations.retain(|_, c| !c.is_empty());
    }

    /// Whether entry `seq` is a live act, statement, registration or provisions entry in this
    /// log (what a corroboration may add citations to).
    pub fn is_live_fact(&self, seq: u64) -> bool {
        self.registration.as_ref().is_some_and(|(s, _)| *s == seq)
            || self.provisions.iter().any(|(s, _)| *s == seq)
            // Acts and statements are applied in entry order, so they are sorted by number.
            || self.acts.binary_search_by_key(&seq, |a| a.seq).is_ok()
            || self.statement(seq).is_some()
    }

    /// The live statement recorded by entry `seq`.
    pub fn statement(&self, seq: u64) -> Option<&LiveStatement> {
        let i = self.statements.binary_search_by_key(&seq, |s| s.seq).ok()?;
        Some(&self.statements[i])
    }

    /// The live corroborations of entry `seq`, in order.
    pub fn corroborations_of(&self, seq: u64) -> &[u64] {
        self.corroborations.get(&seq).map_or(&[], Vec::as_slice)
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

/// One citation of a fact, with the entry that added it: the fact's own entry, or a
/// corroboration recorded later.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Cited {
    /// The entry whose citations hold it.
    pub entry: u64,
    /// The citation.
    pub citation: Citation,
}

/// A fact's citations in order: those of its own entry first, then each live corroboration's,
/// every one with the entry that added it. `entries` are (entry, its citations), own entry first.
pub fn citations<'a>(entries: impl IntoIterator<Item = (u64, &'a [Citation])>) -> Vec<Cited> {
    entries
        .into_iter()
        .flat_map(|(entry, citations)| {
            citations.iter().map(move |c| Cited {
                entry,
                citation: c.clone(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocabulary::digest::Digest;
    use crate::vocabulary::event::{Corroboration, Retraction};

    fn corroboration(target: u64) -> Event {
        Event::Corroboration(Corroboration {
            target,
            target_hash: Digest::ZERO,
        })
    }

    fn retraction(target: u64) -> Event {
        Event::Retraction(Retraction {
            target,
            target_hash: Digest::ZERO,
            reason: "wrong".into(),
        })
    }

    #[test]
    fn retracting_a_corroboration_withdraws_only_its_citations() {
        let mut log = TreatyLog::default();
        log.apply_event(3, &corroboration(1), None);
        log.apply_event(4, &corroboration(1), None);
        log.apply_event(5, &corroboration(2), None);
        assert_eq!(log.corroborations_of(1), &[3, 4]);
        log.apply_event(6, &retraction(3), None);
        assert_eq!(log.corroborations_of(1), &[4]);
        assert_eq!(log.corroborations_of(2), &[5]);
        log.apply_event(7, &retraction(2), None);
        assert_eq!(log.corroborations_of(2), &[] as &[u64]);
        assert_eq!(log.corroborations_of(1), &[4]);
    }
}
