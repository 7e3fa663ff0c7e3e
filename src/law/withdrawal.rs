//! Withdrawals: when a notice may be given (a wait after entry into force for the party), when
//! it takes effect (an armed-conflict clause may hold it back), and withdrawal implied by one
//! from a linked treaty. Used by [`crate::law::interpret`] as it reads a state's acts.

use crate::law::facts::LinkedWithdrawal;
use crate::law::history::{Conflict, Membership, Proven, Withdrawal};
use crate::vocabulary::calendar::LegalDate;
use crate::vocabulary::rules::{Delay, Rules};

/// Refuses a notice on `day` given before `wait` after entry into force for the state (Paris
/// Agreement Art. 28(1)), naming the first day allowed.
pub(crate) fn check_notice_wait(
    wait: &Delay,
    in_force_from: Option<LegalDate>,
    day: LegalDate,
) -> Result<(), String> {
    let first = in_force_from.filter(|f| *f <= day).ok_or_else(|| {
        format!(
            "the treaty is not in force for the state on {day}; under its provisions a withdrawal may be notified only {wait} after entry into force for the state"
        )
    })?;
    let allowed = wait
        .apply(first)
        .ok_or_else(|| format!("the wait of {wait} from {first} runs past the calendar"))?;
    if day < allowed {
        return Err(format!(
            "a withdrawal notified on {day} is too early: under the treaty's provisions a withdrawal may be notified only {wait} after entry into force for the state on {first}, that is from {allowed}"
        ));
    }
    Ok(())
}

/// A withdrawal from a linked treaty ends the membership in effect when it was notified, on
/// the day it takes effect there, unless the state's own withdrawal takes effect sooner. One
/// still suspended there implies nothing until it takes effect.
pub(crate) fn imply(memberships: &mut [Membership], linked: &LinkedWithdrawal) {
    let Some(effective) = linked.effective else {
        return;
    };
    let day = linked.notified_on;
    let Some(m) = memberships
        .iter_mut()
        .rev()
        .find(|m| m.start() <= day && m.end().is_none_or(|end| end > day))
    else {
        return;
    };
    let sooner = m
        .withdrawal
        .as_ref()
        .filter(|w| w.revoked.is_none())
        .and_then(|w| w.effective)
        .is_some_and(|own| own <= effective);
    if sooner {
        return;
    }
    m.withdrawal = Some(Withdrawal {
        notified: Proven {
            date: linked.notified_on,
            entry: linked.notified_entry,
        },
        stated: None,
        due: effective,
        effective: Some(effective),
        suspended_by: None,
        revoked: None,
        implied_by: Some(linked.treaty.clone()),
    });
}

/// When a withdrawal due on `due` takes effect: under an armed-conflict clause, not while the
/// state is engaged in a recorded conflict, but at that conflict's recorded end.
pub(crate) fn effect(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocabulary::event::ActKind;
    use crate::vocabulary::treaty::TreatyId;

    fn d(s: &str) -> LegalDate {
        LegalDate::parse(s).unwrap()
    }

    #[test]
    fn a_notice_before_the_wait_is_refused_with_the_first_day_allowed() {
        let wait: Delay = "+3y".parse().unwrap();
        let err = check_notice_wait(&wait, Some(d("2016-11-04")), d("2019-11-03")).unwrap_err();
        assert!(err.contains("that is from 2019-11-04"), "{err}");
        assert!(check_notice_wait(&wait, Some(d("2016-11-04")), d("2019-11-04")).is_ok());
        assert!(check_notice_wait(&wait, None, d("2019-11-04")).is_err());
    }

    #[test]
    fn a_linked_withdrawal_ends_the_membership_unless_its_own_ends_it_sooner() {
        let membership = |own: Option<&str>| Membership {
            instrument: ActKind::Ratification,
            deposited: Proven {
                date: d("2016-10-05"),
                entry: 2,
            },
            stated_effective: None,
            in_force_from: Some(d("2016-11-04")),
            in_force_basis: None,
            in_force_entry: None,
            derivation: None,
            instrument_withdrawn: None,
            withdrawal: own.map(|e| Withdrawal {
                notified: Proven {
                    date: d("2025-01-01"),
                    entry: 3,
                },
                stated: None,
                due: d(e),
                effective: Some(d(e)),
                suspended_by: None,
                revoked: None,
                implied_by: None,
            }),
        };
        let linked = LinkedWithdrawal {
            treaty: TreatyId::parse("unfccc").unwrap(),
            state: crate::vocabulary::country::StateCode::parse("CA").unwrap(),
            notified_on: d("2025-06-01"),
            notified_entry: 9,
            effective: Some(d("2026-06-01")),
        };
        let mut ms = vec![membership(None)];
        imply(&mut ms, &linked);
        let w = ms[0].withdrawal.as_ref().unwrap();
        assert_eq!((w.effective, w.notified.entry), (Some(d("2026-06-01")), 9));
        assert_eq!(w.implied_by.as_ref().map(TreatyId::as_str), Some("unfccc"));
        let mut sooner = vec![membership(Some("2026-01-01"))];
        imply(&mut sooner, &linked);
        assert!(sooner[0].withdrawal.as_ref().unwrap().implied_by.is_none());
    }
}
