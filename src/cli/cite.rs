//! The `--cite-*` flags shared by every command that records a fact, and their validation.

use super::error::CliError;
use pacta::vocabulary::calendar::LegalDate;
use pacta::vocabulary::citation::Citation;
use pacta::vocabulary::digest::Digest;

#[derive(Debug, Clone, Default, clap::Args)]
pub struct CiteArgs {
    /// Title of the source.
    #[arg(long)]
    pub cite_title: Option<String>,
    /// Where the source is online (http or https).
    #[arg(long)]
    pub cite_url: Option<String>,
    /// A document reference, e.g. a depositary notification number.
    #[arg(long)]
    pub cite_ref: Option<String>,
    /// Who published the source.
    #[arg(long)]
    pub cite_publisher: Option<String>,
    /// When the source was published (YYYY-MM-DD).
    #[arg(long)]
    pub cite_published: Option<String>,
    /// When the source was retrieved (YYYY-MM-DD).
    #[arg(long)]
    pub cite_retrieved: Option<String>,
    /// Where in the source (page, article, paragraph).
    #[arg(long)]
    pub cite_locator: Option<String>,
    /// What kind of source: depositary-notification, treaty-text, official-gazette,
    /// government-statement, parliamentary-record, news-report, ngo-report, dataset, other.
    #[arg(long)]
    pub cite_kind: Option<String>,
    /// The digest of an archived copy of the source.
    #[arg(long)]
    pub cite_source: Option<String>,
    /// Words quoted verbatim from the source.
    #[arg(long)]
    pub quote: Option<String>,
}

/// Parses an optional strict date, naming the flag on failure.
pub fn optional_date(flag: &str, value: &Option<String>) -> Result<Option<LegalDate>, CliError> {
    value.as_deref().map(|v| date(flag, v)).transpose()
}

pub fn date(flag: &str, value: &str) -> Result<LegalDate, CliError> {
    LegalDate::parse(value).map_err(|e| {
        CliError::new(format!("{flag}: {e}")).hint("dates are written YYYY-MM-DD, e.g. 2025-07-10")
    })
}

impl CiteArgs {
    /// The citation the flags describe; `None` when no citation flag was given at all.
    pub fn citation(&self) -> Result<Option<Citation>, CliError> {
        let given = [
            &self.cite_title,
            &self.cite_url,
            &self.cite_ref,
            &self.quote,
        ]
        .iter()
        .any(|f| f.is_some());
        if !given {
            return Ok(None);
        }
        let title = self.cite_title.clone().ok_or_else(|| {
            CliError::new("invalid fact: citation title is missing")
                .hint("add --cite-title \"...\" naming the source")
        })?;
        let kind = match &self.cite_kind {
            Some(k) => k.parse().map_err(CliError::new)?,
            None => pacta::vocabulary::citation::SourceKind::Unspecified,
        };
        let source = match &self.cite_source {
            Some(hex) => Some(Digest::parse_hex(&hex.to_ascii_lowercase()).ok_or_else(|| {
                CliError::new(format!(
                    "--cite-source: '{hex}' is not a 64-digit hex digest"
                ))
            })?),
            None => None,
        };
        Ok(Some(Citation {
            kind,
            title,
            url: self.cite_url.clone(),
            reference: self.cite_ref.clone(),
            publisher: self.cite_publisher.clone(),
            published: optional_date("--cite-published", &self.cite_published)?,
            retrieved: optional_date("--cite-retrieved", &self.cite_retrieved)?,
            locator: self.cite_locator.clone(),
            quote: self.quote.clone(),
            source,
        }))
    }

    /// The citations of a fact: the one the flags describe, or none (which the ledger refuses).
    pub fn citations(&self) -> Result<Vec<Citation>, CliError> {
        Ok(self.citation()?.into_iter().collect())
    }
}
