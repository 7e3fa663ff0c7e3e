//! Admission: how a list of facts gets into the ledger, all or none.
//!
//! Each fact is checked on its own ([`Fact::check`]), against its archived sources, against the
//! recording day, and against the ledger as it would be with the facts before it admitted
//! (a registered treaty, no duplicate, a retraction of a live entry). Then every treaty a fact
//! touches is interpreted with all of them ([`interpret::interpret`]); a contradiction is
//! blamed on the first fact that brings it about. Only the part of a treaty a fact needs is
//! loaded: one state's history, or the whole treaty for acts that change what others mean.

use super::{Ledger, LedgerError, Recording, Refusal, Result};
use crate::chain::entry::{Entry, FORMAT_VERSION};
use crate::chain::prefix::Prefix;
use crate::chain::seal::Sealed;
use crate::law::facts::{LinkedWithdrawal, StatementEvent, TreatyFacts, TreatyLog};
use crate::law::interpret::{self, Contradiction};
use crate::parallel;
use crate::vocabulary::calendar::LegalDate;
use crate::vocabulary::country::StateCode;
use crate::vocabulary::digest::Digest;
use crate::vocabulary::event::{ActKind, Event, Fact};
use crate::vocabulary::field;
use crate::vocabulary::provisions::Provisions;
use crate::vocabulary::source;
use crate::vocabulary::treaty::TreatyId;
use std::collections::{BTreeSet, HashMap, HashSet};

