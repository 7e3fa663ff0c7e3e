//! Interpretation: a treaty's live acts read by its rules, state by state.
//!
//! [`interpret`] folds the live acts of one treaty, state by state in order of act date, into
//! [`StateHistory`]s. The same fold refuses a sequence of acts that contradicts itself, which is
//! how the ledger keeps out any entry it could not interpret.

use crate::law::entry_into_force::{self, proven};
use crate::law::facts::{LinkedWithdrawal, LiveAct, TreatyFacts};
use crate::law::history::{
    Conflict, InForceBasis, InForceRule, Membership, Proven, ProvisionalApplication, StateHistory,
    Suspension, TreatyInForce, Withdrawal,
};
use crate::law::statements::{self, Statement};
use crate::law::withdrawal::{linked_end, withdrawal_effect};
use crate::vocabulary::calendar::LegalDate;
use crate::vocabulary::country::StateCode;
use crate::vocabulary::event::ActKind;
use crate::vocabulary::provisions::Provisions;
use crate::vocabulary::rules::{Rules, SignatureCloses};
use crate::vocabulary::statement::Entity;
use crate::vocabulary::treaty::Treaty;
use std::collections::{BTreeMap, BTreeSet};

pub use crate::law::facts::Contradiction;

/// A treaty's acts, read.
#[derive(Debug, Clone)]
pub struct Interpretation {
    pub in_force: TreatyInForce,
    pub states: BTreeMap<StateCode, StateHistory>,
    /// The treaty's provisions, as the reading applied them.
    pub provisions: Provisions,
    /// Reservations, declarations, objections and territorial applications, in date order.
    pub statements: Vec<Statement>,
    /// Entities registered under the treaty, by code.
    pub entities: BTreeMap<StateCode, Entity>,
}

impl Interpretation {
    /// The name the table gives a party, or for a registered entity its registered name: the
    /// name `status`, `diff` and `why` print in JSON.
    pub fn table_name(&self, code: &StateCode) -> String {
        match self.entities.get(code) {
            Some(e) => e.name.clone(),
            None => code.table_name(),
        }
    }

    /// Every withdrawal (not revoked, with a date of effect) this reading found, as the
    /// treaties that link to `treaty` take it.
    pub fn withdrawals(
        &self,
        treaty: &crate::vocabulary::treaty::TreatyId,
    ) -> Vec<LinkedWithdrawal> {
        let mut out = Vec::new();
        for (state, history) in &self.states {
            for m in &history.memberships {
                let Some(w) = m.withdrawal.as_ref().filter(|w| w.revoked.is_none()) else {
                    continue;
                };
                if let Some(effective) = w.effective {
                    out.push(LinkedWithdrawal {
                        treaty: treaty.clone(),
                        state: state.clone(),
                        effect: crate::law::history::LinkedEffect {
                            notified: w.notified,
                            effective,
                        },
                    });
                }
            }
        }
        out
    }

    /// The UN's short name of a party, or for a registered entity its registered name.
    pub fn un_name(&self, code: &StateCode) -> String {
        match self.entities.get(code) {
            Some(e) => e.name.clone(),
            None => code.un_name(),
        }
    }
}

/// Reads the acts of a treaty by its rules, refusing any contradiction.
pub fn interpret(facts: &TreatyFacts) -> Result<Interpretation, Contradiction> {
    interpret_only(facts, None)
}

