//! Statements beyond membership that need more than an act's fields: an objection to another
//! state's reservation, the withdrawal of a statement, a territorial application, and the
//! registration of an entity the built-in table lacks. Each is an event of its own, appended
//! to the vocabulary; reservations and declarations themselves are acts
//! ([`crate::vocabulary::event::ActKind`]), their wording in the citations' quotes.

use crate::vocabulary::calendar::LegalDate;
use crate::vocabulary::country::StateCode;
use crate::vocabulary::field::{self, FieldError};
use crate::vocabulary::treaty::TreatyId;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A state's objection to a reservation another state made.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Objection {
    /// The treaty.
    pub treaty: TreatyId,
    /// The objecting state.
    pub state: StateCode,
    /// The state whose reservation is objected to.
    pub objected_state: StateCode,
    /// The entry recording that reservation.
    pub reservation: u64,
    /// The day of the objection (its communication to the depositary).
    pub date: LegalDate,
}

/// The withdrawal, in whole or in part, of a state's own reservation, declaration, objection
/// or territorial application, named by its entry.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct StatementWithdrawal {
    /// The treaty.
    pub treaty: TreatyId,
    /// The state withdrawing its statement.
    pub state: StateCode,
    /// The entry recording the statement.
    pub statement: u64,
    /// The day of the withdrawal.
    pub date: LegalDate,
    /// Whether only part of the statement is withdrawn (the statement stays, as modified).
    pub partial: bool,
}

/// Whether a territorial application extends the treaty to a territory or excludes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TerritorialScope {
    /// The treaty is extended to the territory.
    Extension,
    /// The territory is excluded from the treaty's application.
    Exclusion,
}

impl TerritorialScope {
    /// The scope's name in the CLI and JSON.
    pub fn name(self) -> &'static str {
        match self {
            TerritorialScope::Extension => "extension",
            TerritorialScope::Exclusion => "exclusion",
        }
    }
}

impl fmt::Display for TerritorialScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for TerritorialScope {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "extension" => Ok(TerritorialScope::Extension),
            "exclusion" => Ok(TerritorialScope::Exclusion),
            other => Err(format!("'{other}' is not extension or exclusion")),
        }
    }
}

/// A state's declaration that the treaty applies, or does not apply, to a territory.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TerritorialApplication {
    /// The treaty.
    pub treaty: TreatyId,
    /// The state responsible for the territory.
    pub state: StateCode,
    /// The territory, by its ISO 3166 code.
    pub territory: StateCode,
    /// Extension or exclusion.
    pub scope: TerritorialScope,
    /// The day of the declaration or notification.
    pub date: LegalDate,
    /// A later day from which it applies, when the notification states one.
    pub effective: Option<LegalDate>,
}

/// What kind of entity a registration describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntityKind {
    /// A state.
    State,
    /// An international or regional integration organisation.
    Organization,
    /// A territory.
    Territory,
    /// Anything else.
    Other,
}

impl EntityKind {
    /// The kind's name in the CLI and JSON.
    pub fn name(self) -> &'static str {
        match self {
            EntityKind::State => "state",
            EntityKind::Organization => "organization",
            EntityKind::Territory => "territory",
            EntityKind::Other => "other",
        }
    }
}

impl std::str::FromStr for EntityKind {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "state" => Ok(EntityKind::State),
            "organization" => Ok(EntityKind::Organization),
            "territory" => Ok(EntityKind::Territory),
            "other" => Ok(EntityKind::Other),
            other => Err(format!(
                "'{other}' is not state, organization, territory or other"
            )),
        }
    }
}

/// A participant of a treaty that the built-in table lacks, under a user-assigned code
/// (ISO 3166-1's `AA`, `QM`–`QZ`, `XA`–`XZ`, `ZZ`, or their alpha-3 ranges): its acts under
/// the treaty are accepted once it is registered, and tables show its name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Entity {
    /// The treaty it participates in.
    pub treaty: TreatyId,
    /// Its user-assigned code.
    pub code: StateCode,
    /// Its name, as the depositary writes it.
    pub name: String,
    /// What it is.
    pub kind: EntityKind,
}

impl Objection {
    /// Checks the objection on its own.
    pub fn check(&self) -> Result<(), FieldError> {
        if self.state == self.objected_state {
            return Err(FieldError::new(
                "objected state",
                "a state cannot object to its own reservation",
            ));
        }
        if self.reservation == 0 {
            return Err(FieldError::new(
                "reservation",
                "entries are numbered from 1",
            ));
        }
        Ok(())
    }
}

impl StatementWithdrawal {
    /// Checks the withdrawal on its own.
    pub fn check(&self) -> Result<(), FieldError> {
        if self.statement == 0 {
            return Err(FieldError::new("statement", "entries are numbered from 1"));
        }
        Ok(())
    }
}

impl TerritorialApplication {
    /// Checks the territorial application on its own.
    pub fn check(&self) -> Result<(), FieldError> {
        if self.territory == self.state {
            return Err(FieldError::new(
                "territory",
                "names the state itself; a territorial application names one of its territories",
            ));
        }
        if let Some(effective) = self.effective.filter(|e| *e < self.date) {
            return Err(FieldError::new(
                "effective date",
                format!(
                    "a territorial application cannot take effect ({effective}) before it is made ({})",
                    self.date
                ),
            ));
        }
        Ok(())
    }
}

impl Entity {
    /// Checks the registration on its own: only a user-assigned code needs one.
    pub fn check(&self) -> Result<(), FieldError> {
        field::line("entity name", &self.name, field::NAME_MAX)?;
        if !self.code.is_user_assigned() {
            return Err(FieldError::new(
                "entity code",
                format!(
                    "{} is in the built-in table ({}); register only user-assigned codes (AA, QM-QZ, XA-XZ, ZZ, or their alpha-3 ranges)",
                    self.code,
                    self.code.un_name()
                ),
            ));
        }
        Ok(())
    }
}
