//! Synthetic but realistic treaty facts for benchmarks: treaties registered, then each state
//! signs and ratifies and one in ten withdraws ([`facts`]); or, for ledgers of a given size and
//! number of treaties, a richer mix with parliamentary steps, armed conflicts, suspensions and
//! revoked withdrawals ([`ledger_facts`]).
#![allow(dead_code)]

use pacta::vocabulary::calendar::LegalDate;
use pacta::vocabulary::citation::Citation;
use pacta::vocabulary::country::StateCode;
use pacta::vocabulary::event::{Act, ActKind, Event, Fact};
use pacta::vocabulary::rules::{LaterFrom, Rules, SignatureCloses};
use pacta::vocabulary::treaty::{Treaty, TreatyId};

pub fn citation() -> Vec<Citation> {
    vec![Citation {
        url: Some(
            "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-5".into(),
        ),
        quote: Some("deposited its instrument of ratification".into()),
        ..Citation::titled("UN Treaty Collection status table")
    }]
}

pub fn day(days: i32) -> LegalDate {
    LegalDate::from_epoch_days(days).unwrap()
}

pub fn act(treaty: &TreatyId, state: &StateCode, kind: ActKind, date: LegalDate) -> Fact {
    let act = Act {
        treaty: treaty.clone(),
        state: Some(state.clone()),
        kind,
        date,
        effective: None,
    };
    Fact {
        event: Event::Act(act),
        citations: citation(),
        note: None,
    }
}

fn rules() -> Rules {
    Rules {
        eif_instruments: 40,
        eif_delay: "month-start,+6m".parse().unwrap(),
        later_delay: "month-start,+6m".parse().unwrap(),
        later_delay_from: LaterFrom::NthInstrument,
        withdrawal_delay: "+1y".parse().unwrap(),
        armed_conflict_suspends_withdrawal: true,
        signature_closes: SignatureCloses::Never,
    }
}

fn registration(id: &TreatyId, t: usize) -> Fact {
    let treaty = Treaty {
        id: id.clone(),
        title: format!("Treaty {t}"),
        adopted: Some(day(9_000)),
        depositary: None,
        rules: rules(),
    };
    Fact {
        event: Event::TreatyRegistration(treaty),
        citations: citation(),
        note: None,
    }
}

/// Realistic facts: treaties registered, then each state signs, ratifies, and one in ten withdraws.
pub fn facts(count: usize) -> Vec<Fact> {
    let states: Vec<StateCode> = StateCode::all_current().collect();
    let mut facts = Vec::with_capacity(count);
    for t in 0.. {
        let id = TreatyId::parse(&format!("treaty-{t}")).unwrap();
        facts.push(registration(&id, t));
        for (i, state) in states.iter().enumerate() {
            let i = i as i32;
            facts.push(act(&id, state, ActKind::Signature, day(9_100 + i)));
            facts.push(act(&id, state, ActKind::Ratification, day(9_500 + 7 * i)));
            if i % 10 == 0 {
                facts.push(act(&id, state, ActKind::Withdrawal, day(15_000 + i)));
            }
            if facts.len() >= count {
                facts.truncate(count);
                return facts;
            }
        }
    }
    unreachable!("the loop returns once enough facts exist")
}

/// One state's history under a treaty, about eight acts, varied by the state's position.
fn state_history(id: &TreatyId, state: &StateCode, i: i32) -> Vec<Fact> {
    let mut out = vec![
        act(id, state, ActKind::Signature, day(9_100 + i)),
        act(id, state, ActKind::DomesticStep, day(9_200 + i)),
        act(id, state, ActKind::Ratification, day(9_500 + 7 * i)),
    ];
    match i % 20 {
        0 => {
            out.push(act(id, state, ActKind::Withdrawal, day(15_000 + i)));
            out.push(act(
                id,
                state,
                ActKind::WithdrawalRevocation,
                day(15_100 + i),
            ));
        }
        1 => {
            out.push(act(id, state, ActKind::ArmedConflictStart, day(14_000 + i)));
            out.push(act(id, state, ActKind::Withdrawal, day(15_000 + i)));
            out.push(act(id, state, ActKind::ArmedConflictEnd, day(17_000 + i)));
        }
        2 | 3 => out.push(act(id, state, ActKind::Withdrawal, day(15_000 + i))),
        4 => out.push(act(id, state, ActKind::Suspension, day(19_000 + i))),
        _ => {}
    }
    while out.len() < 8 {
        let n = out.len() as i32;
        let mut step = act(id, state, ActKind::DomesticStep, day(10_000 + 300 * n + i));
        step.note = Some(format!("implementing step {n}"));
        out.push(step);
    }
    out
}

/// About `total` facts spread over `treaties` treaties, each state with a varied history.
pub fn ledger_facts(total: usize, treaties: usize) -> Vec<Fact> {
    let states: Vec<StateCode> = StateCode::all_current().collect();
    let per_treaty = total / treaties;
    let mut facts = Vec::with_capacity(total);
    for t in 0..treaties {
        let id = TreatyId::parse(&format!("treaty-{t}")).unwrap();
        facts.push(registration(&id, t));
        let start = facts.len();
        for (i, state) in states.iter().cycle().enumerate() {
            if facts.len() - start + 8 > per_treaty || i >= states.len() {
                break;
            }
            facts.extend(state_history(&id, state, i as i32));
        }
    }
    facts
}
