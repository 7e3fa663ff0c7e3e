//! `pacta state`, `changes`, `series` and `log --state` across the bundled treaties (Ottawa, the
//! Arms Trade Treaty, the TPNW), run as a user would; the conventions every command shares
//! (`schema_version`, plain-date `--as-of`, formats, suggestions).

use crate::common::*;
use crate::projection_props::{admitted, draws};
use pacta::law::across;
use pacta::law::projection::{diff, project};
use pacta::ledger::AsOf;
use pacta::vocabulary::calendar::LegalDate;
use pacta::vocabulary::country::StateCode;
use pacta::vocabulary::treaty::TreatyId;
use proptest::prelude::*;
use serde_json::Value;

/// A ledger of the three bundled treaties, each registered with the rules its data was checked
/// against (data/att/counts.md, data/tpnw/SOURCES.md) and its facts imported.
fn bundled() -> Sandbox {
    let s = Sandbox::new();
    s.register_ottawa();
    let cite = [
        "--cite-title",
        "Text",
        "--cite-url",
        "https://example.org/t",
    ];
    let att = [
        "treaty",
        "add",
        "att",
        "--rules",
        "att",
        "--adopted",
        "2013-04-02",
    ];
    s.run(&[&att[..], &cite[..]].concat());
    let tpnw = [
        "treaty",
        "add",
        "tpnw",
        "--title",
        "Treaty on the Prohibition of Nuclear Weapons",
        "--adopted",
        "2017-07-07",
        "--eif-instruments",
        "50",
        "--eif-delay",
        "+90d",
        "--later-delay",
        "+90d",
        "--later-delay-from",
        "nth-instrument",
        "--withdrawal-delay",
        "+12m",
        "--armed-conflict-suspends-withdrawal",
        "--signature-closes",
        "never",
    ];
    s.run(&[&tpnw[..], &cite[..]].concat());
    for treaty in ["ottawa", "att", "tpnw"] {
        let file = format!("{}/data/{treaty}/facts.csv", env!("CARGO_MANIFEST_DIR"));
        s.run(&["import", &file]);
    }
    s
}

fn treaty_of<'a>(standing: &'a Value, treaty: &str) -> &'a Value {
    standing["treaties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["treaty"] == treaty)
        .unwrap_or_else(|| panic!("{treaty} missing in {standing}"))
}

