//! Golden tests: the exact canonical bytes and BLAKE3 hashes of sample entries, and the tag of
//! every enum variant that docs/FORMAT.md section 2 lists.
//!
//! These pin the format. If one fails, the entry encoding changed (a field, its order, a serde
//! attribute, a crate upgrade) and every ledger ever written would stop verifying: restore the
//! format rather than update the expected values.

use crate::common::*;
use pacta::chain::entry::{Entry, FORMAT_VERSION};
use pacta::vocabulary::calendar::Instant;
use pacta::vocabulary::citation::SourceKind;
use pacta::vocabulary::digest::Digest;
use pacta::vocabulary::event::Provisions;
use pacta::vocabulary::event::{ActKind, Corroboration, Event, Fact, Retraction};
use pacta::vocabulary::rules::{Delay, LaterFrom, Rules, SignatureCloses, Step};
use pacta::vocabulary::statement::{EntryRef, Statement, StatementKind, Territory};
use pacta::vocabulary::treaty::{Treaty, TreatyId};
use std::collections::BTreeSet;

fn entry(seq: u64, prev: Digest, fact: Fact) -> Entry {
    Entry {
        version: FORMAT_VERSION,
        seq,
        prev,
        recorded_at: Instant::parse("2026-01-02T03:04:05.678901Z").unwrap(),
        recorder: "tester".into(),
        fact,
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn a_withdrawal_entry_is_pinned() {
    let mut fact = act("FI", ActKind::Withdrawal, "2025-07-10");
    fact.citations = vec![pacta::vocabulary::citation::Citation {
        url: Some("https://um.fi/x".into()),
        ..pacta::vocabulary::citation::Citation::titled("MFA")
    }];
    let sealed = entry(7, Digest([0xab; 32]), fact).seal();
    let expected = concat!(
        "0100",                                                             // version 1, u16 LE
        "0700000000000000",                                                 // seq 7, u64 LE
        "abababababababababababababababababababababababababababababababab", // previous hash
        "354f57f65e470600", // recorded-at, i64 µs LE
        "0600000000000000",
        "746573746572", // recorder "tester"
        "01000000",     // Event::Act
        "0600000000000000",
        "6f7474617761", // treaty "ottawa"
        "01",
        "0200000000000000",
        "4649",             // Some(state "FI")
        "06000000",         // ActKind::Withdrawal
        "374f0000",         // date 2025-07-10 = day 20279
        "00",               // effective: None
        "0100000000000000", // one citation
        "00000000",         // kind: unspecified
        "0300000000000000",
        "4d4641", // title "MFA"
        "01",
        "0f00000000000000",
        "68747470733a2f2f756d2e66692f78", // url
        "00",
        "00",
        "00",
        "00",
        "00",
        "00",
        "00", // reference .. source: None
        "00", // note: None
    );
    assert_eq!(hex(&sealed.bytes), expected);
    assert_eq!(
        sealed.hash.hex(),
        "a57653b0dfd032bb1a1b036f6e1fb37ffd793f6b7456390ef755d79fd1fcfdab"
    );
}

#[test]
fn the_first_entry_and_a_retraction_are_pinned() {
    let first = entry(1, Digest::ZERO, ottawa()).seal();
    assert_eq!(first.bytes.len(), 571);
    assert_eq!(
        first.hash.hex(),
        "89afb2bf21cb32a54ede484e705d8501ad43618a0c020cae7c7b75b01e637661"
    );
    let retraction = Fact {
        event: Event::Retraction(Retraction {
            target: 1,
            target_hash: first.hash,
            reason: "wrong date".into(),
        }),
        citations: vec![citation()],
        note: Some("corrected".into()),
    };
    let second = entry(2, first.hash, retraction).seal();
    assert_eq!(
        second.hash.hex(),
        "eeb316d1988da67b3ecd2d5ac2aedc6b8e36aafbd854aa5cd350fb66a2a67556"
    );
}

#[test]
fn decoding_refuses_anything_but_canonical_bytes() {
    let sealed = entry(1, Digest::ZERO, ottawa()).seal();
    let mut trailing = sealed.bytes.clone();
    trailing.push(0);
    assert!(pacta::chain::codec::decode_entry(&trailing).is_err());
    let mut version = sealed.bytes.clone();
    version[0] = 2;
    assert!(matches!(
        pacta::chain::codec::decode_entry(&version),
        Err(pacta::chain::codec::DecodeError::Version(2))
    ));
    let mut bad_option_tag = sealed.bytes.clone();
    let last = bad_option_tag.len() - 1;
    bad_option_tag[last] = 2;
    assert!(pacta::chain::codec::decode_entry(&bad_option_tag).is_err());
    assert_eq!(
        pacta::chain::codec::decode_entry(&sealed.bytes).unwrap(),
        sealed.entry
    );
}

// The tag of every enum variant in docs/FORMAT.md section 2. Each table below copies that
// section's numbers by hand, on purpose: the tags are the format, so they are written here
// rather than read from the library, and reordering two variants in the library fails a test.
// Each variant is encoded in a whole entry whose every byte is spelled out, and must decode
// back to itself.

/// Event tags: (tag, name in FORMAT.md).
const EVENT_TAGS: &[(u32, &str)] = &[
    (0, "treaty-registration"),
    (1, "act"),
    (2, "retraction"),
    (3, "corroboration"),
    (4, "provisions"),
];

/// ActKind tags: (tag, name in FORMAT.md, variant).
const ACT_KIND_TAGS: &[(u32, &str, ActKind)] = &[
    (0, "signature", ActKind::Signature),
    (1, "ratification", ActKind::Ratification),
    (2, "acceptance", ActKind::Acceptance),
    (3, "approval", ActKind::Approval),
    (4, "accession", ActKind::Accession),
    (5, "succession", ActKind::Succession),
    (6, "withdrawal", ActKind::Withdrawal),
    (7, "withdrawal-revocation", ActKind::WithdrawalRevocation),
    (8, "signature-withdrawal", ActKind::SignatureWithdrawal),
    (9, "instrument-withdrawal", ActKind::InstrumentWithdrawal),
    (10, "suspension", ActKind::Suspension),
    (11, "armed-conflict-start", ActKind::ArmedConflictStart),
    (12, "armed-conflict-end", ActKind::ArmedConflictEnd),
    (13, "domestic-step", ActKind::DomesticStep),
    (14, "entry-into-force", ActKind::EntryIntoForce),
    (
        15,
        "provisional-application",
        ActKind::ProvisionalApplication,
    ),
    (
        16,
        "provisional-application-termination",
        ActKind::ProvisionalApplicationTermination,
    ),
];

/// Step tags: (tag, name in FORMAT.md, variant, hex of its fields).
const STEP_TAGS: &[(u32, &str, Step, &str)] = &[
    (0, "days", Step::Days(3), "03000000"),
    (1, "months", Step::Months(6), "06000000"),
    (2, "years", Step::Years(1), "01000000"),
    (3, "month-start", Step::MonthStart, ""),
    (4, "next-month-start", Step::NextMonthStart, ""),
];

/// LaterFrom tags: (tag, name in FORMAT.md, variant).
const LATER_FROM_TAGS: &[(u32, &str, LaterFrom)] = &[
    (0, "nth-instrument", LaterFrom::NthInstrument),
    (1, "entry-into-force", LaterFrom::EntryIntoForce),
];

/// SignatureCloses tags: (tag, name in FORMAT.md, variant, hex of its fields).
fn signature_closes_tags() -> Vec<(u32, &'static str, SignatureCloses, &'static str)> {
    vec![
        (
            0,
            "on-entry-into-force",
            SignatureCloses::OnEntryIntoForce,
            "",
        ),
        (1, "on", SignatureCloses::On(date("2025-07-10")), "374f0000"), // day 20279
        (2, "never", SignatureCloses::Never, ""),
    ]
}

/// SourceKind tags: (tag, name in FORMAT.md, variant).
const SOURCE_KIND_TAGS: &[(u32, &str, SourceKind)] = &[
    (0, "unspecified", SourceKind::Unspecified),
    (
        1,
        "depositary-notification",
        SourceKind::DepositaryNotification,
    ),
    (2, "treaty-text", SourceKind::TreatyText),
    (3, "official-gazette", SourceKind::OfficialGazette),
    (4, "government-statement", SourceKind::GovernmentStatement),
    (5, "parliamentary-record", SourceKind::ParliamentaryRecord),
    (6, "news-report", SourceKind::NewsReport),
    (7, "ngo-report", SourceKind::NgoReport),
    (8, "dataset", SourceKind::Dataset),
    (9, "other", SourceKind::Other),
];

/// A tag as it is stored: a `u32`, little-endian.
fn tag(n: u32) -> String {
    hex(&n.to_le_bytes())
}

/// The name a variant has in the JSON export, which FORMAT.md's tables use too.
fn json_name(value: &impl serde::Serialize) -> String {
    match serde_json::to_value(value).unwrap() {
        serde_json::Value::String(name) => name,
        serde_json::Value::Object(map) if map.len() == 1 => map.keys().next().unwrap().clone(),
        other => panic!("not an enum variant: {other}"),
    }
}

/// The canonical bytes of the entry of [`a_withdrawal_entry_is_pinned`] with another event and
/// citation kind: `event` is the event's tag and fields, `source_kind` the citation's kind tag.
fn entry_hex(event: &str, source_kind: &str) -> String {
    [
        "0100",
        "0700000000000000",
        "abababababababababababababababababababababababababababababababab",
        "354f57f65e470600",
        "0600000000000000",
        "746573746572",
        event,
        "0100000000000000",
        source_kind,
        "0300000000000000",
        "4d4641",
        "01",
        "0f00000000000000",
        "68747470733a2f2f756d2e66692f78",
        "00000000000000", // reference .. source: None
        "00",             // note: None
    ]
    .concat()
}

/// The hex of Finland's act of `kind` under "ottawa" on 2025-07-10, as in the worked example.
fn act_hex(kind: &str) -> String {
    [
        "0600000000000000",
        "6f7474617761",
        "01",
        "0200000000000000",
        "4649",
        kind,
        "374f0000",
        "00",
    ]
    .concat()
}

/// A registration of treaty "mini" with the given delay step, later-delay rule and closing of
/// signature.
fn registration(step: Step, later: LaterFrom, closes: SignatureCloses) -> Event {
    Event::TreatyRegistration(Treaty {
        id: TreatyId::parse("mini").unwrap(),
        title: "Mini".into(),
        adopted: None,
        depositary: None,
        rules: Rules {
            eif_instruments: 2,
            eif_delay: Delay(vec![step]),
            later_delay: Delay(vec![]),
            later_delay_from: later,
            withdrawal_delay: Delay(vec![]),
            armed_conflict_suspends_withdrawal: false,
            signature_closes: closes,
        },
    })
}

/// The hex of [`registration`] given the hex of its step, later-delay rule and closing.
fn registration_hex(step: &str, later: &str, closes: &str) -> String {
    [
        "0400000000000000",
        "6d696e69", // id "mini"
        "0400000000000000",
        "4d696e69", // title "Mini"
        "00",       // adopted: None
        "00",       // depositary: None
        "02000000", // two instruments
        "0100000000000000",
        step, // eif_delay: one step
        "0000000000000000",
        later, // later_delay: none; later_delay_from
        "0000000000000000",
        "00",   // withdrawal_delay: none; armed conflict does not suspend
        closes, // signature_closes
    ]
    .concat()
}

/// Encodes an entry holding `event` and a citation of `kind`, checks its bytes against
/// `expected` and that they decode back to the same entry.
fn assert_encodes(event: Event, kind: SourceKind, expected: &str, what: &str) {
    let mut fact = act("FI", ActKind::Withdrawal, "2025-07-10");
    fact.event = event;
    fact.citations = vec![pacta::vocabulary::citation::Citation {
        kind,
        url: Some("https://um.fi/x".into()),
        ..pacta::vocabulary::citation::Citation::titled("MFA")
    }];
    let sealed = entry(7, Digest([0xab; 32]), fact).seal();
    assert_eq!(hex(&sealed.bytes), expected, "{what}");
    assert_eq!(
        pacta::chain::codec::decode_canonical(&sealed.bytes).unwrap(),
        sealed.entry,
        "{what}"
    );
}

/// Provisions of treaty "mini" with every field set: ratification and approval count, a
/// withdrawal waits three years, withdrawal from "unfccc" implies it, Art. 6 applies
/// provisionally.
fn provisions() -> Provisions {
    Provisions {
        treaty: TreatyId::parse("mini").unwrap(),
        counting: vec![ActKind::Ratification, ActKind::Approval],
        withdrawal_notice_after: Some(Delay(vec![Step::Years(3)])),
        withdrawn_with: vec![TreatyId::parse("unfccc").unwrap()],
        provisional_application: Some("Art. 6".into()),
    }
}

/// The hex of [`provisions`], as FORMAT.md section 2 spells it.
fn provisions_hex() -> String {
    [
        "0400000000000000",
        "6d696e69", // treaty "mini"
        "0200000000000000",
        "01000000",
        "03000000", // counting: ratification, approval
        "01",
        "0100000000000000",
        "02000000",
        "03000000", // withdrawal_notice_after: Some(+3y)
        "0100000000000000",
        "0600000000000000",
        "756e66636363", // withdrawn_with: ["unfccc"]
        "01",
        "0600000000000000",
        "4172742e2036", // provisional_application: Some("Art. 6")
    ]
    .concat()
}

#[test]
fn a_provisions_entry_is_pinned() {
    let mut fact = act("FI", ActKind::Withdrawal, "2025-07-10");
    fact.event = Event::Provisions(provisions());
    fact.citations = vec![pacta::vocabulary::citation::Citation {
        url: Some("https://um.fi/x".into()),
        ..pacta::vocabulary::citation::Citation::titled("MFA")
    }];
    let sealed = entry(7, Digest([0xab; 32]), fact).seal();
    assert_eq!(
        hex(&sealed.bytes),
        entry_hex(&(tag(4) + &provisions_hex()), "00000000")
    );
    assert_eq!(
        sealed.hash.hex(),
        "c98a1a8f7172ca075c1b8363a5d6bde9a3d00db1a725fd404b60b754a0ec7d70"
    );
}

fn finnish(kind: ActKind) -> Event {
    act("FI", kind, "2025-07-10").event
}

#[test]
fn every_event_tag_is_pinned() {
    let events = [
        (
            registration(
                Step::Months(6),
                LaterFrom::NthInstrument,
                SignatureCloses::OnEntryIntoForce,
            ),
            registration_hex("0100000006000000", "00000000", "00000000"),
        ),
        (finnish(ActKind::Withdrawal), act_hex("06000000")),
        (
            Event::Retraction(Retraction {
                target: 1,
                target_hash: Digest([0xcd; 32]),
                reason: "wrong date".into(),
            }),
            [
                "0100000000000000", // target 1
                "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd",
                "0a00000000000000",
                "77726f6e672064617465", // reason "wrong date"
            ]
            .concat(),
        ),
        (
            Event::Corroboration(Corroboration {
                target: 1,
                target_hash: Digest([0xcd; 32]),
            }),
            [
                "0100000000000000", // target 1
                "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd",
            ]
            .concat(),
        ),
        (Event::Provisions(provisions()), provisions_hex()),
    ];
    assert_eq!(events.len(), EVENT_TAGS.len());
    for (&(n, name), (event, fields)) in EVENT_TAGS.iter().zip(events) {
        assert_eq!(json_name(&event), name);
        let expected = entry_hex(&(tag(n) + &fields), "00000000");
        assert_encodes(event, SourceKind::Unspecified, &expected, name);
    }
}

#[test]
fn every_act_kind_tag_is_pinned() {
    for &(n, name, kind) in ACT_KIND_TAGS {
        assert_eq!(json_name(&kind), name);
        let expected = entry_hex(&(tag(1) + &act_hex(&tag(n))), "00000000");
        assert_encodes(finnish(kind), SourceKind::Unspecified, &expected, name);
    }
}

#[test]
fn every_step_tag_is_pinned() {
    for &(n, name, step, fields) in STEP_TAGS {
        assert_eq!(json_name(&step), name);
        let event = registration(
            step,
            LaterFrom::NthInstrument,
            SignatureCloses::OnEntryIntoForce,
        );
        let treaty = registration_hex(&(tag(n) + fields), "00000000", "00000000");
        let expected = entry_hex(&(tag(0) + &treaty), "00000000");
        assert_encodes(event, SourceKind::Unspecified, &expected, name);
    }
}

#[test]
fn every_later_from_tag_is_pinned() {
    for &(n, name, later) in LATER_FROM_TAGS {
        assert_eq!(json_name(&later), name);
        let event = registration(Step::Months(6), later, SignatureCloses::OnEntryIntoForce);
        let treaty = registration_hex("0100000006000000", &tag(n), "00000000");
        let expected = entry_hex(&(tag(0) + &treaty), "00000000");
        assert_encodes(event, SourceKind::Unspecified, &expected, name);
    }
}

#[test]
fn every_signature_closes_tag_is_pinned() {
    for (n, name, closes, fields) in signature_closes_tags() {
        assert_eq!(json_name(&closes), name);
        let event = registration(Step::Months(6), LaterFrom::NthInstrument, closes);
        let treaty = registration_hex("0100000006000000", "00000000", &(tag(n) + fields));
        let expected = entry_hex(&(tag(0) + &treaty), "00000000");
        assert_encodes(event, SourceKind::Unspecified, &expected, name);
    }
}

#[test]
fn every_source_kind_tag_is_pinned() {
    for &(n, name, kind) in SOURCE_KIND_TAGS {
        assert_eq!(json_name(&kind), name);
        let expected = entry_hex(&(tag(1) + &act_hex("06000000")), &tag(n));
        assert_encodes(finnish(ActKind::Withdrawal), kind, &expected, name);
    }
}

/// Every (enum, tag, name) that docs/FORMAT.md section 2 lists: its tables (each `tag` column
/// with the first word of the column after it) and the SourceKind line (`N name, ...`).
fn documented_tags() -> BTreeSet<(String, u32, String)> {
    let format = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/FORMAT.md"));
    let section = format
        .split("\n## 2. ")
        .nth(1)
        .and_then(|s| s.split("\n## 3. ").next())
        .expect("FORMAT.md has sections 2 and 3");
    let mut tags = BTreeSet::new();
    for block in section.split("\n### ").skip(1) {
        let (heading, body) = block.split_once('\n').unwrap();
        if !heading.contains("(enum") {
            continue;
        }
        let enum_name = heading.split_whitespace().next().unwrap().to_string();
        let first_word = |text: &str| {
            text.split([' ', ':', ','])
                .next()
                .unwrap()
                .trim()
                .to_string()
        };
        let cells = |line: &str| -> Vec<String> {
            let line = line.trim().trim_start_matches('|').trim_end_matches('|');
            line.split('|').map(|c| c.trim().to_string()).collect()
        };
        let mut lines = body.lines().filter(|l| !l.trim().is_empty());
        let first = lines.next().unwrap_or_default();
        let before = tags.len();
        if first.starts_with('|') {
            let header = cells(first);
            for row in lines.take_while(|l| l.starts_with('|')).map(cells) {
                for (i, _) in header.iter().enumerate().filter(|(_, h)| *h == "tag") {
                    if let (Some(n), Some(name)) = (row.get(i), row.get(i + 1))
                        && let Ok(n) = n.parse()
                    {
                        tags.insert((enum_name.clone(), n, first_word(name)));
                    }
                }
            }
        } else {
            let prose: String = std::iter::once(first)
                .chain(lines.take_while(|l| !l.starts_with("```")))
                .collect::<Vec<_>>()
                .join(" ");
            for item in prose.trim_end_matches('.').split(',') {
                let (n, name) = item.trim().split_once(' ').unwrap();
                tags.insert((enum_name.clone(), n.parse().unwrap(), first_word(name)));
            }
        }
        assert!(tags.len() > before, "no tags read under '### {heading}'");
    }
    tags
}

/// Every (enum, tag, name) the tables of this file pin.
fn pinned_tags() -> BTreeSet<(String, u32, String)> {
    let row = |e: &str, n: u32, name: &str| (e.to_string(), n, name.to_string());
    let mut tags = BTreeSet::new();
    tags.extend(EVENT_TAGS.iter().map(|&(n, name)| row("Event", n, name)));
    tags.extend(ACT_KIND_TAGS.iter().map(|r| row("ActKind", r.0, r.1)));
    tags.extend(STEP_TAGS.iter().map(|r| row("Step", r.0, r.1)));
    tags.extend(LATER_FROM_TAGS.iter().map(|r| row("LaterFrom", r.0, r.1)));
    tags.extend(
        signature_closes_tags()
            .iter()
            .map(|r| row("SignatureCloses", r.0, r.1)),
    );
    tags.extend(SOURCE_KIND_TAGS.iter().map(|r| row("SourceKind", r.0, r.1)));
    tags.insert(row("Event", STATEMENT_EVENT_TAG, "statement"));
    tags.extend(
        STATEMENT_KIND_TAGS
            .iter()
            .map(|r| row("StatementKind", r.0, r.1)),
    );
    tags
}

#[test]
fn the_pinned_tags_are_those_format_md_lists() {
    let documented = documented_tags();
    let pinned = pinned_tags();
    let enums: BTreeSet<&str> = documented.iter().map(|(e, _, _)| e.as_str()).collect();
    assert_eq!(
        enums,
        BTreeSet::from([
            "ActKind",
            "Event",
            "LaterFrom",
            "SignatureCloses",
            "SourceKind",
            "StatementKind",
            "Step"
        ])
    );
    let unpinned: Vec<_> = documented.difference(&pinned).collect();
    assert!(
        unpinned.is_empty(),
        "documented but not pinned here: {unpinned:?}"
    );
    let undocumented: Vec<_> = pinned.difference(&documented).collect();
    assert!(
        undocumented.is_empty(),
        "pinned here but not documented: {undocumented:?}"
    );
    assert_eq!(documented.len(), 51);
}

/// The example of docs/FORMAT.md section 8: the chain of treaty `mini` over entries 1 and 3.
#[test]
fn the_treaty_chain_example_is_pinned() {
    use pacta::chain::treaty_chain;
    let mut bytes = vec![4u8];
    bytes.extend_from_slice(b"mini");
    let c0 = Digest::of(treaty_chain::TREATY_CHAIN_CONTEXT, &bytes);
    assert_eq!(c0, treaty_chain::start("mini"));
    let entries = [(1, Digest([1; 32])), (3, Digest([3; 32]))];
    assert_eq!(
        treaty_chain::chain("mini", &entries).hex(),
        "106036380dd91356c9e6270a61489260f0820a6d34141e832ede0db8d0a2738e"
    );
}

// Statements, appended to format version 1 as Event tag 5 (tag 4 is the treaty-provisions
// event of another branch): every kind's tag, a whole entry's bytes and hash, and the refusal
// of tag 4 by this build.

/// The Event tag of a statement.
const STATEMENT_EVENT_TAG: u32 = 5;

/// StatementKind tags: (tag, name in FORMAT.md, variant).
const STATEMENT_KIND_TAGS: &[(u32, &str, StatementKind)] = &[
    (0, "reservation", StatementKind::Reservation),
    (1, "declaration", StatementKind::Declaration),
    (2, "objection", StatementKind::Objection),
    (
        3,
        "reservation-withdrawal",
        StatementKind::ReservationWithdrawal,
    ),
    (
        4,
        "declaration-withdrawal",
        StatementKind::DeclarationWithdrawal,
    ),
    (
        5,
        "objection-withdrawal",
        StatementKind::ObjectionWithdrawal,
    ),
    (
        6,
        "territorial-extension",
        StatementKind::TerritorialExtension,
    ),
    (
        7,
        "territorial-exclusion",
        StatementKind::TerritorialExclusion,
    ),
];

/// Denmark's statement of `kind` under "ottawa" on 1998-06-08 with the text "Art. 5", naming
/// entry 5 (hash 32 bytes of `cd`) if the kind names an entry, and Greenland if it names a
/// territory.
fn danish(kind: StatementKind) -> Statement {
    Statement {
        kind,
        treaty: TreatyId::parse("ottawa").unwrap(),
        state: pacta::vocabulary::country::StateCode::parse("DK").unwrap(),
        date: date("1998-06-08"),
        text: Some("Art. 5".into()),
        refers_to: kind.names_entry().then_some(EntryRef {
            seq: 5,
            hash: Digest([0xcd; 32]),
        }),
        territory: kind
            .is_territorial()
            .then(|| Territory::parse("GL").unwrap()),
    }
}

/// The hex of [`danish`] given its kind's tag and whether it names an entry and a territory.
fn danish_hex(kind: &str, names_entry: bool, territorial: bool) -> String {
    let refers_to = if names_entry {
        [
            "01",
            "0500000000000000", // seq 5
            "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd",
        ]
        .concat()
    } else {
        "00".to_string()
    };
    let territory = if territorial {
        "010200000000000000474c" // Some("GL")
    } else {
        "00"
    };
    [
        kind,
        "0600000000000000",
        "6f7474617761", // treaty "ottawa"
        "0200000000000000",
        "444b",     // state "DK" (not optional)
        "91280000", // date 1998-06-08 = day 10385
        "01",
        "0600000000000000",
        "4172742e2035", // text: Some("Art. 5")
        &refers_to,
        territory,
    ]
    .concat()
}

#[test]
fn every_statement_kind_tag_is_pinned() {
    for &(n, name, kind) in STATEMENT_KIND_TAGS {
        assert_eq!(json_name(&kind), name);
        let fields = danish_hex(&tag(n), kind.names_entry(), kind.is_territorial());
        let expected = entry_hex(&(tag(STATEMENT_EVENT_TAG) + &fields), "00000000");
        let event = Event::Statement(danish(kind));
        assert_eq!(json_name(&event), "statement");
        assert_encodes(event, SourceKind::Unspecified, &expected, name);
    }
}

/// A fact holding `event` with the worked example's one citation (title `MFA`, url
/// `https://um.fi/x`) and no note.
fn with_mfa_citation(event: Event) -> Fact {
    Fact {
        event,
        citations: vec![pacta::vocabulary::citation::Citation {
            url: Some("https://um.fi/x".into()),
            ..pacta::vocabulary::citation::Citation::titled("MFA")
        }],
        note: None,
    }
}

#[test]
fn a_reservation_and_an_objection_to_it_are_pinned() {
    // The hashes were computed from the bytes FORMAT.md spells out, by Python's blake3, not by
    // this library.
    let reservation = Event::Statement(danish(StatementKind::Reservation));
    let first = entry(7, Digest([0xab; 32]), with_mfa_citation(reservation)).seal();
    assert_eq!(
        first.hash.hex(),
        "8e434131b517bebfde3d01916c2701fd3504fba77c979e343929b65330f9b9b1"
    );
    let objection = Event::Statement(Statement {
        kind: StatementKind::Objection,
        state: pacta::vocabulary::country::StateCode::parse("SE").unwrap(),
        text: None,
        refers_to: Some(EntryRef {
            seq: 7,
            hash: first.hash,
        }),
        ..danish(StatementKind::Reservation)
    });
    let second = entry(8, first.hash, with_mfa_citation(objection)).seal();
    assert_eq!(
        second.hash.hex(),
        "e47e1b107d3ab7033cfb0f99732c4016e7c890d1a9a221512921e2dcc3e75e73"
    );
}

#[test]
fn event_tag_4_is_held_free_and_does_not_decode() {
    let expected = entry_hex(
        &(tag(STATEMENT_EVENT_TAG) + &danish_hex(&tag(0), false, false)),
        "00000000",
    );
    let mut bytes: Vec<u8> = (0..expected.len() / 2)
        .map(|i| u8::from_str_radix(&expected[2 * i..2 * i + 2], 16).unwrap())
        .collect();
    assert!(pacta::chain::codec::decode_entry(&bytes).is_ok());
    // The event's tag follows version, seq, prev, recorded-at and the recorder "tester".
    let at = 2 + 8 + 32 + 8 + 8 + 6;
    assert_eq!(bytes[at..at + 4], STATEMENT_EVENT_TAG.to_le_bytes());
    bytes[at] = 4;
    assert!(pacta::chain::codec::decode_entry(&bytes).is_err());
}
