//! End-to-end tests of the questions across treaties and beyond membership: `state`, `changes`,
//! `series`, `reservations`, names as people type them, parties that are not states, the rule
//! vocabulary of provisions, and the conventions every command keeps.

use crate::common::Sandbox;

const CITE: [&str; 4] = [
    "--cite-title",
    "Status table",
    "--cite-url",
    "https://example.org/status",
];

/// `args` with a citation appended.
fn cited<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut all = args.to_vec();
    all.extend(CITE);
    all
}

/// Two small treaties: "alpha" (two instruments, +30d) and "beta" (one instrument, +30d).
fn two_treaties() -> Sandbox {
    let l = Sandbox::new();
    for (id, n) in [("alpha", "2"), ("beta", "1")] {
        l.run(&cited(&[
            "treaty",
            "add",
            id,
            "--title",
            id,
            "--eif-instruments",
            n,
            "--eif-delay",
            "+30d",
            "--later-delay",
            "+30d",
            "--withdrawal-delay",
            "+6m",
        ]));
    }
    let csv = "treaty,state,act,date,cite_title,cite_url\n\
        alpha,FI,ratification,2000-01-10,T,https://example.org/a\n\
        alpha,SE,ratification,2000-02-10,T,https://example.org/a\n\
        alpha,FI,withdrawal,2025-03-01,T,https://example.org/a\n\
        beta,Finland,accession,2001-05-01,T,https://example.org/b\n\
        beta,VN,signature,2001-03-01,T,https://example.org/b\n";
    let file = l.write("facts.csv", csv);
    l.run(&["import", &file]);
    l
}

#[test]
fn one_state_across_treaties_by_name() {
    let l = two_treaties();
    let j = l.json(&["state", "finland", "--at", "2026-01-01"]);
    assert_eq!(j["schema_version"], 1);
    let rows = j["treaties"].as_array().unwrap();
    let got: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["treaty"].as_str().unwrap(), r["status"].as_str().unwrap()))
        .collect();
    assert_eq!(got, [("alpha", "withdrawn"), ("beta", "party")]);
    assert_eq!(j["counts"]["parties"], 1);
    let table = l.run(&["state", "Viet Nam", "--at", "2026-01-01"]);
    assert!(table.starts_with("VN (Viet Nam)"), "{table}");
    assert!(table.contains("signatory"), "{table}");
    let csv = l.run(&["state", "FI", "--at", "2026-01-01", "--format", "csv"]);
    assert!(csv.starts_with("treaty,state,status,"), "{csv}");
    let err = l.fails(&["state", "Finnland"], 1);
    assert!(err.contains("did you mean FI (Finland)"), "{err}");
}

