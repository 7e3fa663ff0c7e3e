//! Verified restore: a ledger rebuilt from its export, trusting nothing in the file.
//!
//! Each line must parse, its canonical bytes must hash to its stated hash, decode to exactly
//! its stated fields, carry the next entry number and link to the previous line's hash, with
//! recording times that never go backwards; and the facts must read as a consistent history
//! under their treaties' rules. Archived source documents exported beside the entries are
//! restored too, each re-hashed. The ledger is built in a staging directory and moved into
//! place only when every check has passed, so a refused file leaves nothing behind.

use crate::archive::export::ExportLine;
use crate::audit::checkpoint::check_extends;
use crate::chain::placement::Placement;
use crate::chain::prefix::Prefix;
use crate::chain::seal::{Sealed, hash_bytes};
use crate::chain::validity::{self, Kind, Quotes, Seen};
use crate::law::facts::TreatyLog;
use crate::law::interpret;
use crate::ledger::{Ledger, LedgerError};
use crate::proof::checkpoint::Checkpoint;
use crate::vocabulary::digest::Digest;
use crate::vocabulary::plural::count;
use base64::Engine;
use std::path::Path;

/// Why an export cannot be restored.
#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    /// A line (1-based) is wrong.
    #[error("line {line}: {reason}")]
    Line {
        /// The line.
        line: u64,
        /// What is wrong with it.
        reason: String,
    },
    /// The file as a whole is wrong.
    #[error("{0}")]
    File(String),
    /// The ledger refused or failed.
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    /// The file could not be read, or the ledger not moved into place.
    #[error("{0}")]
    Io(String),
    /// An archived document does not hash to the digest it was exported under.
    #[error("{0}")]
    Document(String),
}

/// An archived source document to restore with the entries, as `export --sources` wrote it.
#[derive(Debug, Clone)]
pub struct Document {
    /// The digest it was exported under (its file name); `bytes` must hash to it.
    pub digest: Digest,
    /// The document as exported, byte for byte.
    pub bytes: Vec<u8>,
    /// Its description, as exported beside it, archived unchanged.
    pub description: crate::vocabulary::source::Description,
}

/// Entries written per durable batch while restoring.
const BATCH: usize = 50_000;

/// Reads one export line: its canonical bytes must hash to its stated hash and decode to exactly
/// its stated fields.
fn parse_line(line_no: u64, text: &str) -> Result<Sealed, RestoreError> {
    let bad = |reason: String| RestoreError::Line {
        line: line_no,
        reason,
    };
    let line: ExportLine = serde_json::from_str(text).map_err(|e| {
        bad(format!(
            "not an export line ({e}); the file may be truncated or edited"
        ))
    })?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(&line.bytes)
        .map_err(|_| bad("the canonical bytes are not base64".into()))?;
    let hash = hash_bytes(&bytes);
    if hash != line.hash {
        return Err(bad(format!(
            "the bytes hash to {hash}, not to the stated {}: the entry was altered",
            line.hash
        )));
    }
    let sealed =
        Sealed::from_bytes(bytes).map_err(|e| bad(format!("the bytes are not an entry: {e}")))?;
    if line.seq != sealed.entry.seq || line.prev != sealed.entry.prev || line.entry != sealed.entry
    {
        return Err(bad(
            "the decoded fields differ from the canonical bytes".into()
        ));
    }
    Ok(sealed)
}

/// Checks that entry `line_no` continues the chain: its number, its link to the entry before,
/// and a recording time not before that entry's.
fn check_chain(
    line_no: u64,
    sealed: &Sealed,
    prev: Digest,
    last_time: Option<crate::vocabulary::calendar::Instant>,
) -> Result<(), RestoreError> {
    let bad = |reason: String| RestoreError::Line {
        line: line_no,
        reason,
    };
    let entry = &sealed.entry;
    if entry.seq != line_no {
        return Err(bad(format!(
            "holds entry {}, but entry {line_no} comes here: a line was dropped, duplicated or moved",
            entry.seq
        )));
    }
    if entry.prev != prev {
        return Err(bad(format!(
            "links to {}, but the line before hashes to {prev}: lines were reordered or altered",
            entry.prev
        )));
    }
    if last_time.is_some_and(|t| entry.recorded_at < t) {
        return Err(bad("it was recorded before the line preceding it".into()));
    }
    Ok(())
}

/// Rebuilds the ledger exported as `lines` at `target`, building it first at `staging`. With a
/// checkpoint, the result must be exactly the ledger it describes: the only way to detect an
/// export cut short at a line boundary.
pub fn restore(
    lines: impl Iterator<Item = std::io::Result<String>>,
    staging: &Path,
    target: &Path,
    expect: Option<&Checkpoint>,
    documents: &[Document],
) -> Result<Prefix, RestoreError> {
    let entries = lines.enumerate().map(|(i, text)| {
        let line_no = i as u64 + 1;
        // A line too long or not UTF-8 is a damaged export; any other failure is the reading.
        let text = text.map_err(|e| match e.kind() {
            std::io::ErrorKind::InvalidData => RestoreError::Line {
                line: line_no,
                reason: e.to_string(),
            },
            _ => RestoreError::Io(format!("cannot read line {line_no}: {e}")),
        })?;
        parse_line(line_no, &text)
    });
    restore_entries(entries, staging, target, expect, documents)
}

