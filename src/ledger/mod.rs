//! The ledger: admits facts, chains them into entries and reads them back.
//!
//! Every fact passes three gates before anything is written: its own fields
//! ([`Fact::check`]), the recording context (no act dated after the recording day, no
//! duplicate, a registered treaty, a retraction that names a live entry), and the treaty's
//! interpretation with the fact added ([`membership::interpret`]), so that the log never holds
//! an entry the projection cannot read. A list of facts is admitted whole or not at all, and
//! written in one atomic, durable append.

use crate::chain::entry::{Entry, FORMAT_VERSION, Sealed};
use crate::chain::merkle::{self, Tree};
use crate::law::membership::{self, LiveAct, TreatyFacts};
use crate::law::projection::Basis;
use crate::parallel;
use crate::proof::checkpoint::Checkpoint;
use crate::store::{Head, NewEntry, Store, StoreError};
use crate::vocabulary::calendar::Instant;
use crate::vocabulary::country::StateCode;
use crate::vocabulary::digest::Digest;
use crate::vocabulary::event::{Act, ActKind, Event, Fact};
use crate::vocabulary::field::{self, FieldError};
use crate::vocabulary::source;
use crate::vocabulary::treaty::{Treaty, TreatyId};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A fact's own fields are wrong; `fact` is its position in the list given.
    #[error("{error}")]
    Invalid { fact: usize, error: FieldError },
    /// A fact contradicts the ledger or the recording context.
    #[error("{reason}")]
    Refused { fact: usize, reason: String },
    /// A stored entry cannot be read.
    #[error("entry {entry} is damaged: {what}")]
    Damaged { entry: u64, what: String },
    #[error("{0}")]
    NotFound(String),
}

impl LedgerError {
    /// The position of the offending fact, for errors about a fact.
    pub fn fact(&self) -> Option<usize> {
        match self {
            LedgerError::Invalid { fact, .. } | LedgerError::Refused { fact, .. } => Some(*fact),
            _ => None,
        }
    }
}

pub type Result<T> = std::result::Result<T, LedgerError>;

/// Who records, and when: supplied by the caller, never read by the library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recording {
    pub recorder: String,
    pub now: Instant,
}

/// Which prefix of the log to read: what the ledger knew then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsOf {
    Head,
    /// Entries 1 to N.
    Entries(u64),
    /// Entries recorded at or before this instant.
    Time(Instant),
}

/// Everything indexed under one treaty, read up to some entry.
#[derive(Debug, Clone, Default)]
pub struct TreatyLog {
    pub registration: Option<(u64, Treaty)>,
    pub acts: Vec<LiveAct>,
    /// Retracted entry → the retraction that withdrew it.
    pub retracted: BTreeMap<u64, u64>,
    /// Live acts by what makes them the same fact, for refusing duplicates; kept only for
    /// admission (`None` when the log is read to be projected).
    recorded: Option<HashMap<(Act, Option<String>), u64>>,
}

impl TreatyLog {
    /// The live registration and acts, ready to interpret.
    pub fn facts(&self) -> Option<TreatyFacts> {
        let (registered, treaty) = self.registration.clone()?;
        Some(TreatyFacts {
            treaty,
            registered,
            acts: self.acts.clone(),
        })
    }

    /// Adds entry `seq`'s fact: a registration, a live act, or a retraction withdrawing one.
    pub fn apply(&mut self, seq: u64, fact: &Fact) {
        self.apply_event(seq, &fact.event, fact.note.as_ref());
    }

    /// As [`TreatyLog::apply`], from the event and note alone.
    pub fn apply_event(&mut self, seq: u64, event: &Event, note: Option<&String>) {
        match event {
            Event::TreatyRegistration(t) => self.registration = Some((seq, t.clone())),
            Event::Act(act) => {
                self.acts.push(LiveAct {
                    seq,
                    act: act.clone(),
                });
                if let Some(recorded) = &mut self.recorded {
                    recorded.insert(fact_key(act, &note.cloned()), seq);
                }
            }
            Event::Retraction(r) => {
                self.retracted.insert(r.target, seq);
                if let Some(recorded) = &mut self.recorded {
                    recorded.retain(|_, s| *s != r.target);
                }
                self.acts.retain(|a| a.seq != r.target);
                if self
                    .registration
                    .as_ref()
                    .is_some_and(|(s, _)| *s == r.target)
                {
                    self.registration = None;
                }
            }
        }
    }

