//! One row's cells to a fact: the rules CSV and JSON Lines share. Cells are checked as the
//! ledger checks facts ([`Fact::check`]); a problem names the column at fault, so that a reader
//! can point at the cell.

use crate::ledger::{Ledger, LedgerError};
use crate::vocabulary::calendar::LegalDate;
use crate::vocabulary::citation::{Citation, SourceKind};
use crate::vocabulary::country::StateCode;
use crate::vocabulary::digest::Digest;
use crate::vocabulary::event::{Act, ActKind, Event, Fact};
use crate::vocabulary::field::FieldError;
use crate::vocabulary::source::Description;
use crate::vocabulary::treaty::TreatyId;
use std::collections::HashMap;

/// A fact's cells, as the file gives them (an empty cell is `None`).
#[derive(Debug, Clone, Copy, Default)]
pub struct RawFact<'a> {
    /// `treaty`
    pub treaty: Option<&'a str>,
    /// `state`
    pub state: Option<&'a str>,
    /// `act`
    pub act: Option<&'a str>,
    /// `date`
    pub date: Option<&'a str>,
    /// `effective_date`
    pub effective_date: Option<&'a str>,
    /// `note`
    pub note: Option<&'a str>,
}

/// A citation's cells.
#[derive(Debug, Clone, Copy, Default)]
pub struct RawCitation<'a> {
    /// `cite_title`
    pub title: Option<&'a str>,
    /// `cite_url`
    pub url: Option<&'a str>,
    /// `cite_ref`
    pub reference: Option<&'a str>,
    /// `cite_publisher`
    pub publisher: Option<&'a str>,
    /// `cite_published`
    pub published: Option<&'a str>,
    /// `cite_retrieved`
    pub retrieved: Option<&'a str>,
    /// `cite_locator`
    pub locator: Option<&'a str>,
    /// `cite_kind`
    pub kind: Option<&'a str>,
    /// `quote`
    pub quote: Option<&'a str>,
    /// `cite_source`
    pub source: Option<&'a str>,
}

/// A cell at fault: its column, named as in a CSV header, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellError {
    /// The column (`""` when the problem is the row's as a whole).
    pub column: &'static str,
    /// What is wrong.
    pub reason: String,
}

impl CellError {
    fn new(column: &'static str, reason: impl Into<String>) -> CellError {
        CellError {
            column,
            reason: reason.into(),
        }
    }
}

/// The descriptions of archived sources, read from the ledger once each: a citation that names
/// an archived source takes its title and URL from there when the file gives none.
pub struct Sources<'a> {
    ledger: Option<&'a Ledger>,
    known: HashMap<Digest, Option<Description>>,
}

