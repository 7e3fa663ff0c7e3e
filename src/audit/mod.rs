//! The audit: checking a whole ledger, and making from it the checkpoints and proofs that others
//! check offline with [`crate::proof`].

pub mod answers;
pub mod checkpoint;
mod links;
pub mod sources;
pub mod verify;
