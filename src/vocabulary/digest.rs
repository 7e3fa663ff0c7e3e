//! BLAKE3 digests and the contexts that separate their uses.
//!
//! Every hash pacta computes is BLAKE3 in key-derivation mode with a context string of its own,
//! so that bytes hashed for one purpose (an entry) can never collide with bytes hashed for
//! another (an archived document). The contexts are part of the format: see `docs/FORMAT.md`.

use serde::{Deserialize, Deserializer, Serialize, Serializer, de};
use std::fmt;

/// Context for the hash of an entry's canonical bytes.
pub const ENTRY_CONTEXT: &str = "pacta 2026-11-26 entry v1";

/// A 32-byte BLAKE3 output; raw bytes in the canonical encoding, lower-case hex in JSON.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Digest(pub [u8; 32]);

impl Digest {
    /// The all-zero digest: the "previous hash" of the first entry.
    pub const ZERO: Digest = Digest([0; 32]);

    /// Hashes `bytes` under `context`.
    pub fn of(context: &str, bytes: &[u8]) -> Digest {
        Digest(blake3::derive_key(context, bytes))
    }

    /// The 64 lower-case hex digits by which a digest is written in JSON and in text.
    pub fn hex(&self) -> String {
        self.hex_digits().iter().map(|&d| d as char).collect()
    }

    /// The hex digits, without allocating: digests are written by the million in exports.
    fn hex_digits(&self) -> [u8; 64] {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut out = [0u8; 64];
        for (i, b) in self.0.iter().enumerate() {
            out[2 * i] = DIGITS[(b >> 4) as usize];
            out[2 * i + 1] = DIGITS[(b & 0xf) as usize];
        }
        out
    }

    /// The first 12 hex digits, enough to name an entry in a table.
    pub fn short(&self) -> String {
        self.hex()[..12].to_string()
    }

    /// Reads a digest from 64 hex digits, upper- or lower-case; `None` for text of another
    /// length or whose pairs do not parse as hex bytes.
    pub fn parse_hex(text: &str) -> Option<Digest> {
        if text.len() != 64 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let mut out = [0u8; 32];
        for (i, slot) in out.iter_mut().enumerate() {
            *slot = u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok()?;
        }
        Some(Digest(out))
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.hex_digits();
        f.write_str(std::str::from_utf8(&digits).expect("hex digits are ASCII"))
    }
}

impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Digest({})", self.hex())
    }
}

impl Serialize for Digest {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.collect_str(self)
        } else {
            self.0.serialize(serializer)
        }
    }
}

impl<'de> Deserialize<'de> for Digest {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            let text = String::deserialize(deserializer)?;
            Digest::parse_hex(&text)
                .ok_or_else(|| de::Error::custom(format!("'{text}' is not 64 hex digits")))
        } else {
            <[u8; 32]>::deserialize(deserializer).map(Digest)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip_and_domain_separation() {
        let d = Digest::of(ENTRY_CONTEXT, b"abc");
        assert_eq!(Digest::parse_hex(&d.hex()), Some(d));
        assert_ne!(d, Digest(*blake3::hash(b"abc").as_bytes()));
        assert_eq!(Digest::parse_hex("zz"), None);
        assert_eq!(Digest::parse_hex(&"g".repeat(64)), None);
    }
}
