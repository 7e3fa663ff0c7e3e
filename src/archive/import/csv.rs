//! CSV import files: a header naming the columns in any order, one citation per row, rows of one
//! fact merged. Any delimiter (a semicolon for many European spreadsheets), a UTF-8 byte order
//! mark, CR LF line ends, quoted line breaks and blank lines are read as spreadsheets write them.

use super::cells::{self, RawCitation, RawFact, Sources};
use super::lines::Lines;
use super::problem::{Place, Problems};
use super::rows::Rows;
use std::io::{self, Read};

/// Every column a file may have, in the order of the documentation.
pub const COLUMNS: &[&str] = &[
    "treaty",
    "state",
    "act",
    "date",
    "effective_date",
    "cite_title",
    "cite_url",
    "cite_ref",
    "cite_publisher",
    "cite_published",
    "cite_retrieved",
    "cite_locator",
    "cite_kind",
    "cite_source",
    "quote",
    "note",
];

// The place of each column in `COLUMNS`, for reading cells without looking names up.
const TREATY: usize = 0;
const STATE: usize = 1;
const ACT: usize = 2;
const DATE: usize = 3;
const EFFECTIVE: usize = 4;
const TITLE: usize = 5;
const URL: usize = 6;
const REFERENCE: usize = 7;
const PUBLISHER: usize = 8;
const PUBLISHED: usize = 9;
const RETRIEVED: usize = 10;
const LOCATOR: usize = 11;
const KIND: usize = 12;
const SOURCE: usize = 13;
const QUOTE: usize = 14;
const NOTE: usize = 15;

/// The columns a header must name.
pub const REQUIRED: &[&str] = &["treaty", "act", "date"];

/// How to read a CSV file.
#[derive(Debug, Clone)]
pub struct CsvOptions {
    /// The byte between cells.
    pub delimiter: u8,
    /// Header names to skip rather than refuse.
    pub ignored: Vec<String>,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions {
            delimiter: b',',
            ignored: Vec::new(),
        }
    }
}

/// Where each known column is in the file's records.
struct Header {
    positions: [Option<usize>; COLUMNS.len()],
    width: usize,
}

impl Header {
    /// The cell of column `at` (a place in `COLUMNS`), if not empty.
    fn cell<'r>(&self, record: &'r csv::StringRecord, at: usize) -> Option<&'r str> {
        self.positions[at]
            .and_then(|i| record.get(i))
            .filter(|v| !v.is_empty())
    }
}

/// Reads a CSV file into `rows`, listing every problem in `problems`; `progress` is told how
/// many rows have been read, now and then. Fails only if the file cannot be read.
pub fn read<R: Read>(
    input: R,
    options: &CsvOptions,
    sources: &mut Sources,
    rows: &mut Rows,
    problems: &mut Problems,
    progress: &mut dyn FnMut(u64),
) -> io::Result<()> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .delimiter(options.delimiter)
        .from_reader(Lines::new(input));
    let mut record = csv::StringRecord::new();
    let mut header = None;
    let mut count = 0u64;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| reader.get_mut().place(p.byte()));
                match e.into_kind() {
                    csv::ErrorKind::Io(io) => return Err(io),
                    kind => problems.push(Place::line(line), csv_reason(kind)),
                }
                continue;
            }
        }
        let offset = record.position().map_or(0, |p| p.byte());
        let lines = reader.get_mut();
        let line = lines.place(offset);
        match &header {
            None => match read_header(&record, options, problems) {
                Some(h) => header = Some(h),
                None => return Ok(()),
            },
            Some(h) => {
                read_row(
                    h,
                    &record,
                    line,
                    lines,
                    options.delimiter,
                    sources,
                    rows,
                    problems,
                );
                count += 1;
                if count.is_multiple_of(4096) {
                    progress(count);
                }
            }
        }
    }
    if header.is_none() {
        problems.push(Place::line(1), "the file is empty: it needs a header row");
    }
    progress(count);
    Ok(())
}

