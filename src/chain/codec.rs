//! The canonical byte encoding of entries: the only module that knows bincode.
//!
//! bincode 2.0.1 through serde, configured little-endian with fixed-width integers: every
//! integer has one width and byte order, strings and lists carry a u64 length, enum variants a
//! u32 tag and options a one-byte tag. `docs/FORMAT.md` spells out every byte. Decoding is
//! strict: trailing bytes, unknown versions and any non-canonical form are refused, so that one
//! entry has exactly one byte string and one hash.

use crate::chain::entry::{Entry, FORMAT_VERSION};
use crate::vocabulary::event::Event;
use crate::vocabulary::plural::count;
use bincode::config::{Configuration, Fixint, Limit, LittleEndian};

/// The largest entry the decoder accepts; field limits keep real entries far below it.
pub const MAX_ENTRY_BYTES: usize = 1 << 20;

type Canonical = Configuration<LittleEndian, Fixint, Limit<MAX_ENTRY_BYTES>>;

fn config() -> Canonical {
    bincode::config::standard()
        .with_little_endian()
        .with_fixed_int_encoding()
        .with_limit::<MAX_ENTRY_BYTES>()
}

/// Why stored bytes are not an entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The bytes end early or hold an invalid tag, string or value; holds the decoder's account.
    #[error("the bytes do not decode as an entry: {0}")]
    Malformed(String),
    /// An entry decodes from the start of the bytes, and this many bytes follow it.
    #[error("{} the end of the entry", count(*.0 as u64, "byte follows", "bytes follow"))]
    Trailing(usize),
    /// The first two bytes give a format version other than [`FORMAT_VERSION`]; holds it.
    #[error(
        "entry format version {0} is not known to this build (it reads version {FORMAT_VERSION})"
    )]
    Version(u16),
    /// The bytes decode, but re-encoding the entry gives different bytes.
    #[error("the bytes decode but are not in canonical form")]
    NotCanonical,
}

/// The canonical bytes of an entry.
pub fn encode_entry(entry: &Entry) -> Vec<u8> {
    bincode::serde::encode_to_vec(entry, config())
        .expect("every entry type has a fixed-length serde form and fits the size limit")
}

/// Decodes stored bytes strictly: trailing bytes, unknown versions and tags, bad option or bool
/// tags and non-canonical state codes are refused. With fixed-width integers these leave each
/// value exactly one encoding; [`decode_canonical`] checks that too.
pub fn decode_entry(bytes: &[u8]) -> Result<Entry, DecodeError> {
    if let [lo, hi, ..] = bytes {
        let version = u16::from_le_bytes([*lo, *hi]);
        if version != FORMAT_VERSION {
            return Err(DecodeError::Version(version));
        }
    }
    let (entry, used): (Entry, usize) = bincode::serde::decode_from_slice(bytes, config())
        .map_err(|e| DecodeError::Malformed(e.to_string()))?;
    if used != bytes.len() {
        return Err(DecodeError::Trailing(bytes.len() - used));
    }
    Ok(entry)
}

/// Decodes and re-encodes, refusing bytes that are not the canonical encoding of what they
/// decode to: the insurance `verify` and every hashed read take against a future field type
/// with more than one encoding. The re-encoding is compared with the bytes as it is made, not
/// written out: verify decodes a million entries.
pub fn decode_canonical(bytes: &[u8]) -> Result<Entry, DecodeError> {
    let entry = decode_entry(bytes)?;
    match is_encoding_of(&entry, bytes) {
        true => Ok(entry),
        false => Err(DecodeError::NotCanonical),
    }
}

/// Whether `bytes` are exactly the canonical encoding of `entry`.
fn is_encoding_of(entry: &Entry, bytes: &[u8]) -> bool {
    let mut rest = Unmatched(bytes);
    bincode::serde::encode_into_writer(entry, &mut rest, config()).is_ok() && rest.0.is_empty()
}

/// The bytes an encoding has yet to match: a [`bincode::enc::write::Writer`] that compares
/// what is written with them, and stops the encoding at the first difference.
struct Unmatched<'a>(&'a [u8]);

impl bincode::enc::write::Writer for Unmatched<'_> {
    fn write(&mut self, bytes: &[u8]) -> Result<(), bincode::error::EncodeError> {
        match self.0.strip_prefix(bytes) {
            Some(rest) => {
                self.0 = rest;
                Ok(())
            }
            None => Err(bincode::error::EncodeError::Other(
                "not the canonical bytes",
            )),
        }
    }
}

/// The leading fields of an entry, up to and including its event.
#[derive(serde::Deserialize)]
struct Head {
    version: u16,
    seq: u64,
    _prev: crate::vocabulary::digest::Digest,
    _recorded_at: crate::vocabulary::calendar::Instant,
    _recorder: String,
    event: Event,
}

/// Decodes only an entry's number and event, for reads that interpret facts and need neither
/// the citations nor the note (they are not decoded, so not allocated). The fields read are
/// checked as strictly as [`decode_entry`] checks them; the rest is left to `verify`.
pub fn decode_event(bytes: &[u8]) -> Result<(u64, Event), DecodeError> {
    let (head, _): (Head, usize) = bincode::serde::decode_from_slice(bytes, config())
        .map_err(|e| DecodeError::Malformed(e.to_string()))?;
    if head.version != FORMAT_VERSION {
        return Err(DecodeError::Version(head.version));
    }
    Ok((head.seq, head.event))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocabulary::calendar::Instant;
    use crate::vocabulary::digest::Digest;
    use crate::vocabulary::event::{Fact, Retraction};

    /// The encoding is compared with the bytes whole: a byte changed anywhere, one more or one
    /// fewer, is not the entry's encoding.
    #[test]
    fn only_the_exact_bytes_are_an_entrys_encoding() {
        let entry = Entry {
            version: FORMAT_VERSION,
            seq: 3,
            prev: Digest([1; 32]),
            recorded_at: Instant::parse("2026-01-02T03:04:05Z").unwrap(),
            recorder: "tester".into(),
            fact: Fact {
                event: Event::Retraction(Retraction {
                    target: 1,
                    target_hash: Digest([7; 32]),
                    reason: "wrong".into(),
                }),
                citations: vec![],
                note: Some("n".into()),
            },
        };
        let bytes = encode_entry(&entry);
        assert!(is_encoding_of(&entry, &bytes));
        assert_eq!(decode_canonical(&bytes), Ok(entry.clone()));
        for at in 0..bytes.len() {
            let mut changed = bytes.clone();
            changed[at] ^= 1;
            assert!(!is_encoding_of(&entry, &changed), "byte {at}");
        }
        assert!(!is_encoding_of(&entry, &[bytes.as_slice(), &[0]].concat()));
        assert!(!is_encoding_of(&entry, &bytes[..bytes.len() - 1]));
    }
}
