//! The export format: the ledger as JSON Lines, its long-term archive.
//!
//! One line per entry, in order: its number, hash, previous hash, the canonical bytes in
//! standard base64 (the hashed bytes themselves, so that a verifier needs nothing else), and the
//! decoded entry for people and scripts. `docs/FORMAT.md` specifies the line.

use crate::chain::codec;
use crate::chain::entry::Entry;
use crate::chain::prefix::Prefix;
use crate::chain::seal::{Sealed, hash_bytes};
use crate::ledger::{Ledger, LedgerError};
use crate::parallel;
use crate::vocabulary::digest::Digest;
use base64::Engine;
use serde::{Deserialize, Serialize};
use std::io::Write;

/// One line of an export: one entry, with its hash and canonical bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportLine {
    /// The entry's number: 1 for the first line, then one more for each.
    pub seq: u64,
    /// The hash of the canonical bytes, 64 hex digits.
    pub hash: Digest,
    /// The entry's link, the hash of entry `seq - 1` (all zero for the first), 64 hex digits.
    pub prev: Digest,
    /// The canonical bytes, standard base64 with padding.
    pub bytes: String,
    /// The decoded entry, for people and scripts; `bytes` is authoritative, and a restore
    /// refuses a line where the two differ.
    pub entry: Entry,
}

impl ExportLine {
    /// The line for a sealed entry.
    pub fn of(sealed: &Sealed) -> ExportLine {
        ExportLine {
            seq: sealed.entry.seq,
            hash: sealed.hash,
            prev: sealed.entry.prev,
            bytes: base64::engine::general_purpose::STANDARD.encode(&sealed.bytes),
            entry: sealed.entry.clone(),
        }
    }

    /// The line as written: compact JSON, fields in a fixed order.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("an export line always serialises")
    }
}

/// Why an export stopped.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// An entry could not be read, or is damaged.
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    /// Writing failed.
    #[error(transparent)]
    Write(#[from] std::io::Error),
}

/// Entries turned into lines at a time: read in order, shared out among the cores, written in
/// order.
const BLOCK: usize = 8192;

/// Writes every entry of the ledger to `out` as export lines, each ended by a newline; returns
/// how many. Every entry is decoded strictly, hashed from its bytes and checked against the link
/// of the next (the last against the head) on the way, so that damaged bytes which still decode
/// stop the export rather than go out as an archive that does not verify.
pub fn write(ledger: &Ledger, mut out: impl Write) -> Result<u64, ExportError> {
    let head = ledger.head()?;
    let stored = ledger.stored();
    let mut entries = stored.entries();
    let mut count = 0u64;
    let mut last = Prefix::EMPTY.head;
    loop {
        let block: Vec<(u64, Vec<u8>)> = entries
            .by_ref()
            .take(BLOCK)
            .collect::<Result<_, LedgerError>>()?;
        if block.is_empty() {
            if count != head.entries || last != head.head {
                return Err(broken(count, "its hash is not the ledger's head").into());
            }
            return Ok(count);
        }
        for part in parallel::per_core(&block, lines) {
            let part = part?;
            if part.first_prev != last {
                return Err(broken(
                    part.first_seq,
                    "its link is not the hash of the entry before it",
                )
                .into());
            }
            last = part.last_hash;
            out.write_all(&part.text)?;
        }
        count += block.len() as u64;
    }
}

/// Damage found while exporting, at entry `seq`.
fn broken(seq: u64, what: &str) -> LedgerError {
    LedgerError::Damaged {
        entry: Some(seq),
        what: format!("{what}: the stored bytes were altered; `pacta verify` shows where"),
    }
}

/// Some entries' lines, concatenated, with the links at either end for the caller to check
/// against its neighbours.
struct Lines {
    text: Vec<u8>,
    first_seq: u64,
    first_prev: Digest,
    last_hash: Digest,
}

/// The lines of some entries, concatenated: each entry decoded strictly and hashed from its
/// bytes, each link within the part checked, and written as [`ExportLine`] writes it without
/// copying the entry or its bytes.
fn lines(entries: &[(u64, Vec<u8>)]) -> Result<Lines, LedgerError> {
    let mut out = Vec::with_capacity(entries.iter().map(|(_, b)| 3 * b.len()).sum());
    let mut base64 = String::new();
    let mut ends: Option<(u64, Digest)> = None;
    let mut last_hash = Prefix::EMPTY.head;
    for (seq, bytes) in entries {
        let entry = codec::decode_canonical(bytes).map_err(|e| LedgerError::Damaged {
            entry: Some(*seq),
            what: e.to_string(),
        })?;
        match ends {
            None => ends = Some((*seq, entry.prev)),
            Some(_) if entry.prev != last_hash => {
                return Err(broken(
                    *seq,
                    "its link is not the hash of the entry before it",
                ));
            }
            Some(_) => {}
        }
        last_hash = hash_bytes(bytes);
        base64.clear();
        base64::engine::general_purpose::STANDARD.encode_string(bytes, &mut base64);
        let line = LineRef {
            seq: entry.seq,
            hash: last_hash,
            prev: entry.prev,
            bytes: &base64,
            entry: &entry,
        };
        serde_json::to_writer(&mut out, &line).expect("an export line always serialises");
        out.push(b'\n');
    }
    let (first_seq, first_prev) = ends.unwrap_or((0, Prefix::EMPTY.head));
    Ok(Lines {
        text: out,
        first_seq,
        first_prev,
        last_hash,
    })
}

/// [`ExportLine`] borrowing its entry and bytes: the same fields in the same order, so the same
/// JSON.
#[derive(Serialize)]
struct LineRef<'a> {
    seq: u64,
    hash: Digest,
    prev: Digest,
    bytes: &'a str,
    entry: &'a Entry,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocabulary::citation::Citation;
    use crate::vocabulary::event::{Event, Fact, Retraction};

    #[test]
    fn a_borrowed_line_writes_what_an_export_line_writes() {
        let entry = Entry {
            version: crate::chain::entry::FORMAT_VERSION,
            seq: 2,
            prev: Prefix::EMPTY.head,
            recorded_at: crate::vocabulary::calendar::Instant::parse("2026-01-02T03:04:05Z")
                .unwrap(),
            recorder: "tester".into(),
            fact: Fact {
                event: Event::Retraction(Retraction {
                    target: 1,
                    target_hash: Digest([7; 32]),
                    reason: "wrong \"date\"".into(),
                }),
                citations: vec![Citation::titled("MFA")],
                note: Some("ü".into()),
            },
        };
        let sealed = entry.seal();
        let mut expected = ExportLine::of(&sealed).to_json().into_bytes();
        expected.push(b'\n');
        assert_eq!(lines(&[(2, sealed.bytes.clone())]).unwrap().text, expected);
    }
}
