//! Proofs, checked offline: checkpoints (C2SP signed notes) and their keys, inclusion and
//! consistency proofs, and answer bundles. Nothing here opens a ledger: a verifier needs only the
//! bundle and, optionally, a key. Making them from a ledger is [`crate::audit`]'s.

pub mod answer;
pub mod bundle;
pub mod checkpoint;
pub mod consistency;
pub mod error;
pub mod inclusion;
pub mod keys;
