//! The index reads: entries by hash prefix, by treaty, by treaty and state; the whole indexes as
//! `verify` compares them; and any key that belongs to no known kind.

use super::layout::{
    CHUNK, DOCUMENT, DOCUMENT_META, ENTRY, HASH, HEAD_KEY, LAYOUT_KEY, NODE, STATE, TREATY,
    decode_state_key, key,
};
use super::rows::{self, be_u64};
use super::{Result, Store};
use crate::vocabulary::digest::Digest;
use std::collections::HashMap;

/// The (treaty, state) index as `verify` compares it: every entry it indexes, as (seq, treaty,
/// state) with the names as numbers into `names`, in order of seq.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StateIndex {
    /// Treaty ids and state codes in one list, numbered by position; the empty name stands for
    /// a treaty-level entry's missing state.
    pub names: Vec<String>,
    /// (seq, treaty's number, state's number) of every entry indexed, ascending.
    pub rows: Vec<(u64, u32, u32)>,
    /// Name → its number in `names`.
    numbers: HashMap<String, u32>,
}

impl StateIndex {
    /// An empty index that numbers names as `other` does, so that the two compare row by row.
    pub fn numbered_as(other: &StateIndex) -> StateIndex {
        StateIndex {
            names: other.names.clone(),
            rows: Vec::new(),
            numbers: other.numbers.clone(),
        }
    }

    /// The number of a name, given one if it has none yet.
    pub fn name(&mut self, name: &str) -> u32 {
        if let Some(&n) = self.numbers.get(name) {
            return n;
        }
        let n = self.names.len() as u32;
        self.names.push(name.to_string());
        self.numbers.insert(name.to_string(), n);
        n
    }
}

impl Store {
    /// Hashes and sequence numbers of entries whose hash starts with the given bytes (at
    /// least one).
    pub fn seqs_for_hash_prefix(&self, prefix: &[u8]) -> Result<Vec<(Digest, u64)>> {
        let Some(&bucket) = prefix.first() else {
            return Ok(Vec::new());
        };
        Ok(self
            .hash_index(&[HASH, bucket])?
            .into_iter()
            .filter(|(hash, _)| hash.0.starts_with(prefix))
            .collect())
    }

    fn hash_index(&self, prefix: &[u8]) -> Result<Vec<(Digest, u64)>> {
        let mut pairs = Vec::new();
        for item in self.db.scan_prefix(prefix) {
            let (k, v) = item.map_err(|e| self.sled(e))?;
            pairs.extend(
                rows::decode_hash_row(&k[1..], &v)
                    .ok_or_else(|| self.damaged("a hash index row is malformed"))?,
            );
        }
        Ok(pairs)
    }

    /// Sequence numbers of every entry indexed under a treaty, in order: its (treaty, state)
    /// rows and its treaty rows.
    pub fn treaty_seqs(&self, treaty: &str) -> Result<Vec<u64>> {
        let mut seqs = self.seqs_under(&key(STATE, &[treaty.as_bytes(), &[0]]))?;
        self.for_treaty_rows(treaty, |_, seq| seqs.push(seq))?;
        seqs.sort_unstable();
        Ok(seqs)
    }

    /// Every treaty id in the index, in order.
    pub fn treaty_ids(&self) -> Result<Vec<String>> {
        let mut ids = self.ids_under(STATE)?;
        ids.extend(self.ids_under(TREATY)?);
        ids.sort_unstable();
        ids.dedup();
        Ok(ids)
    }

    /// The treaty ids of the rows under one prefix, found with one seek per treaty.
    fn ids_under(&self, prefix: u8) -> Result<Vec<String>> {
        let mut ids = Vec::new();
        let mut from = vec![prefix];
        while let Some(item) = self.db.range(from.clone()..).next() {
            let (k, _) = item.map_err(|e| self.sled(e))?;
            let Some(body) = k.strip_prefix(&[prefix]) else {
                break;
            };
            let end = body
                .iter()
                .position(|&b| b == 0)
                .ok_or_else(|| self.damaged("an index key is malformed"))?;
            let id = &body[..end];
            ids.push(
                String::from_utf8(id.to_vec())
                    .map_err(|_| self.damaged("a treaty id is not UTF-8"))?,
            );
            // The first key past every row of this treaty.
            from = key(prefix, &[id, &[1]]);
        }
        Ok(ids)
    }

    /// Sequence numbers of every entry indexed under a treaty and state, in order; the empty state
    /// names the treaty-level entries (registrations, treaty-wide dates).
    pub fn state_seqs(&self, treaty: &str, state: &str) -> Result<Vec<u64>> {
        let mut seqs = self.seqs_under(&key(
            STATE,
            &[treaty.as_bytes(), &[0], state.as_bytes(), &[0]],
        ))?;
        self.for_treaty_rows(treaty, |s, seq| {
            if s == state {
                seqs.push(seq)
            }
        })?;
        seqs.sort_unstable();
        Ok(seqs)
    }