impl<'a> Sources<'a> {
    /// Descriptions read from `ledger` (none at all without one).
    pub fn new(ledger: Option<&'a Ledger>) -> Sources<'a> {
        Sources {
            ledger,
            known: HashMap::new(),
        }
    }

    fn describe(&mut self, digest: Digest) -> Result<Option<&Description>, LedgerError> {
        if !self.known.contains_key(&digest) {
            let found = match self.ledger {
                Some(ledger) => ledger.source_description(&digest)?,
                None => None,
            };
            self.known.insert(digest, found);
        }
        Ok(self.known.get(&digest).and_then(Option::as_ref))
    }
}

/// The act a row states.
pub fn act(raw: &RawFact) -> Result<Act, CellError> {
    fn required<'a>(column: &'static str, cell: Option<&'a str>) -> Result<&'a str, CellError> {
        cell.ok_or_else(|| CellError::new(column, format!("{column} is empty")))
    }
    let treaty = required("treaty", raw.treaty)?;
    let kind: ActKind = required("act", raw.act)?
        .parse()
        .map_err(|e: String| CellError::new("act", e))?;
    Ok(Act {
        treaty: TreatyId::parse(treaty).map_err(|e| CellError::new("treaty", e.to_string()))?,
        state: raw.state.map(state).transpose()?,
        kind,
        date: date("date", required("date", raw.date)?)?,
        effective: raw
            .effective_date
            .map(|d| date("effective_date", d))
            .transpose()?,
    })
}

/// A state by its code (alpha-2, alpha-3 or ISO 3166-3) or by a name or alias of the names
/// table, in any letter case: spreadsheets and scraped status tables name states more often than
/// they code them. The table is read once for the whole import.
fn state(text: &str) -> Result<StateCode, CellError> {
    StateCode::parse(text).map_err(|unknown| CellError::new("state", unknown.to_string()))
}

fn date(column: &'static str, text: &str) -> Result<LegalDate, CellError> {
    LegalDate::parse(text).map_err(|e| CellError::new(column, format!("{column}: {e}")))
}

/// The citation a row gives; a named archived source fills a missing title and URL from its
/// description. Its fields are checked with the fact's ([`fact`]), or by [`checked`].
pub fn citation(raw: &RawCitation, sources: &mut Sources) -> Result<Citation, CellError> {
    let source = raw.source.map(source_digest).transpose()?;
    let (mut title, mut url) = (raw.title.map(String::from), raw.url.map(String::from));
    if let Some(digest) = source.filter(|_| title.is_none() || url.is_none()) {
        let description = sources
            .describe(digest)
            .map_err(|e| CellError::new("cite_source", e.to_string()))?
            .ok_or_else(|| {
                CellError::new(
                    "cite_source",
                    format!(
                        "the archived source {} is not in this ledger",
                        digest.short()
                    ),
                )
            })?;
        title = title.or_else(|| description.title.clone());
        url = url.or_else(|| description.url.clone());
    }
    let citation = Citation {
        kind: raw
            .kind
            .map(str::parse)
            .transpose()
            .map_err(|e: String| CellError::new("cite_kind", e))?
            .unwrap_or(SourceKind::Unspecified),
        title: title.ok_or_else(|| {
            CellError::new(
                "cite_title",
                "the citation has no title (and names no archived source that has one)",
            )
        })?,
        url,
        reference: raw.reference.map(String::from),
        publisher: raw.publisher.map(String::from),
        published: raw
            .published
            .map(|d| date("cite_published", d))
            .transpose()?,
        retrieved: raw
            .retrieved
            .map(|d| date("cite_retrieved", d))
            .transpose()?,
        locator: raw.locator.map(String::from),
        quote: raw.quote.map(String::from),
        source,
    };
    Ok(citation)
}

/// A citation checked on its own, as the ledger checks it.
pub fn checked(citation: Citation) -> Result<Citation, CellError> {
    citation.check().map_err(field_error)?;
    Ok(citation)
}

fn source_digest(text: &str) -> Result<Digest, CellError> {
    Digest::parse_hex(&text.to_ascii_lowercase()).ok_or_else(|| {
        CellError::new(
            "cite_source",
            format!("'{text}' is not a 64-digit hex digest of an archived source"),
        )
    })
}

/// The fact a row states, checked as the ledger checks it on its own.
pub fn fact(act: Act, citations: Vec<Citation>, note: Option<&str>) -> Result<Fact, CellError> {
    let fact = Fact {
        event: Event::Act(act),
        citations,
        note: note.map(String::from),
    };
    fact.check().map_err(field_error)?;
    Ok(fact)
}

/// A field's problem, at the column that holds the field.
fn field_error(e: FieldError) -> CellError {
    let column = match e.field {
        "state" => "state",
        "effective date" => "effective_date",
        "citation" | "citation URL" => "cite_url",
        "citation title" => "cite_title",
        "citation reference" => "cite_ref",
        "citation publisher" => "cite_publisher",
        "citation locator" => "cite_locator",
        "citation retrieved date" => "cite_retrieved",
        "quote" => "quote",
        "note" => "note",
        _ => "",
    };
    CellError::new(column, e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw_act<'a>(act: &'a str, date: &'a str) -> RawFact<'a> {
        RawFact {
            treaty: Some("ottawa"),
            state: Some("FI"),
            act: Some(act),
            date: Some(date),
            ..RawFact::default()
        }
    }

    #[test]
    fn each_cell_problem_names_its_column() {
        assert_eq!(
            act(&raw_act("accession", "2012-1-9")).unwrap_err().column,
            "date"
        );
        assert_eq!(
            act(&raw_act("ratify", "2012-01-09")).unwrap_err().column,
            "act"
        );
        let mut sources = Sources::new(None);
        let bad_url = RawCitation {
            title: Some("UNTC"),
            url: Some("ftp://x"),
            ..RawCitation::default()
        };
        let unchecked = citation(&bad_url, &mut sources).unwrap();
        assert_eq!(checked(unchecked).unwrap_err().column, "cite_url");
        let unarchived = RawCitation {
            source: Some(&"ab".repeat(32)),
            ..RawCitation::default()
        };
        let e = citation(&unarchived, &mut sources).unwrap_err();
        assert_eq!(e.column, "cite_source");
        assert!(e.reason.contains("not in this ledger"), "{}", e.reason);
        let signed = act(&raw_act("signature", "2012-01-09")).unwrap();
        let effective = Act {
            effective: Some(signed.date),
            ..signed
        };
        let good = citation(
            &RawCitation {
                title: Some("UNTC"),
                url: Some("https://treaties.un.org"),
                ..RawCitation::default()
            },
            &mut sources,
        )
        .unwrap();
        assert_eq!(
            fact(effective, vec![good], None).unwrap_err().column,
            "effective_date"
        );
    }

    #[test]
    fn a_state_is_given_by_its_code_or_its_name() {
        let by = |state: &str| {
            act(&RawFact {
                state: Some(state),
                ..raw_act("accession", "2012-01-09")
            })
            .map(|a| a.state.map(|s| s.to_string()))
        };
        for given in ["FI", "fin", "Finland", "  finland ", "FINLAND"] {
            assert_eq!(by(given).unwrap().as_deref(), Some("FI"), "{given}");
        }
        assert_eq!(
            by("Côte d'Ivoire").unwrap().as_deref(),
            Some("CI"),
            "a name beyond ASCII"
        );
        let unknown = by("Finlandia").unwrap_err();
        assert_eq!(unknown.column, "state");
        assert_eq!(by("Viet Nam").unwrap().as_deref(), Some("VN"));
        assert_eq!(by("East Germany").unwrap().as_deref(), Some("DD"));
        assert!(unknown.reason.contains("'Finlandia'"), "{}", unknown.reason);
    }
}
