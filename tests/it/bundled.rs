//! The bundled histories of the Arms Trade Treaty and the TPNW against published counts, and
//! questions across the three bundled treaties.
//!
//! Both histories are partial (data/att/SOURCES.md, data/tpnw/SOURCES.md): the ATT file agrees
//! with the UN status tables up to July 2014, the TPNW file with the count of 20 September 2017.
//! These tests use only dates the data covers (data/*/counts.md lists the later published
//! counts the files do not reach); the treaty-wide entries into force are recorded from the
//! depositary and are right.

use crate::common::*;
use pacta::law::series;
use pacta::ledger::view::TreatyView;
use pacta::ledger::{AsOf, Ledger};
use pacta::vocabulary::country::StateCode;
use pacta::vocabulary::event::{Event, Fact};
use pacta::vocabulary::rules::Preset;
use pacta::vocabulary::treaty::TreatyId;

/// A treaty registered with its preset's rules and provisions.
fn registration(preset: &str) -> Fact {
    Fact {
        event: Event::preset_registration(Preset::find(preset).unwrap()),
        citations: vec![citation()],
        note: None,
    }
}

fn facts(csv: &str) -> Vec<Fact> {
    pacta::archive::import::parse_csv(csv)
        .unwrap()
        .into_iter()
        .map(|r| r.fact)
        .collect()
}

/// A ledger of the three bundled treaties, registered with their presets.
fn bundled() -> (tempfile::TempDir, Ledger) {
    let (dir, ledger) = ledger_with_ottawa();
    let at = recording("2026-03-01T00:00:00Z");
    ledger
        .record(&[registration("att"), registration("tpnw")], &at)
        .unwrap();
    for csv in [
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/ottawa/facts.csv"
        )),
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/att/facts.csv")),
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/tpnw/facts.csv")),
    ] {
        ledger.record(&facts(csv), &at).unwrap();
    }
    (dir, ledger)
}

fn view(ledger: &Ledger, treaty: &str) -> TreatyView {
    ledger
        .view(&TreatyId::parse(treaty).unwrap(), AsOf::Head)
        .unwrap()
}

/// (day, states that had signed by then, parties), as the published counts give them: the
/// UN's "signatories" count every state that signed, pacta's `signatories` only those with no
/// instrument yet, so the published figure is pacta's signatories plus the parties that signed.
fn signed_and_parties(view: &TreatyView, days: &[&str]) -> Vec<(String, usize, usize)> {
    let days: Vec<_> = days.iter().map(|d| date(d)).collect();
    let s = series::series(&view.facts.treaty, &view.interpretation, &days);
    s.points
        .iter()
        .map(|p| {
            let signed_parties = view
                .interpretation
                .states
                .values()
                .filter(|h| h.signature.is_some_and(|s| s.date <= p.date))
                .filter(|h| h.status_at(p.date).counts_as_party())
                .count();
            (
                p.date.to_string(),
                p.counts.signatories + signed_parties,
                p.counts.parties,
            )
        })
        .collect()
}

#[test]
fn att_counts_up_to_july_2014() {
    let (_dir, ledger) = bundled();
    let att = view(&ledger, "att");
    // data/att/counts.md, table A (dated UN snapshots) and table B (published counts), the
    // rows the data covers.
    let expected = [
        ("2013-06-06", 71, 0),
        ("2013-06-11", 72, 0),
        ("2013-06-21", 73, 0),
        ("2013-07-01", 75, 0),
        ("2013-07-06", 77, 2),
        ("2013-07-09", 79, 2),
        ("2013-08-15", 83, 4),
        ("2013-09-23", 85, 4),
        // UNRCPD's "112 signatories, 7 ratifications" of 25 September 2013 is reached in the
        // file only on the 26th (four signatures dated that day): the snapshot of the 27th.
        ("2013-09-27", 112, 7),
        // The snapshot of 18 October 2013 was taken before Cambodia signed that day.
        ("2013-10-17", 113, 7),
        ("2013-11-18", 114, 8),
        ("2013-12-22", 115, 9),
        ("2014-01-27", 116, 9),
        // The snapshot of 19 March 2014 was taken before Albania deposited that day.
        ("2014-03-18", 116, 12),
        ("2014-04-02", 118, 31),
        ("2014-06-03", 118, 40),
        ("2014-07-10", 118, 41),
    ];
    let days: Vec<&str> = expected.iter().map(|e| e.0).collect();
    let got = signed_and_parties(&att, &days);
    let expected: Vec<_> = expected
        .iter()
        .map(|(d, s, p)| (d.to_string(), *s, *p))
        .collect();
    assert_eq!(got, expected);
}

