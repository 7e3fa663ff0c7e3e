//! Proofs of answers: "which states were bound on D", or "why is S's status what it is", in a
//! bundle a third party recomputes offline.
//!
//! A bundle carries the question, the answer, a checkpoint, every entry indexed under the
//! treaty with its inclusion path, and the proof that exactly these entries are the treaty's:
//! the checkpoint's `treaties` line is the Merkle root over each treaty's index digest (its id
//! and the number and hash of every entry indexed under it, in order), and the bundle proves
//! the treaty's leaf. The verifier checks every path, recomputes the treaty's digest from the
//! entries it was given (so none can be left out, added or swapped), rebuilds the treaty's
//! history from them and recomputes the answer by the rules the registration entry records.

use crate::chain::entry::hash_bytes;
use crate::chain::merkle::{self, Leaves};
use crate::law::explanation;
use crate::law::membership::{self, Interpretation};
use crate::law::projection::{self, Basis};
use crate::ledger::{AsOf, Ledger, LedgerError, Placement, TreatyLog};
use crate::proof::checkpoint::{Checkpoint, KeyPair, PublicKey};
use crate::vocabulary::calendar::{Instant, LegalDate};
use crate::vocabulary::country::StateCode;
use crate::vocabulary::digest::Digest;
use crate::vocabulary::event::Event;
use crate::vocabulary::treaty::{Treaty, TreatyId};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// Context for a treaty's index digest.
pub const TREATY_INDEX_CONTEXT: &str = "pacta 2026-11-26 treaty index v1";

/// What was asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "command")]
pub enum Question {
    /// `pacta status TREATY --at DATE`
    Status { treaty: TreatyId, at: LegalDate },
    /// `pacta why TREATY STATE --at DATE`
    Why {
        treaty: TreatyId,
        state: StateCode,
        at: LegalDate,
    },
}

impl Question {
    pub fn treaty(&self) -> &TreatyId {
        match self {
            Question::Status { treaty, .. } | Question::Why { treaty, .. } => treaty,
        }
    }

    /// The answer, as the JSON `status` or `why` prints (without the evidence list).
    pub fn answer(
        &self,
        treaty: &Treaty,
        interpretation: &Interpretation,
        basis: Basis,
    ) -> serde_json::Value {
        let value = match self {
            Question::Status { at, .. } => {
                serde_json::to_value(projection::project(treaty, interpretation, *at, basis))
            }
            Question::Why { state, at, .. } => {
                serde_json::to_value(explanation::explain(treaty, interpretation, state, *at))
            }
        };
        value.expect("answers always serialise")
    }
}

/// One entry with its inclusion path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvenEntry {
    pub entry: u64,
    /// Canonical bytes, standard base64.
    pub bytes: String,
    pub path: Vec<Digest>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerProof {
    pub question: Question,
    pub answer: serde_json::Value,
    pub checkpoint: String,
    /// Every entry indexed under the treaty up to the checkpoint, in order.
    pub entries: Vec<ProvenEntry>,
    /// The treaty's place among the checkpoint's treaties (sorted by id), their number, and the
    /// path from its index digest to the `treaties` root.
    pub treaty_position: u64,
    pub treaty_count: u64,
    pub treaty_path: Vec<Digest>,
}

/// A treaty's index digest: its id, then the number and hash of each entry indexed under it.
pub fn treaty_digest(treaty: &TreatyId, entries: &[(u64, Digest)]) -> Digest {
    let id = treaty.as_str().as_bytes();
    let mut bytes = Vec::with_capacity(9 + id.len() + 40 * entries.len());
    bytes.push(id.len() as u8);
    bytes.extend_from_slice(id);
    bytes.extend_from_slice(&(entries.len() as u64).to_le_bytes());
    for (seq, hash) in entries {
        bytes.extend_from_slice(&seq.to_le_bytes());
        bytes.extend_from_slice(&hash.0);
    }
    Digest::of(TREATY_INDEX_CONTEXT, &bytes)
}

/// Every treaty's index digest over entries 1..upto, sorted by treaty id.
pub fn treaty_index(ledger: &Ledger, upto: u64) -> Result<Vec<(TreatyId, Digest)>, LedgerError> {
    let mut placement = Placement::default();
    let mut by_number: Vec<Vec<(u64, Digest)>> = Vec::new();
    for item in ledger.store().entries() {
        let (seq, bytes) = item?;
        if seq > upto {
            break;
        }
        let (_, event) =
            crate::chain::codec::decode_event(&bytes).map_err(|e| LedgerError::Damaged {
                entry: seq,
                what: e.to_string(),
            })?;
        if let Some((n, _)) = placement.place(seq, &event) {
            if n == by_number.len() {
                by_number.push(Vec::new());
            }
            by_number[n].push((seq, hash_bytes(&bytes)));
        }
    }
    let mut index: Vec<(TreatyId, Digest)> = placement
        .treaties()
        .iter()
        .zip(&by_number)
        .map(|(t, entries)| (t.clone(), treaty_digest(t, entries)))
        .collect();
    index.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(index)
}

fn index_leaves(index: &[(TreatyId, Digest)]) -> Vec<Digest> {
    index.iter().map(|(_, d)| merkle::leaf_hash(d)).collect()
}

