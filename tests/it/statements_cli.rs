//! Statements end to end with the real binary: a reservation, an objection by another state and
//! its withdrawal, a declaration, a territorial extension and exclusion; every refusal with its
//! exit code and nothing written; export, verify and restore with statements; and a property
//! test of their encoding.

use crate::common::*;
use pacta::chain::entry::{Entry, FORMAT_VERSION};
use pacta::chain::seal::Sealed;
use pacta::vocabulary::calendar::{Instant, LegalDate};
use pacta::vocabulary::citation::Citation;
use pacta::vocabulary::country::StateCode;
use pacta::vocabulary::digest::Digest;
use pacta::vocabulary::event::{Event, Fact};
use pacta::vocabulary::statement::{EntryRef, STATEMENT_KINDS, Statement, Territory};
use pacta::vocabulary::treaty::TreatyId;
use proptest::prelude::*;

const CITE: [&str; 4] = [
    "--cite-title",
    "UN Treaty Collection, chapter XXVI no. 5",
    "--cite-ref",
    "declarations and reservations",
];

/// Records `args` (a `record` command without its citation) and returns the new entry's number.
fn record(s: &Sandbox, args: &[&str]) -> u64 {
    let mut all = vec!["record"];
    all.extend(args);
    all.extend(CITE);
    s.json(&all)[0]["entry"].as_u64().unwrap()
}

/// Refuses `record ARGS` with exit code 1 and nothing written; returns the error.
fn refused(s: &Sandbox, args: &[&str]) -> String {
    let before = s.count();
    let mut all = vec!["record"];
    all.extend(args);
    all.extend(CITE);
    let stderr = s.fails(&all, 1);
    assert_eq!(s.count(), before, "{args:?} wrote something");
    stderr
}

/// A ledger with Ottawa, Denmark's signature and ratification, and Sweden's signature.
/// The statements the tests record on it are invented, not what these states declared.
fn sandbox() -> Sandbox {
    let s = Sandbox::new();
    s.register_ottawa();
    for (state, act, date) in [
        ("DK", "signature", "1997-12-04"),
        ("DK", "ratification", "1998-06-08"),
        ("SE", "signature", "1997-12-04"),
    ] {
        record(
            &s,
            &[act, "--treaty", "ottawa", "--state", state, "--date", date],
        );
    }
    s
}

fn reservation(s: &Sandbox) -> u64 {
    record(
        s,
        &[
            "reservation",
            "--treaty",
            "ottawa",
            "--state",
            "DK",
            "--date",
            "1998-06-08",
            "--text",
            "Article 5 shall not apply to Greenland.",
        ],
    )
}

/// Sweden's objection to the reservation recorded as entry `reserved`; its entry number.
fn objection_by_sweden(s: &Sandbox, reserved: &str) -> u64 {
    record(
        s,
        &[
            "objection",
            "--treaty",
            "ottawa",
            "--state",
            "SE",
            "--date",
            "1998-09-01",
            "--objects-to",
            reserved,
        ],
    )
}

