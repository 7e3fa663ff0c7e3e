//! Byte framing for the store's own files: a cursor that reads fixed-width little-endian
//! integers and length-framed byte strings, and the writers that match it (`docs/FORMAT.md`
//! section 10).

use crate::chain::prefix::Prefix;
use crate::vocabulary::digest::Digest;

/// Frames a derived file (one that readers check and may ignore): `magic ‖ entries (u64) ‖ head
/// hash ‖ body ‖ checksum`, the checksum BLAKE3 keyed by `context` over everything before it.
pub fn frame(magic: &[u8; 8], context: &str, head: Prefix, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() + 80);
    out.extend_from_slice(magic);
    out.extend_from_slice(&head.entries.to_le_bytes());
    out.extend_from_slice(&head.head.0);
    out.extend_from_slice(body);
    let checksum = Digest::of(context, &out);
    out.extend_from_slice(&checksum.0);
    out
}

/// The head and body of a file [`frame`] wrote, if its magic and checksum hold.
pub fn unframe<'a>(bytes: &'a [u8], magic: &[u8; 8], context: &str) -> Option<(Prefix, &'a [u8])> {
    let (framed, checksum) = bytes.split_at_checked(bytes.len().checked_sub(32)?)?;
    if Digest::of(context, framed).0 != checksum {
        return None;
    }
    let mut r = Reader(framed);
    if r.take(8)? != magic {
        return None;
    }
    let head = Prefix {
        entries: r.u64()?,
        head: Digest(r.digest()?),
    };
    Some((head, r.0))
}

/// Reads a byte string front to back; every read is checked, so damaged bytes give `None`.
pub struct Reader<'a>(pub &'a [u8]);

impl<'a> Reader<'a> {
    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (taken, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(taken)
    }

    /// The next byte.
    pub fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    /// The next u32, little-endian.
    pub fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    /// The next u64, little-endian.
    pub fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    /// The next 32 bytes.
    pub fn digest(&mut self) -> Option<[u8; 32]> {
        self.take(32)?.try_into().ok()
    }

    /// A string after its length (u8), as a name is written.
    pub fn name(&mut self) -> Option<&'a str> {
        let len = self.u8()? as usize;
        std::str::from_utf8(self.take(len)?).ok()
    }

    /// Bytes after their length (u32).
    pub fn framed(&mut self) -> Option<&'a [u8]> {
        let len = self.u32()? as usize;
        self.take(len)
    }

    /// Whether everything was read.
    pub fn is_done(&self) -> bool {
        self.0.is_empty()
    }
}

/// Writes a name after its length (u8); names (treaty ids, state codes) are far below 256 bytes.
pub fn put_name(out: &mut Vec<u8>, name: &str) {
    let len = u8::try_from(name.len()).expect("names are limited far below 256 bytes");
    out.push(len);
    out.extend_from_slice(name.as_bytes());
}

/// Writes bytes after their length (u32).
pub fn put_framed(out: &mut Vec<u8>, bytes: &[u8]) {
    let len = u32::try_from(bytes.len()).expect("an entry is far smaller than 4 GiB");
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(bytes);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_written_reads_back_and_short_input_is_none() {
        let mut out = Vec::new();
        put_name(&mut out, "ottawa");
        put_framed(&mut out, b"entry");
        out.extend_from_slice(&7u64.to_le_bytes());
        let mut r = Reader(&out);
        assert_eq!(r.name(), Some("ottawa"));
        assert_eq!(r.framed(), Some(b"entry".as_slice()));
        assert_eq!(r.u64(), Some(7));
        assert!(r.is_done());
        assert_eq!(Reader(&out[..3]).name(), None);
        assert_eq!(Reader(&[9, 0, 0, 0, 1]).framed(), None);
    }
}