    fn duplicate_of(&self, act: &Act, note: &Option<String>) -> Option<u64> {
        self.recorded.as_ref()?.get(&fact_key(act, note)).copied()
    }
}

/// What makes two acts the same fact: the act itself, and for a domestic step (of which a state
/// may take several in a day) also its note.
fn fact_key(act: &Act, note: &Option<String>) -> (Act, Option<String>) {
    let note = note.clone().filter(|_| act.kind == ActKind::DomesticStep);
    (act.clone(), note)
}

/// A treaty read from a prefix of the log, ready to project.
#[derive(Debug, Clone)]
pub struct TreatyView {
    pub facts: TreatyFacts,
    pub interpretation: membership::Interpretation,
    pub basis: Basis,
    /// Retracted entry → the retraction that withdrew it, within the prefix.
    pub retracted: BTreeMap<u64, u64>,
}

impl TreatyView {
    /// Interprets a treaty's log; `None` when the treaty is not registered in it.
    fn of(log: TreatyLog, basis: Basis) -> Option<Result<TreatyView>> {
        let facts = log.facts()?;
        let interpretation = membership::interpret(&facts).map_err(|c| LedgerError::Damaged {
            entry: c.entry,
            what: format!("the stored acts contradict each other: {}", c.reason),
        });
        Some(interpretation.map(|interpretation| TreatyView {
            facts,
            interpretation,
            basis,
            retracted: log.retracted,
        }))
    }
}

pub struct Ledger {
    store: Store,
}

impl Ledger {
    pub fn init(dir: &Path) -> Result<Ledger> {
        Ok(Ledger {
            store: Store::create(dir)?,
        })
    }

    pub fn open(dir: &Path) -> Result<Ledger> {
        Ok(Ledger {
            store: Store::open(dir)?,
        })
    }

    pub fn path(&self) -> &Path {
        self.store.path()
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn head(&self) -> Result<Head> {
        Ok(self.store.head()?)
    }

    /// Reads one entry by number.
    pub fn entry(&self, seq: u64) -> Result<Sealed> {
        let bytes = self
            .store
            .entry_bytes(seq)?
            .ok_or_else(|| LedgerError::NotFound(format!("there is no entry {seq}")))?;
        Sealed::from_bytes(bytes).map_err(|e| LedgerError::Damaged {
            entry: seq,
            what: e.to_string(),
        })
    }

    /// Reads one entry without hashing it: for interpretation, which needs the fact, not the
    /// proof (`verify` re-hashes every entry).
    fn decoded(&self, seq: u64) -> Result<Entry> {
        let bytes = self
            .store
            .entry_bytes(seq)?
            .ok_or_else(|| LedgerError::NotFound(format!("there is no entry {seq}")))?;
        decode_stored(seq, &bytes)
    }

    /// Finds an entry by number or by a prefix (at least 4 hex digits) of its hash.
    pub fn find(&self, spec: &str) -> Result<Sealed> {
        if let Ok(seq) = spec.parse::<u64>() {
            return self.entry(seq);
        }
        let hex = spec.to_ascii_lowercase();
        if hex.len() < 4 || hex.len() > 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(LedgerError::NotFound(format!(
                "'{spec}' is neither an entry number nor a hash prefix of at least 4 hex digits"
            )));
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
            [] => Err(LedgerError::NotFound(format!(
                "no entry's hash starts with {hex}"
            ))),
            many => Err(LedgerError::NotFound(format!(
                "{} entries' hashes start with {hex}; give more digits",
                many.len()
            ))),
        }
    }

