//! The ledger: the one way into the store. It admits facts, chains them into entries and reads
//! them back.
//!
//! Every fact passes three gates before anything is written (`admission`): its own fields,
//! the recording context (no act dated after the recording day, no duplicate, a registered
//! treaty, a retraction that names a live entry), and the treaty's interpretation with the fact
//! added ([`crate::law::interpret`]), so that the log never holds an entry the projection cannot
//! read. A list of facts is admitted whole or not at all, and written in one atomic, durable
//! append. Reads come back as sealed entries (re-hashed), treaty views ([`view`]), Merkle tree
//! reads ([`tree`]), archived sources ([`sources`]) and, for the audit, the stored rows
//! ([`stored`]).

mod across;
mod admission;
pub mod bulk;
pub mod citations;
pub mod error;
pub mod sources;
pub mod stored;
mod summary;
pub mod tree;
pub mod view;

use crate::chain::codec;
use crate::chain::entry::Entry;
use crate::chain::placement;
use crate::chain::prefix::Prefix;
use crate::chain::seal::{self, Sealed};
use crate::law::facts::TreatyLog;
pub use crate::store::{Fault, Layout4, StoreError, inject_fault, injected_fault};
use crate::store::{IndexRow, NewEntry, Store};
use crate::vocabulary::calendar::Instant;
use crate::vocabulary::country::StateCode;
use crate::vocabulary::event::Fact;
use crate::vocabulary::treaty::{Treaty, TreatyId};
pub use error::{LedgerError, NotFound, Refusal, Result};
use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

/// Who records, and when: supplied by the caller, never read by the library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recording {
    /// Who records.
    pub recorder: String,
    /// The recording time.
    pub now: Instant,
}

/// Which prefix of the log to read: what the ledger knew then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsOf {
    /// Everything the ledger holds.
    Head,
    /// Entries 1 to N.
    Entries(u64),
    /// Entries recorded at or before this instant.
    Time(Instant),
}

/// An open ledger: its store, held exclusively by this process.
pub struct Ledger {
    store: Store,
}

/// The fewest hex digits a hash prefix may have: fewer match too many entries to be meant.
const HASH_PREFIX_MIN: usize = 4;

/// From how many digits alone a reference may be a hash prefix as well as an entry number:
/// eight digits number an entry only in a ledger of ten million, and start about one hash in
/// four billion, so that both at once is rare and is refused. Fewer digits are always a number,
/// so that a script's `show 5001` keeps its meaning however the ledger grows.
const DIGITS_AS_HASH: usize = 8;

/// Which entry digits name that may be entry `seq` (`numbered`: the ledger holds it) or a
/// prefix of the hashes of the entries `hashed`.
fn either(
    text: &str,
    seq: u64,
    numbered: bool,
    hashed: Vec<u64>,
) -> std::result::Result<u64, NotFound> {
    match (numbered, hashed.as_slice()) {
        (true, []) => Ok(seq),
        // Its own hash starts with its number: both readings name one entry.
        (true, [own]) if *own == seq => Ok(seq),
        (true, _) => Err(NotFound::AmbiguousReference {
            text: text.to_string(),
            seq,
            hashed,
        }),
        (false, [one]) => Ok(*one),
        (false, []) => Err(NotFound::NoHash(text.to_string())),
        (false, many) => Err(NotFound::AmbiguousHash {
            prefix: text.to_string(),
            count: many.len(),
        }),
    }
}

