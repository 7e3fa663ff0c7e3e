//! Proofs of answers: "which states were bound on D", or "why is S's status what it is", in a
//! bundle a third party recomputes offline.
//!
//! A bundle carries the question, the answer, a checkpoint, every entry indexed under the
//! treaty, and the proof that exactly these entries are the treaty's: the checkpoint's
//! `treaties` line is the Merkle root over each treaty's index digest, and the bundle proves the
//! treaty's leaf. The verifier recomputes the treaty's digest from the entries it was given (so
//! none can be left out, added or swapped), rebuilds the treaty's history from them and
//! recomputes the answer by the rules the registration entry records.
//!
//! Version 2 (what pacta writes) digests a treaty as a hash chain over its entries
//! ([`crate::chain::treaty_chain`]), which the store keeps as entries are appended, and carries
//! each entry's bytes alone. Version 1 digested the treaty's whole list at once, so making one
//! meant reading the whole ledger, and carried each entry's inclusion path; it still verifies.

use crate::chain::merkle;
use crate::chain::prefix::Prefix;
use crate::chain::treaty_chain;
use crate::law::explanation;
use crate::law::facts::TreatyLog;
use crate::law::interpret::{self, Interpretation};
use crate::law::projection;
use crate::proof::checkpoint::Checkpoint;
use crate::proof::error::ProofError;
use crate::proof::inclusion;
use crate::proof::keys::PublicKey;
use crate::vocabulary::calendar::LegalDate;
use crate::vocabulary::country::StateCode;
use crate::vocabulary::digest::Digest;
use crate::vocabulary::treaty::{Treaty, TreatyId};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// Context for a treaty's index digest.
pub const TREATY_INDEX_CONTEXT: &str = "pacta 2026-11-26 treaty index v1";

/// What was asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "command")]
pub enum Question {
    /// `pacta status TREATY --at DATE`
    Status {
        /// The treaty whose membership is asked for.
        treaty: TreatyId,
        /// The day asked about (valid time).
        at: LegalDate,
    },
    /// `pacta why TREATY STATE --at DATE`
    Why {
        /// The treaty the state's status is under.
        treaty: TreatyId,
        /// The state whose status is explained.
        state: StateCode,
        /// The day asked about (valid time).
        at: LegalDate,
    },
}

impl Question {
    /// The treaty asked about: the bundle must hold exactly the entries indexed under it.
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
        basis: Prefix,
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

/// The answer bundle version pacta writes.
pub const ANSWER_VERSION: u32 = 2;

/// One entry of the treaty: its bytes, and in version 1 its inclusion path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvenEntry {
    /// The entry's number (its leaf index plus one).
    pub entry: u64,
    /// Canonical bytes, standard base64.
    pub bytes: String,
    /// Version 1 only: sibling hashes from the entry's leaf up to the checkpoint's root, hex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<Vec<Digest>>,
}

fn version_one() -> u32 {
    1
}

fn is_version_one(version: &u32) -> bool {
    *version == 1
}

/// An answer bundle: a question, its answer, and all a verifier needs to recompute the answer
/// offline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerProof {
    /// The bundle's version: 1 (absent) or 2, which says how the treaty's index digest is
    /// computed and whether entries carry inclusion paths.
    #[serde(default = "version_one", skip_serializing_if = "is_version_one")]
    pub version: u32,
    /// What was asked.
    pub question: Question,
    /// The answer as `status` or `why` print it with `--format json` (for `why`, without the
    /// evidence list); the verifier's recomputation must equal it exactly.
    pub answer: serde_json::Value,
    /// The checkpoint text, verbatim; it must have a `treaties` line.
    pub checkpoint: String,
    /// Every entry indexed under the treaty up to the checkpoint, in order.
    pub entries: Vec<ProvenEntry>,
    /// The treaty's place among the checkpoint's treaties (sorted by id), their number, and the
    /// path from its index digest to the `treaties` root.
    pub treaty_position: u64,
    /// How many treaties the checkpoint's treaty index holds.
    pub treaty_count: u64,
    /// Sibling hashes from the treaty's leaf up to the `treaties` root, hex.
    pub treaty_path: Vec<Digest>,
}

/// A treaty's index digest of version 1: its id, then the number and hash of each entry indexed
/// under it, hashed at once.
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

