//! `pacta import FILE`: many facts from a CSV or JSON Lines file, checked against the ledger and
//! written in one durable append; `--dry-run` checks everything and writes nothing. Every
//! problem of the file is listed as `FILE:LINE[:COLUMN]: reason`.

use super::context::Context;
use super::error::CliError;
use super::output::{self, Format};
use super::progress::{self, Unit};
use pacta::archive::import::plan::Appended;
use pacta::archive::import::{self, CsvOptions, Input, Plan, Problems, Rows, Sources};
use pacta::chain::seal::Sealed;
use pacta::ledger::{Ledger, Recording};
use serde::Serialize;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pacta import data/ottawa/facts.csv\n  pacta -q import facts.csv"
)]
pub struct ImportArgs {
    /// A CSV file with a header row, or a JSON Lines file (`.jsonl`, `.ndjson`): see
    /// docs/IMPORT.md, and `pacta schema import` for the JSON Schema of a line.
    file: PathBuf,
    /// Check every row against the ledger and list every problem; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// The file's format; by default from its extension (CSV unless .jsonl or .ndjson).
    #[arg(long, value_enum)]
    input_format: Option<InputFormat>,
    /// The character between CSV cells, e.g. ';' for files from many European spreadsheets.
    #[arg(long, default_value = ",")]
    delimiter: char,
    /// A CSV column to skip rather than refuse (repeat for several).
    #[arg(long, value_name = "NAME")]
    ignore_column: Vec<String>,
    /// List every entry recorded, not only the summary.
    #[arg(long, short)]
    verbose: bool,
    /// How many problems to list before only counting them.
    #[arg(long, default_value_t = 50, value_name = "N")]
    max_problems: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum InputFormat {
    Csv,
    Jsonl,
}

pub fn run(args: ImportArgs, ctx: &Context) -> Result<ExitCode, CliError> {
    let started = ctx.stopwatch();
    let ledger = ctx.open_to_write()?;
    let recording = ctx.recording()?;
    let file = File::of(&args)?;
    let mut problems = Problems::new(args.max_problems.max(1));
    let rows = read(&ledger, &file, &mut problems)?;
    let read_in = started.elapsed();
    let bar = progress::phase("checking", rows.len() as u64, Unit::Items);
    let plan = import::plan(&ledger, &rows, &mut problems, &mut |n| bar.set_position(n))?;
    // A dry run, or a file with problems already, is checked through so that every problem is
    // listed at once.
    if args.dry_run || !problems.is_empty() {
        bar.set_message("against the treaties' rules");
        import::check(&ledger, &rows, &plan, &recording, &mut problems)?;
    }
    bar.finish_and_clear();
    if !problems.is_empty() {
        return Err(refusal(&ledger, &file.name, &problems, args.dry_run));
    }
    let tally = Tally::of(&rows, &plan);
    if args.dry_run {
        output::say(tally.dry_run(&file.name))?;
        return Ok(ExitCode::SUCCESS);
    }
    let checked_in = started.elapsed();
    let appended = write(&ledger, &rows, &plan, &recording, &file, args.max_problems)?;
    if args.verbose {
        let written_in = started.elapsed();
        output::note(format!(
            "read {} in {:.2} s, compared them with the ledger in {:.2} s, checked and appended {} in {:.2} s",
            output::count(rows.len() as u64, "fact", "facts"),
            read_in.as_secs_f64(),
            (checked_in - read_in).as_secs_f64(),
            output::count(appended.hashes.len() as u64, "entry", "entries"),
            (written_in - checked_in).as_secs_f64()
        ));
    }
    report(ctx, &args, &file, &rows, &plan, &appended, &tally, started)
}

/// The file to import and how to read it.
struct File {
    path: PathBuf,
    name: String,
    input: Input,
}

impl File {
    fn of(args: &ImportArgs) -> Result<File, CliError> {
        let delimiter = u8::try_from(args.delimiter)
            .ok()
            .filter(|d| d.is_ascii() && *d != b'"' && *d != b'\n' && *d != b'\r')
            .ok_or_else(|| {
                CliError::new(format!(
                    "--delimiter '{}' cannot separate CSV cells",
                    args.delimiter
                ))
                .hint("use one ASCII character other than a quote or a line break, e.g. ';'")
                .code(super::error::EXIT_USAGE)
            })?;
        let by_extension = match extension(&args.file).as_deref() {
            Some("jsonl" | "ndjson") => InputFormat::Jsonl,
            _ => InputFormat::Csv,
        };
        let input = match args.input_format.unwrap_or(by_extension) {
            InputFormat::Jsonl => Input::JsonLines,
            InputFormat::Csv => Input::Csv(CsvOptions {
                delimiter,
                ignored: args.ignore_column.clone(),
            }),
        };
        Ok(File {
            path: args.file.clone(),
            name: args.file.display().to_string(),
            input,
        })
    }
}

fn extension(path: &Path) -> Option<String> {
    Some(path.extension()?.to_str()?.to_ascii_lowercase())
}

/// Reads the whole file, with a progress bar over its bytes.
fn read(ledger: &Ledger, file: &File, problems: &mut Problems) -> Result<Rows, CliError> {
    let cannot = |e: std::io::Error| CliError::new(format!("cannot read {}: {e}", file.name));
    let handle = super::input::open(&file.path).map_err(cannot)?;
    let size = handle.metadata().map_err(cannot)?.len();
    let bar = progress::phase("reading", size, Unit::Bytes);
    let bounded = LineBound {
        inner: handle,
        since_newline: 0,
        read: 0,
    };
    let input = BufReader::with_capacity(1 << 16, bar.wrap_read(bounded));
    let mut sources = Sources::new(Some(ledger));
    let rows = import::read(input, &file.input, &mut sources, problems, &mut |n| {
        bar.set_message(output::count(n, "row", "rows"));
    })
    .map_err(cannot)?;
    bar.finish_and_clear();
    Ok(rows)
}

/// The longest line read (a fact with its quoted text is a few KiB): a file with a longer one,
/// such as `/dev/zero`, is refused there rather than read whole.
const LINE_LIMIT: u64 = 16 << 20;

/// A reader that fails once more than [`LINE_LIMIT`] bytes come without a newline.
struct LineBound<R> {
    inner: R,
    since_newline: u64,
    read: u64,
}

impl<R: std::io::Read> std::io::Read for LineBound<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.since_newline = match buf[..n].iter().rposition(|&b| b == b'\n') {
            Some(at) => (n - at - 1) as u64,
            None => self.since_newline + n as u64,
        };
        self.read += n as u64;
        if self.since_newline > LINE_LIMIT {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "a line longer than {} MiB, before byte {}: not a file of facts",
                    LINE_LIMIT >> 20,
                    self.read
                ),
            ));
        }
        Ok(n)
    }
}

