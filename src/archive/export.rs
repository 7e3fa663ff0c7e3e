//! The export format: the ledger as JSON Lines, its long-term archive.
//!
//! One line per entry, in order: its number, hash, previous hash, the canonical bytes in
//! standard base64 (the hashed bytes themselves, so that a verifier needs nothing else), and the
//! decoded entry for people and scripts. `docs/FORMAT.md` specifies the line.

use crate::chain::entry::Entry;
use crate::chain::seal::Sealed;
use crate::vocabulary::digest::Digest;
use base64::Engine;
use serde::{Deserialize, Serialize};

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
