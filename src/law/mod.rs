//! The law: a treaty's acts read by its rules into membership histories, projections and
//! explanations. Pure functions of the facts; nothing here reads a store.

pub mod across;
pub mod explanation;
pub mod facts;
pub mod history;
pub mod interpret;
pub mod projection;
pub mod statements;
pub mod timeline;
pub mod withdrawal;