    /// Calls `visit` with (state, seq) for every entry in a treaty's treaty rows.
    fn for_treaty_rows(&self, treaty: &str, mut visit: impl FnMut(&str, u64)) -> Result<()> {
        let prefix = key(TREATY, &[treaty.as_bytes(), &[0]]);
        for item in self.db.scan_prefix(&prefix) {
            let (k, v) = item.map_err(|e| self.sled(e))?;
            let first = be_u64(&k[prefix.len()..])
                .ok_or_else(|| self.damaged("a treaty row key is malformed"))?;
            let pairs = rows::decode_treaty_row(first, &v)
                .ok_or_else(|| self.damaged("a treaty row is malformed"))?;
            for (state, seq) in pairs {
                visit(state, seq);
            }
        }
        Ok(())
    }

    /// The seqs of every (treaty, state) row under a key prefix. Only each key's last eight
    /// bytes are read: admission calls this for every fact, and the names are known.
    fn seqs_under(&self, prefix: &[u8]) -> Result<Vec<u64>> {
        let mut seqs = Vec::new();
        for item in self.db.scan_prefix(prefix) {
            let (k, v) = item.map_err(|e| self.sled(e))?;
            let first = k
                .len()
                .checked_sub(8)
                .filter(|&at| at >= prefix.len())
                .and_then(|at| be_u64(&k[at..]))
                .ok_or_else(|| self.damaged("an index key is malformed"))?;
            seqs.push(first);
            seqs.extend(
                rows::decode_further_seqs(&v)
                    .ok_or_else(|| self.damaged("an index row is malformed"))?,
            );
        }
        Ok(seqs)
    }

    /// (hash, seq) of every entry in the hash index, sorted.
    pub fn hash_index_rows(&self) -> Result<Vec<(Digest, u64)>> {
        let mut hashes = self.hash_index(&[HASH])?;
        hashes.sort_unstable();
        Ok(hashes)
    }

    /// Every entry the (treaty, state) index holds, from both kinds of row. Names are numbered
    /// as they are met, a row's names decoded once.
    pub fn state_index_rows(&self) -> Result<StateIndex> {
        let mut index = StateIndex::default();
        for item in self.db.scan_prefix([STATE]) {
            let (k, v) = item.map_err(|e| self.sled(e))?;
            let (treaty, state, first) =
                decode_state_key(&k).ok_or_else(|| self.damaged("an index key is malformed"))?;
            let (treaty, state) = (index.name(&treaty), index.name(&state));
            let further = rows::decode_further_seqs(&v)
                .ok_or_else(|| self.damaged("an index row is malformed"))?;
            for seq in std::iter::once(first).chain(further) {
                index.rows.push((seq, treaty, state));
            }
        }
        for treaty in self.ids_under(TREATY)? {
            let number = index.name(&treaty);
            let mut placed = Vec::new();
            self.for_treaty_rows(&treaty, |state, seq| placed.push((seq, state.to_string())))?;
            for (seq, state) in placed {
                let state = index.name(&state);
                index.rows.push((seq, number, state));
            }
        }
        index.rows.sort_unstable();
        Ok(index)
    }

    /// Every key the store holds that is neither an entry, an index row nor metadata. Only the
    /// gaps between the known prefixes are scanned, not the entries and indexes again.
    pub fn stray_keys(&self) -> Result<Vec<Vec<u8>>> {
        let known = [
            DOCUMENT,
            ENTRY,
            HASH,
            CHUNK,
            b'M',
            NODE,
            STATE,
            TREATY,
            DOCUMENT_META,
        ];
        let mut stray = Vec::new();
        let mut from: Vec<u8> = Vec::new();
        for prefix in known {
            stray.extend(self.keys_in(from.clone()..vec![prefix])?);
            from = vec![prefix + 1];
        }
        stray.extend(self.keys_in(from..)?);
        let meta = self.keys_in(b"M".to_vec()..b"N".to_vec())?;
        stray.extend(
            meta.into_iter()
                .filter(|k| k != HEAD_KEY && k != LAYOUT_KEY),
        );
        Ok(stray)
    }

    fn keys_in(&self, range: impl std::ops::RangeBounds<Vec<u8>>) -> Result<Vec<Vec<u8>>> {
        self.db
            .range(range)
            .map(|item| item.map(|(k, _)| k.to_vec()).map_err(|e| self.sled(e)))
            .collect()
    }
}
