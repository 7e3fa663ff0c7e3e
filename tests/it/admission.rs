//! Admission through the library: scoped loading of a treaty's log must refuse and accept
//! exactly what loading the whole treaty would.

use crate::common::*;
use pacta::ledger::LedgerError;
use pacta::vocabulary::event::ActKind;

#[test]
fn a_batch_that_widens_its_scope_keeps_earlier_pending_facts() {
    let (_dir, ledger) = ledger_with_ottawa();
    let at = recording("2026-01-02T00:00:00Z");
    ledger
        .record(&[act("FI", ActKind::Accession, "2012-01-09")], &at)
        .unwrap();
    // A state-scoped fact, then one that needs the whole treaty, then a duplicate of the first.
    let batch = [
        act("FI", ActKind::Withdrawal, "2025-07-10"),
        act("DE", ActKind::Ratification, "1998-07-23"),
        act("FI", ActKind::Withdrawal, "2025-07-10"),
    ];
    let err = ledger.record(&batch, &at).unwrap_err();
    assert!(
        matches!(&err, LedgerError::Refused { fact: Some(2), refusal } if refusal.to_string().contains("already recorded")),
        "{err}"
    );
    ledger.record(&batch[..2], &at).unwrap();
    assert_eq!(ledger.head().unwrap().entries, 4);
}

#[test]
fn a_state_scoped_fact_still_sees_its_state_history() {
    let (_dir, ledger) = ledger_with_ottawa();
    let at = recording("2026-01-02T00:00:00Z");
    let err = ledger
        .record(&[act("FI", ActKind::Withdrawal, "2025-07-10")], &at)
        .unwrap_err();
    assert!(err.to_string().contains("no instrument in effect"), "{err}");
    ledger
        .record(&[act("FI", ActKind::Accession, "2012-01-09")], &at)
        .unwrap();
    ledger
        .record(&[act("FI", ActKind::Withdrawal, "2025-07-10")], &at)
        .unwrap();
    let err = ledger
        .record(&[act("FI", ActKind::Withdrawal, "2025-08-10")], &at)
        .unwrap_err();
    assert!(err.to_string().contains("already pending"), "{err}");
}

#[test]
fn retracting_a_deposit_that_a_withdrawal_rests_on_is_refused() {
    let (_dir, ledger) = ledger_with_ottawa();
    let at = recording("2026-01-02T00:00:00Z");
    let deposit = ledger
        .record(&[act("FI", ActKind::Accession, "2012-01-09")], &at)
        .unwrap()
        .remove(0);
    ledger
        .record(&[act("FI", ActKind::Withdrawal, "2025-07-10")], &at)
        .unwrap();
    let retraction = pacta::vocabulary::event::Fact {
        event: pacta::vocabulary::event::Event::Retraction(pacta::vocabulary::event::Retraction {
            target: deposit.entry.seq,
            target_hash: deposit.hash,
            reason: "wrong".into(),
        }),
        citations: vec![citation()],
        note: None,
    };
    let err = ledger.record(&[retraction], &at).unwrap_err();
    assert!(err.to_string().contains("contradict entry 3"), "{err}");
    assert!(err.to_string().contains("no instrument in effect"), "{err}");
}

#[test]
fn recording_times_never_go_backwards() {
    let (_dir, ledger) = ledger_with_ottawa();
    let err = ledger
        .record(
            &[act("FI", ActKind::Accession, "2012-01-09")],
            &recording("2025-12-31T23:59:59Z"),
        )
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("recording times may not go backwards"),
        "{err}"
    );
}

#[test]
fn the_treaty_list_follows_retraction_and_registration() {
    let (_dir, ledger) = ledger_with_ottawa();
    let at = recording("2026-01-02T00:00:00Z");
    let ids = |l: &pacta::ledger::Ledger| -> Vec<(u64, String)> {
        let upto = l.head().unwrap().entries;
        l.treaties(upto)
            .unwrap()
            .into_iter()
            .map(|(seq, t)| (seq, t.id.to_string()))
            .collect()
    };
    assert_eq!(ids(&ledger), vec![(1, "ottawa".to_string())]);
    let first = ledger.entry(1).unwrap();
    let retraction = pacta::vocabulary::event::Fact {
        event: pacta::vocabulary::event::Event::Retraction(pacta::vocabulary::event::Retraction {
            target: 1,
            target_hash: first.hash,
            reason: "wrong rules".into(),
        }),
        citations: vec![citation()],
        note: None,
    };
    ledger.record(&[retraction], &at).unwrap();
    assert_eq!(ids(&ledger), vec![]);
    ledger.record(&[ottawa()], &at).unwrap();
    assert_eq!(ids(&ledger), vec![(3, "ottawa".to_string())]);
    // As of entry 1, the first registration was still live.
    assert_eq!(ledger.treaties(1).unwrap()[0].0, 1);
}
