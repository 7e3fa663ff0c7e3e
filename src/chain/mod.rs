//! The chain: entries, their canonical encoding and hashes, chain prefixes, where each entry is
//! indexed, the Merkle tree over them, and each treaty's chain digest.

pub mod codec;
pub mod entry;
pub mod merkle;
pub mod placement;
pub mod prefix;
pub mod seal;
pub mod treaty_chain;
pub mod validity;
