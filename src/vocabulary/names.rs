//! The names table (`data/names.csv`): every party and place pacta knows, by its codes, by the
//! name the UN writes and by the names people type, read once for states and territories alike.

use std::collections::HashMap;
use std::sync::OnceLock;

const NAMES: &str = include_str!("../../data/names.csv");

/// What an entry of the table is, as its `kind` column says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A state: a UN member, the Holy See, the State of Palestine, the Cook Islands or Niue.
    State,
    /// A territory with an ISO 3166-1 code, such as Greenland or Hong Kong.
    Territory,
    /// An entry ISO 3166-3 lists as gone, such as the German Democratic Republic.
    Former,
    /// A regional economic integration organisation, such as the European Union.
    Organization,
    /// Anything else with a code, such as Kosovo (`XK`).
    Other,
}

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The code an act stores for this party: the table's `pacta_code` where it gives one (the
    /// old alpha-2 of a former state, such as `DD`), else its `code`.
    pub code: &'static str,
    /// The table's own code: ISO 3166-1 alpha-2, or ISO 3166-3 for a former entry (`DDDE`).
    pub iso_code: &'static str,
    /// The ISO alpha-3 code, accepted as input; empty when the table has none.
    pub alpha3: &'static str,
    /// The name shown: the UN's short name, else ISO's, else the first alias.
    pub name: &'static str,
    /// What the entry is: a state, a territory, a former state, an organisation or other.
    pub kind: Kind,
    /// Whether this entry no longer exists (an ISO 3166-3 entry, such as Czechoslovakia).
    pub former: bool,
}

/// The table, with every spelling of every entry folded to one key.
pub struct Names {
    rows: Vec<Entry>,
    by_key: HashMap<String, usize>,
    by_code: HashMap<&'static str, usize>,
    /// Every name and alias as written, for suggestions.
    spellings: Vec<&'static str>,
}

/// A text as a key: trimmed, lower case, runs of white space as one space, the accented
/// letters the table holds as plain ones and a typographic apostrophe as a plain one, so that
/// "TURKIYE", "Türkiye" and "türkiye " are one key.
pub fn fold(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        for c in word.chars().flat_map(char::to_lowercase) {
            key.push(match c {
                'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
                'ç' => 'c',
                'è' | 'é' | 'ê' | 'ë' => 'e',
                'ì' | 'í' | 'î' | 'ï' => 'i',
                'ñ' => 'n',
                'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
                'ù' | 'ú' | 'û' | 'ü' => 'u',
                '’' | '‘' => '\'',
                other => other,
            });
        }
    }
    key
}

/// The table, read once.
pub fn table() -> &'static Names {
    static NAMES_CELL: OnceLock<Names> = OnceLock::new();
    NAMES_CELL.get_or_init(load)
}

/// A text of the built-in table kept for the life of the program: the table is read once.
fn keep(text: &str) -> &'static str {
    Box::leak(text.to_owned().into_boxed_str())
}

fn load() -> Names {
    let (rows, spellings) = read(NAMES).expect("the built-in names table is valid CSV");
    index(rows, spellings)
}

/// The rows of a table in the form of `data/names.csv`, with each row's names and aliases.
fn read(text: &str) -> Result<(Vec<Entry>, Vec<Vec<&'static str>>), csv::Error> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers()?.clone();
    let mut rows = Vec::new();
    let mut spellings_of: Vec<Vec<&'static str>> = Vec::new();
    for record in reader.records() {
        let record = record?;
        // By header name, so that a column added to the table moves nothing here.
        let column = |name: &str| {
            headers
                .iter()
                .position(|h| h == name)
                .and_then(|i| record.get(i))
                .unwrap_or_default()
                .trim()
        };
        let kind = match column("kind") {
            "state" => Kind::State,
            "territory" => Kind::Territory,
            "former" => Kind::Former,
            "organization" => Kind::Organization,
            _ => Kind::Other,
        };
        let iso_code = keep(column("code"));
        let code = match column("pacta_code") {
            "" | "(absent)" => iso_code,
            old => keep(old),
        };
        let spellings: Vec<&'static str> = [column("un_name"), column("iso_name")]
            .into_iter()
            .chain(column("aliases").split('|'))
            .filter(|s| !s.is_empty())
            .map(keep)
            .collect();
        rows.push(Entry {
            code,
            iso_code,
            alpha3: keep(column("alpha3")),
            name: spellings.first().copied().unwrap_or(iso_code),
            kind,
            former: kind == Kind::Former,
        });
        spellings_of.push(spellings);
    }
    Ok((rows, spellings_of))
}

