//! An import against the ledger: which of a file's facts are new, which recorded facts gain
//! citations, which rows are already present, and which contradict a recorded fact. New facts
//! are recorded in order of act date (ties in file order), so a file may list them in any
//! order.
//!
//! A fact of the file contradicts the ledger when it differs only by its dates from a recorded
//! act of the same state and kind that no row of the file states: the file says the act
//! happened on another day. (A state may do the same act twice, e.g. accede again after
//! withdrawing; a file that says so lists both acts. Domestic steps, of which a state may take
//! many, never contradict each other.)

use super::problem::{Place, Problems};
use super::rows::Rows;
pub use crate::ledger::bulk::Appended;
use crate::ledger::bulk::Checked;
use crate::ledger::citations::RecordedAct;
use crate::ledger::{Ledger, LedgerError, Recording};
use crate::parallel::{self, Handoff};
use crate::vocabulary::country::StateCode;
use crate::vocabulary::digest::Digest;
use crate::vocabulary::event::{Act, ActKind, Corroboration, Event, Fact};
use crate::vocabulary::field::FieldError;
use std::collections::{HashMap, HashSet};

/// Citations of a fact of the file that a recorded fact lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addition {
    /// The fact, by number in the rows.
    pub fact: u32,
    /// The entry that records it.
    pub target: u64,
    /// That entry's hash.
    pub target_hash: Digest,
    /// The places of the new citations among the fact's.
    pub citations: Vec<usize>,
}

/// What importing a file will do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// New facts, by number in the rows, in the order they are recorded.
    pub new: Vec<u32>,
    /// Citations to add to recorded facts, in file order.
    pub additions: Vec<Addition>,
    /// Facts of the file recorded already with every citation the file gives.
    pub present: u64,
}

impl Plan {
    /// How many entries the import appends.
    pub fn len(&self) -> usize {
        self.new.len() + self.additions.len()
    }

    /// Whether it appends nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The number in the rows of the fact behind entry `i` of the import.
    pub fn fact_of(&self, i: usize) -> Option<u32> {
        match self.new.get(i) {
            Some(n) => Some(*n),
            None => self.additions.get(i - self.new.len()).map(|a| a.fact),
        }
    }

    /// The facts to record, in order: the new facts, then the corroborations.
    pub fn facts<'a>(&'a self, rows: &'a Rows) -> impl Iterator<Item = Fact> + 'a {
        (0..self.len()).filter_map(|i| self.fact(rows, i))
    }

    /// Entry `i` of the import, as a fact.
    pub fn fact(&self, rows: &Rows, i: usize) -> Option<Fact> {
        if let Some(&n) = self.new.get(i) {
            return Some(rows.fact(n));
        }
        let a = self.additions.get(i - self.new.len())?;
        let citations = rows.citations(a.fact);
        Some(Fact {
            event: Event::Corroboration(Corroboration {
                target: a.target,
                target_hash: a.target_hash,
            }),
            citations: a
                .citations
                .iter()
                .filter_map(|&k| citations.get(k).map(|(_, c)| c.clone()))
                .collect(),
            note: None,
        })
    }

    /// The line of the row behind entry `i` of the import (for a corroboration, the first row
    /// that gives one of its new citations).
    pub fn line_of(&self, rows: &Rows, i: usize) -> u64 {
        match self.new.get(i) {
            Some(&n) => rows.line(n),
            None => self.additions.get(i - self.new.len()).map_or(0, |a| {
                let lines: Vec<u64> = rows.citation_lines(a.fact).collect();
                a.citations
                    .first()
                    .and_then(|&k| lines.get(k).copied())
                    .unwrap_or_else(|| rows.line(a.fact))
            }),
        }
    }
}