/// As [`interpret`], reading only the given states' histories (every state's instruments
/// still count towards the treaty's entry into force): for questions about a few states.
pub fn interpret_only(
    facts: &TreatyFacts,
    only: Option<&BTreeSet<StateCode>>,
) -> Result<Interpretation, Contradiction> {
    let in_force = entry_into_force::of_treaty(facts)?;
    let mut by_state: BTreeMap<StateCode, Vec<&LiveAct>> = BTreeMap::new();
    for act in &facts.acts {
        if let Some(state) = &act.act.state
            && only.is_none_or(|only| only.contains(state))
        {
            by_state.entry(state.clone()).or_default().push(act);
        }
    }
    let mut states = BTreeMap::new();
    for (state, mut acts) in by_state {
        acts.sort_by_key(|a| (a.act.date, same_day_order(a.act.kind), a.seq));
        if state.is_user_assigned() && !facts.entities.contains_key(&state) {
            return Err(Contradiction {
                entry: acts[0].seq,
                reason: format!(
                    "{state} is a user-assigned code that is not registered as an entity under {}",
                    facts.treaty.id
                ),
            });
        }
        let linked: Vec<&LinkedWithdrawal> =
            facts.linked.iter().filter(|l| l.state == state).collect();
        let mut reader = StateReader {
            treaty: &facts.treaty,
            provisions: &facts.provisions,
            in_force: &in_force,
            linked,
            history: StateHistory::default(),
        };
        for act in acts {
            reader.read(act).map_err(|reason| Contradiction {
                entry: act.seq,
                reason: format!("{state}: {reason}"),
            })?;
        }
        states.insert(state, reader.finish());
    }
    let statements = statements::read(facts, &states, only)?;
    let entities = facts
        .entities
        .iter()
        .map(|(code, (_, e))| (code.clone(), e.clone()))
        .collect();
    Ok(Interpretation {
        in_force,
        states,
        provisions: facts.provisions.clone(),
        statements,
        entities,
    })
}

/// Where an act falls among acts of the same day: a signature before a deposit (a state may sign
/// and ratify on one day, and sources list them in either order), a deposit before whatever
/// depends on it, then everything else in entry order.
fn same_day_order(kind: ActKind) -> u8 {
    match kind {
        ActKind::Signature => 0,
        ActKind::Ratification
        | ActKind::Acceptance
        | ActKind::Approval
        | ActKind::Accession
        | ActKind::Succession => 1,
        ActKind::Withdrawal
        | ActKind::WithdrawalRevocation
        | ActKind::SignatureWithdrawal
        | ActKind::InstrumentWithdrawal
        | ActKind::Suspension
        | ActKind::ArmedConflictStart
        | ActKind::ArmedConflictEnd
        | ActKind::DomesticStep
        | ActKind::EntryIntoForce
        | ActKind::Reservation
        | ActKind::Declaration
        | ActKind::ProvisionalApplication
        | ActKind::ProvisionalApplicationEnd => 2,
    }
}

/// Folds one state's acts, in date order, into its history.
struct StateReader<'a> {
    treaty: &'a Treaty,
    provisions: &'a Provisions,
    in_force: &'a TreatyInForce,
    /// The state's withdrawals under the treaties the provisions link to.
    linked: Vec<&'a LinkedWithdrawal>,
    history: StateHistory,
}