/// Whether `code` is one ISO 3166-1 reserves for users (`AA`, `QM`–`QZ`, `XA`–`XZ`, `ZZ`):
/// ISO never gives these to a country, so a party declared under one never clashes with a row
/// a later table adds.
pub fn user_assigned(code: &str) -> bool {
    matches!(
        code.as_bytes(),
        [b'A', b'A'] | [b'Q', b'M'..=b'Z'] | [b'X', b'A'..=b'Z'] | [b'Z', b'Z']
    )
}

static DECLARED: OnceLock<Names> = OnceLock::new();

/// Adds the parties a user's table declares (the text of a file in the form of
/// `data/names.csv`; only `code` and a name are needed) to those input may name, for this
/// process. Each code must be an ISO 3166-1 user-assigned code the built-in table lacks, so
/// that nothing a declared table says changes what a code of the built-in table means. Returns
/// how many parties were declared.
pub fn declare(text: &str) -> Result<usize, String> {
    let (rows, spellings) = read(text).map_err(|e| e.to_string())?;
    for row in &rows {
        if !user_assigned(row.code) || table().by_code(row.code).is_some() {
            return Err(format!(
                "'{}' is not a user-assigned code (AA, QM to QZ, XA to XZ, ZZ) the built-in table lacks",
                row.code
            ));
        }
    }
    let count = rows.len();
    DECLARED
        .set(index(rows, spellings))
        .map_err(|_| "parties were already declared".to_string())?;
    Ok(count)
}

/// The party a text names: in the built-in table, else among those declared.
pub fn find_party(text: &str) -> Option<&'static Entry> {
    table()
        .find(text)
        .or_else(|| DECLARED.get().and_then(|d| d.find(text)))
}

/// The party whose stored code is exactly `code`: in the built-in table, else among those
/// declared.
pub fn party_by_code(code: &str) -> Option<&'static Entry> {
    table()
        .by_code(code)
        .or_else(|| DECLARED.get().and_then(|d| d.by_code(code)))
}

/// Every name and alias of every party input may name, for "did you mean ...?".
pub fn party_spellings() -> impl Iterator<Item = &'static str> {
    table()
        .spellings()
        .chain(DECLARED.get().into_iter().flat_map(Names::spellings))
}

/// Keys go in by rank, the first entry to claim a key keeping it: codes before alpha-3 codes
/// (a current entry's before a former one's: `ATF` is the French Southern Territories, not
/// the former code that once had it), then names. So `EC` is Ecuador, though the European
/// Community was once called so.
fn index(rows: Vec<Entry>, spellings_of: Vec<Vec<&'static str>>) -> Names {
    let mut by_key = HashMap::new();
    let mut claim = |key: &str, i: usize| {
        if !key.is_empty() {
            by_key.entry(fold(key)).or_insert(i);
        }
    };
    for (i, row) in rows.iter().enumerate() {
        claim(row.code, i);
        claim(row.iso_code, i);
    }
    for former in [false, true] {
        for (i, row) in rows.iter().enumerate().filter(|(_, r)| r.former == former) {
            claim(row.alpha3, i);
        }
    }
    for (i, spellings) in spellings_of.iter().enumerate() {
        for spelling in spellings {
            claim(spelling, i);
        }
    }
    let by_code = rows.iter().enumerate().map(|(i, r)| (r.code, i)).collect();
    let mut spellings: Vec<&'static str> = spellings_of.into_iter().flatten().collect();
    spellings.sort_unstable();
    spellings.dedup();
    Names {
        rows,
        by_key,
        by_code,
        spellings,
    }
}

