//! The key layout: one sled tree, everything under a one-byte prefix, and the rows an append
//! writes (see the table in [`super`]). Values are grouped ([`super::rows`]) so an append
//! writes few keys whatever its size.

use super::NewEntry;
use super::rows::{self, be_u64};
use crate::chain::merkle::Growth;
use crate::chain::prefix::Prefix;
use crate::vocabulary::digest::Digest;
use std::collections::HashMap;

pub(super) const ENTRY: u8 = b'E';
pub(super) const HASH: u8 = b'H';
pub(super) const STATE: u8 = b'S';
pub(super) const TREATY: u8 = b'T';
pub(super) const CHUNK: u8 = b'L';
pub(super) const DOCUMENT: u8 = b'D';
pub(super) const DOCUMENT_META: u8 = b'd';
pub(super) const NODE: u8 = b'N';
pub(super) const HEAD_KEY: &[u8] = b"Mhead";
pub(super) const LAYOUT_KEY: &[u8] = b"Mlayout";
pub(super) const LAYOUT_VERSION: u16 = 4;

pub(super) fn key(prefix: u8, parts: &[&[u8]]) -> Vec<u8> {
    let mut k = vec![prefix];
    for part in parts {
        k.extend_from_slice(part);
    }
    k
}

pub(super) fn encode_head(head: Prefix) -> Vec<u8> {
    let mut raw = head.entries.to_be_bytes().to_vec();
    raw.extend_from_slice(&head.head.0);
    raw
}

pub(super) fn decode_head(raw: &[u8]) -> Option<Prefix> {
    let (count, hash) = raw.split_at_checked(8)?;
    Some(Prefix {
        entries: be_u64(count)?,
        head: Digest(hash.try_into().ok()?),
    })
}

/// The treaty, state and first seq a state row's key names.
pub(super) fn decode_state_key(k: &[u8]) -> Option<(String, String, u64)> {
    let rest = k.strip_prefix(&[STATE])?;
    let (body, seq) = rest.split_at_checked(rest.len().checked_sub(8)?)?;
    let body = body.strip_suffix(&[0])?;
    let split = body.iter().position(|&b| b == 0)?;
    let (treaty, state) = (&body[..split], &body[split + 1..]);
    Some((
        String::from_utf8(treaty.to_vec()).ok()?,
        String::from_utf8(state.to_vec()).ok()?,
        be_u64(seq)?,
    ))
}

/// Every row an append writes: its runs of entries, index rows, Merkle rows and the new head.
pub(super) fn append_rows(
    entries: &[NewEntry<'_>],
    growth: &Growth,
    head: Prefix,
) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut out = Vec::new();
    for (i, value) in rows::runs(entries.iter().map(|e| e.bytes)) {
        out.push((key(ENTRY, &[&entries[i].seq.to_be_bytes()]), value));
    }
    let hashes: Vec<(u64, Digest)> = entries.iter().map(|e| (e.seq, e.hash)).collect();
    for (first, value) in rows::hash_rows(&hashes) {
        out.push((key(HASH, &[&first.0]), value));
    }
    let placed: Vec<(u64, &str, &str)> = entries
        .iter()
        .filter_map(|e| Some((e.seq, e.treaty?, e.state.unwrap_or(""))))
        .collect();
    let mut per_treaty: HashMap<&str, Vec<(u64, &str)>> = HashMap::new();
    for &(seq, treaty, state) in &placed {
        per_treaty.entry(treaty).or_default().push((seq, state));
    }
    let (bulk, few): (Vec<_>, Vec<_>) = placed
        .into_iter()
        .partition(|(_, treaty, _)| per_treaty[treaty].len() >= rows::TREATY_ROWS_FROM);
    for (treaty, state, seqs) in rows::state_rows(&few) {
        let further: Vec<u8> = seqs[1..].iter().flat_map(|s| s.to_be_bytes()).collect();
        out.push((
            key(
                STATE,
                &[
                    treaty.as_bytes(),
                    &[0],
                    state.as_bytes(),
                    &[0],
                    &seqs[0].to_be_bytes(),
                ],
            ),
            further,
        ));
    }
    let mut bulk_treaties: Vec<&str> = bulk.iter().map(|(_, treaty, _)| *treaty).collect();
    bulk_treaties.sort_unstable();
    bulk_treaties.dedup();
    for treaty in bulk_treaties {
        for (first, value) in rows::treaty_rows(&per_treaty[treaty]) {
            out.push((
                key(TREATY, &[treaty.as_bytes(), &[0], &first.to_be_bytes()]),
                value,
            ));
        }
    }
    for (chunk, leaves) in &growth.chunks {
        out.push((key(CHUNK, &[&chunk.to_be_bytes()]), leaves.clone()));
    }
    for (level, index, hash) in &growth.nodes {
        out.push((
            key(NODE, &[&[*level], &index.to_be_bytes()]),
            hash.0.to_vec(),
        ));
    }
    out.push((HEAD_KEY.to_vec(), encode_head(head)));
    out
}
