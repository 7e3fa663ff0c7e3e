//! Treaty views: a treaty as a prefix of the log tells it, interpreted and ready to project.

use super::{AsOf, Ledger, LedgerError, NotFound, Result};
use crate::chain::codec;
use crate::chain::placement::Placement;
use crate::chain::prefix::Prefix;
use crate::law::facts::{LinkedWithdrawal, TreatyFacts, TreatyLog};
use crate::law::interpret::{self, Interpretation};
use crate::parallel;
use crate::vocabulary::country::StateCode;
use crate::vocabulary::event::Event;
use crate::vocabulary::provisions::Provisions;
use crate::vocabulary::treaty::TreatyId;
use std::collections::{BTreeMap, BTreeSet};

/// A treaty read from a prefix of the log, ready to project.
#[derive(Debug, Clone)]
pub struct TreatyView {
    /// Its registration and live acts.
    pub facts: TreatyFacts,
    /// What they mean under its rules.
    pub interpretation: Interpretation,
    /// The prefix of the log they were read from.
    pub basis: Prefix,
    /// Retracted entry → the retraction that withdrew it, within the prefix.
    pub retracted: BTreeMap<u64, u64>,
}

impl TreatyView {
    /// Interprets a treaty's facts (of the given states only, if `only`).
    fn of_facts(
        facts: TreatyFacts,
        retracted: BTreeMap<u64, u64>,
        basis: Prefix,
        only: Option<&BTreeSet<StateCode>>,
    ) -> Option<Result<TreatyView>> {
        let interpretation =
            interpret::interpret_only(&facts, only).map_err(|c| LedgerError::Damaged {
                entry: Some(c.entry),
                what: format!("the stored acts contradict each other: {}", c.reason),
            });
        Some(interpretation.map(|interpretation| TreatyView {
            facts,
            interpretation,
            basis,
            retracted,
        }))
    }
}

/// Reads again, with the withdrawals of the treaties they link to, the views whose provisions
/// link any (links are not followed further, as in [`Ledger::linked_withdrawals`]).
fn with_linked(mut views: Vec<TreatyView>) -> Result<Vec<TreatyView>> {
    let linking: Vec<usize> = (0..views.len())
        .filter(|&i| !views[i].facts.provisions.withdrawn_with.is_empty())
        .collect();
    for i in linking {
        let mut linked = Vec::new();
        for other in &views[i].facts.provisions.withdrawn_with {
            if let Some(v) = views.iter().find(|v| &v.facts.treaty.id == other) {
                linked.extend(v.interpretation.withdrawals(other));
            }
        }
        let view = &mut views[i];
        view.facts.linked = linked;
        let facts = view.facts.clone();
        let again = TreatyView::of_facts(facts, view.retracted.clone(), view.basis, None)
            .expect("a view holds a registration")?;
        *view = again;
    }
    Ok(views)
}

/// Entries decoded at a time when every treaty is read: shared out among the cores, applied in
/// order.
const BLOCK: u64 = 50_000;

impl Ledger {
    /// A treaty as entries 1..N tell it (N from the transaction-time bound): its registration,
    /// live acts, their interpretation, and the prefix it was read from.
    pub fn view(&self, treaty: &TreatyId, as_of: AsOf) -> Result<TreatyView> {
        let upto = self.resolve(as_of)?;
        let log = self.treaty_log(treaty, upto)?;
        let basis = self.prefix(upto)?;
        let missing = || {
            LedgerError::NotFound(NotFound::Treaty {
                treaty: treaty.clone(),
                upto,
            })
        };
        let retracted = log.retracted.clone();
        let mut facts = log.into_facts().ok_or_else(missing)?;
        facts.linked = self.linked_withdrawals(&facts.provisions, upto, None)?;
        TreatyView::of_facts(facts, retracted, basis, None).ok_or_else(missing)?
    }

    /// The withdrawals, up to entry `upto`, under the treaties `provisions` link to (of the
    /// given states only, if `states`). Links are not followed further: a treaty linked to
    /// one that is itself linked takes only the withdrawals recorded under the first.
    pub(crate) fn linked_withdrawals(
        &self,
        provisions: &Provisions,
        upto: u64,
        states: Option<&BTreeSet<StateCode>>,
    ) -> Result<Vec<LinkedWithdrawal>> {
        let mut out = Vec::new();
        for other in &provisions.withdrawn_with {
            let log = self.treaty_log_of(other, upto, states, TreatyLog::default())?;
            let Some(facts) = log.into_facts() else {
                continue;
            };
            let read =
                interpret::interpret_only(&facts, states).map_err(|c| LedgerError::Damaged {
                    entry: Some(c.entry),
                    what: format!("the stored acts contradict each other: {}", c.reason),
                })?;
            out.extend(read.withdrawals(other));
        }
        Ok(out)
    }

