//! The two time axes on the command line: `--at` (valid time: the world on that day) and
//! `--as-of` (transaction time: what the ledger knew after entry N, or at an instant).

use super::cite;
use super::context::Context;
use super::error::CliError;
use pacta::ledger::view::TreatyView;
use pacta::ledger::{AsOf, Ledger};
use pacta::vocabulary::calendar::{Instant, LegalDate};
use pacta::vocabulary::country::StateCode;
use pacta::vocabulary::names;
use pacta::vocabulary::treaty::TreatyId;

#[derive(Debug, Clone, clap::Args)]
pub struct AsOfArg {
    /// Read the ledger as it stood after entry N, at an instant (RFC 3339), or at the end of a
    /// day (YYYY-MM-DD, UTC).
    #[arg(long, value_name = "N|TIMESTAMP|DATE")]
    pub as_of: Option<String>,
}

impl AsOfArg {
    pub fn as_of(&self) -> Result<AsOf, CliError> {
        let Some(text) = &self.as_of else {
            return Ok(AsOf::Head);
        };
        if let Ok(n) = text.parse::<u64>() {
            return Ok(AsOf::Entries(n));
        }
        if let Ok(t) = Instant::parse(text) {
            return Ok(AsOf::Time(t));
        }
        match LegalDate::parse(text) {
            Ok(day) => Ok(AsOf::Time(end_of(day))),
            Err(_) => Err(CliError::new(format!(
                "--as-of: '{text}' is neither an entry number, an RFC 3339 instant nor a date"
            ))
            .hint("e.g. --as-of 120, --as-of 2026-01-15T00:00:00Z or --as-of 2026-01-15")),
        }
    }
}

/// The last instant of a day, UTC: what the ledger knew "as of" that day includes all of it.
pub fn end_of(day: LegalDate) -> Instant {
    let last = day
        .naive()
        .and_hms_micro_opt(23, 59, 59, 999_999)
        .expect("23:59:59.999999 is a time of every day");
    Instant::from_datetime(last.and_utc())
}

/// The first instant of a day, UTC.
pub fn start_of(day: LegalDate) -> Instant {
    let first = day
        .naive()
        .and_hms_opt(0, 0, 0)
        .expect("midnight is a time of every day");
    Instant::from_datetime(first.and_utc())
}

/// `--at DATE`, defaulting to today by the command's clock.
pub fn at(ctx: &Context, at: &Option<String>) -> Result<LegalDate, CliError> {
    match at {
        Some(text) => cite::date("--at", text),
        None => Ok(ctx.now()?.date()),
    }
}

pub fn treaty_id(text: &str) -> Result<TreatyId, CliError> {
    TreatyId::parse(text).map_err(|e| CliError::new(e.to_string()))
}

/// The most bytes a `PACTA_PARTIES` table may have.
const PARTIES_LIMIT: u64 = 1 << 20;

/// Declares the parties the file `PACTA_PARTIES` names lists: entities the built-in table
/// lacks, each under an ISO 3166-1 user-assigned code (docs/FORMAT.md says why a ledger that
/// records them still verifies without the file).
pub fn declare_parties(path: &std::path::Path) -> Result<(), CliError> {
    let shown = path.display();
    // A table of parties is small; /dev/zero or an endless pipe must not hold every command.
    let text = super::restore::read_bounded(path, PARTIES_LIMIT)
        .map_err(|e| CliError::new(format!("PACTA_PARTIES: {}", e.message)))?;
    names::declare(&text).map_err(|e| {
        CliError::new(format!("PACTA_PARTIES: {shown}: {e}"))
            .hint("the file has the columns of data/names.csv; code and un_name are enough")
    })?;
    Ok(())
}

/// A state or other party as the user types it: a code, the UN's name or a common one; a name
/// the table lacks is answered with the closest ones it has.
pub fn state(text: &str) -> Result<StateCode, CliError> {
    StateCode::parse(text).map_err(|e| {
        let hint = super::suggest::did_you_mean(text, names::party_spellings())
            .unwrap_or_else(|| "data/names.csv lists the names pacta knows".into());
        CliError::new(e.to_string()).hint(hint)
    })
}

/// Opens the ledger and reads one treaty as of the transaction-time bound.
pub fn view(
    ctx: &Context,
    treaty: &str,
    as_of: &AsOfArg,
) -> Result<(Ledger, TreatyView), CliError> {
    let ledger = ctx.open()?;
    let view = ledger
        .view(&treaty_id(treaty)?, as_of.as_of()?)
        .map_err(|e| super::suggest::explained(&ledger, e))?;
    Ok((ledger, view))
}

/// `--prove [--sign KEYFILE]`: answer with a bundle that can be checked offline.
#[derive(Debug, Clone, clap::Args)]
pub struct ProveArg {
    /// Print a proof bundle of the answer (check it with `pacta verify-proof --answer`).
    #[arg(long)]
    pub prove: bool,
    /// Sign the bundle's checkpoint with this private key file.
    #[arg(long, value_name = "KEYFILE", requires = "prove")]
    pub sign: Option<std::path::PathBuf>,
}

impl ProveArg {
    pub fn answer(
        &self,
        ctx: &Context,
        question: pacta::proof::answer::Question,
        as_of: &AsOfArg,
    ) -> Result<std::process::ExitCode, CliError> {
        let ledger = ctx.open()?;
        let key = self
            .sign
            .as_deref()
            .map(super::proofs::load_key)
            .transpose()?;
        let bundle = pacta::audit::answers::prove(
            &ledger,
            question,
            as_of.as_of()?,
            ctx.now()?,
            key.as_ref(),
        )?;
        super::output::print_json(&pacta::proof::bundle::Bundle::Answer(Box::new(bundle)))?;
        Ok(std::process::ExitCode::SUCCESS)
    }
}