/// Answers a question from entries 1..N and proves it.
pub fn prove(
    ledger: &Ledger,
    question: Question,
    as_of: AsOf,
    time: Instant,
    key: Option<&KeyPair>,
) -> Result<AnswerProof, LedgerError> {
    let upto = ledger.resolve(as_of)?;
    let treaty = question.treaty().clone();
    let index = treaty_index(ledger, upto)?;
    let position = index
        .iter()
        .position(|(t, _)| *t == treaty)
        .ok_or_else(|| {
            LedgerError::NotFound(format!(
                "treaty '{treaty}' is not registered in entries 1 to {upto}"
            ))
        })?;
    let leaves = index_leaves(&index);
    let mut checkpoint = ledger.checkpoint_at(upto, time, Some(merkle::mth(&leaves)))?;
    if let Some(key) = key {
        checkpoint.sign(key);
    }
    let view = ledger.view(&treaty, AsOf::Entries(upto))?;
    let answer = question.answer(&view.facts.treaty, &view.interpretation, view.basis);
    let mut entries = Vec::new();
    for seq in ledger
        .store()
        .treaty_seqs(treaty.as_str())?
        .into_iter()
        .take_while(|s| *s <= upto)
    {
        let sealed = ledger.entry(seq)?;
        entries.push(ProvenEntry {
            entry: seq,
            bytes: B64.encode(&sealed.bytes),
            path: ledger.inclusion_path(seq, upto)?,
        });
    }
    let treaty_path =
        merkle::inclusion_path(&mut Leaves(&leaves), position as u64, leaves.len() as u64)
            .expect("an in-memory tree cannot fail");
    Ok(AnswerProof {
        question,
        answer,
        checkpoint: checkpoint.to_text(),
        entries,
        treaty_position: position as u64,
        treaty_count: leaves.len() as u64,
        treaty_path,
    })
}

/// Checks an answer bundle offline; returns the checkpoint it rests on.
pub fn verify(proof: &AnswerProof, key: Option<&PublicKey>) -> Result<Checkpoint, String> {
    let c = Checkpoint::parse(&proof.checkpoint).map_err(|e| e.to_string())?;
    if let Some(key) = key
        && !c.signed_by(key)
    {
        return Err(format!(
            "the checkpoint is not signed by the key {}",
            key.name
        ));
    }
    let treaties_root = c
        .treaties
        .ok_or("the checkpoint has no treaties line, so it cannot show the entries are complete")?;
    let treaty = proof.question.treaty();
    let mut log = TreatyLog::default();
    let mut listed: Vec<(u64, Digest)> = Vec::new();
    let mut seen: HashSet<u64> = HashSet::new();
    for p in &proof.entries {
        if listed.last().is_some_and(|(last, _)| *last >= p.entry) {
            return Err(format!("entry {} is out of order or repeated", p.entry));
        }
        let (entry, hash) = crate::proof::check_entry(&c, p.entry, &p.bytes, &p.path)?;
        let about = match &entry.fact.event {
            Event::Retraction(r) => seen.contains(&r.target),
            event => event.treaty() == Some(treaty),
        };
        if !about {
            return Err(format!("entry {} is not about treaty {treaty}", p.entry));
        }
        seen.insert(p.entry);
        listed.push((p.entry, hash));
        log.apply(p.entry, &entry.fact);
    }
    let digest = treaty_digest(treaty, &listed);
    if !merkle::verify_inclusion(
        proof.treaty_position,
        proof.treaty_count,
        &merkle::leaf_hash(&digest),
        &proof.treaty_path,
        &treaties_root,
    ) {
        return Err(format!(
            "the entries given are not exactly those the checkpoint indexes under treaty {treaty}: one was left out, added or changed"
        ));
    }
    let facts = log
        .facts()
        .ok_or_else(|| format!("no registration of treaty {treaty} among the entries"))?;
    let interpretation = membership::interpret(&facts)
        .map_err(|e| format!("the entries contradict each other: {e}"))?;
    let recomputed = proof.question.answer(
        &facts.treaty,
        &interpretation,
        Basis {
            entries: c.size,
            head: c.head,
        },
    );
    if recomputed != proof.answer {
        return Err(format!(
            "the answer does not follow from the entries: {}",
            first_difference(&proof.answer, &recomputed, "answer")
        ));
    }
    Ok(c)
}

/// Where two JSON values first differ, as a path, for a useful refusal.
fn first_difference(claimed: &serde_json::Value, actual: &serde_json::Value, at: &str) -> String {
    use serde_json::Value;
    match (claimed, actual) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, va) in a {
                match b.get(k) {
                    Some(vb) if vb == va => {}
                    Some(vb) => return first_difference(va, vb, &format!("{at}.{k}")),
                    None => return format!("{at}.{k} should not be there"),
                }
            }
            b.keys()
                .find(|k| !a.contains_key(*k))
                .map_or(format!("{at} differs"), |k| format!("{at}.{k} is missing"))
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find(|(_, (x, y))| x != y)
            .map_or(format!("{at} differs"), |(i, (x, y))| {
                first_difference(x, y, &format!("{at}[{i}]"))
            }),
        _ => format!("{at} is {claimed}, but the entries give {actual}"),
    }
}
