//! The archive: a ledger's export, its restore from one, salvage of a damaged one, and bulk import
//! of facts.

pub mod export;
pub mod import;
pub mod migrate;
pub mod restore;
pub mod salvage;
