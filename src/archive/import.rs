//! Bulk facts from CSV: parse every row, then order them by act date.
//!
//! The header names the columns, in any order: `treaty,state,act,date,effective_date,
//! cite_title,cite_url,cite_ref,cite_publisher,cite_published,cite_retrieved,cite_locator,
//! cite_kind,quote,note`. Only `treaty`, `act`, `date` and `cite_title` must be present;
//! empty cells mean "not given". Rows that state the same fact (same treaty, state, act, dates
//! and note) are one fact with several citations. Facts are applied in order of act date, ties
//! in file order, so a file may list them in any order. Any bad row rejects the whole file.

use crate::vocabulary::calendar::LegalDate;
use crate::vocabulary::citation::Citation;
use crate::vocabulary::country::StateCode;
use crate::vocabulary::event::{Act, Event, Fact};
use crate::vocabulary::treaty::TreatyId;
use std::collections::HashMap;

pub const COLUMNS: &[&str] = &[
    "treaty",
    "state",
    "act",
    "date",
    "effective_date",
    "cite_title",
    "cite_url",
    "cite_ref",
    "cite_publisher",
    "cite_published",
    "cite_retrieved",
    "cite_locator",
    "cite_kind",
    "quote",
    "note",
];

const REQUIRED: &[&str] = &["treaty", "act", "date", "cite_title"];

/// A row that could not be read, with its line in the file (the header is line 1).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct RowError {
    pub line: u64,
    pub reason: String,
}

/// A parsed fact and the line it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: u64,
    pub fact: Fact,
}

/// Parses a whole CSV file into facts ordered by act date (ties in file order).
pub fn parse_csv(text: &str) -> Result<Vec<Row>, RowError> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| RowError {
            line: 1,
            reason: e.to_string(),
        })?
        .clone();
    let columns = column_map(&header)?;
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| RowError {
            line: e.position().map_or(0, |p| p.line()),
            reason: format!("not valid CSV: {e}"),
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let cell = |name: &str| {
            columns
                .get(name)
                .and_then(|&i| record.get(i))
                .filter(|v| !v.is_empty())
        };
        let fact = row_fact(&cell).map_err(|reason| RowError { line, reason })?;
        merge(&mut rows, Row { line, fact })?;
    }
    rows.sort_by_key(|r| match &r.fact.event {
        Event::Act(a) => Some(a.date),
        _ => None,
    });
    Ok(rows)
}

/// Adds a row, or its citation to an earlier row that states the same fact.
fn merge(rows: &mut Vec<Row>, row: Row) -> Result<(), RowError> {
    let same = rows
        .iter_mut()
        .find(|r| r.fact.event == row.fact.event && r.fact.note == row.fact.note);
    let Some(earlier) = same else {
        rows.push(row);
        return Ok(());
    };
    let citation = row
        .fact
        .citations
        .into_iter()
        .next()
        .expect("a parsed row has one citation");
    if earlier.fact.citations.contains(&citation) {
        return Err(RowError {
            line: row.line,
            reason: format!("repeats line {} exactly", earlier.line),
        });
    }
    earlier.fact.citations.push(citation);
    Ok(())
}

fn column_map(header: &csv::StringRecord) -> Result<HashMap<String, usize>, RowError> {
    let mut columns = HashMap::new();
    for (i, name) in header.iter().enumerate() {
        if !COLUMNS.contains(&name) {
            return Err(RowError {
                line: 1,
                reason: format!(
                    "unknown column '{name}'; the columns are {}",
                    COLUMNS.join(",")
                ),
            });
        }
        if columns.insert(name.to_string(), i).is_some() {
            return Err(RowError {
                line: 1,
                reason: format!("column '{name}' appears twice"),
            });
        }
    }
    if let Some(missing) = REQUIRED.iter().find(|c| !columns.contains_key(**c)) {
        return Err(RowError {
            line: 1,
            reason: format!("the header lacks the column '{missing}'"),
        });
    }
    Ok(columns)
}

