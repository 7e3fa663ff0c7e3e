//! Explanations: how a state's status on a day follows from entries and rules, step by step.
//!
//! Each [`Reason`] is one sentence with the entries it rests on, so that a reader can check every
//! step against the entries and their citations.

use crate::law::history::{Derivation, InForceBasis, Membership, Provisional, Status, Withdrawal};
use crate::law::interpret::Interpretation;
use crate::vocabulary::calendar::LegalDate;
use crate::vocabulary::country::StateCode;
use crate::vocabulary::plural::count;
use crate::vocabulary::rules::LaterFrom;
use crate::vocabulary::treaty::Treaty;
use serde::Serialize;

/// One step of an explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// The step in words, as English sentences.
    pub text: String,
    /// The entries the step rests on; empty for a conclusion or an absence.
    pub entries: Vec<u64>,
    /// Every date the sentence states, with what the derivation used it as: the sentence is
    /// written from these, so that a check can hold each against the derivation.
    #[serde(skip)]
    pub dates: Vec<(Used, LegalDate)>,
    /// Every order between two dates the sentence asserts ("after", "no later than").
    #[serde(skip)]
    pub orders: Vec<Order>,
}

/// What a date stated in an explanation was in the derivation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Used {
    /// The day explained.
    At,
    /// The treaty's entry into force (recorded, or else by the rules).
    TreatyInForce,
    /// The treaty's entry into force as the rules give it.
    TreatyInForceByRule,
    /// The deposit of the instrument that completed the number required.
    NthDeposit,
    /// The state's signature.
    Signature,
    /// The withdrawal of its signature.
    SignatureWithdrawn,
    /// The deposit of the state's instrument.
    Deposit,
    /// The withdrawal of that instrument before it took effect.
    InstrumentWithdrawn,
    /// The last day of a founding deposit ([`crate::law::history::Derivation::cutoff`]).
    Cutoff,
    /// The date the delay for later states gives from the deposit.
    OwnDelay,
    /// Entry into force for the state.
    InForceForState,
    /// The first day a withdrawal may be notified under the provisions.
    NoticeAllowed,
    /// A notice of withdrawal (under this treaty or a linked one).
    WithdrawalNotice,
    /// The date the withdrawal delay gives from the notice.
    WithdrawalByDelay,
    /// A later date the notice states.
    WithdrawalStated,
    /// The date the withdrawal falls due.
    WithdrawalDue,
    /// The date it takes effect.
    WithdrawalEffective,
    /// Its revocation.
    WithdrawalRevoked,
    /// The start of the armed conflict that suspends it.
    ConflictStart,
    /// That conflict's recorded end.
    ConflictEnd,
    /// A notice of suspension of the treaty's operation.
    SuspensionNotice,
    /// The day such a notice says the suspension starts.
    SuspensionStart,
    /// A declaration of provisional application.
    ProvisionalDeclared,
    /// The end of provisional application.
    ProvisionalEnded,
}

/// An order a sentence asserts: `earlier` comes before `later` (or on the same day, unless
/// `strict`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Order {
    /// The date said to come first.
    pub earlier: LegalDate,
    /// The date said to come after it.
    pub later: LegalDate,
    /// Whether the sentence says strictly before ("after"), not "no later than".
    pub strict: bool,
}

impl Order {
    /// Whether the order holds.
    pub fn holds(&self) -> bool {
        if self.strict {
            self.earlier < self.later
        } else {
            self.earlier <= self.later
        }
    }
}

/// A sentence under construction: its dates are stated through it, so none goes unrecorded.
struct Sentence {
    text: String,
    dates: Vec<(Used, LegalDate)>,
    orders: Vec<Order>,
}

impl Sentence {
    fn new() -> Sentence {
        Sentence {
            text: String::new(),
            dates: Vec::new(),
            orders: Vec::new(),
        }
    }

    /// Appends words with no date in them.
    fn words(mut self, text: &str) -> Sentence {
        self.text.push_str(text);
        self
    }

