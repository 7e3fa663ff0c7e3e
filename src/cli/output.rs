//! Everything the CLI writes: tables and JSON on stdout, messages on stderr, colour only for a
//! terminal and never under `NO_COLOR`. Text for people (tables, messages) shows every control
//! and bidirectional character escaped: a value from a file or the environment cannot move the
//! cursor, clear the screen or reverse what follows it. JSON and CSV carry values as they are.

use super::error::CliError;
use comfy_table::{Cell, ContentArrangement, Table, presets};
use pacta::vocabulary::field::visible;
use serde::Serialize;
use std::io::{BufWriter, IsTerminal, Stdout, Write};
use std::sync::{LazyLock, Mutex, MutexGuard};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
    /// One JSON object per line (for `import`'s list of recorded entries).
    Jsonl,
}

/// Standard output for the whole process, written in blocks rather than line by line: a
/// command that prints thousands of lines makes a few system calls instead of one a line.
/// `flush` empties it at exit, and every message on stderr empties it first, so that on a
/// terminal the two streams still read in the order they were written.
static STDOUT: LazyLock<Mutex<BufWriter<Stdout>>> =
    LazyLock::new(|| Mutex::new(BufWriter::with_capacity(64 << 10, std::io::stdout())));

/// The buffered standard output; every result goes through it.
pub fn stdout() -> MutexGuard<'static, BufWriter<Stdout>> {
    // A panic while writing cannot leave the buffer in a state worse than partly written.
    STDOUT
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Writes out what is buffered for standard output.
pub fn flush() -> std::io::Result<()> {
    stdout().flush()
}

/// A command's outcome once its output is written out: a failure to write (a full disk, a
/// closed pipe) becomes the outcome of a command that succeeded; after a failed command the
/// output written so far goes out before the error is reported, and a failure to write it
/// adds nothing to that error.
pub fn flushed<T>(outcome: Result<T, CliError>) -> Result<T, CliError> {
    match outcome {
        Ok(value) => flush().map(|()| value).map_err(CliError::from),
        Err(e) => {
            let _ = flush();
            Err(e)
        }
    }
}

/// Whether colour may be used on a stream.
pub fn colour(stream_is_terminal: bool) -> bool {
    stream_is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// A left-aligned table without borders, like `ls -l`: easy to read and to paste.
pub fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Disabled);
    t.set_header(header.iter().map(|h| Cell::new(h.to_uppercase())));
    t
}

/// Prints a table without the padding comfy-table puts at either end of each line.
pub fn print_table(t: &Table) -> std::io::Result<()> {
    let mut out = stdout();
    for line in t.lines() {
        let line = line.strip_prefix(' ').unwrap_or(&line);
        writeln!(out, "{}", visible(line.trim_end()))?;
    }
    Ok(())
}

/// The version of the JSON the commands write, in every object's `schema_version` field: it
/// changes only when a field is removed or changes meaning (new fields may appear meanwhile).
pub const SCHEMA_VERSION: u32 = 1;

/// An object of JSON output: `schema_version` first, then the object's own fields.
#[derive(Serialize)]
struct Versioned<'a, T: Serialize> {
    schema_version: u32,
    #[serde(flatten)]
    value: &'a T,
}

fn versioned<T: Serialize>(value: &T) -> Versioned<'_, T> {
    Versioned {
        schema_version: SCHEMA_VERSION,
        value,
    }
}

/// Pretty JSON of an object (a struct or map) with its `schema_version`, and a final newline;
/// stable because every struct fixes its field order.
pub fn print_json<T: Serialize>(value: &T) -> std::io::Result<()> {
    let mut out = stdout();
    serde_json::to_writer_pretty(&mut *out, &versioned(value))?;
    writeln!(out)
}

