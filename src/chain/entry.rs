//! Entries: the links of the hash chain, as plain data.
//!
//! An [`Entry`] wraps one [`Fact`] with its place in the chain: format version, sequence number,
//! the previous entry's hash, when and by whom it was recorded. How it becomes bytes is
//! [`crate::chain::codec`]'s; how those bytes are hashed is [`crate::chain::seal`]'s.

use crate::vocabulary::calendar::Instant;
use crate::vocabulary::digest::Digest;
use crate::vocabulary::event::Fact;
use serde::{Deserialize, Serialize};

/// The entry format this build writes and reads.
pub const FORMAT_VERSION: u16 = 1;

/// One link of the chain: a fact, where it stands in the log, and who recorded it when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The entry format, [`FORMAT_VERSION`].
    pub version: u16,
    /// 1 for the first entry, then one more for each.
    pub seq: u64,
    /// The hash of entry `seq - 1`; all zero for the first.
    pub prev: Digest,
    /// When the entry was recorded (transaction time).
    pub recorded_at: Instant,
    /// Who recorded it.
    pub recorder: String,
    /// What it records.
    pub fact: Fact,
}
