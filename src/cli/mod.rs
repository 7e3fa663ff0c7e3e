//! The command line: arguments, the environment, and one module per subcommand.
//!
//! Raw arguments (strings, as typed) are validated into library types here, so that a bad date
//! or state code is a refusal with exit code 1, not a usage error. This is the only place that
//! reads the clock, the environment and the terminal.

mod audit;
mod changes;
mod cite;
mod context;
mod corroborate;
mod demo;
mod destination;
mod diff;
mod error;
mod export;
mod generate;
mod import;
mod input;
mod log;
mod mirror;
mod output;
mod progress;
mod proofs;
mod publish;
mod record;
mod report;
mod reservations;
mod restore;
mod salvage;
mod schema;
mod series;
mod source;
mod state;
mod status;
mod suggest;
mod treaty;
mod verify;
mod when;
mod why;
mod witness;

use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use error::CliError;
use output::Format;
use std::path::PathBuf;
use std::process::ExitCode;

/// A verifiable treaty-membership ledger.
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
    /// Output format.
    #[arg(long, global = true, value_enum, default_value = "table")]
    format: Format,
    /// Who records the facts (default: $USER).
    #[arg(long, global = true, env = "PACTA_RECORDER")]
    recorder: Option<String>,
    /// Print no notes or progress on stderr; errors are still printed.
    #[arg(short, long, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create an empty ledger at --ledger.
    #[command(
        after_help = "Examples:\n  pacta init\n  pacta --ledger ~/treaties.ledger init\n  PACTA_LEDGER=~/treaties.ledger pacta init"
    )]
    Init,
    /// Register treaties and list them.
    #[command(subcommand)]
    #[command(
        after_help = "Examples:\n  pacta treaty add ottawa --rules ottawa --cite-title \"Convention text\" --cite-url https://zoek.officielebekendmakingen.nl/trb-1998-65.html\n  pacta treaty list\n  pacta treaty show ottawa"
    )]
    Treaty(treaty::TreatyCommand),
    /// Record one fact about a state (or a treaty's entry into force), with its citation.
    Record(record::RecordArgs),
    /// Withdraw an earlier entry from every projection, with the reason and a citation.
    Retract(record::RetractArgs),
    /// Add sources to a recorded fact: its entry gains the citations given.
    #[command(
        after_help = "Examples:\n  pacta cite 3 --cite-title \"Depositary notification C.N.385.2025\" --cite-url https://treaties.un.org/doc/Publication/CN/2025/CN.385.2025-Eng.pdf\n  pacta cite 3 --cite-file sources.json"
    )]
    Cite(corroborate::CiteCommandArgs),
    /// Record facts in bulk from a CSV or JSON Lines file, all or nothing (only what is new).
    Import(import::ImportArgs),
    /// Print the JSON Schema of a file format (`import`: a line of a JSON Lines import).
    #[command(
        subcommand,
        after_help = "Examples:\n  pacta schema import\n  pacta schema import > import.schema.json"
    )]
    Schema(schema::SchemaCommand),
    /// Every state's standing under a treaty on a day, with the counts.
    Status(status::StatusArgs),
    /// One state's timeline under a treaty, with the dates the rules derive.
    History(why::HistoryArgs),
    /// Who became bound, who ceased, and every status change between two days.
    Diff(diff::DiffArgs),
    /// One state's standing under every registered treaty on a day.
    State(state::StateArgs),
    /// Every change of status across treaties between two days (one state's, one treaty's).
    Changes(changes::ChangesArgs),
    /// A treaty's counts over time: in force, parties and signatories on each day asked for.
    Series(series::SeriesArgs),
    /// How a state's standing on a day follows from entries, rules and citations.
    Why(why::WhyArgs),
    /// A treaty's reservations, declarations, objections and territorial application, as a
    /// depositary lists them.
    Reservations(reservations::ReservationsArgs),
    /// List entries.
    Log(log::LogArgs),
    /// Show one entry by number or hash prefix.
    Show(log::ShowArgs),
    /// Everything about one entry: chain position, recorder, citations, retractions, what it supports.
    Audit(audit::AuditArgs),
    /// Archive source documents inside the ledger, addressed by their digest.
    #[command(subcommand)]
    #[command(
        after_help = "Examples:\n  pacta source add notice.txt --url https://example.org/notice --title \"Depositary notification\"\n  pacta source list\n  pacta source show DIGEST --text"
    )]
    Source(source::SourceCommand),
    /// Write every entry as JSON Lines, the ledger's archive format.
    Export(export::ExportArgs),
    /// Write every entry of a damaged ledger that still verifies, up to the first that does not, as an export for `restore`: exit 0 if all, 3 if it stopped early.
    Salvage(salvage::SalvageArgs),
    /// Recompute every hash, link, index, the Merkle tree and archived sources: exit 0 if intact, 3 if not.
    #[command(
        after_help = "Examples:\n  pacta verify\n  pacta --ledger copy.ledger verify --format json"
    )]
    Verify,
    /// Rebuild a ledger at --ledger from an export, verifying every line; all or nothing.
    Restore(restore::RestoreArgs),
    /// Bring a ledger of the earlier store layout (4) over to this one, checking every entry and
    /// document as a restore does; the old files are kept beside it as PATH.layout4.
    #[command(
        after_help = "Examples:\n  pacta migrate\n  pacta --ledger ~/treaties.ledger migrate --format json"
    )]
    Migrate,
    /// Write a checkpoint: the ledger's size, Merkle root and head, optionally signed.
    Checkpoint(proofs::CheckpointArgs),
    /// Manage signing keys.
    #[command(subcommand)]
    #[command(after_help = "Examples:\n  pacta key generate --name org.example --out key")]
    Key(proofs::KeyCommand),
    /// Write a proof bundle: an entry's inclusion, or that the ledger extends a checkpoint.
    Prove(proofs::ProveArgs),
    /// Check a proof bundle offline, without a ledger: exit 0 if valid, 3 if not.
    VerifyProof(proofs::VerifyProofArgs),
    /// Write the ledger as static files (C2SP tlog-tiles layout) that any web host can serve.
    Publish(publish::PublishArgs),
    /// Check a publication (directory or URL) offline: exit 0 if valid, 3 if not.
    VerifyPublished(publish::VerifyPublishedArgs),
    /// Create or update the ledger at --ledger from a publication; all or nothing, refusing forks.
    Mirror(mirror::MirrorArgs),
    /// Cosign checkpoints as a witness.
    #[command(subcommand)]
    #[command(
        after_help = "Examples:\n  pacta witness cosign cp.txt --key w1 --log-key keeper.pub --state w1.state > cp.w1.txt"
    )]
    Witness(witness::WitnessCommand),
    /// Write a treaty's membership as one self-contained HTML file: chart, table, sources, basis.
    Report(report::ReportArgs),
    /// Print shell completions: source them in bash, zsh, fish, elvish or PowerShell.
    Completions(generate::CompletionsArgs),
    /// Print pacta's manual page (roff), or write every page into a directory.
    Man(generate::ManArgs),
    /// Build an example ledger of the Ottawa Convention's real history and show it.
    Demo(demo::DemoArgs),
}

