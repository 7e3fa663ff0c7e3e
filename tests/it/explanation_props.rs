//! Every explanation true: over generated histories, each date a sentence of `why` states is the
//! date the derivation used for what the sentence calls it, and each order it asserts holds.

use pacta::law::explanation::{Used, explain};
use pacta::law::facts::{LiveAct, TreatyFacts};
use pacta::law::history::Provisional;
use pacta::law::interpret::{Interpretation, interpret};
use pacta::vocabulary::calendar::LegalDate;
use pacta::vocabulary::country::StateCode;
use pacta::vocabulary::event::{ACT_KINDS, Act, ActKind};
use pacta::vocabulary::rules::{Delay, LaterFrom, PRESETS, Preset};
use pacta::vocabulary::treaty::{Treaty, TreatyId};
use proptest::prelude::*;

const STATES: &[&str] = &["AD", "AE", "AG", "AL", "AM", "AO", "FI", "UA"];

/// Every date written in `text` (YYYY-MM-DD), in order.
fn dates_in(text: &str) -> Vec<LegalDate> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(9))
        .filter(|&i| {
            let at = |j: usize| bytes[i + j];
            (0..10).all(|j| match j {
                4 | 7 => at(j) == b'-',
                _ => at(j).is_ascii_digit(),
            }) && (i == 0 || !bytes[i - 1].is_ascii_digit())
        })
        .filter_map(|i| LegalDate::parse(&text[i..i + 10]).ok())
        .collect()
}

/// The date the derivation holds for `used` in the explanation of `state` on `at`, read
/// from the interpretation itself (and for the cutoff, from the treaty's rules).
fn derived(
    treaty: &Treaty,
    i: &Interpretation,
    state: &StateCode,
    at: LegalDate,
    used: Used,
) -> Vec<LegalDate> {
    let h = &i.states[state];
    let m = h.membership_at(at);
    let w = m.and_then(|m| m.withdrawal.as_ref());
    let one = |d: Option<LegalDate>| d.into_iter().collect::<Vec<_>>();
    match used {
        Used::At => vec![at],
        Used::TreatyInForce => one(i.in_force.date()),
        Used::TreatyInForceByRule => one(i.in_force.by_rule),
        Used::NthDeposit => one(i.in_force.nth_instrument.map(|p| p.date)),
        Used::Signature => one(h.signature.map(|p| p.date)),
        Used::SignatureWithdrawn => one(h.signature_withdrawn.map(|p| p.date)),
        Used::Deposit => one(m.map(|m| m.deposited.date)),
        Used::InstrumentWithdrawn => one(m.and_then(|m| m.instrument_withdrawn.map(|p| p.date))),
        Used::Cutoff => one(match treaty.rules.later_delay_from {
            LaterFrom::NthInstrument => i.in_force.nth_instrument.map(|p| p.date),
            LaterFrom::EntryIntoForce => i.in_force.date(),
        }),
        Used::OwnDelay => one(m.and_then(|m| treaty.rules.later_delay.apply(m.deposited.date))),
        Used::InForceForState => one(m.and_then(|m| m.in_force_from)),
        Used::NoticeAllowed => one(i
            .provisions
            .withdrawal_notice_after
            .as_ref()
            .zip(m.and_then(|m| m.in_force_from))
            .and_then(|(wait, from)| wait.apply(from))),
        Used::WithdrawalNotice => one(w.map(|w| w.notified.date)),
        Used::WithdrawalByDelay => {
            one(w.and_then(|w| treaty.rules.withdrawal_delay.apply(w.notified.date)))
        }
        Used::WithdrawalStated => one(w.and_then(|w| w.stated)),
        Used::WithdrawalDue => one(w.map(|w| w.due)),
        Used::WithdrawalEffective => one(w.and_then(|w| w.effective)),
        Used::WithdrawalRevoked => one(w.and_then(|w| w.revoked.map(|p| p.date))),
        Used::ConflictStart | Used::ConflictEnd => {
            let c = w
                .and_then(|w| w.suspended_by)
                .and_then(|e| h.conflicts.iter().find(|c| c.start.entry == e));
            match used {
                Used::ConflictStart => one(c.map(|c| c.start.date)),
                _ => one(c.and_then(|c| c.end.map(|p| p.date))),
            }
        }
        Used::SuspensionNotice => one(h.suspension_at(at).map(|s| s.notified.date)),
        Used::SuspensionStart => one(h.suspension_at(at).and_then(|s| s.effective)),
        Used::ProvisionalDeclared | Used::ProvisionalEnded => {
            let p = h.provisional.iter().rev().find(|p| p.declared.date <= at);
            match used {
                Used::ProvisionalDeclared => one(p.map(|p| p.declared.date)),
                _ => one(p.and_then(Provisional::end)),
            }
        }
    }
}

/// (preset, instruments needed, acts as (state, kind, day offset, effective offset),
/// a recorded treaty entry into force, provisions, days explained).
type Drawn = (
    usize,
    u32,
    Vec<(usize, usize, i32, Option<i32>)>,
    Option<i32>,
    (bool, bool, bool),
    Vec<i32>,
);

