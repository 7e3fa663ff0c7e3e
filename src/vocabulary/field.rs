//! Limits on the free-text fields of a fact.
//!
//! Every text the ledger stores is bounded, so that one entry stays small and a table stays
//! readable, and single-line fields hold no control characters that could disguise a value in
//! a terminal.

/// A field that broke its limits, with what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct FieldError {
    /// The field's name as a recorder knows it, such as `citation URL` or `note`.
    pub field: &'static str,
    /// What is wrong with its value, such as `is empty`; shown after the field's name.
    pub problem: String,
}

impl FieldError {
    /// An error naming `field` and what is wrong with it.
    pub fn new(field: &'static str, problem: impl Into<String>) -> Self {
        Self {
            field,
            problem: problem.into(),
        }
    }
}

/// The longest title, in characters: a treaty's, a citation's or an archived document's.
pub const TITLE_MAX: usize = 500;
/// The longest short name, in characters: a depositary, a recorder, and a citation's reference,
/// publisher and locator.
pub const NAME_MAX: usize = 200;
/// The longest URL, in characters.
pub const URL_MAX: usize = 2_000;
/// The longest quote from a source, in characters.
pub const QUOTE_MAX: usize = 2_000;
/// The longest note on a fact, or reason for a retraction, in characters.
pub const NOTE_MAX: usize = 2_000;

/// A one-line field: non-empty after trimming, at most `max` characters, no control characters.
pub fn line(field: &'static str, value: &str, max: usize) -> Result<(), FieldError> {
    bounded(field, value, max)?;
    if value.chars().any(char::is_control) {
        return Err(FieldError::new(
            field,
            "must be one line without control characters",
        ));
    }
    Ok(())
}

/// A field that may span lines (a quote, a note): tabs and line breaks allowed.
pub fn text(field: &'static str, value: &str, max: usize) -> Result<(), FieldError> {
    bounded(field, value, max)?;
    if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(FieldError::new(field, "holds control characters"));
    }
    Ok(())
}

fn bounded(field: &'static str, value: &str, max: usize) -> Result<(), FieldError> {
    if value.trim().is_empty() {
        return Err(FieldError::new(field, "is empty"));
    }
    let count = value.chars().count();
    if count > max {
        return Err(FieldError::new(
            field,
            format!("is {count} characters long; the limit is {max}"),
        ));
    }
    Ok(())
}

/// Whether a terminal would act on `c` rather than show it: a control character other than a
/// line break or a tab, or a bidirectional control, which reorders the text around it (a
/// right-to-left override makes `txt.exe` read as `exe.txt`).
pub fn disguising(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` as a terminal may be given it: every [`disguising`] character written as its escape
/// (`\u{202e}`), so that what a value holds is what the reader sees.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    // Most text is printable ASCII: a scan of its bytes settles it.
    let plain = |b: &u8| (b' '..=b'~').contains(b) || *b == b'\n' || *b == b'\t';
    if text.as_bytes().iter().all(plain) || !text.chars().any(disguising) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if disguising(c) {
            shown.extend(c.escape_unicode());
        } else {
            shown.push(c);
        }
    }
    std::borrow::Cow::Owned(shown)
}

/// As [`line()`], for a field that may be absent: `None` always passes.
pub fn optional_line(
    field: &'static str,
    value: &Option<String>,
    max: usize,
) -> Result<(), FieldError> {
    value.as_deref().map_or(Ok(()), |v| line(field, v, max))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits() {
        assert!(line("title", "Ottawa", 10).is_ok());
        assert_eq!(line("title", "  ", 10).unwrap_err().problem, "is empty");
        assert!(
            line("title", &"x".repeat(11), 10)
                .unwrap_err()
                .problem
                .contains("limit is 10")
        );
        assert!(line("title", "a\nb", 10).is_err());
        assert!(text("quote", "a\nb", 10).is_ok());
        assert!(text("quote", "a\u{7}b", 10).is_err());
    }

    #[test]
    fn disguising_characters_are_shown_escaped_and_nothing_else_changes() {
        assert_eq!(visible("Ottawa\n\tconvention"), "Ottawa\n\tconvention");
        assert_eq!(visible("notice \u{202e}txt.exe"), "notice \\u{202e}txt.exe");
        assert_eq!(
            visible("a\u{1b}[2Jb\u{0}c\rd"),
            "a\\u{1b}[2Jb\\u{0}c\\u{d}d"
        );
        assert_eq!(
            visible("\u{2066}\u{200f}\u{61c}\u{85}"),
            "\\u{2066}\\u{200f}\\u{61c}\\u{85}"
        );
        assert!(matches!(
            visible("Финляндия"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
