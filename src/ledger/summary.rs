//! The derived file `summary`: for each treaty, what a question about one state under every
//! treaty needs beyond that state's own entries: whether the treaty is registered, its own entry
//! into force (which rests on every state's instruments), and the numbers of its entries by the
//! state they are filed under. With it, `state FI` reads Finland's entries and the treaty-level
//! ones, not the whole log.
//!
//! Written by the writer whenever the files take new entries (the store's hook, after each
//! settling and bulk append), reusing the part of every treaty whose file did not grow; framed by
//! the store with the head it was computed at and a checksum (docs/FORMAT.md section 10). A
//! reader uses it only at that head, for the treaties with no entry in the journal since;
//! `verify` recomputes it and reports one that the entries do not give.

use super::across::treaty_events;
use super::{Ledger, Result};
use crate::chain::placement::Place;
use crate::chain::prefix::Prefix;
use crate::chain::seal;
use crate::law::facts::TreatyLog;
use crate::law::history::{Proven, TreatyInForce};
use crate::law::interpret;
use crate::parallel;
use crate::store::Store;
use crate::store::bytes::{Reader, put_name};
use crate::vocabulary::calendar::LegalDate;
use crate::vocabulary::country::StateCode;
use std::collections::{BTreeMap, HashMap};

/// The file's name in the ledger directory.
pub(super) const FILE_NAME: &str = "summary";

/// One treaty, as its entries in the files tell it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct TreatySummary {
    /// The treaty's id.
    pub id: String,
    /// Its entry file's committed length: a treaty whose file has not grown since is not
    /// summarised again.
    pub len: u64,
    /// It has a live registration.
    pub registered: bool,
    /// Its own entry into force, as all its acts fix it (the default when not registered).
    pub in_force: TreatyInForce,
    /// Its entries by the state they are filed under (the empty state for treaty-level ones),
    /// each list ascending.
    pub filed: BTreeMap<String, Vec<u64>>,
}

impl TreatySummary {
    /// The treaty-level entries and those filed under `state`, ascending.
    pub fn entries_with(&self, state: &str) -> Vec<u64> {
        let mut seqs: Vec<u64> = [self.filed.get(""), self.filed.get(state)]
            .into_iter()
            .flatten()
            .flatten()
            .copied()
            .collect();
        seqs.sort_unstable();
        seqs
    }
}

/// Every treaty with an entry in the files, in id order, at the head of the last settling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Summary {
    /// The prefix the files held.
    pub head: Prefix,
    /// Each treaty's summary, in id order.
    pub treaties: Vec<TreatySummary>,
}

impl Summary {
    /// The summary of treaty `id`.
    pub fn treaty(&self, id: &str) -> Option<&TreatySummary> {
        let i = self
            .treaties
            .binary_search_by(|t| t.id.as_str().cmp(id))
            .ok()?;
        Some(&self.treaties[i])
    }