    /// Every entry in order; stops at the first that cannot be read.
    pub fn entries(&self) -> impl Iterator<Item = Result<Sealed>> + '_ {
        self.store.entries().map(|item| {
            let (seq, bytes) = item?;
            Sealed::from_bytes(bytes).map_err(|e| LedgerError::Damaged {
                entry: seq,
                what: e.to_string(),
            })
        })
    }

    /// The number of entries a transaction-time bound admits.
    pub fn resolve(&self, as_of: AsOf) -> Result<u64> {
        let count = self.head()?.count;
        match as_of {
            AsOf::Head => Ok(count),
            AsOf::Entries(n) if n <= count => Ok(n),
            AsOf::Entries(n) => Err(LedgerError::NotFound(format!(
                "--as-of {n}: the ledger holds only {count} entries"
            ))),
            AsOf::Time(t) => self.count_recorded_by(t, count),
        }
    }

    /// Recording times never decrease along the chain, so a binary search finds the prefix.
    fn count_recorded_by(&self, t: Instant, count: u64) -> Result<u64> {
        let (mut lo, mut hi) = (0u64, count);
        while lo < hi {
            let mid = lo + (hi - lo).div_ceil(2);
            if self.entry(mid)?.entry.recorded_at <= t {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        Ok(lo)
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
            log.apply(seq, &decode_stored(seq, &bytes)?.fact);
        }
        Ok(log)
    }

    /// A treaty as entries 1..N tell it (N from the transaction-time bound): its registration,
    /// live acts, their interpretation, and the prefix it was read from.
    pub fn view(&self, treaty: &TreatyId, as_of: AsOf) -> Result<TreatyView> {
        let upto = self.resolve(as_of)?;
        let log = self.treaty_log(treaty, upto)?;
        let basis = self.basis(upto)?;
        TreatyView::of(log, basis).ok_or_else(|| {
            LedgerError::NotFound(format!(
                "treaty '{treaty}' is not registered in entries 1 to {upto}; `pacta treaty list` shows the registered treaties"
            ))
        })?
    }

    /// Every live treaty as entries 1..N tell it, read in one pass over the log (cheaper than
    /// one indexed read per treaty when all are wanted).
    pub fn views(&self, as_of: AsOf) -> Result<Vec<TreatyView>> {
        let upto = self.resolve(as_of)?;
        let mut placement = Placement::default();
        let mut by_number: Vec<TreatyLog> = Vec::new();
        // Decoding is shared out among the cores a block at a time; applying stays in order.
        const BLOCK: u64 = 50_000;
        for start in (1..=upto).step_by(BLOCK as usize) {
            let end = (start + BLOCK).min(upto + 1);
            for (seq, event) in self.decode_events(start, end)? {
                if let Some((n, _)) = placement.place(seq, &event) {
                    if n == by_number.len() {
                        by_number.push(TreatyLog::default());
                    }
                    by_number[n].apply_event(seq, &event, None);
                }
            }
        }
        let mut logs: Vec<(TreatyId, TreatyLog)> = placement
            .treaties()
            .iter()
            .cloned()
            .zip(by_number)
            .collect();
        let basis = self.basis(upto)?;
        logs.sort_by(|a, b| a.0.cmp(&b.0));
        let parts: Vec<Vec<Result<TreatyView>>> = parallel::per_core(&logs, |part| {
            part.iter()
                .filter_map(|(_, log)| TreatyView::of(log.clone(), basis))
                .collect()
        });
        parts.into_iter().flatten().collect()
    }

    /// The events of entries `start..end`, decoded on every core, in order; refuses a gap.
    fn decode_events(&self, start: u64, end: u64) -> Result<Vec<(u64, Event)>> {
        let seqs: Vec<u64> = (start..end).collect();
        let parts = parallel::per_core(&seqs, |part| match (part.first(), part.last()) {
            (Some(from), Some(to)) => self.decode_range(*from, to + 1),
            _ => Ok(Vec::new()),
        });
        let mut all = Vec::with_capacity(seqs.len());
        for part in parts {
            all.extend(part?);
        }
        Ok(all)
    }

    /// The events of entries `from..to`, in order; refuses a gap.
    fn decode_range(&self, from: u64, to: u64) -> Result<Vec<(u64, Event)>> {
        let mut out = Vec::with_capacity((to - from) as usize);
        for (expected, item) in (from..to).zip(self.store.entries_between(from, to)) {
            let (seq, bytes) = item?;
            let damaged = |what: String| LedgerError::Damaged {
                entry: expected,
                what,
            };
            let (number, event) =
                crate::chain::codec::decode_event(&bytes).map_err(|e| damaged(e.to_string()))?;
            if seq != expected || number != expected {
                return Err(damaged(
                    "the entry numbers are not 1, 2, 3, ...; run `pacta verify`".into(),
                ));
            }
            out.push((seq, event));
        }
        if out.len() as u64 != to - from {
            return Err(LedgerError::Damaged {
                entry: from + out.len() as u64,
                what: "the entry is missing".into(),
            });
        }
        Ok(out)
    }

    /// The prefix 1..upto and the hash of its last entry.
    fn basis(&self, upto: u64) -> Result<Basis> {
        let head = match upto {
            0 => Digest::ZERO,
            n => self.entry(n)?.hash,
        };
        Ok(Basis {
            entries: upto,
            head,
        })
    }

    /// The live treaties, in id order, as of entry `upto`.
    pub fn treaties(&self, upto: u64) -> Result<Vec<(u64, Treaty)>> {
        let mut out = Vec::new();
        for id in self.store.treaty_ids()? {
            let id = TreatyId::parse(&id).map_err(|e| LedgerError::Damaged {
                entry: 0,
                what: format!("the treaty index holds {e}"),
            })?;
            // The treaty-level entries alone say whether it is registered (and not retracted).
            let log =
                self.treaty_log_of(&id, upto, Some(&BTreeSet::new()), TreatyLog::default())?;
            out.extend(log.registration);
        }
        Ok(out)
    }

    /// Admits and appends facts, all or none; returns the new entries.
    pub fn record(&self, facts: &[Fact], recording: &Recording) -> Result<Vec<Sealed>> {
        field::line("recorder", &recording.recorder, field::NAME_MAX)
            .map_err(|error| LedgerError::Invalid { fact: 0, error })?;
        let head = self.head()?;
        let last_time = match head.count {
            0 => None,
            // Only its time is needed: decoded, not hashed.
            n => Some(self.decoded(n)?.recorded_at),
        };
        if let Some(last) = last_time.filter(|last| recording.now < *last) {
            return Err(LedgerError::Refused {
                fact: 0,
                reason: format!(
                    "the clock reads {}, before the last entry was recorded ({last}); recording times may not go backwards: check the system clock or PACTA_NOW",
                    recording.now
                ),
            });
        }
        let mut admission = Admission {
            ledger: self,
            head,
            recording,
            logs: HashMap::new(),
            pending: Vec::new(),
        };
        for (i, fact) in facts.iter().enumerate() {
            admission.admit(i, fact)?;
        }
        admission.check_interpretations()?;
        let sealed = admission.seal();
        self.append_sealed(head, &sealed)?;
        Ok(sealed)
    }

    /// Appends entries already chained to `head`, with their index and Merkle rows, in one
    /// atomic, durable write. The caller has checked what they say.
    pub(crate) fn append_sealed(&self, head: Head, sealed: &[Sealed]) -> Result<Head> {
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
        let hashes: Vec<Digest> = sealed.iter().map(|s| s.hash).collect();
        let growth = merkle::grow(&self.store, head.count, &hashes).map_err(merkle_error)?;
        Ok(self.store.append(head, &new, &growth)?)
    }

    /// The Merkle root of the first `size` entries.
    pub fn merkle_root(&self, size: u64) -> Result<Digest> {
        self.within(size)?;
        merkle::StoredTree::new(&self.store)
            .subtree(0, size)
            .map_err(merkle_error)
    }

    /// The inclusion path of entry `seq` in the tree of the first `size` entries.
    pub fn inclusion_path(&self, seq: u64, size: u64) -> Result<Vec<Digest>> {
        self.within(size)?;
        if seq == 0 || seq > size {
            return Err(LedgerError::NotFound(format!(
                "entry {seq} is not among the first {size} entries"
            )));
        }
        merkle::inclusion_path(&mut merkle::StoredTree::new(&self.store), seq - 1, size)
            .map_err(merkle_error)
    }

    /// The proof that the first `old` entries are a prefix of the first `new`.
    pub fn consistency_proof(&self, old: u64, new: u64) -> Result<Vec<Digest>> {
        self.within(new)?;
        merkle::consistency_proof(&mut merkle::StoredTree::new(&self.store), old, new)
            .map_err(merkle_error)
    }

    /// Archives a source document; returns its digest and whether it was new.
    pub fn add_source(
        &self,
        bytes: &[u8],
        title: Option<String>,
        url: Option<String>,
        recording: &Recording,
    ) -> Result<(Digest, bool)> {
        source::text(bytes).map_err(|e| LedgerError::Invalid {
            fact: 0,
            error: FieldError::new("source", e.to_string()),
        })?;
        field::optional_line("source title", &title, field::TITLE_MAX)
            .map_err(|error| LedgerError::Invalid { fact: 0, error })?;
        if let Some(url) = &url {
            let probe = crate::vocabulary::citation::Citation {
                url: Some(url.clone()),
                ..crate::vocabulary::citation::Citation::titled("source")
            };
            probe
                .check()
                .map_err(|error| LedgerError::Invalid { fact: 0, error })?;
        }
        let digest = source::digest(bytes);
        let description = source::Description {
            title,
            url,
            bytes: bytes.len() as u64,
            added_at: recording.now,
            added_by: recording.recorder.clone(),
        };
        let json = serde_json::to_vec(&description).expect("a description always serialises");
        let new = self.store.put_source(&digest, bytes, &json)?;
        Ok((digest, new))
    }

    /// An archived document's description, if the ledger holds it.
    pub fn source_description(&self, digest: &Digest) -> Result<Option<source::Description>> {
        let Some(raw) = self.store.source_description(digest)? else {
            return Ok(None);
        };
        serde_json::from_slice(&raw)
            .map(Some)
            .map_err(|e| LedgerError::Damaged {
                entry: 0,
                what: format!("the description of source {digest} does not parse: {e}"),
            })
    }

    /// A checkpoint of the whole ledger as it is now, unsigned.
    pub fn checkpoint(&self, time: Instant) -> Result<Checkpoint> {
        self.checkpoint_at(self.head()?.count, time, None)
    }

    /// A checkpoint of the first `size` entries, unsigned, with a treaty index root if given.
    pub fn checkpoint_at(
        &self,
        size: u64,
        time: Instant,
        treaties: Option<Digest>,
    ) -> Result<Checkpoint> {
        if size == 0 {
            return Err(LedgerError::NotFound(
                "an empty ledger has no checkpoint".into(),
            ));
        }
        Ok(Checkpoint {
            origin: Checkpoint::origin_for(&self.entry(1)?.hash),
            size,
            root: self.merkle_root(size)?,
            head: self.entry(size)?.hash,
            time,
            treaties,
            signatures: Vec::new(),
        })
    }

    /// Refuses a checkpoint this ledger does not extend: another ledger, a larger size, or a
    /// root or head this ledger never had.
    pub fn check_extends(&self, c: &Checkpoint) -> Result<()> {
        let refuse = |why: String| LedgerError::Refused {
            fact: 0,
            reason: why,
        };
        let ours = Checkpoint::origin_for(&self.entry(1)?.hash);
        if c.origin != ours {
            return Err(refuse(format!(
                "the checkpoint is of ledger {}, this is {ours}",
                c.origin
            )));
        }
        let count = self.head()?.count;
        if c.size > count {
            return Err(refuse(format!(
                "the checkpoint covers {} entries; this ledger holds {count}",
                c.size
            )));
        }
        if self.merkle_root(c.size)? != c.root || self.entry(c.size)?.hash != c.head {
            return Err(refuse(format!(
                "this ledger's first {} entries do not match the checkpoint: the history was rewritten, or the checkpoint is of another copy",
                c.size
            )));
        }
        Ok(())
    }

    fn within(&self, size: u64) -> Result<()> {
        let count = self.head()?.count;
        if size > count {
            return Err(LedgerError::NotFound(format!(
                "the ledger holds {count} entries, not {size}"
            )));
        }
        Ok(())
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
                Event::Retraction(r) => index_of(&self.entry(r.target)?.entry.fact.event),
                event => index_of(event),
            };
            out.push(target);
        }
        Ok(out)
    }
}

