//! JSON Lines import files: one fact per line ([`FactLine`]), with all its citations. Blank
//! lines, CR LF line ends and a UTF-8 byte order mark are accepted.

use super::cells::{self, RawCitation, RawFact, Sources};
use super::problem::{Place, Problems};
use super::rows::Rows;
use super::schema::{CitationLine, FactLine};
use crate::parallel::{self, Handoff};
use crate::vocabulary::citation::Citation;
use crate::vocabulary::event::{ActKind, Fact};
use std::io::{self, BufRead};

/// Reads a JSON Lines file into `rows`, listing every problem in `problems`; `progress` is told
/// how many lines have been read, now and then. Fails only if the file cannot be read.
///
/// The lines are parsed and checked on a thread of their own while this one merges them into
/// `rows`.
pub fn read<R: BufRead + Send>(
    input: R,
    sources: &mut Sources,
    rows: &mut Rows,
    problems: &mut Problems,
    progress: &mut dyn FnMut(u64),
) -> io::Result<()> {
    let mut read = 0u64;
    let produce = |handoff: &mut Handoff<Line>| read_lines(input, sources, handoff);
    let done = parallel::pipeline(produce, |batch| {
        for line in batch.iter_mut() {
            match line {
                Line::Fact(fact, n) => {
                    if let Err(e) = rows.add(fact, *n) {
                        problems.push(Place::line(*n), e.to_string());
                    }
                }
                Line::Refused(place, reason, act) => {
                    problems.push(*place, std::mem::take(reason));
                    if let Some(act) = act {
                        problems.unknown_act(act);
                    }
                }
                Line::Read(n) => {
                    read = *n;
                    progress(read);
                }
            }
        }
        Ok::<(), io::Error>(())
    });
    let last = done??;
    progress(last.max(read));
    Ok(())
}

/// What the thread that parses lines hands on, in file order.
enum Line {
    /// A line's fact, and the line.
    Fact(Fact, u64),
    /// A line that states no fact: where, why, and the act it names if that is not one.
    Refused(Place, String, Option<String>),
    /// How many lines have been read, now and then.
    Read(u64),
}

/// Reads every line, handing on its fact or problem; returns how many lines there are.
fn read_lines<R: BufRead>(
    mut input: R,
    sources: &mut Sources,
    handoff: &mut Handoff<Line>,
) -> io::Result<u64> {
    let mut buf = Vec::new();
    let mut line = 0u64;
    loop {
        buf.clear();
        if input.read_until(b'\n', &mut buf)? == 0 {
            return Ok(line);
        }
        line += 1;
        let mut text: &[u8] = &buf;
        if line == 1 {
            text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
        }
        if text.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let read = match serde_json::from_slice::<FactLine>(text) {
            Ok(parsed) => match fact(&parsed, sources) {
                Ok(fact) => Line::Fact(fact, line),
                Err(reason) => Line::Refused(Place::line(line), reason, unknown_act(&parsed)),
            },
            Err(e) => Line::Refused(
                Place {
                    line,
                    column: Some(e.column() as u64),
                },
                json_reason(&e),
                None,
            ),
        };
        let more =
            handoff.send(read) && (!line.is_multiple_of(4096) || handoff.send(Line::Read(line)));
        if !more {
            return Ok(line);
        }
    }
}

/// The act a line names, if that is not one.
fn unknown_act(line: &FactLine) -> Option<String> {
    let act = line.act.trim();
    let known = act.is_empty() || act.parse::<ActKind>().is_ok();
    (!known).then(|| act.to_string())
}

/// serde_json's message without the position it appends (the place says it).
fn json_reason(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let reason = text
        .rsplit_once(" at line ")
        .map_or(text.as_str(), |(r, _)| r);
    match e.classify() {
        serde_json::error::Category::Data => reason.to_string(),
        _ => format!("not valid JSON: {reason}"),
    }
}