#[test]
fn att_dates_of_effect_match_the_treaty_series_record() {
    let (_dir, ledger) = bundled();
    let att = view(&ledger, "att");
    assert_eq!(att.interpretation.in_force.date(), Some(date("2014-12-24")));
    // data/att/counts.md, table C: the UNTS record's dates of effect.
    for (state, effect) in [
        ("AF", "2020-10-27"),
        ("AL", "2014-12-24"),
        ("AD", "2023-03-02"),
        ("AG", "2014-12-24"),
        ("BB", "2015-08-18"),
        ("BZ", "2015-06-17"),
        ("BJ", "2017-02-05"),
    ] {
        let history = &att.interpretation.states[&StateCode::parse(state).unwrap()];
        assert_eq!(
            history.memberships[0].in_force_from,
            Some(date(effect)),
            "{state}"
        );
    }
    // Art. 22(1) counts ratifications, acceptances and approvals: the preset says so.
    assert!(
        !att.interpretation
            .provisions
            .counts(pacta::vocabulary::event::ActKind::Accession)
    );
}

#[test]
fn tpnw_counts_at_its_opening() {
    let (_dir, ledger) = bundled();
    let tpnw = view(&ledger, "tpnw");
    // data/tpnw/counts.md: UN press release DC/3740, 20 September 2017: 50 signatures and 3
    // ratifications; later published counts are beyond the file.
    assert_eq!(
        signed_and_parties(&tpnw, &["2017-09-20"]),
        vec![("2017-09-20".to_string(), 50, 3)]
    );
    assert_eq!(
        tpnw.interpretation.in_force.date(),
        Some(date("2021-01-22"))
    );
}

#[test]
fn one_state_across_the_bundled_treaties() {
    let (_dir, ledger) = bundled();
    let finland = StateCode::parse("FI").unwrap();
    let views = ledger.views_of_state(&finland, AsOf::Head).unwrap();
    let pairs: Vec<_> = views
        .iter()
        .map(|v| (&v.facts.treaty, &v.interpretation))
        .collect();
    let head = ledger.head().unwrap();
    let s = pacta::law::standing::standing(&finland, date("2026-03-01"), head, &pairs);
    let got: Vec<(&str, &str)> = s
        .treaties
        .iter()
        .map(|t| (t.treaty.as_str(), t.status.status.code()))
        .collect();
    assert_eq!(
        got,
        [
            ("att", "party"),
            ("ottawa", "withdrawn"),
            ("tpnw", "not-party")
        ]
    );
    // The same answers as each treaty read whole.
    for t in &s.treaties {
        let whole = view(&ledger, &t.treaty);
        let alone = whole
            .interpretation
            .states
            .get(&finland)
            .map(|h| h.status_at(date("2026-03-01")));
        assert_eq!(
            alone.unwrap_or(pacta::law::history::Status::NotParty),
            t.status.status
        );
    }
    assert_eq!(s.counts.parties, 1);
}

#[test]
fn who_left_what_in_2025() {
    let (_dir, ledger) = bundled();
    let all = ledger.views(AsOf::Head).unwrap();
    let pairs: Vec<_> = all
        .iter()
        .map(|v| (&v.facts.treaty, &v.interpretation))
        .collect();
    let changes =
        pacta::law::changes::changes(&pairs, date("2025-01-01"), date("2025-12-31"), None);
    let left: Vec<(&str, &str)> = changes
        .iter()
        .filter(|c| c.change.to == pacta::law::history::Status::Withdrawn)
        .map(|c| (c.treaty.as_str(), c.change.state.as_str()))
        .collect();
    assert_eq!(
        left,
        [("ottawa", "EE"), ("ottawa", "LT"), ("ottawa", "LV")],
        "Finland's and Poland's withdrawals take effect in 2026"
    );
}
