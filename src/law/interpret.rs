//! Interpretation: a treaty's live acts read by its rules, state by state.
//!
//! [`interpret`] folds the live acts of one treaty, state by state in order of act date, into
//! [`StateHistory`]s. The same fold refuses a sequence of acts that contradicts itself, which is
//! how the ledger keeps out any entry it could not interpret.

use crate::law::facts::{LinkedWithdrawal, LiveAct, TreatyFacts};
use crate::law::history::{
    Conflict, Derivation, InForceBasis, Membership, Proven, Provisional, StateHistory, Suspension,
    TreatyInForce, Withdrawal,
};
use crate::law::withdrawal;
use crate::vocabulary::calendar::LegalDate;
use crate::vocabulary::country::StateCode;
use crate::vocabulary::event::ActKind;
use crate::vocabulary::event::Provisions;
use crate::vocabulary::rules::{Rules, SignatureCloses};
use crate::vocabulary::treaty::Treaty;
use std::collections::BTreeMap;

/// Why the acts of a treaty cannot be read as a consistent history.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct Contradiction {
    /// The entry (or pending fact's number) at which the history stops making sense.
    pub entry: u64,
    /// What does not make sense, in words; prefixed by the state's code when one state's acts
    /// are at fault.
    pub reason: String,
}

/// A treaty's acts, read.
#[derive(Debug, Clone)]
pub struct Interpretation {
    /// When and how the treaty itself entered into force, as far as the acts tell.
    pub in_force: TreatyInForce,
    /// The history of every state with a live act under the treaty, by state code.
    pub states: BTreeMap<StateCode, StateHistory>,
    /// The provisions the acts were read by.
    pub provisions: Provisions,
}

/// Reads the acts of a treaty by its rules, refusing any contradiction.
pub fn interpret(facts: &TreatyFacts) -> Result<Interpretation, Contradiction> {
    interpret_with(facts, treaty_in_force(facts)?)
}

