//! Events: what an entry records.
//!
//! Format version 1: a treaty's registration, the acts of states (and the treaty-level entry
//! into force), retractions (the only way to correct a mistake) and, appended later,
//! corroborations (more sources for a recorded fact), a treaty's provisions (final clauses the
//! registration's rules cannot hold) and statements (reservations, declarations, objections,
//! their withdrawals and territorial application).
//! A [`Fact`] is what a recorder supplies: an event with its citations and an optional note.

use crate::vocabulary::calendar::LegalDate;
use crate::vocabulary::citation::{Citation, MAX_CITATIONS};
use crate::vocabulary::country::StateCode;
use crate::vocabulary::digest::Digest;
use crate::vocabulary::field::{self, FieldError};
use crate::vocabulary::rules::{Delay, MAX_STEPS, Preset};
use crate::vocabulary::statement::Statement;
use crate::vocabulary::treaty::{Treaty, TreatyId};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The kinds of act, in format order (the order fixes their tags in the canonical bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActKind {
    /// A state's signature: it does not bind, and is refused once signature has closed.
    Signature,
    /// Deposit of an instrument of ratification; counts towards entry into force.
    Ratification,
    /// Deposit of an instrument of acceptance; counts towards entry into force.
    Acceptance,
    /// Deposit of an instrument of approval; counts towards entry into force.
    Approval,
    /// Deposit of an instrument of accession, the way to join once signature has closed; counts
    /// towards entry into force.
    Accession,
    /// A notification of succession by a new state, continuing its predecessor's consent; it
    /// binds the state but does not count towards entry into force.
    Succession,
    /// A notice of withdrawal (denunciation); it takes effect after the treaty's withdrawal
    /// delay, or on a later date the notice states.
    Withdrawal,
    /// The revocation of a pending withdrawal before it takes effect, which cancels it.
    WithdrawalRevocation,
    /// The withdrawal of a signature by a state not bound by an instrument.
    SignatureWithdrawal,
    /// The withdrawal of an instrument before it took effect: the state never became bound.
    InstrumentWithdrawal,
    /// A notified suspension of the treaty's operation; recorded and shown, it changes no
    /// status.
    Suspension,
    /// The start of an armed conflict the state is engaged in, which may hold back its
    /// withdrawal under an armed-conflict clause.
    ArmedConflictStart,
    /// The end of the state's recorded armed conflict.
    ArmedConflictEnd,
    /// A domestic step such as a vote or a law; it informs and changes no status.
    DomesticStep,
    /// A recorded date of entry into force, for a state or, without one, for the treaty itself;
    /// it takes precedence over the date the rules give.
    EntryIntoForce,
    /// Appended (tag 15): a state's declaration that it applies the treaty (or the part its
    /// provisions name) provisionally, pending entry into force for it.
    ProvisionalApplication,
    /// Appended (tag 16): a state's notice that it ends its provisional application.
    ProvisionalApplicationTermination,
}

/// Every kind of act, in format order.
pub const ACT_KINDS: &[ActKind] = &[
    ActKind::Signature,
    ActKind::Ratification,
    ActKind::Acceptance,
    ActKind::Approval,
    ActKind::Accession,
    ActKind::Succession,
    ActKind::Withdrawal,
    ActKind::WithdrawalRevocation,
    ActKind::SignatureWithdrawal,
    ActKind::InstrumentWithdrawal,
    ActKind::Suspension,
    ActKind::ArmedConflictStart,
    ActKind::ArmedConflictEnd,
    ActKind::DomesticStep,
    ActKind::EntryIntoForce,
    ActKind::ProvisionalApplication,
    ActKind::ProvisionalApplicationTermination,
];

impl ActKind {
    /// The act's name in the CLI, CSV files and JSON.
    pub fn name(self) -> &'static str {
        match self {
            ActKind::Signature => "signature",
            ActKind::Ratification => "ratification",
            ActKind::Acceptance => "acceptance",
            ActKind::Approval => "approval",
            ActKind::Accession => "accession",
            ActKind::Succession => "succession",
            ActKind::Withdrawal => "withdrawal",
            ActKind::WithdrawalRevocation => "withdrawal-revocation",
            ActKind::SignatureWithdrawal => "signature-withdrawal",
            ActKind::InstrumentWithdrawal => "instrument-withdrawal",
            ActKind::Suspension => "suspension",
            ActKind::ArmedConflictStart => "armed-conflict-start",
            ActKind::ArmedConflictEnd => "armed-conflict-end",
            ActKind::DomesticStep => "domestic-step",
            ActKind::EntryIntoForce => "entry-into-force",
            ActKind::ProvisionalApplication => "provisional-application",
            ActKind::ProvisionalApplicationTermination => "provisional-application-termination",
        }
    }

    /// Deposit of an instrument by which a state consents to be bound.
    pub fn is_instrument(self) -> bool {
        match self {
            ActKind::Ratification
            | ActKind::Acceptance
            | ActKind::Approval
            | ActKind::Accession
            | ActKind::Succession => true,
            ActKind::Signature
            | ActKind::Withdrawal
            | ActKind::WithdrawalRevocation
            | ActKind::SignatureWithdrawal
            | ActKind::InstrumentWithdrawal
            | ActKind::Suspension
            | ActKind::ArmedConflictStart
            | ActKind::ArmedConflictEnd
            | ActKind::DomesticStep
            | ActKind::EntryIntoForce
            | ActKind::ProvisionalApplication
            | ActKind::ProvisionalApplicationTermination => false,
        }
    }

    /// Whether the deposit counts towards the treaty's own entry into force: every instrument
    /// but a succession, which continues a predecessor's consent.
    pub fn counts_towards_entry_into_force(self) -> bool {
        match self {
            ActKind::Ratification
            | ActKind::Acceptance
            | ActKind::Approval
            | ActKind::Accession => true,
            ActKind::Succession
            | ActKind::Signature
            | ActKind::Withdrawal
            | ActKind::WithdrawalRevocation
            | ActKind::SignatureWithdrawal
            | ActKind::InstrumentWithdrawal
            | ActKind::Suspension
            | ActKind::ArmedConflictStart
            | ActKind::ArmedConflictEnd
            | ActKind::DomesticStep
            | ActKind::EntryIntoForce
            | ActKind::ProvisionalApplication
            | ActKind::ProvisionalApplicationTermination => false,
        }
    }

    /// Whether the act can change what other states' acts mean, so that checking it needs the
    /// treaty's whole history: a deposit that counts towards entry into force, the withdrawal of
    /// such an instrument, and a signature (which closes when the treaty enters into force).
    /// Any other act concerns only its own state.
    pub fn is_treaty_wide(self) -> bool {
        match self {
            ActKind::Signature | ActKind::InstrumentWithdrawal => true,
            ActKind::Ratification
            | ActKind::Acceptance
            | ActKind::Approval
            | ActKind::Accession => true,
            ActKind::Succession
            | ActKind::Withdrawal
            | ActKind::WithdrawalRevocation
            | ActKind::SignatureWithdrawal
            | ActKind::Suspension
            | ActKind::ArmedConflictStart
            | ActKind::ArmedConflictEnd
            | ActKind::DomesticStep
            | ActKind::EntryIntoForce
            | ActKind::ProvisionalApplication
            | ActKind::ProvisionalApplicationTermination => false,
        }
    }

    /// Whether the act must name a state (only a treaty-wide entry into force need not).
    pub fn needs_state(self) -> bool {
        match self {
            ActKind::EntryIntoForce => false,
            ActKind::Signature
            | ActKind::Ratification
            | ActKind::Acceptance
            | ActKind::Approval
            | ActKind::Accession
            | ActKind::Succession
            | ActKind::Withdrawal
            | ActKind::WithdrawalRevocation
            | ActKind::SignatureWithdrawal
            | ActKind::InstrumentWithdrawal
            | ActKind::Suspension
            | ActKind::ArmedConflictStart
            | ActKind::ArmedConflictEnd
            | ActKind::DomesticStep
            | ActKind::ProvisionalApplication
            | ActKind::ProvisionalApplicationTermination => true,
        }
    }

    /// Whether an effective date of its own means something for this act: a deposit's entry
    /// into force for the state, a withdrawal's or a suspension's stated date.
    pub fn takes_effective_date(self) -> bool {
        match self {
            ActKind::Ratification
            | ActKind::Acceptance
            | ActKind::Approval
            | ActKind::Accession
            | ActKind::Succession
            | ActKind::Withdrawal
            | ActKind::Suspension => true,
            ActKind::Signature
            | ActKind::WithdrawalRevocation
            | ActKind::SignatureWithdrawal
            | ActKind::InstrumentWithdrawal
            | ActKind::ArmedConflictStart
            | ActKind::ArmedConflictEnd
            | ActKind::DomesticStep
            | ActKind::EntryIntoForce
            | ActKind::ProvisionalApplication
            | ActKind::ProvisionalApplicationTermination => false,
        }
    }
}