/// Decodes entry `seq`'s stored bytes without hashing them.
fn decode_stored(seq: u64, bytes: &[u8]) -> Result<Entry> {
    crate::chain::codec::decode_entry(bytes).map_err(|e| LedgerError::Damaged {
        entry: seq,
        what: e.to_string(),
    })
}

/// The first of these treaties whose interpretation finds a contradiction.
fn first_contradiction<'a>(
    logs: &[(&'a TreatyId, TreatyFacts)],
) -> Option<(&'a TreatyId, membership::Contradiction)> {
    logs.iter()
        .find_map(|(treaty, facts)| membership::interpret(facts).err().map(|c| (*treaty, c)))
}

fn merkle_error(e: merkle::GrowError<StoreError>) -> LedgerError {
    match e {
        merkle::GrowError::Store(e) => LedgerError::Store(e),
        merkle::GrowError::Missing => LedgerError::Store(StoreError::Damaged {
            path: std::path::PathBuf::new(),
            what: "a Merkle row the tree needs is missing; run `pacta verify`".into(),
        }),
    }
}

/// The treaty and state an event is indexed under by itself (none for a retraction, which goes
/// with its target).
fn index_of(event: &Event) -> (Option<TreatyId>, Option<StateCode>) {
    match Place::of(event) {
        Place::Under(treaty, state) => (Some(treaty), state),
        Place::With(_) => (None, None),
    }
}

/// Where an event asks to be indexed, before the pass over the log resolves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// Under its own treaty, and state if it has one.
    Under(TreatyId, Option<StateCode>),
    /// Wherever the entry it retracts is.
    With(u64),
}

