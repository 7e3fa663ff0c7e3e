//! Mirroring: bringing a local ledger in step with a publication, all or nothing. The new
//! checkpoint must satisfy the policy and extend the last one this mirror saw (kept beside the
//! ledger as `<ledger>.mirror/checkpoint`); a publication that does not is a fork, and both
//! checkpoints are kept there as evidence. The ledger is rebuilt from the checked entries in a
//! staging directory, exactly as a restore is, and moved into place only when whole.

use crate::archive::restore::{Document, RestoreError, restore_entries};
use crate::chain::merkle;
use crate::chain::seal::Sealed;
use crate::ledger::Ledger;
use crate::proof::checkpoint::Checkpoint;
use crate::publish::cosign::Policy;
use crate::publish::error::{Fork, PublishError};
use crate::publish::fetch::Source;
use crate::publish::read::{self, Known, Mismatch};
use crate::publish::write::write_state;
use crate::vocabulary::plural::count;
use std::path::{Path, PathBuf};

/// What a mirror run did.
#[derive(Debug)]
pub struct Mirrored {
    /// Entries the local ledger held before.
    pub before: u64,
    /// Entries it holds now.
    pub after: u64,
    /// Files fetched.
    pub fetched: Vec<String>,
    /// The checkpoint now seen.
    pub checkpoint: Checkpoint,
}

/// The directory beside a mirrored ledger that keeps the last checkpoint seen and any fork
/// evidence.
pub fn state_dir(ledger: &Path) -> PathBuf {
    let mut name = ledger.as_os_str().to_os_string();
    name.push(".mirror");
    PathBuf::from(name)
}

/// The local ledger as it is: its entries, sources and the known prefix they make.
struct Local {
    exists: bool,
    entries: Vec<Sealed>,
    documents: Vec<Document>,
    known: Known,
}

/// Mirrors `source` into the ledger at `ledger` (created when absent).
pub fn mirror(source: &Source, policy: &Policy, ledger: &Path) -> Result<Mirrored, PublishError> {
    let state = state_dir(ledger);
    let seen_path = state.join("checkpoint");
    let seen = read_seen(&seen_path)?;
    let local = read_local(ledger)?;
    let (new, new_text) = read::checkpoint(source, policy)?;
    let before = local.entries.len() as u64;
    if let Some((old, old_text)) = &seen {
        check_extends_seen(old, &new).map_err(|why| fork(&state, old_text, &new_text, why))?;
    }
    if let Some(first) = local.entries.first()
        && Checkpoint::origin_for(&first.hash) != new.origin
    {
        return Err(PublishError::Conflict(format!(
            "the source publishes {}, and the ledger at {} is {}",
            new.origin,
            ledger.display(),
            Checkpoint::origin_for(&first.hash)
        )));
    }
    let old_text = seen.as_ref().map_or(String::new(), |(_, t)| t.clone());
    if new.size < before {
        let why = format!(
            "it covers {} and this mirror holds {before}",
            count(new.size, "entry", "entries")
        );
        return Err(fork(&state, &old_text, &new_text, why));
    }
    let publication = match read::read(source, new.clone(), &local.known) {
        Ok(p) => p,
        Err(Mismatch::Rewritten { seq, file }) => {
            let why = format!("{file} holds another entry {seq} than this mirror has");
            return Err(fork(&state, &old_text, &new_text, why));
        }
        Err(Mismatch::Failed(e)) if before > 0 => {
            // The new files alone do not add up: read the whole publication to tell a rewritten
            // history (which then holds together on its own) from a damaged file.
            return Err(match read::read(source, new.clone(), &Known::default()) {
                Ok(_) => fork(
                    &state,
                    &old_text,
                    &new_text,
                    format!(
                        "its tree does not begin with the {} this mirror holds",
                        count(before, "entry", "entries")
                    ),
                ),
                Err(_) => e,
            });
        }
        Err(Mismatch::Failed(e)) => return Err(e),
    };
    let after = before + publication.entries.len() as u64;
    if !publication.entries.is_empty() {
        rebuild(ledger, local, &publication)?;
    }
    std::fs::create_dir_all(&state).map_err(|e| PublishError::io(&state, e))?;
    write_state(&seen_path, new_text.as_bytes())?;
    Ok(Mirrored {
        before,
        after,
        fetched: publication.fetched,
        checkpoint: new,
    })
}

