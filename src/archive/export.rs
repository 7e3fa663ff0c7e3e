//! The export format: the ledger as JSON Lines, its long-term archive.
//!
//! One line per entry, in order: its number, hash, previous hash, the canonical bytes in
//! standard base64 (the hashed bytes themselves, so that a verifier needs nothing else), and the
//! decoded entry for people and scripts. `docs/FORMAT.md` specifies the line.

use crate::chain::entry::Entry;
use crate::chain::seal::Sealed;
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
/// how many. Every entry is decoded strictly and hashed from its bytes on the way.
pub fn write(ledger: &Ledger, mut out: impl Write) -> Result<u64, ExportError> {
    let stored = ledger.stored();
    let mut entries = stored.entries();
    let mut count = 0u64;
    loop {
        let block: Vec<(u64, Vec<u8>)> = entries
            .by_ref()
            .take(BLOCK)
            .collect::<Result<_, LedgerError>>()?;
        if block.is_empty() {
            return Ok(count);
        }
        for part in parallel::per_core(&block, lines) {
            out.write_all(&part?)?;
        }
        count += block.len() as u64;
    }
}

/// The lines of some entries, concatenated.
fn lines(entries: &[(u64, Vec<u8>)]) -> Result<Vec<u8>, LedgerError> {
    let mut out = Vec::with_capacity(entries.iter().map(|(_, b)| 3 * b.len()).sum());
    for (seq, bytes) in entries {
        let sealed = Sealed::from_bytes(bytes.clone()).map_err(|e| LedgerError::Damaged {
            entry: Some(*seq),
            what: e.to_string(),
        })?;
        serde_json::to_writer(&mut out, &ExportLine::of(&sealed))
            .expect("an export line always serialises");
        out.push(b'\n');
    }
    Ok(out)
}