impl Place {
    pub fn of(event: &Event) -> Place {
        match event {
            Event::TreatyRegistration(t) => Place::Under(t.id.clone(), None),
            Event::Act(a) => Place::Under(a.treaty.clone(), a.state.clone()),
            Event::Retraction(r) => Place::With(r.target),
        }
    }
}

/// Where the entries of one pass over the log, in rising order, are indexed: under their own
/// treaty and state, or, for a retraction, those of the entry it retracts. The store's index
/// rows, the treaty index committed in checkpoints, restore and every whole-log reading follow
/// this one rule. Treaties and states are numbered in order of first appearance.
#[derive(Debug, Default)]
pub struct Placement {
    treaties: Vec<TreatyId>,
    treaty_numbers: HashMap<TreatyId, usize>,
    states: Vec<StateCode>,
    state_numbers: HashMap<StateCode, usize>,
    /// Entry number − 1 → (treaty number, state number); `None` under no treaty or not placed.
    placed: Vec<Option<(usize, Option<usize>)>>,
}

impl Placement {
    /// Places entry `seq` (numbers rise; entries skipped are left unplaced) and returns its
    /// treaty's number and its state's number, if it is indexed under a treaty.
    pub fn place(&mut self, seq: u64, event: &Event) -> Option<(usize, Option<usize>)> {
        self.place_at(seq, Place::of(event))
    }