/// Records the plan; on a refusal, lists every problem the ledger finds with the file.
fn write(
    ledger: &Ledger,
    rows: &Rows,
    plan: &Plan,
    recording: &Recording,
    file: &File,
    max_problems: usize,
) -> Result<Appended, CliError> {
    if plan.is_empty() {
        return Ok(Appended {
            first: ledger.head()?.entries + 1,
            hashes: Vec::new(),
        });
    }
    let bar = progress::phase("writing", plan.len() as u64, Unit::Items);
    let result = import::record(ledger, rows, plan, recording, &mut |n| {
        bar.set_position(n);
        if n == plan.len() as u64 {
            bar.set_message("checking the treaties' rules and committing");
        }
    });
    bar.finish_and_clear();
    let error = match result {
        Ok(appended) => return Ok(appended),
        Err(e) => e,
    };
    let Some(i) = error.fact() else {
        return Err(error.into());
    };
    let mut problems = Problems::new(max_problems.max(1));
    import::check(ledger, rows, plan, recording, &mut problems)?;
    if problems.is_empty() {
        let reason = CliError::from(error).message;
        problems.push(import::Place::line(plan.line_of(rows, i)), reason);
    }
    Err(refusal(ledger, &file.name, &problems, false))
}

/// Lists the problems on stderr and says what to do.
fn refusal(ledger: &Ledger, name: &str, problems: &Problems, dry_run: bool) -> CliError {
    for p in problems.kept() {
        output::diagnostic(format!("{name}:{p}"));
    }
    let more = problems.total() - problems.kept().len() as u64;
    if more > 0 {
        let noun = if more == 1 { "problem" } else { "problems" };
        output::diagnostic(format!("{name}: ... and {more} more {noun}"));
    }
    let remedies = &problems.remedies;
    let mut hints = Vec::new();
    if let Some(column) = remedies.unknown_columns.first() {
        hints.push(format!(
            "rename the column, or skip it with --ignore-column {column}"
        ));
    }
    for act in &remedies.unknown_acts {
        hints.push(format!("'{act}': {}", super::suggest::act_hint(act)));
    }
    if let Some(treaty) = remedies.unknown_treaties.first() {
        hints.push(super::suggest::treaty_hint(ledger, treaty));
    }
    if let Some(entry) = remedies.contradicted.first() {
        hints.push(format!(
            "if the recorded entry is wrong, retract it (`pacta retract {entry} --reason ... --cite-...`) and import again"
        ));
    }
    hints.push(if dry_run {
        "mend the rows listed above; this was a dry run: nothing was written".into()
    } else {
        "mend the rows listed above (`--dry-run` checks without writing); nothing was written"
            .into()
    });
    CliError::new(format!(
        "{} in {name}",
        output::count(problems.total(), "problem", "problems")
    ))
    .hint(hints.join("\nHint: "))
}

