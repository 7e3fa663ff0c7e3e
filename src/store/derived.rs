//! Derived files: what the ledger computes from the entries and keeps beside them so that a
//! reader need not compute it again (the `summary` the questions across treaties read). The
//! store knows nothing of their contents: it calls the hook the ledger gives it once the files
//! hold new entries (after each settling and bulk append), and frames each file with the head
//! it was computed at and a checksum (docs/FORMAT.md section 10).
//!
//! A derived file is never trusted past those checks: a reader that finds it missing, damaged or
//! of another head computes the answer from the entries instead, and `verify` recomputes it.

use super::Store;
use super::bytes;
use crate::chain::prefix::Prefix;
use std::collections::BTreeSet;

const MAGIC: &[u8; 8] = b"PACTAD01";
/// Context of a derived file's checksum.
const CONTEXT: &str = "pacta 2026-12-02 derived file v1";

/// What the ledger computes after the files take new entries: it reads the store and writes
/// its derived files with [`Store::write_derived`].
pub type Hook = fn(&Store);

impl Store {
    /// Has `hook` called whenever the files take new entries (a settling, a bulk append).
    pub fn derive_with(&mut self, hook: Hook) {
        self.derive = Some(hook);
    }

    /// Calls the hook, if any, for the files as they now stand. Derived data: whatever the hook
    /// fails to write, readers compute from the entries.
    pub(super) fn derive(&self) {
        if let Some(hook) = self.derive {
            hook(self);
        }
    }

    /// The head of the last settling (what the files hold), and the treaties with entries
    /// after it, in the journal.
    pub fn settled(&self) -> (Prefix, BTreeSet<String>) {
        let snapshot = self.snapshot();
        let ids = snapshot.treaties();
        let touched = snapshot
            .tail()
            .filter_map(|e| ids.get(e.treaty as usize).cloned())
            .collect();
        (snapshot.state().head, touched)
    }

    /// Derived file `name`'s head and body, if its checksum holds (of any head: the caller
    /// compares it with the one it needs).
    pub fn derived(&self, name: &str) -> Option<(Prefix, Vec<u8>)> {
        let bytes = std::fs::read(self.dir.join(name)).ok()?;
        let (head, body) = bytes::unframe(&bytes, MAGIC, CONTEXT)?;
        Some((head, body.to_vec()))
    }

    /// Writes derived file `name` computed at `head`, under a temporary name renamed into
    /// place. It is not synced: after a crash it is checked like any other and ignored if it
    /// does not hold.
    pub fn write_derived(&self, name: &str, head: Prefix, body: &[u8]) -> std::io::Result<()> {
        let out = bytes::frame(MAGIC, CONTEXT, head, body);
        let temporary = self.dir.join(format!("{name}.new"));
        std::fs::write(&temporary, out)?;
        std::fs::rename(&temporary, self.dir.join(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocabulary::digest::Digest;

    #[test]
    fn a_derived_file_round_trips_and_any_changed_byte_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::create(&dir.path().join("l")).unwrap();
        let head = Prefix {
            entries: 7,
            head: Digest([3; 32]),
        };
        store.write_derived("x", head, b"body").unwrap();
        assert_eq!(store.derived("x"), Some((head, b"body".to_vec())));
        let path = store.path().join("x");
        let bytes = std::fs::read(&path).unwrap();
        for i in [0, 9, 20, bytes.len() - 1] {
            let mut bad = bytes.clone();
            bad[i] ^= 1;
            std::fs::write(&path, &bad).unwrap();
            assert_eq!(store.derived("x"), None, "byte {i}");
        }
        assert_eq!(store.derived("missing"), None);
    }
}
