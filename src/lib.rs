//! pacta: a verifiable treaty-membership ledger.
//!
//! An append-only store of cited treaty facts, hash-chained with BLAKE3, from which membership
//! on any date is derived by each treaty's own rules. The library never prints, never reads the
//! clock or the environment: the CLI passes time and identity in. `docs/ARCHITECTURE.md` maps
//! the layers, bottom to top: the vocabulary, the chain, the law, the store, the ledger, proofs,
//! the audit and the archive.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod archive;
pub mod audit;
pub mod chain;
pub mod law;
pub mod ledger;
mod lockfile;
mod parallel;
pub mod proof;
pub mod publish;
/// The store is reached only through the ledger, so that nothing is appended without admission.
/// The `internals` feature opens it to the benchmarks that measure it alone.
#[cfg(feature = "internals")]
#[doc(hidden)]
pub mod store;
#[cfg(not(feature = "internals"))]
mod store;
pub mod vocabulary;
