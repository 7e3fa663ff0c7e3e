//! The ledger: the one way into the store. It admits facts, chains them into entries and reads
//! them back.
//!
//! Every fact passes three gates before anything is written ([`admission`]): its own fields,
//! the recording context (no act dated after the recording day, no duplicate, a registered
//! treaty, a retraction that names a live entry), and the treaty's interpretation with the fact
//! added ([`crate::law::interpret`]), so that the log never holds an entry the projection cannot
//! read. A list of facts is admitted whole or not at all, and written in one atomic, durable
//! append. Reads come back as sealed entries (re-hashed), treaty views ([`view`]), Merkle tree
//! reads ([`tree`]), archived sources ([`sources`]) and, for the audit, the stored rows
//! ([`stored`]).

mod admission;
pub mod error;
pub mod sources;
pub mod stored;
pub mod tree;
pub mod view;

use crate::chain::codec;
use crate::chain::entry::Entry;
use crate::chain::placement;
use crate::chain::prefix::Prefix;
use crate::chain::seal::Sealed;
use crate::law::facts::TreatyLog;
pub use crate::store::StoreError;
use crate::store::{NewEntry, Store};
use crate::vocabulary::calendar::Instant;
use crate::vocabulary::country::StateCode;
use crate::vocabulary::event::{Event, Fact};
use crate::vocabulary::provisions::Provisions;
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

impl Ledger {
    /// Creates a new, empty ledger at `dir`; refuses a directory that already holds one.
    pub fn init(dir: &Path) -> Result<Ledger> {
        Ok(Ledger {
            store: Store::create(dir)?,
        })
    }

    /// Opens the ledger at `dir`, waiting up to `lock_wait` for another process to let go of it.
    pub fn open(dir: &Path, lock_wait: Duration) -> Result<Ledger> {
        Ok(Ledger {
            store: Store::open(dir, lock_wait)?,
        })
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
        let bytes = self.store.entry_bytes(seq)?.ok_or(NotFound::Entry(seq))?;
        Sealed::from_bytes(bytes).map_err(|e| LedgerError::Damaged {
            entry: Some(seq),
            what: e.to_string(),
        })
    }

    /// Reads one entry without hashing it: for interpretation, which needs the fact, not the
    /// proof (`verify` re-hashes every entry).
    fn decoded(&self, seq: u64) -> Result<Entry> {
        let bytes = self.store.entry_bytes(seq)?.ok_or(NotFound::Entry(seq))?;
        decode_stored(seq, &bytes)
    }