/// What an import does, counted.
struct Tally {
    facts: u64,
    citations: u64,
    added: u64,
    added_to: u64,
    present: u64,
    repeated: u64,
}

impl Tally {
    fn of(rows: &Rows, plan: &Plan) -> Tally {
        let citations = plan
            .new
            .iter()
            .map(|&n| rows.citation_lines(n).count() as u64)
            .sum();
        Tally {
            facts: plan.new.len() as u64,
            citations,
            added: plan
                .additions
                .iter()
                .map(|a| a.citations.len() as u64)
                .sum(),
            added_to: plan.additions.len() as u64,
            present: plan.present,
            repeated: rows.repeated,
        }
    }

    /// What is new: "812 facts (1,204 citations)", and the citations added to recorded facts.
    fn new_parts(&self) -> (String, Option<String>) {
        let facts = format!(
            "{} ({})",
            output::count(self.facts, "fact", "facts"),
            output::count(self.citations, "citation", "citations")
        );
        let added = (self.added > 0).then(|| {
            format!(
                "{} to {}",
                output::count(self.added, "citation", "citations"),
                output::count(self.added_to, "recorded fact", "recorded facts")
            )
        });
        (facts, added)
    }

    /// What is skipped: facts already recorded, repeated rows.
    fn skipped_parts(&self) -> Vec<String> {
        let mut parts = Vec::new();
        if self.present > 0 {
            parts.push(format!(
                "{} already recorded",
                output::count(self.present, "fact", "facts")
            ));
        }
        if self.repeated > 0 {
            parts.push(format!(
                "{} skipped",
                output::count(self.repeated, "repeated row", "repeated rows")
            ));
        }
        parts
    }

    fn nothing_new(&self) -> bool {
        self.facts == 0 && self.added == 0
    }

