//! `pacta witness cosign`: cosign a log's checkpoint as a witness; and the policy flags
//! (`--key`, `--witness`, `--witnesses`) that `mirror`, `verify-published` and `verify-proof`
//! take.

use super::context::Context;
use super::error::{CliError, EXIT_USAGE};
use super::proofs::load_key;
use super::publish::publish_error;
use pacta::proof::bundle::Bundle;
use pacta::proof::checkpoint::Checkpoint;
use pacta::proof::keys::PublicKey;
use pacta::publish::cosign::Policy;
use pacta::publish::witness::{self, Request};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Subcommand)]
pub enum WitnessCommand {
    /// Cosign a checkpoint if the log signed it and it extends the last one this witness
    /// cosigned for that log; print it with the cosignature appended.
    #[command(
        after_help = "Examples:\n  pacta witness cosign cp.txt --key w1 --log-key keeper.pub --state w1.state > cp.w1.txt\n  pacta witness cosign cp.txt --key w1 --log-key keeper.pub --state w1.state --proof c.json"
    )]
    Cosign {
        /// The checkpoint to cosign (from `pacta checkpoint --sign`).
        checkpoint: PathBuf,
        /// The witness's private key file (from `pacta key generate`).
        #[arg(long, value_name = "KEYFILE")]
        key: PathBuf,
        /// The log keeper's public key, which must have signed the checkpoint.
        #[arg(long, value_name = "PUBFILE")]
        log_key: PathBuf,
        /// Where this witness keeps the last checkpoint it cosigned for each log.
        #[arg(long, value_name = "DIR")]
        state: PathBuf,
        /// A consistency bundle (`pacta prove --consistency OLD NEW`) from the checkpoint last
        /// cosigned to this one; needed when this one is larger.
        #[arg(long, value_name = "FILE")]
        proof: Option<PathBuf>,
    },
}

/// Which signatures a checkpoint needs to be trusted.
#[derive(Debug, clap::Args)]
pub struct PolicyArgs {
    /// A witness's public key whose cosignature counts (repeatable).
    #[arg(long = "witness", value_name = "PUBFILE")]
    witnesses: Vec<PathBuf>,
    /// How many of the --witness keys must have cosigned (default: all of them).
    #[arg(long = "witnesses", value_name = "N")]
    needed: Option<usize>,
}

fn read(path: &Path) -> Result<String, CliError> {
    std::fs::read_to_string(path)
        .map_err(|e| CliError::new(format!("cannot read {}: {e}", path.display())))
}

pub fn load_public(path: &Path) -> Result<PublicKey, CliError> {
    PublicKey::parse(&read(path)?).map_err(|e| CliError::new(format!("{}: {e}", path.display())))
}

impl PolicyArgs {
    /// The policy: the keeper's key, if given, and at least N of the witnesses.
    pub fn policy(&self, keeper: Option<PublicKey>) -> Result<Policy, CliError> {
        let witnesses = self
            .witnesses
            .iter()
            .map(|p| load_public(p))
            .collect::<Result<Vec<_>, _>>()?;
        let needed = self.needed.unwrap_or(witnesses.len());
        if needed > witnesses.len() {
            return Err(CliError::new(format!(
                "--witnesses {needed} asks for more cosignatures than the {} given",
                pacta::vocabulary::plural::count(
                    witnesses.len() as u64,
                    "--witness key",
                    "--witness keys"
                )
            ))
            .code(EXIT_USAGE));
        }
        Ok(Policy {
            keeper,
            witnesses,
            needed,
        })
    }
}

pub fn run(cmd: WitnessCommand, ctx: &Context) -> Result<ExitCode, CliError> {
    let WitnessCommand::Cosign {
        checkpoint,
        key,
        log_key,
        state,
        proof,
    } = cmd;
    let c = Checkpoint::parse(&read(&checkpoint)?)
        .map_err(|e| CliError::new(format!("{}: {e}", checkpoint.display())))?;
    let proof = match &proof {
        Some(path) => match serde_json::from_str::<Bundle>(&read(path)?) {
            Ok(Bundle::Consistency(p)) => Some(p),
            _ => {
                return Err(CliError::new(format!(
                    "{} is not a consistency bundle",
                    path.display()
                ))
                .hint("write one with `pacta prove --consistency OLD NEW`"));
            }
        },
        None => None,
    };
    let timestamp = u64::try_from(ctx.now()?.micros() / 1_000_000)
        .map_err(|_| CliError::new("the clock is before 1970"))?;
    let cosigned = witness::cosign(
        &state,
        Request {
            checkpoint: c,
            log_key: &load_public(&log_key)?,
            proof: proof.as_ref(),
            key: &load_key(&key)?,
            timestamp,
        },
    )
    .map_err(publish_error)?;
    print!("{}", cosigned.to_text());
    Ok(ExitCode::SUCCESS)
}
