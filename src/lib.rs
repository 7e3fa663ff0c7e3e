//! pacta: a verifiable treaty-membership ledger.
//!
//! An append-only store of cited treaty facts, hash-chained with BLAKE3, from which membership
//! on any date is derived by each treaty's own rules. The library never prints, never reads the
//! clock or the environment: the CLI passes time and identity in. `docs/ARCHITECTURE.md` maps
//! the modules.

pub mod answer;
pub mod calendar;
pub mod checkpoint;
pub mod citation;
pub mod codec;
pub mod country;
pub mod digest;
pub mod entry;
pub mod event;
pub mod explanation;
pub mod export;
pub mod field;
pub mod import;
pub mod ledger;
pub mod membership;
pub mod merkle;
pub mod parallel;
pub mod projection;
pub mod proof;
pub mod restore;
pub mod rules;
pub mod source;
pub mod store;
pub mod treaty;
pub mod verify;
