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
    // Blocks are read and turned into lines on other threads while this one writes the block
    // before: writing is a third of an export's time, spent in the kernel copying to the file.
    let (sender, blocks) = std::sync::mpsc::sync_channel(1);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let stored = ledger.stored();
            let mut entries = stored.entries();
            loop {
                let block = entries
                    .by_ref()
                    .take(BLOCK)
                    .collect::<Result<Vec<(u64, Vec<u8>)>, LedgerError>>();
                let done = block.as_ref().map_or(true, Vec::is_empty);
                let lines = block.map(|block| match block.is_empty() {
                    true => Vec::new(),
                    false => parallel::per_core(&block, lines),
                });
                // The receiver stops listening only when it has stopped the export.
                if sender.send(lines).is_err() || done {
                    return;
                }
            }
        });
        let mut count = 0u64;
        let mut last = Prefix::EMPTY.head;
        for parts in blocks {
            let parts = parts?;
            if parts.is_empty() {
                break;
            }
            for part in parts {
                let part = part?;
                if part.first_prev != last {
                    return Err(broken(
                        part.first_seq,
                        "its link is not the hash of the entry before it",
                    )
                    .into());
                }
                last = part.last_hash;
                count += part.lines;
                out.write_all(&part.text)?;
            }
        }
        if count != head.entries || last != head.head {
            return Err(broken(count, "its hash is not the ledger's head").into());
        }
        Ok(count)
    })
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
    lines: u64,
    first_prev: Digest,
    last_hash: Digest,
}

/// The lines of some entries, concatenated: each entry decoded strictly and hashed from its
/// bytes, each link within the part checked, and written as [`ExportLine`] writes it without
/// copying the entry or its bytes.
fn lines(entries: &[(u64, Vec<u8>)]) -> Result<Lines, LedgerError> {
    // Each line is about four times its entry's bytes (base64, then the decoded entry).
    let mut out = Vec::with_capacity(entries.iter().map(|(_, b)| 4 * b.len() + 256).sum());
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
        write_line(&mut out, &entry, last_hash, bytes);
    }
    let (first_seq, first_prev) = ends.unwrap_or((0, Prefix::EMPTY.head));
    Ok(Lines {
        text: out,
        first_seq,
        lines: entries.len() as u64,
        first_prev,
        last_hash,
    })
}

/// Appends one line, the bytes `serde_json` writes for an [`ExportLine`]: the fields before the
/// entry are a number, hex digits and base64, which JSON never escapes, so they are written
/// straight into `out` (escaping the base64, the longest string of a line, through `serde_json`
/// took a tenth of an export's time); the entry itself is written by `serde_json`.
fn write_line(out: &mut Vec<u8>, entry: &Entry, hash: Digest, bytes: &[u8]) {
    use base64::engine::general_purpose::STANDARD;
    write!(
        out,
        "{{\"seq\":{},\"hash\":\"{hash}\",\"prev\":\"{}\",\"bytes\":\"",
        entry.seq, entry.prev
    )
    .expect("writing to memory does not fail");
    let start = out.len();
    out.resize(
        start + base64::encoded_len(bytes.len(), true).unwrap_or(0),
        0,
    );
    let written = STANDARD
        .encode_slice(bytes, &mut out[start..])
        .expect("the space is the encoded length");
    out.truncate(start + written);
    out.extend_from_slice(b"\",\"entry\":");
    serde_json::to_writer(&mut *out, entry).expect("an entry always serialises");
    out.extend_from_slice(b"}\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocabulary::citation::Citation;
    use crate::vocabulary::event::{Event, Fact, Retraction};

    /// Lines written directly are the bytes `serde_json` writes for [`ExportLine`]: for
    /// entries whose lengths leave each remainder by 3 (each base64 padding), and strings JSON
    /// escapes (quotes, backslashes, control characters, non-ASCII).
    #[test]
    fn a_line_written_directly_is_what_an_export_line_writes() {
        let mut prev = Prefix::EMPTY.head;
        let mut stored = Vec::new();
        let mut expected = Vec::new();
        for seq in 1..=6u64 {
            let entry = Entry {
                version: crate::chain::entry::FORMAT_VERSION,
                seq,
                prev,
                recorded_at: crate::vocabulary::calendar::Instant::parse("2026-01-02T03:04:05Z")
                    .unwrap(),
                recorder: "tester".into(),
                fact: Fact {
                    event: Event::Retraction(Retraction {
                        target: seq,
                        target_hash: Digest([7; 32]),
                        reason: "wrong \"date\" \\ /\t\u{1}".into(),
                    }),
                    citations: vec![Citation::titled("MFA")],
                    note: Some("ü".repeat(seq as usize)),
                },
            };
            let sealed = entry.seal();
            expected.extend(ExportLine::of(&sealed).to_json().into_bytes());
            expected.push(b'\n');
            prev = sealed.hash;
            stored.push((seq, sealed.bytes));
        }
        let paddings: std::collections::BTreeSet<usize> =
            stored.iter().map(|(_, b)| b.len() % 3).collect();
        assert_eq!(paddings.len(), 3, "every base64 padding is written");
        assert_eq!(
            String::from_utf8(lines(&stored).unwrap().text).unwrap(),
            String::from_utf8(expected).unwrap()
        );
    }
}