/// The fact a line states, checked as the ledger checks it.
fn fact(line: &FactLine, sources: &mut Sources) -> Result<Fact, String> {
    let raw = RawFact {
        treaty: Some(&line.treaty),
        state: given(&line.state),
        act: Some(&line.act),
        date: Some(&line.date),
        effective_date: given(&line.effective_date),
        note: given(&line.note),
    };
    let act = cells::act(&raw).map_err(|e| e.reason)?;
    if line.citations.is_empty() {
        return Err("citations: every fact needs at least one citation".into());
    }
    let citations = line
        .citations
        .iter()
        .enumerate()
        .map(|(i, c)| citation(c, sources).map_err(|e| format!("citations[{i}]: {e}")))
        .collect::<Result<Vec<_>, _>>()?;
    cells::fact(act, citations, raw.note).map_err(|e| e.reason)
}

/// The citation an object of a line's `citations` gives, checked on its own.
pub fn citation(c: &CitationLine, sources: &mut Sources) -> Result<Citation, String> {
    let raw = RawCitation {
        title: given(&c.title),
        url: given(&c.url),
        reference: given(&c.reference),
        publisher: given(&c.publisher),
        published: given(&c.published),
        retrieved: given(&c.retrieved),
        locator: given(&c.locator),
        kind: given(&c.kind),
        quote: given(&c.quote),
        source: given(&c.source),
    };
    cells::citation(&raw, sources)
        .and_then(cells::checked)
        .map_err(|e| e.reason)
}

/// A JSON string as a cell: empty or blank means not given, as in CSV.
fn given<'a>(value: &'a Option<std::borrow::Cow<'_, str>>) -> Option<&'a str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str) -> (Rows, Vec<String>) {
        let mut rows = Rows::default();
        let mut problems = Problems::new(50);
        read(
            text.as_bytes(),
            &mut Sources::new(None),
            &mut rows,
            &mut problems,
            &mut |_| {},
        )
        .unwrap();
        let shown = problems.kept().iter().map(|p| p.to_string()).collect();
        (rows, shown)
    }

    #[test]
    fn lines_hold_facts_with_several_citations_and_problems_name_their_line() {
        let text = "{\"treaty\":\"ottawa\",\"state\":\"FI\",\"act\":\"accession\",\"date\":\"2012-01-09\",\
                    \"citations\":[{\"title\":\"UNTC\",\"url\":\"https://treaties.un.org/x\"},\
                    {\"title\":\"Yle\",\"url\":\"https://yle.fi/x\",\"kind\":\"news-report\"}]}\r\n\
                    \r\n\
                    {\"treaty\":\"ottawa\",\"state\":\"EE\",\"act\":\"accession\",\"date\":\"2004-05-12\",\"citations\":[]}\n\
                    {\"treaty\":\"ottawa\",\"act\":\"accession\",\"date\":\"2004-05-12\",\"cites\":[]}\n\
                    {\"treaty\":\"ottawa\",\"state\":\"LV\",\"act\":\"accession\",\"date\":\"2005-07-01\",\
                    \"citations\":[{\"title\":\"UNTC\"}]}\n\
                    {\"treaty\":\"ottawa\",\n";
        let (rows, shown) = read_text(text);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows.fact(0).citations.len(), 2);
        assert_eq!(shown.len(), 4, "{shown:?}");
        assert_eq!(
            shown[0],
            "3: citations: every fact needs at least one citation"
        );
        assert!(shown[1].starts_with("4:"), "{}", shown[1]);
        assert!(shown[1].contains("unknown field `cites`"), "{}", shown[1]);
        assert!(
            shown[2].starts_with("5: citations[0]: citation: needs a URL"),
            "{}",
            shown[2]
        );
        assert!(shown[3].starts_with("6:"), "{}", shown[3]);
        assert!(shown[3].contains("not valid JSON"), "{}", shown[3]);
    }
}
