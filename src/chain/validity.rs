//! What makes one entry valid beyond its place in the chain (FORMAT.md section 2): its fields
//! (at least one citation among them), the earlier entry a retraction, corroboration or answering
//! statement names by number and hash, and its quotes found in the archived sources it names.
//!
//! `record` refuses such facts before they are written; these checks are for entries that come
//! from elsewhere (an export being restored, a ledger being verified), where nothing may be
//! trusted.

use crate::chain::entry::Entry;
use crate::vocabulary::digest::Digest;
use crate::vocabulary::event::Event;
use crate::vocabulary::source;
use std::collections::HashMap;

/// What kind of event an earlier entry holds, as far as the entries naming it care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A retraction: nothing may retract or corroborate it.
    Retraction,
    /// A corroboration: it may be retracted, not corroborated.
    Corroboration,
    /// Any other event.
    Fact,
}

impl Kind {
    /// The kind of `event`.
    pub fn of(event: &Event) -> Kind {
        match event {
            Event::Retraction(_) => Kind::Retraction,
            Event::Corroboration(_) => Kind::Corroboration,
            _ => Kind::Fact,
        }
    }
}

/// The hash and kind of every entry seen so far, in order: what the entries after them may name.
#[derive(Debug, Default)]
pub struct Seen {
    entries: Vec<(Digest, Kind)>,
}

impl Seen {
    /// Adds the next entry.
    pub fn push(&mut self, hash: Digest, kind: Kind) {
        self.entries.push((hash, kind));
    }

    /// Entry `seq`'s hash and kind, if it has been seen.
    pub fn get(&self, seq: u64) -> Option<(Digest, Kind)> {
        let index = usize::try_from(seq.checked_sub(1)?).ok()?;
        self.entries.get(index).copied()
    }
}

/// Checks `entry`'s fields and the earlier entry it names; `earlier` gives the hash and kind of
/// an entry before it. Returns what is wrong, in words.
pub fn check(entry: &Entry, earlier: impl Fn(u64) -> Option<(Digest, Kind)>) -> Result<(), String> {
    fields(entry)?;
    references(entry, earlier)
}

/// Checks `entry`'s fields alone: what needs no other entry.
pub fn fields(entry: &Entry) -> Result<(), String> {
    entry.fact.check().map_err(|e| e.to_string())
}

/// Whether `entry` names an earlier entry, or quotes an archived source: what [`references`]
/// and [`Quotes::check`] have to look at.
pub fn looks_elsewhere(entry: &Entry) -> bool {
    let names = match &entry.fact.event {
        Event::Retraction(_) | Event::Corroboration(_) => true,
        Event::Statement(s) => s.refers_to.is_some(),
        Event::TreatyRegistration(_) | Event::Act(_) | Event::Provisions(_) => false,
    };
    names
        || entry
            .fact
            .citations
            .iter()
            .any(|c| c.source.is_some() && c.quote.is_some())
}

/// Checks the earlier entry `entry` names, if it names one: that it is earlier, hashes to the
/// hash named, and is of a kind that may be so named.
pub fn references(
    entry: &Entry,
    earlier: impl Fn(u64) -> Option<(Digest, Kind)>,
) -> Result<(), String> {
    let named = |target: u64, hash: &Digest, what: &str| {
        let found = (target < entry.seq).then(|| earlier(target)).flatten();
        let Some((actual, kind)) = found else {
            return Err(format!(
                "it names no earlier entry to {what} (entry {target} is not before it)"
            ));
        };
        if actual != *hash {
            return Err(format!("entry {target} has hash {actual}, not {hash}"));
        }
        Ok(kind)
    };
    match &entry.fact.event {
        Event::Retraction(r) => {
            if named(r.target, &r.target_hash, "retract")? == Kind::Retraction {
                return Err(format!(
                    "entry {} is itself a retraction, which nothing retracts",
                    r.target
                ));
            }
        }
        Event::Corroboration(c) => {
            if named(c.target, &c.target_hash, "corroborate")? != Kind::Fact {
                return Err(format!(
                    "entry {} is a retraction or a corroboration, which nothing corroborates",
                    c.target
                ));
            }
        }
        Event::Statement(s) => {
            if let Some(r) = &s.refers_to {
                named(r.seq, &r.hash, "answer")?;
            }
        }
        Event::TreatyRegistration(_) | Event::Act(_) | Event::Provisions(_) => {}
    }
    Ok(())
}

/// The archived documents' texts, folded once each, against which quotes are looked for.
pub struct Quotes<F> {
    fetch: F,
    folded: HashMap<Digest, Option<String>>,
}

impl<F: FnMut(&Digest) -> Option<Vec<u8>>> Quotes<F> {
    /// Looks documents up with `fetch`, which gives a document's bytes if it is archived.
    pub fn new(fetch: F) -> Quotes<F> {
        Quotes {
            fetch,
            folded: HashMap::new(),
        }
    }