#[test]
fn changes_and_log_across_treaties() {
    let l = two_treaties();
    let j = l.json(&["changes", "--from", "2025-01-01", "--to", "2025-12-31"]);
    let changes = j["changes"].as_array().unwrap();
    let got: Vec<(&str, &str, &str, &str)> = changes
        .iter()
        .map(|c| {
            (
                c["date"].as_str().unwrap(),
                c["treaty"].as_str().unwrap(),
                c["state"].as_str().unwrap(),
                c["to"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("2025-03-01", "alpha", "FI", "party-withdrawal-pending"),
            ("2025-09-01", "alpha", "FI", "withdrawn"),
        ]
    );
    let only_se = l.json(&[
        "changes",
        "--from",
        "2000-01-01",
        "--to",
        "2001-01-01",
        "--state",
        "SE",
    ]);
    assert_eq!(only_se["changes"].as_array().unwrap().len(), 2);
    let log = l.json(&["log", "--state", "FI"]);
    let events: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["event"].as_str().unwrap())
        .collect();
    assert_eq!(events.len(), 3, "{events:?}");
    assert!(events.iter().any(|e| e.starts_with("beta FI accession")));
    let csv = l.run(&["log", "--state", "FI", "--format", "csv"]);
    assert_eq!(csv.lines().count(), 4, "{csv}");
}

#[test]
fn series_year_by_year_and_at_listed_days() {
    let l = two_treaties();
    let csv = l.run(&[
        "series",
        "alpha",
        "--from",
        "1999-12-31",
        "--to",
        "2026-12-31",
        "--every",
        "year",
        "--format",
        "csv",
    ]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "treaty,date,treaty_in_force,in_force,parties,signatories"
    );
    assert_eq!(lines[1], "alpha,1999-12-31,false,0,0,0");
    assert_eq!(lines[2], "alpha,2000-12-31,true,2,2,0");
    assert_eq!(lines.last().unwrap(), &"alpha,2026-12-31,true,1,1,0");
    let j = l.json(&["series", "--all", "--at", "2000-02-15,2002-06-01"]);
    let series = j["series"].as_array().unwrap();
    assert_eq!(series.len(), 2);
    assert_eq!(series[1]["points"][1]["signatories"], 1);
    assert_eq!(series[0]["points"][0]["parties"], 2);
}

#[test]
fn the_european_union_and_registered_entities_are_parties() {
    let l = two_treaties();
    l.run(&cited(&[
        "record",
        "accession",
        "--treaty",
        "beta",
        "--state",
        "European Union",
        "--date",
        "2010-01-01",
    ]));
    let err = l.fails(
        &cited(&[
            "record",
            "accession",
            "--treaty",
            "beta",
            "--state",
            "XA",
            "--date",
            "2011-01-01",
        ]),
        1,
    );
    assert!(err.contains("not registered as an entity"), "{err}");
    l.run(&cited(&[
        "record",
        "entity-registration",
        "--treaty",
        "beta",
        "--state",
        "XA",
        "--name",
        "Andean Community",
    ]));
    l.run(&cited(&[
        "record",
        "accession",
        "--treaty",
        "beta",
        "--state",
        "XA",
        "--date",
        "2011-01-01",
    ]));
    let status = l.run(&["status", "beta", "--at", "2012-01-01"]);
    assert!(status.contains("EU     European Union"), "{status}");
    assert!(status.contains("Andean Community"), "{status}");
    let j = l.json(&["status", "beta", "--at", "2012-01-01"]);
    assert_eq!(j["counts"]["parties"], 3);
    // A former state typed with its ISO 3166-3 code is stored under the table's code.
    l.run(&cited(&[
        "record",
        "signature",
        "--treaty",
        "beta",
        "--state",
        "DDDE",
        "--date",
        "2001-01-01",
    ]));
    let log = l.run(&["log", "--state", "East Germany"]);
    assert!(log.contains("beta DD signature"), "{log}");
}

#[test]
fn a_reservation_an_objection_and_their_withdrawals() {
    let l = two_treaties();
    let recorded = l.json(&cited(&[
        "record",
        "reservation",
        "--treaty",
        "alpha",
        "--state",
        "SE",
        "--date",
        "2000-02-10",
        "--quote",
        "Sweden reserves the right not to apply article 3.",
    ]));
    let reservation = recorded[0]["entry"].as_u64().unwrap().to_string();
    let err = l.fails(
        &cited(&[
            "record",
            "objection",
            "--treaty",
            "alpha",
            "--state",
            "FI",
            "--objected-state",
            "SE",
            "--reservation",
            "1",
            "--date",
            "2000-06-01",
        ]),
        1,
    );
    assert!(err.contains("not a live reservation of SE"), "{err}");
    let objection = l.json(&cited(&[
        "record",
        "objection",
        "--treaty",
        "alpha",
        "--state",
        "FI",
        "--objected-state",
        "SE",
        "--reservation",
        &reservation,
        "--date",
        "2000-06-01",
        "--quote",
        "Finland objects to the reservation made by Sweden.",
    ]))[0]["entry"]
        .as_u64()
        .unwrap()
        .to_string();
    let err = l.fails(
        &cited(&[
            "record",
            "reservation-withdrawal",
            "--treaty",
            "alpha",
            "--state",
            "FI",
            "--statement",
            &objection,
            "--date",
            "2001-01-01",
        ]),
        1,
    );
    assert!(
        err.contains("records a objection, not a reservation"),
        "{err}"
    );
    l.run(&cited(&[
        "record",
        "objection-withdrawal",
        "--treaty",
        "alpha",
        "--state",
        "FI",
        "--statement",
        &objection,
        "--date",
        "2003-01-01",
    ]));
    l.run(&cited(&[
        "record",
        "reservation-withdrawal",
        "--treaty",
        "alpha",
        "--state",
        "SE",
        "--statement",
        &reservation,
        "--date",
        "2005-01-01",
    ]));
    let j = l.json(&["reservations", "alpha"]);
    let listed = j["statements"].as_array().unwrap();
    assert_eq!(listed.len(), 2);
    let se = listed.iter().find(|s| s["state"] == "SE").unwrap();
    assert_eq!(se["kind"], "reservation");
    assert_eq!(se["withdrawn"]["date"], "2005-01-01");
    assert_eq!(
        se["text"],
        "Sweden reserves the right not to apply article 3."
    );
    let table = l.run(&["reservations", "alpha", "--state", "Sweden"]);
    assert!(
        table.contains("objection to the reservation of SE"),
        "{table}"
    );
    // Shown where the state's standing is shown, without changing it.
    let status = l.run(&["status", "alpha", "--at", "2002-01-01"]);
    assert!(status.contains("party (1 statement)"), "{status}");
    let why = l.run(&["why", "alpha", "SE", "--at", "2002-01-01"]);
    assert!(
        why.contains("SE has a reservation made on 2000-02-10"),
        "{why}"
    );
    assert!(why.contains("Sweden reserves the right"), "{why}");
    let history = l.run(&["history", "alpha", "FI"]);
    assert!(
        history.contains("objection to the reservation of SE"),
        "{history}"
    );
    // A reservation with objections cannot be retracted alone.
    let err = l.fails(&cited(&["retract", &reservation, "--reason", "wrong"]), 1);
    assert!(err.contains("not a live reservation"), "{err}");
}

#[test]
fn a_territorial_extension() {
    let l = two_treaties();
    l.run(&cited(&[
        "record",
        "territorial-application",
        "--treaty",
        "alpha",
        "--state",
        "SE",
        "--territory",
        "Åland Islands",
        "--scope",
        "extension",
        "--date",
        "2001-03-01",
    ]));
    let j = l.json(&["reservations", "alpha"]);
    let t = &j["statements"][0];
    assert_eq!(t["kind"]["territorial"]["territory"], "AX");
    assert_eq!(t["kind"]["territorial"]["scope"], "extension");
    let err = l.fails(
        &cited(&[
            "record",
            "territorial-application",
            "--treaty",
            "alpha",
            "--state",
            "DE",
            "--territory",
            "GL",
            "--scope",
            "exclusion",
            "--date",
            "2001-03-01",
        ]),
        1,
    );
    assert!(err.contains("no signature or instrument"), "{err}");
}

/// The Paris Agreement's art. 28: a withdrawal only three years after entry into force for the
/// party, and a withdrawal from the UNFCCC is one from the Agreement.
#[test]
fn waiting_period_and_linked_withdrawal() {
    let l = Sandbox::new();
    for preset in ["unfccc", "paris"] {
        l.run(&cited(&["treaty", "add", preset, "--rules", preset]));
    }
    let csv = "treaty,state,act,date,cite_title,cite_url\n\
        unfccc,US,ratification,1992-10-15,T,https://example.org/u\n\
        unfccc,,entry-into-force,1994-03-21,T,https://example.org/u\n\
        paris,US,acceptance,2016-09-03,T,https://example.org/p\n\
        paris,,entry-into-force,2016-11-04,T,https://example.org/p\n";
    let file = l.write("facts.csv", csv);
    l.run(&["import", &file]);
    let show = l.run(&["treaty", "show", "paris"]);
    assert!(show.contains("+3y after entry into force"), "{show}");
    let early = cited(&[
        "record",
        "withdrawal",
        "--treaty",
        "paris",
        "--state",
        "US",
        "--date",
        "2017-08-04",
    ]);
    let err = l.fails(&early, 1);
    assert!(
        err.contains(
            "only from 2019-11-04 (+3y after the treaty's entry into force for it on 2016-11-04)"
        ),
        "{err}"
    );
    l.run(&cited(&[
        "record",
        "withdrawal",
        "--treaty",
        "unfccc",
        "--state",
        "US",
        "--date",
        "2025-02-01",
    ]));
    let j = l.json(&["status", "paris", "--at", "2026-03-01"]);
    let us = &j["states"][0];
    assert_eq!(us["status"], "withdrawn");
    let why = l.run(&["why", "paris", "US", "--at", "2026-03-01"]);
    assert!(
        why.contains(
            "US notified its withdrawal from unfccc on 2025-02-01, taking effect on 2026-02-01"
        ),
        "{why}"
    );
    let err = l.fails(&["status", "paris", "--at", "2026-03-01", "--prove"], 1);
    assert!(
        err.contains("rests on a withdrawal recorded under unfccc"),
        "{err}"
    );
}

/// Paraguay under Ottawa: deposited after the 40th instrument but before entry into force; the
/// explanation must say so, not that it deposited after entry into force.
#[test]
fn why_names_the_rule_and_dates_it_used() {
    let l = Sandbox::new();
    l.run(&cited(&[
        "treaty",
        "add",
        "mini",
        "--title",
        "Mini",
        "--eif-instruments",
        "2",
        "--eif-delay",
        "month-start,+6m",
        "--later-delay",
        "month-start,+6m",
        "--withdrawal-delay",
        "+6m",
    ]));
    let csv = "treaty,state,act,date,cite_title,cite_url\n\
        mini,AT,ratification,1998-06-29,T,https://example.org/m\n\
        mini,BE,ratification,1998-09-16,T,https://example.org/m\n\
        mini,PY,ratification,1998-11-13,T,https://example.org/m\n\
        mini,FI,accession,2012-01-09,T,https://example.org/m\n";
    let file = l.write("facts.csv", csv);
    l.run(&["import", &file]);
    let why = l.run(&["why", "mini", "PY", "--at", "1999-06-01"]);
    assert!(
        why.contains("It deposited on 1998-11-13, after the instrument that completed the 2 required (deposited 1998-09-16) and before the treaty's entry into force on 1999-03-01"),
        "{why}"
    );
    assert!(
        !why.contains("after the treaty's entry into force"),
        "{why}"
    );
    let fi = l.run(&["why", "mini", "FI", "--at", "2013-01-01"]);
    assert!(
        fi.contains("It deposited after the treaty's entry into force on 1999-03-01"),
        "{fi}"
    );
}

#[test]
fn conventions() {
    let l = two_treaties();
    // A plain date for --as-of: the end of that day.
    let j = l.json(&["status", "alpha", "--as-of", "2026-03-01"]);
    assert_eq!(j["basis"]["entries"], 7);
    let err = l.fails(&["status", "alpha", "--as-of", "2026-02-28"], 1);
    assert!(err.contains("registered in a later entry"), "{err}");
    // A mistyped treaty id gets the closest registered one, never "register it".
    let err = l.fails(&["status", "alpah"], 1);
    assert!(err.contains("did you mean alpha"), "{err}");
    let err = l.fails(
        &cited(&[
            "record",
            "accession",
            "--treaty",
            "alpah",
            "--state",
            "DE",
            "--date",
            "2001-01-01",
        ]),
        1,
    );
    assert!(err.contains("did you mean alpha"), "{err}");
    assert!(!err.contains("treaty add alpah"), "{err}");
    // A mistyped act gets the closest act.
    let err = l.fails(
        &cited(&[
            "record",
            "ratifcation",
            "--treaty",
            "alpha",
            "--state",
            "DE",
            "--date",
            "2001-01-01",
        ]),
        1,
    );
    assert!(err.contains("did you mean ratification"), "{err}");
    // Every format a command's help lists is honoured, or refused as usage.
    let cp = l.json(&["checkpoint"]);
    assert_eq!(cp["size"], 7);
    assert!(cp["text"].as_str().unwrap().starts_with("pacta/"));
    let err = l.fails(&["checkpoint", "--format", "csv"], 2);
    assert!(err.contains("it writes table or json"), "{err}");
    let list = l.run(&["treaty", "list", "--format", "csv"]);
    assert!(list.starts_with("id,entry,adopted,title"), "{list}");
    for args in [
        &["treaty", "list"][..],
        &["log"],
        &["history", "alpha", "FI"],
        &["why", "alpha", "FI"],
        &[
            "diff",
            "alpha",
            "--from",
            "2000-01-01",
            "--to",
            "2001-01-01",
        ],
        &["verify"],
    ] {
        let j = l.json(args);
        let first = match &j {
            serde_json::Value::Array(rows) => rows[0].clone(),
            other => other.clone(),
        };
        assert_eq!(first["schema_version"], 1, "{args:?}");
    }
}
