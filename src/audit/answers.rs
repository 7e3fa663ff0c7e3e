//! Answer bundles made from a ledger (version 2, checked offline by [`crate::proof::answer`]):
//! the treaty index committed in the checkpoint, built from the treaty chains the store keeps,
//! and every entry of the treaty, read from its file. Nothing else of the ledger is read but
//! the Merkle nodes of the checkpoint's root.

use crate::audit::checkpoint;
use crate::chain::merkle::{self, Leaves};
use crate::chain::treaty_chain;
use crate::law::facts::TreatyLog;
use crate::law::interpret;
use crate::ledger::{AsOf, Ledger, LedgerError, NotFound, Result};
use crate::proof::answer::{ANSWER_VERSION, AnswerProof, ProvenEntry, Question};
use crate::proof::keys::KeyPair;
use crate::vocabulary::calendar::Instant;
use crate::vocabulary::digest::Digest;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;

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
    let index = ledger.treaty_chains(upto)?;
    let position = index
        .iter()
        .position(|(t, _, _)| *t == treaty)
        .ok_or_else(|| NotFound::Treaty {
            treaty: treaty.clone(),
            upto,
        })?;
    let sealed = ledger.treaty_sealed(&treaty, upto)?;
    // The chain the store keeps must be the one the treaty's entries give: the bundle would not
    // verify otherwise, and the checkpoint would vouch for an index the ledger does not hold.
    let listed: Vec<(u64, Digest)> = sealed.iter().map(|s| (s.entry.seq, s.hash)).collect();
    if treaty_chain::chain(treaty.as_str(), &listed) != index[position].2 {
        return Err(LedgerError::Damaged {
            entry: None,
            what: format!(
                "the treaty index the store keeps for {treaty} does not match the treaty's entries"
            ),
        });
    }
    let leaves: Vec<Digest> = index
        .iter()
        .map(|(_, _, chain)| merkle::leaf_hash(chain))
        .collect();
    let mut checkpoint = checkpoint::at(ledger, upto, time, Some(merkle::mth(&leaves)))?;
    if let Some(key) = key {
        checkpoint.sign(key);
    }
    let answer = answer_from(&question, &sealed, ledger.prefix(upto)?)?;
    let treaty_path =
        merkle::inclusion_path(&mut Leaves(&leaves), position as u64, leaves.len() as u64)
            .expect("an in-memory tree cannot fail");
    Ok(AnswerProof {
        version: ANSWER_VERSION,
        question,
        answer,
        checkpoint: checkpoint.to_text(),
        entries: sealed
            .iter()
            .map(|s| ProvenEntry {
                entry: s.entry.seq,
                bytes: B64.encode(&s.bytes),
                path: None,
            })
            .collect(),
        treaty_position: position as u64,
        treaty_count: leaves.len() as u64,
        treaty_path,
    })
}

/// The answer from the treaty's entries, as the verifier recomputes it.
fn answer_from(
    question: &Question,
    sealed: &[crate::chain::seal::Sealed],
    basis: crate::chain::prefix::Prefix,
) -> Result<serde_json::Value> {
    let mut log = TreatyLog::default();
    for s in sealed {
        log.apply(s.entry.seq, &s.entry.fact);
    }
    let treaty = question.treaty();
    let facts = log.into_facts().ok_or_else(|| NotFound::Treaty {
        treaty: treaty.clone(),
        upto: basis.entries,
    })?;
    let interpretation = interpret::interpret(&facts).map_err(|e| LedgerError::Damaged {
        entry: None,
        what: format!("the entries of treaty {treaty} contradict each other: {e}"),
    })?;
    Ok(question.answer(&facts.treaty, &interpretation, basis))
}
