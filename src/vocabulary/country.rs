//! States and the other parties a treaty can have, and their codes.
//!
//! A [`StateCode`] is the code an act stores for its party: the ISO 3166-1 alpha-2 code of a
//! state or territory; for a former state the code pacta has always stored for it (its old
//! alpha-2 code, such as `DD` or `SU`, or its ISO 3166-3 code where ISO reuses the old one, such
//! as `CSHH`); `EU` for the European Union; `XK` for Kosovo; or an ISO 3166-1 user-assigned code
//! (`AA`, `QM`–`QZ`, `XA`–`XZ`, `ZZ`) for a party the table lacks, as a user declares it
//! (`PACTA_PARTIES`, see [`names::declare`]). Input may be any code, name
//! or alias of the names table ([`super::names`]): `DDDE`, `Viet Nam`, `Turkey`.

use super::names::{self, Entry, Kind};
use serde::{Deserialize, Deserializer, Serialize, Serializer, de};
use std::fmt;

/// One party of the table, as [`StateCode::country`] gives it.
pub type Country = Entry;

/// A validated state code, always in canonical (upper-case) form.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StateCode(String);

/// A text that names no party in the names table; holds the text as given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "'{0}' is not a state code or name known to pacta (give a code such as FI or FIN, or a name such as Finland or Viet Nam, as data/names.csv lists them)"
)]
pub struct UnknownState(pub String);

/// The row shown for a user-assigned code this process has not declared.
static USER_ASSIGNED: Country = Country {
    code: "",
    iso_code: "",
    alpha3: "",
    name: "(user-assigned code)",
    kind: Kind::Other,
    former: false,
};

impl StateCode {
    /// Accepts any code (alpha-2, alpha-3, ISO 3166-3), UN name, ISO name or alias of the names
    /// table in any letter case, with or without accents, or of a party declared
    /// ([`names::declare`]).
    pub fn parse(text: &str) -> Result<Self, UnknownState> {
        names::party_by_code(text)
            .or_else(|| names::find_party(text))
            .map(|entry| Self(entry.code.to_string()))
            .ok_or_else(|| UnknownState(text.to_string()))
    }

    /// The canonical code, such as `FI` or `CSHH`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Every current party in the table (states, territories, the EU, Kosovo), in code order.
    pub fn all_current() -> impl Iterator<Item = StateCode> {
        names::table()
            .rows()
            .iter()
            .filter(|c| !c.former)
            .map(|c| StateCode(c.code.to_string()))
    }

    /// The table row, for the party's name; for a user-assigned code the table lacks, a row
    /// that says so.
    pub fn country(&self) -> &'static Country {
        names::party_by_code(&self.0).unwrap_or(&USER_ASSIGNED)
    }
}

impl fmt::Display for StateCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for StateCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for StateCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        // A user-assigned code is read whether or not this process declared it: what a ledger
        // means must not depend on a file beside it.
        if names::user_assigned(&text) {
            return Ok(Self(text));
        }
        let code = Self::parse(&text).map_err(de::Error::custom)?;
        // A stored code must already be canonical, or two byte strings would mean one state.
        if code.0 != text {
            return Err(de::Error::custom(format!(
                "state code '{text}' is not in canonical form"
            )));
        }
        Ok(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alpha2_alpha3_and_former_codes() {
        assert_eq!(StateCode::parse("fi").unwrap().as_str(), "FI");
        assert_eq!(StateCode::parse("FIN").unwrap().as_str(), "FI");
        assert_eq!(StateCode::parse("PSE").unwrap().as_str(), "PS");
        assert_eq!(StateCode::parse("SUN").unwrap().as_str(), "SU");
        assert_eq!(
            StateCode::parse("YU").unwrap().country().name,
            "Yugoslavia, (Socialist) Federal Republic of"
        );
        assert_eq!(StateCode::parse("CSK").unwrap().as_str(), "CSHH");
        assert!(StateCode::parse("CS").unwrap().country().former);
        assert!(
            StateCode::parse("XX").is_err(),
            "an undeclared user-assigned code"
        );
        assert!(StateCode::parse("XXX").is_err());
        assert!(StateCode::parse("QA").unwrap().country().name == "Qatar");
    }

    #[test]
    fn iso_3166_3_codes_are_stored_as_pacta_always_stored_them() {
        for (given, stored) in [
            ("DDDE", "DD"),
            ("SUHH", "SU"),
            ("YUCS", "YU"),
            ("CSXX", "CS"),
        ] {
            assert_eq!(StateCode::parse(given).unwrap().as_str(), stored);
        }
        assert_eq!(StateCode::parse("CSHH").unwrap().as_str(), "CSHH");
    }

    #[test]
    fn names_as_people_write_them() {
        let code = |text: &str| StateCode::parse(text).map(|c| c.to_string());
        assert_eq!(code("Viet Nam").unwrap(), "VN");
        assert_eq!(code("Vietnam").unwrap(), "VN");
        assert_eq!(code("türkiye").unwrap(), "TR");
        assert_eq!(code("TURKIYE").unwrap(), "TR");
        assert_eq!(code("Bolivia (Plurinational State of)").unwrap(), "BO");
        assert_eq!(code("  state  of palestine ").unwrap(), "PS");
        assert_eq!(code("Czechia").unwrap(), "CZ");
        assert_eq!(code("european union").unwrap(), "EU");
        assert_eq!(code("Kosovo").unwrap(), "XK");
        assert_eq!(code("Finlnd").unwrap_err(), UnknownState("Finlnd".into()));
    }

    #[test]
    fn names_shown_are_the_uns() {
        let name = |code: &str| StateCode::parse(code).unwrap().country().name;
        assert_eq!(name("VN"), "Viet Nam");
        assert_eq!(name("TR"), "Türkiye");
        assert_eq!(name("VA"), "Holy See");
        assert_eq!(name("EU"), "European Union");
        let undeclared: StateCode = serde_json::from_str("\"XQ\"").unwrap();
        assert_eq!(undeclared.country().name, "(user-assigned code)");
    }

    #[test]
    fn stored_codes_must_be_canonical() {
        let decode = |text: &str| serde_json::from_str::<StateCode>(&format!("\"{text}\""));
        for stored in ["FI", "DD", "CSHH", "EU", "XK", "XQ"] {
            assert_eq!(decode(stored).unwrap().as_str(), stored);
        }
        for not_stored in ["fi", "FIN", "DDDE", "Finland", "xq", "XXX"] {
            assert!(decode(not_stored).is_err(), "{not_stored}");
        }
    }

    #[test]
    fn table_is_complete() {
        // 249 ISO 3166-1 entries, the European Union and Kosovo.
        assert_eq!(StateCode::all_current().count(), 251);
    }
}