    fn dry_run(&self, name: &str) -> String {
        if self.nothing_new() {
            return format!(
                "{name}: no problems and nothing new: {} already recorded with every citation (dry run: nothing was written)",
                output::count(self.present, "fact is", "facts are")
            );
        }
        let (facts, added) = self.new_parts();
        let mut would = format!("importing it would record {facts}");
        if let Some(added) = added {
            would.push_str(&format!(" and add {added}"));
        }
        let skipped = self.skipped_parts();
        if !skipped.is_empty() {
            would.push_str(&format!("; {}", skipped.join(", ")));
        }
        format!("{name}: no problems; {would} (dry run: nothing was written)")
    }

    /// The one line a result is: what was recorded, without the time it took (which the JSON
    /// result carries), so that the same import always prints the same line.
    fn summary(&self, name: &str) -> String {
        if self.nothing_new() {
            return format!(
                "{name}: nothing new, {} already recorded with every citation",
                output::count(self.present, "fact is", "facts are")
            );
        }
        let mut parts = vec![format!(
            "{} recorded ({})",
            output::count(self.facts, "fact", "facts"),
            output::count(self.citations, "citation", "citations")
        )];
        if self.added > 0 {
            parts.push(format!(
                "{} added to {}",
                output::count(self.added, "citation", "citations"),
                output::count(self.added_to, "recorded fact", "recorded facts")
            ));
        }
        parts.extend(self.skipped_parts());
        format!("{name}: {}", parts.join(", "))
    }
}

/// One entry the import recorded.
#[derive(Serialize)]
struct Recorded {
    entry: u64,
    hash: String,
    event: String,
    /// The line of the file it comes from.
    line: u64,
}

#[derive(Serialize)]
struct Summary<'a> {
    file: &'a str,
    facts_recorded: u64,
    citations_recorded: u64,
    citations_added: u64,
    facts_given_citations: u64,
    facts_already_recorded: u64,
    repeated_rows: u64,
    seconds: f64,
    entries: Vec<Recorded>,
}

#[allow(clippy::too_many_arguments)]
fn report(
    ctx: &Context,
    args: &ImportArgs,
    file: &File,
    rows: &Rows,
    plan: &Plan,
    appended: &Appended,
    tally: &Tally,
    started: Instant,
) -> Result<ExitCode, CliError> {
    let seconds = started.elapsed().as_secs_f64();
    // Made one at a time, and only when listed.
    let entries = appended
        .hashes
        .iter()
        .enumerate()
        .map(|(i, hash)| Recorded {
            entry: appended.first + i as u64,
            hash: hash.hex(),
            event: plan
                .fact(rows, i)
                .map_or_else(String::new, |f| f.event.summary()),
            line: plan.line_of(rows, i),
        });
    match ctx.format {
        Format::Json => output::print_json(&Summary {
            file: &file.name,
            facts_recorded: tally.facts,
            citations_recorded: tally.citations,
            citations_added: tally.added,
            facts_given_citations: tally.added_to,
            facts_already_recorded: tally.present,
            repeated_rows: tally.repeated,
            seconds: (seconds * 1000.0).round() / 1000.0,
            entries: entries.collect(),
        })?,
        Format::Jsonl => {
            for e in entries {
                output::print_json_line(&e)?;
            }
            output::note(tally.summary(&file.name));
        }
        Format::Table | Format::Csv => {
            if args.verbose {
                for e in entries {
                    output::say(format!(
                        "Recorded entry {} ({}): {}",
                        e.entry,
                        &e.hash[..12],
                        e.event
                    ))?;
                }
            }
            output::say(tally.summary(&file.name))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Parses and records a CSV text held in memory (the bundled example data); errors name
/// `NAME:LINE`.
pub fn import_text(
    ledger: &Ledger,
    text: &str,
    name: &str,
    ctx: &Context,
) -> Result<Vec<Sealed>, CliError> {
    let refused = |problems: &Problems| refusal(ledger, name, problems, false);
    let facts = import::parse_csv(text).map_err(|p| refused(&p))?;
    Ok(ledger.record(&facts, &ctx.recording()?)?)
}