pub fn main() -> ExitCode {
    let parsed = command().try_get_matches().and_then(|matches| {
        let ledger_given = matches
            .value_source("ledger")
            .is_some_and(|s| s != ValueSource::DefaultValue);
        let name = matches.subcommand_name().unwrap_or_default().to_string();
        Cli::from_arg_matches(&matches).map(|cli| (cli, ledger_given, name))
    });
    let (cli, ledger_given, name) = match parsed {
        Ok(parsed) => parsed,
        Err(e) => {
            print_clap(&e);
            return ExitCode::from(if e.use_stderr() { error::EXIT_USAGE } else { 0 });
        }
    };
    let outcome = output::flushed(run(cli, ledger_given, &name));
    context::report_injected_fault();
    match outcome {
        Ok(code) => code,
        // A reader that stopped reading (`pacta log | head`) is not an error.
        Err(e) if e.broken_pipe => ExitCode::SUCCESS,
        Err(e) => {
            output::report(&e);
            ExitCode::from(e.code)
        }
    }
}

/// clap's usage error or help; an error quoting an argument that holds control characters is
/// printed with them escaped, as every message is.
fn print_clap(e: &clap::Error) {
    let text = e.render().to_string();
    if e.use_stderr() && pacta::vocabulary::field::visible(&text) != text {
        output::diagnostic(text.trim_end());
    } else {
        let _ = e.print();
    }
}

