//! Every treaty at once, each read from its own entry file: for the questions across treaties
//! (one state under every treaty, changes in a period, counts of all treaties), which need every
//! treaty's acts but none of their citations. One state's questions read, at the head, only that
//! state's entries and the treaty-level ones, with the treaty's entry into force from the
//! derived `summary` ([`super::summary`]).

use super::summary::TreatySummary;
use super::view::{TreatyView, imply_linked};
use super::{AsOf, Ledger, LedgerError, Result};
use crate::chain::codec;
use crate::chain::prefix::Prefix;
use crate::law::facts::TreatyLog;
use crate::law::interpret;
use crate::parallel;
use crate::store::Store;
use crate::vocabulary::country::StateCode;
use crate::vocabulary::event::Event;
use crate::vocabulary::treaty::TreatyId;
use std::collections::BTreeSet;

impl Ledger {
    /// Every live treaty as entries 1..N tell it, in id order: the same views as
    /// [`Ledger::views`], read treaty by treaty (one read of each treaty's file, only the events
    /// decoded) rather than entry by entry, which is several times cheaper when the treaties'
    /// entries are scattered through the log.
    pub fn views_by_treaty(&self, as_of: AsOf) -> Result<Vec<TreatyView>> {
        let upto = self.resolve(as_of)?;
        let basis = self.prefix(upto)?;
        let ids = self.store.treaty_ids()?;
        let parts: Vec<Result<Vec<TreatyView>>> = parallel::per_core(&ids, |part| {
            let mut views = Vec::with_capacity(part.len());
            for id in part {
                views.extend(self.read_view(id, upto, basis)?);
            }
            Ok(views)
        });
        let mut all = Vec::with_capacity(ids.len());
        for part in parts {
            all.extend(part?);
        }
        imply_linked(&mut all)?;
        Ok(all)
    }

    /// Every live treaty as entries 1..N tell it, in id order, each view holding only
    /// `state`'s acts and the treaty-level ones: `state`'s row of each is the one
    /// [`Ledger::views_by_treaty`] gives, the other states' are not there. At the head it reads
    /// only those entries, taking the treaties' entries into force from the summary (a treaty
    /// with entries in the journal since is read whole); otherwise, or without a sound summary,
    /// every treaty is read whole.
    pub fn views_of_state(&self, state: &StateCode, as_of: AsOf) -> Result<Vec<TreatyView>> {
        let upto = self.resolve(as_of)?;
        let summary = (upto == self.head()?.entries)
            .then(|| self.summary(state))
            .flatten();
        let Some((summary, touched)) = summary else {
            return self.views_by_treaty(as_of);
        };
        let basis = self.prefix(upto)?;
        let mut views = Vec::new();
        for id in self.store.treaty_ids()? {
            let view = match summary.treaty(&id).filter(|_| !touched.contains(&id)) {
                Some(t) => self.state_view(t, state, basis)?,
                None => self.read_view(&id, upto, basis)?,
            };
            views.extend(view);
        }
        imply_linked(&mut views)?;
        Ok(views)
    }

    /// One treaty's view of `state` alone, from the summary and the entries it names.
    fn state_view(
        &self,
        t: &TreatySummary,
        state: &StateCode,
        basis: Prefix,
    ) -> Result<Option<TreatyView>> {
        if !t.registered {
            return Ok(None);
        }
        let mut log = TreatyLog::default();
        for (seq, bytes) in self.store.entries_at(&t.entries_with(state.as_str()))? {
            log.apply_event(seq, &decode(seq, &bytes)?, None);
        }
        let (retracted, statements) = (log.retracted.clone(), log.statements.clone());
        let Some(facts) = log.into_facts() else {
            return Ok(None);
        };
        let interpretation =
            interpret::interpret_with(&facts, t.in_force.clone()).map_err(|c| {
                LedgerError::Damaged {
                    entry: Some(c.entry),
                    what: format!("the stored acts contradict each other: {}", c.reason),
                }
            })?;
        Ok(Some(TreatyView {
            facts,
            interpretation,
            basis,
            retracted,
            statements,
        }))
    }

    /// The numbers of the entries filed under `state` under every live treaty, ascending: at
    /// the head, from the summary where it covers the treaty; otherwise from each treaty's file.
    pub fn entries_of_state(&self, state: &StateCode) -> Result<Vec<u64>> {
        let upto = self.head()?.entries;
        let (summary, touched) = self
            .summary(state)
            .map_or((None, BTreeSet::new()), |(s, t)| (Some(s), t));
        let mut seqs = Vec::new();
        for id in self.store.treaty_ids()? {
            match summary.as_ref().and_then(|s| s.treaty(&id)) {
                Some(t) if !touched.contains(&id) => {
                    if t.registered {
                        seqs.extend(t.filed.get(state.as_str()).into_iter().flatten());
                    }
                }
                _ => {
                    let treaty = TreatyId::parse(&id).map_err(|e| LedgerError::Damaged {
                        entry: None,
                        what: format!("the treaty index holds {e}"),
                    })?;
                    if self.is_registered(&treaty, upto)? {
                        seqs.extend(self.entries_under(&treaty, Some(state))?);
                    }
                }
            }
        }
        seqs.sort_unstable();
        Ok(seqs)
    }

    /// Whether treaty `treaty` has a live registration among entries 1..=`upto` (read from its
    /// treaty-level entries alone).
    fn is_registered(&self, treaty: &TreatyId, upto: u64) -> Result<bool> {
        let none = BTreeSet::new();
        let log = self.treaty_log_of(treaty, upto, Some(&none), TreatyLog::default())?;
        Ok(log.registration.is_some())
    }

    /// One treaty's view from its file; `None` when it is not registered by entry `upto`.
    fn read_view(&self, id: &str, upto: u64, basis: Prefix) -> Result<Option<TreatyView>> {
        let mut log = TreatyLog::default();
        treaty_events(&self.store, id, upto, |seq, event| {
            log.apply_event(seq, event, None)
        })?;
        TreatyView::of(log, basis).transpose()
    }
}

/// Each of treaty `id`'s entries among 1..=`upto`, decoded to its event, in entry order.
pub(super) fn treaty_events(
    store: &Store,
    id: &str,
    upto: u64,
    mut each: impl FnMut(u64, &Event),
) -> Result<()> {
    for (seq, bytes) in store.treaty_entries(id, None)? {
        if seq > upto {
            break;
        }
        each(seq, &decode(seq, &bytes)?);
    }
    Ok(())
}

/// Entry `seq`'s event, from its stored bytes; refuses an entry numbered otherwise.
fn decode(seq: u64, bytes: &[u8]) -> Result<Event> {
    let damaged = |what: String| LedgerError::Damaged {
        entry: Some(seq),
        what,
    };
    let (number, event) = codec::decode_event(bytes).map_err(|e| damaged(e.to_string()))?;
    if number != seq {
        return Err(damaged(format!(
            "it is filed as entry {seq} but numbered {number}"
        )));
    }
    Ok(event)
}
