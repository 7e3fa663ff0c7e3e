//! Migration: a ledger of the earlier store layout (4, sled's) brought over to this one, every
//! entry and archived document checked as a restore checks an export. The old directory is kept
//! beside the new one, untouched but for sled's own housekeeping.

use crate::archive::restore::{self, Document, RestoreError};
use crate::chain::prefix::Prefix;
use crate::chain::seal::Sealed;
use crate::ledger::{Ledger, LedgerError};
use std::path::{Path, PathBuf};

/// What a migration did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Migrated {
    /// The migrated ledger's entries and head, the same as the old one's.
    pub head: Prefix,
    /// How many archived documents came over.
    pub documents: usize,
    /// Where the old ledger now is.
    pub kept_at: PathBuf,
}

/// A sibling of `dir` with `suffix` added to its name.
fn beside(dir: &Path, suffix: &str) -> PathBuf {
    let mut name = dir.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    dir.with_file_name(name)
}

/// Brings the layout-4 ledger at `dir` over to layout 5 in place; the old one is kept at
/// `DIR.layout4`.
pub fn migrate(dir: &Path) -> Result<Migrated, RestoreError> {
    let old = Ledger::read_layout4(dir)?;
    let documents = old
        .documents
        .into_iter()
        .map(|(digest, bytes, description)| {
            let description = serde_json::from_slice(&description).map_err(|e| {
                RestoreError::Document(format!(
                    "the description of the archived source {digest} does not parse: {e}"
                ))
            })?;
            Ok(Document {
                digest,
                bytes,
                description,
            })
        })
        .collect::<Result<Vec<Document>, RestoreError>>()?;
    let entries = old.entries.into_iter().enumerate().map(|(i, bytes)| {
        Sealed::from_bytes(bytes).map_err(|e| RestoreError::Line {
            line: i as u64 + 1,
            reason: format!("entry {} is not an entry: {e}", i + 1),
        })
    });
    let (new, staging, kept_at) = (
        beside(dir, ".layout5"),
        beside(dir, ".layout5.staging"),
        beside(dir, ".layout4"),
    );
    let head = restore::restore_entries(entries, &staging, &new, None, &documents)?;
    Ledger::set_aside(dir, &kept_at).map_err(RestoreError::Ledger)?;
    Ledger::install(&new, dir).map_err(|e: LedgerError| RestoreError::Ledger(e))?;
    Ok(Migrated {
        head,
        documents: documents.len(),
        kept_at,
    })
}