/// Compares the file's facts with the ledger, treaty by treaty; lists unknown treaties and
/// contradictions in `problems`. `progress` is told how many facts have been compared.
pub fn plan(
    ledger: &Ledger,
    rows: &Rows,
    problems: &mut Problems,
    progress: &mut dyn FnMut(u64),
) -> Result<Plan, LedgerError> {
    let head = ledger.head()?.entries;
    let registered: HashSet<String> = ledger
        .treaties(head)?
        .into_iter()
        .map(|(_, t)| t.id.to_string())
        .collect();
    let mut by_treaty: Vec<Vec<u32>> = vec![Vec::new(); rows.treaties().len()];
    for n in 0..rows.len() as u32 {
        by_treaty[rows.treaty_number(n)].push(n);
    }
    let mut plan = Plan::default();
    let mut done = 0u64;
    for (treaty, facts) in rows.treaties().iter().zip(&by_treaty) {
        if !registered.contains(treaty.as_str()) {
            for &n in facts {
                problems.push(
                    Place::line(rows.line(n)),
                    format!("unknown treaty '{treaty}'"),
                );
            }
            problems.remedies.unknown_treaties.push(treaty.to_string());
            continue;
        }
        let recorded = ledger.recorded_acts(treaty)?;
        if recorded.is_empty() {
            plan.new.extend(facts);
        } else {
            compare(ledger, rows, facts, &recorded, &mut plan, problems)?;
        }
        done += facts.len() as u64;
        progress(done);
    }
    rows.sort_by_date(&mut plan.new);
    plan.additions.sort_by_key(|a| rows.line(a.fact));
    Ok(plan)
}

/// What makes two acts the same fact (as the ledger's refusal of duplicates has it).
type FactKey = (Act, Option<String>);

fn fact_key(act: &Act, note: Option<String>) -> FactKey {
    (
        act.clone(),
        note.filter(|_| act.kind == ActKind::DomesticStep),
    )
}

/// Sorts one treaty's facts into new, added to and present; lists contradictions.
fn compare(
    ledger: &Ledger,
    rows: &Rows,
    facts: &[u32],
    recorded: &[RecordedAct],
    plan: &mut Plan,
    problems: &mut Problems,
) -> Result<(), LedgerError> {
    let by_key: HashMap<FactKey, usize> = recorded
        .iter()
        .enumerate()
        .map(|(i, r)| (fact_key(&r.act, r.note.clone()), i))
        .collect();
    let mut by_kind: HashMap<(Option<&StateCode>, ActKind), Vec<usize>> = HashMap::new();
    for (i, r) in recorded.iter().enumerate() {
        by_kind
            .entry((r.act.state.as_ref(), r.act.kind))
            .or_default()
            .push(i);
    }
    let mut stated = vec![false; recorded.len()];
    let mut unmatched = Vec::new();
    for &n in facts {
        let act = rows.act(n);
        let Some(&i) = by_key.get(&fact_key(&act, rows.note(n))) else {
            unmatched.push((n, act));
            continue;
        };
        stated[i] = true;
        let held = &recorded[i].citations;
        let new: Vec<usize> = rows
            .citations(n)
            .iter()
            .enumerate()
            .filter(|(_, (_, c))| !held.iter().any(|h| h.citation == *c))
            .map(|(k, _)| k)
            .collect();
        if new.is_empty() {
            plan.present += 1;
        } else {
            let target = recorded[i].seq;
            plan.additions.push(Addition {
                fact: n,
                target,
                target_hash: ledger.entry(target)?.hash,
                citations: new,
            });
        }
    }
    for (n, act) in unmatched {
        let other = (act.kind != ActKind::DomesticStep)
            .then(|| by_kind.get(&(act.state.as_ref(), act.kind)))
            .flatten()
            .and_then(|seen| seen.iter().find(|&&i| !stated[i]));
        match other {
            Some(&i) => {
                let r = &recorded[i];
                problems.push(
                    Place::line(rows.line(n)),
                    format!(
                        "{} contradicts entry {}, which records {}: the same act on another day (if both happened, the file lists both)",
                        Event::Act(act).summary(),
                        r.seq,
                        Event::Act(r.act.clone()).summary()
                    ),
                );
                problems.remedies.contradicted.push(r.seq);
            }
            None => plan.new.push(n),
        }
    }
    Ok(())
}

