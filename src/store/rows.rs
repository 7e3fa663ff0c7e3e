//! How entries and their index rows are grouped into sled values.
//!
//! sled costs several microseconds per key whatever the key holds, so an append writes as few
//! keys as it can: the entries of one append go into runs of consecutive entries, and its index
//! rows are grouped by what they are looked up by: hash rows by the hash's first byte, and
//! (treaty, state) rows by pair, or, for a treaty with many entries in the append, treaty rows
//! listing each entry's state. An append of one entry writes one run, one hash row and one
//! (treaty, state) row; an append of 100,000 writes about ten thousand keys. Rows are never rewritten: a later
//! append starts rows of its own, so grouping costs no read-modify-write.
//!
//! Values stay well under sled's blob threshold (a node of up to 17 values must fit in 128 KiB,
//! or sled writes it to a file of its own on every change).

use crate::vocabulary::digest::Digest;

/// The most bytes a run of several entries takes (a single larger entry is a run of its own).
pub const RUN_BYTES: usize = 6 * 1024;
/// Hash index pairs per row: 40 bytes each.
pub const HASH_PAIRS: usize = 128;
/// Sequence numbers per (treaty, state) row: 8 bytes each.
pub const STATE_SEQS: usize = 512;
/// From this many entries of one treaty in an append, the treaty's entries are indexed in
/// treaty rows rather than one (treaty, state) row per state: a bulk import touches most of a
/// treaty's states, and a key per state would be most of its cost.
pub const TREATY_ROWS_FROM: usize = 64;
/// The most bytes a treaty row takes (a few hundred entries).
pub const TREATY_ROW_BYTES: usize = 4096;

/// The runs `entries` (consecutive, in order) fall into, as (index of the first, value).
/// A run's value is each entry's canonical bytes after its length (u32 big-endian); a run holds
/// as many entries as fit in [`RUN_BYTES`], and at least one.
pub fn runs<'a>(entries: impl IntoIterator<Item = &'a [u8]>) -> Vec<(usize, Vec<u8>)> {
    let mut runs: Vec<(usize, Vec<u8>)> = Vec::new();
    for (i, bytes) in entries.into_iter().enumerate() {
        match runs.last_mut() {
            Some((_, value)) if value.len() + 4 + bytes.len() <= RUN_BYTES => {
                push_framed(value, bytes)
            }
            _ => {
                let mut value = Vec::with_capacity(RUN_BYTES + bytes.len());
                push_framed(&mut value, bytes);
                runs.push((i, value));
            }
        }
    }
    runs
}

fn push_framed(value: &mut Vec<u8>, bytes: &[u8]) {
    let len = u32::try_from(bytes.len()).expect("an entry is far smaller than 4 GiB");
    value.extend_from_slice(&len.to_be_bytes());
    value.extend_from_slice(bytes);
}

/// The entries of a run, in order. A damaged length is not trusted past the end of the run:
/// the entry it frames gets everything left, its length field included, so that the damage
/// shows as that entry's bytes (which then neither decode nor hash as they should) rather than
/// hiding the rest of the run, or hiding itself when the frame was the run's last.
pub fn split_run(value: &[u8]) -> Vec<&[u8]> {
    let mut entries = Vec::new();
    let mut rest = value;
    while !rest.is_empty() {
        let Some((len, body)) = rest.split_first_chunk::<4>() else {
            entries.push(rest);
            break;
        };
        let len = u32::from_be_bytes(*len) as usize;
        if len > body.len() {
            entries.push(rest);
            break;
        }
        let (entry, tail) = body.split_at(len);
        entries.push(entry);
        rest = tail;
    }
    entries
}

