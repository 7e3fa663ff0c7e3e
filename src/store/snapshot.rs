//! A snapshot: the files as the journal's state names them, with the journal's records laid
//! over them. Everything a reader sees comes through one, so it never mixes two moments.

use super::NewEntry;
use super::journal::{Record, StoredEntry};
use super::state::State;
use crate::chain::merkle::Growth;
use crate::chain::prefix::Prefix;
use crate::vocabulary::digest::Digest;
use std::collections::HashMap;

/// The ledger as one reading of the journal shows it.
#[derive(Debug)]
pub struct Snapshot {
    state: State,
    records: Vec<Record>,
    /// Every treaty id by number: the state's, then those the records add.
    treaties: Vec<String>,
    /// (record, entry) of each entry the records hold, in seq order.
    tail: Vec<(usize, usize)>,
    /// The Merkle nodes the records complete.
    nodes: HashMap<(u8, u64), Digest>,
}

impl Snapshot {
    /// A snapshot of records already known to continue the state.
    pub fn new(state: State, records: Vec<Record>) -> Snapshot {
        let treaties = state.treaties.iter().map(|t| t.id.clone()).collect();
        let mut snapshot = Snapshot {
            state,
            records: Vec::new(),
            treaties,
            tail: Vec::new(),
            nodes: HashMap::new(),
        };
        for record in records {
            snapshot.add(record);
        }
        snapshot
    }

    /// A snapshot of records read from a journal, checked to continue the state and each other:
    /// the head each starts from (count and hash), consecutive entry numbers, the last entry's
    /// hash, and treaty numbers that exist.
    pub fn checked(state: State, records: Vec<Record>) -> Result<Snapshot, String> {
        let mut snapshot = Snapshot::new(state, Vec::new());
        for (i, record) in records.into_iter().enumerate() {
            let head = snapshot.head();
            if record.from != head {
                return Err(format!(
                    "its record {} continues entry {} ({}), but the ledger before it ends at entry {} ({})",
                    i + 1,
                    record.from.entries,
                    record.from.head.short(),
                    head.entries,
                    head.head.short()
                ));
            }
            let treaties = snapshot.treaties.len() + record.new_treaties.len();
            let numbered = (record.from.entries + 1..=record.to.entries)
                .eq(record.entries.iter().map(|e| e.seq));
            let last_hash = record.entries.last().map(|e| e.hash);
            if !numbered
                || last_hash != Some(record.to.head)
                || record.entries.iter().any(|e| e.treaty as usize >= treaties)
            {
                return Err(format!(
                    "its record {} does not hold entries {} to {} as its heads say",
                    i + 1,
                    record.from.entries + 1,
                    record.to.entries
                ));
            }
            snapshot.add(record);
        }
        Ok(snapshot)
    }

    /// Lays one more record over the snapshot.
    pub fn add(&mut self, record: Record) {
        let r = self.records.len();
        self.treaties.extend(record.new_treaties.iter().cloned());
        self.tail.extend((0..record.entries.len()).map(|e| (r, e)));
        self.nodes.extend(
            record
                .nodes
                .iter()
                .map(|&(level, index, hash)| ((level, index), hash)),
        );
        self.records.push(record);
    }

    /// The state of the files.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// The records laid over the files.
    pub fn records(&self) -> &[Record] {
        &self.records
    }

    /// The number of entries and the last one's hash.
    pub fn head(&self) -> Prefix {
        self.records.last().map_or(self.state.head, |r| r.to)
    }

    /// Every treaty id, by number.
    pub fn treaties(&self) -> &[String] {
        &self.treaties
    }

    /// The number of the treaty with this id.
    pub fn treaty_number(&self, id: &str) -> Option<u32> {
        self.treaties.iter().position(|t| t == id).map(|n| n as u32)
    }

    /// An entry the records hold (one after the files' last).
    pub fn tail_entry(&self, seq: u64) -> Option<&StoredEntry> {
        let i = usize::try_from(seq.checked_sub(self.state.head.entries + 1)?).ok()?;
        let &(r, e) = self.tail.get(i)?;
        Some(&self.records[r].entries[e])
    }

    /// Every entry the records hold, in order.
    pub fn tail(&self) -> impl Iterator<Item = &StoredEntry> + '_ {
        self.tail.iter().map(|&(r, e)| &self.records[r].entries[e])
    }

    /// A Merkle node the records complete.
    pub fn tail_node(&self, level: u8, index: u64) -> Option<Digest> {
        self.nodes.get(&(level, index)).copied()
    }

    /// The record an append of `entries` from `from` to `to` writes: treaties first met get the
    /// next numbers.
    pub fn record(
        &self,
        from: Prefix,
        to: Prefix,
        entries: &[NewEntry<'_>],
        growth: &Growth,
    ) -> Record {
        let mut new_treaties: Vec<String> = Vec::new();
        let mut number = |id: &str| -> u32 {
            if let Some(n) = self.treaty_number(id) {
                return n;
            }
            let at = new_treaties
                .iter()
                .position(|t| t == id)
                .unwrap_or_else(|| {
                    new_treaties.push(id.to_string());
                    new_treaties.len() - 1
                });
            (self.treaties.len() + at) as u32
        };
        let stored = entries
            .iter()
            .map(|e| StoredEntry {
                seq: e.seq,
                hash: e.hash,
                treaty: number(e.treaty),
                state: e.state.unwrap_or("").to_string(),
                bytes: e.bytes.to_vec(),
            })
            .collect();
        Record {
            from,
            to,
            new_treaties,
            entries: stored,
            nodes: growth.nodes.clone(),
        }
    }
}
