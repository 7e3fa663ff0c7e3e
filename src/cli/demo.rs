//! `pacta demo`: a fresh ledger of the Ottawa Convention's real, cited history.
//!
//! Registers the Convention with its rules (the `ottawa` preset), imports the bundled facts
//! (`data/ottawa/facts.csv`, compiled in), prints the log, verifies the chain, and shows the
//! membership on 2025-01-01 and 2026-03-01 and what changed between them.

use super::context::Context;
use super::error::CliError;
use super::output;
use pacta::law::projection;
use pacta::ledger::{AsOf, Ledger};
use pacta::vocabulary::calendar::LegalDate;
use pacta::vocabulary::citation::{Citation, SourceKind};
use pacta::vocabulary::event::{Event, Fact};
use pacta::vocabulary::rules::Preset;
use pacta::vocabulary::treaty::{Treaty, TreatyId};
use std::process::ExitCode;

const FACTS: &str = include_str!("../../data/ottawa/facts.csv");

pub fn run(ctx: &Context, ledger_given: bool) -> Result<ExitCode, CliError> {
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
    let rows: Vec<_> = ledger
        .entries()
        .map(|s| s.map(|s| super::log::LogRow::of(&s)))
        .collect::<Result<_, _>>()?;
    super::log::print_log(ctx, &rows)?;
    let report = pacta::audit::verify::verify(&ledger)?;
    if !report.intact() {
        return Err(
            CliError::new("the example ledger failed verification").code(super::error::EXIT_VERIFY)
        );
    }
    output::say(format!(
        "\nok: {} entries verified; head {}",
        report.entries, report.head
    ))?;
    show_membership(&ledger, ctx)?;
    output::say(format!(
        "The ledger is at {}; try `pacta --ledger {} log --treaty ottawa --state FI`",
        path.display(),
        path.display()
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// The membership before and after the 2025 withdrawals, and the change between.
fn show_membership(ledger: &Ledger, ctx: &Context) -> Result<(), CliError> {
    let view = ledger.view(&TreatyId::parse("ottawa").expect("a valid id"), AsOf::Head)?;
    let (before, after) = (day("2025-01-01"), day("2026-03-01"));
    for at in [before, after] {
        output::say("")?;
        super::status::print(
            ctx,
            &projection::project(&view.facts.treaty, &view.interpretation, at, view.basis),
        )?;
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
