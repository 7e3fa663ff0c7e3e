//! Interned strings: every distinct string of an import stored once, in one buffer, and named by
//! a number. Import files repeat titles, publishers and URLs on row after row; a million rows
//! hold a few distinct values of most columns.

use hashbrown::DefaultHashBuilder;
use hashbrown::HashTable;
use std::hash::BuildHasher;
use std::num::NonZeroU32;

/// The number of an interned string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Sym(NonZeroU32);

/// More distinct strings than a `Sym` can number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the file holds more than 4,294,967,294 distinct texts")]
pub struct TooMany;

/// The interned strings, each once.
#[derive(Default)]
pub struct Strings {
    bytes: String,
    /// Where string n (numbered from 1) ends in `bytes`; it starts where n − 1 ends.
    ends: Vec<usize>,
    /// Each string's number with 32 bits of its hash, so that growing the table reads no
    /// string again (their bytes are scattered over the whole buffer).
    table: HashTable<(u32, Sym)>,
    hasher: DefaultHashBuilder,
}

/// A table hash from 32 bits of a string's hash: spread over 64 bits, since the table takes
/// its buckets from the low bits and its tags from the high ones.
fn spread(short: u32) -> u64 {
    u64::from(short).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

impl Strings {
    /// The number of `text`, adding it if new.
    pub fn intern(&mut self, text: &str) -> Result<Sym, TooMany> {
        // Truncated on purpose: 32 bits tell strings apart well enough to compare few.
        let short = self.hasher.hash_one(text) as u32;
        let hash = spread(short);
        let Strings {
            bytes, ends, table, ..
        } = self;
        let same = |(h, s): &(u32, Sym)| *h == short && span(bytes, ends, *s) == text;
        if let Some((_, sym)) = table.find(hash, same) {
            return Ok(*sym);
        }
        let n = u32::try_from(ends.len() + 1).map_err(|_| TooMany)?;
        let sym = Sym(NonZeroU32::new(n).ok_or(TooMany)?);
        bytes.push_str(text);
        ends.push(bytes.len());
        table.insert_unique(hash, (short, sym), |(h, _)| spread(*h));
        Ok(sym)
    }

    /// As [`Strings::intern`], for an optional text.
    pub fn intern_option(&mut self, text: Option<&str>) -> Result<Option<Sym>, TooMany> {
        text.map(|t| self.intern(t)).transpose()
    }

    /// Gives back what only finding repeats needs, and spare capacity: for when every string
    /// has been interned (a string interned after is stored again, not found).
    pub fn shrink(&mut self) {
        self.table = HashTable::new();
        self.bytes.shrink_to_fit();
        self.ends.shrink_to_fit();
    }

    /// The string numbered `sym`.
    pub fn get(&self, sym: Sym) -> &str {
        span(&self.bytes, &self.ends, sym)
    }

    /// As [`Strings::get`], owned, for an optional number.
    pub fn owned(&self, sym: Option<Sym>) -> Option<String> {
        sym.map(|s| self.get(s).to_string())
    }
}

fn span<'a>(bytes: &'a str, ends: &[usize], sym: Sym) -> &'a str {
    let n = sym.0.get() as usize;
    let start = if n == 1 { 0 } else { ends[n - 2] };
    &bytes[start..ends[n - 1]]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_string_is_stored_once() {
        let mut strings = Strings::default();
        let a = strings.intern("UNTC").unwrap();
        let b = strings.intern("").unwrap();
        let c = strings.intern("UN").unwrap();
        assert_eq!(strings.intern("UNTC").unwrap(), a);
        assert_eq!(
            (strings.get(a), strings.get(b), strings.get(c)),
            ("UNTC", "", "UN")
        );
        assert_eq!(strings.bytes.len(), 6);
    }
}