/// Checks an answer bundle offline; returns the checkpoint it rests on.
pub fn verify(proof: &AnswerProof, key: Option<&PublicKey>) -> Result<Checkpoint, ProofError> {
    let c = Checkpoint::parse_signed(&proof.checkpoint, key)?;
    let refuse = |why: String| ProofError::Answer(why);
    if !matches!(proof.version, 1 | 2) {
        return Err(refuse(format!(
            "answer bundle version {} is not one this build reads (1 or 2)",
            proof.version
        )));
    }
    let treaties_root = c.treaties.ok_or_else(|| {
        refuse(
            "the checkpoint has no treaties line, so it cannot show the entries are complete"
                .into(),
        )
    })?;
    let treaty = proof.question.treaty();
    let mut log = TreatyLog::default();
    let mut listed: Vec<(u64, Digest)> = Vec::new();
    let mut seen: HashSet<u64> = HashSet::new();
    for p in &proof.entries {
        if listed.last().is_some_and(|(last, _)| *last >= p.entry) {
            return Err(refuse(format!(
                "entry {} is out of order or repeated",
                p.entry
            )));
        }
        let (entry, hash) = match (proof.version, &p.path) {
            (1, Some(path)) => inclusion::check_entry(&c, p.entry, &p.bytes, path)?,
            (1, None) => return Err(refuse(format!("entry {} has no path", p.entry))),
            (_, None) => inclusion::check_bytes(&c, p.entry, &p.bytes)?,
            (_, Some(_)) => {
                return Err(refuse(format!(
                    "entry {} carries a path, which version {} bundles do not",
                    p.entry, proof.version
                )));
            }
        };
        // A retraction or corroboration is about the treaty of the entry it names.
        let about = match entry.fact.event.target() {
            Some(target) => seen.contains(&target),
            None => entry.fact.event.treaty() == Some(treaty),
        };
        if !about {
            return Err(refuse(format!(
                "entry {} is not about treaty {treaty}",
                p.entry
            )));
        }
        seen.insert(p.entry);
        listed.push((p.entry, hash));
        log.apply(p.entry, &entry.fact);
    }
    let digest = match proof.version {
        1 => treaty_digest(treaty, &listed),
        _ => treaty_chain::chain(treaty.as_str(), &listed),
    };
    if !merkle::verify_inclusion(
        proof.treaty_position,
        proof.treaty_count,
        &merkle::leaf_hash(&digest),
        &proof.treaty_path,
        &treaties_root,
    ) {
        return Err(refuse(format!(
            "the entries given are not exactly those the checkpoint indexes under treaty {treaty}: an entry was left out, added or changed"
        )));
    }
    let facts = log.into_facts().ok_or_else(|| {
        refuse(format!(
            "no registration of treaty {treaty} among the entries"
        ))
    })?;
    let interpretation = interpret::interpret(&facts)
        .map_err(|e| refuse(format!("the entries contradict each other: {e}")))?;
    let recomputed = proof.question.answer(
        &facts.treaty,
        &interpretation,
        Prefix {
            entries: c.size,
            head: c.head,
        },
    );
    let (claimed, recomputed) = (without_names(&proof.answer), without_names(&recomputed));
    if recomputed != claimed {
        return Err(refuse(format!(
            "the answer does not follow from the entries: {}",
            first_difference(&claimed, &recomputed, "answer")
        )));
    }
    Ok(c)
}

/// The answer without the names shown beside state codes: they come from the names table of
/// the build that made the answer, not from the entries, so a renamed state (Swaziland to
/// Eswatini) must not make an answer made before the rename unverifiable.
fn without_names(answer: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match answer {
        Value::Object(fields) => Value::Object(
            fields
                .iter()
                .filter(|(k, _)| !(k.as_str() == "name" && fields.contains_key("state")))
                .map(|(k, v)| (k.clone(), without_names(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_names).collect()),
        other => other.clone(),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_names_beside_state_codes_are_not_compared_and_nothing_else_is_dropped() {
        let made = serde_json::json!({
            "treaty": "ottawa",
            "name": "kept: no state beside it",
            "states": [{"state": "SZ", "name": "Swaziland", "status": "party"}],
        });
        let now = serde_json::json!({
            "treaty": "ottawa",
            "name": "kept: no state beside it",
            "states": [{"state": "SZ", "name": "Eswatini", "status": "party"}],
        });
        assert_eq!(without_names(&made), without_names(&now));
        let mut other = now.clone();
        other["states"][0]["status"] = "signatory".into();
        assert_ne!(without_names(&made), without_names(&other));
        let mut renamed = now.clone();
        renamed["name"] = "changed".into();
        assert_ne!(without_names(&made), without_names(&renamed));
    }
}