    /// As [`Placement::place`], for an event already reduced to where it asks to be.
    pub fn place_at(&mut self, seq: u64, place: Place) -> Option<(usize, Option<usize>)> {
        let placed = match place {
            Place::With(target) => target
                .checked_sub(1)
                .and_then(|i| self.placed.get(i as usize).copied().flatten()),
            Place::Under(treaty, state) => Some((
                number(&mut self.treaties, &mut self.treaty_numbers, treaty),
                state.map(|s| number(&mut self.states, &mut self.state_numbers, s)),
            )),
        };
        self.placed.resize(seq.saturating_sub(1) as usize, None);
        self.placed.push(placed);
        placed
    }

    pub fn treaty(&self, number: usize) -> &TreatyId {
        &self.treaties[number]
    }

    pub fn state(&self, number: usize) -> &StateCode {
        &self.states[number]
    }

    /// Every treaty placed so far, by number.
    pub fn treaties(&self) -> &[TreatyId] {
        &self.treaties
    }
}

/// The number of `value` in `list`, adding it at the end if new.
fn number<T: Clone + Eq + std::hash::Hash>(
    list: &mut Vec<T>,
    numbers: &mut HashMap<T, usize>,
    value: T,
) -> usize {
    if let Some(&n) = numbers.get(&value) {
        return n;
    }
    numbers.insert(value.clone(), list.len());
    list.push(value);
    list.len() - 1
}

/// A treaty's log as far as an admission has loaded it.
struct Loaded {
    log: TreatyLog,
    /// The states loaded besides the treaty-level entries; `None` for the whole treaty.
    states: Option<BTreeSet<StateCode>>,
}

/// The part of a treaty a fact needs to be checked against: one state's history (with the
/// treaty-level entries), or `None` for the whole treaty. An act that counts towards the
/// treaty's entry into force, undoes such an instrument, or depends on the treaty's entry into
/// force (a signature, which closes then) needs the whole treaty; any other act concerns only
/// its own state.
fn scope_of(event: &Event) -> Option<StateCode> {
    match event {
        Event::Act(a) => {
            let treaty_wide = matches!(
                a.kind,
                ActKind::Signature
                    | ActKind::Ratification
                    | ActKind::Acceptance
                    | ActKind::Approval
                    | ActKind::Accession
                    | ActKind::InstrumentWithdrawal
            );
            a.state.clone().filter(|_| !treaty_wide)
        }
        _ => None,
    }
}

/// The state of one admission: the ledger as it would be with the facts admitted so far.
struct Admission<'a> {
    ledger: &'a Ledger,
    head: Head,
    recording: &'a Recording,
    logs: HashMap<TreatyId, Loaded>,
    /// Facts admitted so far, with the treaty each touches.
    pending: Vec<(Fact, Option<TreatyId>)>,
}

