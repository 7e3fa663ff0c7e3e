//! Archived source documents: added once, addressed by their digest, described in JSON.

use super::{Ledger, LedgerError, Recording, Result};
use crate::vocabulary::citation::Citation;
use crate::vocabulary::digest::Digest;
use crate::vocabulary::field::{self, FieldError};
use crate::vocabulary::source::{self, Description};

impl Ledger {
    /// Archives a source document; returns its digest and whether it was new.
    pub fn add_source(
        &self,
        bytes: &[u8],
        title: Option<String>,
        url: Option<String>,
        recording: &Recording,
    ) -> Result<(Digest, bool)> {
        let invalid = |error| LedgerError::Invalid { fact: None, error };
        source::text(bytes).map_err(|e| invalid(FieldError::new("source", e.to_string())))?;
        field::optional_line("source title", &title, field::TITLE_MAX).map_err(invalid)?;
        if let Some(url) = &url {
            let probe = Citation {
                url: Some(url.clone()),
                ..Citation::titled("source")
            };
            probe.check().map_err(invalid)?;
        }
        let description = Description {
            title,
            url,
            bytes: bytes.len() as u64,
            added_at: recording.now,
            added_by: recording.recorder.clone(),
        };
        let digest = source::digest(bytes);
        let new = self.put_source(&digest, bytes, &description)?;
        Ok((digest, new))
    }

    /// Archives a document under its digest with the description given; a document already
    /// held is left as it is. The caller has checked that the bytes hash to the digest.
    pub(crate) fn put_source(
        &self,
        digest: &Digest,
        bytes: &[u8],
        description: &Description,
    ) -> Result<bool> {
        let json = serde_json::to_vec(description).expect("a description always serialises");
        Ok(self.store.put_source(digest, bytes, &json)?)
    }

    /// An archived document's bytes, if the ledger holds it.
    pub fn source(&self, digest: &Digest) -> Result<Option<Vec<u8>>> {
        Ok(self.store.source(digest)?)
    }

    /// An archived document's description, if the ledger holds it.
    pub fn source_description(&self, digest: &Digest) -> Result<Option<Description>> {
        let Some(raw) = self.store.source_description(digest)? else {
            return Ok(None);
        };
        serde_json::from_slice(&raw)
            .map(Some)
            .map_err(|e| LedgerError::Damaged {
                entry: None,
                what: format!("the description of source {digest} does not parse: {e}"),
            })
    }

    /// The digest of every described document, in order.
    pub fn source_digests(&self) -> Result<Vec<Digest>> {
        Ok(self.store.source_digests()?)
    }

    /// The digest of every document held without its description, in order (for the audit).
    pub fn undescribed_sources(&self) -> Result<Vec<Digest>> {
        Ok(self.store.undescribed_sources()?)
    }

    /// Every archived document, as its digest and bytes, in digest order.
    pub fn sources(&self) -> Result<Vec<(Digest, Vec<u8>)>> {
        Ok(self.store.sources()?)
    }
}
