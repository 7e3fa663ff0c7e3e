//! The chain of links, checked as `verify` walks the entries with only the last entry held:
//! each entry's number against its place, and its recomputed hash against what the next entry
//! (or the head) links to, using the hash the store keeps for it to tell a changed entry from a
//! changed link. Held whole, a million links took a hundred megabytes.

use super::verify::Problem;
use crate::chain::prefix::Prefix;
use crate::vocabulary::digest::Digest;
use crate::vocabulary::plural::count;

/// What verification learns of one stored entry.
pub struct Link {
    /// Its number, as the store gives it.
    pub seq: u64,
    /// Recomputed from its bytes.
    pub hash: Digest,
    /// As the store keeps it.
    pub stored: Digest,
    /// The hash it links to, if it decodes.
    pub prev: Option<Digest>,
}

/// The links walked so far: the last one, waiting for the next, and what was found wrong.
#[derive(Default)]
pub struct Links {
    count: u64,
    last: Option<Link>,
    /// The first entry missing from the numbering, reported before the links.
    missing: Option<Problem>,
    problems: Vec<Problem>,
}

impl Links {
    /// The next entry in store order.
    pub fn push(&mut self, link: Link) {
        self.count += 1;
        if self.missing.is_none() && link.seq != self.count {
            self.missing = Some(Problem {
                entry: Some(self.count),
                what: format!("is missing (the next stored entry is {})", link.seq),
            });
        }
        match self.last.take() {
            Some(before) => self.judge(&before, Some(&link), None),
            None if link.prev.is_some_and(|p| p != Digest::ZERO) => {
                self.problems.push(Problem {
                    entry: Some(1),
                    what: "links to a previous entry, but it is the first".into(),
                });
            }
            None => {}
        }
        self.last = Some(link);
    }

    /// How many entries were walked.
    pub fn len(&self) -> u64 {
        self.count
    }

    /// Everything found wrong, the first missing entry first. `head` is what the last entry
    /// must hash to and the count of entries; `None` when the walk stopped early, and the last
    /// entry read has nothing to be checked against.
    pub fn finish(mut self, head: Option<Prefix>) -> Vec<Problem> {
        if let Some(last) = self.last.take() {
            self.judge(&last, None, head);
        }
        if let Some(head) = head.filter(|h| h.entries != self.count) {
            self.problems.push(Problem {
                entry: None,
                what: format!(
                    "the head counts {}; the store holds {}",
                    count(head.entries, "entry", "entries"),
                    self.count
                ),
            });
        }
        self.missing.into_iter().chain(self.problems).collect()
    }

    /// Checks `link` against its successor: the next entry's link, or the head.
    fn judge(&mut self, link: &Link, next: Option<&Link>, head: Option<Prefix>) {
        let successor = match (next, head) {
            (Some(next), _) => next.prev,
            (None, Some(head)) => Some(head.head),
            (None, None) if link.stored == link.hash => return,
            (None, None) => Some(link.hash),
        };
        if successor == Some(link.hash) && link.stored == link.hash {
            return;
        }
        let what_links = match next {
            Some(next) => format!("entry {}", next.seq),
            None if head.is_some() => "the head".to_string(),
            None => String::new(),
        };
        let recorded = successor.map_or("nothing readable".to_string(), |h| h.hex());
        let (entry, what) = if successor == Some(link.hash) {
            (
                link.seq,
                format!(
                    "the store keeps {} as its hash, but it hashes to {}: the store's record of it was altered",
                    link.stored, link.hash
                ),
            )
        } else if link.stored == link.hash {
            (
                next.map_or(link.seq, |n| n.seq),
                format!(
                    "{what_links} records {recorded} as the hash of entry {}, which hashes to {}",
                    link.seq, link.hash
                ),
            )
        } else {
            (
                link.seq,
                format!(
                    "its bytes hash to {}, but {what_links} records {recorded} and the store keeps {}: the entry was altered",
                    link.hash, link.stored
                ),
            )
        };
        self.problems.push(Problem {
            entry: Some(entry),
            what,
        });
    }
}