/// Rebuilds a ledger from its entries, already read, as [`restore`] does from export lines: at
/// `staging`, then moved to `target` when every check has passed.
pub fn restore_entries(
    entries: impl Iterator<Item = Result<Sealed, RestoreError>>,
    staging: &Path,
    target: &Path,
    expect: Option<&Checkpoint>,
    documents: &[Document],
) -> Result<Prefix, RestoreError> {
    let result = build(entries, staging, expect, documents)
        .and_then(|head| Ok(Ledger::install(staging, target).map(|()| head)?));
    match result {
        Ok(head) => Ok(head),
        Err(e) => {
            let _ = std::fs::remove_dir_all(staging);
            Err(e)
        }
    }
}

fn build(
    entries: impl Iterator<Item = Result<Sealed, RestoreError>>,
    staging: &Path,
    expect: Option<&Checkpoint>,
    documents: &[Document],
) -> Result<Prefix, RestoreError> {
    let ledger = Ledger::init(staging)?;
    let mut head = Prefix::EMPTY;
    let mut last_time = None;
    let mut pending: Vec<Sealed> = Vec::new();
    let mut placement = Placement::default();
    let mut logs: Vec<TreatyLog> = Vec::new();
    let mut seen = Seen::default();
    let mut quotes = Quotes::new(|digest: &Digest| {
        documents
            .iter()
            .find(|d| d.digest == *digest)
            .map(|d| d.bytes.clone())
    });
    for (i, sealed) in entries.enumerate() {
        let line_no = i as u64 + 1;
        let sealed = sealed?;
        let prev = pending.last().map_or(head.head, |s| s.hash);
        check_chain(line_no, &sealed, prev, last_time)?;
        validity::check(&sealed.entry, |seq| seen.get(seq))
            .and_then(|()| quotes.check(&sealed.entry))
            .map_err(|reason| RestoreError::Line {
                line: line_no,
                reason: format!("{reason}: the entry is not valid (FORMAT.md section 2)"),
            })?;
        seen.push(sealed.hash, Kind::of(&sealed.entry.fact.event));
        last_time = Some(sealed.entry.recorded_at);
        if let Some((n, _)) = placement.place(line_no, &sealed.entry.fact.event) {
            if n == logs.len() {
                logs.push(TreatyLog::default());
            }
            logs[n].apply(line_no, &sealed.entry.fact);
        }
        pending.push(sealed);
        if pending.len() == BATCH {
            head = append(&ledger, head, &std::mem::take(&mut pending))?;
        }
    }
    if !pending.is_empty() {
        head = append(&ledger, head, &pending)?;
    }
    for (treaty, log) in placement.treaties().iter().zip(&logs) {
        if let Some(facts) = log.facts() {
            interpret::interpret(&facts).map_err(|c| RestoreError::Line {
                line: c.entry,
                reason: format!(
                    "under treaty {treaty} the facts contradict each other: {}",
                    c.reason
                ),
            })?;
        }
    }
    if head.entries == 0 {
        return Err(RestoreError::File("the file holds no entries".into()));
    }
    if let Some(c) = expect {
        if c.size != head.entries {
            return Err(RestoreError::Line {
                line: head.entries.min(c.size) + 1,
                reason: format!(
                    "the checkpoint covers {} and the file {}: the export is incomplete or from another moment",
                    count(c.size, "entry", "entries"),
                    head.entries
                ),
            });
        }
        check_extends(&ledger, c)?;
    }
    for d in documents {
        let actual = crate::vocabulary::source::digest(&d.bytes);
        if actual != d.digest {
            return Err(RestoreError::Document(format!(
                "the archived source filed as {} hashes to {actual}: the document was altered",
                d.digest
            )));
        }
        ledger.put_source(&d.digest, &d.bytes, &d.description)?;
    }
    Ok(head)
}

/// Appends checked entries; an entry the ledger cannot place (a retraction or corroboration of
/// itself or of a later entry) is a fault of its line, not of the ledger being built.
fn append(ledger: &Ledger, head: Prefix, entries: &[Sealed]) -> Result<Prefix, RestoreError> {
    ledger.append_sealed(head, entries).map_err(|e| match e {
        LedgerError::Refused {
            fact: Some(i),
            refusal,
        } => RestoreError::Line {
            line: head.entries + 1 + i as u64,
            reason: refusal.to_string(),
        },
        other => RestoreError::Ledger(other),
    })
}
