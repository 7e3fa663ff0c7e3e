//! Statements: what a depositary publishes beside membership.
//!
//! A state's reservation or declaration, its objection to another state's reservation, the
//! withdrawal of any of these, and its territorial application of the treaty (extension to, or
//! exclusion of, a territory). A statement never changes a membership date; it is recorded,
//! shown and exported with its citations. Objections and withdrawals name the statement they
//! answer by entry number and hash, as a corroboration names its target.

use crate::vocabulary::calendar::LegalDate;
use crate::vocabulary::country::StateCode;
use crate::vocabulary::digest::Digest;
use crate::vocabulary::field::{self, FieldError};
use crate::vocabulary::names::{self, Kind};
use crate::vocabulary::treaty::TreatyId;
use serde::{Deserialize, Deserializer, Serialize, Serializer, de};
use std::fmt;
use std::str::FromStr;

/// The longest statement text, in characters: a depositary's words can run to pages, and the
/// bound keeps one entry small.
pub const STATEMENT_TEXT_MAX: usize = 8_000;

/// The kinds of statement, in format order (the order fixes their tags; new kinds go last).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StatementKind {
    /// A reservation: the state excludes or modifies the legal effect of provisions for itself.
    Reservation,
    /// An interpretative or other declaration, which claims no change of legal effect.
    Declaration,
    /// An objection to another state's reservation, named by entry.
    Objection,
    /// The withdrawal of the state's own reservation, named by entry.
    ReservationWithdrawal,
    /// The withdrawal of the state's own declaration, named by entry.
    DeclarationWithdrawal,
    /// The withdrawal of the state's own objection, named by entry.
    ObjectionWithdrawal,
    /// The state extends the treaty to a territory.
    TerritorialExtension,
    /// The state excludes a territory from the treaty's application.
    TerritorialExclusion,
}

/// Every kind of statement, in format order.
pub const STATEMENT_KINDS: &[StatementKind] = &[
    StatementKind::Reservation,
    StatementKind::Declaration,
    StatementKind::Objection,
    StatementKind::ReservationWithdrawal,
    StatementKind::DeclarationWithdrawal,
    StatementKind::ObjectionWithdrawal,
    StatementKind::TerritorialExtension,
    StatementKind::TerritorialExclusion,
];

impl StatementKind {
    /// The statement's name in the CLI and JSON.
    pub fn name(self) -> &'static str {
        match self {
            StatementKind::Reservation => "reservation",
            StatementKind::Declaration => "declaration",
            StatementKind::Objection => "objection",
            StatementKind::ReservationWithdrawal => "reservation-withdrawal",
            StatementKind::DeclarationWithdrawal => "declaration-withdrawal",
            StatementKind::ObjectionWithdrawal => "objection-withdrawal",
            StatementKind::TerritorialExtension => "territorial-extension",
            StatementKind::TerritorialExclusion => "territorial-exclusion",
        }
    }

    /// The name with its indefinite article, for sentences: "a reservation", "an objection".
    pub fn a(self) -> String {
        let article = if self.name().starts_with('o') {
            "an"
        } else {
            "a"
        };
        format!("{article} {}", self.name())
    }

    /// For a withdrawal, the kind of statement it withdraws.
    pub fn withdraws(self) -> Option<StatementKind> {
        match self {
            StatementKind::ReservationWithdrawal => Some(StatementKind::Reservation),
            StatementKind::DeclarationWithdrawal => Some(StatementKind::Declaration),
            StatementKind::ObjectionWithdrawal => Some(StatementKind::Objection),
            StatementKind::Reservation
            | StatementKind::Declaration
            | StatementKind::Objection
            | StatementKind::TerritorialExtension
            | StatementKind::TerritorialExclusion => None,
        }
    }

    /// Whether the statement names an earlier entry: an objection or a withdrawal.
    pub fn names_entry(self) -> bool {
        self == StatementKind::Objection || self.withdraws().is_some()
    }

    /// Whether the statement names a territory.
    pub fn is_territorial(self) -> bool {
        matches!(
            self,
            StatementKind::TerritorialExtension | StatementKind::TerritorialExclusion
        )
    }
}

impl fmt::Display for StatementKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for StatementKind {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        STATEMENT_KINDS
            .iter()
            .find(|k| k.name() == text)
            .copied()
            .ok_or_else(|| format!("'{text}' is not a statement"))
    }
}

/// An earlier entry named by number and hash, so that exactly one entry is meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EntryRef {
    /// The entry's number.
    pub seq: u64,
    /// The entry's hash.
    pub hash: Digest,
}

/// A state's statement under a treaty, as the depositary published it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Statement {
    /// What the statement is.
    pub kind: StatementKind,
    /// The treaty it is made under; it must be registered before the statement.
    pub treaty: TreatyId,
    /// The state that made it.
    pub state: StateCode,
    /// The day the depositary gives for it: of the signature or deposit it was made with, or of
    /// its notification.
    pub date: LegalDate,
    /// The depositary's words, or a summary of them; may span lines.
    pub text: Option<String>,
    /// For an objection, the reservation objected to; for a withdrawal, the statement withdrawn.
    pub refers_to: Option<EntryRef>,
    /// For a territorial extension or exclusion, the territory.
    pub territory: Option<Territory>,
}