/// Hash index rows for entries given as (seq, hash): grouped by the hash's first byte, at most
/// [`HASH_PAIRS`] a row. A row's key suffix is its first entry's hash; its value that entry's
/// seq (u64 big-endian), then (hash, seq) for each further entry.
pub fn hash_rows(entries: &[(u64, Digest)]) -> Vec<(Digest, Vec<u8>)> {
    let mut buckets: Vec<Vec<(u64, Digest)>> = vec![Vec::new(); 256];
    for &(seq, hash) in entries {
        buckets[hash.0[0] as usize].push((seq, hash));
    }
    let mut rows = Vec::new();
    for bucket in buckets {
        for part in bucket.chunks(HASH_PAIRS) {
            let (first_seq, first_hash) = part[0];
            let mut value = Vec::with_capacity(8 + 40 * (part.len() - 1));
            value.extend_from_slice(&first_seq.to_be_bytes());
            for (seq, hash) in &part[1..] {
                value.extend_from_slice(&hash.0);
                value.extend_from_slice(&seq.to_be_bytes());
            }
            rows.push((first_hash, value));
        }
    }
    rows
}

/// The (hash, seq) pairs of a hash row, from its key suffix and value; `None` if malformed.
pub fn decode_hash_row(first: &[u8], value: &[u8]) -> Option<Vec<(Digest, u64)>> {
    let first = Digest(first.try_into().ok()?);
    let (seq, rest) = value.split_first_chunk::<8>()?;
    if !rest.len().is_multiple_of(40) {
        return None;
    }
    let mut pairs = vec![(first, u64::from_be_bytes(*seq))];
    for pair in rest.chunks_exact(40) {
        let (hash, seq) = pair.split_at(32);
        pairs.push((Digest(hash.try_into().ok()?), be_u64(seq)?));
    }
    Some(pairs)
}

