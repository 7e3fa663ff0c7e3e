//! Problems found in an import file, each at its place in the file: `LINE[:COLUMN]: reason`.

use std::fmt;

/// Where a problem is: a physical line of the file (the first is 1) and, when one cell is at
/// fault, the column where it starts (in characters, the first is 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    /// The line, counting every line break (quoted ones and blank lines included).
    pub line: u64,
    /// The column, when one cell is at fault.
    pub column: Option<u64>,
}

impl Place {
    /// A whole line.
    pub fn line(line: u64) -> Place {
        Place { line, column: None }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.column {
            Some(column) => write!(f, "{}:{column}", self.line),
            None => write!(f, "{}", self.line),
        }
    }
}

/// One problem: where, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where it is.
    pub place: Place,
    /// What is wrong.
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.reason)
    }
}

/// What kind of mending a file's problems call for, besides mending rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Remedies {
    /// Columns the header names that no fact has.
    pub unknown_columns: Vec<String>,
    /// Treaties the file names that the ledger has not registered.
    pub unknown_treaties: Vec<String>,
    /// The first few acts the file names that are not acts, each once.
    pub unknown_acts: Vec<String>,
    /// Recorded entries that rows of the file contradict.
    pub contradicted: Vec<u64>,
}

/// The problems of one file: all of them counted, the first `limit` (in file order) kept.
#[derive(Debug, Clone)]
pub struct Problems {
    kept: Vec<Problem>,
    limit: usize,
    total: u64,
    /// What the problems call for (boxed: a result that fails with the problems stays small).
    pub remedies: Box<Remedies>,
}

/// How many mistyped acts are kept for a hint.
const UNKNOWN_ACTS_KEPT: usize = 3;

impl Problems {
    /// Notes an act the file names that is not one, for a "did you mean" hint.
    pub fn unknown_act(&mut self, typed: &str) {
        let acts = &mut self.remedies.unknown_acts;
        if acts.len() < UNKNOWN_ACTS_KEPT && !acts.iter().any(|a| a == typed) {
            acts.push(typed.to_string());
        }
    }

    /// No problems yet; at most `limit` will be kept.
    pub fn new(limit: usize) -> Problems {
        Problems {
            kept: Vec::new(),
            limit,
            total: 0,
            remedies: Box::default(),
        }
    }

    /// Adds a problem. Once more than `limit` are held, those latest in the file are dropped
    /// (and still counted).
    pub fn push(&mut self, place: Place, reason: impl Into<String>) {
        self.total += 1;
        let at = self.kept.partition_point(|p| p.place <= place);
        if at < self.limit {
            self.kept.insert(
                at,
                Problem {
                    place,
                    reason: reason.into(),
                },
            );
            self.kept.truncate(self.limit);
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// How many there are.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// Whether the limit is reached: looking for more is wasted work.
    pub fn full(&self) -> bool {
        self.total >= self.limit as u64
    }

    /// The problems kept, in file order.
    pub fn kept(&self) -> &[Problem] {
        &self.kept
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_in_file_order_are_kept_and_all_counted() {
        let mut problems = Problems::new(2);
        problems.push(Place::line(9), "c");
        problems.push(
            Place {
                line: 3,
                column: Some(4),
            },
            "a",
        );
        problems.push(Place::line(5), "b");
        let shown: Vec<String> = problems.kept().iter().map(|p| p.to_string()).collect();
        assert_eq!(shown, ["3:4: a", "5: b"]);
        assert_eq!(problems.total(), 3);
        assert!(problems.full());
    }
}