fn csv_reason(kind: csv::ErrorKind) -> String {
    match kind {
        csv::ErrorKind::Utf8 { err, .. } => format!(
            "cell {} is not UTF-8 text (save the file as UTF-8)",
            err.field() + 1
        ),
        other => format!("not valid CSV: {other:?}"),
    }
}

/// Maps the header's names to columns; lists its problems and returns `None` if it has any.
fn read_header(
    record: &csv::StringRecord,
    options: &CsvOptions,
    problems: &mut Problems,
) -> Option<Header> {
    let mut header = Header {
        positions: [None; COLUMNS.len()],
        width: record.len(),
    };
    let before = problems.total();
    let mut unknown = Vec::new();
    for (i, name) in record.iter().enumerate() {
        match COLUMNS.iter().position(|c| *c == name) {
            Some(at) if header.positions[at].is_some() => {
                problems.push(Place::line(1), format!("column '{name}' appears twice"));
            }
            Some(at) => header.positions[at] = Some(i),
            None if options.ignored.iter().any(|g| g == name) => {}
            None => unknown.push(name.to_string()),
        }
    }
    if !unknown.is_empty() {
        let names: Vec<String> = unknown.iter().map(|n| format!("'{n}'")).collect();
        problems.push(
            Place::line(1),
            format!(
                "unknown column{} {}; the known columns are {}",
                if unknown.len() == 1 { "" } else { "s" },
                names.join(", "),
                COLUMNS.join(",")
            ),
        );
        problems.remedies.unknown_columns = unknown;
    }
    for missing in REQUIRED.iter().filter(|c| header.cell_index(c).is_none()) {
        problems.push(
            Place::line(1),
            format!("the header lacks the column '{missing}'"),
        );
    }
    (problems.total() == before).then_some(header)
}

impl Header {
    fn cell_index(&self, column: &str) -> Option<usize> {
        let at = COLUMNS.iter().position(|c| *c == column)?;
        self.positions[at]
    }
}

