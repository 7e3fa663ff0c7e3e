//! Golden tests: the exact canonical bytes and BLAKE3 hashes of sample entries.
//!
//! These pin the format. If one fails, the entry encoding changed (a field, its order, a serde
//! attribute, a crate upgrade) and every ledger ever written would stop verifying: restore the
//! format rather than update the expected values.

use crate::common::*;
use pacta::calendar::Instant;
use pacta::digest::Digest;
use pacta::entry::{Entry, FORMAT_VERSION};
use pacta::event::{ActKind, Event, Fact, Retraction};

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
    fact.citations = vec![pacta::citation::Citation {
        url: Some("https://um.fi/x".into()),
        ..pacta::citation::Citation::titled("MFA")
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
    assert!(pacta::codec::decode_entry(&trailing).is_err());
    let mut version = sealed.bytes.clone();
    version[0] = 2;
    assert!(matches!(
        pacta::codec::decode_entry(&version),
        Err(pacta::codec::DecodeError::Version(2))
    ));
    let mut bad_option_tag = sealed.bytes.clone();
    let last = bad_option_tag.len() - 1;
    bad_option_tag[last] = 2;
    assert!(pacta::codec::decode_entry(&bad_option_tag).is_err());
    assert_eq!(
        pacta::codec::decode_entry(&sealed.bytes).unwrap(),
        sealed.entry
    );
}
