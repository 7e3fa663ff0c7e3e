//! The audit: checking a whole ledger, and making the checkpoints and proofs others check.

pub mod verify;
