//! Provisions: treaty rules that format version 1's [`Rules`] cannot say, recorded with a
//! registration of their own ([`TreatyWithProvisions`], appended to the event vocabulary) so that
//! every existing registration keeps its bytes and reads as having the defaults.
//!
//! Which instruments count towards entry into force (Arms Trade Treaty art. 22(1): ratification,
//! acceptance and approval; NPT art. IX(3): ratification), how long after entry into force for a
//! party it may notify a withdrawal (Paris Agreement art. 28(1): three years), which treaties a
//! party leaves by leaving another (Paris Agreement art. 28(3): the UNFCCC), and whether the
//! treaty provides for provisional application (Arms Trade Treaty art. 23, Ottawa Convention
//! art. 18).

use crate::vocabulary::act_kind::ActKind;
use crate::vocabulary::field::FieldError;
use crate::vocabulary::rules::{Delay, MAX_STEPS};
use crate::vocabulary::treaty::{Treaty, TreatyId};
use serde::{Deserialize, Serialize};

/// The most treaties a withdrawal may be linked to.
pub const MAX_LINKED: usize = 8;

/// The instruments that count towards entry into force when the provisions name none.
pub const DEFAULT_COUNTED: &[ActKind] = &[
    ActKind::Ratification,
    ActKind::Acceptance,
    ActKind::Approval,
    ActKind::Accession,
];

/// Treaty rules beyond [`Rules`]; [`Provisions::default`] is what a registration without them
/// means.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Provisions {
    /// The kinds of instrument that count towards the treaty's entry into force, in format
    /// order; `None`: ratification, acceptance, approval and accession.
    pub counted_instruments: Option<Vec<ActKind>>,
    /// From the treaty's entry into force for a party to the first day it may notify a
    /// withdrawal; `None`: it may notify at any time.
    pub withdrawal_wait: Option<Delay>,
    /// Treaties a party withdraws from this one by withdrawing from (ids, ascending): its
    /// withdrawal from one of them takes effect for this treaty on the same day.
    pub withdrawn_with: Vec<TreatyId>,
    /// Whether the treaty provides for its provisional application by a state not yet bound.
    pub provisional_application: bool,
}

impl Provisions {
    /// The kinds of instrument that count towards entry into force.
    pub fn counted(&self) -> &[ActKind] {
        self.counted_instruments
            .as_deref()
            .unwrap_or(DEFAULT_COUNTED)
    }

    /// Whether a deposit of `kind` counts towards entry into force.
    pub fn counts(&self, kind: ActKind) -> bool {
        self.counted().contains(&kind)
    }

    /// Whether these are the defaults (a registration without provisions says the same).
    pub fn is_default(&self) -> bool {
        *self == Provisions::default()
    }

    /// Checks the provisions of treaty `own`: every list in canonical order (one meaning, one
    /// byte string), instruments only among those that can count, bounded sizes.
    pub fn check(&self, own: &TreatyId) -> Result<(), FieldError> {
        if let Some(kinds) = &self.counted_instruments {
            if kinds.is_empty() {
                return Err(FieldError::new(
                    "counted instruments",
                    "names no instrument; leave it out to count every kind",
                ));
            }
            if let Some(k) = kinds.iter().find(|k| !DEFAULT_COUNTED.contains(k)) {
                return Err(FieldError::new(
                    "counted instruments",
                    format!("a {k} cannot count towards entry into force"),
                ));
            }
            if !kinds.windows(2).all(|w| w[0] < w[1]) {
                return Err(FieldError::new(
                    "counted instruments",
                    "must be listed once each, in the order ratification, acceptance, approval, accession",
                ));
            }
        }
        if self
            .withdrawal_wait
            .as_ref()
            .is_some_and(|d| d.0.len() > MAX_STEPS)
        {
            return Err(FieldError::new(
                "withdrawal wait",
                format!("has more than {MAX_STEPS} steps"),
            ));
        }
        if self.withdrawn_with.len() > MAX_LINKED {
            return Err(FieldError::new(
                "linked treaties",
                format!("at most {MAX_LINKED}"),
            ));
        }
        if !self.withdrawn_with.windows(2).all(|w| w[0] < w[1]) {
            return Err(FieldError::new(
                "linked treaties",
                "must be listed once each, in id order",
            ));
        }
        if self.withdrawn_with.contains(own) {
            return Err(FieldError::new(
                "linked treaties",
                "a treaty cannot be linked to itself",
            ));
        }
        Ok(())
    }
}

