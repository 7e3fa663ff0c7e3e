//! A witness (C2SP tlog-witness semantics): it cosigns a log's checkpoint only when the log's
//! key signed it and it is consistent with the last checkpoint this witness cosigned for that
//! log, a consistency proof showing the step; it keeps that checkpoint per log origin in its
//! state directory, under a lock (`<state>/lock`) held from reading it to replacing it.

use crate::chain::merkle;
use crate::proof::checkpoint::Checkpoint;
use crate::proof::consistency::ConsistencyProof;
use crate::proof::keys::{KeyPair, PublicKey};
use crate::publish::cosign;
use crate::publish::error::PublishError;
use crate::publish::lock::Lock;
use crate::publish::write::write_state;
use crate::vocabulary::digest::Digest;
use crate::vocabulary::plural::count;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a witness waits for another run on the same state to finish.
const LOCK_WAIT: Duration = Duration::from_secs(10);

/// Where a witness keeps the last checkpoint it cosigned for a log origin.
pub fn state_file(state: &Path, origin: &str) -> PathBuf {
    state.join(Digest::of("pacta witness state", origin.as_bytes()).hex())
}

/// What the witness is asked to cosign, and with what.
pub struct Request<'a> {
    /// The checkpoint, signed by the log.
    pub checkpoint: Checkpoint,
    /// The log's key, which must have signed it.
    pub log_key: &'a PublicKey,
    /// A proof that the checkpoint extends the last one cosigned (needed when it is larger).
    pub proof: Option<&'a ConsistencyProof>,
    /// The witness's key.
    pub key: &'a KeyPair,
    /// The time of cosigning, POSIX seconds (the caller reads the clock).
    pub timestamp: u64,
}

/// Cosigns the checkpoint if it is consistent with the witness's state, and records it as the
/// last cosigned; returns the checkpoint with the cosignature appended.
pub fn cosign(state: &Path, request: Request<'_>) -> Result<Checkpoint, PublishError> {
    let Request {
        mut checkpoint,
        log_key,
        proof,
        key,
        timestamp,
    } = request;
    if !checkpoint.signed_by(log_key) {
        return Err(PublishError::Unsigned(format!(
            "the checkpoint of size {} is not signed by the log's key {}",
            checkpoint.size, log_key.name
        )));
    }
    // Held from reading the last checkpoint cosigned until the new one replaces it, so that two
    // runs at once cannot both cosign checkpoints consistent only with the old one.
    let _lock = Lock::take(&state.join("lock"), LOCK_WAIT)?;
    let path = state_file(state, &checkpoint.origin);
    if let Some(last) = last_cosigned(&path)? {
        check_consistent(&last, &checkpoint, proof)?;
    }
    cosign::cosign(&mut checkpoint, key, timestamp);
    write_state(&path, checkpoint.to_text().as_bytes())?;
    Ok(checkpoint)
}

fn last_cosigned(path: &Path) -> Result<Option<Checkpoint>, PublishError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Checkpoint::parse(&text)
            .map(Some)
            .map_err(|e| PublishError::io(path, e)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(PublishError::io(path, e)),
    }
}

/// Refuses a checkpoint that does not extend the last one cosigned: smaller, the same size with
/// another root, or larger without a proof that holds between the two.
fn check_consistent(
    last: &Checkpoint,
    new: &Checkpoint,
    proof: Option<&ConsistencyProof>,
) -> Result<(), PublishError> {
    let refuse = |why: String| {
        PublishError::Inconsistent(format!(
            "refused: the checkpoint of size {} is not consistent with the one of size {} last cosigned for {}: {why}",
            new.size, last.size, new.origin
        ))
    };
    if new.size < last.size {
        return Err(refuse("it is smaller: the log was rolled back".into()));
    }
    if new.size == last.size {
        return match new.root == last.root && new.head == last.head {
            true => Ok(()),
            false => Err(refuse("the same size with another root: a fork".into())),
        };
    }
    let proof = proof.ok_or_else(|| {
        refuse(format!(
            "it is larger and no consistency proof from size {} was given",
            last.size
        ))
    })?;
    if !merkle::verify_consistency(last.size, new.size, &last.root, &new.root, &proof.proof) {
        return Err(refuse(format!(
            "the proof does not show that the {} extend the {} last cosigned",
            count(new.size, "entry", "entries"),
            last.size
        )));
    }
    Ok(())
}
