//! The integration tests, compiled as one test binary: each module tests one area through the
//! library's public API or the real `pacta` binary; `common` holds their shared fixtures.

mod common;

mod across_cli;
mod admission;
mod answers_cli;
mod architecture;
mod cli;
mod crash;
mod explanation_props;
mod export_lines;
mod faults;
mod golden;
mod hostile;
mod import;
mod membership_cli;
mod merkle_crosscheck;
mod names_cli;
mod ottawa;
mod projection_props;
mod proofs_cli;
mod properties;
mod provenance_cli;
mod provisions_cli;
mod publish;
mod readme;
mod references_cli;
mod report;
mod restore;
mod shell;
mod statements_cli;
mod store_cli;