/// Imports of fewer facts than this are admitted whole and committed by one journal record;
/// longer ones are streamed into a bulk append, so that memory does not grow with their bytes.
pub const STREAM_FROM: usize = 4096;

/// Records the planned facts in one all-or-nothing append: the new facts in order, then the
/// corroborations. `progress` is told how many have been checked and written, now and then.
pub fn record(
    ledger: &Ledger,
    rows: &Rows,
    plan: &Plan,
    recording: &Recording,
    progress: &mut dyn FnMut(u64),
) -> Result<Appended, LedgerError> {
    let first = ledger.head()?.entries + 1;
    if plan.len() < STREAM_FROM {
        let facts: Vec<Fact> = plan.facts(rows).collect();
        let sealed = ledger.record(&facts, recording)?;
        return Ok(Appended {
            first,
            hashes: sealed.iter().map(|s| s.hash).collect(),
        });
    }
    let mut bulk = ledger.bulk(recording)?;
    // One thread makes the facts and checks their fields while this one admits, seals and
    // writes them: the two halves cost about the same.
    let make = |handoff: &mut Handoff<Result<Checked, FieldError>>| {
        for i in 0..plan.len() {
            let Some(fact) = plan.fact(rows, i) else {
                continue;
            };
            // A new fact is made of rows each checked as it was read, and merged within the
            // fact's limits; a corroboration is put together here, and checked.
            let checked = match i < plan.new.len() {
                true => Ok(Checked::of_checked_parts(fact)),
                false => Checked::new(fact),
            };
            if !handoff.send(checked) {
                return;
            }
        }
    };
    let mut told = 0;
    parallel::pipeline(make, |batch| {
        for fact in batch.drain(..) {
            match fact {
                Ok(fact) => bulk.push_checked(fact)?,
                Err(e) => return Err(bulk.invalid(e)),
            }
        }
        if bulk.len() >= told + PROGRESS_EVERY {
            told = bulk.len();
            progress(told as u64);
        }
        Ok(())
    })?;
    progress(plan.len() as u64);
    bulk.finish()
}

/// How many facts are recorded between two reports of progress.
const PROGRESS_EVERY: usize = 4096;

/// Checks the planned facts against the ledger as recording them would, writing nothing, and
/// lists every refusal: facts are checked treaty by treaty, and after a refusal again without
/// the refused fact's state (whose later acts would only repeat it).
pub fn check(
    ledger: &Ledger,
    rows: &Rows,
    plan: &Plan,
    recording: &Recording,
    problems: &mut Problems,
) -> Result<(), LedgerError> {
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..plan.new.len() {
        groups
            .entry(rows.treaty_number(plan.new[i]))
            .or_default()
            .push(i);
    }
    let mut groups: Vec<Vec<usize>> = groups.into_values().collect();
    groups.sort();
    groups.push((plan.new.len()..plan.len()).collect());
    // The state whose history entry `i` belongs to (none for a corroboration).
    let state = |i: usize| plan.new.get(i).and_then(|&n| rows.state(n));
    for mut group in groups {
        while !group.is_empty() && !problems.full() {
            let batch: Vec<Fact> = group.iter().filter_map(|&i| plan.fact(rows, i)).collect();
            let (i, e) = match ledger.check(&batch, recording) {
                Ok(()) => break,
                Err(e) => match e.fact() {
                    Some(j) => (group[j], e),
                    None => return Err(e),
                },
            };
            problems.push(Place::line(plan.line_of(rows, i)), e.to_string());
            let refused = state(i);
            group.retain(|&k| k != i && (refused.is_none() || state(k) != refused));
        }
    }
    Ok(())
}