/// Pretty JSON of a list of objects, each with its `schema_version`.
pub fn print_json_list<T: Serialize>(items: &[T]) -> std::io::Result<()> {
    let items: Vec<Versioned<'_, T>> = items.iter().map(versioned).collect();
    let mut out = stdout();
    serde_json::to_writer_pretty(&mut *out, &items)?;
    writeln!(out)
}

/// Compact JSON of an object on one line, with its `schema_version`: a line of JSON Lines.
pub fn print_json_line<T: Serialize>(value: &T) -> std::io::Result<()> {
    let mut out = stdout();
    serde_json::to_writer(&mut *out, &versioned(value))?;
    writeln!(out)
}

/// A list of objects as JSON Lines: one object a line, each with its `schema_version`.
pub fn print_json_lines<T: Serialize>(items: &[T]) -> std::io::Result<()> {
    let mut out = stdout();
    for item in items {
        serde_json::to_writer(&mut *out, &versioned(item))?;
        writeln!(out)?;
    }
    Ok(())
}

/// A CSV table on stdout, header first; a closed pipe ends quietly like every other output.
pub fn print_csv(
    header: &[&str],
    rows: impl IntoIterator<Item = Vec<String>>,
) -> Result<(), CliError> {
    let fail = |e: csv::Error| match e.into_kind() {
        csv::ErrorKind::Io(io) => CliError::from(io),
        other => CliError::new(format!("writing CSV failed: {other:?}")),
    };
    let mut out = stdout();
    let mut w = csv::Writer::from_writer(&mut *out);
    w.write_record(header).map_err(fail)?;
    for row in rows {
        w.write_record(&row).map_err(fail)?;
    }
    Ok(w.flush()?)
}

/// A line on stdout.
pub fn say(text: impl std::fmt::Display) -> std::io::Result<()> {
    writeln!(stdout(), "{}", visible(&text.to_string()))
}

/// Whether `-q` asked for no messages.
static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Silences (or not) every message and progress bar from now on; errors are still reported.
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, std::sync::atomic::Ordering::Relaxed);
}

/// Whether messages are silenced.
pub fn quiet() -> bool {
    QUIET.load(std::sync::atomic::Ordering::Relaxed)
}

/// A progress note on stderr (never mixed into results); silent under `-q`.
pub fn note(text: impl std::fmt::Display) {
    if !quiet() {
        let _ = flush();
        let _ = writeln!(std::io::stderr().lock(), "{}", visible(&text.to_string()));
    }
}

/// A line of a diagnosis on stderr, such as one problem of a file: part of an error, so it is
/// written even under `-q`.
pub fn diagnostic(text: impl std::fmt::Display) {
    let _ = flush();
    let _ = writeln!(std::io::stderr().lock(), "{}", visible(&text.to_string()));
}

/// "1 fact", "2 facts", "1,250,000 facts": a count with its noun in the right number.
pub fn count(n: u64, singular: &str, plural: &str) -> String {
    let digits = n.to_string();
    let mut grouped = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(d);
    }
    format!("{grouped} {}", if n == 1 { singular } else { plural })
}

/// Writes an error as `Error:` and `Hint:` lines.
pub fn report(err: &super::error::CliError) {
    let coloured = colour(std::io::stderr().is_terminal());
    let (red, yellow, reset) = if coloured {
        ("\x1b[1;31m", "\x1b[33m", "\x1b[0m")
    } else {
        ("", "", "")
    };
    let mut e = std::io::stderr().lock();
    let _ = writeln!(e, "{red}Error:{reset} {}", visible(&err.message));
    if let Some(hint) = &err.hint {
        let _ = writeln!(e, "{yellow}Hint:{reset} {}", visible(hint));
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_are_grouped_and_in_the_right_number() {
        assert_eq!(super::count(1, "fact", "facts"), "1 fact");
        assert_eq!(super::count(0, "fact", "facts"), "0 facts");
        assert_eq!(super::count(999, "row", "rows"), "999 rows");
        assert_eq!(super::count(1_250_000, "row", "rows"), "1,250,000 rows");
    }
}
