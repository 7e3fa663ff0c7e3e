//! Events: what an entry records.
//!
//! Format version 1 began with a treaty's registration, the acts of states (and the
//! treaty-level entry into force), and retractions, the only way to correct a mistake; later
//! kinds and events are appended at the end (statements beyond membership, registrations with
//! provisions, entities), so every earlier entry keeps its bytes.
//! A [`Fact`] is what a recorder supplies: an event with its citations and an optional note.

use crate::vocabulary::calendar::LegalDate;
use crate::vocabulary::citation::{Citation, MAX_CITATIONS};
use crate::vocabulary::country::StateCode;
use crate::vocabulary::digest::Digest;
use crate::vocabulary::field::{self, FieldError};
use crate::vocabulary::provisions::{Provisions, TreatyWithProvisions};
use crate::vocabulary::statement::{
    Entity, Objection, StatementWithdrawal, TerritorialApplication,
};
use crate::vocabulary::treaty::{Treaty, TreatyId};
use serde::{Deserialize, Serialize};

pub use crate::vocabulary::act_kind::{ACT_KINDS, ActKind};

/// A dated act of a state under a treaty, or the treaty's own entry into force.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Act {
    pub treaty: TreatyId,
    /// `None` only for a treaty-wide entry into force.
    pub state: Option<StateCode>,
    pub kind: ActKind,
    /// The day of the act: signature, deposit, notification, vote.
    pub date: LegalDate,
    /// A date the act takes effect that a source states: a succession's date of succession, a
    /// withdrawal's stated later date, the day a suspension is said to start.
    pub effective: Option<LegalDate>,
}

/// The withdrawal of an earlier entry from every projection, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Retraction {
    pub target: u64,
    /// The retracted entry's hash, so that the retraction names exactly one entry.
    pub target_hash: Digest,
    pub reason: String,
}

/// What an entry records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Event {
    TreatyRegistration(Treaty),
    Act(Act),
    Retraction(Retraction),
    // Appended after format version 1's first three events (see docs/FORMAT.md section 2).
    /// A treaty registered with provisions format version 1's rules cannot hold.
    TreatyRegistrationWithProvisions(TreatyWithProvisions),
    /// An objection to another state's reservation.
    Objection(Objection),
    /// The withdrawal of a reservation, declaration, objection or territorial application.
    StatementWithdrawal(StatementWithdrawal),
    /// A territorial extension or exclusion.
    TerritorialApplication(TerritorialApplication),
    /// A participant the built-in table lacks, under a user-assigned code.
    EntityRegistration(Entity),
}

impl Event {
    /// The treaty the event belongs to, if it names one itself (a retraction does not).
    pub fn treaty(&self) -> Option<&TreatyId> {
        match self {
            Event::TreatyRegistration(t) => Some(&t.id),
            Event::Act(a) => Some(&a.treaty),
            Event::Retraction(_) => None,
            Event::TreatyRegistrationWithProvisions(t) => Some(&t.treaty.id),
            Event::Objection(o) => Some(&o.treaty),
            Event::StatementWithdrawal(w) => Some(&w.treaty),
            Event::TerritorialApplication(a) => Some(&a.treaty),
            Event::EntityRegistration(e) => Some(&e.treaty),
        }
    }

    /// The state the event is about, if any: an act's state, the objecting or withdrawing or
    /// declaring state, a registered entity.
    pub fn state(&self) -> Option<&StateCode> {
        match self {
            Event::Act(a) => a.state.as_ref(),
            Event::Objection(o) => Some(&o.state),
            Event::StatementWithdrawal(w) => Some(&w.state),
            Event::TerritorialApplication(a) => Some(&a.state),
            Event::EntityRegistration(e) => Some(&e.code),
            Event::TreatyRegistration(_)
            | Event::Retraction(_)
            | Event::TreatyRegistrationWithProvisions(_) => None,
        }
    }

    /// The registration it records, with its provisions (the defaults for a registration of
    /// format version 1), if it registers a treaty.
    pub fn registration(&self) -> Option<(&Treaty, std::borrow::Cow<'_, Provisions>)> {
        match self {
            Event::TreatyRegistration(t) => {
                Some((t, std::borrow::Cow::Owned(Provisions::default())))
            }
            Event::TreatyRegistrationWithProvisions(t) => {
                Some((&t.treaty, std::borrow::Cow::Borrowed(&t.provisions)))
            }
            Event::Act(_)
            | Event::Retraction(_)
            | Event::Objection(_)
            | Event::StatementWithdrawal(_)
            | Event::TerritorialApplication(_)
            | Event::EntityRegistration(_) => None,
        }
    }

