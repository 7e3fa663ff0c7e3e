//! States, other parties, and their codes and names.
//!
//! A [`StateCode`] is what an entry stores for a party: the ISO 3166-1 alpha-2 code of a state or
//! territory; for a former state the code `data/iso3166.csv` keeps for it (its old alpha-2 code,
//! such as `DD`, or its ISO 3166-3 four-letter code where ISO gives no other, such as `CSHH`);
//! `EU` (the European Union) and `XK` (Kosovo); or a code of ISO 3166-1's user-assigned ranges
//! (`AA`, `QM`–`QZ`, `XA`–`XZ`, `ZZ`, and the alpha-3 `AAA`–`AAZ`, `QMA`–`QZZ`, `XAA`–`XZZ`,
//! `ZZA`–`ZZZ`) for an entity a ledger registers itself. Input may also give an alpha-3 code or
//! the ISO 3166-3 four-letter code of a former state (`DDDE`, `SUHH`): both are normalised to
//! the stored code, so that one party always has one code. [`StateCode::resolve`] also accepts
//! names as people write them (the UN's short names, common names, older names), with the
//! closest names suggested for one it does not know. Names come from `data/names.csv`.

use serde::{Deserialize, Deserializer, Serialize, Serializer, de};
use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../../data/iso3166.csv");
const NAMES: &str = include_str!("../../data/names.csv");

/// What kind of party a code stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PartyKind {
    /// A state.
    State,
    /// A territory with an ISO code of its own (Hong Kong, Greenland, Tokelau, ...).
    Territory,
    /// An international or regional integration organisation (the European Union).
    Organization,
    /// Any other participant (Kosovo, Taiwan).
    Other,
    /// A state or territory that no longer exists.
    Former,
    /// An entity a ledger registers under a user-assigned code.
    Registered,
}

impl PartyKind {
    fn parse(text: &str) -> PartyKind {
        match text {
            "state" => PartyKind::State,
            "territory" => PartyKind::Territory,
            "organization" => PartyKind::Organization,
            "former" => PartyKind::Former,
            _ => PartyKind::Other,
        }
    }
}

/// One row of the built-in table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    /// The stored code.
    pub code: &'static str,
    /// The ISO 3166-1 alpha-3 code, or empty.
    pub alpha3: &'static str,
    /// The name in `data/iso3166.csv` (the name `status`, `diff` and `why` print in JSON).
    pub name: &'static str,
    /// Whether the state no longer exists.
    pub former: bool,
    /// The UN's short name (`data/names.csv`), or the table's name where the UN's is not known.
    pub un_name: &'static str,
    /// What kind of party it is.
    pub kind: PartyKind,
    /// Other names it is known by, and its ISO 3166-3 four-letter code if that is not its code.
    pub aliases: Vec<&'static str>,
    /// Whether the row is one of `data/iso3166.csv`'s (not added from `data/names.csv`).
    iso_table: bool,
}

/// A validated party code, always in canonical (upper-case, stored) form.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StateCode(String);

/// A code that is neither in the built-in table nor user-assigned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "'{0}' is not a state code known to pacta (use ISO 3166-1 alpha-2 such as FI, or alpha-3 such as FIN)"
)]
pub struct UnknownState(pub String);

/// A name or code that matches no party, with the closest names known.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", unknown_name(.text, *.ambiguous))]
pub struct UnknownName {
    /// What was typed.
    pub text: String,
    /// Whether the text names several parties (then `suggestions` lists them).
    pub ambiguous: bool,
    /// The closest parties, best first: code and UN name.
    pub suggestions: Vec<(StateCode, &'static str)>,
}

fn unknown_name(text: &str, ambiguous: bool) -> String {
    if ambiguous {
        format!("'{text}' names more than one state")
    } else {
        format!("'{text}' is not a state code or a name known to pacta")
    }
}

struct Table {
    rows: Vec<Country>,
    /// Every accepted code (stored, alpha-3, ISO 3166-3) → row.
    by_code: HashMap<&'static str, usize>,
    /// Every known name, folded → the rows it names.
    by_name: HashMap<String, Vec<usize>>,
}

fn table() -> &'static Table {
    static TABLE_CELL: OnceLock<Table> = OnceLock::new();
    TABLE_CELL.get_or_init(|| {
        let mut rows: Vec<Country> = TABLE
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
        for line in NAMES.lines().skip(1).filter(|l| !l.is_empty()) {
            add_names(&mut rows, &mut by_code, &split_csv(line));
        }
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, row) in rows.iter().enumerate() {
            let names = [row.name, row.un_name]
                .into_iter()
                .chain(row.aliases.clone());
            for name in names.filter(|n| !n.is_empty()) {
                let entry = by_name.entry(fold(name)).or_default();
                if !entry.contains(&i) {
                    entry.push(i);
                }
            }
        }
        Table {
            rows,
            by_code,
            by_name,
        }
    })
}