impl StateReader<'_> {
    fn rules(&self) -> &Rules {
        &self.treaty.rules
    }

    /// The membership in effect on `day` (deposited, not ended by then).
    fn active(&mut self, day: LegalDate) -> Option<&mut Membership> {
        let conflicts = self.history.conflicts.clone();
        let rules = self.treaty.rules.clone();
        let linked = self.linked.clone();
        let m = self.history.memberships.last_mut()?;
        if let Some(w) = m.pending_withdrawal() {
            (w.effective, w.suspended_by) = withdrawal_effect(w.due, &rules, &conflicts);
        }
        m.linked_withdrawal = linked_end(m, &linked);
        if m.end().is_some_and(|end| end <= day) {
            None
        } else {
            Some(m)
        }
    }

    fn read(&mut self, live: &LiveAct) -> Result<(), String> {
        let act = &live.act;
        let day = act.date;
        let proof = proven(live);
        match act.kind {
            ActKind::Signature => self.sign(proof),
            ActKind::SignatureWithdrawal => {
                if self.history.signature.is_none() || self.history.signature_withdrawn.is_some() {
                    return Err(format!("no signature to withdraw on {day}"));
                }
                if let Some(m) = self.active(day) {
                    return Err(already_bound(m));
                }
                self.history.signature_withdrawn = Some(proof);
                Ok(())
            }
            kind @ (ActKind::Ratification
            | ActKind::Acceptance
            | ActKind::Approval
            | ActKind::Accession
            | ActKind::Succession) => self.deposit(kind, proof, act.effective),
            ActKind::InstrumentWithdrawal => {
                let m = self
                    .active(day)
                    .ok_or_else(|| format!("no instrument in effect on {day} to withdraw"))?;
                if let Some(from) = m.in_force_from.filter(|f| *f <= day) {
                    return Err(format!(
                        "the instrument took effect on {from}; after that only a withdrawal under the treaty ends it"
                    ));
                }
                m.instrument_withdrawn = Some(proof);
                Ok(())
            }
            ActKind::Withdrawal => self.withdraw(proof, act.effective),
            ActKind::WithdrawalRevocation => {
                let m = self
                    .active(day)
                    .ok_or_else(|| format!("no withdrawal pending on {day} to revoke"))?;
                let w = m
                    .pending_withdrawal()
                    .ok_or_else(|| format!("no withdrawal pending on {day} to revoke"))?;
                w.revoked = Some(proof);
                Ok(())
            }
            ActKind::Suspension => {
                self.active(day).ok_or_else(|| {
                    format!("no instrument in effect on {day}: nothing to suspend")
                })?;
                self.history.suspensions.push(Suspension {
                    notified: proof,
                    effective: act.effective,
                });
                Ok(())
            }
            ActKind::ArmedConflictStart => {
                if let Some(open) = self.history.conflicts.iter().find(|c| c.end.is_none()) {
                    return Err(format!(
                        "an armed conflict is already recorded as ongoing since {} (entry {})",
                        open.start.date, open.start.entry
                    ));
                }
                self.history.conflicts.push(Conflict {
                    start: proof,
                    end: None,
                });
                Ok(())
            }
            ActKind::ArmedConflictEnd => {
                let open = self.history.conflicts.iter_mut().find(|c| c.end.is_none());
                let open = open
                    .ok_or_else(|| format!("no armed conflict is recorded as ongoing on {day}"))?;
                open.end = Some(proof);
                Ok(())
            }
            ActKind::DomesticStep => {
                self.history.domestic_steps.push(proof);
                Ok(())
            }
            // Their wording and the objections to them are read by `law::statements`.
            ActKind::Reservation | ActKind::Declaration => Ok(()),
            ActKind::ProvisionalApplication => self.apply_provisionally(proof, act.effective),
            ActKind::ProvisionalApplicationEnd => {
                let open = self
                    .history
                    .provisional
                    .iter_mut()
                    .find(|p| p.ended.is_none());
                let open = open.ok_or_else(|| {
                    format!("no provisional application is recorded as continuing on {day}")
                })?;
                open.ended = Some(proof);
                open.end_effective = act.effective;
                Ok(())
            }
            ActKind::EntryIntoForce => {
                let m = self.active(day).ok_or_else(|| {
                    format!("no instrument deposited by {day} to enter into force")
                })?;
                if let (Some(InForceBasis::Recorded), Some(entry)) =
                    (m.in_force_basis, m.in_force_entry)
                {
                    return Err(format!(
                        "entry into force is already recorded (entry {entry})"
                    ));
                }
                m.in_force_from = Some(day);
                m.in_force_basis = Some(InForceBasis::Recorded);
                m.in_force_entry = Some(live.seq);
                m.in_force_rule = Some(InForceRule::Recorded(proof));
                Ok(())
            }
        }
    }

    fn apply_provisionally(
        &mut self,
        proof: Proven,
        effective: Option<LegalDate>,
    ) -> Result<(), String> {
        if !self.provisions.provisional_application {
            return Err(
                "the treaty's recorded rules do not provide for provisional application".into(),
            );
        }
        if let Some(open) = self.history.provisional.iter().find(|p| p.ended.is_none()) {
            return Err(format!(
                "provisional application declared on {} (entry {}) has not ended",
                open.declared.date, open.declared.entry
            ));
        }
        self.history.provisional.push(ProvisionalApplication {
            declared: proof,
            effective,
            ended: None,
            end_effective: None,
        });
        Ok(())
    }

    fn sign(&mut self, proof: Proven) -> Result<(), String> {
        let day = proof.date;
        if let Some(earlier) = self
            .history
            .signature
            .filter(|_| self.history.signature_withdrawn.is_none())
        {
            return Err(format!(
                "already signed on {} (entry {})",
                earlier.date, earlier.entry
            ));
        }
        if let Some(m) = self.active(day) {
            return Err(already_bound(m));
        }
        self.check_before_adoption("signature", day)?;
        match self.rules().signature_closes {
            SignatureCloses::On(last) if day > last => Err(format!(
                "signature closed on {last}; after that a state joins by accession"
            )),
            SignatureCloses::OnEntryIntoForce => match self.in_force.date() {
                Some(eif) if day >= eif => Err(format!(
                    "signature closed when the treaty entered into force on {eif}; after that a state joins by accession"
                )),
                _ => Ok(()),
            },
            _ => Ok(()),
        }?;
        self.history.signature = Some(proof);
        Ok(())
    }

    fn deposit(
        &mut self,
        kind: ActKind,
        proof: Proven,
        stated_effective: Option<LegalDate>,
    ) -> Result<(), String> {
        let day = proof.date;
        if let Some(m) = self.active(day) {
            return Err(already_bound(m));
        }
        self.check_before_adoption(kind.name(), day)?;
        let rule = match stated_effective {
            Some(stated) => Some(InForceRule::Stated(stated)),
            None => entry_into_force::for_deposit(self.rules(), self.in_force, day),
        };
        let in_force_from = rule.as_ref().and_then(InForceRule::date);
        let in_force_basis = rule.as_ref().map(InForceRule::basis);
        self.history.memberships.push(Membership {
            instrument: kind,
            deposited: proof,
            stated_effective,
            in_force_from,
            in_force_basis,
            in_force_entry: None,
            instrument_withdrawn: None,
            withdrawal: None,
            in_force_rule: rule,
            linked_withdrawal: None,
        });
        Ok(())
    }

    fn withdraw(&mut self, proof: Proven, stated: Option<LegalDate>) -> Result<(), String> {
        let day = proof.date;
        let rules = self.treaty.rules.clone();
        let wait = self.provisions.withdrawal_wait.clone();
        let m = self
            .active(day)
            .ok_or_else(|| format!("no instrument in effect on {day} to withdraw from"))?;
        if let Some(w) = m.pending_withdrawal() {
            return Err(format!(
                "a withdrawal notified on {} (entry {}) is already pending",
                w.notified.date, w.notified.entry
            ));
        }
        if let Some(wait) = &wait {
            let earliest = m
                .in_force_from
                .filter(|f| *f <= day)
                .and_then(|from| Some((from, wait.apply(from)?)));
            match earliest {
                None => {
                    return Err(format!(
                        "the treaty is not in force for it on {day}, and its rules allow a withdrawal only {wait} after entry into force for the party"
                    ));
                }
                Some((from, earliest)) if day < earliest => {
                    return Err(format!(
                        "its rules allow a withdrawal to be notified only from {earliest} ({wait} after the treaty's entry into force for it on {from}); notified on {day}"
                    ));
                }
                Some(_) => {}
            }
        }
        let by_rule = rules
            .withdrawal_delay
            .apply(day)
            .ok_or_else(|| format!("the withdrawal delay from {day} runs past the calendar"))?;
        let due = stated.map_or(by_rule, |s| s.max(by_rule));
        m.withdrawal = Some(Withdrawal {
            notified: proof,
            stated,
            due,
            effective: Some(due),
            suspended_by: None,
            revoked: None,
        });
        Ok(())
    }

    fn check_before_adoption(&self, what: &str, day: LegalDate) -> Result<(), String> {
        match self.treaty.adopted {
            Some(adopted) if day < adopted => Err(format!(
                "a {what} on {day} is before the treaty was adopted on {adopted}"
            )),
            _ => Ok(()),
        }
    }

    /// Settles every withdrawal against the full list of conflicts.
    fn finish(mut self) -> StateHistory {
        let conflicts = self.history.conflicts.clone();
        for m in &mut self.history.memberships {
            if let Some(w) = m.withdrawal.as_mut() {
                (w.effective, w.suspended_by) =
                    withdrawal_effect(w.due, &self.treaty.rules, &conflicts);
            }
            m.linked_withdrawal = linked_end(m, &self.linked);
        }
        self.history
    }
}