/// The options every command takes, described once in `pacta --help`.
const GLOBALS: [&str; 4] = ["ledger", "format", "recorder", "quiet"];

/// The command line as parsed: the global options are listed in `pacta --help` only, and each
/// command's help points there, instead of repeating them among its own options (and, when
/// PACTA_LEDGER or PACTA_RECORDER is set, in its usage line as if they were required).
fn command() -> clap::Command {
    let mut cmd = Cli::command();
    cmd.build();
    // In place: after the build, clap finds arguments by their position.
    cmd.mut_subcommands(hide_globals)
}

fn hide_globals(sub: clap::Command) -> clap::Command {
    let formats = formats(sub.get_name()).described();
    hide_globals_below(sub, &formats)
}

/// Hides the global options of `sub` and the commands below it, whose help notes `formats`.
fn hide_globals_below(sub: clap::Command, formats: &str) -> clap::Command {
    let sub = sub
        .mut_args(|a| {
            let global = GLOBALS.contains(&a.get_id().as_str());
            a.hide(global)
        })
        .mut_subcommands(|below| hide_globals_below(below, formats));
    let note = format!(
        "Global options: --ledger, --format ({formats}), --recorder, -q/--quiet (see `pacta --help`)"
    );
    let after = match sub.get_after_help() {
        Some(examples) => format!("{examples}\n\n{note}"),
        None => note,
    };
    sub.after_help(after)
}

