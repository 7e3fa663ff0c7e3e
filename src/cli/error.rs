//! Failures as users see them: `Error:` and `Hint:` lines and an exit code.

use pacta::ledger::LedgerError;
use pacta::store::StoreError;

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
            LedgerError::Invalid { ref error, .. } => {
                CliError::new(format!("invalid fact: {error}")).hint("nothing was written")
            }
            LedgerError::Refused { ref reason, .. } => {
                CliError::new(format!("refused: {reason}")).hint("nothing was written")
            }
            LedgerError::NotFound(what) => CliError::new(what),
        }
    }
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
            StoreError::Damaged { .. } => {
                Some("run `pacta verify`; restore from an export if needed")
            }
            StoreError::Io { .. } | StoreError::Sled { .. } => {
                Some("check the path, the permissions and the free disk space")
            }
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
