//! Failures as users see them: `Error:` and `Hint:` lines and an exit code.

use pacta::ledger::StoreError;
use pacta::ledger::{LedgerError, NotFound, Refusal};

/// Documented exit codes (README, "Exit codes").
pub const EXIT_ERROR: u8 = 1;
pub const EXIT_USAGE: u8 = 2;
pub const EXIT_VERIFY: u8 = 3;

#[derive(Debug)]
pub struct CliError {
    pub message: String,
    pub hint: Option<String>,
    pub code: u8,
    /// The reader of our output went away: end quietly.
    pub broken_pipe: bool,
}

impl CliError {
    pub fn new(message: impl Into<String>) -> Self {
        CliError {
            message: message.into(),
            hint: None,
            code: EXIT_ERROR,
            broken_pipe: false,
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn code(mut self, code: u8) -> Self {
        self.code = code;
        self
    }
}

impl From<LedgerError> for CliError {
    fn from(e: LedgerError) -> Self {
        match e {
            LedgerError::Store(store) => store.into(),
            LedgerError::Damaged { .. } => CliError::new(e.to_string())
                .hint("run `pacta verify` to see what is damaged; restore from an export if needed")
                .code(EXIT_VERIFY),
            LedgerError::NotExtended(_) => CliError::new(e.to_string())
                .hint("check that the checkpoint is of this ledger; a copy that does not extend it was rewritten")
                .code(EXIT_VERIFY),
            LedgerError::Invalid { ref error, .. } => {
                let hint = match flag_of(error.field) {
                    Some(flag) => format!("see {flag}; nothing was written"),
                    None => "nothing was written".into(),
                };
                CliError::new(format!("invalid fact: {error}")).hint(hint)
            }
            LedgerError::Refused { ref refusal, .. } => {
                CliError::new(format!("refused: {refusal}")).hint(refusal_hint(refusal))
            }
            LedgerError::NotFound(ref missing) => {
                let err = CliError::new(e.to_string());
                match not_found_hint(missing) {
                    Some(hint) => err.hint(hint),
                    None => err,
                }
            }
        }
    }
}

/// What to do about a refused fact; nothing was written in any case.
fn refusal_hint(refusal: &Refusal) -> String {
    match refusal {
        Refusal::UnknownTreaty(_) => {
            "`pacta treaty list` shows the registered treaties; nothing was written".into()
        }
        Refusal::SourceNotArchived(_) => {
            "archive it first with `pacta source add FILE`; nothing was written".into()
        }
        Refusal::QuoteMissing(_) => {
            "give --quote with words of the document, to be checked against it; nothing was written"
                .into()
        }
        Refusal::ClockBehind { last, .. } => format!(
            "nothing was written. If this clock is wrong, correct it (or PACTA_NOW). If the last \
             entry's time is what is wrong (recorded under a clock set ahead), record at it or \
             after: PACTA_NOW={last} PACTA_ALLOW_FUTURE=1, with the facts' own dates unchanged"
        ),
        Refusal::Conflict(_) => "nothing was written".into(),
    }
}

fn not_found_hint(missing: &NotFound) -> Option<&'static str> {
    match missing {
        NotFound::Treaty { .. } => Some("`pacta treaty list` shows the registered treaties"),
        NotFound::BeyondHead { .. } => {
            Some("--as-of takes an entry number up to the ledger's size, or a time")
        }
        NotFound::AmbiguousHash { .. } => Some("give more digits of the hash"),
        NotFound::AmbiguousReference { .. } => {
            Some("`pacta log` lists each entry's number and hash")
        }
        NotFound::Entry(_) => Some(
            "`pacta log` lists the entries; a hash prefix of fewer than 8 digits alone is written h:DIGITS",
        ),
        NotFound::NoHash(_) | NotFound::BadReference(_) => Some("`pacta log` lists the entries"),
        NotFound::NotInTree { .. } | NotFound::Empty => None,
    }
}

/// The command-line flag that sets a fact's field, for a hint.
fn flag_of(field: &str) -> Option<&'static str> {
    Some(match field {
        "state" => "--state",
        "effective date" => "--effective",
        "citation" => "--cite-title with --cite-url or --cite-ref",
        "citation title" => "--cite-title",
        "citation URL" => "--cite-url",
        "eif instruments" => "--eif-instruments",
        "delay" => "--eif-delay, --later-delay and --withdrawal-delay",
        "note" => "--note",
        "quote" => "--quote",
        _ => return None,
    })
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> Self {
        let hint = match &e {
            StoreError::Missing(_) => Some(
                "create one with `pacta init`, or point --ledger / PACTA_LEDGER at an existing ledger",
            ),
            StoreError::Exists(_) => {
                Some("choose another --ledger path, or use the ledger that is there")
            }
            StoreError::InUse(_) => {
                Some("wait for the other pacta command to finish, then try again")
            }
            StoreError::Moved { .. } => {
                Some("another command appended meanwhile; run this one again")
            }
            StoreError::Damaged { .. } => Some(
                "restore the ledger from its last export (pacta restore FILE); `pacta verify` says what else is damaged",
            ),
            StoreError::Io { .. } => {
                Some("check the path, the permissions and the free disk space")
            }
            StoreError::OtherLayout { .. } => {
                Some("bring it over with `pacta migrate` (the old files are kept beside it)")
            }
            StoreError::ReadOnly(_) => None,
        };
        let code = if matches!(e, StoreError::Damaged { .. }) {
            EXIT_VERIFY
        } else {
            EXIT_ERROR
        };
        let mut err = CliError::new(e.to_string()).code(code);
        err.hint = hint.map(String::from);
        err
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        let mut err = CliError::new(format!("input/output failed: {e}"));
        err.broken_pipe = e.kind() == std::io::ErrorKind::BrokenPipe;
        err
    }
}
