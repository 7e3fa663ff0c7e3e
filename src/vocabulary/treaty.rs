//! Treaties: the registration that every state act refers to.

use crate::vocabulary::calendar::LegalDate;
use crate::vocabulary::field::{self, FieldError};
use crate::vocabulary::rules::{MAX_STEPS, Rules};
use serde::{Deserialize, Deserializer, Serialize, Serializer, de};
use std::fmt;

/// A short slug naming a treaty in this ledger, such as `ottawa`: lower-case letters, digits and
/// hyphens, starting with a letter, at most 32 characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TreatyId(String);

/// The longest treaty id, in bytes (an id is ASCII, so also in characters).
pub const TREATY_ID_MAX: usize = 32;

/// A text that is not a treaty id; holds the text as given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "'{0}' is not a treaty id: use lower-case letters, digits and hyphens, starting with a letter, at most 32 characters (e.g. ottawa)"
)]
pub struct BadTreatyId(pub String);

impl TreatyId {
    /// Accepts exactly the slug form, as given: no trimming and no change of case.
    pub fn parse(text: &str) -> Result<Self, BadTreatyId> {
        let ok = (1..=TREATY_ID_MAX).contains(&text.len())
            && text.starts_with(|c: char| c.is_ascii_lowercase())
            && text
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if ok {
            Ok(Self(text.to_string()))
        } else {
            Err(BadTreatyId(text.to_string()))
        }
    }

    /// The slug, such as `ottawa`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TreatyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for TreatyId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for TreatyId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).map_err(de::Error::custom)
    }
}

/// A treaty as registered: who it is, and the rules that date its membership.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Treaty {
    /// The slug that acts under the treaty name it by.
    pub id: TreatyId,
    /// The treaty's full title; one line.
    pub title: String,
    /// The day the treaty was adopted; signatures and deposits before it are refused. `None`
    /// when not recorded.
    pub adopted: Option<LegalDate>,
    /// Who keeps the treaty's instruments, such as the Secretary-General of the United Nations.
    pub depositary: Option<String>,
    /// The final clauses that date membership, read by [`crate::law::interpret`].
    pub rules: crate::vocabulary::rules::Rules,
}

impl Treaty {
    /// Checks the registration on its own: the title and depositary's limits, and that the
    /// rules need at least one instrument (at most 1,000) and no delay has more than
    /// [`MAX_STEPS`] steps.
    pub fn check(&self) -> Result<(), FieldError> {
        field::line("treaty title", &self.title, field::TITLE_MAX)?;
        field::optional_line("depositary", &self.depositary, field::NAME_MAX)?;
        check_rules(&self.rules)
    }
}

fn check_rules(rules: &Rules) -> Result<(), FieldError> {
    if rules.eif_instruments == 0 {
        return Err(FieldError::new("eif instruments", "must be at least 1"));
    }
    if rules.eif_instruments > 1_000 {
        return Err(FieldError::new(
            "eif instruments",
            "is larger than the number of states there have ever been",
        ));
    }
    // Parsing bounds a delay's steps; a treaty built in code must keep the same bound, or its
    // entry could outgrow what the codec encodes.
    let delays = [
        &rules.eif_delay,
        &rules.later_delay,
        &rules.withdrawal_delay,
    ];
    if delays.iter().any(|d| d.0.len() > MAX_STEPS) {
        return Err(FieldError::new(
            "delay",
            format!("has more than {MAX_STEPS} steps"),
        ));
    }
    Ok(())
}
