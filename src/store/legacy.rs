//! Ledgers of store layout 4, the sled 0.34.7 database pacta wrote before layout 5: read whole,
//! so that `pacta migrate` can bring them over. The one place that opens sled.
//!
//! Layout 4 kept entries in runs under `E` ‖ seq (u64 big-endian) keys, each entry after its
//! length (u32 big-endian); archived documents under `D` ‖ digest and their descriptions under
//! `d` ‖ digest; the head under `Mhead`. Appends were committed to a journal of records
//! (`length (u64 LE) ‖ checksum (32) ‖ payload`, the payload the heads before and after and the
//! rows written) that sled had not always been given yet; its rows are laid over sled's.

use super::bytes::Reader;
use super::{Result, StoreError};
use crate::vocabulary::digest::Digest;
use std::collections::BTreeMap;
use std::path::Path;

/// Context of a layout-4 journal record's checksum.
const JOURNAL_CONTEXT: &str = "pacta 2026-11-26 journal v1";
const ENTRY: u8 = b'E';
const DOCUMENT: u8 = b'D';
const DESCRIPTION: u8 = b'd';
const LAYOUT_KEY: &[u8] = b"Mlayout";

/// Everything a layout-4 ledger holds.
#[derive(Debug, Default)]
pub struct Layout4 {
    /// Every entry's canonical bytes, in order (entry 1 first).
    pub entries: Vec<Vec<u8>>,
    /// Every archived document: digest, bytes, description (JSON).
    pub documents: Vec<(Digest, Vec<u8>, Vec<u8>)>,
}

/// Reads a layout-4 ledger: sled's rows with the journal's laid over them.
pub fn read(dir: &Path) -> Result<Layout4> {
    let damaged = |what: String| StoreError::Damaged {
        path: dir.to_path_buf(),
        what,
    };
    if !dir.join("db").exists() {
        return Err(StoreError::Missing(dir.to_path_buf()));
    }
    let engine = |e: sled::Error| damaged(format!("its sled database cannot be read: {e}"));
    let db = sled::Config::new().path(dir).open().map_err(engine)?;
    let layout = db.get(LAYOUT_KEY).map_err(engine)?;
    if layout.as_deref() != Some(&4u16.to_be_bytes()[..]) {
        return Err(damaged("it is not a store of layout 4".into()));
    }
    let mut rows: BTreeMap<Vec<u8>, Vec<u8>> = BTreeMap::new();
    for item in db.iter() {
        let (k, v) = item.map_err(engine)?;
        rows.insert(k.to_vec(), v.to_vec());
    }
    let journal = std::fs::read(dir.join("journal")).unwrap_or_default();
    for (k, v) in journal_rows(&journal) {
        rows.insert(k, v);
    }
    let mut out = Layout4::default();
    for (k, v) in &rows {
        match k.split_first() {
            Some((&ENTRY, seq)) if seq.len() == 8 => {
                let first = u64::from_be_bytes(seq.try_into().expect("eight bytes"));
                let run = split_run(v)
                    .ok_or_else(|| damaged(format!("the run of entry {first} does not read")))?;
                if first != out.entries.len() as u64 + 1 {
                    return Err(damaged(format!(
                        "its runs skip from entry {} to entry {first}",
                        out.entries.len()
                    )));
                }
                out.entries.extend(run);
            }
            Some((&DOCUMENT, digest)) => {
                let digest = Digest(
                    digest
                        .try_into()
                        .map_err(|_| damaged("a document key is malformed".into()))?,
                );
                let mut description_key = vec![DESCRIPTION];
                description_key.extend_from_slice(&digest.0);
                let description = rows.get(&description_key).cloned().unwrap_or_default();
                out.documents.push((digest, v.clone(), description));
            }
            _ => {}
        }
    }
    Ok(out)
}

/// The rows of every sound record of a layout-4 journal, in order.
fn journal_rows(bytes: &[u8]) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut out = Vec::new();
    let mut r = Reader(bytes);
    while let Some(rows) = record_rows(&mut r) {
        out.extend(rows);
    }
    out
}

fn record_rows(r: &mut Reader<'_>) -> Option<Vec<(Vec<u8>, Vec<u8>)>> {
    let len = usize::try_from(r.u64()?).ok()?;
    let checksum = r.digest()?;
    let payload = r.take(len)?;
    if Digest::of(JOURNAL_CONTEXT, payload).0 != checksum {
        return None;
    }
    let mut p = Reader(payload);
    p.take(2 * 40)?;
    let mut rows = Vec::new();
    for _ in 0..p.u32()? {
        rows.push((p.framed()?.to_vec(), p.framed()?.to_vec()));
    }
    Some(rows)
}

/// The entries of a run, each after its length (u32 big-endian).
fn split_run(value: &[u8]) -> Option<Vec<Vec<u8>>> {
    let mut out = Vec::new();
    let mut rest = value;
    while !rest.is_empty() {
        let (len, body) = rest.split_first_chunk::<4>()?;
        let (entry, tail) = body.split_at_checked(u32::from_be_bytes(*len) as usize)?;
        out.push(entry.to_vec());
        rest = tail;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A layout-4 ledger as pacta wrote it: runs in sled, one more run only in the journal.
    #[test]
    fn runs_in_sled_and_in_the_journal_read_back_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let run = |entries: &[&[u8]]| -> Vec<u8> {
            let mut v = Vec::new();
            for e in entries {
                v.extend_from_slice(&(e.len() as u32).to_be_bytes());
                v.extend_from_slice(e);
            }
            v
        };
        let key = |seq: u64| {
            let mut k = vec![ENTRY];
            k.extend_from_slice(&seq.to_be_bytes());
            k
        };
        {
            let db = sled::open(dir.path()).unwrap();
            db.insert(LAYOUT_KEY, &4u16.to_be_bytes()).unwrap();
            db.insert(key(1), run(&[b"one", b"two"])).unwrap();
            db.flush().unwrap();
        }
        let mut payload = vec![0u8; 80];
        payload.extend_from_slice(&1u32.to_le_bytes());
        let (k, v) = (key(3), run(&[b"three"]));
        payload.extend_from_slice(&(k.len() as u32).to_le_bytes());
        payload.extend_from_slice(&k);
        payload.extend_from_slice(&(v.len() as u32).to_le_bytes());
        payload.extend_from_slice(&v);
        let mut journal = (payload.len() as u64).to_le_bytes().to_vec();
        journal.extend_from_slice(&Digest::of(JOURNAL_CONTEXT, &payload).0);
        journal.extend_from_slice(&payload);
        journal.extend_from_slice(&[0; 64]);
        std::fs::write(dir.path().join("journal"), journal).unwrap();
        let read = read(dir.path()).unwrap();
        assert_eq!(
            read.entries,
            vec![b"one".to_vec(), b"two".to_vec(), b"three".to_vec()]
        );
    }
}