    /// Checks that each quote of `entry` naming an archived document occurs in it. A document
    /// that is not archived (or is no text) is not checked here: its absence is reported where
    /// the documents are.
    pub fn check(&mut self, entry: &Entry) -> Result<(), String> {
        for c in &entry.fact.citations {
            let (Some(digest), Some(quote)) = (c.source, &c.quote) else {
                continue;
            };
            let fetch = &mut self.fetch;
            let text = self.folded.entry(digest).or_insert_with(|| {
                let bytes = fetch(&digest)?;
                source::text(&bytes).ok().map(source::fold)
            });
            if let Some(text) = text
                && !text.contains(&source::fold(quote))
            {
                return Err(format!(
                    "the quote \"{quote}\" does not occur in the archived source {digest}"
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocabulary::calendar::Instant;
    use crate::vocabulary::citation::Citation;
    use crate::vocabulary::event::{Corroboration, Fact, Retraction};

    fn entry(seq: u64, event: Event) -> Entry {
        Entry {
            version: 1,
            seq,
            prev: Digest::ZERO,
            recorded_at: Instant::parse("2026-01-15T12:00:00Z").unwrap(),
            recorder: "tester".into(),
            fact: Fact {
                event,
                citations: vec![Citation {
                    url: Some("https://treaties.un.org/x".into()),
                    ..Citation::titled("UNTC")
                }],
                note: None,
            },
        }
    }

    fn retraction(target: u64, target_hash: Digest) -> Event {
        Event::Retraction(Retraction {
            target,
            target_hash,
            reason: "entered in error".into(),
        })
    }

    fn hash(byte: u8) -> Digest {
        Digest([byte; 32])
    }

    /// Entries 1 (a fact, hash 1) and 2 (a retraction, hash 2).
    fn seen() -> Seen {
        let mut seen = Seen::default();
        seen.push(hash(1), Kind::Fact);
        seen.push(hash(2), Kind::Retraction);
        seen
    }

    fn checked(e: &Entry) -> Result<(), String> {
        let seen = seen();
        check(e, |seq| seen.get(seq))
    }

    #[test]
    fn a_retraction_must_name_an_earlier_entry_by_its_hash_and_not_a_retraction() {
        assert_eq!(checked(&entry(3, retraction(1, hash(1)))), Ok(()));
        let wrong_hash = checked(&entry(3, retraction(1, hash(9)))).unwrap_err();
        assert!(wrong_hash.contains("entry 1 has hash"), "{wrong_hash}");
        let of_retraction = checked(&entry(3, retraction(2, hash(2)))).unwrap_err();
        assert!(
            of_retraction.contains("itself a retraction"),
            "{of_retraction}"
        );
        for target in [0, 3, 4, 99] {
            let why = checked(&entry(3, retraction(target, hash(1)))).unwrap_err();
            assert!(why.contains("names no earlier entry"), "{target}: {why}");
        }
    }

    #[test]
    fn a_corroboration_names_a_fact_only() {
        let corroborate = |target, h| {
            Event::Corroboration(Corroboration {
                target,
                target_hash: h,
            })
        };
        assert_eq!(checked(&entry(3, corroborate(1, hash(1)))), Ok(()));
        assert!(checked(&entry(3, corroborate(2, hash(2)))).is_err());
        assert!(checked(&entry(3, corroborate(1, hash(2)))).is_err());
    }

    #[test]
    fn fields_are_checked_and_a_fact_without_citations_is_not_valid() {
        let mut e = entry(3, retraction(1, hash(1)));
        e.fact.citations.clear();
        let why = checked(&e).unwrap_err();
        assert!(why.contains("at least one citation"), "{why}");
    }

    #[test]
    fn quotes_are_looked_for_in_archived_documents_only() {
        let document = b"Finland deposited\n  its instrument of accession.".to_vec();
        let digest = hash(7);
        let mut fetched = 0;
        let mut quotes = Quotes::new(|d: &Digest| {
            fetched += 1;
            (*d == digest).then(|| document.clone())
        });
        let quoting = |source: Digest, quote: &str| {
            let mut e = entry(3, retraction(1, hash(1)));
            e.fact.citations[0].source = Some(source);
            e.fact.citations[0].quote = Some(quote.into());
            e
        };
        assert!(looks_elsewhere(&quoting(digest, "x")));
        assert_eq!(
            quotes.check(&quoting(digest, "its instrument of accession")),
            Ok(())
        );
        let why = quotes.check(&quoting(digest, "its instrument of ratification"));
        assert!(why.unwrap_err().contains("does not occur"));
        // A document that is not archived is not checked here.
        assert_eq!(quotes.check(&quoting(hash(8), "anything")), Ok(()));
        drop(quotes);
        assert_eq!(fetched, 2, "each document is fetched once");
    }
}
