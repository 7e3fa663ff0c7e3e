//! Membership histories: what a treaty's acts say about each state, and its status on any day.
//!
//! A [`StateHistory`] holds a state's signatures, memberships (deposit, entry into force,
//! withdrawal), armed conflicts and suspensions, each date with the entry that proves it;
//! [`StateHistory::status_at`] answers for any date. [`crate::law::interpret`] builds them.

use crate::vocabulary::calendar::LegalDate;
use crate::vocabulary::event::ActKind;
use serde::Serialize;

/// A dated fact with the entry that records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Proven {
    pub date: LegalDate,
    pub entry: u64,
}

/// A withdrawal under another treaty that takes effect for this one by its rules (its
/// provisions list that treaty: Paris Agreement art. 28(3)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct LinkedEffect {
    /// When the notice was deposited under the other treaty, and its entry.
    pub notified: Proven,
    /// When the withdrawal takes effect under the other treaty.
    pub effective: LegalDate,
}

/// How the treaty itself entered into force.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TreatyInForce {
    /// The deposit that completed the number of instruments the rules require.
    pub nth_instrument: Option<Proven>,
    /// The date the rules give from that deposit.
    pub by_rule: Option<LegalDate>,
    /// A date recorded from a source.
    pub recorded: Option<Proven>,
}

impl TreatyInForce {
    /// The date used: a recorded date wins over the computed one.
    pub fn date(&self) -> Option<LegalDate> {
        self.recorded.map(|r| r.date).or(self.by_rule)
    }

    /// Both dates, when they disagree.
    pub fn discrepancy(&self) -> Option<(LegalDate, LegalDate)> {
        match (self.recorded, self.by_rule) {
            (Some(r), Some(b)) if r.date != b => Some((r.date, b)),
            _ => None,
        }
    }
}

/// How a membership's entry into force was fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InForceBasis {
    /// The treaty's own entry into force, for a state among the first instruments.
    TreatyEntryIntoForce,
    /// The rule for states that deposit later.
    LaterDelay,
    /// An effective date stated with the instrument (a succession's date of succession).
    StatedWithInstrument,
    /// An entry-into-force date recorded for this state.
    Recorded,
}

/// What a later state's deposit is later than: the instrument that completed the number the
/// rules require, or the treaty's entry into force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Threshold {
    /// The deposit that completed the number of instruments required.
    NthInstrument(Proven),
    /// The treaty's entry into force.
    EntryIntoForce(LegalDate),
    /// Fewer instruments are recorded than the number required (the treaty's entry into force
    /// is recorded from a source): no deposit can be shown to precede the last one required,
    /// so each is read as later.
    NthNotRecorded(u32),
}

/// The rule that fixed a membership's entry into force, with every date it used: the record
/// an explanation renders, so that it can only state what the derivation did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InForceRule {
    /// The deposit is not later than the threshold, so the treaty binds the state from its own
    /// entry into force.
    WithTreaty {
        /// The deposit's day.
        deposited: LegalDate,
        /// The threshold it did not pass.
        threshold: Threshold,
        /// The treaty's entry into force.
        treaty: LegalDate,
    },
    /// A later deposit: the delay for later states from it gives `own`; the state is bound from
    /// the later of `own` and the treaty's entry into force.
    LaterDelay {
        /// The deposit's day.
        deposited: LegalDate,
        /// The threshold it passed.
        threshold: Threshold,
        /// The day the delay for later states gives (`None` past the calendar's end).
        own: Option<LegalDate>,
        /// The treaty's entry into force.
        treaty: LegalDate,
    },
    /// A date stated with the instrument.
    Stated(LegalDate),
    /// A date recorded for the state.
    Recorded(Proven),
}

impl InForceRule {
    /// The date the rule gives.
    pub fn date(&self) -> Option<LegalDate> {
        match *self {
            InForceRule::WithTreaty { treaty, .. } => Some(treaty),
            InForceRule::LaterDelay { own, treaty, .. } => {
                Some(own.map_or(treaty, |o| o.max(treaty)))
            }
            InForceRule::Stated(date) => Some(date),
            InForceRule::Recorded(p) => Some(p.date),
        }
    }

    /// The basis shown in `status` (kept as it always was).
    pub fn basis(&self) -> InForceBasis {
        match *self {
            InForceRule::WithTreaty { .. } => InForceBasis::TreatyEntryIntoForce,
            InForceRule::LaterDelay { own, treaty, .. } => match own {
                Some(own) if own > treaty => InForceBasis::LaterDelay,
                _ => InForceBasis::TreatyEntryIntoForce,
            },
            InForceRule::Stated(_) => InForceBasis::StatedWithInstrument,
            InForceRule::Recorded(_) => InForceBasis::Recorded,
        }
    }
}

