//! Everything the CLI writes: tables and JSON on stdout, messages on stderr, colour only for a
//! terminal and never under `NO_COLOR`.

use super::error::CliError;
use comfy_table::{Cell, ContentArrangement, Table, presets};
use serde::Serialize;
use std::io::{IsTerminal, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

/// The version of the JSON every command prints: raised when a field changes meaning or goes
/// away (fields are only ever added within a version).
pub const SCHEMA_VERSION: u32 = 1;

/// A result with its `schema_version` first, then its own fields in their order.
#[derive(Serialize)]
struct Versioned<'a, T: Serialize> {
    schema_version: u32,
    #[serde(flatten)]
    value: &'a T,
}

/// A JSON result (an object) with its `schema_version` first.
pub fn print_versioned<T: Serialize>(value: &T) -> std::io::Result<()> {
    print_json(&Versioned {
        schema_version: SCHEMA_VERSION,
        value,
    })
}

/// A JSON list of results (objects), each with its `schema_version`: a list has no field of
/// its own, and scripts reading the list as it always was keep working.
pub fn print_versioned_list<T: Serialize>(rows: &[T]) -> std::io::Result<()> {
    let rows: Vec<Versioned<'_, T>> = rows
        .iter()
        .map(|value| Versioned {
            schema_version: SCHEMA_VERSION,
            value,
        })
        .collect();
    print_json(&rows)
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
    let mut out = std::io::stdout().lock();
    for line in t.lines() {
        let line = line.strip_prefix(' ').unwrap_or(&line);
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// Pretty JSON with a final newline; stable because every struct fixes its field order.
pub fn print_json<T: Serialize>(value: &T) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)
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
    let mut w = csv::Writer::from_writer(std::io::stdout().lock());
    w.write_record(header).map_err(fail)?;
    for row in rows {
        w.write_record(&row).map_err(fail)?;
    }
    Ok(w.flush()?)
}

/// A line on stdout.
pub fn say(text: impl std::fmt::Display) -> std::io::Result<()> {
    writeln!(std::io::stdout().lock(), "{text}")
}

/// A progress note on stderr (never mixed into results).
pub fn note(text: impl std::fmt::Display) {
    let _ = writeln!(std::io::stderr().lock(), "{text}");
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
    let _ = writeln!(e, "{red}Error:{reset} {}", err.message);
    if let Some(hint) = &err.hint {
        let _ = writeln!(e, "{yellow}Hint:{reset} {hint}");
    }
}
