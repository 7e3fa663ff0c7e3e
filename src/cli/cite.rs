//! The `--cite-*` flags shared by every command that records a fact, and their validation.
//!
//! A fact may have several citations: each `--cite-*` flag (and `--quote`) belongs to the
//! citation being described, and a flag that citation already has begins the next one
//! (`--cite-title A --cite-url U --cite-title B --cite-ref R` is two citations). So does a
//! `--cite-title` after a `--cite-source`, whose archived description gives that citation its
//! title: a citation of an archived source under a title of its own gives `--cite-title`
//! first. `--cite-file` adds the citations of a JSON file: a list of objects as in a JSON Lines
//! import line's `citations`.

use super::error::CliError;
use pacta::archive::import::Sources;
use pacta::archive::import::jsonl;
use pacta::archive::import::schema::CitationLine;
use pacta::ledger::Ledger;
use pacta::vocabulary::calendar::LegalDate;
use pacta::vocabulary::citation::Citation;
use pacta::vocabulary::digest::Digest;
use std::path::PathBuf;

/// The flags as clap sees them: every one may be repeated.
#[derive(Debug, Clone, Default, clap::Args)]
struct CiteFlags {
    /// Title of the source (a repeated --cite-* flag starts another citation).
    #[arg(long)]
    cite_title: Vec<String>,
    /// Where the source is online (http or https).
    #[arg(long)]
    cite_url: Vec<String>,
    /// A document reference, e.g. a depositary notification number.
    #[arg(long)]
    cite_ref: Vec<String>,
    /// Who published the source.
    #[arg(long)]
    cite_publisher: Vec<String>,
    /// When the source was published (YYYY-MM-DD).
    #[arg(long)]
    cite_published: Vec<String>,
    /// When the source was retrieved (YYYY-MM-DD).
    #[arg(long)]
    cite_retrieved: Vec<String>,
    /// Where in the source (page, article, paragraph).
    #[arg(long)]
    cite_locator: Vec<String>,
    /// What kind of source: depositary-notification, treaty-text, official-gazette,
    /// government-statement, parliamentary-record, news-report, ngo-report, dataset, other.
    #[arg(long)]
    cite_kind: Vec<String>,
    /// The digest of an archived copy of the source (its title and URL are taken from the
    /// archive when not given).
    #[arg(long)]
    cite_source: Vec<String>,
    /// Words quoted verbatim from the source.
    #[arg(long)]
    quote: Vec<String>,
    /// A JSON file with a list of citations, each an object with title, url, ref, publisher,
    /// published, retrieved, locator, kind, quote, source (see docs/IMPORT.md).
    #[arg(long, value_name = "FILE.json")]
    cite_file: Option<PathBuf>,
}

/// The flags of one citation, as typed.
#[derive(Debug, Clone, Default)]
pub struct CiteGroup {
    pub cite_title: Option<String>,
    pub cite_url: Option<String>,
    pub cite_ref: Option<String>,
    pub cite_publisher: Option<String>,
    pub cite_published: Option<String>,
    pub cite_retrieved: Option<String>,
    pub cite_locator: Option<String>,
    pub cite_kind: Option<String>,
    pub cite_source: Option<String>,
    pub quote: Option<String>,
}

/// The flag ids: the CSV import's citation columns (`cite_title` is `--cite-title`), whose
/// names the flags share.
fn ids() -> impl Iterator<Item = &'static str> {
    pacta::archive::import::COLUMNS
        .iter()
        .copied()
        .filter(|c| c.starts_with("cite_") || *c == "quote")
}

impl CiteGroup {
    /// Whether flag `id` begins the next citation rather than adding to this one.
    fn ends_before(&mut self, id: &str) -> bool {
        match id {
            "cite_title" if self.cite_source.is_some() => true,
            _ => self.slot(id).is_none_or(|slot| slot.is_some()),
        }
    }

    fn slot(&mut self, id: &str) -> Option<&mut Option<String>> {
        Some(match id {
            "cite_title" => &mut self.cite_title,
            "cite_url" => &mut self.cite_url,
            "cite_ref" => &mut self.cite_ref,
            "cite_publisher" => &mut self.cite_publisher,
            "cite_published" => &mut self.cite_published,
            "cite_retrieved" => &mut self.cite_retrieved,
            "cite_locator" => &mut self.cite_locator,
            "cite_kind" => &mut self.cite_kind,
            "cite_source" => &mut self.cite_source,
            "quote" => &mut self.quote,
            _ => return None,
        })
    }
}

/// The citations a command line describes: groups of flags, and a file.
#[derive(Debug, Clone, Default)]
pub struct CiteArgs {
    pub groups: Vec<CiteGroup>,
    pub file: Option<PathBuf>,
}

impl clap::FromArgMatches for CiteArgs {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        let mut given: Vec<(usize, &str, String)> = Vec::new();
        for id in ids() {
            let values = matches.get_many::<String>(id);
            let indices = matches.indices_of(id);
            if let (Some(values), Some(indices)) = (values, indices) {
                given.extend(indices.zip(values).map(|(i, v)| (i, id, v.clone())));
            }
        }
        given.sort_by_key(|(i, _, _)| *i);
        let mut groups: Vec<CiteGroup> = Vec::new();
        for (_, id, value) in given {
            if groups.last_mut().is_none_or(|g| g.ends_before(id)) {
                groups.push(CiteGroup::default());
            }
            if let Some(slot) = groups.last_mut().and_then(|g| g.slot(id)) {
                *slot = Some(value);
            }
        }
        Ok(CiteArgs {
            groups,
            file: matches.get_one::<PathBuf>("cite_file").cloned(),
        })
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        *self = CiteArgs::from_arg_matches(matches)?;
        Ok(())
    }
}