/// A treaty registered with provisions: the registration of format version 1 and the rules it
/// cannot hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TreatyWithProvisions {
    /// The treaty, as a registration without provisions holds it.
    pub treaty: Treaty,
    /// The further rules.
    pub provisions: Provisions,
}

impl TreatyWithProvisions {
    /// Checks the treaty and its provisions.
    pub fn check(&self) -> Result<(), FieldError> {
        self.treaty.check()?;
        self.provisions.check(&self.treaty.id)
    }
}

/// The provisions of a preset's treaty (the defaults for those that have none), with the
/// articles they restate.
pub fn of_preset(name: &str) -> (Provisions, &'static str) {
    let kinds = |k: &[ActKind]| Some(k.to_vec());
    match name {
        "att" => (
            Provisions {
                counted_instruments: kinds(&[
                    ActKind::Ratification,
                    ActKind::Acceptance,
                    ActKind::Approval,
                ]),
                provisional_application: true,
                ..Provisions::default()
            },
            "Art. 22(1) (the fiftieth instrument of ratification, acceptance or approval), Art. 23 (provisional application of Arts. 6 and 7)",
        ),
        "npt" => (
            Provisions {
                counted_instruments: kinds(&[ActKind::Ratification]),
                ..Provisions::default()
            },
            "Art. IX(3) (ratification by the depositaries and forty other signatories)",
        ),
        "ottawa" | "ccm" => (
            Provisions {
                provisional_application: true,
                ..Provisions::default()
            },
            "Art. 18 (provisional application of Art. 1 pending entry into force)",
        ),
        "unfccc" => (
            Provisions {
                withdrawal_wait: Some(Delay(vec![crate::vocabulary::rules::Step::Years(3)])),
                ..Provisions::default()
            },
            "Art. 25(1) (withdrawal at any time after three years from entry into force for the Party)",
        ),
        "paris" => (
            Provisions {
                withdrawal_wait: Some(Delay(vec![crate::vocabulary::rules::Step::Years(3)])),
                withdrawn_with: vec![TreatyId::parse("unfccc").expect("a valid id")],
                ..Provisions::default()
            },
            "Art. 28(1) (withdrawal at any time after three years from entry into force for the Party), Art. 28(3) (withdrawal from the Convention is withdrawal from the Agreement)",
        ),
        _ => (Provisions::default(), ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> TreatyId {
        TreatyId::parse(s).unwrap()
    }

    #[test]
    fn defaults_count_every_instrument_but_succession() {
        let p = Provisions::default();
        assert!(p.is_default());
        assert!(p.counts(ActKind::Accession));
        assert!(!p.counts(ActKind::Succession));
        assert!(p.check(&id("x")).is_ok());
    }

    #[test]
    fn the_att_counts_no_accession() {
        let (p, articles) = of_preset("att");
        assert!(p.counts(ActKind::Approval));
        assert!(!p.counts(ActKind::Accession));
        assert!(articles.contains("22(1)"));
        assert!(p.check(&id("att")).is_ok());
    }

    #[test]
    fn lists_must_be_canonical() {
        let unordered = Provisions {
            counted_instruments: Some(vec![ActKind::Approval, ActKind::Ratification]),
            ..Provisions::default()
        };
        assert!(unordered.check(&id("x")).is_err());
        let succession = Provisions {
            counted_instruments: Some(vec![ActKind::Succession]),
            ..Provisions::default()
        };
        assert!(succession.check(&id("x")).is_err());
        let linked = Provisions {
            withdrawn_with: vec![id("b"), id("a")],
            ..Provisions::default()
        };
        assert!(linked.check(&id("x")).is_err());
        let itself = Provisions {
            withdrawn_with: vec![id("x")],
            ..Provisions::default()
        };
        assert!(itself.check(&id("x")).is_err());
    }
}
