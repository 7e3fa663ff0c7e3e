//! The facts of an import file, held compactly: strings interned, one small record per fact and
//! per citation, and rows that state the same fact merged through a hash table, so that reading
//! a file costs time and memory in proportion to its size.
//!
//! Rows state the same fact when they have the same treaty, state, act, dates and, for a
//! domestic step (of which a state may take several a day), the same note: the rule by which the
//! ledger refuses a duplicate. Their citations are merged into one fact; a row whose citation
//! the fact already has is counted as a repeat.

use super::strings::{Strings, Sym, TooMany};
use crate::vocabulary::calendar::LegalDate;
use crate::vocabulary::citation::{Citation, MAX_CITATIONS, SourceKind};
use crate::vocabulary::country::StateCode;
use crate::vocabulary::digest::Digest;
use crate::vocabulary::event::{Act, ActKind, Event, Fact};
use crate::vocabulary::treaty::TreatyId;
use hashbrown::{DefaultHashBuilder, HashMap, HashTable};
use std::hash::BuildHasher;

/// One fact, its strings interned; its citations are a list through [`CitationRow::next`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FactRow {
    treaty: u32,
    state: Option<u32>,
    kind: ActKind,
    date: LegalDate,
    effective: Option<LegalDate>,
    note: Option<Sym>,
    /// The first line that states it.
    line: u64,
    first: u32,
    last: u32,
    citations: u32,
}

/// One citation, its strings interned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct CitationRow {
    kind: SourceKind,
    title: Sym,
    url: Option<Sym>,
    reference: Option<Sym>,
    publisher: Option<Sym>,
    published: Option<LegalDate>,
    retrieved: Option<LegalDate>,
    locator: Option<Sym>,
    quote: Option<Sym>,
    source: Option<Sym>,
    /// The line that gives it.
    line: u64,
    /// The fact's next citation.
    next: Option<u32>,
}

impl CitationRow {
    /// Whether two rows give the same citation (wherever they are in the file).
    fn same(&self, other: &CitationRow) -> bool {
        CitationRow {
            line: 0,
            next: None,
            ..*self
        } == CitationRow {
            line: 0,
            next: None,
            ..*other
        }
    }
}

/// What adding a row did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    /// It states a fact no earlier row states.
    New,
    /// Its citation joined the fact an earlier row states.
    Merged,
    /// An earlier row states the same fact with the same citation.
    Repeat,
}

/// The facts of a file, in the order of their first rows.
#[derive(Default)]
pub struct Rows {
    strings: Strings,
    treaties: Interned<TreatyId>,
    states: Interned<StateCode>,
    facts: Vec<FactRow>,
    citations: Vec<CitationRow>,
    /// Fact numbers, found by what makes two rows the same fact.
    index: HashTable<u32>,
    hasher: DefaultHashBuilder,
    /// Rows whose citation joined an earlier row's fact.
    pub merged: u64,
    /// Rows that repeat an earlier one.
    pub repeated: u64,
}

/// A small table of values that repeat (treaties, states), numbered in order of first use.
struct Interned<T> {
    list: Vec<T>,
    numbers: HashMap<T, u32>,
}

impl<T> Default for Interned<T> {
    fn default() -> Self {
        Interned {
            list: Vec::new(),
            numbers: HashMap::new(),
        }
    }
}

impl<T: Clone + Eq + std::hash::Hash> Interned<T> {
    fn number(&mut self, value: &T) -> u32 {
        if let Some(n) = self.numbers.get(value) {
            return *n;
        }
        let n = self.list.len() as u32;
        self.numbers.insert(value.clone(), n);
        self.list.push(value.clone());
        n
    }
}

/// Why a row could not be added.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RowError {
    /// The row's fact is an earlier row's with another note.
    #[error("states the same fact as line {0} with another note")]
    OtherNote(u64),
    /// The fact would carry too many citations.
    #[error("the fact of line {0} would have more than {MAX_CITATIONS} citations")]
    TooManyCitations(u64),
    /// Not an act.
    #[error("an import file holds acts only")]
    NotAnAct,
    /// The file is too large to number.
    #[error(transparent)]
    TooMany(#[from] TooMany),
}

/// The identity of a fact, by which rows are merged.
#[derive(Hash, PartialEq, Eq)]
struct Key {
    treaty: u32,
    state: Option<u32>,
    kind: ActKind,
    date: LegalDate,
    effective: Option<LegalDate>,
    note: Option<Sym>,
}

impl FactRow {
    fn key(&self) -> Key {
        Key {
            treaty: self.treaty,
            state: self.state,
            kind: self.kind,
            date: self.date,
            effective: self.effective,
            note: self.note.filter(|_| self.kind == ActKind::DomesticStep),
        }
    }
}

impl Rows {
    /// The number of distinct facts.
    pub fn len(&self) -> usize {
        self.facts.len()
    }

    /// Whether no row was added.
    pub fn is_empty(&self) -> bool {
        self.facts.is_empty()
    }

