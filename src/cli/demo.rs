//! `pacta demo`: a fresh ledger of the Ottawa Convention's real, cited history.
//!
//! Registers the Convention with its rules (the `ottawa` preset), imports the bundled facts
//! (`data/ottawa/facts.csv`, compiled in), verifies the chain, and ends with what matters: who
//! was bound on 2025-01-01 and on 2026-03-01, what changed between them, and where the HTML
//! report and the ledger are. `--verbose` also prints the whole log and both full tables.

use super::context::Context;
use super::error::CliError;
use super::output;
use pacta::law::projection;
use pacta::ledger::view::TreatyView;
use pacta::ledger::{AsOf, Ledger};
use pacta::vocabulary::calendar::LegalDate;
use pacta::vocabulary::citation::{Citation, SourceKind};
use pacta::vocabulary::event::{Event, Fact};
use pacta::vocabulary::plural::count;
use pacta::vocabulary::rules::Preset;
use pacta::vocabulary::treaty::{Treaty, TreatyId};
use std::process::ExitCode;

const FACTS: &str = include_str!("../../data/ottawa/facts.csv");

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pacta demo\n  pacta demo --verbose\n  pacta --ledger demo.ledger demo"
)]
pub struct DemoArgs {
    /// Also print the whole log and every state's status on both days.
    #[arg(long, short)]
    verbose: bool,
}

/// The two days the demo compares: before the 2025 withdrawals, and after the last took effect.
const BEFORE: &str = "2025-01-01";
const AFTER: &str = "2026-03-01";

pub fn run(args: DemoArgs, ctx: &Context, ledger_given: bool) -> Result<ExitCode, CliError> {
    let path = if ledger_given {
        ctx.ledger_path.clone()
    } else {
        super::context::fresh_directory()?
    };
    let ledger = Ledger::init(&path)?;
    output::note(format!("Building the example ledger at {}", path.display()));
    let recording = ctx.recording()?;
    ledger.record(&[ottawa_registration()], &recording)?;
    super::import::import_text(&ledger, FACTS, "data/ottawa/facts.csv", ctx)?;
    if args.verbose {
        let rows: Vec<_> = ledger
            .entries()
            .map(|s| s.map(|s| super::log::LogRow::of(&s)))
            .collect::<Result<_, _>>()?;
        super::log::print_log(ctx, &rows)?;
        output::say("")?;
    }
    let report = pacta::audit::verify::verify(&ledger)?;
    if !report.intact() {
        return Err(
            CliError::new("the example ledger failed verification").code(super::error::EXIT_VERIFY)
        );
    }
    output::say(format!(
        "ok: {} verified; head {}",
        count(report.entries, "entry", "entries"),
        report.head
    ))?;
    let view = ledger.view(&TreatyId::parse("ottawa").expect("a valid id"), AsOf::Head)?;
    show_membership(&view, ctx, args.verbose)?;
    let html = path
        .parent()
        .map_or_else(|| "ottawa.html".into(), |dir| dir.join("ottawa.html"));
    super::report::write(&ledger, view, day(AFTER), recording.now, None, &html)?;
    output::say("")?;
    output::say(format!(
        "The report (chart, table, sources): {}",
        html.display()
    ))?;
    output::say(format!(
        "The ledger: {}; try `pacta --ledger {} why ottawa FI --at {AFTER}`",
        path.display(),
        path.display()
    ))?;
    if !args.verbose {
        output::say("The whole log and both full tables: `pacta demo --verbose`")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Who was bound before the 2025 withdrawals and after, and every change between: the counts
/// on each day (every state's line too when verbose), then the changes.
fn show_membership(view: &TreatyView, ctx: &Context, verbose: bool) -> Result<(), CliError> {
    let (before, after) = (day(BEFORE), day(AFTER));
    let treaty = &view.facts.treaty;
    output::say(format!("\n{}: {}", treaty.id, treaty.title))?;
    for at in [before, after] {
        output::say("")?;
        let p = projection::project(&view.facts.treaty, &view.interpretation, at, view.basis);
        if verbose {
            super::status::print(ctx, view, &p)?;
        } else {
            for line in super::status::summary(&p).iter().skip(1) {
                output::say(line)?;
            }
        }
    }
    output::say("")?;
    super::diff::print(
        ctx,
        &projection::diff(
            &view.facts.treaty,
            &view.interpretation,
            before,
            after,
            view.basis,
        ),
    )
}

fn day(text: &str) -> LegalDate {
    LegalDate::parse(text).expect("a valid date")
}

/// The Convention with the rules of its Arts. 15, 17 and 20, citing the treaty text.
fn ottawa_registration() -> Fact {
    let preset = Preset::find("ottawa").expect("the ottawa preset exists");
    let treaty = Treaty {
        id: TreatyId::parse("ottawa").expect("a valid id"),
        title: preset.title.to_string(),
        adopted: Some(preset.adopted()),
        depositary: Some(preset.depositary.to_string()),
        rules: preset.rules(),
    };
    let citation = Citation {
        kind: SourceKind::TreatyText,
        url: Some("https://zoek.officielebekendmakingen.nl/trb-1998-65.html".to_string()),
        reference: Some("Tractatenblad 1998, 65".to_string()),
        publisher: Some("Kingdom of the Netherlands, Treaty Series".to_string()),
        locator: Some("Art. 17(1)".to_string()),
        quote: Some("This Convention shall enter into force on the first day of the sixth month after the month in which the 40th instrument of ratification, acceptance, approval or accession has been deposited.".to_string()),
        ..Citation::titled("Convention on the Prohibition of the Use, Stockpiling, Production and Transfer of Anti-Personnel Mines and on their Destruction (authentic English text)")
    };
    Fact {
        event: Event::TreatyRegistration(treaty),
        citations: vec![citation],
        note: None,
    }
}