/// Adds one row of `data/names.csv`: the UN name, aliases and kind of a row of the table, or a
/// new row for a party the table lacks (`pacta_code` "(absent)").
fn add_names(
    rows: &mut Vec<Country>,
    by_code: &mut HashMap<&'static str, usize>,
    cells: &[&'static str],
) {
    let cell = |i: usize| cells.get(i).copied().unwrap_or_default();
    let (code, alpha3, un_name, aliases, kind, pacta_code) =
        (cell(0), cell(1), cell(2), cell(3), cell(4), cell(7));
    let aliases: Vec<&'static str> = aliases.split('|').filter(|a| !a.is_empty()).collect();
    let stored = match pacta_code {
        "" | "(absent)" => code,
        other => other,
    };
    let i = match by_code.get(stored) {
        Some(&i) => i,
        None if pacta_code == "(absent)" => {
            rows.push(Country {
                code,
                alpha3,
                name: if un_name.is_empty() {
                    aliases.first().copied().unwrap_or(code)
                } else {
                    un_name
                },
                former: false,
                un_name: "",
                kind: PartyKind::Other,
                aliases: Vec::new(),
                iso_table: false,
            });
            by_code.insert(code, rows.len() - 1);
            rows.len() - 1
        }
        None => return,
    };
    let row = &mut rows[i];
    row.kind = PartyKind::parse(kind);
    if !un_name.is_empty() {
        row.un_name = un_name;
    }
    row.aliases.extend(aliases);
    if code != row.code {
        // The ISO 3166-3 code of a former state the table keeps under its old alpha-2 code.
        row.aliases.push(code);
        by_code.entry(code).or_insert(i);
    }
}

/// Splits one line of a built-in CSV table; cells may be quoted because they hold commas.
fn split_csv(line: &'static str) -> Vec<&'static str> {
    let mut cells = Vec::new();
    let mut rest = line;
    loop {
        let (cell, after) = match rest.strip_prefix('"') {
            Some(quoted) => {
                let end = quoted.find('"').expect("a quoted cell is closed");
                (&quoted[..end], quoted[end + 1..].strip_prefix(','))
            }
            None => match rest.split_once(',') {
                Some((cell, after)) => (cell, Some(after)),
                None => (rest, None),
            },
        };
        cells.push(cell);
        match after {
            Some(after) => rest = after,
            None => return cells,
        }
    }
}

/// One line of `data/iso3166.csv`.
fn parse_row(line: &'static str) -> Country {
    let cells = split_csv(line);
    let cell = |i: usize| cells.get(i).copied().unwrap_or_default();
    Country {
        code: cell(0),
        alpha3: cell(1),
        name: cell(2),
        former: cell(3) == "former",
        un_name: "",
        kind: if cell(3) == "former" {
            PartyKind::Former
        } else {
            PartyKind::Other
        },
        aliases: Vec::new(),
        iso_table: true,
    }
}

/// A name folded for comparison: lower case, accents and punctuation dropped, a leading "the"
/// dropped, apostrophes dropped, white space collapsed ("Côte d'Ivoire" → "cote divoire").
pub fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
            'ç' | 'č' | 'ć' => 'c',
            'è' | 'é' | 'ê' | 'ë' | 'ē' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ý' | 'ÿ' => 'y',
            'š' => 's',
            'ž' => 'z',
            // "Côte d'Ivoire" is also typed "Cote dIvoire".
            '\'' | '’' => continue,
            c if c.is_alphanumeric() => c,
            _ => ' ',
        };
        out.push(c);
    }
    let words: Vec<&str> = out.split_whitespace().collect();
    let words = match words.split_first() {
        Some((&"the", rest)) if !rest.is_empty() => rest,
        _ => &words[..],
    };
    words.join(" ")
}

/// Whether `code` (upper case) lies in ISO 3166-1's user-assigned ranges, but for `XX...`,
/// which data sets use for "unknown" and travel documents for stateless persons.
fn user_assigned(code: &str) -> bool {
    let b = code.as_bytes();
    if !b.iter().all(u8::is_ascii_uppercase) || code.starts_with("XX") {
        return false;
    }
    match b {
        [first, second] | [first, second, _] => {
            matches!((first, second), (b'A', b'A') | (b'Z', b'Z') | (b'X', _))
                || (*first == b'Q' && *second >= b'M')
        }
        _ => false,
    }
}

