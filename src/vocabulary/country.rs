//! States and their codes.
//!
//! A [`StateCode`] is the ISO 3166-1 alpha-2 code of a state, or for a former state the code
//! ISO 3166-3 lists for it (its old alpha-2 code where no current state reuses it, else its
//! four-letter code, such as `CSHH` for Czechoslovakia). The built-in table (`data/iso3166.csv`)
//! also accepts alpha-3 codes and normalises them.

use serde::{Deserialize, Deserializer, Serialize, Serializer, de};
use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../../data/iso3166.csv");

/// One row of the built-in table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    /// The canonical code a [`StateCode`] holds: ISO 3166-1 alpha-2, or for a former state its
    /// ISO 3166-3 code (two or four letters).
    pub code: &'static str,
    /// The ISO 3166-1 alpha-3 code, also accepted as input; empty when the table has none.
    pub alpha3: &'static str,
    /// The state's name in English, as the table gives it.
    pub name: &'static str,
    /// Whether the state no longer exists (an ISO 3166-3 entry, such as Czechoslovakia).
    pub former: bool,
}

/// A validated state code, always in canonical (upper-case) form.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StateCode(String);

/// A text that names no state in the built-in table; holds the text as given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "'{0}' is not a state code known to pacta (use ISO 3166-1 alpha-2 such as FI, or alpha-3 such as FIN)"
)]
pub struct UnknownState(pub String);

struct Table {
    rows: Vec<Country>,
    by_code: HashMap<&'static str, usize>,
}

fn table() -> &'static Table {
    static TABLE_CELL: OnceLock<Table> = OnceLock::new();
    TABLE_CELL.get_or_init(|| {
        let rows: Vec<Country> = TABLE
            .lines()
            .skip(1)
            .filter(|l| !l.is_empty())
            .map(parse_row)
            .collect();
        let mut by_code = HashMap::new();
        for (i, row) in rows.iter().enumerate() {
            by_code.insert(row.code, i);
            if !row.alpha3.is_empty() {
                by_code.entry(row.alpha3).or_insert(i);
            }
        }
        Table { rows, by_code }
    })
}

/// Splits one line of the built-in table; names may be quoted because they hold commas.
fn parse_row(line: &'static str) -> Country {
    let (code, rest) = line
        .split_once(',')
        .expect("the built-in table has five columns");
    let (alpha3, rest) = rest
        .split_once(',')
        .expect("the built-in table has five columns");
    let (name, rest) = match rest.strip_prefix('"') {
        Some(quoted) => {
            let end = quoted.find('"').expect("a quoted name is closed");
            (&quoted[..end], &quoted[end + 2..])
        }
        None => rest
            .split_once(',')
            .expect("the built-in table has five columns"),
    };
    let status = rest.split(',').next().unwrap_or_default();
    Country {
        code,
        alpha3,
        name,
        former: status == "former",
    }
}

impl StateCode {
    /// Accepts an alpha-2, alpha-3 or ISO 3166-3 code in any letter case.
    pub fn parse(text: &str) -> Result<Self, UnknownState> {
        let upper = text.trim().to_ascii_uppercase();
        let table = table();
        table
            .by_code
            .get(upper.as_str())
            .map(|&i| Self(table.rows[i].code.to_string()))
            .ok_or_else(|| UnknownState(text.to_string()))
    }

    /// The canonical code, such as `FI` or `CSHH`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Every current state in the table, in code order.
    pub fn all_current() -> impl Iterator<Item = StateCode> {
        table()
            .rows
            .iter()
            .filter(|c| !c.former)
            .map(|c| StateCode(c.code.to_string()))
    }

    /// The table row, for the state's name.
    pub fn country(&self) -> &'static Country {
        let table = table();
        &table.rows[table.by_code[self.0.as_str()]]
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
        assert_eq!(
            StateCode::parse("Czechia").unwrap_err(),
            UnknownState("Czechia".into())
        );
        assert!(StateCode::parse("XX").is_err());
    }

    #[test]
    fn table_is_complete() {
        assert_eq!(table().rows.iter().filter(|c| !c.former).count(), 249);
        assert_eq!(
            StateCode::parse("VA").unwrap().country().name,
            "Holy See (Vatican City State)"
        );
    }
}
