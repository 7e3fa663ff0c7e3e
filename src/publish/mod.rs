//! Publishing a ledger as static files and keeping copies in step: the C2SP tlog-tiles layout
//! with BLAKE3 (`layout`, `tiles`, `bundle`), writing it (`write`), reading and checking it from
//! a directory or a web server (`fetch`, `read`), mirroring it into a local ledger with fork
//! detection (`mirror`), and witness cosignatures with the policies that count them
//! (`cosign`, `witness`). docs/FORMAT.md, "Publication", states every file.

pub mod bundle;
pub mod cosign;
pub mod error;
pub mod fetch;
pub mod layout;
pub mod mirror;
pub mod read;
pub mod tiles;
pub mod witness;
pub mod write;

pub use error::PublishError;
