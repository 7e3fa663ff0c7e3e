//! Treaty provisions through the real binary: which instruments count (ATT Art. 22(1)), a wait
//! before a withdrawal may be notified (Paris Agreement Art. 28(1)), withdrawal implied by
//! withdrawal from another treaty (Art. 28(3)), and provisional application (ATT Art. 23).

use crate::common::*;

const CITE: &[&str] = &[
    "--cite-title",
    "Text",
    "--cite-url",
    "https://example.org/t",
];

fn with_cite<'a>(args: &[&'a str]) -> Vec<&'a str> {
    args.iter().chain(CITE).copied().collect()
}

/// Records `act` by `state` under `treaty` on `date` (no state for a treaty-wide act).
fn record(s: &Sandbox, treaty: &str, state: Option<&str>, act: &str, date: &str) {
    let mut args = vec!["record", act, "--treaty", treaty, "--date", date];
    if let Some(state) = state {
        args.extend(["--state", state]);
    }
    s.run(&with_cite(&args));
}

/// The UNFCCC and the Paris Agreement, each recorded in force, with the United States and
/// Canada party to both.
fn climate() -> Sandbox {
    let s = Sandbox::new();
    s.run(&with_cite(&[
        "treaty", "add", "unfccc", "--rules", "unfccc",
    ]));
    s.run(&with_cite(&["treaty", "add", "paris", "--rules", "paris"]));
    record(&s, "unfccc", None, "entry-into-force", "1994-03-21");
    record(&s, "paris", None, "entry-into-force", "2016-11-04");
    record(&s, "unfccc", Some("US"), "ratification", "1992-10-15");
    record(&s, "paris", Some("US"), "acceptance", "2016-09-03");
    record(&s, "unfccc", Some("CA"), "ratification", "1992-12-04");
    record(&s, "paris", Some("CA"), "ratification", "2016-10-05");
    s
}

#[test]
fn presets_with_default_provisions_write_one_entry_and_others_two() {
    let s = Sandbox::new();
    s.register_ottawa();
    assert_eq!(s.count(), 1);
    s.run(&with_cite(&["treaty", "add", "att", "--rules", "att"]));
    assert_eq!(s.count(), 3);
    let show = s.json(&["treaty", "show", "att"]);
    assert_eq!(show["provisions"]["entry"], 3);
    assert_eq!(
        show["provisions"]["counting"],
        serde_json::json!(["ratification", "acceptance", "approval"])
    );
    assert_eq!(
        show["provisions"]["provisional_application"],
        "Articles 6 and 7"
    );
    let ottawa = s.run(&["treaty", "show", "ottawa"]);
    assert!(ottawa.contains("- (defaults)"), "{ottawa}");
}

#[test]
fn a_paris_withdrawal_notified_too_early_is_refused_with_the_first_allowed_date() {
    let s = climate();
    let before = s.count();
    let err = s.fails(
        &with_cite(&[
            "record",
            "withdrawal",
            "--treaty",
            "paris",
            "--state",
            "US",
            "--date",
            "2019-11-03",
        ]),
        1,
    );
    assert!(err.contains("too early"), "{err}");
    assert!(
        err.contains("on 2016-11-04, that is from 2019-11-04"),
        "{err}"
    );
    assert_eq!(
        s.count(),
        before,
        "a refused fact leaves the ledger as it was"
    );
    record(&s, "paris", Some("US"), "withdrawal", "2019-11-04");
    let why = s.run(&["why", "paris", "US", "--at", "2020-11-04"]);
    assert!(why.contains("a withdrawal may be notified only +3y after entry into force for US on 2016-11-04, that is from 2019-11-04; the notice of 2019-11-04 is not earlier"), "{why}");
    assert!(why.contains("the status of US is: withdrawn"), "{why}");
}