    /// Appends a date, recording what it was in the derivation.
    fn date(mut self, used: Used, date: LegalDate) -> Sentence {
        self.text.push_str(&date.to_string());
        self.dates.push((used, date));
        self
    }

    /// Records that the sentence asserts `earlier` before `later`.
    fn order(mut self, earlier: LegalDate, later: LegalDate, strict: bool) -> Sentence {
        self.orders.push(Order {
            earlier,
            later,
            strict,
        });
        self
    }

    fn reason(self, entries: &[u64]) -> Reason {
        Reason {
            text: self.text,
            entries: entries.to_vec(),
            dates: self.dates,
            orders: self.orders,
        }
    }
}

/// Why a state has its status under a treaty on a day: the steps from the treaty's entry into
/// force to the status, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// The treaty's id.
    pub treaty: String,
    /// The state explained, by its canonical code.
    pub state: StateCode,
    /// The state's name, from the built-in table.
    pub name: &'static str,
    /// The day of the status explained (valid time).
    pub at: LegalDate,
    /// The state's status on that day.
    pub status: Status,
    /// The steps, the treaty's entry into force first and the status last.
    pub reasons: Vec<Reason>,
}

impl Explanation {
    /// Every entry cited by any step, ascending.
    pub fn entries(&self) -> Vec<u64> {
        let mut all: Vec<u64> = self
            .reasons
            .iter()
            .flat_map(|r| r.entries.iter().copied())
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    }
}

fn reason(text: String, entries: &[u64]) -> Reason {
    Sentence::new().words(&text).reason(entries)
}

/// Explains `state`'s status under `treaty` on `at`.
pub fn explain(
    treaty: &Treaty,
    interpretation: &Interpretation,
    state: &StateCode,
    at: LegalDate,
) -> Explanation {
    let mut reasons = vec![treaty_in_force(treaty, interpretation)];
    let history = interpretation.states.get(state);
    let status = history.map_or(Status::NotParty, |h| h.status_at(at));
    match history {
        None => reasons.push(reason(
            format!("No act of {state} under {} is recorded.", treaty.id),
            &[],
        )),
        Some(h) => {
            if let Some(s) = h.signature.filter(|s| s.date <= at) {
                reasons.push(
                    Sentence::new()
                        .words(&format!("{state} signed on "))
                        .date(Used::Signature, s.date)
                        .words(".")
                        .reason(&[s.entry]),
                );
            }
            if let Some(w) = h.signature_withdrawn.filter(|w| w.date <= at) {
                reasons.push(
                    Sentence::new()
                        .words(&format!("{state} withdrew its signature on "))
                        .date(Used::SignatureWithdrawn, w.date)
                        .words(".")
                        .reason(&[w.entry]),
                );
            }
            if let Some(m) = h.membership_at(at) {
                reasons.extend(membership(treaty, interpretation, state, m, at));
            }
            if let Some(p) = h.provisional.iter().rev().find(|p| p.declared.date <= at) {
                reasons.extend(provisional(interpretation, state, p, at));
            }
            if let Some(s) = h.suspension_at(at) {
                let mut sentence = Sentence::new()
                    .words(&format!(
                        "{state} notified a suspension of the treaty's operation on "
                    ))
                    .date(Used::SuspensionNotice, s.notified.date);
                if let Some(e) = s.effective {
                    sentence = sentence.words(" as of ").date(Used::SuspensionStart, e);
                }
                reasons.push(
                    sentence
                        .words(". The treaty's rules give such a notice no effect on membership, so it does not change the status.")
                        .reason(&[s.notified.entry]),
                );
            }
        }
    }
    reasons.push(
        Sentence::new()
            .words("So on ")
            .date(Used::At, at)
            .words(&format!(" the status of {state} is: {}.", status.name()))
            .reason(&[]),
    );
    Explanation {
        treaty: treaty.id.to_string(),
        state: state.clone(),
        name: state.country().name,
        at,
        status,
        reasons,
    }
}

