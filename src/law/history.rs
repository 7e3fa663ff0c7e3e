//! Membership histories: what a treaty's acts say about each state, and its status on any day.
//!
//! A [`StateHistory`] holds a state's signatures, memberships (deposit, entry into force,
//! withdrawal), armed conflicts and suspensions, each date with the entry that proves it;
//! [`StateHistory::status_at`] answers for any date. [`crate::law::interpret`] builds them.

use crate::law::facts::LiveAct;
use crate::vocabulary::calendar::LegalDate;
use crate::vocabulary::event::ActKind;
use crate::vocabulary::rules::{LaterFrom, Rules};
use crate::vocabulary::treaty::TreatyId;
use serde::Serialize;

/// A dated fact with the entry that records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Proven {
    /// The day of the fact: the act's own date, such as the day of deposit or notification.
    pub date: LegalDate,
    /// The number of the entry that records it.
    pub entry: u64,
}

impl Proven {
    pub(crate) fn of(act: &LiveAct) -> Self {
        Proven {
            date: act.act.date,
            entry: act.seq,
        }
    }
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

/// The dates the rules used to fix a membership's entry into force from the treaty's, so that
/// an explanation states exactly what the derivation compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Derivation {
    /// Which deposits the delay for later states covers, as the rules say.
    pub cutoff_is: LaterFrom,
    /// The last day of a founding deposit: the deposit of the instrument that completed the
    /// number required (`nth-instrument`) or the treaty's entry into force (`entry-into-force`).
    /// A deposit on or before it takes effect with the treaty. `None` under a nth-instrument
    /// rule when that instrument is not among the acts (the treaty's entry into force is
    /// recorded): then no deposit is founding.
    pub cutoff: Option<LegalDate>,
    /// The treaty's own entry into force.
    pub treaty_in_force: LegalDate,
    /// For a deposit after the cutoff, the date the delay for later states gives from it
    /// (`None` for a founding deposit, or past the calendar's end).
    pub own: Option<LegalDate>,
}

impl Derivation {
    /// Entry into force for a state depositing on `day`, by the rules, how it was fixed, and the
    /// dates the rules compared; `None` while the treaty itself is not in force.
    pub(crate) fn for_deposit(
        rules: &Rules,
        in_force: &TreatyInForce,
        day: LegalDate,
    ) -> Option<(LegalDate, InForceBasis, Derivation)> {
        let treaty_eif = in_force.date()?;
        let cutoff_is = rules.later_delay_from;
        // Under a nth-instrument rule with the nth instrument not among the acts (the treaty's
        // entry into force recorded), no deposit is founding.
        let cutoff = match cutoff_is {
            LaterFrom::NthInstrument => in_force.nth_instrument.map(|nth| nth.date),
            LaterFrom::EntryIntoForce => Some(treaty_eif),
        };
        // A deposit the delay for later states does not cover takes effect with the treaty.
        let founding = cutoff.is_some_and(|c| day <= c);
        let own = (!founding).then(|| rules.later_delay.apply(day)).flatten();
        let derivation = Derivation {
            cutoff_is,
            cutoff,
            treaty_in_force: treaty_eif,
            own,
        };
        Some(match own {
            Some(own) if own > treaty_eif => (own, InForceBasis::LaterDelay, derivation),
            _ => (treaty_eif, InForceBasis::TreatyEntryIntoForce, derivation),
        })
    }

    /// Whether the deposit on `deposited` is a founding one (on or before the cutoff).
    pub fn founding(&self, deposited: LegalDate) -> bool {
        self.cutoff.is_some_and(|c| deposited <= c)
    }
}

/// A withdrawal and when it takes effect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Withdrawal {
    /// The notice of withdrawal, by its date of deposit and entry.
    pub notified: Proven,
    /// A later date the notice itself states.
    pub stated: Option<LegalDate>,
    /// The date the rules (or the notice) give, before any armed-conflict suspension.
    pub due: LegalDate,
    /// When it takes effect; `None` while an armed conflict with no recorded end suspends it.
    pub effective: Option<LegalDate>,
    /// The armed conflict that postponed it, by the entry recording its start.
    pub suspended_by: Option<u64>,
    /// The revocation recorded before the withdrawal took effect, which cancels it.
    pub revoked: Option<Proven>,
    /// The treaty whose withdrawal this is, when it is implied by a withdrawal from another
    /// treaty (the notice is then that treaty's entry); `None` for a notice under this one.
    pub implied_by: Option<TreatyId>,
}

/// One consent to be bound, from deposit to its end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Membership {
    /// The kind of instrument: ratification, acceptance, approval, accession or succession.
    pub instrument: ActKind,
    /// The deposit of the instrument, by its date and entry.
    pub deposited: Proven,
    /// An effective date stated with the instrument (a succession's date of succession); it
    /// fixes entry into force for the state and may come before the deposit.
    pub stated_effective: Option<LegalDate>,
    /// Entry into force for the state; `None` while the treaty itself is not in force.
    pub in_force_from: Option<LegalDate>,
    /// How `in_force_from` was fixed; `None` exactly when there is no such date.
    pub in_force_basis: Option<InForceBasis>,
    /// The entry that proves the in-force date when it was recorded rather than derived.
    pub in_force_entry: Option<u64>,
    /// The dates the rules compared, when the date was derived from the treaty's.
    pub derivation: Option<Derivation>,
    /// The withdrawal of the instrument before it took effect, which ends the membership on its
    /// day: the state never became bound.
    pub instrument_withdrawn: Option<Proven>,
    /// The latest notice of withdrawal from this membership; a revoked one stays until a new
    /// notice replaces it.
    pub withdrawal: Option<Withdrawal>,
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
        self.instrument_withdrawn.map(|p| p.date).or(withdrawn)
    }

    pub(crate) fn pending_withdrawal(&mut self) -> Option<&mut Withdrawal> {
        self.withdrawal.as_mut().filter(|w| w.revoked.is_none())
    }
}

