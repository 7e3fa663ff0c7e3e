//! `pacta mirror SOURCE`: create or update the ledger at --ledger from a publication, checking
//! everything, all or nothing, and refusing a fork.

use super::context::Context;
use super::error::CliError;
use super::output::{self, Format};
use super::publish::{SourceArgs, publish_error};
use pacta::publish::mirror;
use pacta::vocabulary::plural::count;
use std::process::ExitCode;
use std::time::Duration;

/// How long to wait for another mirror, or a writer, of the same ledger to finish.
const LOCK_WAIT: Duration = Duration::from_secs(5);

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pacta --ledger copy.ledger mirror http://127.0.0.1:8000/ --key keeper.pub\n  pacta --ledger copy.ledger mirror site --key keeper.pub --witness w1.pub --witness w2.pub --witnesses 1"
)]
pub struct MirrorArgs {
    #[command(flatten)]
    from: SourceArgs,
}

pub fn run(args: MirrorArgs, ctx: &Context) -> Result<ExitCode, CliError> {
    let (source, policy) = args.from.open()?;
    let done =
        mirror::mirror(&source, &policy, &ctx.ledger_path, LOCK_WAIT).map_err(publish_error)?;
    if ctx.format == Format::Json {
        output::print_json(&serde_json::json!({
            "before": done.before,
            "after": done.after,
            "fetched": done.fetched,
            "sources": done.sources,
            "origin": done.checkpoint.origin,
        }))?;
    } else {
        output::say(format!(
            "Mirrored {} into {}: {} before, {} now ({} fetched)",
            source.describe(),
            ctx.ledger_path.display(),
            count(done.before, "entry", "entries"),
            done.after,
            count(done.fetched.len() as u64 + 1, "file", "files"),
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}
