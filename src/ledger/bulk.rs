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
