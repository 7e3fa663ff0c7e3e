//! `pacta cite ENTRY --cite-...`: more sources for a recorded fact, recorded as a corroboration
//! of its entry (the fact's entry is never changed; its citations are its own and those added).

use super::cite::CiteArgs;
use super::context::Context;
use super::error::CliError;
use super::record::print_recorded;
use pacta::vocabulary::event::{Corroboration, Event, Fact};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct CiteCommandArgs {
    /// The entry recording the fact, by number or hash prefix.
    entry: String,
    /// Why these sources are added, in the recorder's own words.
    #[arg(long)]
    note: Option<String>,
    #[command(flatten)]
    cite: CiteArgs,
}

pub fn run(args: CiteCommandArgs, ctx: &Context) -> Result<ExitCode, CliError> {
    let ledger = ctx.open_to_write()?;
    let target = ledger.find(&args.entry)?;
    let citations = args.cite.citations_in(Some(&ledger))?;
    if citations.is_empty() {
        return Err(CliError::new("no citation given")
            .hint("describe each source with --cite-title and --cite-url or --cite-ref (or --cite-file FILE.json)")
            .code(super::error::EXIT_USAGE));
    }
    let fact = Fact {
        event: Event::Corroboration(Corroboration {
            target: target.entry.seq,
            target_hash: target.hash,
        }),
        citations,
        note: args.note,
    };
    let sealed = ledger.record(&[fact], &ctx.recording()?)?;
    print_recorded(ctx, &sealed)
}