    /// Every registered treaty as entries 1..N tell it, read for one state: its registration,
    /// its entry into force, and that state's history (no other state's), in id order. A
    /// treaty under which the state has no entry is read from its treaty-level entries alone.
    pub fn views_of_state(&self, state: &StateCode, as_of: AsOf) -> Result<Vec<TreatyView>> {
        let upto = self.resolve(as_of)?;
        let basis = self.prefix(upto)?;
        let ids = self.treaty_ids()?;
        let only = BTreeSet::from([state.clone()]);
        let parts = parallel::per_core(&ids, |part| {
            part.iter()
                .map(|id| self.view_of_state(id, &only, upto, basis))
                .collect::<Vec<_>>()
        });
        let mut views = Vec::new();
        for view in parts.into_iter().flatten() {
            views.extend(view?);
        }
        Ok(views)
    }

    /// One treaty read for the states in `only`; `None` if it is not registered.
    fn view_of_state(
        &self,
        id: &TreatyId,
        only: &BTreeSet<StateCode>,
        upto: u64,
        basis: Prefix,
    ) -> Result<Option<TreatyView>> {
        let mut acted = false;
        for state in only {
            acted |= self
                .store
                .state_seqs(id.as_str(), state.as_str())?
                .first()
                .is_some_and(|s| *s <= upto);
        }
        // The treaty's entry into force needs every state's instruments; only a treaty the
        // state never acted under can be read from its treaty-level entries.
        let scope = if acted { None } else { Some(&BTreeSet::new()) };
        let log = self.treaty_log_of(id, upto, scope, TreatyLog::default())?;
        let retracted = log.retracted.clone();
        let Some(mut facts) = log.into_facts() else {
            return Ok(None);
        };
        facts.linked = self.linked_withdrawals(&facts.provisions, upto, Some(only))?;
        TreatyView::of_facts(facts, retracted, basis, Some(only)).transpose()
    }

    /// Every live treaty as entries 1..N tell it, read in one pass over the log (cheaper than
    /// one indexed read per treaty when all are wanted).
    pub fn views(&self, as_of: AsOf) -> Result<Vec<TreatyView>> {
        let upto = self.resolve(as_of)?;
        let mut placement = Placement::default();
        let mut by_number: Vec<TreatyLog> = Vec::new();
        for start in (1..=upto).step_by(BLOCK as usize) {
            let end = (start + BLOCK).min(upto + 1);
            for (seq, event) in self.decode_events(start, end)? {
                if let Some((n, _)) = placement.place(seq, &event) {
                    if n == by_number.len() {
                        by_number.push(TreatyLog::default());
                    }
                    by_number[n].apply_event(seq, &event, None);
                }
            }
        }
        let mut logs: Vec<(TreatyId, TreatyLog)> = placement
            .treaties()
            .iter()
            .cloned()
            .zip(by_number)
            .collect();
        let basis = self.prefix(upto)?;
        logs.sort_by(|a, b| a.0.cmp(&b.0));
        let parts: Vec<Vec<Result<TreatyView>>> = parallel::per_core(&logs, |part| {
            part.iter()
                .filter_map(|(_, log)| {
                    TreatyView::of_facts(log.facts()?, log.retracted.clone(), basis, None)
                })
                .collect()
        });
        let views: Vec<TreatyView> = parts.into_iter().flatten().collect::<Result<_>>()?;
        with_linked(views)
    }

    /// The events of entries `start..end`, decoded on every core, in order; refuses a gap.
    fn decode_events(&self, start: u64, end: u64) -> Result<Vec<(u64, Event)>> {
        let seqs: Vec<u64> = (start..end).collect();
        let parts = parallel::per_core(&seqs, |part| match (part.first(), part.last()) {
            (Some(from), Some(to)) => self.decode_range(*from, to + 1),
            _ => Ok(Vec::new()),
        });
        let mut all = Vec::with_capacity(seqs.len());
        for part in parts {
            all.extend(part?);
        }
        Ok(all)
    }

    /// The events of entries `from..to`, in order; refuses a gap.
    fn decode_range(&self, from: u64, to: u64) -> Result<Vec<(u64, Event)>> {
        let mut out = Vec::with_capacity((to - from) as usize);
        for (expected, item) in (from..to).zip(self.store.entries_between(from, to)) {
            let (seq, bytes) = item?;
            let damaged = |what: String| LedgerError::Damaged {
                entry: Some(expected),
                what,
            };
            let (number, event) =
                codec::decode_event(&bytes).map_err(|e| damaged(e.to_string()))?;
            if seq != expected || number != expected {
                return Err(damaged("the entry numbers are not 1, 2, 3, ...".into()));
            }
            out.push((seq, event));
        }
        if out.len() as u64 != to - from {
            return Err(LedgerError::Damaged {
                entry: Some(from + out.len() as u64),
                what: "the entry is missing".into(),
            });
        }
        Ok(out)
    }
}
