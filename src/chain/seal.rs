//! Sealing: an entry's canonical bytes and their hash, which the next entry links to.
//!
//! The hash is BLAKE3 in derive-key mode (context [`ENTRY_CONTEXT`]) over the canonical bytes;
//! they include the previous entry's hash, so each entry commits to the whole history before it.

use crate::chain::codec::{self, DecodeError};
use crate::chain::entry::Entry;
use crate::vocabulary::digest::{Digest, ENTRY_CONTEXT};

/// An entry together with its canonical bytes and their hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    /// The entry.
    pub entry: Entry,
    /// Its canonical bytes.
    pub bytes: Vec<u8>,
    /// The hash of those bytes.
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

impl Sealed {
    /// Decodes stored bytes; the hash is recomputed from them, never trusted from elsewhere.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Sealed, DecodeError> {
        let entry = codec::decode_canonical(&bytes)?;
        let hash = hash_bytes(&bytes);
        Ok(Sealed { entry, bytes, hash })
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
