//! Bulk facts from files: CSV (one citation per row) or JSON Lines (one fact per line, with its
//! citations), read as users keep them and recorded all or nothing.
//!
//! An import reads the whole file into compact [`Rows`], merging the rows that state one fact
//! and listing every problem with its place ([`Problems`]); compares the facts with the ledger
//! ([`plan()`]): new facts, citations to add to recorded facts (as corroborations), rows already
//! present, contradictions; and appends the new entries in one append ([`plan::record`]), new
//! facts in order of act date. [`plan::check`] does everything but the append, for a dry run.
//! `docs/IMPORT.md` documents both formats; [`schema`] holds the JSON Lines format as types and
//! its JSON Schema.

mod cells;
pub mod csv;
pub mod jsonl;
mod lines;
pub mod plan;
pub mod problem;
pub mod rows;
pub mod schema;
mod strings;

pub use cells::Sources;
pub use csv::{COLUMNS, CsvOptions};
pub use plan::{Plan, check, plan, record};
pub use problem::{Place, Problem, Problems};
pub use rows::Rows;

use crate::vocabulary::event::Fact;
use std::io::{self, BufRead};

/// The kind of an import file.
#[derive(Debug, Clone)]
pub enum Input {
    /// CSV, read with these options.
    Csv(CsvOptions),
    /// JSON Lines.
    JsonLines,
}

/// Reads a whole file into rows (held compactly, without what only reading needs), listing
/// every problem; `progress` is told how many rows have been read, now and then. Fails only if
/// the file cannot be read.
pub fn read<R: BufRead + Send>(
    input: R,
    kind: &Input,
    sources: &mut Sources,
    problems: &mut Problems,
    progress: &mut dyn FnMut(u64),
) -> io::Result<Rows> {
    let mut rows = Rows::default();
    match kind {
        Input::Csv(options) => csv::read(input, options, sources, &mut rows, problems, progress)?,
        Input::JsonLines => jsonl::read(input, sources, &mut rows, problems, progress)?,
    }
    rows.shrink();
    Ok(rows)
}

/// The facts of a CSV text in order of act date (ties in file order), without a ledger to
/// compare them with: for callers that hold the text, such as the bundled example data.
pub fn parse_csv(text: &str) -> Result<Vec<Fact>, Problems> {
    let mut problems = Problems::new(50);
    let rows = read(
        text.as_bytes(),
        &Input::Csv(CsvOptions::default()),
        &mut Sources::new(None),
        &mut problems,
        &mut |_| {},
    )
    .map_err(|e| {
        let mut failed = Problems::new(1);
        failed.push(Place::line(0), e.to_string());
        failed
    })?;
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut order: Vec<u32> = (0..rows.len() as u32).collect();
    rows.sort_by_date(&mut order);
    Ok(order.into_iter().map(|n| rows.fact(n)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocabulary::event::Event;

    #[test]
    fn facts_are_ordered_by_act_date_ties_in_file_order() {
        let csv = "treaty,state,act,date,cite_title,cite_url\n\
                   ottawa,FI,withdrawal,2025-07-10,MFA,https://um.fi/x\n\
                   ottawa,FI,accession,2012-01-09,UNTC,https://treaties.un.org/x\n\
                   ottawa,EE,accession,2012-01-09,UNTC,https://treaties.un.org/x\n";
        let facts = parse_csv(csv).unwrap();
        let summaries: Vec<String> = facts.iter().map(|f| f.event.summary()).collect();
        assert_eq!(
            summaries,
            [
                "ottawa FI accession 2012-01-09",
                "ottawa EE accession 2012-01-09",
                "ottawa FI withdrawal 2025-07-10"
            ]
        );
        assert!(matches!(facts[0].event, Event::Act(_)));
    }
}
