//! Mirroring: bringing a local ledger in step with a publication, all or nothing. The new
//! checkpoint must satisfy the policy and extend the last one this mirror saw (kept beside the
//! ledger as `<ledger>.mirror/checkpoint`); a publication that does not is a fork, and both
//! checkpoints are kept there as evidence. A new ledger is built in a staging directory and
//! moved into place when whole; an existing one takes only the new entries, in one append once
//! every check has passed. The state directory's lock keeps two mirrors of one ledger apart.

use crate::ledger::Ledger;
use crate::proof::checkpoint::Checkpoint;
use crate::publish::cosign::Policy;
use crate::publish::error::{Fork, PublishError};
use crate::publish::fetch::Source;
use crate::publish::lock::Lock;
use crate::publish::pull::{Mismatch, Mode, Pulled, pull};
use crate::publish::read;
use crate::publish::write::write_state;
use crate::vocabulary::plural::count;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What a mirror run did.
#[derive(Debug)]
pub struct Mirrored {
    /// Entries the local ledger held before.
    pub before: u64,
    /// Entries it holds now.
    pub after: u64,
    /// Files fetched, the checkpoint aside.
    pub fetched: Vec<String>,
    /// Sources checked and archived.
    pub sources: usize,
    /// The checkpoint now seen.
    pub checkpoint: Checkpoint,
}

/// The directory beside a mirrored ledger that keeps the last checkpoint seen, any fork
/// evidence and the mirror's lock.
pub fn state_dir(ledger: &Path) -> PathBuf {
    sibling(ledger, "mirror")
}

/// Mirrors `source` into the ledger at `ledger` (created when absent), waiting up to
/// `lock_wait` for another mirror or writer of it to finish. A first mirror that fails leaves
/// no state directory behind, as it leaves no ledger.
pub fn mirror(
    source: &Source,
    policy: &Policy,
    ledger: &Path,
    lock_wait: Duration,
) -> Result<Mirrored, PublishError> {
    let state = state_dir(ledger);
    let first = !state.exists();
    let mirrored = mirror_locked(source, policy, ledger, &state, lock_wait);
    if mirrored.is_err() && first {
        // Only the lock is there unless fork evidence was kept: then the directory stays.
        let _ = std::fs::remove_file(state.join("lock"));
        let _ = std::fs::remove_dir(&state);
    }
    mirrored
}

fn mirror_locked(
    source: &Source,
    policy: &Policy,
    ledger: &Path,
    state: &Path,
    lock_wait: Duration,
) -> Result<Mirrored, PublishError> {
    let _lock = Lock::take(&state.join("lock"), lock_wait)?;
    recover(ledger)?;
    let seen_path = state.join("checkpoint");
    let seen = read_seen(&seen_path)?;
    let (new, new_text) = read::checkpoint(source, policy)?;
    let old_text = seen.as_ref().map_or(String::new(), |(_, t)| t.clone());
    let forked = |why: String| fork(state, &old_text, &new_text, why);
    if let Some((old, _)) = &seen {
        check_extends_seen(old, &new).map_err(forked)?;
    }
    let seen = seen.map(|(c, _)| c);
    let (before, pulled) = if Ledger::exists(ledger) {
        update(source, &new, seen.as_ref(), ledger, lock_wait, &forked)?
    } else {
        (0, create(source, &new, ledger)?)
    };
    write_state(&seen_path, new_text.as_bytes())?;
    Ok(Mirrored {
        before,
        after: new.size,
        fetched: pulled.fetched,
        sources: pulled.sources,
        checkpoint: new,
    })
}

/// Checks a whole publication without keeping a ledger: the entries are pulled into a scratch
/// ledger at `scratch` (which must not exist), so that every check a mirror makes is made with
/// the memory a mirror needs; the scratch ledger is removed however the check ends.
pub fn check(
    source: &Source,
    policy: &Policy,
    scratch: &Path,
) -> Result<(Checkpoint, Pulled), PublishError> {
    let (checkpoint, _) = read::checkpoint(source, policy)?;
    let pulled = check_whole(source, &checkpoint, scratch)?;
    Ok((checkpoint, pulled))
}

