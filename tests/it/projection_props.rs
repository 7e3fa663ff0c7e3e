//! Property tests of the projection on random valid ledgers: facts are drawn at random and
//! offered to the ledger one by one; those it admits form the history.

use crate::common::*;
use pacta::law::history::Status;
use pacta::law::projection::project;
use pacta::law::timeline::timeline;
use pacta::ledger::{AsOf, Ledger};
use pacta::vocabulary::calendar::LegalDate;
use pacta::vocabulary::event::{ACT_KINDS, ActKind, Event, Fact, Retraction};
use pacta::vocabulary::treaty::TreatyId;
use proptest::prelude::*;

const STATES: &[&str] = &["DE", "FR", "UA", "FI", "SS", "MY"];

/// A drawn fact: a state's act, or a retraction of the n-th entry so far.
#[derive(Debug, Clone)]
pub(crate) enum Draw {
    Act {
        state: usize,
        kind: usize,
        day: i32,
        effective: Option<i32>,
    },
    Retract(usize),
}

/// Acts of every kind but a recorded entry-into-force date, which would override the rules under
/// test (the membership unit tests cover it).
fn drawn_kinds() -> Vec<ActKind> {
    ACT_KINDS
        .iter()
        .copied()
        .filter(|k| *k != ActKind::EntryIntoForce)
        .collect()
}

pub(crate) fn draws() -> impl Strategy<Value = Vec<Draw>> {
    let act = (
        0..STATES.len(),
        0..drawn_kinds().len(),
        10_000i32..20_500,
        proptest::option::weighted(0.15, 10_000i32..20_500),
    )
        .prop_map(|(state, kind, day, effective)| Draw::Act {
            state,
            kind,
            day,
            effective,
        });
    let retract = (2usize..60).prop_map(Draw::Retract);
    proptest::collection::vec(prop_oneof![9 => act, 1 => retract], 10..60)
}

/// Offers each drawn fact to the ledger; returns the facts it admitted, in order.
pub(crate) fn admitted(ledger: &Ledger, draws: &[Draw]) -> Vec<Fact> {
    let at = recording("2026-06-01T00:00:00Z");
    let mut kept = Vec::new();
    for d in draws {
        let fact = match d {
            Draw::Act {
                state,
                kind,
                day,
                effective,
            } => {
                let mut f = act(
                    STATES[*state],
                    drawn_kinds()[*kind],
                    &LegalDate::from_epoch_days(*day).unwrap().to_string(),
                );
                if let Event::Act(a) = &mut f.event {
                    a.effective = effective.map(|e| LegalDate::from_epoch_days(e).unwrap());
                }
                f
            }
            Draw::Retract(n) => {
                let Ok(target) = ledger.entry(*n as u64) else {
                    continue;
                };
                Fact {
                    event: Event::Retraction(Retraction {
                        target: *n as u64,
                        target_hash: target.hash,
                        reason: "drawn".into(),
                    }),
                    citations: vec![citation()],
                    note: None,
                }
            }
        };
        if ledger.record(std::slice::from_ref(&fact), &at).is_ok() {
            kept.push(fact);
        }
    }
    kept
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn status_only_changes_at_turning_points(draws in draws(), probe in 0usize..1000) {
        let (_dir, ledger) = ledger_with_small_ottawa(2);
        admitted(&ledger, &draws);
        let view = ledger.view(&TreatyId::parse("ottawa").unwrap(), AsOf::Head).unwrap();
        for history in view.interpretation.states.values() {
            let points = history.turning_points();
            if let Some(first) = points.first() {
                let before = LegalDate::from_epoch_days(first.epoch_days() - 1 - (probe as i32 % 400)).unwrap();
                prop_assert_eq!(history.status_at(before), Status::NotParty);
            }
            for pair in points.windows(2) {
                let (a, b) = (pair[0].epoch_days(), pair[1].epoch_days());
                let inside = LegalDate::from_epoch_days(a + (probe as i32 % (b - a).max(1))).unwrap();
                prop_assert_eq!(history.status_at(inside), history.status_at(pair[0]), "between {} and {}", pair[0], pair[1]);
            }
        }
    }

    #[test]
    fn a_prefix_never_depends_on_later_entries(draws in draws(), cut in any::<prop::sample::Index>(), day in 10_000i32..21_000) {
        let (_dir, full) = ledger_with_small_ottawa(2);
        let facts = admitted(&full, &draws);
        let k = cut.index(facts.len() + 1);
        let (_dir2, prefix) = ledger_with_small_ottawa(2);
        for fact in &facts[..k] {
            prefix.record(std::slice::from_ref(fact), &recording("2026-06-01T00:00:00Z")).unwrap();
        }
        let id = TreatyId::parse("ottawa").unwrap();
        let a = full.view(&id, AsOf::Entries(1 + k as u64)).unwrap();
        let b = prefix.view(&id, AsOf::Head).unwrap();
        let at = LegalDate::from_epoch_days(day).unwrap();
        let pa = project(&a.facts.treaty, &a.interpretation, at, a.basis);
        let pb = project(&b.facts.treaty, &b.interpretation, at, b.basis);
        prop_assert_eq!(serde_json::to_string(&pa).unwrap(), serde_json::to_string(&pb).unwrap());
        // Reading every treaty in one pass gives the same view as the indexed read.
        let all = full.views(AsOf::Entries(1 + k as u64)).unwrap();
        prop_assert_eq!(all.len(), 1);
        let pc = project(&all[0].facts.treaty, &all[0].interpretation, at, all[0].basis);
        prop_assert_eq!(serde_json::to_string(&pc).unwrap(), serde_json::to_string(&pa).unwrap());
    }

    #[test]
    fn a_timeline_counts_what_a_projection_counts(draws in draws(), days in proptest::collection::vec(10_000i32..21_000, 5)) {
        let (_dir, ledger) = ledger_with_small_ottawa(2);
        admitted(&ledger, &draws);
        let view = ledger.view(&TreatyId::parse("ottawa").unwrap(), AsOf::Head).unwrap();
        let t = timeline(&view.interpretation);
        let on = |day: LegalDate| project(&view.facts.treaty, &view.interpretation, day, view.basis).counts;
        for p in &t.points {
            prop_assert_eq!(p.counts, on(p.date), "on {}", p.date);
            let eve = LegalDate::from_epoch_days(p.date.epoch_days() - 1).unwrap();
            prop_assert_eq!(t.counts_at(eve), on(eve), "the day before {}", p.date);
        }
        for day in days {
            let day = LegalDate::from_epoch_days(day).unwrap();
            prop_assert_eq!(t.counts_at(day), on(day), "on {}", day);
        }
    }
}

#[test]
fn draws_make_rich_histories() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut statuses = std::collections::BTreeSet::new();
    let mut total = 0;
    for _ in 0..20 {
        let draws = draws().new_tree(&mut runner).unwrap().current();
        let (_dir, ledger) = ledger_with_small_ottawa(2);
        total += admitted(&ledger, &draws).len();
        let view = ledger
            .view(&TreatyId::parse("ottawa").unwrap(), AsOf::Head)
            .unwrap();
        for h in view.interpretation.states.values() {
            for day in h.turning_points() {
                statuses.insert(h.status_at(day));
            }
        }
    }
    eprintln!("admitted {total} facts; statuses seen: {statuses:?}");
    assert!(total >= 100, "only {total} facts admitted in 20 ledgers");
    assert!(statuses.len() >= 7, "{statuses:?}");
    assert!(statuses.contains(&Status::Party), "{statuses:?}");
}
