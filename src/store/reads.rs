//! Reading entries back: a point read finds the run that holds an entry, a range scan walks
//! runs in order.

use super::layout::{ENTRY, key};
use super::rows::{self, be_u64};
use super::{Result, Store, StoreError};

impl Store {
    /// The bytes of entry `seq`, from the run that holds it.
    pub fn entry_bytes(&self, seq: u64) -> Result<Option<Vec<u8>>> {
        let Some((first, run)) = self.run_holding(seq)? else {
            return Ok(None);
        };
        let at = usize::try_from(seq - first).unwrap_or(usize::MAX);
        Ok(rows::split_run(&run).get(at).map(|bytes| bytes.to_vec()))
    }

    /// The bytes of entries `seqs` (ascending), reading each run that holds some of them once:
    /// a treaty loaded in bulk has many of its entries in each run.
    pub fn entries_at(&self, seqs: &[u64]) -> Result<Vec<(u64, Vec<u8>)>> {
        let mut out = Vec::with_capacity(seqs.len());
        let mut rest = seqs;
        while let Some(&seq) = rest.first() {
            let run = self.run_holding(seq)?;
            let (first, value) = run.ok_or_else(|| self.missing(seq))?;
            let entries = rows::split_run(&value);
            let held = rest
                .iter()
                .take_while(|&&s| s >= first && s - first < entries.len() as u64)
                .count();
            if held == 0 {
                return Err(self.missing(seq));
            }
            for &s in &rest[..held] {
                out.push((s, entries[(s - first) as usize].to_vec()));
            }
            rest = &rest[held..];
        }
        Ok(out)
    }

    fn missing(&self, seq: u64) -> StoreError {
        self.damaged(&format!("entry {seq} is indexed but not stored"))
    }

    /// The run that would hold entry `seq`: the last one starting at or before it, as (its
    /// first entry's number, its value).
    fn run_holding(&self, seq: u64) -> Result<Option<(u64, sled::IVec)>> {
        // Most runs hold a single entry (one per single append): a point read finds those, and
        // costs far less than sled's reverse range seek.
        let exact = key(ENTRY, &[&seq.to_be_bytes()]);
        if let Some(run) = self.db.get(&exact).map_err(|e| self.sled(e))? {
            return Ok(Some((seq, run)));
        }
        let last = self
            .db
            .range(key(ENTRY, &[&0u64.to_be_bytes()])..=key(ENTRY, &[&seq.to_be_bytes()]))
            .next_back();
        last.map(|item| {
            let (k, v) = item.map_err(|e| self.sled(e))?;
            Ok((self.run_start(&k)?, v))
        })
        .transpose()
    }

    /// Every stored entry in sequence order, as (seq, bytes).
    pub fn entries(&self) -> impl Iterator<Item = Result<(u64, Vec<u8>)>> + '_ {
        self.runs(self.db.scan_prefix([ENTRY]))
    }

    /// The stored entries numbered `from..to`, in order, as (seq, bytes).
    pub fn entries_between(
        &self,
        from: u64,
        to: u64,
    ) -> impl Iterator<Item = Result<(u64, Vec<u8>)>> + '_ {
        // Start at the run holding `from`, which may begin before it.
        let (start, failed) = match self.run_holding(from) {
            Ok(run) => (run.map_or(from, |(first, _)| first), None),
            Err(e) => (from, Some(Err(e))),
        };
        let range = key(ENTRY, &[&start.to_be_bytes()])..key(ENTRY, &[&to.to_be_bytes()]);
        failed.into_iter().chain(
            self.runs(self.db.range(range))
                .filter(move |item| !matches!(item, Ok((seq, _)) if *seq < from || *seq >= to)),
        )
    }

    /// The entries of the runs a scan yields, in order.
    fn runs(&self, scan: sled::Iter) -> impl Iterator<Item = Result<(u64, Vec<u8>)>> + '_ {
        scan.flat_map(move |item| {
            let run = item
                .map_err(|e| self.sled(e))
                .and_then(|(k, v)| Ok((self.run_start(&k)?, v)));
            let entries: Vec<Result<(u64, Vec<u8>)>> = match run {
                Ok((first, value)) => (first..)
                    .zip(rows::split_run(&value))
                    .map(|(seq, bytes)| Ok((seq, bytes.to_vec())))
                    .collect(),
                Err(e) => vec![Err(e)],
            };
            entries
        })
    }

    fn run_start(&self, key: &[u8]) -> Result<u64> {
        be_u64(&key[1..]).ok_or_else(|| self.damaged("an entry key is not 9 bytes"))
    }
}