fn drawn() -> impl Strategy<Value = Drawn> {
    (
        0..PRESETS.len(),
        1u32..5,
        proptest::collection::vec(
            (
                0..STATES.len(),
                0..ACT_KINDS.len(),
                0i32..4_000,
                proptest::option::weighted(0.1, 0i32..4_000),
            ),
            1..40,
        ),
        proptest::option::weighted(0.15, 0i32..4_000),
        (any::<bool>(), any::<bool>(), any::<bool>()),
        proptest::collection::vec(0i32..6_000, 1..4),
    )
}

/// The facts drawn, all under one treaty; `None` when they contradict each other.
fn history(d: &Drawn) -> Option<(Treaty, Interpretation)> {
    let (preset, needed, acts, recorded, (counting, wait, provisional), _) = d.clone();
    let p = &PRESETS[preset];
    let id = TreatyId::parse("t").unwrap();
    let base = LegalDate::parse("2000-01-01").unwrap();
    let day = |n: i32| LegalDate::from_epoch_days(base.epoch_days() + n).unwrap();
    let mut rules = p.rules();
    rules.eif_instruments = needed;
    let treaty = Treaty {
        id: id.clone(),
        title: "T".into(),
        adopted: None,
        depositary: None,
        rules,
    };
    let mut facts = TreatyFacts::new(treaty.clone(), 1, Vec::new());
    if counting {
        facts.provisions.counting = vec![ActKind::Ratification, ActKind::Approval];
    }
    if wait {
        facts.provisions.withdrawal_notice_after = Some("+1y".parse::<Delay>().unwrap());
    }
    if provisional {
        facts.provisions.provisional_application = Some("Articles 6 and 7".into());
    }
    let drawn = acts.iter().map(|(state, kind, on, effective)| {
        let kind = ACT_KINDS[*kind];
        Act {
            treaty: id.clone(),
            state: (kind != ActKind::EntryIntoForce)
                .then(|| StateCode::parse(STATES[*state]).unwrap()),
            kind,
            date: day(*on),
            effective: effective.map(day).filter(|_| kind.takes_effective_date()),
        }
    });
    let recorded = recorded.map(|on| Act {
        treaty: id.clone(),
        state: None,
        kind: ActKind::EntryIntoForce,
        date: day(on),
        effective: None,
    });
    // Offered one at a time, as the ledger admits them: an act that would contradict the
    // ones kept is left out.
    for (n, act) in drawn.chain(recorded).enumerate() {
        facts.acts.push(LiveAct {
            seq: n as u64 + 2,
            act,
        });
        if interpret(&facts).is_err() {
            facts.acts.pop();
        }
    }
    let interpretation = interpret(&facts).ok()?;
    Some((treaty, interpretation))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Every date a sentence of `why` states is the date the derivation used for what the
    /// sentence says it is, and every order it asserts ("after", "not after", "no later
    /// than") holds.
    #[test]
    fn every_sentence_states_the_derivations_dates(d in drawn()) {
        let Some((treaty, i)) = history(&d) else { return Ok(()) };
        let base = LegalDate::parse("2000-01-01").unwrap();
        for state in i.states.keys() {
            for on in &d.5 {
                let at = LegalDate::from_epoch_days(base.epoch_days() + on).unwrap();
                let e = explain(&treaty, &i, state, at);
                for r in &e.reasons {
                    let claimed: Vec<LegalDate> = r.dates.iter().map(|(_, d)| *d).collect();
                    prop_assert_eq!(dates_in(&r.text), claimed, "{}", r.text);
                    for (used, date) in &r.dates {
                        let derivation = derived(&treaty, &i, state, at, *used);
                        prop_assert!(
                            derivation.contains(date),
                            "{:?} {} is not the derivation's {:?}: {}",
                            used, date, derivation, r.text
                        );
                    }
                    for o in &r.orders {
                        prop_assert!(o.holds(), "{:?} does not hold: {}", o, r.text);
                    }
                }
            }
        }
    }
}

#[test]
fn a_deposit_between_the_nth_instrument_and_entry_into_force_is_said_to_be_so() {
    // Paraguay under Ottawa: deposited 1998-11-13, after the 40th instrument (1998-09-16)
    // and before the Convention's entry into force (1999-03-01).
    let p = Preset::find("ottawa").unwrap();
    let mut rules = p.rules();
    rules.eif_instruments = 1;
    let id = TreatyId::parse("ottawa").unwrap();
    let treaty = Treaty {
        id: id.clone(),
        title: "Ottawa".into(),
        adopted: None,
        depositary: None,
        rules,
    };
    let act = |seq: u64, state: &str, date: &str| LiveAct {
        seq,
        act: Act {
            treaty: id.clone(),
            state: Some(StateCode::parse(state).unwrap()),
            kind: ActKind::Ratification,
            date: LegalDate::parse(date).unwrap(),
            effective: None,
        },
    };
    let facts = TreatyFacts::new(
        treaty.clone(),
        1,
        vec![act(2, "GQ", "1998-09-16"), act(3, "PY", "1998-11-13")],
    );
    let i = interpret(&facts).unwrap();
    let py = StateCode::parse("PY").unwrap();
    let e = explain(&treaty, &i, &py, LegalDate::parse("1999-06-01").unwrap());
    let text: Vec<&str> = e.reasons.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(
        text[2],
        "It deposited on 1998-11-13, after the deposit of instrument number 1 on 1998-09-16, so the rule for later states applies: month-start,+6m from its deposit gives 1999-05-01, after the treaty's entry into force on 1999-03-01, so the treaty entered into force for PY on 1999-05-01."
    );
}
