//! The citations of recorded facts: each fact's own and those corroborations added later, every
//! one with the entry that added it; and a treaty's live acts with theirs, for bulk imports that
//! compare a file with what is recorded.

use super::{Ledger, Result, decode_stored};
use crate::law::facts::{self, Cited, TreatyLog};
use crate::vocabulary::citation::Citation;
use crate::vocabulary::event::{Act, Event};
use crate::vocabulary::treaty::TreatyId;
use std::collections::{BTreeSet, HashMap};

/// A live act as recorded, with every citation it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedAct {
    /// Its entry.
    pub seq: u64,
    /// The act.
    pub act: Act,
    /// Its note.
    pub note: Option<String>,
    /// Its own citations, then those its live corroborations added.
    pub citations: Vec<Cited>,
}

impl Ledger {
    /// Every citation of entry `seq` as entries 1..=`upto` tell it: the entry's own, then, for a
    /// live act or registration, those of each live corroboration of it, in order.
    pub fn citations(&self, seq: u64, upto: u64) -> Result<Vec<Cited>> {
        let entry = self.decoded(seq)?;
        let (treaty, states) = match &entry.fact.event {
            Event::Act(a) => (
                a.treaty.clone(),
                a.state.iter().cloned().collect::<BTreeSet<_>>(),
            ),
            Event::TreatyRegistration(t) => (t.id.clone(), BTreeSet::new()),
            Event::Provisions(p) => (p.treaty.clone(), BTreeSet::new()),
            Event::Statement(s) => (s.treaty.clone(), BTreeSet::from([s.state.clone()])),
            Event::Retraction(_) | Event::Corroboration(_) => {
                return Ok(facts::citations([(seq, entry.fact.citations.as_slice())]));
            }
        };
        let log = self.treaty_log_of(&treaty, upto, Some(&states), TreatyLog::default())?;
        let mut held = vec![(seq, entry.fact.citations)];
        for &c in log.corroborations_of(seq) {
            held.push((c, self.decoded(c)?.fact.citations));
        }
        Ok(facts::citations(
            held.iter().map(|(s, c)| (*s, c.as_slice())),
        ))
    }

    /// The live acts of a treaty as the whole ledger tells them, in entry order, each with every
    /// citation it has.
    pub fn recorded_acts(&self, treaty: &TreatyId) -> Result<Vec<RecordedAct>> {
        let upto = self.head()?.entries;
        let seqs: Vec<u64> = self
            .store
            .treaty_seqs(treaty.as_str())?
            .into_iter()
            .take_while(|s| *s <= upto)
            .collect();
        let mut log = TreatyLog::default();
        let mut held: HashMap<u64, (Option<String>, Vec<Citation>)> = HashMap::new();
        for (seq, bytes) in self.store.entries_at(&seqs)? {
            let fact = decode_stored(seq, &bytes)?.fact;
            log.apply(seq, &fact);
            held.insert(seq, (fact.note, fact.citations));
        }
        let mut out = Vec::with_capacity(log.acts.len());
        for live in &log.acts {
            let own = held.get(&live.seq).map_or(&[][..], |(_, c)| c.as_slice());
            let added = log.corroborations_of(live.seq).iter().map(|c| {
                let citations = held.get(c).map_or(&[][..], |(_, c)| c.as_slice());
                (*c, citations)
            });
            out.push(RecordedAct {
                seq: live.seq,
                act: live.act.clone(),
                note: held.get(&live.seq).and_then(|(n, _)| n.clone()),
                citations: facts::citations(std::iter::once((live.seq, own)).chain(added)),
            });
        }
        Ok(out)
    }
}
