//! The bundled Ottawa Convention history against published figures: the number of states for
//! which the Convention was in force, and the deposit-based "States Parties", at ten dates
//! from its entry into force to 2026 (the reference counts shipped with the data).

use crate::common::*;
use pacta::law::history::Status;
use pacta::ledger::{AsOf, Ledger};
use pacta::vocabulary::treaty::TreatyId;

fn ottawa_ledger() -> (tempfile::TempDir, Ledger) {
    let (dir, ledger) = ledger_with_ottawa();
    let facts = pacta::archive::import::parse_csv(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/ottawa/facts.csv"
    )))
    .unwrap();
    ledger
        .record(&facts, &recording("2026-03-01T00:00:00Z"))
        .unwrap();
    (dir, ledger)
}

#[test]
fn the_twenty_published_counts() {
    let (_dir, ledger) = ottawa_ledger();
    let view = ledger
        .view(&TreatyId::parse("ottawa").unwrap(), AsOf::Head)
        .unwrap();
    let expected = [
        ("1999-03-01", 45, 67),
        ("2000-01-01", 84, 90),
        ("2005-01-01", 143, 144),
        ("2010-01-01", 156, 156),
        ("2015-01-01", 161, 162),
        ("2020-01-01", 164, 164),
        ("2025-01-01", 164, 164),
        ("2025-12-31", 163, 163),
        ("2026-01-15", 162, 162),
        ("2026-03-01", 161, 161),
    ];
    let treaty = &view.facts.treaty;
    let mut got = Vec::new();
    for (day, _, _) in expected {
        let p =
            pacta::law::projection::project(treaty, &view.interpretation, date(day), view.basis);
        got.push((day, p.counts.in_force, p.counts.parties));
    }
    assert_eq!(got, expected);
}

#[test]
fn the_real_special_cases() {
    let (_dir, ledger) = ottawa_ledger();
    let view = ledger
        .view(&TreatyId::parse("ottawa").unwrap(), AsOf::Head)
        .unwrap();
    let status = |state: &str, day: &str| {
        let history = &view.interpretation.states
            [&pacta::vocabulary::country::StateCode::parse(state).unwrap()];
        history.status_at(date(day))
    };
    assert_eq!(
        view.interpretation.in_force.date(),
        Some(date("1999-03-01"))
    );
    // Deposited after the 40th instrument, in September 1998: bound from 1999-03-01.
    assert_eq!(status("JP", "1999-02-28"), Status::Joined);
    assert_eq!(status("JP", "1999-03-01"), Status::Party);
    // Succession effective from the date of succession, before the notification.
    assert_eq!(status("SS", "2011-07-09"), Status::Party);
    assert_eq!(status("SS", "2011-07-08"), Status::NotParty);
    // Later accession: six-month rule.
    assert_eq!(status("OM", "2015-01-31"), Status::Joined);
    assert_eq!(status("OM", "2015-02-01"), Status::Party);
    // The 2025 withdrawals.
    assert_eq!(status("FI", "2025-07-10"), Status::PartyWithdrawalPending);
    assert_eq!(status("FI", "2026-01-10"), Status::Withdrawn);
    assert_eq!(status("LV", "2025-12-26"), Status::PartyWithdrawalPending);
    assert_eq!(status("LV", "2025-12-27"), Status::Withdrawn);
    // Ukraine's suspension notice does not change its status.
    assert_eq!(status("UA", "2026-03-01"), Status::Party);
    let ua = pacta::law::projection::state_status(
        &pacta::vocabulary::country::StateCode::parse("UA").unwrap(),
        &view.interpretation.states[&pacta::vocabulary::country::StateCode::parse("UA").unwrap()],
        date("2026-03-01"),
    );
    assert_eq!(
        ua.suspension_notified.map(|p| p.date),
        Some(date("2025-07-18"))
    );
}
