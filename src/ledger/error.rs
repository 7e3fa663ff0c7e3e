//! What can go wrong in the ledger, as values. Messages say what is wrong; what to do about it is
//! for the front end to say (the CLI adds its hints), so no message here names a command or flag.

use crate::store::StoreError;
use crate::vocabulary::calendar::Instant;
use crate::vocabulary::digest::Digest;
use crate::vocabulary::field::FieldError;
use crate::vocabulary::plural::count;
use crate::vocabulary::treaty::TreatyId;

/// Why a ledger operation failed.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    /// The store failed or is damaged.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A fact's own fields are wrong; `fact` is its position in the list given, when the error is
    /// about one fact.
    #[error("{error}")]
    Invalid {
        /// The position of the fact in the list given.
        fact: Option<usize>,
        /// The field at fault.
        error: FieldError,
    },
    /// A fact contradicts the ledger or the recording context.
    #[error("{refusal}")]
    Refused {
        /// The position of the fact in the list given, when the refusal is about one fact.
        fact: Option<usize>,
        /// Why.
        refusal: Refusal,
    },
    /// A stored entry cannot be read.
    #[error("{}", damaged(*entry, what))]
    Damaged {
        /// The entry at fault, when one is.
        entry: Option<u64>,
        /// What was found.
        what: String,
    },
    /// The ledger does not hold what a checkpoint describes.
    #[error("{0}")]
    NotExtended(String),
    /// Something asked for is not in the ledger.
    #[error(transparent)]
    NotFound(#[from] NotFound),
}

fn damaged(entry: Option<u64>, what: &str) -> String {
    match entry {
        Some(entry) => format!("entry {entry} is damaged: {what}"),
        None => format!("the ledger is damaged: {what}"),
    }
}

impl LedgerError {
    /// The position of the offending fact, for errors about a fact.
    pub fn fact(&self) -> Option<usize> {
        match self {
            LedgerError::Invalid { fact, .. } | LedgerError::Refused { fact, .. } => *fact,
            _ => None,
        }
    }

    /// A refusal of the fact at position `fact`.
    pub(crate) fn refused(fact: usize, refusal: Refusal) -> LedgerError {
        LedgerError::Refused {
            fact: Some(fact),
            refusal,
        }
    }
}

/// Why a fact is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The fact is about a treaty the ledger has not registered.
    #[error("unknown treaty '{0}'")]
    UnknownTreaty(TreatyId),
    /// A citation names an archived document the ledger does not hold.
    #[error("the archived source {0} is not in this ledger")]
    SourceNotArchived(Digest),
    /// A citation names an archived document but quotes nothing from it.
    #[error("a citation naming the archived source {} has no quote to check against it", .0.short())]
    QuoteMissing(Digest),
    /// The recording time is before the last entry's.
    #[error(
        "the recording time {now} is before the last entry was recorded ({last}); recording times may not go backwards"
    )]
    ClockBehind {
        /// The recording time given.
        now: Instant,
        /// The last entry's recording time.
        last: Instant,
    },
    /// The fact contradicts the ledger, the treaty's rules or the recording context.
    #[error("{0}")]
    Conflict(String),
}

/// What was asked for and is not there.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotFound {
    /// No entry has this number.
    #[error("there is no entry {0}")]
    Entry(u64),
    /// The text names neither an entry number nor a hash prefix.
    #[error(
        "'{0}' is neither an entry number nor a hash prefix of at least 4 hex digits (n:N names entry N, h:HEX the entry whose hash starts with HEX)"
    )]
    BadReference(String),
    /// Digits that are one entry's number and the start of other entries' hashes.
    #[error("{}", ambiguous_reference(text, *seq, hashed))]
    AmbiguousReference {
        /// The digits given.
        text: String,
        /// The entry they number.
        seq: u64,
        /// The entries whose hash starts with them.
        hashed: Vec<u64>,
    },
    /// No entry's hash starts with these digits.
    #[error("no entry's hash starts with {0}")]
    NoHash(String),
    /// Several entries' hashes start with these digits.
    #[error("{count} entries' hashes start with {prefix}")]
    AmbiguousHash {
        /// The digits given.
        prefix: String,
        /// How many entries match.
        count: usize,
    },
    /// A prefix longer than the ledger was asked for.
    #[error("the ledger holds only {}, not {asked}", count(*.held, "entry", "entries"))]
    BeyondHead {
        /// The number of entries asked for.
        asked: u64,
        /// The number the ledger holds.
        held: u64,
    },
    /// The treaty is not registered in the prefix read.
    #[error("treaty '{treaty}' is not registered in entries 1 to {upto}")]
    Treaty {
        /// The treaty asked for.
        treaty: TreatyId,
        /// The prefix read.
        upto: u64,
    },
    /// An entry outside the tree a proof was asked of.
    #[error("entry {seq} is not among the first {}", count(*.size, "entry", "entries"))]
    NotInTree {
        /// The entry.
        seq: u64,
        /// The size of the tree.
        size: u64,
    },
    /// An empty ledger has no checkpoint.
    #[error("an empty ledger has no checkpoint")]
    Empty,
}

/// The result of a ledger operation.
pub type Result<T> = std::result::Result<T, LedgerError>;

/// "'1234' is entry 1234's number and the start of entry 17's hash: write n:1234 for entry
/// 1234, or h:1234 for entry 17".
fn ambiguous_reference(text: &str, seq: u64, hashed: &[u64]) -> String {
    let entries: Vec<String> = hashed.iter().map(u64::to_string).collect();
    let (whose, which) = match entries.as_slice() {
        [one] => (
            format!("entry {one}'s hash"),
            format!("h:{text} for entry {one}"),
        ),
        many => (
            format!("the hashes of entries {}", many.join(", ")),
            format!("h:{text} and more digits for one of those"),
        ),
    };
    format!(
        "'{text}' is entry {seq}'s number and the start of {whose}: write n:{seq} for entry {seq}, or {which}"
    )
}
