//! Property tests: the encoding round-trips, and any single changed byte in any stored entry
//! makes `verify` fail and name that entry.

use crate::common::*;
use pacta::chain::entry::{Entry, FORMAT_VERSION};
use pacta::chain::seal::Sealed;
use pacta::ledger::Ledger;
use pacta::vocabulary::calendar::{Instant, LegalDate};
use pacta::vocabulary::citation::{Citation, SourceKind};
use pacta::vocabulary::country::StateCode;
use pacta::vocabulary::digest::Digest;
use pacta::vocabulary::event::{ACT_KINDS, Act, ActKind, Event, Fact, Retraction};
use pacta::vocabulary::treaty::TreatyId;
use proptest::prelude::*;

fn any_date() -> impl Strategy<Value = LegalDate> {
    (-200_000i32..200_000).prop_map(|d| LegalDate::from_epoch_days(d).unwrap())
}

fn any_text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 éü.,'-]{1,40}"
}

fn any_citation() -> impl Strategy<Value = Citation> {
    (
        any_text(),
        proptest::option::of(any_text()),
        proptest::option::of(any_date()),
        proptest::option::of(any::<[u8; 32]>()),
        0usize..10,
    )
        .prop_map(|(title, quote, published, source, kind)| Citation {
            kind: [
                SourceKind::Unspecified,
                SourceKind::DepositaryNotification,
                SourceKind::TreatyText,
                SourceKind::OfficialGazette,
                SourceKind::GovernmentStatement,
                SourceKind::ParliamentaryRecord,
                SourceKind::NewsReport,
                SourceKind::NgoReport,
                SourceKind::Dataset,
                SourceKind::Other,
            ][kind],
            url: Some(format!("https://example.org/{}", title.len())),
            reference: quote.clone(),
            published,
            quote,
            source: source.map(Digest),
            ..Citation::titled(title)
        })
}

fn any_event() -> impl Strategy<Value = Event> {
    let act = (
        0..ACT_KINDS.len(),
        any_date(),
        proptest::option::of(any_date()),
        proptest::sample::select(vec!["FI", "UA", "PS", "SU", "CSHH"]),
    )
        .prop_map(|(k, date, effective, state)| {
            Event::Act(Act {
                treaty: TreatyId::parse("ottawa").unwrap(),
                state: Some(StateCode::parse(state).unwrap()),
                kind: ACT_KINDS[k],
                date,
                effective,
            })
        });
    let retraction =
        (any::<u64>(), any::<[u8; 32]>(), any_text()).prop_map(|(target, hash, reason)| {
            Event::Retraction(Retraction {
                target,
                target_hash: Digest(hash),
                reason,
            })
        });
    prop_oneof![act, retraction, Just(ottawa().event)]
}

fn any_entry() -> impl Strategy<Value = Entry> {
    (
        any::<u64>(),
        any::<[u8; 32]>(),
        -1_000_000_000_000_000i64..4_000_000_000_000_000,
        any_text(),
        any_event(),
        proptest::collection::vec(any_citation(), 1..4),
        proptest::option::of(any_text()),
    )
        .prop_map(
            |(seq, prev, micros, recorder, event, citations, note)| Entry {
                version: FORMAT_VERSION,
                seq,
                prev: Digest(prev),
                recorded_at: Instant::from_micros(micros).unwrap(),
                recorder,
                fact: Fact {
                    event,
                    citations,
                    note,
                },
            },
        )
}

proptest! {
    #[test]
    fn encoding_round_trips(entry in any_entry()) {
        let sealed = entry.clone().seal();
        let back = Sealed::from_bytes(sealed.bytes.clone()).unwrap();
        prop_assert_eq!(&back.entry, &entry);
        prop_assert_eq!(back.hash, sealed.hash);
        let json = serde_json::to_string(&entry).unwrap();
        prop_assert_eq!(serde_json::from_str::<Entry>(&json).unwrap(), entry);
    }

    #[test]
    fn truncated_bytes_never_decode(entry in any_entry(), cut in any::<prop::sample::Index>()) {
        let bytes = entry.seal().bytes;
        let at = cut.index(bytes.len());
        prop_assert!(pacta::chain::codec::decode_entry(&bytes[..at]).is_err());
    }
}

/// A small ledger of valid facts: Ottawa, then accessions and a few withdrawals.
fn build_ledger(states: &[&str]) -> (tempfile::TempDir, Ledger) {
    let (dir, ledger) = ledger_with_ottawa();
    let mut facts: Vec<Fact> = states
        .iter()
        .map(|s| act(s, ActKind::Accession, "2010-01-04"))
        .collect();
    facts.extend(
        states
            .iter()
            .step_by(2)
            .map(|s| act(s, ActKind::Withdrawal, "2025-06-27")),
    );
    ledger
        .record(&facts, &recording("2026-01-02T00:00:00Z"))
        .unwrap();
    (dir, ledger)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn any_changed_byte_is_found_at_its_entry(n in 1usize..8, victim in any::<prop::sample::Index>(), byte in any::<prop::sample::Index>(), bit in 0u8..8) {
        let states = ["DE", "FR", "IT", "ES", "PT", "NL", "BE", "AT"];
        let (dir, ledger) = build_ledger(&states[..n]);
        let count = ledger.head().unwrap().entries;
        let path = ledger.path().to_path_buf();
        drop(ledger);
        let seq = victim.index(count as usize) as u64 + 1;
        damage_entry(&path, seq, byte.index(1 << 16), bit);
        let ledger = Ledger::open(&path, LOCK_WAIT).unwrap();
        let report = pacta::audit::verify::verify(&ledger).unwrap();
        prop_assert!(!report.intact());
        prop_assert_eq!(report.first_bad_entry(), Some(seq), "{:?}", report.problems);
        drop(dir);
    }
}
