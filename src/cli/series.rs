//! `pacta series`: a treaty's counts (in force, parties, signatories) on a list of days.

use super::cite;
use super::context::Context;
use super::error::{CliError, EXIT_USAGE};
use super::output::{self, Format};
use super::when::{self, AsOfArg};
use pacta::law::series::{self, Every, Series};
use pacta::vocabulary::calendar::LegalDate;
use serde::Serialize;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct SeriesArgs {
    /// The treaty's id (or --all).
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    treaty: Option<String>,
    /// Every registered treaty.
    #[arg(long)]
    all: bool,
    /// The first day (YYYY-MM-DD).
    #[arg(long, requires = "to", conflicts_with = "at")]
    from: Option<String>,
    /// The last day (YYYY-MM-DD), included when a step falls on it.
    #[arg(long, requires = "from")]
    to: Option<String>,
    /// The step from --from: day, month or year (each counted from --from, so month ends stay
    /// month ends).
    #[arg(long, value_enum, default_value = "year")]
    every: EveryArg,
    /// A list of days instead of a period: 2014-12-31,2015-12-31,...
    #[arg(long, value_delimiter = ',')]
    at: Vec<String>,
    #[command(flatten)]
    as_of: AsOfArg,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum EveryArg {
    Day,
    Month,
    Year,
}

#[derive(Serialize)]
struct AllSeries<'a> {
    basis: pacta::chain::prefix::Prefix,
    series: &'a [Series],
}

fn days(args: &SeriesArgs) -> Result<Vec<LegalDate>, CliError> {
    if !args.at.is_empty() {
        return args
            .at
            .iter()
            .map(|d| cite::date("--at", d.trim()))
            .collect();
    }
    let (Some(from), Some(to)) = (&args.from, &args.to) else {
        return Err(
            CliError::new("give --from and --to, or --at with a list of days")
                .hint("e.g. --from 2015-12-31 --to 2025-12-31 --every year")
                .code(EXIT_USAGE),
        );
    };
    let every = match args.every {
        EveryArg::Day => Every::Day,
        EveryArg::Month => Every::Month,
        EveryArg::Year => Every::Year,
    };
    series::days(cite::date("--from", from)?, cite::date("--to", to)?, every)
        .map_err(|e| CliError::new(e.to_string()))
}

pub fn run(args: SeriesArgs, ctx: &Context) -> Result<ExitCode, CliError> {
    let days = days(&args)?;
    let as_of = args.as_of.as_of()?;
    let (ledger, views) = match &args.treaty {
        Some(treaty) => {
            let (ledger, view) = when::view(ctx, treaty, &args.as_of)?;
            (ledger, vec![view])
        }
        None => {
            let ledger = ctx.open()?;
            let views = ledger.views(as_of)?;
            (ledger, views)
        }
    };
    let basis = ledger.prefix(ledger.resolve(as_of)?)?;
    let all: Vec<Series> = views
        .iter()
        .map(|v| series::series(&v.facts.treaty, &v.interpretation, &days))
        .collect();
    match ctx.format {
        Format::Json => output::print_versioned(&AllSeries {
            basis,
            series: &all,
        })?,
        Format::Csv => {
            let rows = all.iter().flat_map(|s| {
                s.points.iter().map(|p| {
                    vec![
                        s.treaty.clone(),
                        p.date.to_string(),
                        p.treaty_in_force.to_string(),
                        p.counts.in_force.to_string(),
                        p.counts.parties.to_string(),
                        p.counts.signatories.to_string(),
                    ]
                })
            });
            output::print_csv(
                &[
                    "treaty",
                    "date",
                    "treaty_in_force",
                    "in_force",
                    "parties",
                    "signatories",
                ],
                rows,
            )?;
        }
        Format::Table => {
            output::say(format!(
                "as the ledger stood after entry {} (head {}); parties: instrument deposited, not withdrawn",
                basis.entries,
                basis.head.short()
            ))?;
            let mut table = output::table(&[
                "treaty",
                "date",
                "treaty in force",
                "in force",
                "parties",
                "signatories",
            ]);
            for s in &all {
                for p in &s.points {
                    table.add_row(vec![
                        s.treaty.clone(),
                        p.date.to_string(),
                        if p.treaty_in_force { "yes" } else { "no" }.to_string(),
                        p.counts.in_force.to_string(),
                        p.counts.parties.to_string(),
                        p.counts.signatories.to_string(),
                    ]);
                }
            }
            output::print_table(&table)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
