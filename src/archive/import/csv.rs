//! CSV import files: a header naming the columns in any order, one citation per row, rows of one
//! fact merged. Any delimiter (a semicolon for many European spreadsheets), a UTF-8 byte order
//! mark, CR LF line ends, quoted line breaks and blank lines are read as spreadsheets write them.

use super::cells::{self, RawCitation, RawFact, Sources};
use super::lines::Lines;
use super::problem::{Place, Problems};
use super::rows::Rows;
use crate::parallel::{self, Handoff};
use crate::vocabulary::event::Fact;
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
    /// The cell of column `at` (a place in `COLUMNS`), trimmed, if not empty. Trimmed here
    /// rather than by the csv reader, which makes a new record to trim each.
    fn cell<'r>(&self, record: &'r csv::StringRecord, at: usize) -> Option<&'r str> {
        self.positions[at]
            .and_then(|i| record.get(i))
            .map(str::trim)
            .filter(|v| !v.is_empty())
    }
}

/// Reads a CSV file into `rows`, listing every problem in `problems`; `progress` is told how
/// many rows have been read, now and then. Fails only if the file cannot be read.
///
/// The rows are parsed and checked on a thread of their own while this one merges them into
/// `rows`: the two halves of reading a file cost about the same.
pub fn read<R: Read + Send>(
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
        .delimiter(options.delimiter)
        .from_reader(Lines::new(input));
    let mut record = csv::StringRecord::new();
    let Some(header) = header_row(&mut reader, &mut record, options, problems)? else {
        return Ok(());
    };
    let mut count = 0u64;
    let delimiter = options.delimiter;
    let produce = |handoff: &mut Handoff<Row>| {
        read_rows(
            &mut reader,
            &mut record,
            &header,
            delimiter,
            sources,
            handoff,
        )
    };
    let read = parallel::pipeline(produce, |batch| {
        for row in batch.drain(..) {
            match row {
                Row::Fact(fact, line) => {
                    if let Err(e) = rows.add(&fact, line) {
                        problems.push(Place::line(line), e.to_string());
                    }
                }
                Row::Refused(place, reason, act) => {
                    problems.push(place, reason);
                    if let Some(act) = act {
                        problems.unknown_act(&act);
                    }
                }
                Row::Unreadable(place, reason) => {
                    problems.push(place, reason);
                    continue;
                }
            }
            count += 1;
            if count.is_multiple_of(4096) {
                progress(count);
            }
        }
        Ok::<(), io::Error>(())
    });
    progress(count);
    read.and_then(|read| read)
}

/// What the thread that parses rows hands on for each record, in file order.
enum Row {
    /// A row's fact (with one citation), and its line.
    Fact(Fact, u64),
    /// A row whose cells state no fact: where, why, and the act it names if that is not one.
    Refused(Place, String, Option<String>),
    /// A record that is not valid CSV.
    Unreadable(Place, String),
}

/// Reads records up to the header and maps its names; lists the problems met, and returns
/// `None` if the file has no usable header.
fn header_row<R: Read>(
    reader: &mut csv::Reader<Lines<R>>,
    record: &mut csv::StringRecord,
    options: &CsvOptions,
    problems: &mut Problems,
) -> io::Result<Option<Header>> {
    loop {
        match next_record(reader, record)? {
            Some(Ok(_)) => return Ok(read_header(record, options, problems)),
            Some(Err((place, reason))) => problems.push(place, reason),
            None => {
                problems.push(Place::line(1), "the file is empty: it needs a header row");
                return Ok(None);
            }
        }
    }
}

/// The next record into `record` and its line, or where and why it is not valid CSV; `None`
/// at the end of the file.
fn next_record<R: Read>(
    reader: &mut csv::Reader<Lines<R>>,
    record: &mut csv::StringRecord,
) -> io::Result<Option<Result<u64, (Place, String)>>> {
    match reader.read_record(record) {
        Ok(false) => Ok(None),
        Ok(true) => {
            let offset = record.position().map_or(0, |p| p.byte());
            Ok(Some(Ok(reader.get_mut().place(offset))))
        }
        Err(e) => {
            let line = e.position().map_or(0, |p| reader.get_mut().place(p.byte()));
            match e.into_kind() {
                csv::ErrorKind::Io(io) => Err(io),
                kind => Ok(Some(Err((Place::line(line), csv_reason(kind))))),
            }
        }
    }
}

/// Reads every row after the header, handing each on as a [`Row`].
fn read_rows<R: Read>(
    reader: &mut csv::Reader<Lines<R>>,
    record: &mut csv::StringRecord,
    header: &Header,
    delimiter: u8,
    sources: &mut Sources,
    handoff: &mut Handoff<Row>,
) -> io::Result<()> {
    while let Some(read) = next_record(reader, record)? {
        let row = match read {
            Ok(line) => read_row(header, record, line, reader.get_ref(), delimiter, sources),
            Err((place, reason)) => Row::Unreadable(place, reason),
        };
        if !handoff.send(row) {
            break;
        }
    }
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
    for (i, name) in record.iter().map(str::trim).enumerate() {
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

/// The fact one row states, or its problem at its cell.
fn read_row<R: Read>(
    header: &Header,
    record: &csv::StringRecord,
    line: u64,
    lines: &Lines<R>,
    delimiter: u8,
    sources: &mut Sources,
) -> Row {
    if record.len() != header.width {
        return Row::Refused(
            Place::line(line),
            format!(
                "the row has {} cells and the header {}",
                record.len(),
                header.width
            ),
            None,
        );
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
    match fact {
        Ok(fact) => Row::Fact(fact, line),
        Err(e) => {
            let field = header.cell_index(e.column);
            let place = match field.and_then(|f| lines.field(f, delimiter)) {
                Some((line, column)) => Place {
                    line,
                    column: Some(column),
                },
                None => Place::line(line),
            };
            let act = raw.act.filter(|_| e.column == "act").map(String::from);
            Row::Refused(place, e.reason, act)
        }
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
        assert_eq!(problems.remedies.unknown_acts, ["ratify"]);
    }

    #[test]
    fn cells_and_header_names_are_read_trimmed() {
        let text = " treaty , state,act,date,cite_title,cite_url\n\
                    ottawa ,  FI ,accession,\" 2012-01-09\",UNTC ,https://treaties.un.org/x\n";
        let (rows, problems) = read_text(text, &CsvOptions::default());
        assert!(problems.is_empty(), "{:?}", shown(&problems));
        let fact = rows.fact(0);
        assert_eq!(fact.event.summary(), "ottawa FI accession 2012-01-09");
        assert_eq!(fact.citations[0].title, "UNTC");
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
