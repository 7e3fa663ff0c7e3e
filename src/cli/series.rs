//! `pacta series`: a treaty's counts over time (in force, parties, signatories per date), for
//! charts.

use super::cite;
use super::context::Context;
use super::error::CliError;
use super::output::{self, Format};
use super::when::{self, AsOfArg};
use pacta::chain::prefix::Prefix;
use pacta::law::across::{self, SeriesPoint, Step};
use pacta::ledger::view::TreatyView;
use pacta::vocabulary::calendar::LegalDate;
use serde::Serialize;
use std::process::ExitCode;

/// More days than any chart needs: a mistyped range is refused instead of printed for minutes.
const MOST_DAYS: usize = 100_000;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pacta series ottawa --from 1998-12-31 --to 2025-12-31 --every year\n  pacta series ottawa --at 1999-03-01,2025-12-31 --format csv\n  pacta series --all --from 2024-01-01 --to 2026-01-01 --every month --format json"
)]
pub struct SeriesArgs {
    /// The treaty's id (or --all).
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    treaty: Option<String>,
    /// Every registered treaty.
    #[arg(long)]
    all: bool,
    /// The first day (YYYY-MM-DD), with --to and --every.
    #[arg(long, conflicts_with = "at")]
    from: Option<String>,
    /// The last day (YYYY-MM-DD), included when a step lands on it.
    #[arg(long, conflicts_with = "at")]
    to: Option<String>,
    /// The step from one day to the next.
    #[arg(long, value_enum, conflicts_with = "at")]
    every: Option<Every>,
    /// The days, comma-separated (YYYY-MM-DD,YYYY-MM-DD,...), instead of --from, --to, --every.
    #[arg(long, value_delimiter = ',')]
    at: Vec<String>,
    #[command(flatten)]
    as_of: AsOfArg,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Every {
    Day,
    Month,
    Year,
}

/// One treaty's series.
#[derive(Serialize)]
struct Series {
    treaty: String,
    title: String,
    points: Vec<SeriesPoint>,
}

/// The series as `--format json` writes them.
#[derive(Serialize)]
struct AllSeries {
    basis: Prefix,
    series: Vec<Series>,
}

pub fn run(args: SeriesArgs, ctx: &Context) -> Result<ExitCode, CliError> {
    let days = days(&args)?;
    let views: Vec<TreatyView> = match &args.treaty {
        Some(treaty) => vec![when::view(ctx, treaty, &args.as_of)?.1],
        None => ctx.open()?.views_by_treaty(args.as_of.as_of()?)?,
    };
    let basis = views.first().map_or(Prefix::EMPTY, |v| v.basis);
    let series = views
        .iter()
        .map(|v| Series {
            treaty: v.facts.treaty.id.to_string(),
            title: v.facts.treaty.title.clone(),
            points: across::series(&v.interpretation, &days),
        })
        .collect();
    let all = AllSeries { basis, series };
    match ctx.format {
        Format::Json => output::print_json(&all)?,
        Format::Jsonl => output::print_json_lines(&rows(&all))?,
        Format::Csv => print_csv(&all)?,
        Format::Table => print_table(&all)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The days asked for: `--at` as given, or `--from` to `--to` by `--every`.
fn days(args: &SeriesArgs) -> Result<Vec<LegalDate>, CliError> {
    let days = match (&args.from, &args.to, args.every) {
        (Some(from), Some(to), Some(every)) => {
            let (from, to) = (cite::date("--from", from)?, cite::date("--to", to)?);
            if to < from {
                return Err(CliError::new(format!("--to {to} is before --from {from}")));
            }
            let step = match every {
                Every::Day => Step::Day,
                Every::Month => Step::Month,
                Every::Year => Step::Year,
            };
            across::days(from, to, step)
        }
        (None, None, None) if !args.at.is_empty() => args
            .at
            .iter()
            .map(|d| cite::date("--at", d.trim()))
            .collect::<Result<_, _>>()?,
        _ => {
            return Err(CliError::new(
                "a series needs its days: --from, --to and --every together, or --at",
            )
            .hint("e.g. --from 1998-12-31 --to 2025-12-31 --every year, or --at 1999-03-01,2025-12-31")
            .code(super::error::EXIT_USAGE));
        }
    };
    if days.len() > MOST_DAYS {
        return Err(CliError::new(format!(
            "{} days asked for; a series holds at most {MOST_DAYS}",
            days.len()
        ))
        .hint("take a longer step (--every month or year) or a shorter period"));
    }
    Ok(days)
}

/// One line of a series in CSV or JSON Lines: a treaty on a day.
#[derive(Serialize)]
struct Row<'a> {
    treaty: &'a str,
    #[serde(flatten)]
    point: SeriesPoint,
}

fn rows(all: &AllSeries) -> Vec<Row<'_>> {
    all.series
        .iter()
        .flat_map(|s| {
            s.points.iter().map(|p| Row {
                treaty: &s.treaty,
                point: *p,
            })
        })
        .collect()
}

fn print_table(all: &AllSeries) -> Result<(), CliError> {
    output::say(format!(
        "as the ledger stood after entry {} (head {})",
        all.basis.entries,
        all.basis.head.short()
    ))?;
    output::say("")?;
    let mut table = output::table(&[
        "treaty",
        "date",
        "in force",
        "parties",
        "bound",
        "signatories",
    ]);
    for r in rows(all) {
        table.add_row(vec![
            r.treaty.to_string(),
            r.point.date.to_string(),
            if r.point.treaty_in_force { "yes" } else { "no" }.to_string(),
            r.point.counts.parties.to_string(),
            r.point.counts.in_force.to_string(),
            r.point.counts.signatories.to_string(),
        ]);
    }
    Ok(output::print_table(&table)?)
}

fn print_csv(all: &AllSeries) -> Result<(), CliError> {
    let header = [
        "treaty",
        "date",
        "treaty_in_force",
        "parties",
        "in_force",
        "signatories",
    ];
    let rows = rows(all).into_iter().map(|r| {
        vec![
            r.treaty.to_string(),
            r.point.date.to_string(),
            r.point.treaty_in_force.to_string(),
            r.point.counts.parties.to_string(),
            r.point.counts.in_force.to_string(),
            r.point.counts.signatories.to_string(),
        ]
    });
    output::print_csv(&header, rows)
}
