//! The chain: entries, their canonical encoding and hashes, chain prefixes, where each entry is
//! indexed, and the Merkle tree over them.

pub mod codec;
pub mod entry;
pub mod merkle;
pub mod placement;
pub mod prefix;
pub mod seal;
