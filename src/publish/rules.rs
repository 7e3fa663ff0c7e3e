//! The checks a restore makes of entries, made of published entries as they arrive after a
//! ledger's last: each is placed under a treaty (a retraction or a corroboration with an earlier
//! entry about one), and each treaty the new entries touch still reads as a consistent history
//! under its rules with them added. Only the touched treaties' logs are read from the ledger.

use crate::chain::placement::{self, Place, Placement};
use crate::chain::seal::Sealed;
use crate::chain::validity::{self, Kind, Seen};
use crate::law::facts::TreatyLog;
use crate::law::interpret;
use crate::ledger::Ledger;
use crate::publish::error::PublishError;
use crate::vocabulary::digest::Digest;
use std::collections::BTreeSet;

/// The new entries seen so far, and the logs of the treaties they touch.
pub struct Rules<'a> {
    ledger: &'a Ledger,
    /// The ledger's entries when the check began: the new entries follow them.
    held: u64,
    placement: Placement,
    /// By treaty number in `placement`: the treaty's log up to `held`, then the new entries.
    logs: Vec<TreatyLog>,
    /// The sources the new entries cite.
    cited: BTreeSet<Digest>,
    /// The new entries' hashes and kinds, for the entries after them that name them.
    seen: Seen,
}

impl<'a> Rules<'a> {
    /// Checks entries that follow the ledger's first `held`.
    pub fn new(ledger: &'a Ledger, held: u64) -> Rules<'a> {
        Rules {
            ledger,
            held,
            placement: Placement::default(),
            logs: Vec::new(),
            cited: BTreeSet::new(),
            seen: Seen::default(),
        }
    }

    /// Places a new entry (from `file`) and adds its fact to its treaty's log.
    pub fn place(&mut self, file: &str, sealed: &Sealed) -> Result<(), PublishError> {
        let seq = sealed.entry.seq;
        let held = self.held;
        validity::check(&sealed.entry, |target| match target.checked_sub(held) {
            Some(new) if new > 0 => self.seen.get(new),
            _ => {
                let earlier = self.ledger.entry(target).ok()?;
                Some((earlier.hash, Kind::of(&earlier.entry.fact.event)))
            }
        })
        .map_err(|why| {
            PublishError::damaged(
                file,
                format!("entry {seq} is not a valid entry: {why}; the published entries do not make a valid ledger"),
            )
        })?;
        self.seen
            .push(sealed.hash, Kind::of(&sealed.entry.fact.event));
        let place = match Place::of(&sealed.entry.fact.event) {
            // A target among the ledger's entries is placed where the ledger placed it.
            Place::With(target) if target != 0 && target <= self.held => self.held_place(target)?,
            place => place,
        };
        let unplaced = || {
            PublishError::damaged(
                file,
                format!("entry {seq} names no earlier entry about a treaty"),
            )
        };
        // The placement numbers the new entries from 1, so that it holds nothing of the held.
        let (number, _) = match place {
            // A held entry placed with no treaty, or a target that is not an earlier entry.
            Place::With(target) if target <= self.held || target >= seq => {
                return Err(unplaced());
            }
            Place::With(target) => self
                .placement
                .place_at(seq - self.held, Place::With(target - self.held)),
            place => self.placement.place_at(seq - self.held, place),
        }
        .ok_or_else(unplaced)?;
        if number == self.logs.len() {
            let treaty = self.placement.treaty(number).clone();
            self.logs.push(self.ledger.treaty_log(&treaty, self.held)?);
        }
        self.logs[number].apply(seq, &sealed.entry.fact);
        self.cited
            .extend(sealed.entry.fact.citations.iter().filter_map(|c| c.source));
        Ok(())
    }

    /// Where the ledger placed its entry `seq`: under its treaty, or with its own target.
    fn held_place(&self, seq: u64) -> Result<Place, PublishError> {
        let event = self.ledger.entry(seq)?.entry.fact.event;
        match Place::of(&event) {
            Place::With(target) if target < seq => self.held_place(target),
            Place::With(_) => Ok(Place::With(seq)),
            Place::Under(..) => {
                let (treaty, state) = placement::index_of(&event);
                Ok(treaty.map_or(Place::With(seq), |t| Place::Under(t, state)))
            }
        }
    }

    /// Reads every touched treaty by its rules; a contradiction names its entry, and the bundle
    /// it came in (`bundle_of` gives the file of an entry).
    pub fn finish(
        self,
        bundle_of: impl Fn(u64) -> String,
    ) -> Result<BTreeSet<Digest>, PublishError> {
        for (number, log) in self.logs.iter().enumerate() {
            let Some(facts) = log.facts() else { continue };
            interpret::interpret(&facts).map_err(|c| {
                PublishError::damaged(
                    &bundle_of(c.entry),
                    format!(
                        "entry {}: under treaty {} the facts contradict each other: {}; the published entries do not make a valid ledger",
                        c.entry,
                        self.placement.treaty(number),
                        c.reason
                    ),
                )
            })?;
        }
        Ok(self.cited)
    }
}