/// Admits `facts` as they would follow the ledger's head; returns them sealed, chained to it.
pub(super) fn admit(ledger: &Ledger, facts: &[Fact], recording: &Recording) -> Result<Vec<Sealed>> {
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
    Ok(admission.seal())
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

/// The part of a treaty a fact needs to be checked against: some states' histories (with the
/// treaty-level entries), or `None` for the whole treaty.
fn scope_of(event: &Event) -> Option<Vec<StateCode>> {
    match event {
        Event::Act(a) => a
            .state
            .clone()
            .filter(|_| !a.kind.is_treaty_wide())
            .map(|s| vec![s]),
        // The reservation objected to is the other state's.
        Event::Objection(o) => Some(vec![o.state.clone(), o.objected_state.clone()]),
        Event::StatementWithdrawal(w) => Some(vec![w.state.clone()]),
        Event::TerritorialApplication(t) => Some(vec![t.state.clone()]),
        Event::EntityRegistration(e) => Some(vec![e.code.clone()]),
        Event::TreatyRegistration(_)
        | Event::TreatyRegistrationWithProvisions(_)
        | Event::Retraction(_) => None,
    }
}

/// The scope a retraction of `target` needs: the target's own, except for a statement others
/// may name (a reservation an objection names) or a registration, which need the whole treaty.
fn retraction_scope(target: &Event) -> Option<Vec<StateCode>> {
    match target {
        Event::Act(a) if a.kind.is_statement() => None,
        Event::Objection(_) | Event::TerritorialApplication(_) => None,
        Event::Act(_)
        | Event::StatementWithdrawal(_)
        | Event::EntityRegistration(_)
        | Event::TreatyRegistration(_)
        | Event::TreatyRegistrationWithProvisions(_)
        | Event::Retraction(_) => scope_of(target),
    }
}

/// Whether the fact can change when a withdrawal under its treaty takes effect, and so the
/// reading of treaties whose provisions link to it.
fn moves_withdrawals(event: &Event) -> bool {
    match event {
        Event::Act(a) => matches!(
            a.kind,
            ActKind::Withdrawal
                | ActKind::WithdrawalRevocation
                | ActKind::ArmedConflictStart
                | ActKind::ArmedConflictEnd
        ),
        Event::Retraction(_) => true,
        Event::TreatyRegistration(_)
        | Event::TreatyRegistrationWithProvisions(_)
        | Event::Objection(_)
        | Event::StatementWithdrawal(_)
        | Event::TerritorialApplication(_)
        | Event::EntityRegistration(_) => false,
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
    /// (`None`: the whole treaty; states: the treaty-level entries and those states').
    fn log(&mut self, treaty: &TreatyId, need: Option<&[StateCode]>) -> Result<&mut TreatyLog> {
        let loaded = self.logs.get(treaty).map(|l| l.states.as_ref());
        let states = match (loaded, need) {
            (Some(None), _) | (_, None) => None,
            (Some(Some(states)), Some(more)) => {
                let mut states = states.clone();
                states.extend(more.iter().cloned());
                Some(states)
            }
            (None, Some(more)) => Some(more.iter().cloned().collect()),
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
            Event::TreatyRegistration(t) => self.admit_registration(&t.id, refuse)?,
            Event::TreatyRegistrationWithProvisions(t) => {
                self.admit_registration(&t.treaty.id, refuse)?
            }
            Event::Retraction(r) => self.admit_retraction(i, r.target, r.target_hash)?,
            Event::Act(_)
            | Event::Objection(_)
            | Event::StatementWithdrawal(_)
            | Event::TerritorialApplication(_)
            | Event::EntityRegistration(_) => self.admit_statement(i, fact)?,
        };
        self.log(&treaty, need.as_deref())?.apply(seq, fact);
        self.pending.push((fact.clone(), treaty));
        Ok(())
    }

    /// A registration of a treaty not registered yet.
    fn admit_registration(
        &mut self,
        id: &TreatyId,
        refuse: impl Fn(String) -> LedgerError,
    ) -> Result<(TreatyId, Option<Vec<StateCode>>)> {
        if let Some((at, _)) = &self.log(id, None)?.registration {
            return Err(refuse(format!(
                "treaty '{id}' is already registered (entry {at})"
            )));
        }
        Ok((id.clone(), None))
    }

    /// An act or a statement under a registered treaty, not recorded yet; returns its treaty
    /// and the scope it needs.
    fn admit_statement(
        &mut self,
        i: usize,
        fact: &Fact,
    ) -> Result<(TreatyId, Option<Vec<StateCode>>)> {
        let refuse = |reason: String| LedgerError::refused(i, Refusal::Conflict(reason));
        let treaty = fact
            .event
            .treaty()
            .expect("an act or statement names its treaty")
            .clone();
        let mut need = scope_of(&fact.event);
        let log = self.log(&treaty, need.as_deref())?;
        if log.registration.is_none() {
            return Err(LedgerError::refused(i, Refusal::UnknownTreaty(treaty)));
        }
        // A waiting period before withdrawal runs from entry into force for the state, which
        // needs the whole treaty.
        let waits = log.provisions.withdrawal_wait.is_some();
        let duplicate = match &fact.event {
            Event::Act(act) => log.duplicate_of(act, &fact.note),
            Event::EntityRegistration(e) => log.entities.get(&e.code).map(|(seq, _)| *seq),
            event => log
                .statements
                .iter()
                .find(|s| Some(&s.event) == statement_of(event).as_ref())
                .map(|s| s.seq),
        };
        if let Some(dup) = duplicate {
            return Err(refuse(match &fact.event {
                Event::EntityRegistration(e) => {
                    format!(
                        "{} is already registered under {treaty} (entry {dup})",
                        e.code
                    )
                }
                _ => format!("this fact is already recorded as entry {dup}"),
            }));
        }
        if waits && matches!(&fact.event, Event::Act(a) if a.kind == ActKind::Withdrawal) {
            need = None;
            self.log(&treaty, None)?;
        }
        Ok((treaty, need))
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
            Event::TreatyRegistrationWithProvisions(t) => {
                dates.extend(t.treaty.adopted.map(|d| ("adoption date", d)))
            }
            Event::Objection(o) => dates.push(("objection date", o.date)),
            Event::StatementWithdrawal(w) => dates.push(("withdrawal date", w.date)),
            Event::TerritorialApplication(t) => {
                dates.push(("date", t.date));
                dates.extend(t.effective.map(|d| ("effective date", d)));
            }
            Event::Retraction(_) | Event::EntityRegistration(_) => {}
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
    ) -> Result<(TreatyId, Option<Vec<StateCode>>)> {
        let refuse = |reason: String| LedgerError::refused(i, Refusal::Conflict(reason));
        let event = if target >= 1 && target <= self.head.entries {
            let sealed = self.ledger.entry(target)?;
            if sealed.hash != target_hash {
                return Err(refuse(format!(
                    "entry {target} has hash {}, not {target_hash}",
                    sealed.hash
                )));
            }
            sealed.entry.fact.event
        } else if target > self.head.entries && target < self.seq_of(i) {
            self.pending[(target - self.head.entries - 1) as usize]
                .0
                .event
                .clone()
        } else {
            return Err(refuse(format!("there is no entry {target} to retract")));
        };
        let Some(treaty) = event.treaty().cloned() else {
            return Err(refuse(format!(
                "entry {target} is itself a retraction; to restore what it withdrew, record the fact again"
            )));
        };
        let need = retraction_scope(&event);
        let log = self.log(&treaty, need.as_deref())?;
        if let Some(by) = log.retracted.get(&target) {
            return Err(refuse(format!(
                "entry {target} was already retracted by entry {by}"
            )));
        }
        if event.registration().is_some()
            && let Some(live) = log.first_live()
        {
            return Err(refuse(format!(
                "treaty '{treaty}' still has live entries (e.g. entry {live}); retract them first"
            )));
        }
        Ok((treaty, need))
    }

    /// Interprets every treaty a pending fact touches, with all the facts, the treaties shared
    /// out among the cores; on a contradiction, finds the first fact that brings it about.
    fn check_interpretations(&mut self) -> Result<()> {
        let mut touched: HashSet<TreatyId> = self.pending.iter().map(|(_, t)| t.clone()).collect();
        for dependent in self.dependents()? {
            self.log(&dependent, None)?;
            touched.insert(dependent);
        }
        let mut logs: Vec<(TreatyId, TreatyFacts, Option<BTreeSet<StateCode>>)> = Vec::new();
        let loaded: Vec<(TreatyId, Option<BTreeSet<StateCode>>)> = self
            .logs
            .iter()
            .filter(|(treaty, _)| touched.contains(*treaty))
            .map(|(treaty, l)| (treaty.clone(), l.states.clone()))
            .collect();
        for (treaty, states) in loaded {
            let Some(mut facts) = self.logs[&treaty].log.facts() else {
                continue;
            };
            facts.linked = self.linked(&facts.provisions, states.as_ref())?;
            logs.push((treaty, facts, states));
        }
        // In id order, so that of several contradicting treaties the same one is named.
        logs.sort_by(|a, b| a.0.cmp(&b.0));
        let contradiction = parallel::per_core(&logs, |part| {
            first_contradiction(part).map(|(t, c)| (t.clone(), c))
        })
        .into_iter()
        .flatten()
        .next();
        match contradiction {
            Some((treaty, c)) => {
                let linked = logs
                    .iter()
                    .find(|(t, _, _)| *t == treaty)
                    .map(|(_, f, _)| f.linked.clone())
                    .unwrap_or_default();
                Err(self.blame(&treaty, &linked, c))
            }
            None => Ok(()),
        }
    }

    /// The registered treaties whose provisions link to a treaty a pending fact may change the
    /// withdrawals of: their reading must be checked again.
    fn dependents(&self) -> Result<Vec<TreatyId>> {
        let moved: HashSet<&TreatyId> = self
            .pending
            .iter()
            .filter(|(fact, _)| moves_withdrawals(&fact.event))
            .map(|(_, t)| t)
            .collect();
        if moved.is_empty() {
            return Ok(Vec::new());
        }
        let mut out: Vec<TreatyId> = Vec::new();
        let registered = self.ledger.registrations(self.head.entries)?;
        let pending = self
            .pending
            .iter()
            .filter_map(|(fact, _)| fact.event.registration())
            .map(|(t, p)| (t.id.clone(), p.into_owned()));
        let all = registered
            .into_iter()
            .map(|(_, t, p)| (t.id, p))
            .chain(pending);
        for (id, provisions) in all {
            if provisions.withdrawn_with.iter().any(|l| moved.contains(l)) && !out.contains(&id) {
                out.push(id);
            }
        }
        Ok(out)
    }

    /// The withdrawals under the treaties `provisions` link to, with the facts admitted so far,
    /// of the given states (all if `None`).
    fn linked(
        &mut self,
        provisions: &Provisions,
        states: Option<&BTreeSet<StateCode>>,
    ) -> Result<Vec<LinkedWithdrawal>> {
        let mut out = Vec::new();
        for other in &provisions.withdrawn_with {
            let need: Option<Vec<StateCode>> = states.map(|s| s.iter().cloned().collect());
            let Some(facts) = self.log(other, need.as_deref())?.facts() else {
                continue;
            };
            match interpret::interpret_only(&facts, states) {
                Ok(read) => out.extend(read.withdrawals(other)),
                // A contradiction under the linked treaty is reported when that treaty is read.
                Err(_) => continue,
            }
        }
        Ok(out)
    }

    /// Replays the treaty's pending facts one at a time to name the first that contradicts.
    fn blame(
        &self,
        treaty: &TreatyId,
        linked: &[LinkedWithdrawal],
        contradiction: Contradiction,
    ) -> LedgerError {
        let mut log = match self.ledger.treaty_log(treaty, self.head.entries) {
            Ok(log) => log,
            Err(e) => return e,
        };
        for (i, (fact, t)) in self.pending.iter().enumerate() {
            if t != treaty {
                continue;
            }
            log.apply(self.seq_of(i), fact);
            let read = log.facts().map(|mut f| {
                f.linked = linked.to_vec();
                interpret::interpret(&f)
            });
            if let Some(Err(c)) = read {
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

/// The statement event an event records, if it is one.
fn statement_of(event: &Event) -> Option<StatementEvent> {
    match event {
        Event::Objection(o) => Some(StatementEvent::Objection(o.clone())),
        Event::StatementWithdrawal(w) => Some(StatementEvent::Withdrawal(w.clone())),
        Event::TerritorialApplication(t) => Some(StatementEvent::Territorial(t.clone())),
        Event::TreatyRegistration(_)
        | Event::TreatyRegistrationWithProvisions(_)
        | Event::Act(_)
        | Event::Retraction(_)
        | Event::EntityRegistration(_) => None,
    }
}

/// The first of these treaties whose interpretation finds a contradiction, each read for the
/// states loaded (statements naming another state are checked when that state is loaded).
fn first_contradiction(
    logs: &[(TreatyId, TreatyFacts, Option<BTreeSet<StateCode>>)],
) -> Option<(&TreatyId, Contradiction)> {
    logs.iter().find_map(|(treaty, facts, states)| {
        interpret::interpret_only(facts, states.as_ref())
            .err()
            .map(|c| (treaty, c))
    })
}
