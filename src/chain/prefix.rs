//! A prefix of the chain: entries 1 to N and the hash of the last. The store's head, the basis of
//! a projection and the size and head of a checkpoint are all one.

use crate::vocabulary::digest::Digest;
use serde::Serialize;

/// Entries 1 to `entries`, and the hash of the last of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Prefix {
    /// Entries 1 to this number.
    pub entries: u64,
    /// The hash of the last of them (all zero for an empty prefix).
    pub head: Digest,
}

impl Prefix {
    /// The empty prefix, before the first entry.
    pub const EMPTY: Prefix = Prefix {
        entries: 0,
        head: Digest::ZERO,
    };
}