    /// Adds a row stating `fact` (an act with one or more citations) on line `line`.
    pub fn add(&mut self, fact: &Fact, line: u64) -> Result<Added, RowError> {
        let Event::Act(act) = &fact.event else {
            return Err(RowError::NotAnAct);
        };
        let row = FactRow {
            treaty: self.treaties.number(&act.treaty),
            state: act.state.as_ref().map(|s| self.states.number(s)),
            kind: act.kind,
            date: act.date,
            effective: act.effective,
            note: self.strings.intern_option(fact.note.as_deref())?,
            line,
            first: 0,
            last: 0,
            citations: 0,
        };
        let key = row.key();
        let hash = self.hasher.hash_one(&key);
        let facts = &self.facts;
        let found = self.index.find(hash, |n| facts[*n as usize].key() == key);
        let (n, mut added) = match found {
            Some(n) => (*n, Added::Repeat),
            None => {
                let n = self.facts.len() as u32;
                self.facts.push(row);
                let facts = &self.facts;
                let hasher = &self.hasher;
                self.index
                    .insert_unique(hash, n, |m| hasher.hash_one(facts[*m as usize].key()));
                (n, Added::New)
            }
        };
        if added == Added::Repeat {
            self.merge_note(n, row.note)?;
        }
        for citation in &fact.citations {
            let citation = self.citation_row(citation, line)?;
            if self.add_citation(n, citation)? && added == Added::Repeat {
                added = Added::Merged;
            }
        }
        match added {
            Added::Merged => self.merged += 1,
            Added::Repeat => self.repeated += 1,
            Added::New => {}
        }
        Ok(added)
    }

    /// A later row may give a note the first did not; two different notes disagree.
    fn merge_note(&mut self, n: u32, note: Option<Sym>) -> Result<(), RowError> {
        let fact = &mut self.facts[n as usize];
        match (fact.note, note) {
            (None, Some(_)) => fact.note = note,
            (Some(a), Some(b)) if a != b => return Err(RowError::OtherNote(fact.line)),
            _ => {}
        }
        Ok(())
    }

    fn citation_row(&mut self, c: &Citation, line: u64) -> Result<CitationRow, TooMany> {
        let s = &mut self.strings;
        Ok(CitationRow {
            kind: c.kind,
            title: s.intern(&c.title)?,
            url: s.intern_option(c.url.as_deref())?,
            reference: s.intern_option(c.reference.as_deref())?,
            publisher: s.intern_option(c.publisher.as_deref())?,
            published: c.published,
            retrieved: c.retrieved,
            locator: s.intern_option(c.locator.as_deref())?,
            quote: s.intern_option(c.quote.as_deref())?,
            source: s.intern_option(c.source.map(|d| d.hex()).as_deref())?,
            line,
            next: None,
        })
    }

    /// Adds a citation to fact `n` unless it has it; returns whether it was new.
    fn add_citation(&mut self, n: u32, citation: CitationRow) -> Result<bool, RowError> {
        if self.citations_of(n).any(|c| c.same(&citation)) {
            return Ok(false);
        }
        let fact = self.facts[n as usize];
        if fact.citations as usize >= MAX_CITATIONS {
            return Err(RowError::TooManyCitations(fact.line));
        }
        let at = self.citations.len() as u32;
        self.citations.push(citation);
        let fact = &mut self.facts[n as usize];
        if fact.citations == 0 {
            fact.first = at;
        } else {
            self.citations[fact.last as usize].next = Some(at);
        }
        fact.last = at;
        fact.citations += 1;
        Ok(true)
    }

    fn citations_of(&self, n: u32) -> impl Iterator<Item = &CitationRow> {
        let fact = &self.facts[n as usize];
        let first = (fact.citations > 0).then_some(fact.first);
        std::iter::successors(first, |&c| self.citations[c as usize].next)
            .map(|c| &self.citations[c as usize])
    }

    /// Gives back what only adding rows needs (the tables that find repeats) and spare
    /// capacity, once the file is read: rows added after are no longer merged with these.
    pub fn shrink(&mut self) {
        self.strings.shrink();
        self.index = HashTable::new();
        self.facts.shrink_to_fit();
        self.citations.shrink_to_fit();
    }

    /// The first line that states fact `n`.
    pub fn line(&self, n: u32) -> u64 {
        self.facts[n as usize].line
    }

