//! `pacta completions SHELL` and `pacta man`: shell completions and manual pages, generated from
//! the command-line definitions themselves so that they never fall behind.

use super::error::CliError;
use super::output;
use clap::CommandFactory;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  source <(pacta completions bash)\n  pacta completions zsh > ~/.zfunc/_pacta\n  pacta completions fish > ~/.config/fish/completions/pacta.fish"
)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pacta man | man -l -\n  pacta man --dir ~/.local/share/man/man1"
)]
pub struct ManArgs {
    /// Write a page for pacta and one for each subcommand (pacta.1, pacta-status.1, ...) into
    /// this directory instead of printing pacta's own page.
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
}

/// The environment and the exit codes, which the command-line definitions do not hold.
const MAN_SECTIONS: &str = r#".SH ENVIRONMENT
.TP
\fBPACTA_LEDGER\fR
The ledger directory, when \fB\-\-ledger\fR is not given (default: pacta.ledger).
.TP
\fBPACTA_RECORDER\fR
Who records facts, when \fB\-\-recorder\fR is not given (default: the login name).
.TP
\fBPACTA_NOW\fR
An RFC 3339 instant that fixes the clock, for reproducible runs.
.TP
\fBNO_COLOR\fR
When set and not empty, no colour is written.
.SH "EXIT STATUS"
.TP
\fB0\fR
Success.
.TP
\fB1\fR
An error: bad input, a refused fact, a missing ledger, a storage failure; nothing was written.
.TP
\fB2\fR
Usage: an unknown command or flag, a missing argument.
.TP
\fB3\fR
The ledger failed verification (or an entry could not be read), a proof bundle is invalid, or an export could not be restored.
"#;

pub fn completions(args: CompletionsArgs) -> Result<ExitCode, CliError> {
    // Generated into memory first: clap_complete panics when its writer fails, and a reader
    // that stops reading (`pacta completions bash | head`) is not an error.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut super::Cli::command(), "pacta", &mut script);
    let mut out = std::io::stdout().lock();
    out.write_all(&script)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn man(args: ManArgs) -> Result<ExitCode, CliError> {
    let command = super::Cli::command();
    if let Some(dir) = args.dir {
        let cannot = |e: std::io::Error| {
            CliError::new(format!(
                "cannot write manual pages to {}: {e}",
                dir.display()
            ))
        };
        std::fs::create_dir_all(&dir).map_err(cannot)?;
        clap_mangen::generate_to(command, &dir).map_err(cannot)?;
        output::note(format!("Wrote the manual pages to {}", dir.display()));
        return Ok(ExitCode::SUCCESS);
    }
    let command = command.long_about(
        "Records cited treaty facts (signatures, ratifications, accessions, withdrawals, entry \
         into force, corrections) in an append-only ledger hash-chained with BLAKE3, and derives \
         from it which states were bound on any date, and where each fact comes from.",
    );
    let mut page = Vec::new();
    clap_mangen::Man::new(command).render(&mut page)?;
    let page = String::from_utf8_lossy(&page);
    // The environment and exit codes go before the version, the page's last section.
    let at = page.find(".SH VERSION").unwrap_or(page.len());
    let text = format!("{}{MAN_SECTIONS}{}", &page[..at], &page[at..]);
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