impl fmt::Display for ActKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ActKind {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        ACT_KINDS
            .iter()
            .find(|k| k.name() == text)
            .copied()
            .ok_or_else(|| {
                let names: Vec<&str> = ACT_KINDS.iter().map(|k| k.name()).collect();
                format!("'{text}' is not an act; use one of {}", names.join(", "))
            })
    }
}

/// A dated act of a state under a treaty, or the treaty's own entry into force.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Act {
    /// The treaty the act is under; it must be registered before the act.
    pub treaty: TreatyId,
    /// `None` only for a treaty-wide entry into force.
    pub state: Option<StateCode>,
    /// What the act is, which decides how the treaty's rules read it.
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
    /// The number of the entry retracted: an earlier entry that is not itself a retraction.
    pub target: u64,
    /// The retracted entry's hash, so that the retraction names exactly one entry.
    pub target_hash: Digest,
    /// Why the entry is withdrawn, in the recorder's words; may span lines.
    pub reason: String,
}

/// More sources for an earlier entry: the citations of the entry that records it are added to
/// those of the entry it names by number and hash (a live act or registration).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Corroboration {
    /// The entry whose fact the citations support.
    pub target: u64,
    /// That entry's hash, so that the corroboration names exactly one entry.
    pub target_hash: Digest,
}

