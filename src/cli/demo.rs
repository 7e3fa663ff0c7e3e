//! `pacta demo`: a fresh ledger of real, cited treaty histories.
//!
//! Registers the Ottawa Convention with its rules (the `ottawa` preset), imports the bundled
//! facts (`data/ottawa/facts.csv`, compiled in), prints the log, verifies the chain, and shows
//! the membership on 2025-01-01 and 2026-03-01 and what changed between them. Then it adds the
//! Arms Trade Treaty and the Treaty on the Prohibition of Nuclear Weapons (`data/att`,
//! `data/tpnw`: partial histories, see their SOURCES.md) and answers across the three treaties:
//! one state's standing, and the changes of 2025.

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
const ATT_FACTS: &str = include_str!("../../data/att/facts.csv");
const TPNW_FACTS: &str = include_str!("../../data/tpnw/facts.csv");

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
    add_more_treaties(&ledger, ctx)?;
    show_across_treaties(&ledger)?;
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

/// Registers the ATT and the TPNW with their presets' rules and imports their bundled facts.
fn add_more_treaties(ledger: &Ledger, ctx: &Context) -> Result<(), CliError> {
    let recording = ctx.recording()?;
    let att = registration(
        "att",
        Citation {
            kind: SourceKind::TreatyText,
            url: Some("https://github.com/statengeneraal/laws-markdown/blob/26ef0fbfe65b3c94585e92b256b68b334d9ad1e5/verdrag/the/arms/trade/treaty/BWBV0006233/README.md".to_string()),
            locator: Some("Art. 22(1)".to_string()),
            ..Citation::titled("Arms Trade Treaty (authentic English text, as published in the Tractatenblad)")
        },
    );
    let tpnw = registration(
        "tpnw",
        Citation {
            kind: SourceKind::TreatyText,
            url: Some("https://cil.nus.edu.sg/databasecil/2017-treaty-on-the-prohibition-of-nuclear-weapons".to_string()),
            locator: Some("Art. 15".to_string()),
            ..Citation::titled("Treaty on the Prohibition of Nuclear Weapons (text)")
        },
    );
    ledger.record(&[att, tpnw], &recording)?;
    super::import::import_text(ledger, ATT_FACTS, "data/att/facts.csv", ctx)?;
    super::import::import_text(ledger, TPNW_FACTS, "data/tpnw/facts.csv", ctx)?;
    let report = pacta::audit::verify::verify(ledger)?;
    if !report.intact() {
        return Err(
            CliError::new("the example ledger failed verification").code(super::error::EXIT_VERIFY)
        );
    }
    output::say(format!(
        "\nAdded the Arms Trade Treaty and the TPNW (partial histories: data/att/SOURCES.md, data/tpnw/SOURCES.md).\nok: {} entries verified; head {}",
        report.entries, report.head
    ))?;
    Ok(())
}

/// Finland under the three treaties on 2026-03-01, and every change of status in 2025.
fn show_across_treaties(ledger: &Ledger) -> Result<(), CliError> {
    let head = ledger.head()?;
    let finland = pacta::vocabulary::country::StateCode::parse("FI").expect("a valid code");
    let views = ledger.views_of_state(&finland, AsOf::Head)?;
    let standing = pacta::law::standing::standing(
        &finland,
        day("2026-03-01"),
        head,
        &super::state::pairs(&views),
    );
    output::say("")?;
    output::say("Finland under every treaty on 2026-03-01 (`pacta state FI --at 2026-03-01`):")?;
    for t in &standing.treaties {
        output::say(format!(
            "  {:<7} {}",
            t.treaty,
            super::status::status_text(&t.status)
        ))?;
    }
    let all = ledger.views(AsOf::Head)?;
    let changes = pacta::law::changes::changes(
        &super::state::pairs(&all),
        day("2025-01-01"),
        day("2025-12-31"),
        None,
    );
    output::say("")?;
    output::say(format!(
        "Changes of status in 2025 across the three treaties (`pacta changes --from 2025-01-01 --to 2025-12-31`): {}",
        super::state::plural(changes.len(), "change", "changes")
    ))?;
    for c in &changes {
        output::say(format!(
            "  {} {:<7} {} {}: {} -> {}",
            c.change.date,
            c.treaty,
            c.change.state,
            c.change.un_name,
            c.change.from.name(),
            c.change.to.name()
        ))?;
    }
    output::say("")?;
    Ok(())
}

/// A treaty registered with a preset's rules and provisions, citing its text.
fn registration(preset: &str, citation: Citation) -> Fact {
    Fact {
        event: Event::preset_registration(Preset::find(preset).expect("the preset exists")),
        citations: vec![citation],
        note: None,
    }
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