/// A declaration that the state applies the treaty provisionally, pending its entry into force
/// for it, and the notice that ended it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ProvisionalApplication {
    pub declared: Proven,
    /// A day from which the declaration says it applies.
    pub effective: Option<LegalDate>,
    pub ended: Option<Proven>,
    /// A day from which the notice says it ends.
    pub end_effective: Option<LegalDate>,
}

impl ProvisionalApplication {
    /// The first day of provisional application.
    pub fn from(&self) -> LegalDate {
        self.effective
            .map_or(self.declared.date, |e| e.max(self.declared.date))
    }

    /// The day it ends by notice, if it does.
    pub fn until(&self) -> Option<LegalDate> {
        self.ended
            .map(|e| self.end_effective.map_or(e.date, |x| x.max(e.date)))
    }
}

/// A withdrawal and when it takes effect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Withdrawal {
    pub notified: Proven,
    /// A later date the notice itself states.
    pub stated: Option<LegalDate>,
    /// The date the rules (or the notice) give, before any armed-conflict suspension.
    pub due: LegalDate,
    /// When it takes effect; `None` while an armed conflict with no recorded end suspends it.
    pub effective: Option<LegalDate>,
    /// The armed conflict that postponed it, by the entry recording its start.
    pub suspended_by: Option<u64>,
    pub revoked: Option<Proven>,
}

/// One consent to be bound, from deposit to its end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Membership {
    pub instrument: ActKind,
    pub deposited: Proven,
    pub stated_effective: Option<LegalDate>,
    /// Entry into force for the state; `None` while the treaty itself is not in force.
    pub in_force_from: Option<LegalDate>,
    pub in_force_basis: Option<InForceBasis>,
    /// The entry that proves the in-force date when it was recorded rather than derived.
    pub in_force_entry: Option<u64>,
    pub instrument_withdrawn: Option<Proven>,
    pub withdrawal: Option<Withdrawal>,
    /// The rule and dates that fixed `in_force_from`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_force_rule: Option<InForceRule>,
    /// A withdrawal from a linked treaty that ended this membership, with that treaty's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub linked_withdrawal: Option<(crate::vocabulary::treaty::TreatyId, LinkedEffect)>,
}

impl Membership {
    /// The first day the membership counts: the deposit, or an earlier stated effective date.
    pub fn start(&self) -> LegalDate {
        self.stated_effective
            .map_or(self.deposited.date, |e| e.min(self.deposited.date))
    }

    /// The day the membership ended, if it has.
    pub fn end(&self) -> Option<LegalDate> {
        let withdrawn = self
            .withdrawal
            .as_ref()
            .filter(|w| w.revoked.is_none())
            .and_then(|w| w.effective);
        let own = self.instrument_withdrawn.map(|p| p.date).or(withdrawn);
        let linked = self.linked_withdrawal.as_ref().map(|(_, l)| l.effective);
        match (own, linked) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    pub(crate) fn pending_withdrawal(&mut self) -> Option<&mut Withdrawal> {
        self.withdrawal.as_mut().filter(|w| w.revoked.is_none())
    }
}

/// An armed conflict as recorded for a state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    pub start: Proven,
    pub end: Option<Proven>,
}

/// A notified suspension of the treaty's operation (it does not change status).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suspension {
    pub notified: Proven,
    pub effective: Option<LegalDate>,
}

/// Everything the live acts say about one state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct StateHistory {
    pub signature: Option<Proven>,
    pub signature_withdrawn: Option<Proven>,
    pub memberships: Vec<Membership>,
    pub conflicts: Vec<Conflict>,
    pub suspensions: Vec<Suspension>,
    pub domestic_steps: Vec<Proven>,
    /// Declarations of provisional application.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub provisional: Vec<ProvisionalApplication>,
}

