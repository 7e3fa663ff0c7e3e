//! Placement: the one rule for where an entry is indexed. An entry goes under its own treaty and
//! state; a retraction goes with the entry it retracts, and a corroboration with the entry it
//! corroborates. The store's index rows, the treaty index
//! committed in checkpoints, restore, verify and every whole-log reading follow it.

use crate::vocabulary::country::StateCode;
use crate::vocabulary::event::Event;
use crate::vocabulary::treaty::TreatyId;
use std::collections::HashMap;

/// The treaty and state an event is indexed under by itself (none for a retraction or a
/// corroboration, which go with their target).
pub fn index_of(event: &Event) -> (Option<TreatyId>, Option<StateCode>) {
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
    /// Wherever the entry it retracts or corroborates is.
    With(u64),
}

impl Place {
    /// Where `event` asks to be indexed: its treaty and state, or with its retraction's target.
    pub fn of(event: &Event) -> Place {
        match event {
            Event::TreatyRegistration(t) => Place::Under(t.id.clone(), None),
            Event::Act(a) => Place::Under(a.treaty.clone(), a.state.clone()),
            Event::Retraction(r) => Place::With(r.target),
            Event::Corroboration(c) => Place::With(c.target),
            Event::Provisions(p) => Place::Under(p.treaty.clone(), None),
            Event::Statement(s) => Place::Under(s.treaty.clone(), Some(s.state.clone())),
        }
    }
}

/// Where the entries of one pass over the log, in rising order, are indexed: under their own
/// treaty and state, or, for a retraction or a corroboration, those of the entry it names. The store's index
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

    /// The treaty numbered `number` (from 0, in order of first appearance); panics on a number
    /// not handed out.
    pub fn treaty(&self, number: usize) -> &TreatyId {
        &self.treaties[number]
    }

    /// The state numbered `number` (from 0, in order of first appearance, across all
    /// treaties); panics on a number not handed out.
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
