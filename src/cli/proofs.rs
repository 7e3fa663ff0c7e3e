//! `pacta checkpoint`, `pacta key generate`, `pacta prove` and `pacta verify-proof`: statements
//! of the ledger's state that others can check offline.

use super::context::Context;
use super::error::{CliError, EXIT_USAGE, EXIT_VERIFY};
use super::output::{self, Format};
use base64::Engine;
use pacta::audit::checkpoint::{check_extends, latest};
use pacta::proof::bundle::{self, Bundle, Verified};
use pacta::proof::checkpoint::Checkpoint;
use pacta::proof::consistency::ConsistencyProof;
use pacta::proof::inclusion::InclusionProof;
use pacta::proof::keys::{KeyPair, PublicKey};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pacta checkpoint > cp.txt\n  pacta checkpoint --sign key > cp.txt"
)]
pub struct CheckpointArgs {
    /// Sign with this private key file (from `pacta key generate`).
    #[arg(long, value_name = "KEYFILE")]
    sign: Option<PathBuf>,
}

#[derive(Debug, clap::Subcommand)]
pub enum KeyCommand {
    /// Create an Ed25519 signing key: FILE gets the private key, FILE.pub the public one.
    #[command(after_help = "Examples:\n  pacta key generate --name org.example --out key")]
    Generate {
        /// The key's name, shown in signature lines (e.g. the organisation's domain).
        #[arg(long)]
        name: String,
        /// Where to write the private key.
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pacta prove 310 > p.json\n  pacta prove 310 --checkpoint cp.txt > p.json\n  pacta prove --consistency cp.txt --sign key > c.json\n  pacta prove --consistency old.txt new.txt > c.json"
)]
pub struct ProveArgs {
    /// The entry to prove included, by number or hash prefix.
    #[arg(
        conflicts_with = "consistency",
        required_unless_present = "consistency"
    )]
    entry: Option<String>,
    /// Prove against this checkpoint instead of a new one.
    #[arg(long, value_name = "FILE")]
    checkpoint: Option<PathBuf>,
    /// Prove that the ledger (or the NEW checkpoint) extends the OLD checkpoint.
    #[arg(long, num_args = 1..=2, value_names = ["OLD", "NEW"])]
    consistency: Option<Vec<PathBuf>>,
    /// Sign the new checkpoint the bundle carries with this private key file.
    #[arg(long, value_name = "KEYFILE")]
    sign: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pacta verify-proof p.json\n  pacta verify-proof c.json --key key.pub\n  pacta verify-proof --answer answer.json --key key.pub"
)]
pub struct VerifyProofArgs {
    /// A bundle written by `pacta prove`, or by `status`/`why` with --prove.
    #[arg(required_unless_present = "answer")]
    file: Option<PathBuf>,
    /// An answer bundle written by `pacta status --prove` or `pacta why --prove`.
    #[arg(long, value_name = "FILE", conflicts_with = "file")]
    answer: Option<PathBuf>,
    /// A public key (from `pacta key generate`) that must have signed every checkpoint.
    #[arg(long, value_name = "PUBFILE")]
    key: Option<PathBuf>,
    #[command(flatten)]
    policy: super::witness::PolicyArgs,
}

/// The largest key or checkpoint file read: each is a few lines.
const SMALL_LIMIT: u64 = 1 << 20;
/// The largest proof or answer bundle read (an answer carries its treaty's entries).
const PROOF_LIMIT: u64 = 256 << 20;

/// Reads a key or checkpoint file, refusing `/dev/zero` or an endless pipe without reading it
/// whole.
fn read(path: &Path) -> Result<String, CliError> {
    super::restore::read_bounded(path, SMALL_LIMIT)
}

pub fn load_key(path: &Path) -> Result<KeyPair, CliError> {
    KeyPair::parse(&read(path)?).map_err(|e| CliError::new(format!("{}: {e}", path.display())))
}

fn load_checkpoint(path: &Path) -> Result<Checkpoint, CliError> {
    Checkpoint::parse(&read(path)?).map_err(|e| CliError::new(format!("{}: {e}", path.display())))
}

/// A checkpoint of the ledger as it is now, signed when a key is given.
fn fresh_checkpoint(
    ctx: &Context,
    ledger: &pacta::ledger::Ledger,
    sign: &Option<PathBuf>,
) -> Result<Checkpoint, CliError> {
    let mut c = latest(ledger, ctx.now()?)?;
    if let Some(path) = sign {
        c.sign(&load_key(path)?);
    }
    Ok(c)
}

pub fn checkpoint(args: CheckpointArgs, ctx: &Context) -> Result<ExitCode, CliError> {
    let ledger = ctx.open()?;
    let checkpoint = fresh_checkpoint(ctx, &ledger, &args.sign)?;
    if ctx.format == Format::Json {
        output::print_json(&CheckpointJson::of(&checkpoint))?;
    } else {
        print!("{}", checkpoint.to_text());
    }
    Ok(ExitCode::SUCCESS)
}

/// A checkpoint as `--format json` writes it: its fields, and the signed note itself (the text
/// `pacta prove --checkpoint` and witnesses read).
#[derive(serde::Serialize)]
struct CheckpointJson {
    origin: String,
    size: u64,
    root: pacta::vocabulary::digest::Digest,
    head: pacta::vocabulary::digest::Digest,
    time: pacta::vocabulary::calendar::Instant,
    treaties: Option<pacta::vocabulary::digest::Digest>,
    signed_by: Vec<String>,
    note: String,
}

