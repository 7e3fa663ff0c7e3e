//! The law: a treaty's acts read by its rules into memberships, projections and explanations.
//! Pure functions of the facts; nothing here reads a store.

pub mod explanation;
pub mod membership;
pub mod projection;