fn treaty_in_force(treaty: &Treaty, interpretation: &Interpretation) -> Reason {
    let eif = &interpretation.in_force;
    let rules = &treaty.rules;
    let (mut sentence, entries) = match (eif.recorded, eif.nth_instrument, eif.by_rule) {
        (Some(rec), _, _) => (
            Sentence::new()
                .words("The treaty's entry into force on ")
                .date(Used::TreatyInForce, rec.date)
                .words(" is recorded."),
            vec![rec.entry],
        ),
        (None, Some(nth), Some(date)) => (
            Sentence::new()
                .words("The treaty entered into force on ")
                .date(Used::TreatyInForce, date)
                .words(&format!(
                    ": its instrument number {} (counting {}) was deposited on ",
                    rules.eif_instruments,
                    interpretation.provisions.counting_words()
                ))
                .date(Used::NthDeposit, nth.date)
                .words(&format!(
                    ", and its entry-into-force delay {} runs from that day.",
                    rules.eif_delay
                ))
                .order(nth.date, date, false),
            vec![nth.entry],
        ),
        _ => (
            Sentence::new().words(&format!(
                "The treaty is not in force: fewer than the {} it needs ({}) are recorded.",
                count(
                    u64::from(rules.eif_instruments),
                    "instrument",
                    "instruments"
                ),
                interpretation.provisions.counting_words()
            )),
            vec![],
        ),
    };
    if let Some((recorded, by_rule)) = eif.discrepancy() {
        sentence = sentence
            .words(" The rules would give ")
            .date(Used::TreatyInForceByRule, by_rule)
            .words(" instead; the recorded date ")
            .date(Used::TreatyInForce, recorded)
            .words(" is used.");
    }
    sentence.reason(&entries)
}

fn membership(
    treaty: &Treaty,
    interpretation: &Interpretation,
    state: &StateCode,
    m: &Membership,
    at: LegalDate,
) -> Vec<Reason> {
    let mut out = vec![
        Sentence::new()
            .words(&format!(
                "{state} deposited its instrument of {} on ",
                m.instrument
            ))
            .date(Used::Deposit, m.deposited.date)
            .words(".")
            .reason(&[m.deposited.entry]),
    ];
    if let Some(w) = m.instrument_withdrawn.filter(|w| w.date <= at) {
        out.push(
            Sentence::new()
                .words(&format!("{state} withdrew that instrument on "))
                .date(Used::InstrumentWithdrawn, w.date)
                .words(", before it took effect.")
                .reason(&[w.entry]),
        );
        return out;
    }
    out.extend(in_force(treaty, state, m));
    if let Some(w) = m.withdrawal.as_ref().filter(|w| w.notified.date <= at) {
        out.extend(withdrawal(treaty, interpretation, state, m, w, at));
    }
    out
}

/// How a deposit on `deposited` stands to the derivation's cutoff: "It deposited on
/// 1998-11-13, after the deposit of instrument number 40 on 1998-09-16".
fn deposited_against_cutoff(treaty: &Treaty, d: &Derivation, deposited: LegalDate) -> Sentence {
    let s = Sentence::new()
        .words("It deposited on ")
        .date(Used::Deposit, deposited);
    let Some(cutoff) = d.cutoff else {
        return s.words(
            "; with the instrument that completed the number required not among the recorded acts, every deposit is read as a later state's",
        );
    };
    let s = if d.founding(deposited) {
        s.words(", not after ").order(deposited, cutoff, false)
    } else {
        s.words(", after ").order(cutoff, deposited, true)
    };
    match d.cutoff_is {
        LaterFrom::NthInstrument => s.words(&format!(
            "the deposit of instrument number {} on ",
            treaty.rules.eif_instruments
        )),
        LaterFrom::EntryIntoForce => s.words("the treaty's entry into force on "),
    }
    .date(Used::Cutoff, cutoff)
}

