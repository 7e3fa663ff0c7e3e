//! Treaty views: a treaty as a prefix of the log tells it, interpreted and ready to project.

use super::{AsOf, Ledger, LedgerError, NotFound, Result};
use crate::chain::codec;
use crate::chain::placement::Placement;
use crate::chain::prefix::Prefix;
use crate::law::facts::{LinkedWithdrawal, LiveStatement, TreatyFacts, TreatyLog};
use crate::law::interpret::{self, Interpretation};
use crate::parallel;
use crate::vocabulary::event::Event;
use crate::vocabulary::treaty::TreatyId;
use std::collections::BTreeMap;

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
    /// Its live statements (reservations, declarations, objections, withdrawals, territorial
    /// application), in entry order; they change no membership date.
    pub statements: Vec<LiveStatement>,
}

impl TreatyView {
    /// Interprets a treaty's log; `None` when the treaty is not registered in it.
    pub(super) fn of(log: TreatyLog, basis: Prefix) -> Option<Result<TreatyView>> {
        let retracted = log.retracted.clone();
        let statements = log.statements.clone();
        TreatyView::of_facts(log.into_facts()?, retracted, statements, basis)
    }

    /// Interprets a treaty's facts.
    fn of_facts(
        facts: TreatyFacts,
        retracted: BTreeMap<u64, u64>,
        statements: Vec<LiveStatement>,
        basis: Prefix,
    ) -> Option<Result<TreatyView>> {
        let interpretation = interpret::interpret(&facts).map_err(|c| LedgerError::Damaged {
            entry: Some(c.entry),
            what: format!("the stored acts contradict each other: {}", c.reason),
        });
        Some(interpretation.map(|interpretation| TreatyView {
            facts,
            interpretation,
            basis,
            retracted,
            statements,
        }))
    }
}

impl TreatyView {
    /// Reads the treaty again with the withdrawals from the treaties its provisions link, which
    /// imply withdrawal from it (Paris Agreement Art. 28(3)); links are followed one step, not
    /// through the linked treaties' own links.
    fn imply(&mut self, implied: Vec<LinkedWithdrawal>) -> Result<()> {
        if implied.is_empty() {
            return Ok(());
        }
        self.facts.linked_withdrawals = implied;
        // Linked withdrawals change no count of instruments: the treaty's entry into force
        // stands (and a view of some states only could not recompute it).
        let in_force = self.interpretation.in_force.clone();
        self.interpretation =
            interpret::interpret_with(&self.facts, in_force).map_err(|c| LedgerError::Damaged {
                entry: Some(c.entry),
                what: format!("the stored acts contradict each other: {}", c.reason),
            })?;
        Ok(())
    }
}

/// Reads every treaty of a complete set again with the withdrawals from the treaties its
/// provisions link (see [`TreatyView::imply`]).
pub(super) fn imply_linked(views: &mut [TreatyView]) -> Result<()> {
    let implied: Vec<Vec<LinkedWithdrawal>> = views
        .iter()
        .map(|view| {
            let named = &view.facts.provisions.withdrawn_with;
            views
                .iter()
                .filter(|v| named.contains(&v.facts.treaty.id))
                .flat_map(withdrawals)
                .collect()
        })
        .collect();
    for (view, implied) in views.iter_mut().zip(implied) {
        view.imply(implied)?;
    }
    Ok(())
}

/// Every unrevoked withdrawal that takes effect under a treaty, as a linked treaty sees it.
fn withdrawals(view: &TreatyView) -> Vec<LinkedWithdrawal> {
    let mut out = Vec::new();
    for (state, history) in &view.interpretation.states {
        for m in &history.memberships {
            let Some(w) = m.withdrawal.as_ref().filter(|w| w.revoked.is_none()) else {
                continue;
            };
            out.push(LinkedWithdrawal {
                treaty: view.facts.treaty.id.clone(),
                state: state.clone(),
                notified_on: w.notified.date,
                notified_entry: w.notified.entry,
                effective: w.effective,
            });
        }
    }
    out
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
        let mut view = TreatyView::of(log, basis).ok_or_else(missing)??;
        let mut implied = Vec::new();
        for other in &view.facts.provisions.withdrawn_with {
            let log = self.treaty_log(other, upto)?;
            if let Some(other) = TreatyView::of(log, basis) {
                implied.extend(withdrawals(&other?));
            }
        }
        view.imply(implied)?;
        Ok(view)
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
                    TreatyView::of_facts(
                        log.facts()?,
                        log.retracted.clone(),
                        log.statements.clone(),
                        basis,
                    )
                })
                .collect()
        });
        let mut views: Vec<TreatyView> = parts.into_iter().flatten().collect::<Result<_>>()?;
        imply_linked(&mut views)?;
        Ok(views)
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