/// The checkpoint last seen, if any.
fn read_seen(path: &Path) -> Result<Option<(Checkpoint, String)>, PublishError> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let c = Checkpoint::parse(&text).map_err(|e| PublishError::io(path, e))?;
            Ok(Some((c, text)))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(PublishError::io(path, e)),
    }
}

/// Whether `new` can extend `old`: the same log, no fewer entries, the same tree at one size.
/// (That the larger tree begins with the old one is checked against the entries themselves.)
fn check_extends_seen(old: &Checkpoint, new: &Checkpoint) -> Result<(), String> {
    if old.origin != new.origin {
        return Err(format!(
            "it is of {} and the last one seen of {}",
            new.origin, old.origin
        ));
    }
    if new.size < old.size {
        return Err(format!(
            "it covers {} and the last one seen {}: the log was rolled back",
            count(new.size, "entry", "entries"),
            old.size
        ));
    }
    if new.size == old.size && (new.root != old.root || new.head != old.head) {
        return Err(format!(
            "both cover {} with different Merkle roots: the history was rewritten",
            count(new.size, "entry", "entries")
        ));
    }
    Ok(())
}

/// Keeps both checkpoints as evidence and makes the fork error.
fn fork(state: &Path, old: &str, new: &str, why: String) -> PublishError {
    let evidence = state.join("fork-evidence.txt");
    let text = format!(
        "pacta fork evidence: the second checkpoint does not extend the first.\nReason: {why}\n\n--- checkpoint seen before ---\n{old}\n--- checkpoint served now ---\n{new}"
    );
    let kept = std::fs::create_dir_all(state)
        .map_err(|e| PublishError::io(state, e))
        .and_then(|()| write_state(&evidence, text.as_bytes()));
    if let Err(e) = kept {
        return e;
    }
    PublishError::Fork(Box::new(Fork {
        old: old.to_string(),
        new: new.to_string(),
        why,
        evidence,
    }))
}

/// Reads the local ledger whole, or nothing when there is none.
fn read_local(path: &Path) -> Result<Local, PublishError> {
    let mut local = Local {
        exists: Ledger::exists(path),
        entries: Vec::new(),
        documents: Vec::new(),
        known: Known::default(),
    };
    if !local.exists {
        return Ok(local);
    }
    let ledger = Ledger::open_read(path)?;
    for sealed in ledger.entries() {
        let sealed = sealed?;
        local.known.leaves.push(merkle::leaf_hash(&sealed.hash));
        local.known.head = sealed.hash;
        local.entries.push(sealed);
    }
    for (digest, bytes) in ledger.sources()? {
        let description = ledger
            .source_description(&digest)?
            .ok_or_else(|| PublishError::io(path, format!("source {digest} has no description")))?;
        local.known.sources.insert(digest);
        local.documents.push(Document {
            digest,
            bytes,
            description,
        });
    }
    Ok(local)
}

/// Builds the ledger anew from the local entries and the new ones, then swaps it in.
fn rebuild(path: &Path, local: Local, publication: &read::Publication) -> Result<(), PublishError> {
    let staging = sibling(path, "mirror-staging");
    let built = sibling(path, "mirror-new");
    let aside = sibling(path, "mirror-old");
    for leftover in [&staging, &built, &aside] {
        if leftover.exists() {
            return Err(PublishError::io(
                leftover,
                "is left from an interrupted mirror; look at it and remove it",
            ));
        }
    }
    let mut documents = local.documents;
    documents.extend(publication.documents.iter().cloned());
    let existed = local.exists;
    let entries = local
        .entries
        .into_iter()
        .chain(publication.entries.iter().cloned())
        .map(Ok::<_, RestoreError>);
    let target = if existed { &built } else { path };
    restore_entries(
        entries,
        &staging,
        target,
        Some(&publication.checkpoint),
        &documents,
    )?;
    if existed {
        Ledger::set_aside(path, &aside)?;
        if let Err(e) = Ledger::install(&built, path) {
            let _ = Ledger::set_aside(&aside, path);
            return Err(e.into());
        }
        std::fs::remove_dir_all(&aside).map_err(|e| PublishError::io(&aside, e))?;
    }
    Ok(())
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(format!(".{suffix}"));
    PathBuf::from(name)
}
