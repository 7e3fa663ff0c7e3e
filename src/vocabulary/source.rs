//! Archived sources: documents kept inside the ledger, addressed by their BLAKE3 digest.
//!
//! A citation may name an archived document; its quote must then occur in the document's text
//! (compared with runs of white space folded to one space, letter case kept), so that what a
//! fact quotes can be checked against what the source says. Documents are UTF-8 text of at most
//! [`MAX_BYTES`]; a web page is archived as its text or HTML.

use crate::vocabulary::calendar::Instant;
use crate::vocabulary::digest::Digest;
use serde::{Deserialize, Serialize};

/// Context for the digest of an archived document.
pub const SOURCE_CONTEXT: &str = "pacta 2026-11-26 source v1";
/// The largest document the archive accepts.
pub const MAX_BYTES: usize = 16 << 20;

/// What the archive records about a document besides its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Description {
    /// The document's title, as the recorder gave it.
    pub title: Option<String>,
    /// Where the document was found online, as the recorder gave it.
    pub url: Option<String>,
    /// The document's length in bytes.
    pub bytes: u64,
    /// When the document was archived (transaction time).
    pub added_at: Instant,
    /// Who archived it, named as an entry's recorder is.
    pub added_by: String,
}

/// Why a document cannot be archived.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SourceError {
    /// The document is longer than [`MAX_BYTES`]; holds its length in bytes.
    #[error("the document is {0} bytes; the archive takes at most {MAX_BYTES}")]
    TooLarge(usize),
    /// The document has no bytes at all.
    #[error("the document is empty")]
    Empty,
    /// The document is not UTF-8, or holds a NUL byte: it looks binary.
    #[error(
        "the document is not UTF-8 text (it looks binary); archive its text instead, e.g. a PDF converted with pdftotext"
    )]
    Binary,
}

/// The digest an archived document is filed under and a citation names it by (context
/// [`SOURCE_CONTEXT`]).
pub fn digest(bytes: &[u8]) -> Digest {
    Digest::of(SOURCE_CONTEXT, bytes)
}

/// Checks that a document can be archived and returns its text.
pub fn text(bytes: &[u8]) -> Result<&str, SourceError> {
    if bytes.is_empty() {
        return Err(SourceError::Empty);
    }
    if bytes.len() > MAX_BYTES {
        return Err(SourceError::TooLarge(bytes.len()));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| SourceError::Binary)?;
    if text.contains('\0') {
        return Err(SourceError::Binary);
    }
    Ok(text)
}

/// Folds every run of white space to one space and trims the ends.
pub fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `quote` occurs in `document`, white space folded, case kept.
pub fn quotes(document: &str, quote: &str) -> bool {
    fold(document).contains(&fold(quote))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_match_across_line_breaks_but_not_case() {
        let doc = "Finland presented the instrument\n  of withdrawal on 10 July 2025.";
        assert!(quotes(doc, "instrument of withdrawal on 10 July 2025"));
        assert!(!quotes(doc, "Instrument of withdrawal"));
        assert!(!quotes(doc, "11 July 2025"));
    }

    #[test]
    fn binary_and_oversized_documents_are_refused() {
        assert_eq!(text(&[0xff, 0xfe, 0x00]), Err(SourceError::Binary));
        assert_eq!(text(b"a\0b"), Err(SourceError::Binary));
        assert_eq!(text(b""), Err(SourceError::Empty));
        assert!(matches!(
            text(&vec![b'a'; MAX_BYTES + 1]),
            Err(SourceError::TooLarge(_))
        ));
    }
}
