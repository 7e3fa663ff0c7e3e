//! When a withdrawal takes effect: the date its delay (or the notice) gives, postponed under an
//! armed-conflict clause while the state is engaged in a recorded conflict; and which
//! withdrawal under a linked treaty ends a membership.

use crate::law::facts::LinkedWithdrawal;
use crate::law::history::{Conflict, LinkedEffect, Membership};
use crate::vocabulary::calendar::LegalDate;
use crate::vocabulary::rules::Rules;
use crate::vocabulary::treaty::TreatyId;

/// The linked withdrawal that ends a membership: the first that takes effect after it began
/// and before it ended by itself.
pub fn linked_end(
    m: &Membership,
    linked: &[&LinkedWithdrawal],
) -> Option<(TreatyId, LinkedEffect)> {
    if linked.is_empty() {
        return None;
    }
    let own_end = {
        let mut alone = m.clone();
        alone.linked_withdrawal = None;
        alone.end()
    };
    linked
        .iter()
        .filter(|l| l.effect.effective > m.start())
        .filter(|l| own_end.is_none_or(|end| l.effect.effective < end))
        .min_by_key(|l| (l.effect.effective, l.effect.notified.entry))
        .map(|l| (l.treaty.clone(), l.effect))
}

/// When a withdrawal due on `due` takes effect: under an armed-conflict clause, not while the
/// state is engaged in a recorded conflict, but at that conflict's recorded end.
pub fn withdrawal_effect(
    due: LegalDate,
    rules: &Rules,
    conflicts: &[Conflict],
) -> (Option<LegalDate>, Option<u64>) {
    if !rules.armed_conflict_suspends_withdrawal {
        return (Some(due), None);
    }
    let mut at = due;
    let mut suspended_by = None;
    // Conflicts do not overlap (the reader refuses that), so each step moves strictly later.
    while let Some(c) = conflicts
        .iter()
        .find(|c| c.start.date <= at && c.end.is_none_or(|e| e.date > at))
    {
        suspended_by = Some(c.start.entry);
        match c.end {
            Some(end) => at = end.date,
            None => return (None, suspended_by),
        }
    }
    (Some(at), suspended_by)
}
