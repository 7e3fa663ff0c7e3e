//! Writing a publication: only the files a new checkpoint adds, each written once (to a
//! temporary name, then renamed) and never rewritten; the checkpoint last, replacing the old.

use crate::audit::checkpoint::check_extends;
use crate::chain::merkle;
use crate::ledger::Ledger;
use crate::proof::checkpoint::Checkpoint;
use crate::publish::bundle;
use crate::publish::error::PublishError;
use crate::publish::layout::{self, CHECKPOINT, SOURCE_LIST};
use crate::publish::tiles::Levels;
use std::path::Path;

/// What a publish did.
#[derive(Debug, Default)]
pub struct Published {
    /// The files written, relative to the directory, in order.
    pub written: Vec<String>,
    /// How many files were already there, byte for byte as they would be written.
    pub kept: usize,
}

/// Publishes the ledger's first `checkpoint.size` entries, every archived source and their list
/// (`sources/list`), to `dir`
/// under `checkpoint` (of this ledger; signed as the caller chose).
pub fn publish(
    ledger: &Ledger,
    dir: &Path,
    checkpoint: &Checkpoint,
) -> Result<Published, PublishError> {
    check_extends(ledger, checkpoint)?;
    check_previous(ledger, dir)?;
    let mut entries = Vec::with_capacity(checkpoint.size as usize);
    for sealed in ledger.entries().take(checkpoint.size as usize) {
        entries.push(sealed?);
    }
    let levels = Levels::new(entries.iter().map(|s| merkle::leaf_hash(&s.hash)).collect());
    let mut out = Published::default();
    for tile in layout::tiles(checkpoint.size) {
        let bytes = levels
            .tile_bytes(&tile)
            .expect("the tree holds its own tiles");
        write_once(dir, &tile.hash_path(), &bytes, &mut out)?;
        if tile.level == 0 {
            let range = tile.entries();
            let slice = &entries[(*range.start() - 1) as usize..*range.end() as usize];
            let bytes = bundle::encode(slice.iter().map(|s| s.bytes.as_slice())).map_err(|i| {
                PublishError::Conflict(format!(
                    "entry {} is larger than the {} bytes an entry bundle can hold",
                    range.start() + i as u64,
                    bundle::MAX_ENTRY
                ))
            })?;
            write_once(dir, &tile.entries_path(), &bytes, &mut out)?;
        }
    }
    let mut list = String::new();
    for (digest, bytes) in ledger.sources()? {
        list.push_str(&format!("{digest}\n"));
        write_once(dir, &layout::source_path(&digest), &bytes, &mut out)?;
        if let Some(description) = ledger.source_description(&digest)? {
            let json = serde_json::to_vec(&description).expect("a description always serialises");
            write_once(dir, &layout::description_path(&digest), &json, &mut out)?;
        }
    }
    // The list is replaced only when it changed, before the checkpoint, so that a reader of the
    // new checkpoint finds every source it lists.
    if std::fs::read(dir.join(SOURCE_LIST)).ok().as_deref() != Some(list.as_bytes()) {
        replace(&dir.join(SOURCE_LIST), list.as_bytes())?;
        out.written.push(SOURCE_LIST.to_string());
    }
    replace(&dir.join(CHECKPOINT), checkpoint.to_text().as_bytes())?;
    out.written.push(CHECKPOINT.to_string());
    Ok(out)
}

/// Refuses a directory whose checkpoint this ledger does not extend: another ledger's
/// publication, or a history this ledger no longer has.
fn check_previous(ledger: &Ledger, dir: &Path) -> Result<(), PublishError> {
    let path = dir.join(CHECKPOINT);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(PublishError::io(&path, e)),
    };
    let previous = Checkpoint::parse(&text).map_err(|e| {
        PublishError::Conflict(format!("{} is not a checkpoint: {e}", path.display()))
    })?;
    check_extends(ledger, &previous).map_err(|e| {
        PublishError::Conflict(format!(
            "{} holds a publication this ledger does not continue: {e}",
            dir.display()
        ))
    })
}

/// Writes a file that must never change: absent, it is written whole under a temporary name
/// and renamed; present, it must already hold exactly these bytes.
fn write_once(
    dir: &Path,
    name: &str,
    bytes: &[u8],
    out: &mut Published,
) -> Result<(), PublishError> {
    let path = dir.join(name);
    match std::fs::read(&path) {
        Ok(held) if held == bytes => {
            out.kept += 1;
            return Ok(());
        }
        Ok(_) => {
            return Err(PublishError::Conflict(format!(
                "{} already holds other bytes; published files never change, so this directory holds another publication or was altered",
                path.display()
            )));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(PublishError::io(&path, e)),
    }
    replace(&path, bytes)?;
    out.written.push(name.to_string());
    Ok(())
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, synced, then renamed over.
fn replace(path: &Path, bytes: &[u8]) -> Result<(), PublishError> {
    use std::io::Write;
    let parent = path
        .parent()
        .expect("a file in the publication has a parent");
    std::fs::create_dir_all(parent).map_err(|e| PublishError::io(parent, e))?;
    let name = path.file_name().expect("a file name").to_string_lossy();
    let temp = parent.join(format!(".{name}.tmp"));
    let written = std::fs::File::create(&temp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    written.map_err(|e| PublishError::io(&temp, e))?;
    std::fs::rename(&temp, path).map_err(|e| PublishError::io(path, e))
}

/// Writes a small state file atomically (for mirrors' and witnesses' state).
pub fn write_state(path: &Path, bytes: &[u8]) -> Result<(), PublishError> {
    replace(path, bytes)
}