/// An unknown state as a row error: what was written, and the closest names.
fn unknown_state(e: &crate::vocabulary::country::UnknownName) -> String {
    let near: Vec<String> = e
        .suggestions
        .iter()
        .map(|(code, name)| format!("{code} ({name})"))
        .collect();
    match (near.is_empty(), e.ambiguous) {
        (true, _) => e.to_string(),
        (false, true) => format!("{}: say which, {}", e, near.join(", ")),
        (false, false) => format!("{}; did you mean {}?", e, near.join(", ")),
    }
}

fn row_fact<'a>(cell: &dyn Fn(&str) -> Option<&'a str>) -> Result<Fact, String> {
    let date = |name: &str| -> Result<Option<LegalDate>, String> {
        cell(name)
            .map(|v| LegalDate::parse(v).map_err(|e| format!("{name}: {e}")))
            .transpose()
    };
    let required = |name: &str| cell(name).ok_or_else(|| format!("{name} is empty"));
    let act = Act {
        treaty: TreatyId::parse(required("treaty")?).map_err(|e| e.to_string())?,
        state: cell("state")
            .map(StateCode::resolve)
            .transpose()
            .map_err(|e| unknown_state(&e))?,
        kind: required("act")?.parse()?,
        date: date("date")?.ok_or("date is empty")?,
        effective: date("effective_date")?,
    };
    let citation = Citation {
        kind: cell("cite_kind")
            .map(str::parse)
            .transpose()?
            .unwrap_or(crate::vocabulary::citation::SourceKind::Unspecified),
        title: required("cite_title")?.to_string(),
        url: cell("cite_url").map(String::from),
        reference: cell("cite_ref").map(String::from),
        publisher: cell("cite_publisher").map(String::from),
        published: date("cite_published")?,
        retrieved: date("cite_retrieved")?,
        locator: cell("cite_locator").map(String::from),
        quote: cell("quote").map(String::from),
        source: None,
    };
    Ok(Fact {
        event: Event::Act(act),
        citations: vec![citation],
        note: cell("note").map(String::from),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_ordered_by_date_and_lines_kept() {
        let csv = "treaty,state,act,date,cite_title,cite_url\n\
                   ottawa,FI,withdrawal,2025-07-10,MFA,https://um.fi/x\n\
                   ottawa,FI,accession,2012-01-09,UNTC,https://treaties.un.org/x\n";
        let rows = parse_csv(csv).unwrap();
        assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), vec![3, 2]);
    }

    #[test]
    fn rows_stating_one_fact_merge_their_citations() {
        let csv = "treaty,state,act,date,cite_title,cite_url\n\
                   ottawa,FI,withdrawal,2025-07-10,MFA,https://um.fi/x\n\
                   ottawa,FI,withdrawal,2025-07-10,Yle,https://yle.fi/y\n";
        let rows = parse_csv(csv).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].fact.citations.len(), 2);
        let repeated = "treaty,state,act,date,cite_title,cite_url\nottawa,FI,withdrawal,2025-07-10,MFA,https://um.fi/x\n\
                        ottawa,FI,withdrawal,2025-07-10,MFA,https://um.fi/x\n";
        assert_eq!(
            parse_csv(repeated).unwrap_err(),
            RowError {
                line: 3,
                reason: "repeats line 2 exactly".into()
            }
        );
    }

    #[test]
    fn bad_rows_name_their_line() {
        let csv = "treaty,state,act,date,cite_title\nottawa,FI,accession,2012-01-09,UNTC\nottawa,FI,accession,2012-1-9,UNTC\n";
        let err = parse_csv(csv).unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.reason.contains("2012-1-9"));
        assert!(
            parse_csv("treaty,state,act,day,cite_title\n")
                .unwrap_err()
                .reason
                .contains("unknown column 'day'")
        );
        assert!(
            parse_csv("treaty,state,act,cite_title\n")
                .unwrap_err()
                .reason
                .contains("'date'")
        );
    }
}