impl CheckpointJson {
    fn of(c: &Checkpoint) -> CheckpointJson {
        CheckpointJson {
            origin: c.origin.clone(),
            size: c.size,
            root: c.root,
            head: c.head,
            time: c.time,
            treaties: c.treaties,
            signed_by: c.signatures.iter().map(|s| s.name.clone()).collect(),
            note: c.to_text(),
        }
    }
}

pub fn key(cmd: KeyCommand) -> Result<ExitCode, CliError> {
    let KeyCommand::Generate { name, out } = cmd;
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed)
        .map_err(|e| CliError::new(format!("the system gave no randomness: {e}")))?;
    let key = KeyPair::from_seed(&name, seed)
        .map_err(|e| CliError::new(e.to_string()).code(EXIT_USAGE))?;
    let public_path = PathBuf::from(format!("{}.pub", out.display()));
    for path in [&out, &public_path] {
        if path.exists() {
            return Err(CliError::new(format!("{} already exists", path.display()))
                .hint("choose another --out; keys are never overwritten"));
        }
    }
    write_private(&out, &key.to_text())?;
    std::fs::write(&public_path, format!("{}\n", key.public().to_text()))?;
    output::say(key.public().to_text())?;
    output::note(format!(
        "Wrote the private key to {} and the public key to {}",
        out.display(),
        public_path.display()
    ));
    Ok(ExitCode::SUCCESS)
}

/// Writes a private key readable by its owner only.
fn write_private(path: &Path, text: &str) -> Result<(), CliError> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    writeln!(f, "{text}")?;
    f.sync_all()?;
    Ok(())
}

pub fn prove(args: ProveArgs, ctx: &Context) -> Result<ExitCode, CliError> {
    let ledger = ctx.open()?;
    let bundle = match (&args.entry, &args.consistency) {
        (Some(entry), _) => {
            let sealed = ledger.find(entry)?;
            let c = match &args.checkpoint {
                Some(path) => {
                    let c = load_checkpoint(path)?;
                    check_extends(&ledger, &c)?;
                    c
                }
                None => fresh_checkpoint(ctx, &ledger, &args.sign)?,
            };
            Bundle::Inclusion(InclusionProof {
                checkpoint: c.to_text(),
                entry: sealed.entry.seq,
                bytes: base64::engine::general_purpose::STANDARD.encode(&sealed.bytes),
                path: ledger.inclusion_path(sealed.entry.seq, c.size)?,
            })
        }
        (None, Some(paths)) => {
            let old = load_checkpoint(&paths[0])?;
            let new = match paths.get(1) {
                Some(path) => load_checkpoint(path)?,
                None => fresh_checkpoint(ctx, &ledger, &args.sign)?,
            };
            check_extends(&ledger, &old)?;
            check_extends(&ledger, &new)?;
            Bundle::Consistency(ConsistencyProof {
                old: old.to_text(),
                new: new.to_text(),
                proof: ledger.consistency_proof(old.size, new.size)?,
            })
        }
        (None, None) => unreachable!("clap requires an entry or --consistency"),
    };
    output::print_json(&bundle)?;
    Ok(ExitCode::SUCCESS)
}

pub fn verify_proof(args: VerifyProofArgs) -> Result<ExitCode, CliError> {
    let file = args
        .file
        .or(args.answer)
        .expect("clap requires a file or --answer");
    let text = super::restore::read_bounded(&file, PROOF_LIMIT)?;
    let key = match &args.key {
        Some(path) => Some(
            PublicKey::parse(&read(path)?)
                .map_err(|e| CliError::new(format!("{}: {e}", path.display())))?,
        ),
        None => None,
    };
    let invalid = |why: String| {
        CliError::new(format!("invalid proof: {why}")).code(EXIT_VERIFY).hint("the bundle does not prove what it claims; obtain it again from the ledger's keeper")
    };
    let bundle: Bundle = serde_json::from_str(&text)
        .map_err(|e| invalid(format!("{} is not a proof bundle ({e})", file.display())))?;
    let signed = key
        .as_ref()
        .map_or(" (signatures not checked: no --key)".to_string(), |k| {
            format!(", signed by {}", k.name)
        });
    let verified = bundle::verify(&bundle, key.as_ref()).map_err(|e| invalid(e.to_string()))?;
    // The checkpoint the bundle's claim rests on must also satisfy the witness policy.
    let vouching = match &verified {
        Verified::Inclusion { checkpoint, .. } | Verified::Answer { checkpoint, .. } => checkpoint,
        Verified::Consistency { new, .. } => new,
    };
    args.policy
        .policy(None)?
        .check(vouching)
        .map_err(|why| invalid(why).hint("collect cosignatures with `pacta witness cosign`"))?;
    match verified {
        Verified::Inclusion {
            entry,
            hash,
            checkpoint,
        } => {
            output::say(format!(
                "valid: entry {} ({hash}) is in {} at size {}{signed}: {}",
                entry.seq,
                checkpoint.origin,
                checkpoint.size,
                entry.fact.event.summary()
            ))?;
        }
        Verified::Answer {
            checkpoint,
            question,
        } => {
            let asked = match &question {
                pacta::proof::answer::Question::Status { treaty, at } => {
                    format!("status of {treaty} on {at}")
                }
                pacta::proof::answer::Question::Why { treaty, state, at } => {
                    format!("explanation of {state}'s status under {treaty} on {at}")
                }
            };
            output::say(format!(
                "valid: the {asked} follows from all of the treaty's entries at size {} of {}{signed}",
                checkpoint.size, checkpoint.origin
            ))?;
        }
        Verified::Consistency { old, new } => {
            output::say(format!(
                "valid: {} at size {} extends its state at size {} without rewriting it{signed}",
                new.origin, new.size, old.size
            ))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
