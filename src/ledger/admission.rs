//! Admission: how a list of facts gets into the ledger, all or none.
//!
//! Each fact is checked on its own ([`Fact::check`]), against its archived sources, against the
//! recording day, and against the ledger as it would be with the facts before it admitted
//! (a registered treaty, no duplicate, a retraction of a live entry, a corroboration of a live
//! act, statement or registration with citations it does not have yet, a statement that fits
//! the depositary practice of [`crate::law::statements`]). Then every treaty a fact
//! touches is interpreted with all of them ([`interpret::interpret`]); a contradiction is
//! blamed on the first fact that brings it about. Only the part of a treaty a fact needs is
//! loaded: one state's history, or the whole treaty for acts that change what others mean.

use super::{Ledger, LedgerError, Recording, Refusal, Result};
use crate::chain::entry::{Entry, FORMAT_VERSION};
use crate::chain::placement;
use crate::chain::prefix::Prefix;
use crate::chain::seal::Sealed;
use crate::law::facts::{TreatyFacts, TreatyLog};
use crate::law::interpret::{self, Contradiction};
use crate::law::statements;
use crate::parallel;
use crate::store::{Bulk, NewEntry};
use crate::vocabulary::calendar::LegalDate;
use crate::vocabulary::citation::Citation;
use crate::vocabulary::country::StateCode;
use crate::vocabulary::digest::Digest;
use crate::vocabulary::event::{Act, ActKind};
use crate::vocabulary::event::{Event, Fact};
use crate::vocabulary::field;
use crate::vocabulary::source;
use crate::vocabulary::statement::Statement;
use crate::vocabulary::treaty::TreatyId;
use hashbrown::{DefaultHashBuilder, HashTable};
use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::hash::BuildHasher;

/// Admits `facts` as they would follow the ledger's head; returns them sealed, chained to it.
pub(super) fn admit(ledger: &Ledger, facts: &[Fact], recording: &Recording) -> Result<Vec<Sealed>> {
    Ok(admitted(ledger, facts, recording)?.seal())
}

/// Checks `facts` as [`admit`] does, without sealing them.
pub(super) fn check(ledger: &Ledger, facts: &[Fact], recording: &Recording) -> Result<()> {
    admitted(ledger, facts, recording).map(|_| ())
}

/// The admission of `facts` after the ledger's head, every check passed.
fn admitted<'a>(
    ledger: &'a Ledger,
    facts: &[Fact],
    recording: &'a Recording,
) -> Result<Admission<'a>> {
    let mut admission = Admission::new(ledger, recording, |_| Ok(Pending::Held(Vec::new())))?;
    for (i, fact) in facts.iter().enumerate() {
        admission.admit(i, fact.clone())?;
    }
    admission.check_interpretations()?;
    Ok(admission)
}

/// An admission whose facts are sealed and written into a bulk append of the store as they are
/// admitted ([`Admission::finish`] commits it): for lists too long to hold.
pub(super) fn streamed<'a>(ledger: &'a Ledger, recording: &'a Recording) -> Result<Admission<'a>> {
    Admission::new(ledger, recording, |head| {
        Ok(Pending::Written(Box::new(Written {
            tail: ledger.store.bulk(head)?,
            prev: head.head,
            hashes: Vec::new(),
        })))
    })
}

/// Recording times never go backwards along the chain.
fn check_clock(ledger: &Ledger, head: Prefix, recording: &Recording) -> Result<()> {
    if head.entries == 0 {
        return Ok(());
    }
    // Only its time is needed: decoded, not hashed.
    let last = ledger.decoded(head.entries)?.recorded_at;
    if recording.now < last {
        return Err(LedgerError::Refused {
            fact: None,
            refusal: Refusal::ClockBehind {
                now: recording.now,
                last,
            },
        });
    }
    Ok(())
}

/// A treaty's log as far as an admission has loaded it.
struct Loaded {
    log: TreatyLog,
    /// The states loaded besides the treaty-level entries; `None` for the whole treaty.
    states: Option<BTreeSet<StateCode>>,
    /// For a streamed admission, the live acts by the hash of what makes two the same fact:
    /// (hash, entry). The log keeps no copy of each act for that, which at a million facts
    /// would be most of the admission's memory; a hash found is checked against the act.
    acts: Option<HashTable<(u64, u64)>>,
}