/// A state's standing under a treaty on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    NotParty,
    Signatory,
    SignatureWithdrawn,
    /// Instrument deposited, not yet in force for the state.
    Joined,
    Party,
    PartyWithdrawalPending,
    WithdrawalSuspended,
    Withdrawn,
    /// The instrument was withdrawn before it took effect.
    InstrumentWithdrawn,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::NotParty => "not party",
            Status::Signatory => "signatory",
            Status::SignatureWithdrawn => "signature withdrawn",
            Status::Joined => "joined, not yet in force",
            Status::Party => "party",
            Status::PartyWithdrawalPending => "party, withdrawal pending",
            Status::WithdrawalSuspended => "withdrawal suspended by armed conflict",
            Status::Withdrawn => "withdrawn",
            Status::InstrumentWithdrawn => "instrument withdrawn before effect",
        }
    }

    /// The status's code in JSON and CSV output (kebab-case).
    pub fn code(self) -> &'static str {
        match self {
            Status::NotParty => "not-party",
            Status::Signatory => "signatory",
            Status::SignatureWithdrawn => "signature-withdrawn",
            Status::Joined => "joined",
            Status::Party => "party",
            Status::PartyWithdrawalPending => "party-withdrawal-pending",
            Status::WithdrawalSuspended => "withdrawal-suspended",
            Status::Withdrawn => "withdrawn",
            Status::InstrumentWithdrawn => "instrument-withdrawn",
        }
    }

    /// The treaty is in force for the state.
    pub fn in_force(self) -> bool {
        matches!(
            self,
            Status::Party | Status::PartyWithdrawalPending | Status::WithdrawalSuspended
        )
    }

    /// Instrument deposited and neither withdrawn nor lapsed: the published "States Parties".
    pub fn counts_as_party(self) -> bool {
        self.in_force() || self == Status::Joined
    }
}

impl StateHistory {
    /// The membership that covers `day`: the last one that had started by then.
    pub fn membership_at(&self, day: LegalDate) -> Option<&Membership> {
        self.memberships.iter().rev().find(|m| m.start() <= day)
    }

    pub fn status_at(&self, day: LegalDate) -> Status {
        if let Some(m) = self.membership_at(day) {
            return membership_status(m, day);
        }
        let by_day = |p: Option<Proven>| p.is_some_and(|p| p.date <= day);
        if by_day(self.signature_withdrawn) {
            Status::SignatureWithdrawn
        } else if by_day(self.signature) {
            Status::Signatory
        } else {
            Status::NotParty
        }
    }

    /// The suspension notified by `day` while a membership was in effect, if any.
    pub fn suspension_at(&self, day: LegalDate) -> Option<&Suspension> {
        let status = self.status_at(day);
        if !status.counts_as_party() {
            return None;
        }
        self.suspensions
            .iter()
            .rev()
            .find(|s| s.notified.date <= day)
    }

    /// The provisional application in effect on `day`: declared, not ended, and the treaty not
    /// (yet, or any more) binding the state.
    pub fn provisional_at(&self, day: LegalDate) -> Option<&ProvisionalApplication> {
        let status = self.status_at(day);
        if !matches!(
            status,
            Status::NotParty | Status::Signatory | Status::SignatureWithdrawn | Status::Joined
        ) {
            return None;
        }
        self.provisional
            .iter()
            .rev()
            .find(|p| p.from() <= day && p.until().is_none_or(|u| u > day))
    }

    /// Every day on which this state's status may change.
    pub fn turning_points(&self) -> Vec<LegalDate> {
        let mut days: Vec<LegalDate> = [self.signature, self.signature_withdrawn]
            .iter()
            .flatten()
            .map(|p| p.date)
            .collect();
        for m in &self.memberships {
            days.extend(
                [
                    Some(m.start()),
                    m.in_force_from,
                    m.instrument_withdrawn.map(|p| p.date),
                ]
                .into_iter()
                .flatten(),
            );
            if let Some(w) = &m.withdrawal {
                days.extend(
                    [
                        Some(w.notified.date),
                        Some(w.due),
                        w.effective,
                        w.revoked.map(|p| p.date),
                    ]
                    .into_iter()
                    .flatten(),
                );
            }
            days.extend(m.linked_withdrawal.as_ref().map(|(_, l)| l.effective));
        }
        days.sort();
        days.dedup();
        days
    }
}

fn membership_status(m: &Membership, day: LegalDate) -> Status {
    if m.instrument_withdrawn.is_some_and(|p| p.date <= day) {
        return Status::InstrumentWithdrawn;
    }
    if m.linked_withdrawal
        .as_ref()
        .is_some_and(|(_, l)| l.effective <= day)
    {
        return Status::Withdrawn;
    }
    let in_force = m.in_force_from.is_some_and(|f| f <= day);
    if let Some(w) = m.withdrawal.as_ref().filter(|w| w.notified.date <= day) {
        let revoked = w.revoked.is_some_and(|r| r.date <= day);
        if !revoked {
            if w.effective.is_some_and(|e| e <= day) {
                return Status::Withdrawn;
            }
            if w.due <= day {
                return Status::WithdrawalSuspended;
            }
            if in_force {
                return Status::PartyWithdrawalPending;
            }
        }
    }
    if in_force {
        Status::Party
    } else {
        Status::Joined
    }
}
