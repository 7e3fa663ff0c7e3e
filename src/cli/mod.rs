//! The command line: arguments, the environment, and one module per subcommand.
//!
//! Raw arguments (strings, as typed) are validated into library types here, so that a bad date
//! or state code is a refusal with exit code 1, not a usage error. This is the only place that
//! reads the clock, the environment and the terminal.

mod audit;
mod changes;
mod cite;
mod context;
mod demo;
mod diff;
mod error;
mod export;
mod import;
mod log;
mod output;
mod proofs;
mod record;
mod reservations;
mod restore;
mod series;
mod source;
mod state;
mod status;
mod treaty;
mod verify;
mod when;
mod why;

use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use error::CliError;
use output::Format;
use std::path::PathBuf;
use std::process::ExitCode;

/// pacta: a verifiable treaty-membership ledger.
///
/// Records cited treaty facts in an append-only, hash-chained ledger and derives membership on
/// any date from them.
#[derive(Debug, Parser)]
#[command(name = "pacta", version, about, long_about = None)]
pub struct Cli {
    /// The ledger directory.
    #[arg(
        long,
        global = true,
        env = "PACTA_LEDGER",
        default_value = "pacta.ledger"
    )]
    ledger: PathBuf,
    /// Output format: table, or json (each object with a schema_version) for every command;
    /// csv for those whose result is a table (status, history, diff, log, state, changes,
    /// series, reservations, treaty list). A command refuses a format it does not write.
    #[arg(long, global = true, value_enum, default_value = "table")]
    format: Format,
    /// Who records the facts (default: $USER).
    #[arg(long, global = true, env = "PACTA_RECORDER")]
    recorder: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create an empty ledger at --ledger.
    Init,
    /// Register treaties and list them.
    #[command(subcommand)]
    Treaty(treaty::TreatyCommand),
    /// Record one fact about a state (or a treaty's entry into force), with its citation.
    Record(Box<record::RecordArgs>),
    /// Withdraw an earlier entry from every projection, with the reason and a citation.
    Retract(record::RetractArgs),
    /// Record facts in bulk from a CSV file, all or nothing.
    Import(import::ImportArgs),
    /// Every state's standing under a treaty on a day, with the counts.
    Status(status::StatusArgs),
    /// One state's timeline under a treaty, with the dates the rules derive.
    History(why::HistoryArgs),
    /// Who became bound, who ceased, and every status change between two days.
    Diff(diff::DiffArgs),
    /// One state's standing under every registered treaty on a day.
    State(state::StateArgs),
    /// Every change of status across treaties between two days (of one state, or one treaty).
    Changes(changes::ChangesArgs),
    /// A treaty's counts (in force, parties, signatories) over time, for charts.
    Series(series::SeriesArgs),
    /// A treaty's reservations, declarations, objections and territorial applications.
    Reservations(reservations::ReservationsArgs),
    /// How a state's standing on a day follows from entries, rules and citations.
    Why(why::WhyArgs),
    /// List entries.
    Log(log::LogArgs),
    /// Show one entry by number or hash prefix.
    Show(log::ShowArgs),
    /// Everything about one entry: chain position, recorder, citations, retractions, what it supports.
    Audit(audit::AuditArgs),
    /// Archive source documents inside the ledger, addressed by their digest.
    #[command(subcommand)]
    Source(source::SourceCommand),
    /// Write every entry as JSON Lines, the ledger's archive format.
    Export(export::ExportArgs),
    /// Recompute every hash, link, index, the Merkle tree and archived sources: exit 0 if intact, 3 if not.
    Verify,
    /// Rebuild a ledger at --ledger from an export, verifying every line; all or nothing.
    Restore(restore::RestoreArgs),
    /// Write a checkpoint: the ledger's size, Merkle root and head, optionally signed.
    Checkpoint(proofs::CheckpointArgs),
    /// Manage signing keys.
    #[command(subcommand)]
    Key(proofs::KeyCommand),
    /// Write a proof bundle: an entry's inclusion, or that the ledger extends a checkpoint.
    Prove(proofs::ProveArgs),
    /// Check a proof bundle offline, without a ledger: exit 0 if valid, 3 if not.
    VerifyProof(proofs::VerifyProofArgs),
    /// Build an example ledger of real treaty histories (Ottawa, ATT, TPNW) and show it.
    Demo,
}