/// What `--format` does for a command.
enum Formats {
    /// The formats it writes, `table` (its own text) first.
    Chosen(&'static [Format]),
    /// It always writes this format, whatever `--format` says: a file format of its own.
    Fixed(&'static str),
}

impl Formats {
    /// For the command's help: the formats it takes, or what it always writes.
    fn described(&self) -> String {
        match self {
            Formats::Chosen(formats) => {
                let names: Vec<String> = formats
                    .iter()
                    .map(|f| format!("{f:?}").to_lowercase())
                    .collect();
                format!("here {}", names.join(", "))
            }
            Formats::Fixed(what) => format!("not used here: this command writes {what}"),
        }
    }
}

/// The output formats of each command (by name; a group's commands share one entry), shown in
/// its help and enforced before it runs, so that the help never lists a format it refuses.
fn formats(command: &str) -> Formats {
    use Format::{Csv, Json, Jsonl, Table};
    match command {
        "status" | "history" | "diff" | "log" | "state" | "changes" | "series" => {
            Formats::Chosen(&[Table, Json, Csv, Jsonl])
        }
        "import" => Formats::Chosen(&[Table, Json, Jsonl]),
        "reservations" => Formats::Chosen(&[Table, Json, Csv, Jsonl]),
        "init" | "key" | "verify-proof" | "witness" | "report" | "completions" | "man" | "demo" => {
            Formats::Chosen(&[Table])
        }
        "schema" => Formats::Fixed("a JSON Schema"),
        "export" | "salvage" => Formats::Fixed("JSON Lines"),
        "prove" => Formats::Fixed("a JSON proof bundle"),
        _ => Formats::Chosen(&[Table, Json]),
    }
}

/// Refuses a format the command's help does not list.
fn check_format(name: &str, ctx: &context::Context) -> Result<(), CliError> {
    match formats(name) {
        Formats::Chosen(allowed) => ctx.require_format(allowed),
        Formats::Fixed(_) => Ok(()),
    }
}

/// Runs a parsed command (named `name`); `ledger_given` says whether --ledger or PACTA_LEDGER
/// named a ledger.
fn run(cli: Cli, ledger_given: bool, name: &str) -> Result<ExitCode, CliError> {
    output::set_quiet(cli.quiet);
    let ctx = context::Context::new(&cli)?;
    check_format(name, &ctx)?;
    match cli.command {
        Command::Init => {
            pacta::ledger::Ledger::init(&ctx.ledger_path)?;
            output::say(format!(
                "Created an empty ledger at {}",
                ctx.ledger_path.display()
            ))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Treaty(cmd) => treaty::run(cmd, &ctx),
        Command::Record(args) => record::record(args, &ctx),
        Command::Retract(args) => record::retract(args, &ctx),
        Command::Cite(args) => corroborate::run(args, &ctx),
        Command::Import(args) => import::run(args, &ctx),
        Command::Schema(cmd) => schema::run(cmd),
        Command::Status(args) => status::run(args, &ctx),
        Command::History(args) => why::history(args, &ctx),
        Command::Diff(args) => diff::run(args, &ctx),
        Command::State(args) => state::run(args, &ctx),
        Command::Changes(args) => changes::run(args, &ctx),
        Command::Series(args) => series::run(args, &ctx),
        Command::Why(args) => why::why(args, &ctx),
        Command::Reservations(args) => reservations::run(args, &ctx),
        Command::Log(args) => log::log(args, &ctx),
        Command::Show(args) => log::show(args, &ctx),
        Command::Audit(args) => audit::run(args, &ctx),
        Command::Source(cmd) => source::run(cmd, &ctx),
        Command::Export(args) => export::run(args, &ctx),
        Command::Salvage(args) => salvage::run(args, &ctx),
        Command::Verify => verify::run(&ctx),
        Command::Restore(args) => restore::run(args, &ctx),
        Command::Migrate => restore::migrate(&ctx),
        Command::Checkpoint(args) => proofs::checkpoint(args, &ctx),
        Command::Key(cmd) => proofs::key(cmd),
        Command::Prove(args) => proofs::prove(args, &ctx),
        Command::VerifyProof(args) => proofs::verify_proof(args),
        Command::Publish(args) => publish::publish(args, &ctx),
        Command::VerifyPublished(args) => publish::verify_published(args, &ctx),
        Command::Mirror(args) => mirror::run(args, &ctx),
        Command::Witness(cmd) => witness::run(cmd, &ctx),
        Command::Report(args) => report::run(args, &ctx),
        Command::Completions(args) => generate::completions(args),
        Command::Man(args) => generate::man(args),
        Command::Demo(args) => {
            demo::run(args, &ctx.recording_as_default("pacta demo"), ledger_given)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every argument of every command, with the path of commands that leads to it.
    fn arguments(cmd: &clap::Command, path: &str, out: &mut Vec<(String, clap::Arg)>) {
        for a in cmd.get_arguments() {
            out.push((path.to_string(), a.clone()));
        }
        for sub in cmd.get_subcommands() {
            arguments(sub, &format!("{path} {}", sub.get_name()), out);
        }
    }

    #[test]
    fn every_command_and_argument_says_what_it_is_for() {
        let cmd = command();
        let mut all = Vec::new();
        arguments(&cmd, "pacta", &mut all);
        let silent: Vec<String> = all
            .iter()
            .filter(|(_, a)| a.get_help().is_none_or(|h| h.to_string().trim().is_empty()))
            .map(|(path, a)| format!("{path} {}", a.get_id()))
            .collect();
        assert!(silent.is_empty(), "undocumented: {silent:?}");
        let unexplained: Vec<&str> = cmd
            .get_subcommands()
            .filter(|s| s.get_about().is_none())
            .map(|s| s.get_name())
            .collect();
        assert!(unexplained.is_empty(), "{unexplained:?}");
    }

    #[test]
    fn global_options_are_listed_once_at_the_top_and_hidden_below() {
        let cmd = command();
        for id in GLOBALS {
            let top = cmd.get_arguments().find(|a| a.get_id() == id).unwrap();
            assert!(!top.is_hide_set(), "{id} at the top");
        }
        for sub in cmd.get_subcommands() {
            for a in sub.get_arguments() {
                let global = GLOBALS.contains(&a.get_id().as_str());
                assert_eq!(a.is_hide_set(), global, "{} {}", sub.get_name(), a.get_id());
            }
            let after = sub
                .get_after_help()
                .map(|h| h.to_string())
                .unwrap_or_default();
            assert!(after.contains("Global options:"), "{}", sub.get_name());
        }
    }

    /// The words of a shell line, honouring double quotes (enough for the examples).
    fn words(line: &str) -> Vec<String> {
        let mut out = Vec::new();
        let (mut word, mut quoted, mut any) = (String::new(), false, false);
        for c in line.chars() {
            match c {
                '"' => (quoted, any) = (!quoted, true),
                ' ' if !quoted => {
                    if any {
                        out.push(std::mem::take(&mut word));
                    }
                    any = false;
                }
                _ => (word, any) = (word + &c.to_string(), true),
            }
        }
        if any {
            out.push(word);
        }
        out
    }

    /// The pacta invocation in an example line: after any `VAR=value` or `source <(`, before
    /// any redirection or pipe.
    fn invocation(line: &str) -> Option<String> {
        let start = line.find("pacta ")?;
        let rest = &line[start..];
        let end = [" | ", " > ", " < ", ")"]
            .iter()
            .filter_map(|cut| rest.find(cut))
            .min()
            .unwrap_or(rest.len());
        Some(rest[..end].to_string())
    }

    /// Checks the examples of `cmd` (reached by `path`) and of every command below it.
    fn check_examples(cmd: &clap::Command, path: &[&str], problems: &mut Vec<String>) {
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            let mut path = path.to_vec();
            path.push(sub.get_name());
            let after = sub
                .get_after_help()
                .map(|h| h.to_string())
                .unwrap_or_default();
            let Some((_, examples)) = after.split_once("Examples:\n") else {
                problems.push(format!("{}: no examples", path.join(" ")));
                continue;
            };
            let lines: Vec<&str> = examples.lines().take_while(|l| !l.is_empty()).collect();
            for line in &lines {
                let Some(call) = invocation(line) else {
                    problems.push(format!("{line}: no pacta in it"));
                    continue;
                };
                match command().try_get_matches_from(words(&call)) {
                    Err(e) => problems.push(format!("{call}: {e}")),
                    Ok(m) => {
                        let mut reached = vec!["pacta"];
                        let mut at = &m;
                        while let Some((name, below)) = at.subcommand() {
                            reached.push(name);
                            at = below;
                        }
                        // A group's examples may show its commands.
                        if !reached.starts_with(&path) {
                            problems.push(format!("{call}: an example of {}", reached.join(" ")));
                        }
                    }
                }
            }
            check_examples(sub, &path, problems);
        }
    }

    #[test]
    fn every_command_has_examples_and_they_parse() {
        let mut problems = Vec::new();
        check_examples(&command(), &["pacta"], &mut problems);
        assert!(problems.is_empty(), "{problems:#?}");
        assert_eq!(
            words(r#"pacta a "b c" d"#),
            ["pacta", "a", "b c", "d"].map(String::from)
        );
        assert_eq!(
            invocation("source <(pacta completions bash)").as_deref(),
            Some("pacta completions bash")
        );
    }

    #[test]
    fn every_command_s_help_says_which_formats_it_writes() {
        for sub in command().get_subcommands() {
            let after = sub.get_after_help().unwrap().to_string();
            let said = formats(sub.get_name()).described();
            assert!(after.contains(&said), "{}: {after}", sub.get_name());
            for below in sub.get_subcommands() {
                let after = below.get_after_help().unwrap().to_string();
                assert!(
                    after.contains(&said),
                    "{} {}",
                    sub.get_name(),
                    below.get_name()
                );
            }
        }
    }

    #[test]
    fn the_definitions_are_consistent() {
        command().debug_assert();
    }
}
