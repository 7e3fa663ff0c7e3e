//! Synthetic but realistic treaty facts for benchmarks: treaties registered, then each state
//! signs and ratifies, and one in ten withdraws.
#![allow(dead_code)]

use pacta::calendar::LegalDate;
use pacta::citation::Citation;
use pacta::country::StateCode;
use pacta::event::{Act, ActKind, Event, Fact};
use pacta::rules::{LaterFrom, Rules, SignatureCloses};
use pacta::treaty::{Treaty, TreatyId};

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

/// Realistic facts: treaties registered, then each state signs, ratifies, and one in ten withdraws.
pub fn facts(count: usize) -> Vec<Fact> {
    let states: Vec<StateCode> = StateCode::all_current().collect();
    let mut facts = Vec::with_capacity(count);
    for t in 0.. {
        let id = TreatyId::parse(&format!("treaty-{t}")).unwrap();
        let rules = Rules {
            eif_instruments: 40,
            eif_delay: "month-start,+6m".parse().unwrap(),
            later_delay: "month-start,+6m".parse().unwrap(),
            later_delay_from: LaterFrom::NthInstrument,
            withdrawal_delay: "+1y".parse().unwrap(),
            armed_conflict_suspends_withdrawal: false,
            signature_closes: SignatureCloses::Never,
        };
        let treaty = Treaty {
            id: id.clone(),
            title: format!("Treaty {t}"),
            adopted: Some(day(9_000)),
            depositary: None,
            rules,
        };
        facts.push(Fact {
            event: Event::TreatyRegistration(treaty),
            citations: citation(),
            note: None,
        });
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
