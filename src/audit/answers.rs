//! Answer bundles made from a ledger: the treaty index committed in the checkpoint, and every
//! entry of the treaty with its inclusion path (checked offline by [`crate::proof::answer`]).

use crate::audit::checkpoint;
use crate::chain::codec;
use crate::chain::merkle::{self, Leaves};
use crate::chain::placement::Placement;
use crate::chain::seal::hash_bytes;
use crate::ledger::{AsOf, Ledger, LedgerError, NotFound, Result};
use crate::proof::answer::{AnswerProof, ProvenEntry, Question, treaty_digest};
use crate::proof::keys::KeyPair;
use crate::vocabulary::calendar::Instant;
use crate::vocabulary::digest::Digest;
use crate::vocabulary::treaty::TreatyId;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;

/// Every treaty's index digest over entries 1..upto, sorted by treaty id.
pub fn treaty_index(ledger: &Ledger, upto: u64) -> Result<Vec<(TreatyId, Digest)>> {
    let mut placement = Placement::default();
    let mut by_number: Vec<Vec<(u64, Digest)>> = Vec::new();
    for item in ledger.stored().entries() {
        let (seq, bytes) = item?;
        if seq > upto {
            break;
        }
        let (_, event) = codec::decode_event(&bytes).map_err(|e| LedgerError::Damaged {
            entry: Some(seq),
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
) -> Result<AnswerProof> {
    let upto = ledger.resolve(as_of)?;
    let treaty = question.treaty().clone();
    let index = treaty_index(ledger, upto)?;
    let position = index
        .iter()
        .position(|(t, _)| *t == treaty)
        .ok_or_else(|| NotFound::Treaty {
            treaty: treaty.clone(),
            upto,
        })?;
    let leaves = index_leaves(&index);
    let mut checkpoint = checkpoint::at(ledger, upto, time, Some(merkle::mth(&leaves)))?;
    if let Some(key) = key {
        checkpoint.sign(key);
    }
    let view = ledger.view(&treaty, AsOf::Entries(upto))?;
    let linked = view
        .interpretation
        .states
        .values()
        .flat_map(|h| &h.memberships)
        .find_map(|m| m.linked_withdrawal.as_ref());
    if let Some((other, _)) = linked {
        return Err(NotFound::RestsOnAnotherTreaty {
            treaty,
            other: other.clone(),
        }
        .into());
    }
    let answer = question.answer(&view.facts.treaty, &view.interpretation, view.basis);
    let mut entries = Vec::new();
    for seq in ledger
        .entries_under(&treaty, None)?
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
