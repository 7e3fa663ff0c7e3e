//! Entry into force: the treaty's own (the Nth counted instrument and the delay from it, or a
//! recorded date), and for each deposit the rule that fixes it, with the dates that rule used.

use crate::law::facts::{Contradiction, LiveAct, TreatyFacts};
use crate::law::history::{InForceRule, Proven, Threshold, TreatyInForce};
use crate::vocabulary::calendar::LegalDate;
use crate::vocabulary::country::StateCode;
use crate::vocabulary::event::ActKind;
use crate::vocabulary::rules::{LaterFrom, Rules};

/// The day of a live act, with its entry.
pub(crate) fn proven(act: &LiveAct) -> Proven {
    Proven {
        date: act.act.date,
        entry: act.seq,
    }
}

/// The instruments that count towards entry into force: the kinds the provisions count (not
/// successions), not withdrawn before taking effect.
fn counted_instruments(facts: &TreatyFacts) -> Vec<&LiveAct> {
    let withdrawn_before_effect: Vec<(&StateCode, LegalDate)> = facts
        .acts
        .iter()
        .filter(|a| a.act.kind == ActKind::InstrumentWithdrawal)
        .filter_map(|a| a.act.state.as_ref().map(|s| (s, a.act.date)))
        .collect();
    let mut counted: Vec<&LiveAct> = facts
        .acts
        .iter()
        .filter(|a| facts.provisions.counts(a.act.kind))
        .filter(|a| {
            !withdrawn_before_effect
                .iter()
                .any(|(s, d)| Some(*s) == a.act.state.as_ref() && *d >= a.act.date)
        })
        .collect();
    counted.sort_by_key(|a| (a.act.date, a.seq));
    counted
}

/// The treaty's own entry into force: the Nth counted instrument, the date the rules give
/// from it, and a recorded date; refuses a second recorded date.
pub fn of_treaty(facts: &TreatyFacts) -> Result<TreatyInForce, Contradiction> {
    let rules = &facts.treaty.rules;
    let counted = counted_instruments(facts);
    let nth = usize::try_from(rules.eif_instruments)
        .ok()
        .and_then(|n| counted.get(n.checked_sub(1)?));
    let nth_instrument = nth.map(|a| proven(a));
    let by_rule = nth_instrument.and_then(|p| rules.eif_delay.apply(p.date));
    let mut recorded = facts
        .acts
        .iter()
        .filter(|a| a.act.kind == ActKind::EntryIntoForce && a.act.state.is_none());
    let first = recorded.next();
    if let (Some(first), Some(second)) = (first, recorded.next()) {
        return Err(Contradiction {
            entry: second.seq,
            reason: format!(
                "the treaty's entry into force is already recorded (entry {})",
                first.seq
            ),
        });
    }
    Ok(TreatyInForce {
        nth_instrument,
        by_rule,
        recorded: first.map(proven),
    })
}

/// The rule that fixes entry into force for a state depositing on `day`, with the dates it
/// uses; `None` while the treaty itself is not in force.
pub fn for_deposit(rules: &Rules, in_force: &TreatyInForce, day: LegalDate) -> Option<InForceRule> {
    let treaty = in_force.date()?;
    // A deposit the delay for later states does not cover takes effect with the treaty.
    let threshold = match rules.later_delay_from {
        LaterFrom::NthInstrument => match in_force.nth_instrument {
            Some(nth) => Threshold::NthInstrument(nth),
            // Too few instruments are recorded to tell which was the nth: every deposit
            // is read as later than it, as before the treaty's recorded entry into force.
            None => Threshold::NthNotRecorded(rules.eif_instruments),
        },
        LaterFrom::EntryIntoForce => Threshold::EntryIntoForce(treaty),
    };
    let passed = match threshold {
        Threshold::NthInstrument(nth) => day > nth.date,
        Threshold::EntryIntoForce(eif) => day > eif,
        Threshold::NthNotRecorded(_) => true,
    };
    Some(if passed {
        InForceRule::LaterDelay {
            deposited: day,
            threshold,
            own: rules.later_delay.apply(day),
            treaty,
        }
    } else {
        InForceRule::WithTreaty {
            deposited: day,
            threshold,
            treaty,
        }
    })
}
