//! Entries: the links of the hash chain.
//!
//! An [`Entry`] wraps one [`Fact`] with its place in the chain: format version, sequence number,
//! the previous entry's hash, when and by whom it was recorded. Its hash is BLAKE3 (context
//! [`ENTRY_CONTEXT`]) over its canonical bytes, which include the previous hash, so each entry
//! commits to the whole history before it.

use crate::chain::codec;
use crate::vocabulary::calendar::Instant;
use crate::vocabulary::digest::{Digest, ENTRY_CONTEXT};
use crate::vocabulary::event::Fact;
use serde::{Deserialize, Serialize};

/// The entry format this build writes and reads.
pub const FORMAT_VERSION: u16 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub version: u16,
    /// 1 for the first entry, then one more for each.
    pub seq: u64,
    /// The hash of entry `seq - 1`; all zero for the first.
    pub prev: Digest,
    pub recorded_at: Instant,
    pub recorder: String,
    pub fact: Fact,
}

/// An entry together with its canonical bytes and their hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    pub entry: Entry,
    pub bytes: Vec<u8>,
    pub hash: Digest,
}

impl Entry {
    /// Encodes and hashes the entry.
    pub fn seal(self) -> Sealed {
        let bytes = codec::encode_entry(&self);
        let hash = hash_bytes(&bytes);
        Sealed {
            entry: self,
            bytes,
            hash,
        }
    }
}

/// The hash of an entry's canonical bytes.
pub fn hash_bytes(bytes: &[u8]) -> Digest {
    // Deriving the context key costs a compression per call; entries are hashed by the
    // hundred thousand, so the keyed state is derived once and cloned.
    static KEYED: std::sync::LazyLock<blake3::Hasher> =
        std::sync::LazyLock::new(|| blake3::Hasher::new_derive_key(ENTRY_CONTEXT));
    Digest(*KEYED.clone().update(bytes).finalize().as_bytes())
}

impl Sealed {
    /// Decodes stored bytes; the hash is recomputed from them, never trusted from elsewhere.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Sealed, codec::DecodeError> {
        let entry = codec::decode_canonical(&bytes)?;
        let hash = hash_bytes(&bytes);
        Ok(Sealed { entry, bytes, hash })
    }
}