impl StateCode {
    /// Accepts a code in any letter case: alpha-2, alpha-3, an ISO 3166-3 code, or a
    /// user-assigned code.
    pub fn parse(text: &str) -> Result<Self, UnknownState> {
        let upper = text.trim().to_ascii_uppercase();
        let table = table();
        if let Some(&i) = table.by_code.get(upper.as_str()) {
            return Ok(Self(table.rows[i].code.to_string()));
        }
        if user_assigned(&upper) {
            return Ok(Self(upper));
        }
        Err(UnknownState(text.to_string()))
    }

    /// Accepts a code (as [`StateCode::parse`]) or a name as people write it, in any letter
    /// case and with or without accents; an unknown name comes back with the closest names.
    pub fn resolve(text: &str) -> Result<Self, UnknownName> {
        if let Ok(code) = Self::parse(text) {
            return Ok(code);
        }
        let table = table();
        let folded = fold(text);
        match table.by_name.get(&folded).map(Vec::as_slice) {
            Some([i]) => Ok(Self(table.rows[*i].code.to_string())),
            Some(many) => Err(UnknownName {
                text: text.to_string(),
                ambiguous: true,
                suggestions: many.iter().map(|&i| suggestion(&table.rows[i])).collect(),
            }),
            None => Err(UnknownName {
                text: text.to_string(),
                ambiguous: false,
                suggestions: closest(&folded, 3),
            }),
        }
    }

    /// The code as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Every current state in `data/iso3166.csv`, in code order.
    pub fn all_current() -> impl Iterator<Item = StateCode> {
        table()
            .rows
            .iter()
            .filter(|c| c.iso_table && !c.former)
            .map(|c| StateCode(c.code.to_string()))
    }

    /// The table row; `None` for a user-assigned code (an entity a ledger registers itself).
    pub fn country(&self) -> Option<&'static Country> {
        let table = table();
        table.by_code.get(self.0.as_str()).map(|&i| &table.rows[i])
    }

    /// The name `data/iso3166.csv` gives (the code itself for a user-assigned code): the name
    /// the JSON of `status`, `diff` and `why` has always carried.
    pub fn table_name(&self) -> String {
        self.country()
            .map_or_else(|| self.0.clone(), |c| c.name.to_string())
    }

    /// The UN's short name (the table's name where the UN's is not known; the code itself for a
    /// user-assigned code).
    pub fn un_name(&self) -> String {
        match self.country() {
            Some(c) if !c.un_name.is_empty() => c.un_name.to_string(),
            Some(c) => c.name.to_string(),
            None => self.0.clone(),
        }
    }

    /// What kind of party the code stands for.
    pub fn kind(&self) -> PartyKind {
        self.country()
            .map_or(PartyKind::Registered, |country| country.kind)
    }

    /// Whether the code is user-assigned: it names an entity only a ledger's own registration
    /// describes.
    pub fn is_user_assigned(&self) -> bool {
        self.country().is_none()
    }
}

fn suggestion(row: &Country) -> (StateCode, &'static str) {
    let name = if row.un_name.is_empty() {
        row.name
    } else {
        row.un_name
    };
    (StateCode(row.code.to_string()), name)
}

