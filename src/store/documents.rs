//! Archived source documents and their descriptions, under their digests.

use super::layout::{DOCUMENT, DOCUMENT_META, key};
use super::{Result, Store};
use crate::vocabulary::digest::Digest;

impl Store {
    /// Archives a document and its description under its digest, durably; a document already
    /// held is left as it is.
    pub fn put_source(&self, digest: &Digest, bytes: &[u8], description: &[u8]) -> Result<bool> {
        let mut journal = self.lock_journal();
        if self.source(digest)?.is_some() {
            return Ok(false);
        }
        // Documents are rare and large: written to sled and made durable there (a checkpoint)
        // rather than copied through the journal.
        let mut batch = sled::Batch::default();
        batch.insert(key(DOCUMENT, &[&digest.0]), bytes);
        batch.insert(key(DOCUMENT_META, &[&digest.0]), description);
        self.db.apply_batch(batch).map_err(|e| self.sled(e))?;
        self.checkpoint(&mut journal)?;
        Ok(true)
    }

    pub fn source(&self, digest: &Digest) -> Result<Option<Vec<u8>>> {
        let raw = self
            .db
            .get(key(DOCUMENT, &[&digest.0]))
            .map_err(|e| self.sled(e))?;
        Ok(raw.map(|v| v.to_vec()))
    }

    pub fn source_description(&self, digest: &Digest) -> Result<Option<Vec<u8>>> {
        let raw = self
            .db
            .get(key(DOCUMENT_META, &[&digest.0]))
            .map_err(|e| self.sled(e))?;
        Ok(raw.map(|v| v.to_vec()))
    }

    /// Every archived document's digest key and bytes, in digest order.
    pub fn sources(&self) -> impl Iterator<Item = Result<(Digest, Vec<u8>)>> + '_ {
        self.db.scan_prefix([DOCUMENT]).map(move |item| {
            let (k, v) = item.map_err(|e| self.sled(e))?;
            let digest = k[1..]
                .try_into()
                .map(Digest)
                .map_err(|_| self.damaged("a document key is malformed"))?;
            Ok((digest, v.to_vec()))
        })
    }
}