fn in_force(treaty: &Treaty, state: &StateCode, m: &Membership) -> Option<Reason> {
    let from = m.in_force_from?;
    let deposited = m.deposited.date;
    let later = &treaty.rules.later_delay;
    let sentence = match (m.in_force_basis?, m.derivation) {
        (InForceBasis::TreatyEntryIntoForce | InForceBasis::LaterDelay, Some(d))
            if d.founding(deposited) =>
        {
            deposited_against_cutoff(treaty, &d, deposited)
                .words(&format!(
                    ", so the treaty bound {state} from its own entry into force, "
                ))
                .date(Used::InForceForState, from)
                .words(".")
        }
        (InForceBasis::TreatyEntryIntoForce, Some(d)) => {
            let s = deposited_against_cutoff(treaty, &d, deposited);
            match d.own {
                Some(own) => s
                    .words(&format!(
                        "; the delay for later states ({later}) from its deposit gives "
                    ))
                    .date(Used::OwnDelay, own)
                    .words(", no later than the treaty's entry into force on ")
                    .date(Used::TreatyInForce, d.treaty_in_force)
                    .order(own, d.treaty_in_force, false),
                None => s.words(&format!(
                    "; the delay for later states ({later}) from its deposit runs past the calendar"
                )),
            }
            .words(&format!(", so the treaty bound {state} from "))
            .date(Used::InForceForState, from)
            .words(".")
        }
        (InForceBasis::LaterDelay, Some(d)) => deposited_against_cutoff(treaty, &d, deposited)
            .words(&format!(
                ", so the rule for later states applies: {later} from its deposit gives "
            ))
            .date(Used::OwnDelay, from)
            .words(", after the treaty's entry into force on ")
            .date(Used::TreatyInForce, d.treaty_in_force)
            .order(d.treaty_in_force, from, true)
            .words(&format!(
                ", so the treaty entered into force for {state} on "
            ))
            .date(Used::InForceForState, from)
            .words("."),
        (InForceBasis::StatedWithInstrument, _) => Sentence::new()
            .words("The instrument states the date it takes effect, ")
            .date(Used::InForceForState, from)
            .words(", which the rules do not compute (a succession dates from the succession)."),
        (InForceBasis::Recorded, _) => Sentence::new()
            .words(&format!("Entry into force for {state} on "))
            .date(Used::InForceForState, from)
            .words(" is recorded."),
        // The reader gives every derived date its derivation.
        (InForceBasis::TreatyEntryIntoForce | InForceBasis::LaterDelay, None) => Sentence::new()
            .words(&format!("The rules bind {state} from "))
            .date(Used::InForceForState, from)
            .words("."),
    };
    let mut entries = vec![m.deposited.entry];
    entries.extend(m.in_force_entry);
    Some(sentence.reason(&entries))
}