/// The formats a command writes. One exhaustive table, so that no command silently prints
/// text for a format its help lists.
fn formats(command: &Command) -> &'static [Format] {
    const ALL: &[Format] = &[Format::Table, Format::Json, Format::Csv];
    const NOT_CSV: &[Format] = &[Format::Table, Format::Json];
    match command {
        Command::Status(_)
        | Command::History(_)
        | Command::Diff(_)
        | Command::Log(_)
        | Command::State(_)
        | Command::Changes(_)
        | Command::Series(_)
        | Command::Reservations(_)
        | Command::Treaty(treaty::TreatyCommand::List) => ALL,
        Command::Init
        | Command::Treaty(_)
        | Command::Record(_)
        | Command::Retract(_)
        | Command::Import(_)
        | Command::Why(_)
        | Command::Show(_)
        | Command::Audit(_)
        | Command::Source(_)
        | Command::Export(_)
        | Command::Verify
        | Command::Restore(_)
        | Command::Checkpoint(_)
        | Command::Key(_)
        | Command::Prove(_)
        | Command::VerifyProof(_) => NOT_CSV,
        Command::Demo => &[Format::Table],
    }
}

pub fn main() -> ExitCode {
    let parsed = Cli::command().try_get_matches().and_then(|matches| {
        let ledger_given = matches
            .value_source("ledger")
            .is_some_and(|s| s != ValueSource::DefaultValue);
        Cli::from_arg_matches(&matches).map(|cli| (cli, ledger_given))
    });
    let (cli, ledger_given) = match parsed {
        Ok(parsed) => parsed,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { error::EXIT_USAGE } else { 0 });
        }
    };
    match run(cli, ledger_given) {
        Ok(code) => code,
        // A reader that stopped reading (`pacta log | head`) is not an error.
        Err(e) if e.broken_pipe => ExitCode::SUCCESS,
        Err(e) => {
            output::report(&e);
            ExitCode::from(e.code)
        }
    }
}

/// Runs a parsed command; `ledger_given` says whether --ledger or PACTA_LEDGER named a ledger.
fn run(cli: Cli, ledger_given: bool) -> Result<ExitCode, CliError> {
    let ctx = context::Context::new(&cli)?;
    ctx.require_format(formats(&cli.command))?;
    match cli.command {
        Command::Init => {
            pacta::ledger::Ledger::init(&ctx.ledger_path)?;
            let path = ctx.ledger_path.display().to_string();
            if ctx.format == Format::Json {
                output::print_versioned(&serde_json::json!({ "created": path }))?;
            } else {
                output::say(format!("Created an empty ledger at {path}"))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Treaty(cmd) => treaty::run(cmd, &ctx),
        Command::Record(args) => record::record(*args, &ctx),
        Command::Retract(args) => record::retract(args, &ctx),
        Command::Import(args) => import::run(args, &ctx),
        Command::Status(args) => status::run(args, &ctx),
        Command::History(args) => why::history(args, &ctx),
        Command::Diff(args) => diff::run(args, &ctx),
        Command::State(args) => state::run(args, &ctx),
        Command::Changes(args) => changes::run(args, &ctx),
        Command::Series(args) => series::run(args, &ctx),
        Command::Reservations(args) => reservations::run(args, &ctx),
        Command::Why(args) => why::why(args, &ctx),
        Command::Log(args) => log::log(args, &ctx),
        Command::Show(args) => log::show(args, &ctx),
        Command::Audit(args) => audit::run(args, &ctx),
        Command::Source(cmd) => source::run(cmd, &ctx),
        Command::Export(args) => export::run(args, &ctx),
        Command::Verify => verify::run(&ctx),
        Command::Restore(args) => restore::run(args, &ctx),
        Command::Checkpoint(args) => proofs::checkpoint(args, &ctx),
        Command::Key(cmd) => proofs::key(cmd, &ctx),
        Command::Prove(args) => proofs::prove(args, &ctx),
        Command::VerifyProof(args) => proofs::verify_proof(args, &ctx),
        Command::Demo => demo::run(&ctx.recording_as_default("pacta demo"), ledger_given),
    }
}