impl clap::Args for CiteArgs {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        CiteFlags::augment_args(cmd)
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        CiteFlags::augment_args_for_update(cmd)
    }
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

impl CiteGroup {
    /// The citation the flags describe; a named archived source in `ledger` gives the title and
    /// URL the flags do not.
    fn citation(&self, ledger: Option<&Ledger>) -> Result<Citation, CliError> {
        let source = match &self.cite_source {
            Some(hex) => Some(Digest::parse_hex(&hex.to_ascii_lowercase()).ok_or_else(|| {
                CliError::new(format!(
                    "--cite-source: '{hex}' is not a 64-digit hex digest"
                ))
            })?),
            None => None,
        };
        let (mut title, mut url) = (self.cite_title.clone(), self.cite_url.clone());
        if let (Some(digest), Some(ledger)) = (source, ledger)
            && (title.is_none() || url.is_none())
            && let Some(description) = ledger.source_description(&digest)?
        {
            title = title.or(description.title);
            url = url.or(description.url);
        }
        let title = title.ok_or_else(|| {
            CliError::new("invalid fact: citation title is missing")
                .hint("add --cite-title \"...\" naming the source")
        })?;
        let kind = match &self.cite_kind {
            Some(k) => k.parse().map_err(CliError::new)?,
            None => pacta::vocabulary::citation::SourceKind::Unspecified,
        };
        Ok(Citation {
            kind,
            title,
            url,
            reference: self.cite_ref.clone(),
            publisher: self.cite_publisher.clone(),
            published: optional_date("--cite-published", &self.cite_published)?,
            retrieved: optional_date("--cite-retrieved", &self.cite_retrieved)?,
            locator: self.cite_locator.clone(),
            quote: self.quote.clone(),
            source,
        })
    }

    /// Whether the group says anything but how to file the source (a group of only
    /// --cite-kind or --cite-locator is not a citation).
    fn is_citation(&self) -> bool {
        [
            &self.cite_title,
            &self.cite_url,
            &self.cite_ref,
            &self.cite_source,
            &self.quote,
        ]
        .iter()
        .any(|f| f.is_some())
    }
}

impl CiteArgs {
    /// The citations of a fact: those the flags describe, then those of --cite-file; none
    /// (which the ledger refuses) when no citation is given.
    pub fn citations(&self) -> Result<Vec<Citation>, CliError> {
        self.citations_in(None)
    }

    /// As [`CiteArgs::citations`], filling a citation's title and URL from the description of
    /// the archived source it names in `ledger`.
    pub fn citations_in(&self, ledger: Option<&Ledger>) -> Result<Vec<Citation>, CliError> {
        let mut out = Vec::new();
        for group in &self.groups {
            if group.is_citation() {
                out.push(group.citation(ledger)?);
            }
        }
        if let Some(path) = &self.file {
            out.extend(citation_file(path, ledger)?);
        }
        Ok(out)
    }
}

/// The citations of a `--cite-file`: a JSON list of citation objects.
fn citation_file(path: &PathBuf, ledger: Option<&Ledger>) -> Result<Vec<Citation>, CliError> {
    let name = path.display();
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::new(format!("cannot read {name}: {e}")))?;
    let lines: Vec<CitationLine> = serde_json::from_str(&text).map_err(|e| {
        CliError::new(format!("{name}: {e}"))
            .hint("--cite-file takes a JSON list of citation objects; see docs/IMPORT.md")
    })?;
    let mut sources = Sources::new(ledger);
    lines
        .iter()
        .enumerate()
        .map(|(i, c)| {
            jsonl::citation(c, &mut sources)
                .map_err(|e| CliError::new(format!("{name}: citation {}: {e}", i + 1)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Line {
        #[command(flatten)]
        cite: CiteArgs,
    }

    fn titles(args: &[&str]) -> Vec<(Option<String>, Option<String>, Option<String>)> {
        let line =
            Line::try_parse_from(std::iter::once("pacta").chain(args.iter().copied())).unwrap();
        line.cite
            .groups
            .into_iter()
            .map(|g| (g.cite_title, g.cite_url, g.cite_source))
            .collect()
    }

    #[test]
    fn every_citation_column_is_a_flag() {
        let mut group = CiteGroup::default();
        assert_eq!(ids().count(), 10);
        assert!(ids().all(|id| group.slot(id).is_some()));
    }

    #[test]
    fn a_repeated_flag_begins_the_next_citation() {
        let s = |v: &str| Some(v.to_string());
        assert_eq!(
            titles(&["--cite-title", "A", "--cite-url", "u", "--cite-title", "B"]),
            [(s("A"), s("u"), None), (s("B"), None, None)]
        );
        assert_eq!(
            titles(&["--cite-url", "u", "--cite-title", "A", "--cite-url", "v"]),
            [(s("A"), s("u"), None), (None, s("v"), None)]
        );
        // A title after an archived source begins the next citation; before it, it is the
        // source's own title.
        assert_eq!(
            titles(&["--cite-source", "d", "--cite-title", "A"]),
            [(None, None, s("d")), (s("A"), None, None)]
        );
        assert_eq!(
            titles(&["--cite-title", "A", "--cite-source", "d"]),
            [(s("A"), None, s("d"))]
        );
    }
}
