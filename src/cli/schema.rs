//! `pacta schema import`: the JSON Schema of a line of a JSON Lines import file, generated from
//! the types the importer reads lines into.

use super::error::CliError;
use super::output;
use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub enum SchemaCommand {
    /// The JSON Schema of one line of a JSON Lines file for `pacta import`.
    #[command(
        after_help = "Examples:\n  pacta schema import\n  pacta schema import > import.schema.json"
    )]
    Import,
}

pub fn run(cmd: SchemaCommand) -> Result<ExitCode, CliError> {
    match cmd {
        SchemaCommand::Import => {
            output::print_json(&pacta::archive::import::schema::import_schema())?
        }
    }
    Ok(ExitCode::SUCCESS)
}
