//! Checkpoints made from a ledger, and the judgement whether a ledger extends one.

use crate::ledger::{Ledger, LedgerError, NotFound, Result};
use crate::proof::checkpoint::Checkpoint;
use crate::vocabulary::calendar::Instant;
use crate::vocabulary::digest::Digest;
use crate::vocabulary::plural::count;

/// A checkpoint of the whole ledger as it is now, unsigned.
pub fn latest(ledger: &Ledger, time: Instant) -> Result<Checkpoint> {
    at(ledger, ledger.head()?.entries, time, None)
}

/// A checkpoint of the first `size` entries, unsigned, with a treaty index root if given.
pub fn at(
    ledger: &Ledger,
    size: u64,
    time: Instant,
    treaties: Option<Digest>,
) -> Result<Checkpoint> {
    if size == 0 {
        return Err(NotFound::Empty.into());
    }
    Ok(Checkpoint {
        origin: Checkpoint::origin_for(&ledger.entry(1)?.hash),
        size,
        root: ledger.merkle_root(size)?,
        head: ledger.entry(size)?.hash,
        time,
        treaties,
        signatures: Vec::new(),
    })
}

/// Refuses a checkpoint the ledger does not extend: another ledger, a larger size, or a root or
/// head the ledger never had.
pub fn check_extends(ledger: &Ledger, c: &Checkpoint) -> Result<()> {
    let ours = Checkpoint::origin_for(&ledger.entry(1)?.hash);
    if c.origin != ours {
        return Err(LedgerError::NotExtended(format!(
            "the checkpoint is of ledger {}, this is {ours}",
            c.origin
        )));
    }
    let held = ledger.head()?.entries;
    if c.size > held {
        return Err(LedgerError::NotExtended(format!(
            "the checkpoint covers {}; this ledger holds {held}",
            count(c.size, "entry", "entries")
        )));
    }
    if ledger.merkle_root(c.size)? != c.root || ledger.entry(c.size)?.hash != c.head {
        return Err(LedgerError::NotExtended(format!(
            "this ledger's first {} not match the checkpoint: the history was rewritten, or the checkpoint is of another copy",
            count(c.size, "entry does", "entries do")
        )));
    }
    Ok(())
}
