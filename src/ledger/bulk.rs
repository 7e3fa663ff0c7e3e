//! Bulk recording: a long list of facts admitted, sealed and written one by one, all or none.
//! Each fact is checked as [`Ledger::record`] checks a list, and written at once past the
//! committed end of the store's files; the treaties are interpreted and the whole committed by
//! [`Bulk::finish`]. Memory grows with the treaties' acts, not with the facts' citations and
//! bytes, so a million facts fit where holding them whole would not.

use super::admission::{self, Admission};
use super::{Ledger, LedgerError, Recording, Result};
use crate::vocabulary::digest::Digest;
use crate::vocabulary::event::Fact;
use crate::vocabulary::field::FieldError;

/// Facts being recorded in one all-or-nothing append. Dropped before [`Bulk::finish`], or after
/// an error, it leaves the ledger as it was.
pub struct Bulk<'a> {
    admission: Admission<'a>,
}

/// A fact whose fields have been checked ([`Fact::check`]): it can be made on another thread
/// than the one that pushes it, so that checking overlaps admission.
#[derive(Debug, Clone)]
pub struct Checked(Fact);

impl Checked {
    /// Checks a fact's fields.
    pub fn new(fact: Fact) -> std::result::Result<Checked, FieldError> {
        fact.check()?;
        Ok(Checked(fact))
    }

    /// A fact put together from parts that have each passed [`Fact::check`] (an import's
    /// rows, each checked as it was read, merged under the same limits), not checked again:
    /// checking every field of a million facts twice costs a tenth of an import.
    pub fn of_checked_parts(fact: Fact) -> Checked {
        Checked(fact)
    }
}

/// What a bulk append recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appended {
    /// The number of the first new entry.
    pub first: u64,
    /// Every new entry's hash, in order.
    pub hashes: Vec<Digest>,
}

impl Ledger {
    /// Starts recording facts one by one, all or none; the ledger takes no other append until
    /// the bulk is finished or dropped.
    pub fn bulk<'a>(&'a self, recording: &'a Recording) -> Result<Bulk<'a>> {
        Ok(Bulk {
            admission: admission::streamed(self, recording)?,
        })
    }
}

impl Bulk<'_> {
    /// Admits the next fact and writes it (not yet committed). A refusal names the fact by its
    /// place in the list, from 0; after any error the bulk is to be dropped.
    pub fn push(&mut self, fact: Fact) -> Result<()> {
        let i = self.admission.len();
        self.admission.admit(i, fact)
    }

    /// As [`Bulk::push`], for a fact whose fields are checked already.
    pub fn push_checked(&mut self, fact: Checked) -> Result<()> {
        let i = self.admission.len();
        self.admission.admit_checked(i, fact.0)
    }

    /// The refusal of the next fact for a field [`Checked::new`] found wrong.
    pub fn invalid(&self, error: FieldError) -> LedgerError {
        LedgerError::Invalid {
            fact: Some(self.admission.len()),
            error,
        }
    }

    /// How many facts have been admitted.
    pub fn len(&self) -> usize {
        self.admission.len()
    }

    /// Whether none has.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Interprets every treaty the facts touch with all of them and commits the append: when
    /// this returns, every fact is recorded, or (on an error) none.
    pub fn finish(self) -> Result<Appended> {
        let first = self.admission.first();
        let hashes = self.admission.finish()?;
        Ok(Appended { first, hashes })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocabulary::calendar::{Instant, LegalDate};
    use crate::vocabulary::citation::Citation;
    use crate::vocabulary::country::StateCode;
    use crate::vocabulary::event::{Act, ActKind, Event};
    use crate::vocabulary::samples::registration;
    use crate::vocabulary::treaty::TreatyId;

    fn recording() -> Recording {
        Recording {
            recorder: "tester".into(),
            now: Instant::parse("2026-01-15T12:00:00Z").unwrap(),
        }
    }

    fn cited(event: Event, note: Option<&str>) -> Fact {
        Fact {
            event,
            citations: vec![Citation {
                url: Some("https://treaties.un.org/x".into()),
                ..Citation::titled("UNTC")
            }],
            note: note.map(String::from),
        }
    }

    fn act(state: &str, kind: ActKind, day: &str, note: Option<&str>) -> Fact {
        cited(
            Event::Act(Act {
                treaty: TreatyId::parse("ottawa").unwrap(),
                state: Some(StateCode::parse(state).unwrap()),
                kind,
                date: LegalDate::parse(day).unwrap(),
                effective: None,
            }),
            note,
        )
    }

    /// A streamed admission refuses a fact recorded before it or earlier in it, as
    /// `Ledger::record` does: domestic steps of one day differ by their notes.
    #[test]
    fn duplicates_are_refused_whether_recorded_or_pushed_before() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = Ledger::init(&dir.path().join("l")).unwrap();
        let recording = recording();
        let step = |note| act("FI", ActKind::DomesticStep, "2011-05-02", Some(note));
        ledger
            .record(
                &[
                    registration("ottawa"),
                    act("FI", ActKind::Accession, "2012-01-09", None),
                    step("a"),
                ],
                &recording,
            )
            .unwrap();
        let refused = |facts: Vec<Fact>| {
            let mut bulk = ledger.bulk(&recording).unwrap();
            let mut last = Ok(());
            for fact in facts {
                last = bulk.push(fact);
                if last.is_err() {
                    break;
                }
            }
            last.err().map(|e| e.to_string())
        };
        let recorded = refused(vec![act("FI", ActKind::Accession, "2012-01-09", None)]);
        assert!(recorded.unwrap().contains("already recorded as entry 2"));
        let pushed = refused(vec![step("b"), step("b")]);
        assert!(pushed.unwrap().contains("already recorded as entry 4"));
        assert!(refused(vec![step("a")]).unwrap().contains("as entry 3"));

        let mut bulk = ledger.bulk(&recording).unwrap();
        bulk.push(step("b")).unwrap();
        bulk.push(act("EE", ActKind::Accession, "2004-05-12", None))
            .unwrap();
        let appended = bulk.finish().unwrap();
        assert_eq!((appended.first, appended.hashes.len()), (4, 2));
        assert_eq!(ledger.head().unwrap().entries, 5);
        assert_eq!(ledger.entry(5).unwrap().hash, appended.hashes[1]);
    }
}