impl Names {
    /// The entry a text names: any of its codes, its UN or ISO name or an alias, in any letter
    /// case, with or without accents.
    pub fn find(&self, text: &str) -> Option<&Entry> {
        self.by_key.get(&fold(text)).map(|&i| &self.rows[i])
    }

    /// The entry whose stored code is exactly `code` (`DD`, not `DDDE`).
    pub fn by_code(&self, code: &str) -> Option<&Entry> {
        self.by_code.get(code).map(|&i| &self.rows[i])
    }

    /// Every entry, in the table's order (by code).
    pub fn rows(&self) -> &[Entry] {
        &self.rows
    }

    /// Every name and alias as the table writes them.
    pub fn spellings(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.spellings.iter().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_forgives_case_accents_and_spaces() {
        assert_eq!(fold("  Türkiye "), "turkiye");
        assert_eq!(fold("CÔTE  D’IVOIRE"), "cote d'ivoire");
        assert_eq!(fold("Curaçao"), "curacao");
    }

    #[test]
    fn every_spelling_finds_its_entry() {
        let names = table();
        let code = |text: &str| names.find(text).map(|e| e.code);
        assert_eq!(code("Viet Nam"), Some("VN"));
        assert_eq!(code("vietnam"), Some("VN"));
        assert_eq!(code("Turkiye"), Some("TR"));
        assert_eq!(code("Turkey"), Some("TR"));
        assert_eq!(code("Bolivia (Plurinational State of)"), Some("BO"));
        assert_eq!(code("Palestine"), Some("PS"));
        assert_eq!(code("East Germany"), Some("DD"));
        assert_eq!(code("DDDE"), Some("DD"));
        assert_eq!(code("ATF"), Some("TF"));
        assert_eq!(code("EC"), Some("EC"));
        assert_eq!(code("European Community"), Some("EU"));
        assert_eq!(code("kosovo"), Some("XK"));
        assert_eq!(code("Atlantis"), None);
    }

    #[test]
    fn names_shown_are_the_uns_then_isos() {
        let names = table();
        assert_eq!(names.by_code("VN").unwrap().name, "Viet Nam");
        assert_eq!(
            names.by_code("DD").unwrap().name,
            "German Democratic Republic"
        );
        assert_eq!(names.by_code("XK").unwrap().name, "Kosovo");
        assert_eq!(names.by_code("DDDE"), None, "stored as DD");
        assert!(names.spellings().any(|s| s == "Finland"));
    }

    #[test]
    fn renamed_states_are_shown_by_their_current_un_name_and_found_by_the_old() {
        let names = table();
        for (old, code, now) in [
            ("Swaziland", "SZ", "Eswatini"),
            ("Turkey", "TR", "Türkiye"),
            ("Czech Republic", "CZ", "Czechia"),
            (
                "The former Yugoslav Republic of Macedonia",
                "MK",
                "North Macedonia",
            ),
            ("Cape Verde", "CV", "Cabo Verde"),
            ("Ivory Coast", "CI", "Côte d'Ivoire"),
            ("East Timor", "TL", "Timor-Leste"),
            ("Burma", "MM", "Myanmar"),
        ] {
            let entry = names.find(old).unwrap_or_else(|| panic!("{old}"));
            assert_eq!((entry.code, entry.name), (code, now), "{old}");
            assert_eq!(names.find(now).map(|e| e.code), Some(code), "{now}");
        }
    }

    #[test]
    fn a_declared_party_takes_a_user_assigned_code_only() {
        let refused = |text: &str| declare(text).unwrap_err();
        assert!(refused("code,un_name\nFR,Francia\n").contains("'FR'"));
        assert!(refused("code,un_name\nXK,Kosova\n").contains("'XK'"));
        assert_eq!(
            declare("code,un_name,aliases\nXA,Atlantis,Atlantida\n"),
            Ok(1)
        );
        assert_eq!(find_party("atlantida").map(|e| e.code), Some("XA"));
        assert_eq!(party_by_code("XA").map(|e| e.name), Some("Atlantis"));
        assert_eq!(
            table().find("Atlantis"),
            None,
            "the built-in table is unchanged"
        );
    }
}