/// The `n` parties whose names are closest to `folded`: names that start with it or hold it as
/// a word first, then by Jaro-Winkler similarity.
fn closest(folded: &str, n: usize) -> Vec<(StateCode, &'static str)> {
    let table = table();
    let mut scored: Vec<(f64, usize)> = Vec::new();
    for (name, rows) in &table.by_name {
        let contains = !folded.is_empty()
            && (name.starts_with(folded) || name.split(' ').any(|w| w == folded));
        let score = if contains {
            2.0
        } else {
            strsim::jaro_winkler(folded, name)
        };
        scored.extend(rows.iter().map(|&i| (score, i)));
    }
    scored.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then_with(|| table.rows[a.1].code.cmp(table.rows[b.1].code))
    });
    let mut out: Vec<(StateCode, &'static str)> = Vec::new();
    for (score, i) in scored {
        if out.len() == n || score < 0.75 {
            break;
        }
        let s = suggestion(&table.rows[i]);
        if !out.iter().any(|(code, _)| *code == s.0) {
            out.push(s);
        }
    }
    out
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

    fn code(text: &str) -> String {
        StateCode::resolve(text).unwrap().to_string()
    }

    #[test]
    fn alpha2_alpha3_and_former_codes() {
        assert_eq!(StateCode::parse("fi").unwrap().as_str(), "FI");
        assert_eq!(StateCode::parse("FIN").unwrap().as_str(), "FI");
        assert_eq!(StateCode::parse("PSE").unwrap().as_str(), "PS");
        assert_eq!(StateCode::parse("SUN").unwrap().as_str(), "SU");
        assert_eq!(
            StateCode::parse("YU").unwrap().table_name(),
            "Yugoslavia, (Socialist) Federal Republic of"
        );
        assert_eq!(StateCode::parse("CSK").unwrap().as_str(), "CSHH");
        assert!(StateCode::parse("CS").unwrap().country().unwrap().former);
        assert_eq!(
            StateCode::parse("Czechia").unwrap_err(),
            UnknownState("Czechia".into())
        );
        assert!(StateCode::parse("XY").is_ok(), "user-assigned");
        assert!(
            StateCode::parse("XX").is_err(),
            "'unknown' in many data sets"
        );
        assert!(StateCode::parse("XX1").is_err());
        assert!(StateCode::parse("QA").unwrap().country().is_some(), "Qatar");
        assert!(StateCode::parse("QL").is_err(), "QL is not user-assigned");
    }

    #[test]
    fn iso_3166_3_codes_name_the_stored_code() {
        for (four, stored) in [
            ("DDDE", "DD"),
            ("SUHH", "SU"),
            ("YUCS", "YU"),
            ("CSXX", "CS"),
            ("CSHH", "CSHH"),
            ("ddde", "DD"),
        ] {
            assert_eq!(StateCode::parse(four).unwrap().as_str(), stored, "{four}");
        }
    }

    #[test]
    fn new_parties_are_codes_of_their_own() {
        let eu = StateCode::parse("eu").unwrap();
        assert_eq!(eu.as_str(), "EU");
        assert_eq!(eu.un_name(), "European Union");
        assert_eq!(eu.kind(), PartyKind::Organization);
        assert_eq!(StateCode::parse("XK").unwrap().un_name(), "Kosovo");
        assert_eq!(code("Kosovo"), "XK");
        assert_eq!(code("European Union"), "EU");
        let registered = StateCode::parse("XA").unwrap();
        assert!(registered.is_user_assigned());
        assert_eq!(registered.kind(), PartyKind::Registered);
    }

    #[test]
    fn names_as_people_write_them() {
        for (name, expected) in [
            ("Finland", "FI"),
            ("finland", "FI"),
            ("Viet Nam", "VN"),
            ("Vietnam", "VN"),
            ("Türkiye", "TR"),
            ("Turkiye", "TR"),
            ("Turkey", "TR"),
            ("Bolivia (Plurinational State of)", "BO"),
            ("bolivia", "BO"),
            ("State of Palestine", "PS"),
            ("Czechia", "CZ"),
            ("Czech Republic", "CZ"),
            ("the Netherlands", "NL"),
            ("Côte d'Ivoire", "CI"),
            ("Cote dIvoire", "CI"),
            ("East Germany", "DD"),
            ("Soviet Union", "SU"),
            ("United States of America", "US"),
            ("United States", "US"),
        ] {
            assert_eq!(code(name), expected, "{name}");
        }
    }

    #[test]
    fn unknown_names_come_with_the_closest() {
        let err = StateCode::resolve("Finnland").unwrap_err();
        assert_eq!(err.suggestions[0].0.as_str(), "FI");
        let err = StateCode::resolve("Kore").unwrap_err();
        let codes: Vec<&str> = err.suggestions.iter().map(|s| s.0.as_str()).collect();
        assert!(codes.contains(&"KR") && codes.contains(&"KP"), "{codes:?}");
        let err = StateCode::resolve("Zaire").unwrap_err();
        assert!(err.ambiguous);
        let codes: Vec<&str> = err.suggestions.iter().map(|s| s.0.as_str()).collect();
        assert_eq!(codes, ["CD", "ZR"]);
        assert!(StateCode::resolve("Atlantis").is_err());
    }

    #[test]
    fn un_names_are_shown() {
        assert_eq!(StateCode::parse("VN").unwrap().un_name(), "Viet Nam");
        assert_eq!(StateCode::parse("VN").unwrap().table_name(), "Vietnam");
        assert_eq!(
            StateCode::parse("GB").unwrap().un_name(),
            "United Kingdom of Great Britain and Northern Ireland"
        );
    }

    #[test]
    fn table_is_complete() {
        assert_eq!(StateCode::all_current().count(), 249);
        assert_eq!(
            StateCode::parse("VA").unwrap().table_name(),
            "Holy See (Vatican City State)"
        );
    }
}
