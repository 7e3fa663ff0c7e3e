//! The vocabulary: the words every other layer speaks (dates, states, texts, digests, citations,
//! treaty rules, treaties, events, statements, archived sources). Imports nothing else of the crate.

pub mod calendar;
pub mod citation;
pub mod country;
pub mod digest;
pub mod event;
pub mod field;
pub mod names;
pub mod plural;
pub mod rules;
#[cfg(test)]
pub mod samples;
pub mod source;
pub mod statement;
pub mod treaty;
