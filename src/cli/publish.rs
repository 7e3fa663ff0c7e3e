//! `pacta publish DIR` and `pacta verify-published SOURCE`: the ledger as static files in the
//! C2SP tlog-tiles layout, and checking such a publication offline.

use super::context::Context;
use super::error::{CliError, EXIT_USAGE, EXIT_VERIFY};
use super::output::{self, Format};
use super::proofs::load_key;
use super::witness::{PolicyArgs, load_public};
use pacta::audit::checkpoint::latest;
use pacta::proof::checkpoint::Checkpoint;
use pacta::publish::PublishError;
use pacta::publish::cosign::Policy;
use pacta::publish::fetch::Source;
use pacta::publish::mirror;
use pacta::vocabulary::plural::count;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pacta publish site --sign key\n  pacta publish site --checkpoint cp.w1.txt --checkpoint cp.w2.txt"
)]
pub struct PublishArgs {
    /// The directory to write (created if absent); serve it with any static web server.
    dir: PathBuf,
    /// Sign a new checkpoint of the whole ledger with this private key file.
    #[arg(long, value_name = "KEYFILE", required_unless_present = "checkpoint")]
    sign: Option<PathBuf>,
    /// Publish this signed checkpoint instead (repeatable: copies of one checkpoint with
    /// different witnesses' cosignatures are merged).
    #[arg(long, value_name = "FILE", conflicts_with = "sign")]
    checkpoint: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Every check a mirror makes is made in a scratch ledger beside --ledger \
(<ledger>.verify-published-<process id>), removed when done; it needs about the disk a mirror \
would.\n\nExamples:\n  pacta verify-published site --key key.pub\n  pacta verify-published https://example.org/ledger/ --key key.pub --witness w1.pub"
)]
pub struct VerifyPublishedArgs {
    #[command(flatten)]
    from: SourceArgs,
}

/// Where a publication is read from, and what its checkpoint must carry to be trusted.
#[derive(Debug, clap::Args)]
pub struct SourceArgs {
    /// The publication: a directory, or an http:// or https:// URL.
    pub source: String,
    /// The keeper's public key, which must have signed the checkpoint.
    #[arg(long, value_name = "PUBFILE")]
    key: PathBuf,
    #[command(flatten)]
    policy: PolicyArgs,
    /// Give up on a file that takes longer than this many seconds to arrive.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    timeout: u64,
}

impl SourceArgs {
    /// The source and the policy its checkpoint must satisfy.
    pub fn open(&self) -> Result<(Source, Policy), CliError> {
        let policy = self.policy.policy(Some(load_public(&self.key)?))?;
        let source = Source::new(&self.source, Duration::from_secs(self.timeout));
        Ok((source, policy))
    }
}

/// How a publication failure is reported.
pub fn publish_error(e: PublishError) -> CliError {
    let verify = |e: &PublishError, hint: &str| {
        CliError::new(e.to_string())
            .hint(hint.to_string())
            .code(EXIT_VERIFY)
    };
    match e {
        PublishError::Damaged { .. } => verify(
            &e,
            "the publication is damaged or was altered; nothing was changed here",
        ),
        PublishError::Unsigned(_) => verify(
            &e,
            "check the --key and --witness files; collect cosignatures with `pacta witness cosign`",
        ),
        PublishError::Fork(ref fork) => {
            let hint = format!(
                "the keeper has shown two histories; keep {} and report both checkpoints; nothing was changed here",
                fork.evidence.display()
            );
            verify(&e, &hint)
        }
        PublishError::Inconsistent(_) => verify(
            &e,
            "cosign only a checkpoint that extends the last one; ask the log for a consistency proof",
        ),
        PublishError::Conflict(_) => CliError::new(e.to_string())
            .hint("publish into a new directory, or into the one this ledger published before"),
        PublishError::Fetch { .. } => CliError::new(e.to_string())
            .hint("check the address and the network, then try again; nothing was changed here"),
        PublishError::Busy(_) => CliError::new(e.to_string())
            .hint("wait for the other run to finish, then try again; nothing was changed here"),
        PublishError::Io { .. } => CliError::new(e.to_string())
            .hint("check the path, the permissions and the free disk space"),
        PublishError::Ledger(e) => e.into(),
    }
}

/// The checkpoints given, merged into one: one body, every distinct signature line.
fn merged(paths: &[PathBuf]) -> Result<Checkpoint, CliError> {
    let mut out: Option<Checkpoint> = None;
    for path in paths {
        let text = std::fs::read_to_string(path)
            .map_err(|e| CliError::new(format!("cannot read {}: {e}", path.display())))?;
        let c = Checkpoint::parse(&text)
            .map_err(|e| CliError::new(format!("{}: {e}", path.display())))?;
        match &mut out {
            None => out = Some(c),
            Some(m) if m.body() != c.body() => {
                return Err(CliError::new(format!(
                    "{} is another checkpoint than {}",
                    path.display(),
                    paths[0].display()
                ))
                .code(EXIT_USAGE));
            }
            Some(m) => {
                for s in c.signatures {
                    if !m.signatures.contains(&s) {
                        m.signatures.push(s);
                    }
                }
            }
        }
    }
    Ok(out.expect("clap requires --sign or at least one --checkpoint"))
}

pub fn publish(args: PublishArgs, ctx: &Context) -> Result<ExitCode, CliError> {
    let ledger = ctx.open()?;
    let checkpoint = match &args.sign {
        Some(key) => {
            let mut c = latest(&ledger, ctx.now()?)?;
            c.sign(&load_key(key)?);
            c
        }
        None => merged(&args.checkpoint)?,
    };
    let done =
        pacta::publish::write::publish(&ledger, &args.dir, &checkpoint).map_err(publish_error)?;
    if ctx.format == Format::Json {
        output::print_json(&serde_json::json!({
            "size": checkpoint.size,
            "written": done.written,
            "kept": done.kept,
        }))?;
    } else {
        output::say(format!(
            "Published {} to {}: {} written, {} already there",
            count(checkpoint.size, "entry", "entries"),
            args.dir.display(),
            count(done.written.len() as u64, "file", "files"),
            done.kept
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn verify_published(args: VerifyPublishedArgs, ctx: &Context) -> Result<ExitCode, CliError> {
    let (source, policy) = args.from.open()?;
    // The scratch ledger goes beside --ledger: a place this user keeps ledgers in.
    let scratch = mirror::sibling(
        &ctx.ledger_path,
        &format!("verify-published-{}", std::process::id()),
    );
    let (c, pulled) = mirror::check(&source, &policy, &scratch).map_err(publish_error)?;
    if ctx.format == Format::Json {
        output::print_json(&serde_json::json!({
            "valid": true,
            "origin": c.origin,
            "size": c.size,
            "files": pulled.fetched.len() + 1,
            "sources": pulled.sources,
        }))?;
    } else {
        output::say(format!(
            "valid: {} at size {}: {} checked ({} and {}) against the checkpoint signed by {}",
            c.origin,
            c.size,
            count(pulled.fetched.len() as u64 + 1, "file", "files"),
            count(c.size, "entry", "entries"),
            count(pulled.sources as u64, "source", "sources"),
            policy.keeper.as_ref().map_or("nobody", |k| k.name.as_str())
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}