    /// A few words for a log line.
    pub fn summary(&self) -> String {
        match self {
            Event::TreatyRegistration(t) => format!("treaty {} registered", t.id),
            Event::Act(a) => {
                let who = a
                    .state
                    .as_ref()
                    .map_or_else(|| "treaty".to_string(), StateCode::to_string);
                let effective = a
                    .effective
                    .map(|e| format!(" (effective {e})"))
                    .unwrap_or_default();
                format!("{} {} {} {}{}", a.treaty, who, a.kind, a.date, effective)
            }
            Event::Retraction(r) => format!("retraction of entry {}", r.target),
            Event::TreatyRegistrationWithProvisions(t) => {
                format!("treaty {} registered (with provisions)", t.treaty.id)
            }
            Event::Objection(o) => format!(
                "{} {} objection to {}'s reservation (entry {}) {}",
                o.treaty, o.state, o.objected_state, o.reservation, o.date
            ),
            Event::StatementWithdrawal(w) => format!(
                "{} {} {}withdrawal of entry {} {}",
                w.treaty,
                w.state,
                if w.partial { "partial " } else { "" },
                w.statement,
                w.date
            ),
            Event::TerritorialApplication(a) => {
                let effective = a
                    .effective
                    .map(|e| format!(" (effective {e})"))
                    .unwrap_or_default();
                format!(
                    "{} {} territorial {} {} {}{}",
                    a.treaty, a.state, a.scope, a.territory, a.date, effective
                )
            }
            Event::EntityRegistration(e) => format!(
                "{} entity {} registered: {} ({})",
                e.treaty,
                e.code,
                e.name,
                e.kind.name()
            ),
        }
    }
}

impl Event {
    /// The registration of a preset's treaty (id: the preset's name) with its rules and
    /// provisions, in the form `treaty add --rules` writes: with provisions only when they are
    /// not the defaults.
    pub fn preset_registration(preset: &crate::vocabulary::rules::Preset) -> Event {
        let treaty = Treaty {
            id: TreatyId::parse(preset.name).expect("preset names are treaty ids"),
            title: preset.title.to_string(),
            adopted: Some(preset.adopted()),
            depositary: Some(preset.depositary.to_string()),
            rules: preset.rules(),
        };
        let (provisions, _) = crate::vocabulary::provisions::of_preset(preset.name);
        if provisions.is_default() {
            Event::TreatyRegistration(treaty)
        } else {
            Event::TreatyRegistrationWithProvisions(TreatyWithProvisions { treaty, provisions })
        }
    }
}

/// An event with its sources, as a recorder supplies it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fact {
    pub event: Event,
    pub citations: Vec<Citation>,
    pub note: Option<String>,
}

impl Fact {
    /// Checks the fact on its own, before the ledger is consulted.
    pub fn check(&self) -> Result<(), FieldError> {
        if self.citations.is_empty() {
            return Err(FieldError::new(
                "citation",
                "every fact needs at least one citation",
            ));
        }
        if self.citations.len() > MAX_CITATIONS {
            return Err(FieldError::new(
                "citation",
                format!("at most {MAX_CITATIONS} citations per fact"),
            ));
        }
        self.citations.iter().try_for_each(Citation::check)?;
        if let Some(note) = &self.note {
            field::text("note", note, field::NOTE_MAX)?;
        }
        match &self.event {
            Event::TreatyRegistration(treaty) => treaty.check(),
            Event::Act(act) => check_act(act),
            Event::Retraction(r) => field::text("reason", &r.reason, field::NOTE_MAX),
            Event::TreatyRegistrationWithProvisions(t) => t.check(),
            Event::Objection(o) => o.check(),
            Event::StatementWithdrawal(w) => w.check(),
            Event::TerritorialApplication(a) => a.check(),
            Event::EntityRegistration(e) => e.check(),
        }
    }
}

fn check_act(act: &Act) -> Result<(), FieldError> {
    if act.kind.needs_state() && act.state.is_none() {
        return Err(FieldError::new(
            "state",
            format!("a {} needs the state that made it", act.kind),
        ));
    }
    if act.effective.is_some() && !act.kind.takes_effective_date() {
        return Err(FieldError::new(
            "effective date",
            format!("a {} has no effective date of its own", act.kind),
        ));
    }
    if act.kind == ActKind::Withdrawal
        && let Some(effective) = act.effective.filter(|e| *e < act.date)
    {
        return Err(FieldError::new(
            "effective date",
            format!(
                "a withdrawal cannot take effect ({effective}) before it is notified ({})",
                act.date
            ),
        ));
    }
    Ok(())
}