impl Loaded {
    fn apply(&mut self, hasher: &DefaultHashBuilder, seq: u64, fact: &Fact) {
        self.log.apply(seq, fact);
        if let (Some(acts), Event::Act(act)) = (&mut self.acts, &fact.event) {
            let hash = fact_hash(hasher, act, &fact.note);
            acts.insert_unique(hash, (hash, seq), |(h, _)| *h);
        }
    }
}

/// The hash of what makes two acts the same fact: the act, and for a domestic step its note.
fn fact_hash(hasher: &DefaultHashBuilder, act: &Act, note: &Option<String>) -> u64 {
    let note = note.as_ref().filter(|_| act.kind == ActKind::DomesticStep);
    hasher.hash_one((act, note))
}

/// The part of a treaty a fact needs to be checked against: one state's history (with the
/// treaty-level entries), or `None` for the whole treaty.
fn scope_of(event: &Event) -> Option<StateCode> {
    match event {
        Event::Act(a) => a.state.clone().filter(|_| !a.kind.is_treaty_wide()),
        // A statement is checked against other states' statements: the whole treaty.
        Event::TreatyRegistration(_)
        | Event::Retraction(_)
        | Event::Corroboration(_)
        | Event::Provisions(_)
        | Event::Statement(_) => None,
    }
}

/// The state of one admission: the ledger as it would be with the facts admitted so far.
pub(super) struct Admission<'a> {
    ledger: &'a Ledger,
    head: Prefix,
    recording: &'a Recording,
    logs: HashMap<TreatyId, Loaded>,
    /// The facts admitted so far.
    pending: Pending<'a>,
    /// How many facts have been admitted.
    count: usize,
    /// The facts admitted so far that touch each treaty, by number in the list.
    of_treaty: HashMap<TreatyId, Vec<u32>>,
    hasher: DefaultHashBuilder,
}

/// What an admission keeps of the facts it admitted.
enum Pending<'a> {
    /// Every fact with the treaty it touches, to be sealed together at the end.
    Held(Vec<(Fact, TreatyId)>),
    /// Facts sealed and written as they are admitted, read back when needed.
    Written(Box<Written<'a>>),
}

/// Facts sealed and written into a bulk append as they are admitted.
struct Written<'a> {
    tail: Bulk<'a>,
    /// The hash of the last entry: the next links to it.
    prev: Digest,
    /// Every new entry's hash, for the Merkle tree.
    hashes: Vec<Digest>,
}

impl<'a> Admission<'a> {
    /// An admission after the ledger's head; `pending` makes what keeps its facts.
    fn new(
        ledger: &'a Ledger,
        recording: &'a Recording,
        pending: impl FnOnce(Prefix) -> Result<Pending<'a>>,
    ) -> Result<Admission<'a>> {
        field::line("recorder", &recording.recorder, field::NAME_MAX)
            .map_err(|error| LedgerError::Invalid { fact: None, error })?;
        let head = ledger.head()?;
        check_clock(ledger, head, recording)?;
        Ok(Admission {
            ledger,
            head,
            recording,
            logs: HashMap::new(),
            pending: pending(head)?,
            count: 0,
            of_treaty: HashMap::new(),
            hasher: DefaultHashBuilder::default(),
        })
    }

    /// Checks, interprets and commits a streamed admission: every entry is in the ledger when
    /// this returns, or none. Returns the new entries' hashes in order.
    pub(super) fn finish(mut self) -> Result<Vec<Digest>> {
        self.check_interpretations()?;
        let Pending::Written(written) = self.pending else {
            return Ok(Vec::new());
        };
        let written = *written;
        if written.hashes.is_empty() {
            return Ok(Vec::new());
        }
        let growth = super::tree::growth_of(self.ledger, self.head.entries, &written.hashes)?;
        written.tail.commit(&growth)?;
        Ok(written.hashes)
    }

    /// How many facts have been admitted.
    pub(super) fn len(&self) -> usize {
        self.count
    }

    /// The number the first fact's entry gets.
    pub(super) fn first(&self) -> u64 {
        self.head.entries + 1
    }
}

