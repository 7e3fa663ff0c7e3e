//! Archived source documents: `sources/HEX` holds a document's bytes, `sources/HEX.json` its
//! description, each written to a temporary name, synced and renamed into place (the
//! description last: a document counts as archived once its description is there).

use super::disk;
use super::journal::sync_dir;
use super::{Result, Store, StoreError};
use crate::vocabulary::digest::Digest;
use std::path::{Path, PathBuf};

const SOURCES_DIR: &str = "sources";

fn document_path(dir: &Path, digest: &Digest) -> PathBuf {
    dir.join(SOURCES_DIR).join(digest.hex())
}

fn description_path(dir: &Path, digest: &Digest) -> PathBuf {
    dir.join(SOURCES_DIR).join(format!("{}.json", digest.hex()))
}

/// Writes `bytes` to `path` durably: a temporary file, synced, renamed into place.
fn write_durably(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension("tmp");
    let written = disk::open(&tmp, true, true)
        .and_then(|f| disk::write_at(&f, &tmp, bytes, 0).and_then(|()| disk::sync_all(&f, &tmp)))
        .and_then(|()| disk::rename(&tmp, path));
    if written.is_err() {
        let _ = disk::remove_file(&tmp);
    }
    written
}

/// Reads a file, `None` if it is not there.
fn read_if_there(path: &Path) -> std::io::Result<Option<Vec<u8>>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

impl Store {
    /// Archives a document and its description under its digest, durably; a document already
    /// held is left as it is. Returns whether it was new.
    pub fn put_source(&self, digest: &Digest, bytes: &[u8], description: &[u8]) -> Result<bool> {
        let _writing = self.writer()?;
        let dir = self.path().join(SOURCES_DIR);
        let described = description_path(self.path(), digest);
        if described.exists() {
            return Ok(false);
        }
        let io = |e| self.io_error(&dir, e);
        disk::create_dir_all(&dir).map_err(io)?;
        write_durably(&document_path(self.path(), digest), bytes).map_err(io)?;
        write_durably(&described, description).map_err(io)?;
        if let Err(e) = sync_dir(&dir).and_then(|()| sync_dir(self.path())) {
            // Not durable, so not archived: take the description back, then the document.
            let _ = disk::remove_file(&described);
            let _ = disk::remove_file(&document_path(self.path(), digest));
            return Err(io(e));
        }
        Ok(true)
    }

    /// An archived document's bytes.
    pub fn source(&self, digest: &Digest) -> Result<Option<Vec<u8>>> {
        if self.source_description(digest)?.is_none() {
            return Ok(None);
        }
        let path = document_path(self.path(), digest);
        match read_if_there(&path).map_err(|e| self.io_error(&path, e))? {
            Some(bytes) => Ok(Some(bytes)),
            None => Err(StoreError::Damaged {
                path,
                what: "an archived document is described but its bytes are missing".into(),
            }),
        }
    }

    /// An archived document's description (JSON).
    pub fn source_description(&self, digest: &Digest) -> Result<Option<Vec<u8>>> {
        let path = description_path(self.path(), digest);
        read_if_there(&path).map_err(|e| self.io_error(&path, e))
    }

    /// Every archived document's digest and bytes, in digest order.
    pub fn sources(&self) -> Result<Vec<(Digest, Vec<u8>)>> {
        let mut out = Vec::new();
        for digest in self.source_digests()? {
            if let Some(bytes) = self.source(&digest)? {
                out.push((digest, bytes));
            }
        }
        Ok(out)
    }

    /// The digests of every described document, sorted.
    pub fn source_digests(&self) -> Result<Vec<Digest>> {
        let names = self.source_names()?;
        let mut digests: Vec<Digest> = names
            .iter()
            .filter_map(|name| Digest::parse_hex(name.strip_suffix(".json")?))
            .collect();
        digests.sort();
        Ok(digests)
    }

    /// The digests of the documents without a description beside them, sorted: left by an
    /// archiving cut short between the two renames (never archived), or by a description lost
    /// since.
    pub fn undescribed_sources(&self) -> Result<Vec<Digest>> {
        let names = self.source_names()?;
        let mut digests: Vec<Digest> = names
            .iter()
            .filter(|name| !names.contains(&format!("{name}.json")))
            .filter_map(|name| Digest::parse_hex(name))
            .collect();
        digests.sort();
        Ok(digests)
    }

    /// The name of every file in `sources/`.
    fn source_names(&self) -> Result<std::collections::HashSet<String>> {
        let dir = self.path().join(SOURCES_DIR);
        let listing = match std::fs::read_dir(&dir) {
            Ok(listing) => listing,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Default::default()),
            Err(e) => return Err(self.io_error(&dir, e)),
        };
        let mut names = std::collections::HashSet::new();
        for item in listing {
            let name = item.map_err(|e| self.io_error(&dir, e))?.file_name();
            names.insert(name.to_string_lossy().into_owned());
        }
        Ok(names)
    }
}