/// Reads one row into `rows`, or lists its problem at its cell.
#[allow(clippy::too_many_arguments)]
fn read_row<R: Read>(
    header: &Header,
    record: &csv::StringRecord,
    line: u64,
    lines: &Lines<R>,
    delimiter: u8,
    sources: &mut Sources,
    rows: &mut Rows,
    problems: &mut Problems,
) {
    if record.len() != header.width {
        problems.push(
            Place::line(line),
            format!(
                "the row has {} cells and the header {}",
                record.len(),
                header.width
            ),
        );
        return;
    }
    let cell = |column| header.cell(record, column);
    let raw = RawFact {
        treaty: cell(TREATY),
        state: cell(STATE),
        act: cell(ACT),
        date: cell(DATE),
        effective_date: cell(EFFECTIVE),
        note: cell(NOTE),
    };
    let raw_citation = RawCitation {
        title: cell(TITLE),
        url: cell(URL),
        reference: cell(REFERENCE),
        publisher: cell(PUBLISHER),
        published: cell(PUBLISHED),
        retrieved: cell(RETRIEVED),
        locator: cell(LOCATOR),
        kind: cell(KIND),
        quote: cell(QUOTE),
        source: cell(SOURCE),
    };
    let fact = cells::act(&raw).and_then(|act| {
        let citation = cells::citation(&raw_citation, sources)?;
        cells::fact(act, vec![citation], raw.note)
    });
    let at = |column: &str| {
        let field = header.cell_index(column);
        match field.and_then(|f| lines.field(f, delimiter)) {
            Some((line, column)) => Place {
                line,
                column: Some(column),
            },
            None => Place::line(line),
        }
    };
    match fact {
        Ok(fact) => {
            if let Err(e) = rows.add(&fact, line) {
                problems.push(Place::line(line), e.to_string());
            }
        }
        Err(e) => problems.push(at(e.column), e.reason),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str, options: &CsvOptions) -> (Rows, Problems) {
        let mut rows = Rows::default();
        let mut problems = Problems::new(50);
        read(
            text.as_bytes(),
            options,
            &mut Sources::new(None),
            &mut rows,
            &mut problems,
            &mut |_| {},
        )
        .unwrap();
        (rows, problems)
    }

    fn shown(problems: &Problems) -> Vec<String> {
        problems.kept().iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn the_column_places_follow_the_list() {
        let places = [
            (TREATY, "treaty"),
            (STATE, "state"),
            (ACT, "act"),
            (DATE, "date"),
            (EFFECTIVE, "effective_date"),
            (TITLE, "cite_title"),
            (URL, "cite_url"),
            (REFERENCE, "cite_ref"),
            (PUBLISHER, "cite_publisher"),
            (PUBLISHED, "cite_published"),
            (RETRIEVED, "cite_retrieved"),
            (LOCATOR, "cite_locator"),
            (KIND, "cite_kind"),
            (SOURCE, "cite_source"),
            (QUOTE, "quote"),
            (NOTE, "note"),
        ];
        assert_eq!(places.len(), COLUMNS.len());
        for (at, name) in places {
            assert_eq!(COLUMNS[at], name);
        }
    }

    #[test]
    fn a_spreadsheet_file_lists_every_problem_at_its_line_and_cell() {
        let text = "\u{feff}treaty;state;act;date;cite_title;cite_url\r\n\
                    ottawa;FI;accession;2012-01-09;UNTC;https://treaties.un.org/x\r\n\
                    \r\n\
                    ottawa;EE;accession;2004-5-12;UNTC;https://treaties.un.org/x\r\n\
                    ottawa;\"L\r\nV\";accession;2005-06-01;UNTC;https://treaties.un.org/x\r\n\
                    ottawa;LT;ratify;2003-05-12;UNTC;https://treaties.un.org/x\r\n\
                    ottawa;PL;ratification;2012-12-27;UNTC;ftp://x\r\n";
        let options = CsvOptions {
            delimiter: b';',
            ..CsvOptions::default()
        };
        let (rows, problems) = read_text(text, &options);
        assert_eq!(rows.len(), 1);
        assert_eq!(
            shown(&problems),
            [
                "4:21: date: '2004-5-12' is not a date in the form YYYY-MM-DD",
                "5:8: 'L\r\nV' is not a state code or name known to pacta (give a code such as FI or FIN, or a name such as Finland or Viet Nam, as data/names.csv lists them)",
                "7:11: 'ratify' is not an act; use one of signature, ratification, acceptance, approval, accession, succession, withdrawal, withdrawal-revocation, signature-withdrawal, instrument-withdrawal, suspension, armed-conflict-start, armed-conflict-end, domestic-step, entry-into-force, provisional-application, provisional-application-termination",
                "8:40: citation URL: 'ftp://x' must start with http:// or https://",
            ]
        );
    }

    #[test]
    fn unknown_columns_are_refused_unless_ignored() {
        let text = "treaty,state,act,date,cite_title,cite_url,remarks\n\
                    ottawa,FI,accession,2012-01-09,UNTC,https://treaties.un.org/x,checked\n";
        let (_, problems) = read_text(text, &CsvOptions::default());
        assert!(
            shown(&problems)[0]
                .starts_with("1: unknown column 'remarks'; the known columns are treaty,state,")
        );
        assert_eq!(problems.remedies.unknown_columns, ["remarks"]);
        let options = CsvOptions {
            ignored: vec!["remarks".into()],
            ..CsvOptions::default()
        };
        let (rows, problems) = read_text(text, &options);
        assert!(problems.is_empty(), "{:?}", shown(&problems));
        assert_eq!(rows.len(), 1);
    }

    #[test]
    fn a_row_of_the_wrong_width_and_a_header_without_required_columns() {
        let (_, problems) = read_text("treaty,state,act,cite_title\n", &CsvOptions::default());
        assert_eq!(shown(&problems), ["1: the header lacks the column 'date'"]);
        let text = "treaty,state,act,date,cite_title,cite_url\nottawa,FI,accession\n";
        let (_, problems) = read_text(text, &CsvOptions::default());
        assert_eq!(
            shown(&problems),
            ["2: the row has 3 cells and the header 6"]
        );
    }
}