fn withdrawal(
    treaty: &Treaty,
    interpretation: &Interpretation,
    state: &StateCode,
    m: &Membership,
    w: &Withdrawal,
    at: LegalDate,
) -> Vec<Reason> {
    let mut out = Vec::new();
    match &w.implied_by {
        Some(other) => out.push(
            Sentence::new()
                .words(&format!("{state} notified its withdrawal from {other} on "))
                .date(Used::WithdrawalNotice, w.notified.date)
                .words(", which takes effect there on ")
                .date(Used::WithdrawalDue, w.due)
                .words(&format!(
                    ". Under the treaty's provisions a withdrawal from {other} is also a withdrawal from {}, effective with it.",
                    treaty.id
                ))
                .reason(&[w.notified.entry]),
        ),
        None => {
            if let (Some(wait), Some(first)) = (
                &interpretation.provisions.withdrawal_notice_after,
                m.in_force_from,
            ) && let Some(allowed) = wait.apply(first)
            {
                out.push(
                    Sentence::new()
                        .words(&format!(
                            "Under the treaty's provisions a withdrawal may be notified only {wait} after entry into force for {state} on "
                        ))
                        .date(Used::InForceForState, first)
                        .words(", that is from ")
                        .date(Used::NoticeAllowed, allowed)
                        .words("; the notice of ")
                        .date(Used::WithdrawalNotice, w.notified.date)
                        .words(" is not earlier.")
                        .order(allowed, w.notified.date, false)
                        .reason(&[w.notified.entry]),
                );
            }
            let delay = &treaty.rules.withdrawal_delay;
            let mut s = Sentence::new()
                .words(&format!("{state} notified its withdrawal on "))
                .date(Used::WithdrawalNotice, w.notified.date)
                .words(&format!(". The withdrawal delay ({delay}) gives "));
            s = match delay.apply(w.notified.date) {
                Some(d) => s.date(Used::WithdrawalByDelay, d),
                None => s.words("no date"),
            };
            if let Some(stated) = w.stated {
                s = s
                    .words("; the notice states ")
                    .date(Used::WithdrawalStated, stated);
            }
            out.push(
                s.words(", so it is due on ")
                    .date(Used::WithdrawalDue, w.due)
                    .words(".")
                    .reason(&[w.notified.entry]),
            );
        }
    }
    if let Some(r) = w.revoked.filter(|r| r.date <= at) {
        out.push(
            Sentence::new()
                .words(&format!("{state} revoked the withdrawal on "))
                .date(Used::WithdrawalRevoked, r.date)
                .words(", before it took effect.")
                .reason(&[r.entry]),
        );
        return out;
    }
    if let Some(conflict) = w.suspended_by {
        let history = &interpretation.states[state];
        let c = history.conflicts.iter().find(|c| c.start.entry == conflict);
        let mut s = Sentence::new().words(&format!(
            "When it fell due, {state} was engaged in an armed conflict recorded from "
        ));
        if let Some(c) = c {
            s = s.date(Used::ConflictStart, c.start.date);
        }
        s = s.words("; under the treaty's armed-conflict clause a withdrawal does not take effect before the conflict ends");
        let end = c.and_then(|c| c.end).filter(|e| e.date <= at);
        let mut entries = vec![conflict];
        s = match (end, w.effective) {
            (Some(end), Some(effective)) => {
                entries.push(end.entry);
                s.words("; the conflict's end is recorded on ")
                    .date(Used::ConflictEnd, end.date)
                    .words(", so the withdrawal took effect on ")
                    .date(Used::WithdrawalEffective, effective)
            }
            _ => s.words("; no end of the conflict is recorded by this day, so the withdrawal remains suspended"),
        };
        out.push(s.words(".").reason(&entries));
    } else if let Some(effective) = w.effective.filter(|e| *e <= at) {
        out.push(
            Sentence::new()
                .words("The withdrawal took effect on ")
                .date(Used::WithdrawalEffective, effective)
                .words(".")
                .reason(&[w.notified.entry]),
        );
    }
    out
}

/// A declaration of provisional application, and its end by the day explained.
fn provisional(
    interpretation: &Interpretation,
    state: &StateCode,
    p: &Provisional,
    at: LegalDate,
) -> Vec<Reason> {
    let what = interpretation
        .provisions
        .provisional_application
        .as_deref()
        .unwrap_or("the treaty");
    let mut out = vec![
        Sentence::new()
            .words(&format!("{state} declared on "))
            .date(Used::ProvisionalDeclared, p.declared.date)
            .words(&format!(
                " that it applies {what} provisionally, pending entry into force for it; provisional application does not make it a party."
            ))
            .reason(&[p.declared.entry]),
    ];
    let Some(end) = p.end().filter(|e| *e <= at) else {
        return out;
    };
    let (how, entries) = match p.terminated.filter(|t| t.date == end) {
        Some(t) => (
            "it notified the end of provisional application",
            vec![t.entry],
        ),
        None => ("the treaty entered into force for it", vec![]),
    };
    out.push(
        Sentence::new()
            .words("Provisional application ended on ")
            .date(Used::ProvisionalEnded, end)
            .words(&format!(": {how}."))
            .reason(&entries),
    );
    out
}