    /// Finds an entry by number or by a prefix (at least 4 hex digits) of its hash.
    pub fn find(&self, spec: &str) -> Result<Sealed> {
        if let Ok(seq) = spec.parse::<u64>() {
            return self.entry(seq);
        }
        let hex = spec.to_ascii_lowercase();
        if hex.len() < 4 || hex.len() > 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(NotFound::BadReference(spec.to_string()).into());
        }
        let whole_bytes: Vec<u8> = (0..hex.len() / 2)
            .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).expect("checked hex digits"))
            .collect();
        let matches: Vec<u64> = self
            .store
            .seqs_for_hash_prefix(&whole_bytes)?
            .into_iter()
            .filter(|(hash, _)| hash.hex().starts_with(&hex))
            .map(|(_, seq)| seq)
            .collect();
        match matches.as_slice() {
            [seq] => self.entry(*seq),
            [] => Err(NotFound::NoHash(hex).into()),
            many => Err(NotFound::AmbiguousHash {
                prefix: hex,
                count: many.len(),
            }
            .into()),
        }
    }

    /// Every entry in order; stops at the first that cannot be read.
    pub fn entries(&self) -> impl Iterator<Item = Result<Sealed>> + '_ {
        self.store.entries().map(|item| {
            let (seq, bytes) = item?;
            Sealed::from_bytes(bytes).map_err(|e| LedgerError::Damaged {
                entry: Some(seq),
                what: e.to_string(),
            })
        })
    }

    /// The numbers of the entries indexed under a treaty, and under one of its states if given
    /// (a retraction is indexed with the entry it retracts), in order.
    pub fn entries_under(&self, treaty: &TreatyId, state: Option<&StateCode>) -> Result<Vec<u64>> {
        Ok(match state {
            Some(state) => self.store.state_seqs(treaty.as_str(), state.as_str())?,
            None => self.store.treaty_seqs(treaty.as_str())?,
        })
    }

    /// The numbers of the entries indexed under one state, across every treaty, in order.
    pub fn entries_of_state(&self, state: &StateCode) -> Result<Vec<u64>> {
        let mut seqs = Vec::new();
        for treaty in self.store.treaty_ids()? {
            seqs.extend(self.store.state_seqs(&treaty, state.as_str())?);
        }
        seqs.sort_unstable();
        Ok(seqs)
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
        let id = treaty.as_str();
        let seqs = match states {
            None => self.store.treaty_seqs(id)?,
            Some(states) => {
                let mut seqs = self.store.state_seqs(id, "")?;
                for state in states {
                    seqs.extend(self.store.state_seqs(id, state.as_str())?);
                }
                seqs.sort_unstable();
                seqs
            }
        };
        let seqs: Vec<u64> = seqs.into_iter().take_while(|s| *s <= upto).collect();
        for (seq, bytes) in self.store.entries_at(&seqs)? {
            if log.keeps_notes() {
                log.apply(seq, &decode_stored(seq, &bytes)?.fact);
            } else {
                // A reading needs the events only: citations are neither decoded nor allocated.
                log.apply_event(seq, &decode_event_of(seq, &bytes)?, None);
            }
        }
        Ok(log)
    }

    /// The live treaties, in id order, as of entry `upto`.
    pub fn treaties(&self, upto: u64) -> Result<Vec<(u64, Treaty)>> {
        Ok(self
            .registrations(upto)?
            .into_iter()
            .map(|(seq, treaty, _)| (seq, treaty))
            .collect())
    }

    /// The live treaties with their provisions, in id order, as of entry `upto`.
    pub fn registrations(&self, upto: u64) -> Result<Vec<(u64, Treaty, Provisions)>> {
        let mut out = Vec::new();
        for id in self.treaty_ids()? {
            // The treaty-level entries alone say whether it is registered (and not retracted).
            let log =
                self.treaty_log_of(&id, upto, Some(&BTreeSet::new()), TreatyLog::default())?;
            if let Some((seq, treaty)) = log.registration {
                out.push((seq, treaty, log.provisions));
            }
        }
        Ok(out)
    }

    /// Every treaty id the index holds (registered or not), in id order.
    pub fn treaty_ids(&self) -> Result<Vec<TreatyId>> {
        self.store
            .treaty_ids()?
            .iter()
            .map(|id| {
                TreatyId::parse(id).map_err(|e| LedgerError::Damaged {
                    entry: None,
                    what: format!("the treaty index holds {e}"),
                })
            })
            .collect()
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
                treaty: treaty.as_ref().map(TreatyId::as_str),
                state: state.as_ref().map(StateCode::as_str),
            })
            .collect();
        let growth = tree::growth(self, head.entries, sealed)?;
        Ok(self.store.append(head, &new, &growth)?)
    }

    /// The treaty and state each new entry is indexed under; a retraction goes with its target.
    fn index_targets(
        &self,
        sealed: &[Sealed],
    ) -> Result<Vec<(Option<TreatyId>, Option<StateCode>)>> {
        let mut out: Vec<(Option<TreatyId>, Option<StateCode>)> = Vec::with_capacity(sealed.len());
        let first = sealed.first().map_or(0, |s| s.entry.seq);
        for s in sealed {
            let target = match &s.entry.fact.event {
                Event::Retraction(r) if r.target >= first => {
                    out[(r.target - first) as usize].clone()
                }
                Event::Retraction(r) => placement::index_of(&self.decoded(r.target)?.fact.event),
                event => placement::index_of(event),
            };
            out.push(target);
        }
        Ok(out)
    }
}

/// Decodes only the event of entry `seq`'s stored bytes, checking its number.
fn decode_event_of(seq: u64, bytes: &[u8]) -> Result<Event> {
    let damaged = |what: String| LedgerError::Damaged {
        entry: Some(seq),
        what,
    };
    let (number, event) = codec::decode_event(bytes).map_err(|e| damaged(e.to_string()))?;
    if number != seq {
        return Err(damaged(format!(
            "it is stored as entry {seq} but numbered {number}"
        )));
    }
    Ok(event)
}

/// Decodes entry `seq`'s stored bytes without hashing them.
fn decode_stored(seq: u64, bytes: &[u8]) -> Result<Entry> {
    codec::decode_entry(bytes).map_err(|e| LedgerError::Damaged {
        entry: Some(seq),
        what: e.to_string(),
    })
}