/// (treaty, state) index rows: the seqs of each pair in order, at most [`STATE_SEQS`] a row.
/// A row's key ends with its first seq; its value holds the further seqs (u64 big-endian).
pub fn state_rows<'a>(entries: &[(u64, &'a str, &'a str)]) -> Vec<(&'a str, &'a str, Vec<u64>)> {
    let mut groups: Vec<((&str, &str), Vec<u64>)> = Vec::new();
    let mut position = std::collections::HashMap::new();
    for &(seq, treaty, state) in entries {
        let at = *position.entry((treaty, state)).or_insert_with(|| {
            groups.push(((treaty, state), Vec::new()));
            groups.len() - 1
        });
        groups[at].1.push(seq);
    }
    groups
        .into_iter()
        .flat_map(|((treaty, state), seqs)| {
            seqs.chunks(STATE_SEQS)
                .map(|part| (treaty, state, part.to_vec()))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Treaty rows for one treaty's entries in an append, given as (seq, state) in order: each row
/// as (its first seq, value), the value being each entry's state (its length as one byte,
/// then its bytes; empty for treaty-level entries) followed by its seq (u64 big-endian).
pub fn treaty_rows(entries: &[(u64, &str)]) -> Vec<(u64, Vec<u8>)> {
    let mut rows: Vec<(u64, Vec<u8>)> = Vec::new();
    for &(seq, state) in entries {
        let size = 1 + state.len() + 8;
        match rows.last_mut() {
            Some((_, value)) if value.len() + size <= TREATY_ROW_BYTES => {
                push_placed(value, seq, state)
            }
            _ => {
                let mut value = Vec::with_capacity(TREATY_ROW_BYTES);
                push_placed(&mut value, seq, state);
                rows.push((seq, value));
            }
        }
    }
    rows
}

fn push_placed(value: &mut Vec<u8>, seq: u64, state: &str) {
    let len = u8::try_from(state.len()).expect("a state code is a few letters");
    value.push(len);
    value.extend_from_slice(state.as_bytes());
    value.extend_from_slice(&seq.to_be_bytes());
}

/// The (state, seq) pairs of a treaty row whose key names `first`; `None` if malformed (or if
/// its first entry is not `first`).
pub fn decode_treaty_row(first: u64, value: &[u8]) -> Option<Vec<(&str, u64)>> {
    let mut pairs = Vec::new();
    let mut rest = value;
    while let Some((&len, tail)) = rest.split_first() {
        let (state, tail) = tail.split_at_checked(len as usize)?;
        let (seq, tail) = tail.split_first_chunk::<8>()?;
        pairs.push((std::str::from_utf8(state).ok()?, u64::from_be_bytes(*seq)));
        rest = tail;
    }
    (pairs.first()?.1 == first).then_some(pairs)
}

/// The further seqs of a (treaty, state) row; `None` if malformed.
pub fn decode_further_seqs(value: &[u8]) -> Option<Vec<u64>> {
    if !value.len().is_multiple_of(8) {
        return None;
    }
    value.chunks_exact(8).map(be_u64).collect()
}

pub fn be_u64(bytes: &[u8]) -> Option<u64> {
    Some(u64::from_be_bytes(bytes.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_close_at_their_size_and_split_back() {
        let small = vec![7u8; 1000];
        let large = vec![9u8; 3 * RUN_BYTES];
        let mut entries: Vec<&[u8]> = vec![small.as_slice(); 8];
        entries.extend([large.as_slice(), small.as_slice()]);
        let runs = runs(entries.iter().copied());
        assert_eq!(
            runs.iter().map(|(i, _)| *i).collect::<Vec<_>>(),
            vec![0, 6, 8, 9]
        );
        let back: Vec<&[u8]> = runs.iter().flat_map(|(_, v)| split_run(v)).collect();
        assert_eq!(back, entries);
    }

    #[test]
    fn a_damaged_length_stays_with_its_entry() {
        let (_, mut value) = runs([b"abc".as_slice(), b"defg"]).remove(0);
        value[3] = 200;
        assert_eq!(split_run(&value), vec![&value[..]]);
        value[3] = 1;
        assert_eq!(split_run(&value)[0], b"a");
    }

    /// A last frame whose length grew past the run must not yield that entry's true bytes, or
    /// the damage would go unseen.
    #[test]
    fn a_last_length_grown_past_the_run_is_not_its_entry() {
        let (_, mut value) = runs([b"abc".as_slice(), b"defg"]).remove(0);
        let last = 4 + 3;
        value[last + 3] += 16;
        let entries = split_run(&value);
        assert_eq!(entries.len(), 2);
        assert_ne!(entries[1], b"defg");
    }

    #[test]
    fn hash_rows_group_by_first_byte_and_decode() {
        let entries: Vec<(u64, Digest)> = (1..=300u64)
            .map(|seq| {
                let mut d = [0u8; 32];
                d[0] = (seq % 2) as u8;
                d[1..9].copy_from_slice(&seq.to_be_bytes());
                (seq, Digest(d))
            })
            .collect();
        let rows = hash_rows(&entries);
        assert_eq!(rows.len(), 4, "150 pairs per bucket make two rows each");
        let mut back: Vec<(u64, Digest)> = rows
            .iter()
            .flat_map(|(first, v)| decode_hash_row(&first.0, v).unwrap())
            .map(|(h, s)| (s, h))
            .collect();
        back.sort();
        assert_eq!(back, entries);
        assert!(decode_hash_row(&rows[0].0.0, &rows[0].1[..9]).is_none());
    }

    #[test]
    fn treaty_rows_close_at_their_size_and_decode() {
        let entries: Vec<(u64, &str)> = (1..=1000u64)
            .map(|seq| (seq, if seq % 3 == 0 { "" } else { "FI" }))
            .collect();
        let rows = treaty_rows(&entries);
        assert!(rows.len() > 1);
        assert!(rows.iter().all(|(_, v)| v.len() <= TREATY_ROW_BYTES));
        let back: Vec<(u64, &str)> = rows
            .iter()
            .flat_map(|(first, v)| decode_treaty_row(*first, v).unwrap())
            .map(|(state, seq)| (seq, state))
            .collect();
        assert_eq!(back, entries);
        let (first, value) = &rows[0];
        assert!(decode_treaty_row(first + 1, value).is_none());
        assert!(decode_treaty_row(*first, &value[..value.len() - 1]).is_none());
    }

    #[test]
    fn state_rows_keep_each_pairs_seqs_in_order() {
        let rows = state_rows(&[(1, "t", "FI"), (2, "t", ""), (3, "t", "FI"), (4, "u", "FI")]);
        assert_eq!(
            rows,
            vec![
                ("t", "FI", vec![1, 3]),
                ("t", "", vec![2]),
                ("u", "FI", vec![4])
            ]
        );
        assert_eq!(decode_further_seqs(&3u64.to_be_bytes()), Some(vec![3]));
        assert_eq!(decode_further_seqs(&[0; 7]), None);
    }
}
