//! Admission: how a list of facts gets into the ledger, all or none.
//!
//! Each fact is checked on its own ([`Fact::check`]), against its archived sources, against the
//! recording day, and against the ledger as it would be with the facts before it admitted
//! (a registered treaty, no duplicate, a retraction of a live entry, a corroboration of a live
//! act or registration with citations it does not have yet). Then every treaty a fact
//! touches is interpreted with all of them ([`interpret::interpret`]); a contradiction is
//! blamed on the first fact that brings it about. Only the part of a treaty a fact needs is
//! loaded: one state's history, or the whole treaty for acts that change what others mean.

use super::{Ledger, LedgerError, Recording, Refusal, Result};
use crate::chain::entry::{Entry, FORMAT_VERSION};
use crate::chain::prefix::Prefix;
use crate::chain::seal::Sealed;
use crate::law::facts::{TreatyFacts, TreatyLog};
use crate::law::interpret::{self, Contradiction};
use crate::parallel;
use crate::vocabulary::calendar::LegalDate;
use crate::vocabulary::citation::Citation;
use crate::vocabulary::country::StateCode;
use crate::vocabulary::digest::Digest;
use crate::vocabulary::event::{Event, Fact};
use crate::vocabulary::field;
use crate::vocabulary::source;
use crate::vocabulary::treaty::TreatyId;
use std::collections::{BTreeSet, HashMap, HashSet};

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
    field::line("recorder", &recording.recorder, field::NAME_MAX)
        .map_err(|error| LedgerError::Invalid { fact: None, error })?;
    let head = ledger.head()?;
    check_clock(ledger, head, recording)?;
    let mut admission = Admission {
        ledger,
        head,
        recording,
        logs: HashMap::new(),
        pending: Vec::new(),
    };
    for (i, fact) in facts.iter().enumerate() {
        admission.admit(i, fact)?;
    }
    admission.check_interpretations()?;
    Ok(admission)
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
}

/// The part of a treaty a fact needs to be checked against: one state's history (with the
/// treaty-level entries), or `None` for the whole treaty.
fn scope_of(event: &Event) -> Option<StateCode> {
    match event {
        Event::Act(a) => a.state.clone().filter(|_| !a.kind.is_treaty_wide()),
        Event::TreatyRegistration(_) | Event::Retraction(_) | Event::Corroboration(_) => None,
    }
}

/// The state of one admission: the ledger as it would be with the facts admitted so far.
struct Admission<'a> {
    ledger: &'a Ledger,
    head: Prefix,
    recording: &'a Recording,
    logs: HashMap<TreatyId, Loaded>,
    /// Facts admitted so far, with the treaty each touches.
    pending: Vec<(Fact, TreatyId)>,
}

impl Admission<'_> {
    fn seq_of(&self, i: usize) -> u64 {
        self.head.entries + 1 + i as u64
    }

    /// The treaty's log with the facts admitted so far, loaded far enough to cover `need`
    /// (`None`: the whole treaty; a state: the treaty-level entries and that state's).
    fn log(&mut self, treaty: &TreatyId, need: Option<&StateCode>) -> Result<&mut TreatyLog> {
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
            let mut log = self.ledger.treaty_log_of(
                treaty,
                self.head.entries,
                states.as_ref(),
                TreatyLog::for_admission(),
            )?;
            for (j, (fact, t)) in self.pending.iter().enumerate() {
                if t == treaty {
                    log.apply(self.seq_of(j), fact);
                }
            }
            self.logs.insert(treaty.clone(), Loaded { log, states });
        }
        Ok(&mut self.logs.get_mut(treaty).expect("loaded above").log)
    }

    fn admit(&mut self, i: usize, fact: &Fact) -> Result<()> {
        fact.check().map_err(|error| LedgerError::Invalid {
            fact: Some(i),
            error,
        })?;
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
                if let Some(dup) = log.duplicate_of(act, &fact.note) {
                    return Err(refuse(format!(
                        "this fact is already recorded as entry {dup}"
                    )));
                }
                (act.treaty.clone(), need)
            }
            Event::Retraction(r) => self.admit_retraction(i, r.target, r.target_hash)?,
            Event::Corroboration(c) => {
                self.admit_corroboration(i, c.target, c.target_hash, &fact.citations)?
            }
        };
        self.log(&treaty, need.as_ref())?.apply(seq, fact);
        self.pending.push((fact.clone(), treaty));
        Ok(())
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
            Event::Retraction(_) | Event::Corroboration(_) => {}
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
            Ok(self.pending_fact(target).event.clone())
        } else {
            Err(refuse(format!("there is no entry {target} to {what}")))
        }
    }

    /// A fact admitted earlier in this list, by the entry number it will have.
    fn pending_fact(&self, seq: u64) -> &Fact {
        &self.pending[(seq - self.head.entries - 1) as usize].0
    }

    /// The treaty and scope an entry is indexed under: its own, or for a corroboration its
    /// target's.
    fn place_of(&self, i: usize, event: &Event) -> Result<(TreatyId, Option<StateCode>)> {
        match event {
            Event::TreatyRegistration(t) => Ok((t.id.clone(), None)),
            Event::Act(a) => Ok((a.treaty.clone(), scope_of(event))),
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
            Event::TreatyRegistration(_) | Event::Act(_) => {}
            Event::Retraction(_) => {
                return Err(refuse(format!(
                    "entry {target} is a retraction; only a recorded act or treaty registration takes more sources"
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

    /// The citations entry `seq` itself holds, recorded or pending.
    fn citations_held(&self, seq: u64) -> Result<Vec<Citation>> {
        if seq > self.head.entries {
            return Ok(self.pending_fact(seq).citations.clone());
        }
        Ok(self.ledger.decoded(seq)?.fact.citations)
    }

    /// Interprets every treaty a pending fact touches, with all the facts, the treaties shared
    /// out among the cores; on a contradiction, finds the first fact that brings it about.
    fn check_interpretations(&self) -> Result<()> {
        let touched: HashSet<&TreatyId> = self.pending.iter().map(|(_, t)| t).collect();
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
    fn blame(&self, treaty: &TreatyId, contradiction: Contradiction) -> LedgerError {
        let mut log = match self.ledger.treaty_log(treaty, self.head.entries) {
            Ok(log) => log,
            Err(e) => return e,
        };
        for (i, (fact, t)) in self.pending.iter().enumerate() {
            if t != treaty {
                continue;
            }
            log.apply(self.seq_of(i), fact);
            if let Some(Err(c)) = log.facts().map(|f| interpret::interpret(&f)) {
                return LedgerError::refused(i, Refusal::Conflict(self.explain(c)));
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
        let mut prev = self.head.head;
        let mut out = Vec::with_capacity(self.pending.len());
        for (i, (fact, _)) in self.pending.into_iter().enumerate() {
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
fn first_contradiction<'a>(
    logs: &[(&'a TreatyId, TreatyFacts)],
) -> Option<(&'a TreatyId, Contradiction)> {
    logs.iter()
        .find_map(|(treaty, facts)| interpret::interpret(facts).err().map(|c| (*treaty, c)))
}