/// An entry number written in digits alone (no sign, no space).
fn entry_number(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

impl Ledger {
    /// Creates a new, empty ledger at `dir`; refuses a directory that already holds one.
    pub fn init(dir: &Path) -> Result<Ledger> {
        Ledger::writing(Store::create(dir)?)
    }

    /// Opens the ledger at `dir`, waiting up to `lock_wait` for another process to let go of it.
    pub fn open(dir: &Path, lock_wait: Duration) -> Result<Ledger> {
        Ledger::writing(Store::open(dir, lock_wait)?)
    }

    /// A ledger that writes: its store keeps the derived summary ([`summary`]) as the files
    /// take new entries.
    fn writing(mut store: Store) -> Result<Ledger> {
        store.derive_with(summary::write);
        Ok(Ledger { store })
    }

    /// Opens the ledger at `dir` for reading: it takes no lock and writes nothing, so it works
    /// beside a writer and on a read-only copy, and sees the ledger as it was when opened.
    pub fn open_read(dir: &Path) -> Result<Ledger> {
        Ok(Ledger {
            store: Store::open_read(dir)?,
        })
    }

    /// Reads a ledger of the earlier store layout (4) whole, to bring it over to this one.
    pub fn read_layout4(dir: &Path) -> Result<Layout4> {
        Ok(Store::read_layout4(dir)?)
    }

    /// Moves a ledger directory out of the way, to `to`, durably.
    pub fn set_aside(dir: &Path, to: &Path) -> Result<()> {
        Ok(Store::set_aside(dir, to)?)
    }

    /// Whether `dir` holds a ledger.
    pub fn exists(dir: &Path) -> bool {
        Store::exists(dir)
    }

    /// Moves a ledger built (and closed) at `staging` to `target`, durably; refuses a `target`
    /// that holds a ledger.
    pub fn install(staging: &Path, target: &Path) -> Result<()> {
        Ok(Store::install(staging, target)?)
    }

    /// Writes the appends the journal holds into the entry files and starts a new journal (done
    /// on its own when the journal grows; useful before copying a ledger's directory).
    pub fn settle(&self) -> Result<()> {
        Ok(self.store.settle()?)
    }

    /// Where the ledger is.
    pub fn path(&self) -> &Path {
        self.store.path()
    }

    /// The number of entries and the last entry's hash.
    pub fn head(&self) -> Result<Prefix> {
        Ok(self.store.head()?)
    }

    /// Reads one entry by number.
    pub fn entry(&self, seq: u64) -> Result<Sealed> {
        self.sealed(self.stored_entry(seq)?)
    }

    /// Reads one entry for interpretation, which needs the fact: hashed only to be checked
    /// against the hash recorded for it, decoded without re-encoding (`verify` does that).
    fn decoded(&self, seq: u64) -> Result<Entry> {
        let row = self.stored_entry(seq)?;
        self.store
            .check_hash(seq, &row.hash, &seal::hash_bytes(&row.bytes))?;
        decode_stored(seq, &row.bytes)
    }

    /// Entry `seq` as the store holds it, not yet checked.
    fn stored_entry(&self, seq: u64) -> Result<IndexRow> {
        Ok(self.store.entry(seq)?.ok_or(NotFound::Entry(seq))?)
    }

    /// A stored entry decoded strictly and hashed, the hash checked against the one the store
    /// recorded for it: bytes altered on the disk are damage, never another fact.
    fn sealed(&self, row: IndexRow) -> Result<Sealed> {
        let seq = row.seq;
        let sealed = Sealed::from_bytes(row.bytes).map_err(|e| {
            self.store
                .altered(seq, &format!("its bytes no longer decode ({e})"))
        })?;
        self.store.check_hash(seq, &row.hash, &sealed.hash)?;
        Ok(sealed)
    }

    /// Finds an entry by a reference: `n:N` names entry N, `h:HEX` the entry whose hash starts
    /// with HEX (at least 4 hex digits). Without either, hex with a letter is a hash prefix and
    /// digits alone are an entry number, or, from `DIGITS_AS_HASH` (8) digits on, whichever of
    /// the two the ledger holds: when it holds both, the reference is refused, naming both.
    pub fn find(&self, spec: &str) -> Result<Sealed> {
        let bad = || LedgerError::from(NotFound::BadReference(spec.to_string()));
        if let Some(number) = spec.strip_prefix("n:") {
            return self.entry(entry_number(number).ok_or_else(bad)?);
        }
        if let Some(hex) = spec.strip_prefix("h:") {
            return self.by_hash(hex, spec);
        }
        let Some(seq) = entry_number(spec) else {
            return self.by_hash(spec, spec);
        };
        if spec.len() < DIGITS_AS_HASH {
            return self.entry(seq);
        }
        let numbered = match self.entry(seq) {
            Ok(sealed) => Some(sealed),
            Err(LedgerError::NotFound(NotFound::Entry(_))) => None,
            Err(e) => return Err(e),
        };
        let hashed = self.seqs_for_hash(spec)?;
        let chosen = either(spec, seq, numbered.is_some(), hashed)?;
        match numbered {
            Some(sealed) if chosen == seq => Ok(sealed),
            _ => self.entry(chosen),
        }
    }

    /// The one entry whose hash starts with `hex` (`spec` as given, for a message).
    fn by_hash(&self, hex: &str, spec: &str) -> Result<Sealed> {
        let is_hex = hex.bytes().all(|b| b.is_ascii_hexdigit());
        if !is_hex || hex.len() < HASH_PREFIX_MIN || hex.len() > 64 {
            return Err(NotFound::BadReference(spec.to_string()).into());
        }
        let hex = hex.to_ascii_lowercase();
        match self.seqs_for_hash(&hex)?.as_slice() {
            [seq] => self.entry(*seq),
            [] => Err(NotFound::NoHash(hex).into()),
            many => Err(NotFound::AmbiguousHash {
                prefix: hex,
                count: many.len(),
            }
            .into()),
        }
    }

    /// The numbers of the entries whose hash starts with `hex` (lower-case hex digits).
    fn seqs_for_hash(&self, hex: &str) -> Result<Vec<u64>> {
        let whole_bytes: Vec<u8> = (0..hex.len() / 2)
            .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).expect("checked hex digits"))
            .collect();
        Ok(self
            .store
            .seqs_for_hash_prefix(&whole_bytes)?
            .into_iter()
            .filter(|(hash, _)| hash.hex().starts_with(hex))
            .map(|(_, seq)| seq)
            .collect())
    }

    /// Every entry in order, each checked against the hash the store recorded for it; stops at
    /// the first that cannot be read.
    pub fn entries(&self) -> impl Iterator<Item = Result<Sealed>> + '_ {
        self.store.scan(1, u64::MAX).map(|row| self.sealed(row?))
    }

    /// The entries indexed under a treaty, in order, read with its entry file at once (not one
    /// read for each, as [`Ledger::entry`] would), each hashed and decoded strictly.
    pub fn treaty_entries(&self, treaty: &TreatyId) -> Result<Vec<Sealed>> {
        self.store
            .treaty_entries(treaty.as_str(), None)?
            .into_iter()
            .map(|(seq, bytes)| {
                Sealed::from_bytes(bytes).map_err(|e| LedgerError::Damaged {
                    entry: Some(seq),
                    what: e.to_string(),
                })
            })
            .collect()
    }

    /// The numbers of the entries indexed under a treaty, and under one of its states if given
    /// (a retraction is indexed with the entry it retracts), in order.
    pub fn entries_under(&self, treaty: &TreatyId, state: Option<&StateCode>) -> Result<Vec<u64>> {
        Ok(match state {
            Some(state) => self.store.state_seqs(treaty.as_str(), state.as_str())?,
            None => self.store.treaty_seqs(treaty.as_str())?,
        })
    }

    /// The number of entries a transaction-time bound admits.
    pub fn resolve(&self, as_of: AsOf) -> Result<u64> {
        let held = self.head()?.entries;
        match as_of {
            AsOf::Head => Ok(held),
            AsOf::Entries(n) if n <= held => Ok(n),
            AsOf::Entries(asked) => Err(NotFound::BeyondHead { asked, held }.into()),
            AsOf::Time(t) => self.count_recorded_by(t, held),
        }
    }

    /// Recording times never decrease along the chain, so a binary search finds the prefix.
    fn count_recorded_by(&self, t: Instant, count: u64) -> Result<u64> {
        let (mut lo, mut hi) = (0u64, count);
        while lo < hi {
            let mid = lo + (hi - lo).div_ceil(2);
            if self.decoded(mid)?.recorded_at <= t {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        Ok(lo)
    }

    /// The prefix 1..upto: its length and the hash of its last entry.
    pub fn prefix(&self, upto: u64) -> Result<Prefix> {
        let head = match upto {
            0 => Prefix::EMPTY.head,
            n => self.entry(n)?.hash,
        };
        Ok(Prefix {
            entries: upto,
            head,
        })
    }

    /// Everything under one treaty up to entry `upto`.
    pub fn treaty_log(&self, treaty: &TreatyId, upto: u64) -> Result<TreatyLog> {
        self.treaty_log_of(treaty, upto, None, TreatyLog::default())
    }

    /// A treaty's log up to entry `upto`: all of it, or only the treaty-level entries and the
    /// given states' entries.
    fn treaty_log_of(
        &self,
        treaty: &TreatyId,
        upto: u64,
        states: Option<&BTreeSet<StateCode>>,
        mut log: TreatyLog,
    ) -> Result<TreatyLog> {
        let states: Option<Vec<&str>> =
            states.map(|states| states.iter().map(StateCode::as_str).collect());
        let entries = self
            .store
            .treaty_entries(treaty.as_str(), states.as_deref())?;
        for (seq, bytes) in entries.into_iter().take_while(|(s, _)| *s <= upto) {
            log.apply(seq, &decode_stored(seq, &bytes)?.fact);
        }
        Ok(log)
    }

    /// The live treaties, in id order, as of entry `upto`.
    pub fn treaties(&self, upto: u64) -> Result<Vec<(u64, Treaty)>> {
        let mut out = Vec::new();
        for id in self.store.treaty_ids()? {
            let id = TreatyId::parse(&id).map_err(|e| LedgerError::Damaged {
                entry: None,
                what: format!("the treaty index holds {e}"),
            })?;
            // The treaty-level entries alone say whether it is registered (and not retracted).
            let log =
                self.treaty_log_of(&id, upto, Some(&BTreeSet::new()), TreatyLog::default())?;
            out.extend(log.registration);
        }
        Ok(out)
    }

    /// Checks facts as [`Ledger::record`] would, writing nothing: `Ok` when every one would be
    /// admitted after the head.
    pub fn check(&self, facts: &[Fact], recording: &Recording) -> Result<()> {
        admission::check(self, facts, recording)
    }

    /// Admits and appends facts, all or none; returns the new entries.
    pub fn record(&self, facts: &[Fact], recording: &Recording) -> Result<Vec<Sealed>> {
        let sealed = admission::admit(self, facts, recording)?;
        if let Some(first) = sealed.first() {
            // The prefix admission checked the facts against, which the store's append checks
            // is still the head.
            let admitted_after = Prefix {
                entries: first.entry.seq - 1,
                head: first.entry.prev,
            };
            self.append_sealed(admitted_after, &sealed)?;
        }
        Ok(sealed)
    }

    /// Appends entries already chained to `head`, with their index and Merkle rows, in one
    /// atomic, durable write. The caller has checked what they say.
    pub(crate) fn append_sealed(&self, head: Prefix, sealed: &[Sealed]) -> Result<Prefix> {
        let targets = self.index_targets(sealed)?;
        let new: Vec<NewEntry<'_>> = sealed
            .iter()
            .zip(&targets)
            .map(|(s, (treaty, state))| NewEntry {
                seq: s.entry.seq,
                hash: s.hash,
                bytes: &s.bytes,
                treaty: treaty.as_str(),
                state: state.as_ref().map(StateCode::as_str),
            })
            .collect();
        let growth = tree::growth(self, head.entries, sealed)?;
        Ok(self.store.append(head, &new, &growth)?)
    }

    /// The treaty and state each new entry is indexed under; a retraction or a corroboration
    /// goes with its target, which must be an earlier entry about a treaty.
    fn index_targets(&self, sealed: &[Sealed]) -> Result<Vec<(TreatyId, Option<StateCode>)>> {
        let mut out: Vec<(TreatyId, Option<StateCode>)> = Vec::with_capacity(sealed.len());
        let first = sealed.first().map_or(0, |s| s.entry.seq);
        for (i, s) in sealed.iter().enumerate() {
            let target = match s.entry.fact.event.target() {
                Some(target) if target >= s.entry.seq => None,
                Some(target) if target >= first => out.get((target - first) as usize).cloned(),
                Some(target) => {
                    let (treaty, state) = self.index_target_of(target)?;
                    treaty.map(|t| (t, state))
                }
                None => {
                    let (treaty, state) = placement::index_of(&s.entry.fact.event);
                    treaty.map(|t| (t, state))
                }
            };
            let target = target.ok_or_else(|| {
                LedgerError::refused(
                    i,
                    Refusal::Conflict(format!(
                        "entry {} names no earlier entry about a treaty",
                        s.entry.seq
                    )),
                )
            })?;
            out.push(target);
        }
        Ok(out)
    }

    /// Where a stored entry is indexed, following retractions and corroborations to their
    /// target (admission refuses chains longer than one, so this ends at once).
    fn index_target_of(&self, seq: u64) -> Result<(Option<TreatyId>, Option<StateCode>)> {
        let event = self.decoded(seq)?.fact.event;
        match event.target() {
            Some(target) if target < seq => self.index_target_of(target),
            Some(_) => Ok((None, None)),
            None => Ok(placement::index_of(&event)),
        }
    }
}

/// Decodes entry `seq`'s stored bytes without hashing them.
fn decode_stored(seq: u64, bytes: &[u8]) -> Result<Entry> {
    codec::decode_entry(bytes).map_err(|e| LedgerError::Damaged {
        entry: Some(seq),
        what: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_name_the_entry_the_ledger_holds_and_both_are_refused() {
        let digits = "12345678";
        assert_eq!(either(digits, 12_345_678, true, vec![]), Ok(12_345_678));
        assert_eq!(either(digits, 12_345_678, false, vec![17]), Ok(17));
        assert_eq!(
            either(digits, 12_345_678, true, vec![12_345_678]),
            Ok(12_345_678)
        );
        let both = either(digits, 12_345_678, true, vec![17]).unwrap_err();
        assert_eq!(
            both.to_string(),
            "'12345678' is entry 12345678's number and the start of entry 17's hash: write n:12345678 for entry 12345678, or h:12345678 for entry 17"
        );
        let many = either(digits, 12_345_678, true, vec![17, 40]).unwrap_err();
        assert!(
            many.to_string()
                .contains("the hashes of entries 17, 40: write n:12345678 for entry 12345678, or h:12345678 and more digits"),
            "{many}"
        );
        assert_eq!(
            either(digits, 12_345_678, false, vec![]),
            Err(NotFound::NoHash(digits.into()))
        );
        assert!(matches!(
            either(digits, 12_345_678, false, vec![3, 4]),
            Err(NotFound::AmbiguousHash { count: 2, .. })
        ));
    }
}
