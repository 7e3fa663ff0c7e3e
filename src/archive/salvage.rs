//! Salvage: the longest run of entries, from the first, that still reads and verifies, written
//! as an export that `restore` rebuilds a ledger from, when the ledger itself is damaged.
//!
//! Each entry must read from the store, decode strictly, carry the next number, link to the
//! hash of the entry before it and hash to the hash the store recorded for it; the first that
//! does not ends the salvage, and is named with what is wrong with it. What follows it is not
//! written even where it reads: without the broken entry the chain cannot be checked past it.

use crate::archive::export::ExportLine;
use crate::chain::prefix::Prefix;
use crate::chain::seal::Sealed;
use crate::ledger::stored::IndexRow;
use crate::ledger::{Ledger, LedgerError};
use std::io::Write;

/// How a salvage ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Salvaged {
    /// The entries written: 1..=`entries`.
    pub entries: u64,
    /// The entries the store says it holds.
    pub held: u64,
    /// Why entry `entries + 1` was not written, when the salvage stopped before the head.
    pub stopped: Option<String>,
}

/// Why a salvage could not be written at all.
#[derive(Debug, thiserror::Error)]
pub enum SalvageError {
    /// The store could not be read at all.
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    /// Writing failed.
    #[error(transparent)]
    Write(#[from] std::io::Error),
}

/// Writes to `out` the export lines of every entry up to the first that does not read and
/// verify.
pub fn salvage(ledger: &Ledger, mut out: impl Write) -> Result<Salvaged, SalvageError> {
    let stored = ledger.stored();
    let head = stored.head()?;
    let mut last = Prefix::EMPTY;
    let mut stopped = None;
    for row in stored.rows() {
        let sealed = match row.map_err(|e| e.to_string()).and_then(|r| sound(r, last)) {
            Ok(sealed) => sealed,
            Err(why) => {
                stopped = Some(why);
                break;
            }
        };
        out.write_all(ExportLine::of(&sealed).to_json().as_bytes())?;
        out.write_all(b"\n")?;
        last = Prefix {
            entries: sealed.entry.seq,
            head: sealed.hash,
        };
    }
    if stopped.is_none() && last != head {
        stopped = Some(format!(
            "the store's head is entry {} hashing to {}, and the entries end at entry {}",
            head.entries, head.head, last.entries
        ));
    }
    Ok(Salvaged {
        entries: last.entries,
        held: head.entries,
        stopped,
    })
}

/// Entry `row` as sealed, if it is the sound successor of the entries `last` ends with.
fn sound(row: IndexRow, last: Prefix) -> Result<Sealed, String> {
    let seq = last.entries + 1;
    if row.seq != seq {
        return Err(format!(
            "entry {seq} is missing (the store gives entry {} next)",
            row.seq
        ));
    }
    let stored_hash = row.hash;
    let sealed =
        Sealed::from_bytes(row.bytes).map_err(|e| format!("entry {seq} does not decode: {e}"))?;
    if sealed.entry.seq != seq {
        return Err(format!("entry {seq} says it is entry {}", sealed.entry.seq));
    }
    if sealed.entry.prev != last.head {
        return Err(format!(
            "entry {seq} does not link to the hash of entry {}",
            last.entries
        ));
    }
    if sealed.hash != stored_hash {
        return Err(format!(
            "entry {seq} hashes to {}, not to the hash the store recorded for it ({stored_hash}): its bytes were altered",
            sealed.hash
        ));
    }
    Ok(sealed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::Recording;
    use crate::vocabulary::calendar::Instant;
    use crate::vocabulary::event::Fact;
    use crate::vocabulary::samples::registration;

    #[test]
    fn a_sound_ledger_is_salvaged_whole() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = Ledger::init(&dir.path().join("l")).unwrap();
        let recording = Recording {
            recorder: "tester".into(),
            now: Instant::parse("2026-01-15T12:00:00Z").unwrap(),
        };
        let facts: Vec<Fact> = ["a", "b", "c"].into_iter().map(registration).collect();
        ledger.record(&facts, &recording).unwrap();
        let mut out = Vec::new();
        let salvaged = salvage(&ledger, &mut out).unwrap();
        assert_eq!(
            salvaged,
            Salvaged {
                entries: 3,
                held: 3,
                stopped: None
            }
        );
        let mut export = Vec::new();
        crate::archive::export::write(&ledger, &mut export).unwrap();
        assert_eq!(out, export, "a whole salvage is the export");
    }

    #[test]
    fn an_altered_entry_ends_the_salvage_before_it() {
        let row = |seq: u64, prev| {
            let sealed = crate::chain::entry::Entry {
                version: 1,
                seq,
                prev,
                recorded_at: Instant::parse("2026-01-15T12:00:00Z").unwrap(),
                recorder: "tester".into(),
                fact: registration("a"),
            }
            .seal();
            (sealed.hash, sealed.bytes)
        };
        let (h1, b1) = row(1, Prefix::EMPTY.head);
        let index_row = |seq, hash, bytes| IndexRow {
            seq,
            hash,
            treaty: "a".into(),
            state: "".into(),
            bytes,
            frame: 0,
        };
        assert!(sound(index_row(1, h1, b1.clone()), Prefix::EMPTY).is_ok());
        let mut altered = b1.clone();
        let last = altered.len() - 1;
        altered[last] ^= 1;
        let why = sound(index_row(1, h1, altered), Prefix::EMPTY).unwrap_err();
        assert!(why.starts_with("entry 1 "), "{why}");
        let why = sound(index_row(2, h1, b1.clone()), Prefix::EMPTY).unwrap_err();
        assert!(why.contains("entry 1 is missing"), "{why}");
        let (h2, b2) = row(2, h1);
        let after_one = Prefix {
            entries: 1,
            head: h1,
        };
        assert!(sound(index_row(2, h2, b2.clone()), after_one).is_ok());
        let why = sound(index_row(2, h2, b2), Prefix::EMPTY).unwrap_err();
        assert!(why.contains("entry 1 is missing"), "{why}");
    }
}