/// Reads the acts of a treaty by its rules, given the treaty's own entry into force as all its
/// acts fix it: `facts` may then hold only some states' acts (each state's history depends on
/// its own acts, the treaty-level ones and that date alone).
pub fn interpret_with(
    facts: &TreatyFacts,
    in_force: TreatyInForce,
) -> Result<Interpretation, Contradiction> {
    let mut by_state: BTreeMap<StateCode, Vec<&LiveAct>> = BTreeMap::new();
    for act in &facts.acts {
        if let Some(state) = &act.act.state {
            by_state.entry(state.clone()).or_default().push(act);
        }
    }
    let mut states = BTreeMap::new();
    for (state, mut acts) in by_state {
        acts.sort_by_key(|a| (a.act.date, same_day_order(a.act.kind), a.seq));
        let mut reader = StateReader {
            treaty: &facts.treaty,
            provisions: &facts.provisions,
            in_force: &in_force,
            history: StateHistory::default(),
        };
        for act in acts {
            reader.read(act).map_err(|reason| Contradiction {
                entry: act.seq,
                reason: format!("{state}: {reason}"),
            })?;
        }
        let linked: Vec<&LinkedWithdrawal> = facts
            .linked_withdrawals
            .iter()
            .filter(|l| l.state == state)
            .collect();
        states.insert(state, reader.finish(&linked));
    }
    Ok(Interpretation {
        in_force,
        states,
        provisions: facts.provisions.clone(),
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
        | ActKind::ProvisionalApplication
        | ActKind::ProvisionalApplicationTermination => 2,
    }
}

/// The instruments that count towards entry into force: the kinds the provisions count (never
/// successions), and not withdrawn before taking effect.
fn counted_instruments(facts: &TreatyFacts) -> Vec<&LiveAct> {
    let withdrawn_before_effect: Vec<(&StateCode, LegalDate)> = facts
        .acts
        .iter()
        .filter(|a| a.act.kind == ActKind::InstrumentWithdrawal)
        .filter_map(|a| a.act.state.as_ref().map(|s| (s, a.act.date)))
        .collect();
    let mut counted: Vec<&LiveAct> = facts
        .acts
        .iter()
        .filter(|a| facts.provisions.counts(a.act.kind))
        .filter(|a| {
            !withdrawn_before_effect
                .iter()
                .any(|(s, d)| Some(*s) == a.act.state.as_ref() && *d >= a.act.date)
        })
        .collect();
    counted.sort_by_key(|a| (a.act.date, a.seq));
    counted
}

fn treaty_in_force(facts: &TreatyFacts) -> Result<TreatyInForce, Contradiction> {
    let rules = &facts.treaty.rules;
    let counted = counted_instruments(facts);
    let nth = usize::try_from(rules.eif_instruments)
        .ok()
        .and_then(|n| counted.get(n.checked_sub(1)?));
    let nth_instrument = nth.map(|a| Proven::of(a));
    let by_rule = nth_instrument.and_then(|p| rules.eif_delay.apply(p.date));
    let mut recorded = facts
        .acts
        .iter()
        .filter(|a| a.act.kind == ActKind::EntryIntoForce && a.act.state.is_none());
    let first = recorded.next();
    if let (Some(first), Some(second)) = (first, recorded.next()) {
        return Err(Contradiction {
            entry: second.seq,
            reason: format!(
                "the treaty's entry into force is already recorded (entry {})",
                first.seq
            ),
        });
    }
    Ok(TreatyInForce {
        nth_instrument,
        by_rule,
        recorded: first.map(Proven::of),
    })
}

/// Folds one state's acts, in date order, into its history.
struct StateReader<'a> {
    treaty: &'a Treaty,
    provisions: &'a Provisions,
    in_force: &'a TreatyInForce,
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
        let m = self.history.memberships.last_mut()?;
        if let Some(w) = m.pending_withdrawal() {
            (w.effective, w.suspended_by) = withdrawal::effect(w.due, &rules, &conflicts);
        }
        if m.end().is_some_and(|end| end <= day) {
            None
        } else {
            Some(m)
        }
    }

    fn read(&mut self, live: &LiveAct) -> Result<(), String> {
        let act = &live.act;
        let day = act.date;
        let proof = Proven::of(live);
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
            ActKind::ProvisionalApplication => self.apply_provisionally(proof),
            ActKind::ProvisionalApplicationTermination => {
                let open = self
                    .history
                    .provisional
                    .iter_mut()
                    .find(|p| p.terminated.is_none());
                let open = open.ok_or_else(|| {
                    format!("no provisional application is declared on {day} to terminate")
                })?;
                open.terminated = Some(proof);
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
                Ok(())
            }
        }
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
        let (in_force_from, in_force_basis, derivation) = match stated_effective {
            Some(stated) => (Some(stated), Some(InForceBasis::StatedWithInstrument), None),
            None => match Derivation::for_deposit(self.rules(), self.in_force, day) {
                Some((from, basis, d)) => (Some(from), Some(basis), Some(d)),
                None => (None, None, None),
            },
        };
        self.history.memberships.push(Membership {
            instrument: kind,
            deposited: proof,
            stated_effective,
            in_force_from,
            in_force_basis,
            in_force_entry: None,
            derivation,
            instrument_withdrawn: None,
            withdrawal: None,
        });
        Ok(())
    }

    /// A declaration of provisional application: only under provisions that provide it, by a
    /// state for which the treaty is not in force, not twice at once.
    fn apply_provisionally(&mut self, proof: Proven) -> Result<(), String> {
        let day = proof.date;
        if self.provisions.provisional_application.is_none() {
            return Err(
                "the treaty's provisions provide no provisional application; record them with `pacta treaty provisions` first"
                    .to_string(),
            );
        }
        if let Some(open) = self
            .history
            .provisional
            .iter()
            .find(|p| p.terminated.is_none())
        {
            return Err(format!(
                "provisional application is already declared on {} (entry {})",
                open.declared.date, open.declared.entry
            ));
        }
        if let Some(from) = self
            .active(day)
            .and_then(|m| m.in_force_from)
            .filter(|f| *f <= day)
        {
            return Err(format!(
                "the treaty is in force for the state since {from}; provisional application only precedes that"
            ));
        }
        self.history.provisional.push(Provisional {
            declared: proof,
            terminated: None,
            superseded: None,
        });
        Ok(())
    }

    fn withdraw(&mut self, proof: Proven, stated: Option<LegalDate>) -> Result<(), String> {
        let day = proof.date;
        let rules = self.treaty.rules.clone();
        let provisions = self.provisions;
        let m = self
            .active(day)
            .ok_or_else(|| format!("no instrument in effect on {day} to withdraw from"))?;
        if let Some(w) = m.pending_withdrawal() {
            return Err(format!(
                "a withdrawal notified on {} (entry {}) is already pending",
                w.notified.date, w.notified.entry
            ));
        }
        if let Some(wait) = &provisions.withdrawal_notice_after {
            withdrawal::check_notice_wait(wait, m.in_force_from, day)?;
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
            implied_by: None,
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

    /// Settles every withdrawal against the full list of conflicts, applies the withdrawals
    /// implied by linked treaties, and ends provisional application at entry into force.
    fn finish(mut self, linked: &[&LinkedWithdrawal]) -> StateHistory {
        let conflicts = self.history.conflicts.clone();
        for m in &mut self.history.memberships {
            if let Some(w) = m.withdrawal.as_mut() {
                (w.effective, w.suspended_by) =
                    withdrawal::effect(w.due, &self.treaty.rules, &conflicts);
            }
        }
        for l in linked {
            withdrawal::imply(&mut self.history.memberships, l);
        }
        for p in &mut self.history.provisional {
            p.superseded = self
                .history
                .memberships
                .iter()
                .filter_map(|m| m.in_force_from)
                .find(|f| *f >= p.declared.date);
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
        TreatyFacts::new(t, 1, acts)
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