fn already_bound(m: &Membership) -> String {
    format!(
        "an instrument ({}, deposited {}, entry {}) is already in effect",
        m.instrument, m.deposited.date, m.deposited.entry
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::law::history::Status;
    use crate::vocabulary::event::Act;
    use crate::vocabulary::rules::Preset;
    use crate::vocabulary::treaty::TreatyId;

    fn d(s: &str) -> LegalDate {
        LegalDate::parse(s).unwrap()
    }

    fn treaty(preset: &str) -> Treaty {
        let p = Preset::find(preset).unwrap();
        Treaty {
            id: TreatyId::parse(preset).unwrap(),
            title: p.title.into(),
            adopted: Some(p.adopted()),
            depositary: None,
            rules: p.rules(),
        }
    }

    /// (state, act, date, effective) as a test writes an act.
    type Row = (
        &'static str,
        &'static str,
        &'static str,
        Option<&'static str>,
    );

    /// Builds facts from rows, numbered from 2.
    fn facts(preset: &str, rows: &[Row]) -> TreatyFacts {
        let t = treaty(preset);
        let acts = rows
            .iter()
            .enumerate()
            .map(|(i, (state, kind, date, effective))| LiveAct {
                seq: i as u64 + 2,
                act: Act {
                    treaty: t.id.clone(),
                    state: (!state.is_empty()).then(|| StateCode::parse(state).unwrap()),
                    kind: kind.parse().unwrap(),
                    date: d(date),
                    effective: effective.map(d),
                },
            })
            .collect();
        TreatyFacts::of_acts(t, Provisions::default(), 1, acts)
    }

    /// `n` founding ratifications by distinct real states on `day`, to bring a treaty into force.
    fn founders(
        n: usize,
        day: &'static str,
    ) -> Vec<(
        &'static str,
        &'static str,
        &'static str,
        Option<&'static str>,
    )> {
        const CODES: &[&str] = &[
            "AD", "AE", "AG", "AL", "AM", "AO", "AR", "AT", "AU", "AZ", "BA", "BB", "BD", "BE",
            "BF", "BG", "BH", "BI", "BJ", "BN", "BO", "BR", "BS", "BT", "BW", "BY", "BZ", "CA",
            "CD", "CF", "CG", "CH", "CI", "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CY", "CZ",
            "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EG", "ER", "ES", "ET", "FJ", "FM", "FR",
            "GA", "GB", "GD", "GE",
        ];
        CODES[..n]
            .iter()
            .map(|c| (*c, "ratification", day, None))
            .collect()
    }

    fn status(f: &TreatyFacts, state: &str, day: &str) -> Status {
        let i = interpret(f).unwrap();
        i.states
            .get(&StateCode::parse(state).unwrap())
            .map_or(Status::NotParty, |h| h.status_at(d(day)))
    }

    #[test]
    fn status_codes_are_the_json_names() {
        let all = [
            Status::NotParty,
            Status::Signatory,
            Status::SignatureWithdrawn,
            Status::Joined,
            Status::Party,
            Status::PartyWithdrawalPending,
            Status::WithdrawalSuspended,
            Status::Withdrawn,
            Status::InstrumentWithdrawn,
        ];
        for status in all {
            assert_eq!(serde_json::to_value(status).unwrap(), status.code());
        }
    }

    #[test]
    fn founding_and_later_states_under_ottawa() {
        let mut rows = founders(40, "1998-09-16");
        rows.push(("JP", "acceptance", "1998-09-30", None));
        rows.push(("OM", "accession", "2014-08-20", None));
        let f = facts("ottawa", &rows);
        let i = interpret(&f).unwrap();
        assert_eq!(i.in_force.date(), Some(d("1999-03-01")));
        assert_eq!(status(&f, "AD", "1999-02-28"), Status::Joined);
        assert_eq!(status(&f, "AD", "1999-03-01"), Status::Party);
        assert_eq!(status(&f, "JP", "1999-03-01"), Status::Party);
        assert_eq!(status(&f, "OM", "2015-01-01"), Status::Joined);
        assert_eq!(status(&f, "OM", "2015-02-01"), Status::Party);
    }

    #[test]
    fn att_binds_deposits_before_entry_into_force_from_entry_into_force() {
        // ATT Art. 22: 50th instrument 2014-09-25, in force 2014-12-24; a deposit between the
        // two takes effect with the treaty, a later one ninety days after deposit.
        let mut rows = founders(50, "2014-09-25");
        rows.push(("SN", "ratification", "2014-10-01", None));
        rows.push(("KR", "ratification", "2016-11-28", None));
        let f = facts("att", &rows);
        assert_eq!(
            interpret(&f).unwrap().in_force.date(),
            Some(d("2014-12-24"))
        );
        assert_eq!(status(&f, "SN", "2014-12-23"), Status::Joined);
        assert_eq!(status(&f, "SN", "2014-12-24"), Status::Party);
        assert_eq!(status(&f, "KR", "2017-02-25"), Status::Joined);
        assert_eq!(status(&f, "KR", "2017-02-26"), Status::Party);
        // Under Ottawa's rule the same early deposit would wait for its own delay.
        let mut ottawa = founders(40, "1998-09-16");
        ottawa.push(("SN", "ratification", "1998-10-01", None));
        assert_eq!(
            status(&facts("ottawa", &ottawa), "SN", "1999-03-01"),
            Status::Joined
        );
        assert_eq!(
            status(&facts("ottawa", &ottawa), "SN", "1999-04-01"),
            Status::Party
        );
    }

    #[test]
    fn a_signature_and_a_deposit_on_one_day_read_in_either_order() {
        let mut rows = founders(40, "1998-09-16");
        rows.push(("DE", "ratification", "1998-07-23", None));
        rows.push(("DE", "signature", "1998-07-23", None));
        let f = facts("ottawa", &rows);
        let i = interpret(&f).unwrap();
        let de = &i.states[&StateCode::parse("DE").unwrap()];
        assert_eq!(de.signature.map(|p| p.date), Some(d("1998-07-23")));
        assert_eq!(status(&f, "DE", "1999-03-01"), Status::Party);
    }

    #[test]
    fn a_state_may_withdraw_and_join_again() {
        // A fictional history: ratify, withdraw (one year), join again by accession.
        let mut rows = founders(60, "2002-04-11");
        rows.push(("PH", "ratification", "2011-08-30", None));
        rows.push(("PH", "withdrawal", "2018-03-17", None));
        rows.push(("PH", "accession", "2021-01-04", None));
        let f = facts("rome", &rows);
        assert_eq!(
            status(&f, "PH", "2019-03-16"),
            Status::PartyWithdrawalPending
        );
        assert_eq!(status(&f, "PH", "2019-03-17"), Status::Withdrawn);
        assert_eq!(status(&f, "PH", "2021-01-04"), Status::Joined);
        assert_eq!(status(&f, "PH", "2021-04-01"), Status::Party);
        let i = interpret(&f).unwrap();
        assert_eq!(
            i.states[&StateCode::parse("PH").unwrap()].memberships.len(),
            2
        );
        // Joining again before the withdrawal takes effect is a contradiction.
        let mut early = rows.clone();
        early.pop();
        early.push(("PH", "accession", "2018-06-01", None));
        assert!(
            interpret(&facts("rome", &early))
                .unwrap_err()
                .reason
                .contains("already in effect")
        );
    }

    #[test]
    fn withdrawal_with_six_month_delay() {
        let mut rows = founders(40, "1998-09-16");
        rows.push(("FI", "accession", "2012-01-09", None));
        rows.push(("FI", "withdrawal", "2025-07-10", None));
        let f = facts("ottawa", &rows);
        assert_eq!(status(&f, "FI", "2025-07-09"), Status::Party);
        assert_eq!(
            status(&f, "FI", "2025-07-10"),
            Status::PartyWithdrawalPending
        );
        assert_eq!(
            status(&f, "FI", "2026-01-09"),
            Status::PartyWithdrawalPending
        );
        assert_eq!(status(&f, "FI", "2026-01-10"), Status::Withdrawn);
    }

    #[test]
    fn armed_conflict_suspends_then_releases_a_withdrawal() {
        let mut rows = founders(40, "1998-09-16");
        rows.push(("UA", "ratification", "2005-12-27", None));
        rows.push(("UA", "armed-conflict-start", "2022-02-24", None));
        rows.push(("UA", "withdrawal", "2025-07-01", None));
        let open = facts("ottawa", &rows);
        assert_eq!(
            status(&open, "UA", "2026-01-01"),
            Status::WithdrawalSuspended
        );
        assert_eq!(
            status(&open, "UA", "2030-01-01"),
            Status::WithdrawalSuspended
        );
        rows.push(("UA", "armed-conflict-end", "2027-05-01", None));
        let ended = facts("ottawa", &rows);
        assert_eq!(
            status(&ended, "UA", "2027-04-30"),
            Status::WithdrawalSuspended
        );
        assert_eq!(status(&ended, "UA", "2027-05-01"), Status::Withdrawn);
    }

    #[test]
    fn rome_revocation_and_instrument_withdrawal() {
        let mut rows = founders(60, "2002-04-11");
        rows.push(("ZA", "ratification", "2000-11-27", None));
        rows.push(("ZA", "withdrawal", "2016-10-19", None));
        rows.push(("ZA", "withdrawal-revocation", "2017-03-07", None));
        rows.push(("MY", "accession", "2019-03-04", None));
        rows.push(("MY", "instrument-withdrawal", "2019-04-29", None));
        let f = facts("rome", &rows);
        assert_eq!(
            interpret(&f).unwrap().in_force.date(),
            Some(d("2002-07-01"))
        );
        assert_eq!(
            status(&f, "ZA", "2017-01-01"),
            Status::PartyWithdrawalPending
        );
        assert_eq!(status(&f, "ZA", "2018-01-01"), Status::Party);
        assert_eq!(status(&f, "MY", "2019-04-01"), Status::Joined);
        assert_eq!(status(&f, "MY", "2019-05-01"), Status::InstrumentWithdrawn);
        assert_eq!(status(&f, "MY", "2020-01-01"), Status::InstrumentWithdrawn);
    }

    #[test]
    fn succession_takes_effect_from_the_date_of_succession() {
        let mut rows = founders(40, "1998-09-16");
        rows.push(("SS", "succession", "2011-11-11", Some("2011-07-09")));
        let f = facts("ottawa", &rows);
        assert_eq!(status(&f, "SS", "2011-07-08"), Status::NotParty);
        assert_eq!(status(&f, "SS", "2011-07-09"), Status::Party);
    }

    #[test]
    fn contradictions_are_refused() {
        let base = founders(40, "1998-09-16");
        let cases: &[(&[Row], &str)] = &[
            (
                &[("FI", "withdrawal", "2025-07-10", None)],
                "no instrument in effect",
            ),
            (
                &[("FI", "accession", "1997-01-01", None)],
                "before the treaty was adopted",
            ),
            (
                &[
                    ("FI", "accession", "2012-01-09", None),
                    ("FI", "accession", "2013-01-09", None),
                ],
                "already in effect",
            ),
            (
                &[("FI", "signature", "2000-01-01", None)],
                "signature closed",
            ),
            (
                &[("FI", "withdrawal-revocation", "2025-07-10", None)],
                "no withdrawal pending",
            ),
            (
                &[("FI", "armed-conflict-end", "2025-07-10", None)],
                "no armed conflict",
            ),
            (
                &[("FI", "signature-withdrawal", "2025-07-10", None)],
                "no signature to withdraw",
            ),
        ];
        for (extra, expected) in cases {
            let mut rows = base.clone();
            rows.extend_from_slice(extra);
            let err = interpret(&facts("ottawa", &rows)).unwrap_err();
            assert!(
                err.reason.contains(expected),
                "{} does not mention {expected}",
                err.reason
            );
        }
    }
}