impl Admission<'_> {
    fn seq_of(&self, i: usize) -> u64 {
        self.head.entries + 1 + i as u64
    }

    /// A fact admitted earlier in this list, by the entry number it will have.
    fn pending_fact(&self, seq: u64) -> Result<Cow<'_, Fact>> {
        let i = (seq - self.head.entries - 1) as usize;
        match &self.pending {
            Pending::Held(facts) => Ok(Cow::Borrowed(&facts[i].0)),
            Pending::Written(w) => {
                let (_, _, bytes) = w.tail.entry(seq)?.ok_or(LedgerError::Store(
                    crate::store::StoreError::Moved {
                        expected: seq,
                        found: self.head.entries + self.count as u64,
                    },
                ))?;
                Ok(Cow::Owned(super::decode_stored(seq, &bytes)?.fact))
            }
        }
    }

    /// Keeps an admitted fact: held, or sealed and written.
    fn keep(&mut self, fact: Fact, treaty: TreatyId) -> Result<()> {
        let seq = self.seq_of(self.count);
        let place = match &self.pending {
            Pending::Held(_) => None,
            Pending::Written(_) => Some(self.index_of(self.count, seq, &fact.event)?),
        };
        self.of_treaty
            .entry(treaty.clone())
            .or_default()
            .push(self.count as u32);
        match &mut self.pending {
            Pending::Held(facts) => facts.push((fact, treaty)),
            Pending::Written(w) => {
                let (index_treaty, state) = place.unwrap_or_default();
                let sealed = Entry {
                    version: FORMAT_VERSION,
                    seq,
                    prev: w.prev,
                    recorded_at: self.recording.now,
                    recorder: self.recording.recorder.clone(),
                    fact,
                }
                .seal();
                w.tail.push(&NewEntry {
                    seq,
                    hash: sealed.hash,
                    bytes: &sealed.bytes,
                    treaty: &index_treaty,
                    state: Some(state.as_str()).filter(|s| !s.is_empty()),
                })?;
                w.prev = sealed.hash;
                w.hashes.push(sealed.hash);
            }
        }
        self.count += 1;
        Ok(())
    }

    /// The treaty and state (empty for none) fact `i`, entry `seq`, is indexed under: its own,
    /// or for a retraction or corroboration its target's.
    fn index_of(&self, i: usize, seq: u64, event: &Event) -> Result<(String, String)> {
        let named = |(t, s): (Option<TreatyId>, Option<StateCode>)| {
            t.map(|t| (t.to_string(), s.map(|s| s.to_string()).unwrap_or_default()))
        };
        let place = match event.target() {
            None => named(placement::index_of(event)),
            Some(target) if target >= seq => None,
            Some(target) if target <= self.head.entries => {
                named(self.ledger.index_target_of(target)?)
            }
            Some(target) => match &self.pending {
                Pending::Written(w) => w.tail.entry(target)?.map(|(t, s, _)| (t.to_string(), s)),
                Pending::Held(_) => None,
            },
        };
        place.ok_or_else(|| {
            LedgerError::refused(
                i,
                Refusal::Conflict(format!("entry {seq} names no earlier entry about a treaty")),
            )
        })
    }

    /// The treaty's log with the facts admitted so far, loaded far enough to cover `need`
    /// (`None`: the whole treaty; a state: the treaty-level entries and that state's).
    fn log(&mut self, treaty: &TreatyId, need: Option<&StateCode>) -> Result<&mut TreatyLog> {
        // A streamed admission loads each treaty whole, once: widening a log state by state
        // would read the treaty again for every state.
        let need = need.filter(|_| matches!(self.pending, Pending::Held(_)));
        let loaded = self.logs.get(treaty).map(|l| l.states.as_ref());
        let states = match (loaded, need) {
            (Some(None), _) | (_, None) => None,
            (Some(Some(states)), Some(s)) => {
                let mut states = states.clone();
                states.insert(s.clone());
                Some(states)
            }
            (None, Some(s)) => Some(BTreeSet::from([s.clone()])),
        };
        let covered = self.logs.get(treaty).is_some_and(|l| l.states == states);
        if !covered {
            let loaded = match self.pending {
                Pending::Held(_) => Loaded {
                    log: self.ledger.treaty_log_of(
                        treaty,
                        self.head.entries,
                        states.as_ref(),
                        TreatyLog::for_admission(),
                    )?,
                    states,
                    acts: None,
                },
                Pending::Written(_) => self.load_whole(treaty)?,
            };
            self.logs.insert(treaty.clone(), loaded);
            let replayed = self.of_treaty.get(treaty).cloned().unwrap_or_default();
            for j in replayed {
                let seq = self.seq_of(j as usize);
                let fact = self.pending_fact(seq)?.into_owned();
                self.apply(treaty, seq, &fact);
            }
        }
        Ok(&mut self.logs.get_mut(treaty).expect("loaded above").log)
    }

    /// A whole treaty's stored entries, with its live acts found by hash.
    fn load_whole(&self, treaty: &TreatyId) -> Result<Loaded> {
        let mut loaded = Loaded {
            log: TreatyLog::default(),
            states: None,
            acts: Some(HashTable::new()),
        };
        let entries = self.ledger.store.treaty_entries(treaty.as_str(), None)?;
        for (seq, bytes) in entries
            .into_iter()
            .take_while(|(s, _)| *s <= self.head.entries)
        {
            let fact = super::decode_stored(seq, &bytes)?.fact;
            loaded.apply(&self.hasher, seq, &fact);
        }
        Ok(loaded)
    }

    /// Adds entry `seq`'s fact to its treaty's log (loaded).
    fn apply(&mut self, treaty: &TreatyId, seq: u64, fact: &Fact) {
        if let Some(loaded) = self.logs.get_mut(treaty) {
            loaded.apply(&self.hasher, seq, fact);
        }
    }

    /// The live entry that records the same fact as `act` with `note`, in a loaded treaty.
    fn duplicate_of(&self, act: &Act, note: &Option<String>) -> Result<Option<u64>> {
        let Some(loaded) = self.logs.get(&act.treaty) else {
            return Ok(None);
        };
        let Some(acts) = &loaded.acts else {
            return Ok(loaded.log.duplicate_of(act, note));
        };
        let hash = fact_hash(&self.hasher, act, note);
        for &(h, seq) in acts.iter_hash(hash) {
            let live = loaded.log.acts.binary_search_by_key(&seq, |a| a.seq);
            let same_act = h == hash && live.is_ok_and(|k| loaded.log.acts[k].act == *act);
            if !same_act {
                continue;
            }
            if act.kind != ActKind::DomesticStep {
                return Ok(Some(seq));
            }
            let recorded = if seq <= self.head.entries {
                self.ledger.decoded(seq)?.fact.note
            } else {
                self.pending_fact(seq)?.note.clone()
            };
            if recorded == *note {
                return Ok(Some(seq));
            }
        }
        Ok(None)
    }

    /// Admits fact `i` (the next) and keeps it.
    pub(super) fn admit(&mut self, i: usize, fact: Fact) -> Result<()> {
        fact.check().map_err(|error| LedgerError::Invalid {
            fact: Some(i),
            error,
        })?;
        self.admit_checked(i, fact)
    }

    /// As [`Admission::admit`], for a fact that passed [`Fact::check`] already.
    pub(super) fn admit_checked(&mut self, i: usize, fact: Fact) -> Result<()> {
        let treaty = self.checked(i, &fact)?;
        self.keep(fact, treaty)
    }

    /// Checks fact `i` (its fields checked) against the ledger and the facts before it and adds
    /// it to its treaty's log; returns the treaty it touches.
    fn checked(&mut self, i: usize, fact: &Fact) -> Result<TreatyId> {
        self.check_sources(i, fact)?;
        let refuse = |reason: String| LedgerError::refused(i, Refusal::Conflict(reason));
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
                    return Err(LedgerError::refused(
                        i,
                        Refusal::UnknownTreaty(act.treaty.clone()),
                    ));
                }
                if let Some(dup) = self.duplicate_of(act, &fact.note)? {
                    return Err(refuse(format!(
                        "this fact is already recorded as entry {dup}"
                    )));
                }
                (act.treaty.clone(), need)
            }
            Event::Provisions(p) => {
                let log = self.log(&p.treaty, None)?;
                if log.registration.is_none() {
                    return Err(LedgerError::refused(
                        i,
                        Refusal::UnknownTreaty(p.treaty.clone()),
                    ));
                }
                if let Some((at, _)) = log.provisions.last().filter(|(_, live)| live == p) {
                    return Err(refuse(format!(
                        "these provisions are already in force (entry {at})"
                    )));
                }
                (p.treaty.clone(), None)
            }
            Event::Retraction(r) => self.admit_retraction(i, r.target, r.target_hash)?,
            Event::Corroboration(c) => {
                self.admit_corroboration(i, c.target, c.target_hash, &fact.citations)?
            }
            Event::Statement(s) => self.admit_statement(i, s)?,
        };
        self.log(&treaty, need.as_ref())?;
        self.apply(&treaty, seq, fact);
        Ok(treaty)
    }

    /// A citation naming an archived document must quote it.
    fn check_sources(&self, i: usize, fact: &Fact) -> Result<()> {
        for c in &fact.citations {
            let Some(digest) = c.source else { continue };
            let bytes = self
                .ledger
                .store
                .source(&digest)?
                .ok_or(LedgerError::refused(i, Refusal::SourceNotArchived(digest)))?;
            let quote = c
                .quote
                .as_deref()
                .ok_or(LedgerError::refused(i, Refusal::QuoteMissing(digest)))?;
            let text = String::from_utf8_lossy(&bytes);
            if !source::quotes(&text, quote) {
                return Err(LedgerError::refused(
                    i,
                    Refusal::Conflict(format!(
                        "the quote \"{quote}\" does not occur in the archived source {} (white space is folded, letter case is kept)",
                        digest.short()
                    )),
                ));
            }
        }
        Ok(())
    }

    /// No date a fact states may be after the recording day.
    fn check_dates(&self, fact: &Fact) -> std::result::Result<(), String> {
        let today = self.recording.now.date();
        let mut dates: Vec<(&str, LegalDate)> =
            fact.citations.iter().flat_map(|c| c.dates()).collect();
        match &fact.event {
            Event::Act(a) => dates.push(("act date", a.date)),
            Event::TreatyRegistration(t) => dates.extend(t.adopted.map(|d| ("adoption date", d))),
            Event::Statement(s) => dates.push(("statement date", s.date)),
            Event::Retraction(_) | Event::Corroboration(_) | Event::Provisions(_) => {}
        }
        match dates.into_iter().find(|(_, d)| *d > today) {
            Some((what, d)) => Err(format!(
                "the {what} {d} is after the recording day {today}; a fact cannot be recorded before it happens"
            )),
            None => Ok(()),
        }
    }

    /// The event of entry `target`, recorded or pending before fact `i`, checked against the
    /// hash the fact names; `what` says what fact `i` would do to it.
    fn target_event(
        &self,
        i: usize,
        target: u64,
        target_hash: Digest,
        what: &str,
    ) -> Result<Event> {
        let refuse = |reason: String| LedgerError::refused(i, Refusal::Conflict(reason));
        if target >= 1 && target <= self.head.entries {
            let sealed = self.ledger.entry(target)?;
            if sealed.hash != target_hash {
                return Err(refuse(format!(
                    "entry {target} has hash {}, not {target_hash}",
                    sealed.hash
                )));
            }
            Ok(sealed.entry.fact.event)
        } else if target > self.head.entries && target < self.seq_of(i) {
            Ok(self.pending_fact(target)?.event.clone())
        } else {
            Err(refuse(format!("there is no entry {target} to {what}")))
        }
    }

    /// The treaty and scope an entry is indexed under: its own, or for a corroboration its
    /// target's.
    fn place_of(&self, i: usize, event: &Event) -> Result<(TreatyId, Option<StateCode>)> {
        match event {
            Event::TreatyRegistration(t) => Ok((t.id.clone(), None)),
            Event::Provisions(p) => Ok((p.treaty.clone(), None)),
            Event::Act(a) => Ok((a.treaty.clone(), scope_of(event))),
            Event::Statement(s) => Ok((s.treaty.clone(), scope_of(event))),
            Event::Corroboration(c) => {
                let target = self.target_event(i, c.target, c.target_hash, "corroborate")?;
                self.place_of(i, &target)
            }
            Event::Retraction(r) => Err(LedgerError::refused(
                i,
                Refusal::Conflict(format!(
                    "entry {} is a retraction; nothing but a recorded act, treaty registration or corroboration can be retracted",
                    r.target
                )),
            )),
        }
    }

    /// Checks a retraction; returns the treaty and scope of the entry it retracts.
    fn admit_retraction(
        &mut self,
        i: usize,
        target: u64,
        target_hash: Digest,
    ) -> Result<(TreatyId, Option<StateCode>)> {
        let refuse = |reason: String| LedgerError::refused(i, Refusal::Conflict(reason));
        let event = self.target_event(i, target, target_hash, "retract")?;
        if let Event::Retraction(_) = event {
            return Err(refuse(format!(
                "entry {target} is itself a retraction; to restore what it withdrew, record the fact again"
            )));
        }
        let (treaty, need) = self.place_of(i, &event)?;
        let log = self.log(&treaty, need.as_ref())?;
        if let Some(by) = log.retracted.get(&target) {
            return Err(refuse(format!(
                "entry {target} was already retracted by entry {by}"
            )));
        }
        if let Event::Corroboration(c) = &event
            && log.retracted.contains_key(&c.target)
        {
            return Err(refuse(format!(
                "entry {target} corroborates entry {}, which is retracted: its sources already count for nothing",
                c.target
            )));
        }
        if let Some(answer) = log
            .statements
            .iter()
            .find(|s| s.statement.refers_to.is_some_and(|r| r.seq == target))
        {
            return Err(refuse(format!(
                "entry {target} is answered by entry {} (a {}); retract that first",
                answer.seq, answer.statement.kind
            )));
        }
        if let Some(resting) = statements::resting_on(log, target) {
            let s = &resting.statement;
            return Err(refuse(format!(
                "entry {target} is the only signature or instrument of {} dated on or before its {} of {} (entry {}), which rests on it; retract entry {} first",
                s.state, s.kind, s.date, resting.seq, resting.seq
            )));
        }
        let live = log
            .acts
            .first()
            .map(|a| a.seq)
            .or(log.provisions.first().map(|(s, _)| *s))
            .or(log.statements.first().map(|s| s.seq));
        if matches!(event, Event::TreatyRegistration(_))
            && let Some(seq) = live
        {
            return Err(refuse(format!(
                "treaty '{treaty}' still has live entries (e.g. entry {seq}); retract them first"
            )));
        }
        Ok((treaty, need))
    }

    /// Checks a corroboration: its target is a live act or registration and each citation is
    /// new to it. Returns the treaty and scope of the target.
    fn admit_corroboration(
        &mut self,
        i: usize,
        target: u64,
        target_hash: Digest,
        citations: &[Citation],
    ) -> Result<(TreatyId, Option<StateCode>)> {
        let refuse = |reason: String| LedgerError::refused(i, Refusal::Conflict(reason));
        let event = self.target_event(i, target, target_hash, "corroborate")?;
        match &event {
            Event::TreatyRegistration(_)
            | Event::Act(_)
            | Event::Provisions(_)
            | Event::Statement(_) => {}
            Event::Retraction(_) => {
                return Err(refuse(format!(
                    "entry {target} is a retraction; only a recorded act, statement or treaty registration takes more sources"
                )));
            }
            Event::Corroboration(c) => {
                return Err(refuse(format!(
                    "entry {target} is itself a corroboration; give the sources to entry {}, the fact it supports",
                    c.target
                )));
            }
        }
        let (treaty, need) = self.place_of(i, &event)?;
        let log = self.log(&treaty, need.as_ref())?;
        if let Some(by) = log.retracted.get(&target) {
            return Err(refuse(format!(
                "entry {target} was retracted by entry {by}; record the fact again to cite it"
            )));
        }
        let holders: Vec<u64> = std::iter::once(target)
            .chain(log.corroborations_of(target).iter().copied())
            .collect();
        for holder in holders {
            let held = self.citations_held(holder)?;
            if let Some(c) = citations.iter().find(|c| held.contains(c)) {
                let by = if holder == target {
                    "its own".to_string()
                } else {
                    format!("added by entry {holder}")
                };
                return Err(refuse(format!(
                    "entry {target} already cites '{}' ({by})",
                    c.title
                )));
            }
        }
        Ok((treaty, need))
    }

    /// Checks a statement: its treaty is registered and it fits the depositary practice
    /// [`statements::admissible`] holds, against the entry it names if any (by number and
    /// hash). Returns the treaty and scope it is checked in: the whole treaty.
    fn admit_statement(
        &mut self,
        i: usize,
        statement: &Statement,
    ) -> Result<(TreatyId, Option<StateCode>)> {
        let named = match statement.refers_to {
            Some(r) => Some(self.target_event(i, r.seq, r.hash, "answer")?),
            None => None,
        };
        let log = self.log(&statement.treaty, None)?;
        if log.registration.is_none() {
            return Err(LedgerError::refused(
                i,
                Refusal::UnknownTreaty(statement.treaty.clone()),
            ));
        }
        statements::admissible(log, statement, named.as_ref())
            .map_err(|reason| LedgerError::refused(i, Refusal::Conflict(reason)))?;
        Ok((statement.treaty.clone(), None))
    }

    /// The citations entry `seq` itself holds, recorded or pending.
    fn citations_held(&self, seq: u64) -> Result<Vec<Citation>> {
        if seq > self.head.entries {
            return Ok(self.pending_fact(seq)?.citations.clone());
        }
        Ok(self.ledger.decoded(seq)?.fact.citations)
    }

    /// Interprets every treaty a pending fact touches, with all the facts, the treaties shared
    /// out among the cores; on a contradiction, finds the first fact that brings it about.
    /// The logs are used up: nothing is admitted after.
    fn check_interpretations(&mut self) -> Result<()> {
        let logs = std::mem::take(&mut self.logs);
        let mut logs: Vec<(TreatyId, TreatyFacts)> = logs
            .into_iter()
            .filter(|(treaty, _)| self.of_treaty.contains_key(treaty))
            .filter_map(|(treaty, loaded)| Some((treaty, loaded.log.into_facts()?)))
            .collect();
        // In id order, so that of several contradicting treaties the same one is named.
        logs.sort_by(|a, b| a.0.cmp(&b.0));
        let contradiction = parallel::per_core(&logs, first_contradiction)
            .into_iter()
            .flatten()
            .next();
        drop(logs);
        match contradiction {
            Some((treaty, c)) => Err(self.blame(&treaty, c)),
            None => Ok(()),
        }
    }

    /// Replays the treaty's pending facts one at a time to name the first that contradicts.
    fn blame(&self, treaty: &TreatyId, contradiction: Contradiction) -> LedgerError {
        let mut log = match self.ledger.treaty_log(treaty, self.head.entries) {
            Ok(log) => log,
            Err(e) => return e,
        };
        for &i in self.of_treaty.get(treaty).map_or(&[][..], Vec::as_slice) {
            let seq = self.seq_of(i as usize);
            match self.pending_fact(seq) {
                Ok(fact) => log.apply(seq, &fact),
                Err(e) => return e,
            }
            if let Some(Err(c)) = log.facts().map(|f| interpret::interpret(&f)) {
                return LedgerError::refused(i as usize, Refusal::Conflict(self.explain(c)));
            }
        }
        LedgerError::Refused {
            fact: None,
            refusal: Refusal::Conflict(self.explain(contradiction)),
        }
    }

    fn explain(&self, c: Contradiction) -> String {
        if c.entry <= self.head.entries {
            format!("this would contradict entry {}: {}", c.entry, c.reason)
        } else {
            c.reason
        }
    }

    /// Chains the admitted facts after the head.
    fn seal(self) -> Vec<Sealed> {
        let Pending::Held(facts) = self.pending else {
            return Vec::new();
        };
        let mut prev = self.head.head;
        let mut out = Vec::with_capacity(facts.len());
        for (i, (fact, _)) in facts.into_iter().enumerate() {
            let sealed = Entry {
                version: FORMAT_VERSION,
                seq: self.head.entries + 1 + i as u64,
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

/// The first of these treaties whose interpretation finds a contradiction.
fn first_contradiction(logs: &[(TreatyId, TreatyFacts)]) -> Option<(TreatyId, Contradiction)> {
    logs.iter().find_map(|(treaty, facts)| {
        interpret::interpret(facts)
            .err()
            .map(|c| (treaty.clone(), c))
    })
}