#[test]
fn a_reservation_objection_withdrawal_declaration_and_territorial_application() {
    let s = sandbox();
    let status_before = s.run(&["status", "ottawa", "--at", "2026-01-01", "--format", "csv"]);
    let reserved = reservation(&s).to_string();
    let objection = objection_by_sweden(&s, &reserved).to_string();
    let withdrawal = record(
        &s,
        &[
            "objection-withdrawal",
            "--treaty",
            "ottawa",
            "--state",
            "SE",
            "--date",
            "1999-09-01",
            "--withdraws",
            &objection,
        ],
    );
    record(
        &s,
        &[
            "declaration",
            "--treaty",
            "ottawa",
            "--state",
            "SE",
            "--date",
            "1998-10-01",
            "--text",
            "Sweden declares that it reads article 2 narrowly.",
        ],
    );
    record(
        &s,
        &[
            "territorial-extension",
            "--treaty",
            "ottawa",
            "--state",
            "DK",
            "--date",
            "1998-06-08",
            "--territory",
            "Greenland",
        ],
    );
    record(
        &s,
        &[
            "territorial-exclusion",
            "--treaty",
            "ottawa",
            "--state",
            "DK",
            "--date",
            "1998-06-08",
            "--territory",
            "fro",
        ],
    );

    // Membership is untouched: the status CSV is the same byte for byte but for its last
    // column, which marks the states with a reservation or declaration in force.
    let status_after = s.run(&["status", "ottawa", "--at", "2026-01-01", "--format", "csv"]);
    let split = |csv: &str| -> Vec<(String, String)> {
        csv.lines()
            .map(|l| {
                let (rest, last) = l.rsplit_once(',').unwrap();
                (rest.to_string(), last.to_string())
            })
            .collect()
    };
    let (before, after) = (split(&status_before), split(&status_after));
    assert_eq!(
        before.iter().map(|l| &l.0).collect::<Vec<_>>(),
        after.iter().map(|l| &l.0).collect::<Vec<_>>()
    );
    let marks = |lines: &[(String, String)]| -> Vec<String> {
        lines
            .iter()
            .map(|l| format!("{}:{}", &l.0[..2], l.1))
            .collect()
    };
    assert_eq!(
        marks(&before),
        ["st:reservation_or_declaration", "DK:no", "SE:no"]
    );
    assert_eq!(
        marks(&after),
        ["st:reservation_or_declaration", "DK:yes", "SE:yes"]
    );

    // The depositary's page before and after the objection's withdrawal.
    let page = s.json(&["reservations", "ottawa", "--at", "1999-01-01"]);
    assert_eq!(page["schema_version"], 1);
    let statements = page["statements"].as_array().unwrap();
    let kinds: Vec<(&str, &str)> = statements
        .iter()
        .map(|s| (s["state"].as_str().unwrap(), s["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("DK", "reservation"),
            ("DK", "territorial-extension"),
            ("DK", "territorial-exclusion"),
            ("SE", "declaration")
        ]
    );
    let objections = statements[0]["objections"].as_array().unwrap();
    assert_eq!(objections.len(), 1);
    assert_eq!(objections[0]["state"], "SE");
    assert!(objections[0]["withdrawn"].is_null());
    assert_eq!(statements[1]["territory"], "GL");
    assert_eq!(statements[1]["territory_name"], "Greenland");
    assert_eq!(statements[2]["territory"], "FO");
    assert_eq!(
        statements[0]["citations"][0]["title"],
        "UN Treaty Collection, chapter XXVI no. 5"
    );
    let later = s.json(&["reservations", "ottawa"]);
    assert_eq!(
        later["statements"][0]["objections"][0]["withdrawn"]["entry"],
        withdrawal
    );
    let table = s.run(&["reservations", "ottawa", "--state", "SE"]);
    assert!(
        table.contains("objection by Sweden (SE) 1998-09-01")
            && table.contains(&format!("— withdrawn 1999-09-01 (entry {withdrawal})")),
        "{table}"
    );
    assert!(!table.contains("Greenland (GL)"), "{table}");
    let csv = s.run(&["reservations", "ottawa", "--format", "csv"]);
    assert!(csv.starts_with("state,name,kind,date,territory,objects_to_entry,text,withdrawn,"));
    assert!(
        csv.contains(&format!(
            "SE,Sweden,objection,1998-09-01,,{reserved},,1999-09-01,{withdrawal},{objection},"
        )),
        "{csv}"
    );

    // status marks the states with a reservation or declaration in force.
    let status = s.run(&["status", "ottawa", "--at", "1999-01-01"]);
    assert!(status.contains("DK*") && status.contains("SE*"), "{status}");
    let json = s.json(&["status", "ottawa", "--at", "1999-01-01"]);
    assert_eq!(
        json["with_reservations_or_declarations"],
        serde_json::json!(["DK", "SE"])
    );

    // history and why show them, with their sources.
    let history = s.run(&["history", "ottawa", "SE"]);
    assert!(
        history.contains(&format!("objection to entry {reserved}"))
            && history.contains("declaration: Sweden declares")
            && history.contains("source: UN Treaty Collection"),
        "{history}"
    );
    let why = s.run(&["why", "ottawa", "DK", "--at", "2000-01-01"]);
    assert!(
        why.contains("Statements (they change no date above):")
            && why.contains("territorial-extension to Greenland (GL) 1998-06-08")
            && why.contains("| Article 5 shall not apply to Greenland."),
        "{why}"
    );
    let why = s.json(&["why", "ottawa", "DK", "--at", "2000-01-01"]);
    assert_eq!(why["statements"].as_array().unwrap().len(), 3);
}

#[test]
fn statements_that_do_not_fit_are_refused_and_nothing_is_written() {
    let s = sandbox();
    let reserved = reservation(&s).to_string();
    let base = |kind: &'static str, state: &'static str| {
        vec![
            kind,
            "--treaty",
            "ottawa",
            "--state",
            state,
            "--date",
            "1998-09-01",
        ]
    };
    let with = |mut args: Vec<&'static str>, more: &[&'static str]| {
        args.extend(more);
        args
    };
    let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
    let reserved: &'static str = leak(reserved);

    let own = refused(
        &s,
        &with(base("objection", "DK"), &["--objects-to", reserved]),
    );
    assert!(own.contains("DK's own reservation"), "{own}");
    let not_a_reservation = refused(&s, &with(base("objection", "SE"), &["--objects-to", "2"]));
    assert!(
        not_a_reservation.contains("entry 2 is not a statement"),
        "{not_a_reservation}"
    );
    let no_signature = refused(
        &s,
        &with(base("objection", "FI"), &["--objects-to", reserved]),
    );
    assert!(
        no_signature.contains("FI has no recorded signature or instrument"),
        "{no_signature}"
    );
    let not_a_statement = refused(
        &s,
        &with(base("reservation-withdrawal", "DK"), &["--withdraws", "3"]),
    );
    assert!(
        not_a_statement.contains("entry 3 is not a statement"),
        "{not_a_statement}"
    );
    let others = refused(
        &s,
        &with(
            base("reservation-withdrawal", "SE"),
            &["--withdraws", reserved],
        ),
    );
    assert!(others.contains("SE can withdraw only its own"), "{others}");
    let unknown = refused(
        &s,
        &with(
            base("territorial-extension", "DK"),
            &["--territory", "Atlantis"],
        ),
    );
    assert!(
        unknown.contains("'Atlantis' is not a territory known to pacta"),
        "{unknown}"
    );
    let itself = refused(
        &s,
        &with(base("territorial-extension", "DK"), &["--territory", "DNK"]),
    );
    assert!(itself.contains("cannot extend a treaty to"), "{itself}");
    let missing = refused(&s, &base("objection", "SE"));
    assert!(missing.contains("needs --objects-to"), "{missing}");
    let misplaced = refused(
        &s,
        &with(base("ratification", "SE"), &["--territory", "GL"]),
    );
    assert!(
        misplaced.contains("--territory belongs to a statement"),
        "{misplaced}"
    );
    let before_adoption = refused(
        &s,
        &[
            "declaration",
            "--treaty",
            "ottawa",
            "--state",
            "DK",
            "--date",
            "1990-01-01",
        ],
    );
    assert!(
        before_adoption.contains("before treaty 'ottawa' was adopted"),
        "{before_adoption}"
    );

    // Withdrawn, then retracted: an objection to either is refused, and the reservation cannot
    // be retracted while a withdrawal names it.
    let withdrawal = record(
        &s,
        &with(
            base("reservation-withdrawal", "DK"),
            &["--withdraws", reserved],
        ),
    )
    .to_string();
    let withdrawn = refused(
        &s,
        &with(base("objection", "SE"), &["--objects-to", reserved]),
    );
    assert!(withdrawn.contains("was withdrawn by entry"), "{withdrawn}");
    let twice = refused(
        &s,
        &[
            "reservation-withdrawal",
            "--treaty",
            "ottawa",
            "--state",
            "DK",
            "--date",
            "1998-10-01",
            "--withdraws",
            reserved,
        ],
    );
    assert!(twice.contains("was withdrawn by entry"), "{twice}");
    let mut retract = vec!["retract", reserved, "--reason", "wrong"];
    retract.extend(CITE);
    let answered = s.fails(&retract, 1);
    assert!(answered.contains("retract that first"), "{answered}");
    let mut retract_withdrawal = vec!["retract", &withdrawal, "--reason", "wrong"];
    retract_withdrawal.extend(CITE);
    s.run(&retract_withdrawal);
    s.run(&retract);
    let retracted = refused(
        &s,
        &with(base("objection", "SE"), &["--objects-to", reserved]),
    );
    assert!(retracted.contains("retracted by entry"), "{retracted}");
    let not_live = refused(
        &s,
        &with(
            base("reservation-withdrawal", "DK"),
            &["--withdraws", reserved],
        ),
    );
    assert!(
        not_live.contains("is not a live statement (retracted by entry"),
        "{not_live}"
    );
}