/// The instruments that count towards entry into force unless provisions say otherwise.
pub const DEFAULT_COUNTING: &[ActKind] = &[
    ActKind::Ratification,
    ActKind::Acceptance,
    ActKind::Approval,
    ActKind::Accession,
];

/// The most treaties a withdrawal may be implied from; real clauses name one.
pub const MAX_LINKED: usize = 8;

/// A treaty's further final clauses, recorded after its registration (event tag 4) since a
/// registration's bytes never change; `docs/RULES.md` gives the law.
/// The latest live provisions entry of a treaty is in force; without one, the defaults hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provisions {
    /// The registered treaty they belong to.
    pub treaty: TreatyId,
    /// The kinds of instrument that count towards the treaty's entry into force, in format
    /// order (ATT Art. 22(1): ratification, acceptance and approval only).
    pub counting: Vec<ActKind>,
    /// How long after the treaty's entry into force for a party it must wait before notifying
    /// a withdrawal (Paris Agreement Art. 28(1): three years); `None` for no wait.
    pub withdrawal_notice_after: Option<Delay>,
    /// Treaties whose withdrawal is also a withdrawal from this one, effective with it (Paris
    /// Agreement Art. 28(3): the UNFCCC).
    pub withdrawn_with: Vec<TreatyId>,
    /// What a state may apply provisionally pending entry into force for it, in the treaty's
    /// words (ATT Art. 23: "Articles 6 and 7"); `None` when the treaty provides no provisional
    /// application.
    pub provisional_application: Option<String>,
}

impl Provisions {
    /// The provisions every treaty has until an entry records others.
    pub fn defaults(treaty: TreatyId) -> Provisions {
        Provisions {
            treaty,
            counting: DEFAULT_COUNTING.to_vec(),
            withdrawal_notice_after: None,
            withdrawn_with: Vec::new(),
            provisional_application: None,
        }
    }

    /// A preset's provisions for the treaty registered as `treaty`.
    pub fn of_preset(preset: &Preset, treaty: TreatyId) -> Provisions {
        let p = &preset.provisions;
        Provisions {
            treaty,
            counting: p
                .counting
                .iter()
                .map(|k| k.parse().expect("preset instrument kinds are valid"))
                .collect(),
            withdrawal_notice_after: p
                .withdrawal_notice_after
                .map(|d| d.parse::<Delay>().expect("preset delays are valid")),
            withdrawn_with: p
                .withdrawn_with
                .iter()
                .map(|t| TreatyId::parse(t).expect("preset treaty ids are valid"))
                .collect(),
            provisional_application: p.provisional_application.map(str::to_string),
        }
    }