    /// `treaties (u32) ‖ each: id ‖ file length (u64) ‖ registered (u8) ‖ nth instrument ‖ date
    /// by rule ‖ recorded date ‖ states (u32) ‖ each: state ‖ entries (u32) ‖ each (u64)`; a
    /// proven date is a present flag (u8) ‖ epoch days (i32) ‖ entry (u64), a date the same
    /// without the entry.
    fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(&(self.treaties.len() as u32).to_le_bytes());
        for t in &self.treaties {
            put_name(&mut out, &t.id);
            out.extend_from_slice(&t.len.to_le_bytes());
            out.push(u8::from(t.registered));
            let f = &t.in_force;
            put_proven(&mut out, f.nth_instrument);
            put_date(&mut out, f.by_rule);
            put_proven(&mut out, f.recorded);
            out.extend_from_slice(&(t.filed.len() as u32).to_le_bytes());
            for (state, seqs) in &t.filed {
                put_name(&mut out, state);
                out.extend_from_slice(&(seqs.len() as u32).to_le_bytes());
                for seq in seqs {
                    out.extend_from_slice(&seq.to_le_bytes());
                }
            }
        }
        out
    }

    /// Reads the body back, keeping the entries of every state or, with `only`, of that state
    /// and the treaty-level ones (the rest skipped unread: a question about one state needs
    /// no other's).
    fn decode(head: Prefix, body: &[u8], only: Option<&str>) -> Option<Summary> {
        let mut r = Reader(body);
        let treaties = (0..r.u32()?)
            .map(|_| {
                let id = r.name()?.to_string();
                let len = r.u64()?;
                let registered = match r.u8()? {
                    0 => false,
                    1 => true,
                    _ => return None,
                };
                let in_force = TreatyInForce {
                    nth_instrument: proven(&mut r)?,
                    by_rule: date(&mut r)?,
                    recorded: proven(&mut r)?,
                };
                let mut filed = BTreeMap::new();
                for _ in 0..r.u32()? {
                    let state = r.name()?;
                    let count = r.u32()? as usize;
                    if only.is_some_and(|only| !state.is_empty() && state != only) {
                        r.take(count.checked_mul(8)?)?;
                        continue;
                    }
                    let seqs = (0..count).map(|_| r.u64()).collect::<Option<_>>()?;
                    filed.insert(state.to_string(), seqs);
                }
                Some(TreatySummary {
                    id,
                    len,
                    registered,
                    in_force,
                    filed,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        r.is_done().then_some(Summary { head, treaties })
    }
}

fn put_date(out: &mut Vec<u8>, date: Option<LegalDate>) {
    match date {
        Some(d) => {
            out.push(1);
            out.extend_from_slice(&d.epoch_days().to_le_bytes());
        }
        None => out.push(0),
    }
}

fn put_proven(out: &mut Vec<u8>, proven: Option<Proven>) {
    put_date(out, proven.map(|p| p.date));
    if let Some(p) = proven {
        out.extend_from_slice(&p.entry.to_le_bytes());
    }
}

/// A date as [`put_date`] writes it: `Some(None)` for an absent one, `None` for damage.
fn date(r: &mut Reader<'_>) -> Option<Option<LegalDate>> {
    match r.u8()? {
        0 => Some(None),
        1 => {
            let days = i32::from_le_bytes(r.take(4)?.try_into().ok()?);
            Some(Some(LegalDate::from_epoch_days(days)?))
        }
        _ => None,
    }
}

fn proven(r: &mut Reader<'_>) -> Option<Option<Proven>> {
    match date(r)? {
        Some(date) => Some(Some(Proven {
            date,
            entry: r.u64()?,
        })),
        None => Some(None),
    }
}

/// Summarises treaty `id` from its entries among 1..=`upto`, its file being `len` bytes.
fn summarize(store: &Store, id: &str, len: u64, upto: u64) -> Result<TreatySummary> {
    let mut log = TreatyLog::default();
    // A retraction or a corroboration is filed with the entry it names, an earlier one of
    // the same treaty.
    let mut state_of: HashMap<u64, String> = HashMap::new();
    let mut filed: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    treaty_events(store, id, upto, |seq, event| {
        let state = match Place::of(event) {
            Place::Under(_, state) => state.map(|s| s.to_string()).unwrap_or_default(),
            Place::With(target) => state_of.get(&target).cloned().unwrap_or_default(),
        };
        filed.entry(state.clone()).or_default().push(seq);
        state_of.insert(seq, state);
        log.apply_event(seq, event, None);
    })?;
    let (registered, in_force) = match log.into_facts() {
        Some(facts) => {
            let interpretation =
                interpret::interpret(&facts).map_err(|c| super::LedgerError::Damaged {
                    entry: Some(c.entry),
                    what: format!("the stored acts contradict each other: {}", c.reason),
                })?;
            (true, interpretation.in_force)
        }
        None => (false, TreatyInForce::default()),
    };
    Ok(TreatySummary {
        id: id.to_string(),
        len,
        registered,
        in_force,
        filed,
    })
}

/// The summary of the files as they stand (the journal's entries left out), every treaty
/// summarised again but those whose file has not grown since `previous`.
fn compute(store: &Store, previous: Option<&Summary>) -> Result<Summary> {
    let (head, _) = store.settled();
    let mut lengths = store.committed_lengths();
    lengths.sort();
    let parts = parallel::per_core(&lengths, |part| {
        part.iter()
            .map(|(id, len)| match previous.and_then(|p| p.treaty(id)) {
                Some(kept) if kept.len == *len => Ok(kept.clone()),
                _ => summarize(store, id, *len, head.entries),
            })
            .collect::<Result<Vec<_>>>()
    });
    let mut treaties = Vec::with_capacity(lengths.len());
    for part in parts {
        treaties.extend(part?);
    }
    Ok(Summary { head, treaties })
}

/// The summary file as it stands, if its checksum holds, whatever its head; with `only`, the
/// entries of that state and the treaty-level ones alone.
fn stored(store: &Store, only: Option<&str>) -> Option<Summary> {
    let (head, body) = store.derived(FILE_NAME)?;
    Summary::decode(head, &body, only)
}

/// Whether `head` is a prefix of the ledger in the files: entry N's hash is its hash.
fn extends(store: &Store, head: Prefix) -> bool {
    match head.entries {
        0 => true,
        n => store
            .entry(n)
            .ok()
            .flatten()
            .is_some_and(|row| seal::hash_bytes(&row.bytes) == head.head),
    }
}

/// The store's hook: writes the summary of the files as they now stand, from the one before
/// when it is of an earlier prefix of the same ledger. Derived data: when it cannot be computed
/// or written, readers compute from the entries.
pub(super) fn write(store: &Store) {
    let previous = stored(store, None).filter(|p| extends(store, p.head));
    if let Ok(summary) = compute(store, previous.as_ref()) {
        let _ = store.write_derived(FILE_NAME, summary.head, &summary.encode());
    }
}

impl Ledger {
    /// The summary (with the entries of `state` alone), when it is of the last settling and
    /// every treaty file as it stands, and the treaties with entries in the journal since
    /// (which it does not cover).
    pub(super) fn summary(
        &self,
        state: &StateCode,
    ) -> Option<(Summary, std::collections::BTreeSet<String>)> {
        let (head, touched) = self.store.settled();
        let summary = stored(&self.store, Some(state.as_str())).filter(|s| s.head == head)?;
        let mut lengths = self.store.committed_lengths();
        lengths.sort();
        let covers = summary.treaties.len() == lengths.len()
            && summary
                .treaties
                .iter()
                .zip(&lengths)
                .all(|(t, (id, len))| t.id == *id && t.len == *len);
        covers.then_some((summary, touched))
    }

    /// What is wrong with the summary file, if it is sound and of the last settling but not
    /// what the entries give: for `verify`. (A damaged or stale file is not used, so it is not
    /// a fault.)
    pub fn summary_disagreement(&self) -> Option<String> {
        let (head, _) = self.store.settled();
        let stored = stored(&self.store, None).filter(|s| s.head == head)?;
        // Entries that do not read are the walk's to report, not this check's.
        let computed = compute(&self.store, None).ok()?;
        if stored == computed {
            return None;
        }
        let differs = stored
            .treaties
            .iter()
            .zip(&computed.treaties)
            .find(|(s, c)| s != c)
            .map_or_else(
                || "the treaties it lists".to_string(),
                |(s, _)| format!("treaty {}", s.id),
            );
        Some(format!(
            "the derived file `{FILE_NAME}` does not give what the entries do for {differs}; \
             delete it (readers then compute from the entries, and the next settling writes it again)"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocabulary::digest::Digest;

    #[test]
    fn the_body_round_trips_and_a_cut_one_is_refused() {
        let day = LegalDate::parse("1999-03-01").unwrap();
        let summary = Summary {
            head: Prefix {
                entries: 9,
                head: Digest([4; 32]),
            },
            treaties: vec![TreatySummary {
                id: "ottawa".into(),
                len: 1234,
                registered: true,
                in_force: TreatyInForce {
                    nth_instrument: Some(Proven {
                        date: day,
                        entry: 7,
                    }),
                    by_rule: Some(day),
                    recorded: None,
                },
                filed: BTreeMap::from([(String::new(), vec![1]), ("FI".to_string(), vec![2, 5])]),
            }],
        };
        let body = summary.encode();
        assert_eq!(
            Summary::decode(summary.head, &body, None),
            Some(summary.clone())
        );
        assert_eq!(
            Summary::decode(summary.head, &body[..body.len() - 1], None),
            None
        );
        let mut only = summary.clone();
        only.treaties[0].filed.remove("FI");
        assert_eq!(Summary::decode(summary.head, &body, Some("SE")), Some(only));
        assert_eq!(summary.treaties[0].entries_with("FI"), [1, 2, 5]);
        assert_eq!(summary.treaties[0].entries_with("SE"), [1]);
    }
}