fn check_whole(
    source: &Source,
    checkpoint: &Checkpoint,
    scratch: &Path,
) -> Result<Pulled, PublishError> {
    let result = build(source, checkpoint, scratch);
    if scratch.exists() {
        std::fs::remove_dir_all(scratch).map_err(|e| PublishError::io(scratch, e))?;
    }
    result
}

/// Builds a new ledger at `path` from the whole publication.
fn build(source: &Source, checkpoint: &Checkpoint, path: &Path) -> Result<Pulled, PublishError> {
    let ledger = Ledger::init(path)?;
    match pull(source, checkpoint, &ledger, None, Mode::Building) {
        Ok(pulled) => Ok(pulled),
        Err(Mismatch::Failed(e)) => Err(e),
        // Nothing was held, so nothing could be rewritten.
        Err(Mismatch::Forked(why)) => Err(PublishError::Conflict(why)),
    }
}

/// Builds the ledger anew at `path` from the publication: in a staging directory, moved into
/// place only when every check has passed; removed on failure.
fn create(source: &Source, checkpoint: &Checkpoint, path: &Path) -> Result<Pulled, PublishError> {
    let staging = sibling(path, "mirror-staging");
    let built = build(source, checkpoint, &staging)
        .and_then(|pulled| Ok(Ledger::install(&staging, path).map(|()| pulled)?));
    if built.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    built
}

/// Appends what the publication adds to the ledger at `path`, all or nothing; returns how many
/// entries it held before.
fn update(
    source: &Source,
    checkpoint: &Checkpoint,
    seen: Option<&Checkpoint>,
    path: &Path,
    lock_wait: Duration,
    forked: &dyn Fn(String) -> PublishError,
) -> Result<(u64, Pulled), PublishError> {
    let ledger = Ledger::open(path, lock_wait)?;
    let held = ledger.head()?.entries;
    if held > 0 {
        let ours = Checkpoint::origin_for(&ledger.entry(1)?.hash);
        if ours != checkpoint.origin {
            return Err(PublishError::Conflict(format!(
                "the source publishes {}, and the ledger at {} is {ours}",
                checkpoint.origin,
                path.display()
            )));
        }
    }
    if checkpoint.size < held {
        return Err(forked(format!(
            "it covers {} and this mirror holds {held}",
            count(checkpoint.size, "entry", "entries")
        )));
    }
    match pull(source, checkpoint, &ledger, seen, Mode::Updating) {
        Ok(pulled) => Ok((held, pulled)),
        Err(Mismatch::Forked(why)) => Err(forked(why)),
        // The new files alone do not add up: check the whole publication to tell a rewritten
        // history (which then holds together on its own) from a damaged file.
        Err(Mismatch::Failed(e)) if held > 0 && matches!(e, PublishError::Damaged { .. }) => Err(
            match check_whole(source, checkpoint, &sibling(path, "mirror-check")) {
                Ok(_) => forked(format!(
                    "its tree does not begin with the {} this mirror holds",
                    count(held, "entry", "entries")
                )),
                Err(_) => e,
            },
        ),
        Err(Mismatch::Failed(e)) => Err(e),
    }
}

/// Clears what an interrupted mirror left beside the ledger. A staging or scratch directory was
/// never the ledger and goes. Earlier versions swapped a rebuilt ledger in through `<ledger>.mirror-new`
/// and `<ledger>.mirror-old`: with no ledger in place, the one set aside is moved back (the
/// checkpoint seen is still its own); with the new one in place, the old copy goes.
pub fn recover(ledger: &Path) -> Result<(), PublishError> {
    for leftover in [
        sibling(ledger, "mirror-staging"),
        sibling(ledger, "mirror-new"),
    ] {
        if leftover.exists() {
            std::fs::remove_dir_all(&leftover).map_err(|e| PublishError::io(&leftover, e))?;
        }
    }
    let aside = sibling(ledger, "mirror-old");
    if !aside.exists() {
        return Ok(());
    }
    if Ledger::exists(ledger) {
        std::fs::remove_dir_all(&aside).map_err(|e| PublishError::io(&aside, e))
    } else {
        Ok(Ledger::set_aside(&aside, ledger)?)
    }
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

/// `<path>.<suffix>`: a file or directory beside the ledger at `path`.
pub fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(format!(".{suffix}"));
    PathBuf::from(name)
}