    /// Whether these are the defaults, which need no entry.
    pub fn are_defaults(&self) -> bool {
        *self == Provisions::defaults(self.treaty.clone())
    }

    /// Whether an instrument of `kind` counts towards entry into force.
    pub fn counts(&self, kind: ActKind) -> bool {
        self.counting.contains(&kind)
    }

    /// The counting kinds as words: "ratifications, acceptances and approvals".
    pub fn counting_words(&self) -> String {
        let words: Vec<String> = self.counting.iter().map(|k| format!("{k}s")).collect();
        match words.split_last() {
            None => String::new(),
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        }
    }

    /// Checks the provisions on their own: counting kinds are distinct instruments in format
    /// order, at least one, none a succession; the wait has at most [`MAX_STEPS`] steps; linked treaties are
    /// distinct, at most [`MAX_LINKED`], and not the treaty itself; the provisional text is one
    /// line.
    pub fn check(&self) -> Result<(), FieldError> {
        if self.counting.is_empty() {
            return Err(FieldError::new(
                "counting instruments",
                "at least one kind of instrument must count towards entry into force",
            ));
        }
        // A succession continues a predecessor's consent and never counts; admission checks a
        // deposit against the whole treaty only for the kinds that may count.
        if let Some(kind) = self.counting.iter().find(|k| !DEFAULT_COUNTING.contains(k)) {
            return Err(FieldError::new(
                "counting instruments",
                format!(
                    "a {kind} cannot count: use ratification, acceptance, approval or accession"
                ),
            ));
        }
        if !self.counting.windows(2).all(|w| w[0] < w[1]) {
            return Err(FieldError::new(
                "counting instruments",
                "each kind once, in the order ratification, acceptance, approval, accession",
            ));
        }
        if self
            .withdrawal_notice_after
            .as_ref()
            .is_some_and(|d| d.0.len() > MAX_STEPS)
        {
            return Err(FieldError::new(
                "withdrawal notice wait",
                format!("has more than {MAX_STEPS} steps"),
            ));
        }
        if self.withdrawn_with.len() > MAX_LINKED {
            return Err(FieldError::new(
                "withdrawn with",
                format!("at most {MAX_LINKED} treaties"),
            ));
        }
        for (i, t) in self.withdrawn_with.iter().enumerate() {
            if *t == self.treaty {
                return Err(FieldError::new(
                    "withdrawn with",
                    "a treaty cannot be withdrawn with itself",
                ));
            }
            if self.withdrawn_with[..i].contains(t) {
                return Err(FieldError::new(
                    "withdrawn with",
                    format!("'{t}' is named twice"),
                ));
            }
        }
        field::optional_line(
            "provisional application",
            &self.provisional_application,
            field::NAME_MAX,
        )
    }
}

/// What an entry records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Event {
    /// A treaty's registration with its rules (`treaty-registration` in JSON); every act under
    /// the treaty comes after it.
    TreatyRegistration(Treaty),
    /// An act of a state under a treaty, or the treaty's own entry into force.
    Act(Act),
    /// The retraction of an earlier entry: the only way to correct the log.
    Retraction(Retraction),
    /// Appended after format version 1's first three events: tag 3.
    Corroboration(Corroboration),
    /// Appended: tag 4. A treaty's further final clauses, replacing any earlier provisions of
    /// the treaty; recorded after its registration.
    Provisions(Provisions),
    /// A reservation, declaration, objection, withdrawal of one, or territorial application:
    /// tag 5. It changes no membership date.
    Statement(Statement),
}

impl Event {
    /// The treaty the event belongs to, if it names one itself (a retraction or a
    /// corroboration does not: it belongs with the entry it names).
    pub fn treaty(&self) -> Option<&TreatyId> {
        match self {
            Event::TreatyRegistration(t) => Some(&t.id),
            Event::Act(a) => Some(&a.treaty),
            Event::Statement(s) => Some(&s.treaty),
            Event::Provisions(p) => Some(&p.treaty),
            Event::Retraction(_) | Event::Corroboration(_) => None,
        }
    }

    /// The earlier entry the event is about, for a retraction or a corroboration.
    pub fn target(&self) -> Option<u64> {
        match self {
            Event::Retraction(r) => Some(r.target),
            Event::Corroboration(c) => Some(c.target),
            Event::TreatyRegistration(_)
            | Event::Act(_)
            | Event::Provisions(_)
            | Event::Statement(_) => None,
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
            Event::Corroboration(c) => format!("more sources for entry {}", c.target),
            Event::Statement(s) => s.summary(),
            Event::Provisions(p) => format!("provisions of treaty {}", p.treaty),
        }
    }
}

