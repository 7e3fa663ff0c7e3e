//! The two time axes on the command line: `--at` (valid time: the world on that day) and
//! `--as-of` (transaction time: what the ledger knew after entry N, or at an instant).

use super::cite;
use super::context::Context;
use super::error::CliError;
use pacta::ledger::view::TreatyView;
use pacta::ledger::{AsOf, Ledger};
use pacta::vocabulary::calendar::{Instant, LegalDate};
use pacta::vocabulary::country::StateCode;
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
            Ok(day) => Ok(AsOf::Time(end_of_day(day))),
            Err(_) => Err(CliError::new(format!(
                "--as-of: '{text}' is neither an entry number, an RFC 3339 instant nor a date"
            ))
            .hint("e.g. --as-of 120, --as-of 2026-01-15T00:00:00Z or --as-of 2026-01-15 (the end of that day, UTC)")),
        }
    }
}

/// The last microsecond of a day, UTC.
pub fn end_of_day(day: LegalDate) -> Instant {
    let at = day
        .naive()
        .and_hms_micro_opt(23, 59, 59, 999_999)
        .expect("a valid wall-clock time");
    Instant::from_datetime(at.and_utc())
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

/// A state by code or name, as people write it; an unknown one comes with the closest names.
pub fn state(text: &str) -> Result<StateCode, CliError> {
    StateCode::resolve(text).map_err(|e| {
        let names: Vec<String> = e
            .suggestions
            .iter()
            .map(|(code, name)| format!("{code} ({name})"))
            .collect();
        let err = CliError::new(e.to_string());
        match (names.is_empty(), e.ambiguous) {
            (true, _) => err.hint(
                "give an ISO 3166 code (FI, FIN), a UN name (Viet Nam) or a common name (Vietnam); a party the table lacks is registered with `pacta record entity-registration`",
            ),
            (false, true) => err.hint(format!("say which: {}", names.join(", "))),
            (false, false) => err.hint(format!("did you mean {}?", names.join(", "))),
        }
    })
}

/// The registered treaties closest to a mistyped id, for a hint.
pub fn treaty_suggestion(ledger: &Ledger, typed: &str) -> Option<String> {
    let head = ledger.head().ok()?.entries;
    let ids: Vec<String> = ledger
        .treaties(head)
        .ok()?
        .into_iter()
        .map(|(_, t)| t.id.to_string())
        .collect();
    if ids.iter().any(|id| id == typed) {
        return Some(format!(
            "'{typed}' is registered in a later entry than --as-of reads up to"
        ));
    }
    let mut scored: Vec<(f64, &String)> = ids
        .iter()
        .map(|id| (strsim::jaro_winkler(typed, id), id))
        .filter(|(score, _)| *score >= 0.7)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let near: Vec<&str> = scored.iter().take(3).map(|(_, id)| id.as_str()).collect();
    let hint = match near.as_slice() {
        [] if ids.is_empty() => "no treaty is registered yet; register one with `pacta treaty add ID --rules PRESET` (see `pacta treaty add --help`)".to_string(),
        [] => format!("the registered treaties are: {}", ids.join(", ")),
        near => format!("did you mean {}? (`pacta treaty list` shows them all)", near.join(", ")),
    };
    Some(hint)
}

/// Adds the closest registered treaty ids to an error about an unknown treaty.
pub fn with_treaty_hint(ledger: &Ledger, typed: &str, err: CliError) -> CliError {
    match treaty_suggestion(ledger, typed) {
        Some(hint) => err.hint(hint),
        None => err,
    }
}

/// Opens the ledger and reads one treaty as of the transaction-time bound.
pub fn view(
    ctx: &Context,
    treaty: &str,
    as_of: &AsOfArg,
) -> Result<(Ledger, TreatyView), CliError> {
    let ledger = ctx.open()?;
    let id = treaty_id(treaty)?;
    match ledger.view(&id, as_of.as_of()?) {
        Ok(view) => Ok((ledger, view)),
        Err(e @ pacta::ledger::LedgerError::NotFound(pacta::ledger::NotFound::Treaty { .. })) => {
            let err = CliError::from(e);
            Err(with_treaty_hint(&ledger, treaty, err))
        }
        Err(e) => Err(e.into()),
    }
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
