//! The chain: entries, their canonical encoding and hashes, and the Merkle tree over them.

pub mod codec;
pub mod entry;
pub mod merkle;