#[test]
fn one_state_under_every_treaty_with_its_dates_and_entries() {
    let s = bundled();
    let fi = s.json(&["state", "FI", "--at", "2026-03-01"]);
    assert_eq!(fi["schema_version"], 1);
    assert_eq!(fi["state"], "FI");
    let treaties: Vec<&str> = fi["treaties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["treaty"].as_str().unwrap())
        .collect();
    assert_eq!(treaties, ["att", "ottawa", "tpnw"]);
    let ottawa = treaty_of(&fi, "ottawa");
    assert_eq!(ottawa["status"], "withdrawn");
    assert_eq!(ottawa["deposited"]["date"], "2012-01-09");
    assert_eq!(ottawa["in_force_from"], "2012-07-01");
    assert_eq!(ottawa["withdrawal_notified"]["date"], "2025-07-10");
    assert_eq!(ottawa["withdrawal_effective"], "2026-01-10");
    assert_eq!(treaty_of(&fi, "att")["status"], "party");
    assert_eq!(treaty_of(&fi, "tpnw")["status"], "not-party");
    // Each row is the row `status` gives the state under that treaty on that day.
    let status = s.json(&["status", "ottawa", "--at", "2026-03-01"]);
    let row = status["states"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["state"] == "FI")
        .unwrap();
    assert_eq!(row["entries"], ottawa["entries"]);
    assert!(!ottawa["entries"].as_array().unwrap().is_empty());
    // Before the withdrawal, alpha-3 code and lower case.
    let before = s.json(&["state", "fin", "--at", "2025-01-01"]);
    assert_eq!(treaty_of(&before, "ottawa")["status"], "party");
    let table = s.run(&["state", "FI", "--at", "2026-03-01"]);
    assert!(table.contains("Finland (FI)"), "{table}");
    assert!(table.contains("bound by 1 of 3 treaties"), "{table}");
    let csv = s.run(&["state", "FI", "--at", "2026-03-01", "--format", "csv"]);
    assert!(csv.starts_with("treaty,title,state,status,"), "{csv}");
    assert!(csv.contains("\nottawa,"), "{csv}");
    assert_eq!(csv.lines().count(), 4, "{csv}");
    let refused = s.fails(&["state", "Narnia"], 1);
    assert!(refused.contains("'Narnia'"), "{refused}");
}

#[test]
fn who_left_what_in_2025() {
    let s = bundled();
    let c = s.json(&["changes", "--from", "2024-12-31", "--to", "2025-12-31"]);
    assert_eq!(c["schema_version"], 1);
    let withdrawn: Vec<(String, String, String)> = c["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|ch| ch["to"] == "withdrawn")
        .map(|ch| {
            let text = |k: &str| ch[k].as_str().unwrap().to_string();
            (text("date"), text("treaty"), text("state"))
        })
        .collect();
    let expected = [
        ("2025-12-27", "ottawa", "EE"),
        ("2025-12-27", "ottawa", "LT"),
        ("2025-12-27", "ottawa", "LV"),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(d, t, st)| (d.to_string(), t.to_string(), st.to_string()))
        .collect();
    assert_eq!(withdrawn, expected);
    // Finland's notice falls in 2025, its effect in 2026; each change carries its entries.
    let fi = s.json(&[
        "changes",
        "--from",
        "2024-12-31",
        "--to",
        "2026-12-31",
        "--state",
        "FI",
    ]);
    let fi: Vec<(&str, &str, &str)> = fi["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|ch| {
            assert!(!ch["entries"].as_array().unwrap().is_empty(), "{ch}");
            (
                ch["date"].as_str().unwrap(),
                ch["from"].as_str().unwrap(),
                ch["to"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        fi,
        [
            ("2025-07-10", "party", "party-withdrawal-pending"),
            ("2026-01-10", "party-withdrawal-pending", "withdrawn"),
        ]
    );
    // One treaty's changes are those `diff` lists.
    let one = s.json(&[
        "changes",
        "--from",
        "2024-12-31",
        "--to",
        "2025-12-31",
        "--treaty",
        "ottawa",
    ]);
    let d = s.json(&[
        "diff",
        "ottawa",
        "--from",
        "2024-12-31",
        "--to",
        "2025-12-31",
    ]);
    assert_eq!(
        one["changes"].as_array().unwrap().len(),
        d["changes"].as_array().unwrap().len()
    );
    let csv = s.run(&[
        "changes",
        "--from",
        "2024-12-31",
        "--to",
        "2025-12-31",
        "--format",
        "csv",
    ]);
    assert!(
        csv.starts_with("date,treaty,state,name,from,to,entries\n"),
        "{csv}"
    );
    assert!(
        csv.contains("2025-12-27,ottawa,LV,Latvia,party-withdrawal-pending,withdrawn,"),
        "{csv}"
    );
    let backwards = s.fails(
        &["changes", "--from", "2026-01-01", "--to", "2025-01-01"],
        1,
    );
    assert!(backwards.contains("before --from"), "{backwards}");
}

#[test]
fn a_state_s_entries_under_every_treaty() {
    let s = bundled();
    let rows = s.json(&["log", "--state", "FI"]);
    let rows = rows.as_array().unwrap();
    let mut numbers: Vec<u64> = rows.iter().map(|r| r["entry"].as_u64().unwrap()).collect();
    assert!(numbers.windows(2).all(|w| w[0] < w[1]), "{numbers:?}");
    let events: Vec<&str> = rows.iter().map(|r| r["event"].as_str().unwrap()).collect();
    assert!(
        events.iter().any(|e| e.starts_with("ottawa FI withdrawal")),
        "{events:?}"
    );
    assert!(
        events.iter().any(|e| e.starts_with("att FI ratification")),
        "{events:?}"
    );
    assert!(events.iter().all(|e| e.contains(" FI ")), "{events:?}");
    assert!(rows.iter().all(|r| r["schema_version"] == 1));
    // The same entries as each treaty's own log of the state.
    let mut per_treaty = Vec::new();
    for treaty in ["ottawa", "att", "tpnw"] {
        let one = s.json(&["log", "--treaty", treaty, "--state", "FI"]);
        per_treaty.extend(
            one.as_array()
                .unwrap()
                .iter()
                .map(|r| r["entry"].as_u64().unwrap()),
        );
    }
    per_treaty.sort_unstable();
    numbers.sort_unstable();
    assert_eq!(numbers, per_treaty);
    let csv = s.run(&["log", "--state", "FI", "--format", "csv"]);
    assert!(
        csv.starts_with("entry,hash,recorded_at,recorder,event\n"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), rows.len() + 1);
}

#[test]
fn year_end_counts_of_ottawa_are_those_status_gives() {
    let s = bundled();
    let series = s.json(&[
        "series",
        "ottawa",
        "--from",
        "1998-12-31",
        "--to",
        "2025-12-31",
        "--every",
        "year",
    ]);
    assert_eq!(series["schema_version"], 1);
    let points = series["series"][0]["points"].as_array().unwrap();
    assert_eq!(points.len(), 28);
    for p in points.iter().step_by(4) {
        let day = p["date"].as_str().unwrap();
        let status = s.json(&["status", "ottawa", "--at", day]);
        assert_eq!(p["parties"], status["counts"]["parties"], "{day}");
        assert_eq!(p["in_force"], status["counts"]["in_force"], "{day}");
        assert_eq!(p["signatories"], status["counts"]["signatories"], "{day}");
        assert_eq!(
            p["treaty_in_force"], status["treaty_in_force_on_day"],
            "{day}"
        );
    }
    // The published counts tests/it/ottawa.rs checks, by `--at`: (in force, parties).
    let at = s.json(&[
        "series",
        "ottawa",
        "--at",
        "1999-03-01,2005-01-01,2025-12-31,2026-03-01",
    ]);
    let got: Vec<(u64, u64)> = at["series"][0]["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["in_force"].as_u64().unwrap(),
                p["parties"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, [(45, 67), (143, 144), (163, 163), (161, 161)]);
}

#[test]
fn published_counts_of_the_att_and_the_tpnw_by_series() {
    let s = bundled();
    // data/att/counts.md: parties 7 on 25 Sep 2013, 31 on 2 Apr 2014, 40 on 3 Jun 2014, and
    // 50 in force on 24 Dec 2014; data/tpnw/counts.md: 3 parties on 20 Sep 2017.
    let csv = s.run(&[
        "series",
        "--all",
        "--at",
        "2013-09-25,2014-04-02,2014-06-03,2014-12-24,2017-09-20",
        "--format",
        "csv",
    ]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("treaty,date,treaty_in_force,parties,in_force,signatories")
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let parties = |treaty: &str, day: &str| -> (String, String) {
        let r = rows.iter().find(|r| r[0] == treaty && r[1] == day).unwrap();
        (r[3].to_string(), r[4].to_string())
    };
    assert_eq!(parties("att", "2013-09-25").0, "7");
    assert_eq!(parties("att", "2014-04-02").0, "31");
    assert_eq!(parties("att", "2014-06-03").0, "40");
    assert_eq!(parties("att", "2014-12-24"), ("50".into(), "50".into()));
    assert_eq!(parties("tpnw", "2017-09-20").0, "3");
    assert_eq!(rows.len(), 15, "three treaties, five days");
    let monthly = s.run(&[
        "series",
        "tpnw",
        "--from",
        "2020-10-31",
        "--to",
        "2021-01-31",
        "--every",
        "month",
    ]);
    assert!(monthly.contains("tpnw    2021-01-31  yes"), "{monthly}");
    assert!(monthly.contains("tpnw    2020-12-31  no"), "{monthly}");
    let lines = s.run(&["series", "tpnw", "--at", "2021-01-22", "--format", "jsonl"]);
    let line: Value = serde_json::from_str(lines.trim()).unwrap();
    assert_eq!(line["schema_version"], 1);
    assert_eq!(line["treaty_in_force"], true);
    let neither = s.fails(&["series", "ottawa"], 2);
    assert!(
        neither.contains("--from, --to and --every together, or --at"),
        "{neither}"
    );
    let half = s.fails(&["series", "ottawa", "--every", "year"], 2);
    assert!(half.contains("--from, --to and --every together"), "{half}");
}

#[test]
fn as_of_a_plain_date_reads_the_ledger_at_the_end_of_that_day() {
    let s = bundled();
    // Every entry was recorded at NOW (2026-03-01T12:00:00Z).
    let before = s.json(&["state", "FI", "--as-of", "2026-02-28"]);
    assert_eq!(before["basis"]["entries"], 0);
    assert!(before["treaties"].as_array().unwrap().is_empty());
    let that_day = s.json(&["status", "ottawa", "--as-of", "2026-03-01"]);
    let head = s.json(&["status", "ottawa"]);
    assert_eq!(that_day["basis"], head["basis"]);
    let bad = s.fails(&["status", "ottawa", "--as-of", "yesterday"], 1);
    assert!(bad.contains("--as-of 2026-01-15"), "{bad}");
}

#[test]
fn mistyped_treaties_and_acts_get_the_closest_names_and_never_the_hint_to_register_them() {
    let s = bundled();
    let status = s.fails(&["status", "otawa"], 1);
    assert!(status.contains("did you mean 'ottawa'?"), "{status}");
    let record = s.fails(
        &[
            "record",
            "ratification",
            "--treaty",
            "tpwn",
            "--state",
            "FI",
            "--date",
            "2026-01-01",
            "--cite-title",
            "T",
            "--cite-url",
            "https://example.org",
        ],
        1,
    );
    assert!(record.contains("did you mean 'tpnw'?"), "{record}");
    assert!(!record.contains("treaty add"), "{record}");
    let act = s.fails(
        &[
            "record",
            "ratifcation",
            "--treaty",
            "tpnw",
            "--state",
            "FI",
            "--date",
            "2026-01-01",
            "--cite-title",
            "T",
            "--cite-url",
            "https://example.org",
        ],
        1,
    );
    assert!(act.contains("did you mean 'ratification'?"), "{act}");
    let file = s.write("typo.csv", "treaty,state,act,date,cite_title,cite_url\natt-treaty,FI,ratification,2026-01-01,T,https://example.org\n");
    let import = s.fails(&["import", &file], 1);
    assert!(import.contains("did you mean 'att'?"), "{import}");
    assert!(!import.contains("treaty add"), "{import}");
}

#[test]
fn json_objects_carry_a_schema_version_and_checkpoints_print_json() {
    let s = bundled();
    let cp = s.json(&["checkpoint"]);
    assert_eq!(cp["schema_version"], 1);
    assert_eq!(cp["size"], s.count() as u64);
    assert!(cp["note"].as_str().unwrap().starts_with("pacta/"), "{cp}");
    for args in [
        &["status", "ottawa"][..],
        &[
            "diff",
            "ottawa",
            "--from",
            "2025-01-01",
            "--to",
            "2026-01-01",
        ],
        &["why", "ottawa", "FI"],
        &["verify"],
        &["treaty", "show", "att"],
        &["show", "5"],
    ] {
        let out = s.json(args);
        assert_eq!(out["schema_version"], 1, "{args:?}");
    }
    let list = s.json(&["treaty", "list"]);
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .all(|t| t["schema_version"] == 1)
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(30))]

    /// A series counts on each day what a projection onto that day counts; a state's standing is
    /// its row of that projection; its changes are those the treaty's diff lists.
    #[test]
    fn series_standings_and_changes_agree_with_status_and_diff(
        draws in draws(),
        days in proptest::collection::vec(10_000i32..21_000, 6),
    ) {
        let (_dir, ledger) = ledger_with_small_ottawa(2);
        admitted(&ledger, &draws);
        let view = ledger.view(&TreatyId::parse("ottawa").unwrap(), AsOf::Head).unwrap();
        let (treaty, reading) = (&view.facts.treaty, &view.interpretation);
        let days: Vec<LegalDate> = days.into_iter().map(|d| LegalDate::from_epoch_days(d).unwrap()).collect();
        let series = across::series(reading, &days);
        for (point, day) in series.iter().zip(&days) {
            let p = project(treaty, reading, *day, view.basis);
            prop_assert_eq!(point.date, *day);
            prop_assert_eq!(point.counts, p.counts, "on {}", day);
            prop_assert_eq!(point.treaty_in_force, p.treaty_in_force_on_day, "on {}", day);
            for row in &p.states {
                let standing = across::standing(treaty, reading, &row.state, *day);
                prop_assert_eq!(&standing.status, row);
            }
        }
        let (from, to) = (days[0].min(days[1]), days[0].max(days[1]));
        let d = diff(treaty, reading, from, to, view.basis);
        let all = across::changes(treaty, reading, from, to, None);
        prop_assert_eq!(all.iter().map(|c| c.change.clone()).collect::<Vec<_>>(), d.changes.clone());
        let fi = StateCode::parse("FI").unwrap();
        // Reading treaty by treaty gives the views reading the log in order gives.
        let (by_treaty, in_order) = (ledger.views_by_treaty(AsOf::Head).unwrap(), ledger.views(AsOf::Head).unwrap());
        prop_assert_eq!(by_treaty.len(), in_order.len());
        for (a, b) in by_treaty.iter().zip(&in_order) {
            let pa = project(&a.facts.treaty, &a.interpretation, to, a.basis);
            let pb = project(&b.facts.treaty, &b.interpretation, to, b.basis);
            prop_assert_eq!(pa, pb);
            prop_assert_eq!(&a.retracted, &b.retracted);
        }
        let only = across::changes(treaty, reading, from, to, Some(&fi));
        prop_assert!(only.iter().all(|c| c.change.state == fi));
        prop_assert_eq!(only.len(), d.changes.iter().filter(|c| c.state == fi).count());
    }
}

/// Each state's standing and changes under every treaty of `ledger` as the views of that state
/// alone give them agree with the whole treaties' on `days`, and so do its entries.
fn one_state_agrees_with_the_whole_treaties(
    ledger: &pacta::ledger::Ledger,
    days: &[LegalDate],
) -> Result<(), TestCaseError> {
    let whole = ledger.views_by_treaty(AsOf::Head).unwrap();
    let states: std::collections::BTreeSet<StateCode> = whole
        .iter()
        .flat_map(|v| v.interpretation.states.keys().cloned())
        .collect();
    for state in &states {
        let alone = ledger.views_of_state(state, AsOf::Head).unwrap();
        prop_assert_eq!(alone.len(), whole.len());
        for (a, w) in alone.iter().zip(&whole) {
            let (treaty, reading) = (&w.facts.treaty, &w.interpretation);
            prop_assert_eq!(&a.facts.treaty, treaty);
            prop_assert_eq!(&a.interpretation.in_force, &reading.in_force);
            for day in days {
                prop_assert_eq!(
                    across::standing(&a.facts.treaty, &a.interpretation, state, *day),
                    across::standing(treaty, reading, state, *day),
                    "{} on {}",
                    state,
                    day
                );
            }
            let (from, to) = (days[0].min(days[1]), days[0].max(days[1]));
            prop_assert_eq!(
                across::changes(&a.facts.treaty, &a.interpretation, from, to, Some(state)),
                across::changes(treaty, reading, from, to, Some(state))
            );
            let under = ledger.entries_under(&treaty.id, Some(state)).unwrap();
            prop_assert_eq!(ledger.entries_of_state(state).unwrap(), under);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(30))]

    /// One state's views read at the head from the summary and that state's entries give what
    /// the whole treaties give; so they do with entries recorded since, in the journal, which
    /// the summary does not cover.
    #[test]
    fn one_states_views_from_the_summary_agree_with_the_whole_treaties(
        draws in draws(),
        later in draws(),
        days in proptest::collection::vec(10_000i32..21_000, 3),
    ) {
        let (_dir, ledger) = ledger_with_small_ottawa(2);
        admitted(&ledger, &draws);
        ledger.settle().unwrap();
        prop_assert!(ledger.path().join("summary").exists());
        let days: Vec<LegalDate> = days.into_iter().map(|d| LegalDate::from_epoch_days(d).unwrap()).collect();
        one_state_agrees_with_the_whole_treaties(&ledger, &days)?;
        admitted(&ledger, &later[..4]);
        one_state_agrees_with_the_whole_treaties(&ledger, &days)?;
    }
}

/// The climate treaties of tests/it/provisions_cli.rs: Canada's withdrawal from the UNFCCC is
/// also one from the Paris Agreement; settled, so that the summary is written.
fn settled_climate() -> Sandbox {
    let s = Sandbox::new();
    let cite = [
        "--cite-title",
        "Text",
        "--cite-url",
        "https://example.org/t",
    ];
    let run = |args: &[&str]| s.run(&[args, &cite[..]].concat());
    run(&["treaty", "add", "unfccc", "--rules", "unfccc"]);
    run(&["treaty", "add", "paris", "--rules", "paris"]);
    for (treaty, state, act, date) in [
        ("unfccc", None, "entry-into-force", "1994-03-21"),
        ("paris", None, "entry-into-force", "2016-11-04"),
        ("unfccc", Some("CA"), "ratification", "1992-12-04"),
        ("paris", Some("CA"), "ratification", "2016-10-05"),
        ("paris", Some("US"), "acceptance", "2016-09-03"),
        ("unfccc", Some("CA"), "withdrawal", "2025-06-01"),
    ] {
        let mut args = vec!["record", act, "--treaty", treaty, "--date", date];
        args.extend(state.iter().flat_map(|s| ["--state", s]));
        run(&args);
    }
    settle(&s.ledger());
    s
}

#[test]
fn a_damaged_summary_is_not_used_and_a_false_one_is_reported_by_verify() {
    let s = settled_climate();
    let path = s.ledger().join("summary");
    let asked = ["state", "CA", "--at", "2026-06-01"];
    let answer = s.json(&asked);
    let paris = treaty_of(&answer, "paris");
    assert_eq!(paris["status"], "withdrawn", "{answer}");
    // Damaged: the checksum fails, the answer is computed from the entries and is the same.
    let sound = std::fs::read(&path).unwrap();
    let mut damaged = sound.clone();
    damaged[60] ^= 1;
    std::fs::write(&path, &damaged).unwrap();
    assert_eq!(s.json(&asked), answer);
    assert_eq!(
        s.json(&["log", "--state", "CA"]).as_array().unwrap().len(),
        3
    );
    s.run(&["verify"]);
    // False but sound (its checksum made again): verify finds that the entries do not give it.
    // The body starts after the magic, the head (8 + 32) and the number of treaties; the first
    // treaty (paris) says whether it is registered after its id and its file's length.
    let registered = 8 + 40 + 4 + 1 + "paris".len() + 8;
    let mut forged = sound[..sound.len() - 32].to_vec();
    assert_eq!(forged[registered], 1);
    forged[registered] = 0;
    let checksum = blake3::derive_key("pacta 2026-12-02 derived file v1", &forged);
    forged.extend_from_slice(&checksum);
    std::fs::write(&path, &forged).unwrap();
    let report = s.fails(&["verify"], 3);
    assert!(
        report.contains("`summary`") && report.contains("paris"),
        "{report}"
    );
}

#[test]
fn a_settled_ledger_answers_for_one_state_as_a_ledger_read_whole_does() {
    let s = settled_climate();
    assert!(s.ledger().join("summary").exists());
    let asked: [&[&str]; 4] = [
        &["state", "CA", "--at", "2026-06-01"],
        &["state", "US", "--at", "2026-06-01"],
        &[
            "changes",
            "--from",
            "2025-01-01",
            "--to",
            "2026-12-31",
            "--state",
            "CA",
        ],
        &["log", "--state", "CA"],
    ];
    let fast: Vec<Value> = asked.iter().map(|a| s.json(a)).collect();
    std::fs::remove_file(s.ledger().join("summary")).unwrap();
    for (a, answer) in asked.iter().zip(&fast) {
        assert_eq!(&s.json(a), answer, "{a:?}");
    }
    let changes = fast[2]["changes"].as_array().unwrap();
    assert!(
        changes
            .iter()
            .any(|c| c["treaty"] == "paris" && c["date"] == "2026-06-01"),
        "{changes:?}"
    );
    // Settled again after an act under one treaty: the other's part is carried over, and
    // verify finds the whole what the entries give.
    s.run(&[
        "record",
        "withdrawal",
        "--treaty",
        "paris",
        "--state",
        "US",
        "--date",
        "2025-01-27",
        "--cite-title",
        "Text",
        "--cite-url",
        "https://example.org/t",
    ]);
    settle(&s.ledger());
    s.run(&["verify"]);
    let us = s.json(asked[1]);
    assert_eq!(
        treaty_of(&us, "paris")["withdrawal_notified"]["date"],
        "2025-01-27",
        "{us}"
    );
    std::fs::remove_file(s.ledger().join("summary")).unwrap();
    assert_eq!(s.json(asked[1]), us);
}
