//! Citations: where a fact comes from.
//!
//! Every fact carries at least one [`Citation`]: what the source is, where to find it (a URL
//! and/or a document reference such as a depositary notification number), when it was published
//! and retrieved, and a verbatim quote. A citation may also name an archived copy of the source
//! by its BLAKE3 digest.

use crate::vocabulary::calendar::LegalDate;
use crate::vocabulary::digest::Digest;
use crate::vocabulary::field::{self, FieldError};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What kind of document a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    /// The recorder did not say; what [`Citation::titled`] starts with.
    Unspecified,
    /// A notification by the treaty's depositary, such as a UN `C.N.` notification.
    DepositaryNotification,
    /// The text of the treaty itself.
    TreatyText,
    /// A state's official journal, where its laws and treaty acts are published.
    OfficialGazette,
    /// A statement by a government or one of its ministries.
    GovernmentStatement,
    /// The record of a parliament's debates or votes.
    ParliamentaryRecord,
    /// A report in the press.
    NewsReport,
    /// A report by a non-governmental organisation.
    NgoReport,
    /// A published data set.
    Dataset,
    /// Any other kind of document.
    Other,
}

const SOURCE_KINDS: &[(SourceKind, &str)] = &[
    (SourceKind::Unspecified, "unspecified"),
    (
        SourceKind::DepositaryNotification,
        "depositary-notification",
    ),
    (SourceKind::TreatyText, "treaty-text"),
    (SourceKind::OfficialGazette, "official-gazette"),
    (SourceKind::GovernmentStatement, "government-statement"),
    (SourceKind::ParliamentaryRecord, "parliamentary-record"),
    (SourceKind::NewsReport, "news-report"),
    (SourceKind::NgoReport, "ngo-report"),
    (SourceKind::Dataset, "dataset"),
    (SourceKind::Other, "other"),
];

impl SourceKind {
    /// The name of every kind of source, in format order.
    pub fn names() -> impl Iterator<Item = &'static str> {
        SOURCE_KINDS.iter().map(|(_, name)| *name)
    }
}

impl fmt::Display for SourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = SOURCE_KINDS
            .iter()
            .find(|(k, _)| k == self)
            .map(|(_, n)| *n)
            .unwrap_or("unspecified");
        f.write_str(name)
    }
}

impl FromStr for SourceKind {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        SOURCE_KINDS
            .iter()
            .find(|(_, n)| *n == text)
            .map(|(k, _)| *k)
            .ok_or_else(|| {
                let names: Vec<&str> = SOURCE_KINDS.iter().map(|(_, n)| *n).collect();
                format!(
                    "'{text}' is not a source kind; use one of {}",
                    names.join(", ")
                )
            })
    }
}

/// One source for a fact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    /// What kind of document the source is.
    pub kind: SourceKind,
    /// The source's title, by which a reader can find it; required, one line.
    pub title: String,
    /// Where the source is online: an `http` or `https` URL with a host. A citation needs this,
    /// a `reference`, or both.
    pub url: Option<String>,
    /// A document reference, e.g. `C.N.385.2025.TREATIES-XXVI.5`.
    pub reference: Option<String>,
    /// Who published the source, such as a ministry or a newspaper.
    pub publisher: Option<String>,
    /// The day the source was published; not after the recording day.
    pub published: Option<LegalDate>,
    /// The day the recorder consulted the source; not before `published`, nor after the
    /// recording day.
    pub retrieved: Option<LegalDate>,
    /// Where in the source: a page, article, paragraph.
    pub locator: Option<String>,
    /// Words quoted verbatim from the source.
    pub quote: Option<String>,
    /// The digest of an archived copy of the source.
    pub source: Option<Digest>,
}

/// The most citations one fact may carry.
pub const MAX_CITATIONS: usize = 16;

impl Citation {
    /// A citation with only a title; the rest is filled by the caller.
    pub fn titled(title: impl Into<String>) -> Self {
        Citation {
            kind: SourceKind::Unspecified,
            title: title.into(),
            url: None,
            reference: None,
            publisher: None,
            published: None,
            retrieved: None,
            locator: None,
            quote: None,
            source: None,
        }
    }

    /// Checks the citation on its own: limits, URL form, where-to-find, date order.
    pub fn check(&self) -> Result<(), FieldError> {
        field::line("citation title", &self.title, field::TITLE_MAX)?;
        if self.url.is_none() && self.reference.is_none() {
            return Err(FieldError::new(
                "citation",
                "needs a URL or a document reference saying where the source is",
            ));
        }
        if let Some(url) = &self.url {
            check_url(url)?;
        }
        field::optional_line("citation reference", &self.reference, field::NAME_MAX)?;
        field::optional_line("citation publisher", &self.publisher, field::NAME_MAX)?;
        field::optional_line("citation locator", &self.locator, field::NAME_MAX)?;
        if let Some(quote) = &self.quote {
            field::text("quote", quote, field::QUOTE_MAX)?;
        }
        if let (Some(published), Some(retrieved)) = (self.published, self.retrieved)
            && retrieved < published
        {
            return Err(FieldError::new(
                "citation retrieved date",
                format!("{retrieved} is before the publication date {published}"),
            ));
        }
        Ok(())
    }

    /// The dates on the citation, which may not lie after the recording day.
    pub fn dates(&self) -> impl Iterator<Item = (&'static str, LegalDate)> {
        [
            ("citation published date", self.published),
            ("citation retrieved date", self.retrieved),
        ]
        .into_iter()
        .filter_map(|(name, date)| date.map(|d| (name, d)))
    }
}

fn check_url(text: &str) -> Result<(), FieldError> {
    field::line("citation URL", text, field::URL_MAX)?;
    let parsed = url::Url::parse(text)
        .map_err(|e| FieldError::new("citation URL", format!("'{text}' is not a URL ({e})")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(FieldError::new(
            "citation URL",
            format!("'{text}' must start with http:// or https://"),
        ));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(FieldError::new(
            "citation URL",
            format!("'{text}' names no host"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cited(url: Option<&str>, reference: Option<&str>) -> Citation {
        Citation {
            url: url.map(String::from),
            reference: reference.map(String::from),
            ..Citation::titled("HRW")
        }
    }

    #[test]
    fn where_to_find_is_required() {
        assert!(
            cited(Some("https://www.hrw.org/news"), None)
                .check()
                .is_ok()
        );
        assert!(
            cited(None, Some("C.N.385.2025.TREATIES-XXVI.5"))
                .check()
                .is_ok()
        );
        assert!(
            cited(None, None)
                .check()
                .unwrap_err()
                .problem
                .contains("needs a URL")
        );
    }

    #[test]
    fn urls_are_http() {
        for bad in [
            "ftp://example.org/x",
            "not a url",
            "https://",
            "javascript:alert(1)",
            "www.hrw.org",
        ] {
            assert!(cited(Some(bad), None).check().is_err(), "{bad}");
        }
    }

    #[test]
    fn kinds_round_trip() {
        for (kind, name) in SOURCE_KINDS {
            assert_eq!(name.parse::<SourceKind>().unwrap(), *kind);
            assert_eq!(kind.to_string(), *name);
        }
        assert!("blog".parse::<SourceKind>().is_err());
    }
}
