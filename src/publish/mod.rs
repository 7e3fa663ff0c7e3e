//! Publishing a ledger as static files and keeping copies in step: the C2SP tlog-tiles layout
//! with BLAKE3 (`layout`, `tiles`, `bundle`), writing it (`write`), reading and checking it from
//! a directory or a web server (`fetch`, `read`), bringing a ledger up to it under the rules a
//! restore checks (`pull`, `rules`), mirroring it into a local ledger with fork detection
//! (`mirror`), witness cosignatures with the policies that count them (`cosign`, `witness`), and
//! the lock a mirror's or a witness's state is changed under (`lock`). docs/FORMAT.md, "Publication", states every file.

pub mod bundle;
pub mod cosign;
pub mod error;
pub mod fetch;
pub mod layout;
pub mod lock;
pub mod mirror;
pub mod pull;
pub mod read;
pub mod rules;
pub mod tiles;
pub mod witness;
pub mod write;

pub use error::PublishError;
