//! The kinds of act a state (or a treaty, for its entry into force) performs, in format order:
//! their names, and every decision on a kind as one exhaustive `match`.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The kinds of act, in format order (the order fixes their tags in the canonical bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActKind {
    Signature,
    Ratification,
    Acceptance,
    Approval,
    Accession,
    Succession,
    Withdrawal,
    WithdrawalRevocation,
    SignatureWithdrawal,
    InstrumentWithdrawal,
    Suspension,
    ArmedConflictStart,
    ArmedConflictEnd,
    DomesticStep,
    EntryIntoForce,
    // Appended after format version 1's first fifteen kinds: acts beyond membership.
    Reservation,
    Declaration,
    ProvisionalApplication,
    ProvisionalApplicationEnd,
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
    ActKind::Reservation,
    ActKind::Declaration,
    ActKind::ProvisionalApplication,
    ActKind::ProvisionalApplicationEnd,
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
            ActKind::Reservation => "reservation",
            ActKind::Declaration => "declaration",
            ActKind::ProvisionalApplication => "provisional-application",
            ActKind::ProvisionalApplicationEnd => "provisional-application-end",
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
            | ActKind::Reservation
            | ActKind::Declaration
            | ActKind::ProvisionalApplication
            | ActKind::ProvisionalApplicationEnd => false,
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
            | ActKind::Reservation
            | ActKind::Declaration
            | ActKind::ProvisionalApplication
            | ActKind::ProvisionalApplicationEnd => false,
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
            | ActKind::Reservation
            | ActKind::Declaration
            | ActKind::ProvisionalApplication
            | ActKind::ProvisionalApplicationEnd => false,
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
            | ActKind::Reservation
            | ActKind::Declaration
            | ActKind::ProvisionalApplication
            | ActKind::ProvisionalApplicationEnd => true,
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
            | ActKind::Suspension
            | ActKind::ProvisionalApplication
            | ActKind::ProvisionalApplicationEnd => true,
            ActKind::Signature
            | ActKind::WithdrawalRevocation
            | ActKind::SignatureWithdrawal
            | ActKind::InstrumentWithdrawal
            | ActKind::ArmedConflictStart
            | ActKind::ArmedConflictEnd
            | ActKind::DomesticStep
            | ActKind::EntryIntoForce
            | ActKind::Reservation
            | ActKind::Declaration => false,
        }
    }

    /// Whether the act is a statement beyond membership (a reservation or a declaration) that
    /// others may object to or that the state may withdraw.
    pub fn is_statement(self) -> bool {
        match self {
            ActKind::Reservation | ActKind::Declaration => true,
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
            | ActKind::EntryIntoForce
            | ActKind::ProvisionalApplication
            | ActKind::ProvisionalApplicationEnd => false,
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
            .ok_or_else(|| match closest_act(text) {
                Some(near) => format!("'{text}' is not an act; did you mean {near}?"),
                None => {
                    let names: Vec<&str> = ACT_KINDS.iter().map(|k| k.name()).collect();
                    format!("'{text}' is not an act; use one of {}", names.join(", "))
                }
            })
    }
}

/// The act name closest to a mistyped one, if one is close: by edit distance, or one that
/// starts with what was typed ("ratify" → ratification).
fn closest_act(text: &str) -> Option<&'static str> {
    let typed = text.trim().to_ascii_lowercase();
    let prefix = typed.get(..typed.len().min(5)).unwrap_or_default();
    ACT_KINDS
        .iter()
        .map(|k| k.name())
        .map(|name| {
            let score = if !prefix.is_empty() && name.starts_with(prefix) {
                2.0
            } else {
                strsim::jaro_winkler(&typed, name)
            };
            (score, name)
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, name)| name)
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
        let err = "ratify".parse::<ActKind>().unwrap_err();
        assert!(err.contains("did you mean ratification"), "{err}");
        let err = "acession".parse::<ActKind>().unwrap_err();
        assert!(err.contains("did you mean accession"), "{err}");
        let err = "xyz".parse::<ActKind>().unwrap_err();
        assert!(err.contains("use one of"), "{err}");
    }
}
