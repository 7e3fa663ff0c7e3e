//! `pacta export` writes each line as the library's `ExportLine` serialises it through serde:
//! the exporter writes the fields before the entry directly (and on several threads), and this
//! checks, byte for byte, that nothing of the format moved, on the demo ledger and on a
//! generated one of every kind of synthetic fact.

use super::common::{Sandbox, recording};
use pacta::archive::export::ExportLine;
use pacta::ledger::Ledger;

#[path = "../../benches/synthetic.rs"]
mod synthetic;

/// Each entry's line as `ExportLine` writes it, in order.
fn serde_lines(ledger: &std::path::Path) -> String {
    let ledger = Ledger::open_read(ledger).unwrap();
    let mut out = String::new();
    for sealed in ledger.entries() {
        out.push_str(&ExportLine::of(&sealed.unwrap()).to_json());
        out.push('\n');
    }
    out
}

#[test]
fn the_demo_ledger_exports_as_export_lines_serialise() {
    let s = Sandbox::bare();
    s.run(&["demo"]);
    let exported = s.run(&["export"]);
    assert!(
        exported.lines().count() > 100,
        "the demo holds many entries"
    );
    assert_eq!(exported, serde_lines(&s.ledger()));
}

/// More entries than one block of the exporter (8,192), so that blocks and the parts each core
/// writes meet, written to a file as to standard output.
#[test]
fn a_generated_ledger_exports_as_export_lines_serialise() {
    let s = Sandbox::bare();
    let ledger = Ledger::init(&s.ledger()).unwrap();
    let facts = synthetic::ledger_facts(20_000, 7);
    for chunk in facts.chunks(5_000) {
        ledger
            .record(chunk, &recording("2026-06-01T00:00:00Z"))
            .unwrap();
    }
    drop(ledger);
    let expected = serde_lines(&s.ledger());
    assert_eq!(s.run(&["export"]), expected);
    s.run(&["export", "out.jsonl"]);
    assert_eq!(
        std::fs::read_to_string(s.path("out.jsonl")).unwrap(),
        expected
    );
}
