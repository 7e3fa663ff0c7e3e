//! Shared fixtures for the integration tests: sample facts and a ledger in a temporary directory.
#![allow(dead_code)]

use pacta::calendar::{Instant, LegalDate};
use pacta::citation::{Citation, SourceKind};
use pacta::country::StateCode;
use pacta::event::{Act, ActKind, Event, Fact};
use pacta::ledger::{Ledger, Recording};
use pacta::rules::Preset;
use pacta::treaty::{Treaty, TreatyId};

pub fn date(s: &str) -> LegalDate {
    LegalDate::parse(s).unwrap()
}

pub fn recording(at: &str) -> Recording {
    Recording {
        recorder: "tester".into(),
        now: Instant::parse(at).unwrap(),
    }
}

pub fn citation() -> Citation {
    Citation {
        kind: SourceKind::DepositaryNotification,
        url: Some("https://treaties.un.org/doc/Publication/CN/2025/CN.385.2025-Eng.pdf".into()),
        reference: Some("C.N.385.2025.TREATIES-XXVI.5".into()),
        publisher: Some("United Nations".into()),
        published: Some(date("2025-07-21")),
        retrieved: Some(date("2025-08-01")),
        locator: Some("p. 1".into()),
        quote: Some("as of July 17, 2025".into()),
        ..Citation::titled("Depositary notification")
    }
}

pub fn ottawa() -> Fact {
    let p = Preset::find("ottawa").unwrap();
    let treaty = Treaty {
        id: TreatyId::parse("ottawa").unwrap(),
        title: p.title.into(),
        adopted: Some(p.adopted()),
        depositary: Some(p.depositary.into()),
        rules: p.rules(),
    };
    Fact {
        event: Event::TreatyRegistration(treaty),
        citations: vec![citation()],
        note: None,
    }
}

pub fn act(state: &str, kind: ActKind, day: &str) -> Fact {
    Fact {
        event: Event::Act(Act {
            treaty: TreatyId::parse("ottawa").unwrap(),
            state: Some(StateCode::parse(state).unwrap()),
            kind,
            date: date(day),
            effective: None,
        }),
        citations: vec![citation()],
        note: None,
    }
}

/// A fresh ledger holding the Ottawa registration.
pub fn ledger_with_ottawa() -> (tempfile::TempDir, Ledger) {
    ledger_with(ottawa())
}

/// A fresh ledger holding an Ottawa-shaped treaty (same id and clauses) that enters into force
/// after only `instruments` instruments, so that small histories reach every status.
pub fn ledger_with_small_ottawa(instruments: u32) -> (tempfile::TempDir, Ledger) {
    let mut fact = ottawa();
    if let Event::TreatyRegistration(t) = &mut fact.event {
        t.rules.eif_instruments = instruments;
    }
    ledger_with(fact)
}

fn ledger_with(registration: Fact) -> (tempfile::TempDir, Ledger) {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::init(&dir.path().join("ledger")).unwrap();
    ledger
        .record(&[registration], &recording("2026-01-01T00:00:00Z"))
        .unwrap();
    (dir, ledger)
}