/// An event with its sources, as a recorder supplies it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fact {
    /// What the fact records: a registration, an act or a retraction.
    pub event: Event,
    /// Where the fact comes from: at least one source and at most [`MAX_CITATIONS`].
    pub citations: Vec<Citation>,
    /// The recorder's remark, which may span lines; for a domestic step it also tells apart
    /// two steps of the same state on the same day.
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
            Event::Corroboration(_) => check_distinct(&self.citations),
            Event::Statement(s) => s.check(),
            Event::Provisions(p) => p.check(),
        }
    }
}

/// A corroboration adds each of its citations once.
fn check_distinct(citations: &[Citation]) -> Result<(), FieldError> {
    for (i, c) in citations.iter().enumerate() {
        if citations[..i].contains(c) {
            return Err(FieldError::new(
                "citation",
                format!("the citation '{}' is given twice", c.title),
            ));
        }
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn act_names_round_trip_in_format_order() {
        for (i, kind) in ACT_KINDS.iter().enumerate() {
            assert_eq!(kind.name().parse::<ActKind>().unwrap(), *kind);
            assert_eq!(
                *kind as usize, i,
                "ACT_KINDS must list kinds in format order"
            );
            // The JSON name comes from serde's derive, the CLI name from `name`: they must agree.
            assert_eq!(
                serde_json::to_value(kind).unwrap(),
                serde_json::Value::from(kind.name())
            );
        }
        assert!("ratify".parse::<ActKind>().is_err());
    }

    fn treaty_id(text: &str) -> TreatyId {
        TreatyId::parse(text).unwrap()
    }

    #[test]
    fn defaults_count_every_instrument_but_succession() {
        let p = Provisions::defaults(treaty_id("ottawa"));
        assert!(p.are_defaults());
        assert!(p.counts(ActKind::Accession));
        assert!(!p.counts(ActKind::Succession));
        assert_eq!(
            p.counting_words(),
            "ratifications, acceptances, approvals and accessions"
        );
        assert!(p.check().is_ok());
    }

    #[test]
    fn bad_provisions_are_refused() {
        let base = Provisions::defaults(treaty_id("paris"));
        let cases = [
            Provisions {
                counting: vec![],
                ..base.clone()
            },
            Provisions {
                counting: vec![ActKind::Signature],
                ..base.clone()
            },
            Provisions {
                counting: vec![ActKind::Approval, ActKind::Ratification],
                ..base.clone()
            },
            Provisions {
                withdrawn_with: vec![treaty_id("paris")],
                ..base.clone()
            },
            Provisions {
                withdrawn_with: vec![treaty_id("unfccc"), treaty_id("unfccc")],
                ..base.clone()
            },
            Provisions {
                provisional_application: Some("two\nlines".into()),
                ..base.clone()
            },
        ];
        for bad in cases {
            assert!(bad.check().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn preset_provisions_are_valid_and_default_where_the_treaty_says_nothing_more() {
        use crate::vocabulary::rules::PRESETS;
        let date = |s: &str| LegalDate::parse(s).unwrap();
        for p in PRESETS {
            let provisions = Provisions::of_preset(p, treaty_id(p.name));
            assert!(provisions.check().is_ok(), "{}", p.name);
            let plain = ["ottawa", "ccm", "rome", "npt"].contains(&p.name);
            assert_eq!(provisions.are_defaults(), plain, "{}", p.name);
        }
        let att = Provisions::of_preset(Preset::find("att").unwrap(), treaty_id("att"));
        assert!(!att.counts(ActKind::Accession));
        let paris = Preset::find("paris").unwrap();
        let wait = Provisions::of_preset(paris, treaty_id("paris"))
            .withdrawal_notice_after
            .unwrap();
        // Paris Art. 28(1): in force for the United States 2016-11-04, notice from 2019-11-04.
        assert_eq!(wait.apply(date("2016-11-04")), Some(date("2019-11-04")));
        assert_eq!(
            paris.rules().withdrawal_delay.apply(date("2019-11-04")),
            Some(date("2020-11-04"))
        );
    }
}