#[test]
fn a_withdrawal_from_the_unfccc_is_a_withdrawal_from_paris_effective_with_it() {
    let s = climate();
    record(&s, "unfccc", Some("CA"), "withdrawal", "2025-06-01");
    let history = s.run(&["history", "paris", "CA"]);
    assert!(
        history.contains("2025-06-01  withdrawal from unfccc, also from this treaty"),
        "{history}"
    );
    assert!(
        history.contains("2026-06-01  withdrawal takes effect"),
        "{history}"
    );
    let on = |day: &str| {
        let status = s.json(&["status", "paris", "--at", day]);
        let rows = status["states"].as_array().unwrap().clone();
        rows.into_iter()
            .find(|r| r["state"] == "CA")
            .map(|r| r["status"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert_eq!(on("2026-05-31"), "party-withdrawal-pending");
    assert_eq!(on("2026-06-01"), "withdrawn");
    let why = s.run(&["why", "paris", "CA", "--at", "2026-06-01"]);
    assert!(why.contains("CA notified its withdrawal from unfccc on 2025-06-01, which takes effect there on 2026-06-01. Under the treaty's provisions a withdrawal from unfccc is also a withdrawal from paris, effective with it."), "{why}");
    // The United States, not withdrawing from the UNFCCC, stays a party to Paris.
    let us = s.run(&["why", "paris", "US", "--at", "2026-06-01"]);
    assert!(us.contains("the status of US is: party"), "{us}");
    // The questions across treaties read the same linked withdrawal.
    let state = s.json(&["state", "CA", "--at", "2026-06-01"]);
    let paris = state["treaties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["treaty"] == "paris")
        .unwrap_or_else(|| panic!("{state}"));
    assert_eq!(paris["status"], "withdrawn", "{state}");
    let changes = s.run(&[
        "changes",
        "--from",
        "2026-05-31",
        "--to",
        "2026-06-01",
        "--state",
        "CA",
    ]);
    assert!(
        changes.contains("2026-06-01  paris") && changes.contains("2026-06-01  unfccc"),
        "{changes}"
    );
}

#[test]
fn only_the_counted_instruments_bring_a_treaty_into_force() {
    let s = Sandbox::new();
    s.run(&with_cite(&[
        "treaty",
        "add",
        "mini",
        "--title",
        "Mini",
        "--eif-instruments",
        "2",
        "--eif-delay",
        "+90d",
        "--later-delay",
        "+90d",
        "--later-delay-from",
        "entry-into-force",
        "--withdrawal-delay",
        "+90d",
        "--counting",
        "ratification,acceptance,approval",
    ]));
    record(&s, "mini", Some("FR"), "ratification", "2014-01-10");
    record(&s, "mini", Some("BW"), "accession", "2014-02-10");
    let status = s.run(&["status", "mini", "--at", "2014-06-01"]);
    assert!(status.contains("treaty not in force"), "{status}");
    record(&s, "mini", Some("DE"), "approval", "2014-03-01");
    let why = s.run(&["why", "mini", "BW", "--at", "2014-06-01"]);
    assert!(why.contains("The treaty entered into force on 2014-05-30: its instrument number 2 (counting ratifications, acceptances and approvals) was deposited on 2014-03-01"), "{why}");
    assert!(why.contains("the status of BW is: party"), "{why}");
}

#[test]
fn provisional_application_is_shown_as_such_not_as_membership() {
    let s = Sandbox::new();
    s.run(&with_cite(&["treaty", "add", "att", "--rules", "att"]));
    record(&s, "att", None, "entry-into-force", "2014-12-24");
    record(&s, "att", Some("GB"), "signature", "2013-06-03");
    record(
        &s,
        "att",
        Some("GB"),
        "provisional-application",
        "2013-06-03",
    );
    record(&s, "att", Some("GB"), "ratification", "2014-04-02");
    let status = s.json(&["status", "att", "--at", "2014-01-01"]);
    assert_eq!(status["states"][0]["status"], "provisionally-applying");
    assert_eq!(status["counts"]["parties"], 0);
    let status = s.json(&["status", "att", "--at", "2014-06-01"]);
    assert_eq!(
        status["states"][0]["status"],
        "joined-provisionally-applying"
    );
    let status = s.json(&["status", "att", "--at", "2014-12-24"]);
    assert_eq!(status["states"][0]["status"], "party");
    let why = s.run(&["why", "att", "GB", "--at", "2015-01-01"]);
    assert!(
        why.contains("GB declared on 2013-06-03 that it applies Articles 6 and 7 provisionally"),
        "{why}"
    );
    assert!(
        why.contains(
            "Provisional application ended on 2014-12-24: the treaty entered into force for it."
        ),
        "{why}"
    );
    let history = s.run(&["history", "att", "GB"]);
    assert!(history.contains("provisional-application"), "{history}");
    assert!(history.contains("applying provisionally"), "{history}");
    // A treaty whose provisions give no provisional application refuses the act.
    s.register_ottawa();
    let err = s.fails(
        &with_cite(&[
            "record",
            "provisional-application",
            "--treaty",
            "ottawa",
            "--state",
            "FI",
            "--date",
            "2000-01-01",
        ]),
        1,
    );
    assert!(err.contains("provide no provisional application"), "{err}");
}

#[test]
fn provisions_recorded_later_or_retracted_apply_as_of_their_entries() {
    let s = Sandbox::new();
    s.run(&with_cite(&[
        "treaty",
        "add",
        "mini",
        "--title",
        "Mini",
        "--eif-instruments",
        "1",
        "--eif-delay",
        "none",
        "--later-delay",
        "none",
        "--withdrawal-delay",
        "+1y",
    ]));
    assert_eq!(s.count(), 1);
    record(&s, "mini", Some("FR"), "ratification", "2010-01-01");
    // A wait that the recorded withdrawal would break is refused.
    record(&s, "mini", Some("FR"), "withdrawal", "2011-01-01");
    let err = s.fails(
        &with_cite(&[
            "treaty",
            "provisions",
            "mini",
            "--withdrawal-notice-after",
            "+3y",
        ]),
        1,
    );
    assert!(err.contains("too early"), "{err}");
    s.run(&with_cite(&[
        "treaty",
        "provisions",
        "mini",
        "--counting",
        "ratification",
    ]));
    let entry = s.count().to_string();
    let show = s.json(&["treaty", "show", "mini"]);
    assert_eq!(
        show["provisions"]["counting"],
        serde_json::json!(["ratification"])
    );
    s.run(&with_cite(&[
        "retract",
        &entry,
        "--reason",
        "recorded in error",
    ]));
    let show = s.json(&["treaty", "show", "mini"]);
    assert!(show["provisions"]["entry"].is_null(), "{show}");
}