#[test]
fn a_signature_or_instrument_a_statement_rests_on_is_retracted_only_after_it() {
    let s = sandbox();
    let reserved = reservation(&s);
    let objection = objection_by_sweden(&s, &reserved.to_string());
    let retract = |entry: u64| -> Result<String, String> {
        let entry = entry.to_string();
        let mut args = vec!["retract", &entry, "--reason", "wrong"];
        args.extend(CITE);
        let out = s.cmd(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        match out.status.code() {
            Some(0) => Ok(stderr),
            Some(1) => Err(stderr),
            other => panic!("retract {entry}: exit {other:?}: {stderr}"),
        }
    };
    let refused = |entry: u64| {
        let before = s.count();
        let error = retract(entry).expect_err("refused");
        assert_eq!(
            s.count(),
            before,
            "retracting entry {entry} wrote something"
        );
        error
    };
    // Sweden's objection rests on its signature (entry 4) alone.
    let error = refused(4);
    assert!(
        error.contains(&format!(
            "entry 4 is the only signature or instrument of SE dated on or before its objection of 1998-09-01 (entry {objection}), which rests on it; retract entry {objection} first"
        )),
        "{error}"
    );
    // Denmark's reservation rests on its signature and its ratification (entries 2 and 3):
    // either may go, not both.
    retract(3).unwrap();
    let error = refused(2);
    assert!(
        error.contains(&format!("its reservation of 1998-06-08 (entry {reserved})")),
        "{error}"
    );
    // The way out: the statements first, the objection before the reservation it answers.
    for entry in [objection, reserved, 2, 4] {
        retract(entry).unwrap();
    }
    assert!(
        s.json(&["reservations", "ottawa"])["statements"]
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn statements_survive_export_verify_and_restore() {
    let s = sandbox();
    let reserved = reservation(&s).to_string();
    objection_by_sweden(&s, &reserved);
    record(
        &s,
        &[
            "territorial-extension",
            "--treaty",
            "ottawa",
            "--state",
            "DK",
            "--date",
            "1998-06-08",
            "--territory",
            "GL",
        ],
    );
    s.run(&["verify"]);
    let export = s.run(&["export"]);
    let statement_lines: Vec<serde_json::Value> = export
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|l| l["entry"]["fact"]["event"]["statement"].is_object())
        .collect();
    assert_eq!(statement_lines.len(), 3);
    assert_eq!(
        statement_lines[1]["entry"]["fact"]["event"]["statement"]["refers_to"]["hash"],
        statement_lines[0]["hash"]
    );
    let file = s.write("export.jsonl", &export);
    let restored = s.path("restored");
    let out = s.cmd_at(&restored, &["restore", &file]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let again = s.cmd_at(&restored, &["export"]).output().unwrap();
    assert_eq!(String::from_utf8(again.stdout).unwrap(), export);
    let page = s
        .cmd_at(&restored, &["reservations", "ottawa", "--format", "json"])
        .output()
        .unwrap();
    let page: serde_json::Value = serde_json::from_slice(&page.stdout).unwrap();
    assert_eq!(page["statements"][0]["objections"][0]["state"], "SE");
}

fn any_statement() -> impl Strategy<Value = Statement> {
    (
        0..STATEMENT_KINDS.len(),
        proptest::sample::select(vec!["DK", "SE", "CN", "NZ", "SU"]),
        (-200_000i32..200_000).prop_map(|d| LegalDate::from_epoch_days(d).unwrap()),
        proptest::option::of("[a-zA-Z][a-zA-Z0-9 éü.,'\n-]{0,59}"),
        any::<u64>(),
        any::<[u8; 32]>(),
        proptest::sample::select(vec!["GL", "FO", "HK", "MO", "TK", "AW"]),
    )
        .prop_map(|(k, state, date, text, seq, hash, territory)| {
            let kind = STATEMENT_KINDS[k];
            Statement {
                kind,
                treaty: TreatyId::parse("ottawa").unwrap(),
                state: StateCode::parse(state).unwrap(),
                date,
                text,
                refers_to: kind.names_entry().then_some(EntryRef {
                    seq,
                    hash: Digest(hash),
                }),
                territory: kind
                    .is_territorial()
                    .then(|| Territory::parse(territory).unwrap()),
            }
        })
}

proptest! {
    #[test]
    fn statements_round_trip_through_bytes_and_json(statement in any_statement(), seq in 1u64..u64::MAX) {
        prop_assert!(statement.check().is_ok());
        let entry = Entry {
            version: FORMAT_VERSION,
            seq,
            prev: Digest([7; 32]),
            recorded_at: Instant::parse("2026-01-02T03:04:05Z").unwrap(),
            recorder: "tester".into(),
            fact: Fact {
                event: Event::Statement(statement),
                citations: vec![Citation::titled("UNTC")],
                note: None,
            },
        };
        let sealed = entry.clone().seal();
        let back = Sealed::from_bytes(sealed.bytes.clone()).unwrap();
        prop_assert_eq!(&back.entry, &entry);
        prop_assert_eq!(back.hash, sealed.hash);
        let json = serde_json::to_string(&entry).unwrap();
        prop_assert_eq!(serde_json::from_str::<Entry>(&json).unwrap(), entry);
        for cut in [1, sealed.bytes.len() / 2, sealed.bytes.len() - 1] {
            prop_assert!(pacta::chain::codec::decode_entry(&sealed.bytes[..cut]).is_err());
        }
    }
}