    /// The lines that give fact `n`'s citations, in order.
    pub fn citation_lines(&self, n: u32) -> impl Iterator<Item = u64> + '_ {
        self.citations_of(n).map(|c| c.line)
    }

    /// Fact `n`'s act.
    pub fn act(&self, n: u32) -> Act {
        let f = &self.facts[n as usize];
        Act {
            treaty: self.treaties.list[f.treaty as usize].clone(),
            state: f.state.map(|s| self.states.list[s as usize].clone()),
            kind: f.kind,
            date: f.date,
            effective: f.effective,
        }
    }

    /// Fact `n`'s treaty.
    pub fn treaty(&self, n: u32) -> &TreatyId {
        &self.treaties.list[self.facts[n as usize].treaty as usize]
    }

    /// Fact `n`'s state.
    pub fn state(&self, n: u32) -> Option<&StateCode> {
        let state = self.facts[n as usize].state?;
        Some(&self.states.list[state as usize])
    }

    /// Fact `n`'s act date.
    pub fn date(&self, n: u32) -> LegalDate {
        self.facts[n as usize].date
    }

    /// Sorts fact numbers in the order facts are recorded: by act date, ties in file order.
    pub fn sort_by_date(&self, facts: &mut [u32]) {
        facts.sort_unstable_by_key(|&n| (self.date(n), self.line(n)));
    }

    /// Fact `n`'s note.
    pub fn note(&self, n: u32) -> Option<String> {
        self.strings.owned(self.facts[n as usize].note)
    }

    /// Every treaty the file names.
    pub fn treaties(&self) -> &[TreatyId] {
        &self.treaties.list
    }

    /// The number of fact `n`'s treaty among [`Rows::treaties`].
    pub fn treaty_number(&self, n: u32) -> usize {
        self.facts[n as usize].treaty as usize
    }

    /// Fact `n`'s citations, as (the line that gives it, the citation).
    pub fn citations(&self, n: u32) -> Vec<(u64, Citation)> {
        self.citations_of(n)
            .map(|c| (c.line, self.citation(c)))
            .collect()
    }

    fn citation(&self, c: &CitationRow) -> Citation {
        let s = &self.strings;
        Citation {
            kind: c.kind,
            title: s.get(c.title).to_string(),
            url: s.owned(c.url),
            reference: s.owned(c.reference),
            publisher: s.owned(c.publisher),
            published: c.published,
            retrieved: c.retrieved,
            locator: s.owned(c.locator),
            quote: s.owned(c.quote),
            source: c.source.and_then(|d| Digest::parse_hex(s.get(d))),
        }
    }

    /// Fact `n`, whole.
    pub fn fact(&self, n: u32) -> Fact {
        Fact {
            event: Event::Act(self.act(n)),
            citations: self.citations_of(n).map(|c| self.citation(c)).collect(),
            note: self.note(n),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(state: &str, date: &str, title: &str) -> Fact {
        Fact {
            event: Event::Act(Act {
                treaty: TreatyId::parse("ottawa").unwrap(),
                state: Some(StateCode::parse(state).unwrap()),
                kind: ActKind::Accession,
                date: LegalDate::parse(date).unwrap(),
                effective: None,
            }),
            citations: vec![Citation {
                url: Some("https://example.org/x".into()),
                ..Citation::titled(title)
            }],
            note: None,
        }
    }

    #[test]
    fn rows_of_one_fact_merge_and_repeats_are_counted() {
        let mut rows = Rows::default();
        assert_eq!(
            rows.add(&row("FI", "2012-01-09", "UNTC"), 2),
            Ok(Added::New)
        );
        assert_eq!(
            rows.add(&row("EE", "2004-05-12", "UNTC"), 3),
            Ok(Added::New)
        );
        assert_eq!(
            rows.add(&row("FI", "2012-01-09", "Yle"), 5),
            Ok(Added::Merged)
        );
        assert_eq!(
            rows.add(&row("FI", "2012-01-09", "UNTC"), 7),
            Ok(Added::Repeat)
        );
        assert_eq!(rows.len(), 2);
        assert_eq!((rows.merged, rows.repeated), (1, 1));
        let fi = rows.fact(0);
        let titles: Vec<&str> = fi.citations.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(titles, ["UNTC", "Yle"]);
        assert_eq!(rows.citation_lines(0).collect::<Vec<_>>(), [2, 5]);
        assert_eq!(fi, {
            let mut expected = row("FI", "2012-01-09", "UNTC");
            expected
                .citations
                .extend(row("FI", "2012-01-09", "Yle").citations);
            expected
        });
    }

    #[test]
    fn a_note_may_be_added_but_not_changed() {
        let mut rows = Rows::default();
        let mut noted = row("FI", "2012-01-09", "Yle");
        noted.note = Some("a".into());
        rows.add(&row("FI", "2012-01-09", "UNTC"), 2).unwrap();
        rows.add(&noted, 3).unwrap();
        assert_eq!(rows.note(0).as_deref(), Some("a"));
        noted.note = Some("b".into());
        assert_eq!(rows.add(&noted, 4), Err(RowError::OtherNote(2)));
    }

    #[test]
    fn no_fact_gets_more_citations_than_the_ledger_takes() {
        let mut rows = Rows::default();
        for i in 0..MAX_CITATIONS {
            rows.add(
                &row("FI", "2012-01-09", &format!("source {i}")),
                2 + i as u64,
            )
            .unwrap();
        }
        assert_eq!(
            rows.add(&row("FI", "2012-01-09", "one more"), 99),
            Err(RowError::TooManyCitations(2))
        );
    }
}