/// An armed conflict as recorded for a state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// The recorded start, by its date and entry.
    pub start: Proven,
    /// The recorded end; `None` while the conflict is recorded as ongoing.
    pub end: Option<Proven>,
}

/// A notified suspension of the treaty's operation (it does not change status).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suspension {
    /// The notice of suspension, by its date and entry.
    pub notified: Proven,
    /// The day the notice says the suspension starts, when it says.
    pub effective: Option<LegalDate>,
}

/// A declaration of provisional application and its end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provisional {
    /// The declaration, by its date and entry.
    pub declared: Proven,
    /// The state's notice ending it, if recorded.
    pub terminated: Option<Proven>,
    /// The day the treaty entered into force for the state, which ends it, if that came first.
    pub superseded: Option<LegalDate>,
}

impl Provisional {
    /// The day provisional application ended, if it has.
    pub fn end(&self) -> Option<LegalDate> {
        match (self.terminated.map(|t| t.date), self.superseded) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Whether the treaty was applied provisionally on `day`.
    pub fn covers(&self, day: LegalDate) -> bool {
        self.declared.date <= day && self.end().is_none_or(|e| e > day)
    }
}

/// Everything the live acts say about one state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct StateHistory {
    /// The state's signature, by its date and entry.
    pub signature: Option<Proven>,
    /// The withdrawal of its signature, if recorded.
    pub signature_withdrawn: Option<Proven>,
    /// Each consent to be bound, in date order; a state that withdrew and joined again has
    /// several, and at most the last is in effect.
    pub memberships: Vec<Membership>,
    /// The armed conflicts recorded for the state, in date order; at most one is ongoing.
    pub conflicts: Vec<Conflict>,
    /// Its notified suspensions of the treaty's operation, in date order.
    pub suspensions: Vec<Suspension>,
    /// Its domestic steps, such as votes and laws, which change no status.
    pub domestic_steps: Vec<Proven>,
    /// Its declarations of provisional application, in date order; at most one is open.
    pub provisional: Vec<Provisional>,
}

/// A state's standing under a treaty on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Neither a signature nor an instrument by the day.
    NotParty,
    /// Signed, with no instrument deposited by the day.
    Signatory,
    /// Signed, then withdrew the signature, with no instrument deposited by the day.
    SignatureWithdrawn,
    /// Instrument deposited, not yet in force for the state.
    Joined,
    /// Not bound by an instrument, applying the treaty provisionally.
    ProvisionallyApplying,
    /// Instrument deposited, not yet in force for the state, applying the treaty provisionally
    /// meanwhile.
    JoinedProvisionallyApplying,
    /// The treaty is in force for the state, with no withdrawal pending.
    Party,
    /// In force for the state, with a notified withdrawal that has not yet fallen due.
    PartyWithdrawalPending,
    /// A withdrawal has fallen due, but an armed conflict holds back its effect: the treaty
    /// still binds the state.
    WithdrawalSuspended,
    /// A withdrawal has taken effect: the treaty no longer binds the state.
    Withdrawn,
    /// The instrument was withdrawn before it took effect.
    InstrumentWithdrawn,
}

impl Status {
    /// The status as words for tables and explanations, such as `party, withdrawal pending`.
    pub fn name(self) -> &'static str {
        match self {
            Status::NotParty => "not party",
            Status::Signatory => "signatory",
            Status::SignatureWithdrawn => "signature withdrawn",
            Status::Joined => "joined, not yet in force",
            Status::ProvisionallyApplying => "applying provisionally, not bound",
            Status::JoinedProvisionallyApplying => {
                "joined, not yet in force, applying provisionally"
            }
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
            Status::ProvisionallyApplying => "provisionally-applying",
            Status::JoinedProvisionallyApplying => "joined-provisionally-applying",
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
        self.in_force() || matches!(self, Status::Joined | Status::JoinedProvisionallyApplying)
    }
}

impl StateHistory {
    /// The membership that covers `day`: the last one that had started by then.
    pub fn membership_at(&self, day: LegalDate) -> Option<&Membership> {
        self.memberships.iter().rev().find(|m| m.start() <= day)
    }

    /// The state's status on `day`: from the membership that covers it, or else from its
    /// signature.
    /// A state applying the treaty provisionally is shown as such, never as a party.
    pub fn status_at(&self, day: LegalDate) -> Status {
        let bound = self.bound_status_at(day);
        if self.provisional_at(day).is_none() {
            return bound;
        }
        match bound {
            Status::Joined => Status::JoinedProvisionallyApplying,
            Status::NotParty | Status::Signatory | Status::SignatureWithdrawn => {
                Status::ProvisionallyApplying
            }
            other => other,
        }
    }

    /// The status by signatures and instruments alone.
    fn bound_status_at(&self, day: LegalDate) -> Status {
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

    /// The provisional application in effect on `day`, if any.
    pub fn provisional_at(&self, day: LegalDate) -> Option<&Provisional> {
        self.provisional.iter().find(|p| p.covers(day))
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

    /// Every day on which this state's status may change.
    pub fn turning_points(&self) -> Vec<LegalDate> {
        let mut days: Vec<LegalDate> = [self.signature, self.signature_withdrawn]
            .iter()
            .flatten()
            .map(|p| p.date)
            .collect();
        for p in &self.provisional {
            days.extend(std::iter::once(p.declared.date).chain(p.end()));
        }
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