impl Admission<'_> {
    fn seq_of(&self, i: usize) -> u64 {
        self.head.count + 1 + i as u64
    }

    /// The treaty's log with the facts admitted so far, loaded far enough to cover `need`
    /// (`None`: the whole treaty; a state: the treaty-level entries and that state's).
    fn log(&mut self, treaty: &TreatyId, need: Option<&StateCode>) -> Result<&mut TreatyLog> {
        let loaded = self.logs.get(treaty).map(|l| l.states.clone());
        let states = match (loaded, need) {
            (Some(None), _) => None,
            (Some(Some(states)), Some(s)) if states.contains(s) => Some(states),
            (Some(Some(mut states)), Some(s)) => {
                states.insert(s.clone());
                Some(states)
            }
            (None, Some(s)) => Some(BTreeSet::from([s.clone()])),
            (_, None) => None,
        };
        let covered = self.logs.get(treaty).is_some_and(|l| l.states == states);
        if !covered {
            let empty = TreatyLog {
                recorded: Some(HashMap::new()),
                ..TreatyLog::default()
            };
            let mut log =
                self.ledger
                    .treaty_log_of(treaty, self.head.count, states.as_ref(), empty)?;
            for (j, (fact, t)) in self.pending.iter().enumerate() {
                if t.as_ref() == Some(treaty) {
                    log.apply(self.seq_of(j), fact);
                }
            }
            self.logs.insert(treaty.clone(), Loaded { log, states });
        }
        Ok(&mut self.logs.get_mut(treaty).expect("inserted above").log)
    }

    fn admit(&mut self, i: usize, fact: &Fact) -> Result<()> {
        fact.check()
            .map_err(|error| LedgerError::Invalid { fact: i, error })?;
        self.check_sources(i, fact)?;
        let refuse = |reason: String| LedgerError::Refused { fact: i, reason };
        self.check_dates(fact).map_err(refuse)?;
        let seq = self.seq_of(i);
        let (treaty, need) = match &fact.event {
            Event::TreatyRegistration(t) => {
                if let Some((at, _)) = &self.log(&t.id, None)?.registration {
                    return Err(refuse(format!(
                        "treaty '{}' is already registered (entry {at})",
                        t.id
                    )));
                }
                (t.id.clone(), None)
            }
            Event::Act(act) => {
                let need = scope_of(&fact.event);
                let log = self.log(&act.treaty, need.as_ref())?;
                if log.registration.is_none() {
                    return Err(refuse(format!(
                        "unknown treaty '{}': register it first with `pacta treaty add {}`",
                        act.treaty, act.treaty
                    )));
                }
                if let Some(dup) = log.duplicate_of(act, &fact.note) {
                    return Err(refuse(format!(
                        "this fact is already recorded as entry {dup}"
                    )));
                }
                (act.treaty.clone(), need)
            }
            Event::Retraction(r) => self.admit_retraction(i, r.target, r.target_hash)?,
        };
        self.log(&treaty, need.as_ref())?.apply(seq, fact);
        self.pending.push((fact.clone(), Some(treaty)));
        Ok(())
    }

    /// A citation naming an archived document must quote it.
    fn check_sources(&self, i: usize, fact: &Fact) -> Result<()> {
        let refuse = |reason: String| LedgerError::Refused { fact: i, reason };
        for c in &fact.citations {
            let Some(digest) = c.source else { continue };
            let bytes = self.ledger.store.source(&digest)?.ok_or_else(|| {
                refuse(format!("the archived source {digest} is not in this ledger; add it first with `pacta source add FILE`"))
            })?;
            let quote = c.quote.as_deref().ok_or_else(|| {
                refuse(format!("a citation naming the archived source {} needs --quote, to be checked against it", digest.short()))
            })?;
            let text = String::from_utf8_lossy(&bytes);
            if !source::quotes(&text, quote) {
                return Err(refuse(format!(
                    "the quote \"{quote}\" does not occur in the archived source {} (white space is folded, letter case is kept)",
                    digest.short()
                )));
            }
        }
        Ok(())
    }

    fn check_dates(&self, fact: &Fact) -> std::result::Result<(), String> {
        let today = self.recording.now.date();
        let mut dates: Vec<(&str, crate::vocabulary::calendar::LegalDate)> =
            fact.citations.iter().flat_map(|c| c.dates()).collect();
        match &fact.event {
            Event::Act(a) => dates.push(("act date", a.date)),
            Event::TreatyRegistration(t) => dates.extend(t.adopted.map(|d| ("adoption date", d))),
            Event::Retraction(_) => {}
        }
        match dates.into_iter().find(|(_, d)| *d > today) {
            Some((what, d)) => Err(format!(
                "the {what} {d} is after the recording day {today}; a fact cannot be recorded before it happens"
            )),
            None => Ok(()),
        }
    }

    /// Checks a retraction; returns the treaty and scope of the entry it retracts.
    fn admit_retraction(
        &mut self,
        i: usize,
        target: u64,
        target_hash: Digest,
    ) -> Result<(TreatyId, Option<StateCode>)> {
        let refuse = |reason: String| LedgerError::Refused { fact: i, reason };
        let event = if target >= 1 && target <= self.head.count {
            let sealed = self.ledger.entry(target)?;
            if sealed.hash != target_hash {
                return Err(refuse(format!(
                    "entry {target} has hash {}, not {target_hash}",
                    sealed.hash
                )));
            }
            sealed.entry.fact.event
        } else if target > self.head.count && target < self.seq_of(i) {
            self.pending[(target - self.head.count - 1) as usize]
                .0
                .event
                .clone()
        } else {
            return Err(refuse(format!("there is no entry {target} to retract")));
        };
        let treaty = match &event {
            Event::Retraction(_) => {
                return Err(refuse(format!(
                    "entry {target} is itself a retraction; to restore what it withdrew, record the fact again"
                )));
            }
            other => other
                .treaty()
                .cloned()
                .expect("registrations and acts name a treaty"),
        };
        let need = scope_of(&event);
        let log = self.log(&treaty, need.as_ref())?;
        if let Some(by) = log.retracted.get(&target) {
            return Err(refuse(format!(
                "entry {target} was already retracted by entry {by}"
            )));
        }
        if matches!(event, Event::TreatyRegistration(_))
            && let Some(act) = log.acts.first()
        {
            return Err(refuse(format!(
                "treaty '{treaty}' still has live entries (e.g. entry {}); retract them first",
                act.seq
            )));
        }
        Ok((treaty, need))
    }

    /// Interprets every treaty a pending fact touches, with all the facts, the treaties shared
    /// out among the cores; on a contradiction, finds the first fact that brings it about.
    fn check_interpretations(&self) -> Result<()> {
        let touched: HashSet<&TreatyId> = self
            .pending
            .iter()
            .filter_map(|(_, t)| t.as_ref())
            .collect();
        let mut logs: Vec<(&TreatyId, TreatyFacts)> = self
            .logs
            .iter()
            .filter(|(treaty, _)| touched.contains(treaty))
            .filter_map(|(treaty, loaded)| Some((treaty, loaded.log.facts()?)))
            .collect();
        // In id order, so that of several contradicting treaties the same one is named.
        logs.sort_by(|a, b| a.0.cmp(b.0));
        let contradiction = parallel::per_core(&logs, first_contradiction)
            .into_iter()
            .flatten()
            .next();
        match contradiction {
            Some((treaty, c)) => Err(self.blame(treaty, c)),
            None => Ok(()),
        }
    }

    /// Replays the treaty's pending facts one at a time to name the first that contradicts.
    fn blame(&self, treaty: &TreatyId, contradiction: membership::Contradiction) -> LedgerError {
        let mut log = self
            .ledger
            .treaty_log(treaty, self.head.count)
            .unwrap_or_default();
        for (i, (fact, t)) in self.pending.iter().enumerate() {
            if t.as_ref() != Some(treaty) {
                continue;
            }
            log.apply(self.seq_of(i), fact);
            if let Some(Err(c)) = log.facts().map(|f| membership::interpret(&f)) {
                return LedgerError::Refused {
                    fact: i,
                    reason: self.explain(c),
                };
            }
        }
        LedgerError::Refused {
            fact: 0,
            reason: self.explain(contradiction),
        }
    }

    fn explain(&self, c: membership::Contradiction) -> String {
        if c.entry <= self.head.count {
            format!("this would contradict entry {}: {}", c.entry, c.reason)
        } else {
            c.reason
        }
    }

    fn seal(self) -> Vec<Sealed> {
        let mut prev = self.head.hash;
        let mut out = Vec::with_capacity(self.pending.len());
        for (i, (fact, _)) in self.pending.into_iter().enumerate() {
            let sealed = Entry {
                version: FORMAT_VERSION,
                seq: self.head.count + 1 + i as u64,
                prev,
                recorded_at: self.recording.now,
                recorder: self.recording.recorder.clone(),
                fact,
            }
            .seal();
            prev = sealed.hash;
            out.push(sealed);
        }
        out
    }
}