impl Statement {
    /// Checks the statement's own fields: the text's bounds, and that exactly the kinds that
    /// name an entry or a territory do.
    pub fn check(&self) -> Result<(), FieldError> {
        if let Some(text) = &self.text {
            field::text("statement text", text, STATEMENT_TEXT_MAX)?;
        }
        match (self.kind.names_entry(), self.refers_to.is_some()) {
            (true, false) => {
                return Err(FieldError::new(
                    "entry",
                    format!("{} names the entry it answers", self.kind.a()),
                ));
            }
            (false, true) => {
                return Err(FieldError::new(
                    "entry",
                    format!("{} names no earlier entry", self.kind.a()),
                ));
            }
            _ => {}
        }
        match (self.kind.is_territorial(), &self.territory) {
            (true, None) => Err(FieldError::new(
                "territory",
                format!("{} names its territory", self.kind.a()),
            )),
            (false, Some(_)) => Err(FieldError::new(
                "territory",
                format!("{} names no territory", self.kind.a()),
            )),
            (true, Some(t)) if t.as_str() == self.state.as_str() => Err(FieldError::new(
                "territory",
                format!(
                    "{} cannot extend a treaty to, or exclude, itself",
                    self.state
                ),
            )),
            _ => Ok(()),
        }
    }

    /// A few words for a log line.
    pub fn summary(&self) -> String {
        let about = match (&self.refers_to, &self.territory) {
            (Some(r), _) => format!(" of entry {}", r.seq),
            (None, Some(t)) => format!(" {t}"),
            (None, None) => String::new(),
        };
        format!(
            "{} {} {}{} {}",
            self.treaty, self.state, self.kind, about, self.date
        )
    }
}

/// A territory to which a treaty is extended or from which it is excluded, held as its code in
/// `data/names.csv` (ISO 3166-1 alpha-2, or ISO 3166-3 for a former entry, such as `ANHH`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Territory(String);

/// A text that names no territory in the names table; holds the text as given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "'{0}' is not a territory known to pacta (use an ISO 3166 code such as GL, or a name such as Greenland, as data/names.csv lists them)"
)]
pub struct UnknownTerritory(pub String);

impl Territory {
    /// Accepts a code (alpha-2, alpha-3) or a name or alias from the names table, in any case.
    /// Organisations are left out: a treaty is not extended to one.
    pub fn parse(text: &str) -> Result<Self, UnknownTerritory> {
        names::table()
            .find(text)
            .filter(|entry| entry.kind != Kind::Organization)
            .map(|entry| Self(entry.iso_code.to_string()))
            .ok_or_else(|| UnknownTerritory(text.to_string()))
    }

    /// The code, such as `GL`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The territory's name as the names table gives it, such as `Greenland`.
    pub fn name(&self) -> &'static str {
        names::table().find(&self.0).map_or("", |entry| entry.name)
    }
}

impl fmt::Display for Territory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Territory {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Territory {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        let territory = Self::parse(&text).map_err(de::Error::custom)?;
        // A stored code must be the table's code itself, or two byte strings would mean one
        // territory.
        if territory.0 != text {
            return Err(de::Error::custom(format!(
                "territory '{text}' is not a code in canonical form"
            )));
        }
        Ok(territory)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_in_format_order() {
        for (i, kind) in STATEMENT_KINDS.iter().enumerate() {
            assert_eq!(kind.name().parse::<StatementKind>().unwrap(), *kind);
            assert_eq!(*kind as usize, i, "STATEMENT_KINDS must be in format order");
            assert_eq!(
                serde_json::to_value(kind).unwrap(),
                serde_json::Value::from(kind.name())
            );
        }
        assert!("reserve".parse::<StatementKind>().is_err());
    }

    #[test]
    fn territories_by_code_alpha3_or_name() {
        assert_eq!(Territory::parse("gl").unwrap().as_str(), "GL");
        assert_eq!(Territory::parse("GRL").unwrap().as_str(), "GL");
        assert_eq!(Territory::parse("Faroe Islands").unwrap().as_str(), "FO");
        assert_eq!(Territory::parse("macao").unwrap().as_str(), "MO");
        assert_eq!(Territory::parse("HK").unwrap().name(), "Hong Kong");
        assert_eq!(Territory::parse("TK").unwrap().name(), "Tokelau");
        assert!(Territory::parse("Atlantis").is_err());
        assert!(Territory::parse("European Union").is_err());
    }

    #[test]
    fn a_stored_territory_must_be_a_canonical_code() {
        let gl: Territory = serde_json::from_str("\"GL\"").unwrap();
        assert_eq!(gl.name(), "Greenland");
        for not_canonical in ["\"gl\"", "\"GRL\"", "\"Greenland\""] {
            assert!(serde_json::from_str::<Territory>(not_canonical).is_err());
        }
    }

    #[test]
    fn fields_follow_the_kind() {
        let reservation = Statement {
            kind: StatementKind::Reservation,
            treaty: TreatyId::parse("ottawa").unwrap(),
            state: StateCode::parse("DK").unwrap(),
            date: LegalDate::parse("1998-06-08").unwrap(),
            text: Some("Article 1 shall not apply.".into()),
            refers_to: None,
            territory: None,
        };
        assert!(reservation.check().is_ok());
        let objection = Statement {
            kind: StatementKind::Objection,
            ..reservation.clone()
        };
        assert_eq!(objection.check().unwrap_err().field, "entry");
        let extension = Statement {
            kind: StatementKind::TerritorialExtension,
            ..reservation.clone()
        };
        assert_eq!(extension.check().unwrap_err().field, "territory");
        let to_itself = Statement {
            territory: Some(Territory::parse("DK").unwrap()),
            ..extension
        };
        assert_eq!(to_itself.check().unwrap_err().field, "territory");
        let long = Statement {
            text: Some("x".repeat(STATEMENT_TEXT_MAX + 1)),
            ..reservation
        };
        assert_eq!(long.check().unwrap_err().field, "statement text");
    }
}
