//! `pacta report`: one self-contained HTML file about a treaty, to read offline and to share.
//!
//! The data comes from the library (the projection onto a day, the timeline of the counts, the
//! statements standing on the day, each entry's citations, a checkpoint of the basis); this
//! module gathers it, `chart` draws the
//! timeline as inline SVG and `page` writes the HTML. The page loads nothing: no script, no
//! font, no image from anywhere, and says so in its Content-Security-Policy.

mod chart;
mod page;

use super::context::Context;
use super::error::CliError;
use super::output;
use super::when::{self, AsOfArg};
use pacta::chain::seal::Sealed;
use pacta::law::projection::{self, Projection};
use pacta::law::statements::{self, Standing};
use pacta::law::timeline::{self, Timeline};
use pacta::ledger::Ledger;
use pacta::ledger::view::TreatyView;
use pacta::proof::checkpoint::Checkpoint;
use pacta::proof::keys::KeyPair;
use pacta::vocabulary::calendar::{Instant, LegalDate};
use pacta::vocabulary::citation::Citation;
use pacta::vocabulary::country::StateCode;
use pacta::vocabulary::event::Event;
use pacta::vocabulary::treaty::Treaty;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  pacta report ottawa --out ottawa.html\n  pacta report ottawa --at 2026-03-01 --out ottawa-2026-03-01.html\n  pacta report ottawa --at 2025-01-01 --as-of 120 --sign key --out then.html"
)]
pub struct ReportArgs {
    /// The treaty's id.
    treaty: String,
    /// The day the table of states describes (YYYY-MM-DD); today by default.
    #[arg(long)]
    at: Option<String>,
    #[command(flatten)]
    as_of: AsOfArg,
    /// Where to write the HTML file (replaced if it exists).
    #[arg(long, value_name = "FILE.html")]
    out: PathBuf,
    /// Sign the checkpoint the report carries with this private key file.
    #[arg(long, value_name = "KEYFILE")]
    sign: Option<PathBuf>,
}

/// One entry as the report shows it: where it sits in the chain, who recorded it, its sources.
pub struct Evidence {
    pub seq: u64,
    pub hash: String,
    pub recorded_at: Instant,
    pub recorder: String,
    pub summary: String,
    pub note: Option<String>,
    pub citations: Vec<Citation>,
}

/// Everything the page shows.
pub struct Report {
    pub treaty: Treaty,
    pub projection: Projection,
    pub timeline: Timeline,
    /// The entries of each state's live acts, ascending.
    pub state_entries: BTreeMap<StateCode, Vec<u64>>,
    /// The registration and the treaty-wide acts (a recorded entry into force).
    pub treaty_entries: Vec<u64>,
    /// The reservations, declarations and territorial applications made by the day, each with
    /// the objections to it, by state name as a depositary lists them; they change no date.
    pub statements: Vec<Standing>,
    pub evidence: BTreeMap<u64, Evidence>,
    /// A checkpoint of the entries the report rests on, signed if a key was given.
    pub checkpoint: Checkpoint,
    /// When the report was made, by the command's clock.
    pub made: Instant,
}

pub fn run(args: ReportArgs, ctx: &Context) -> Result<ExitCode, CliError> {
    let at = when::at(ctx, &args.at)?;
    let key = args
        .sign
        .as_deref()
        .map(super::proofs::load_key)
        .transpose()?;
    let (ledger, view) = when::view(ctx, &args.treaty, &args.as_of)?;
    let treaty = view.facts.treaty.id.clone();
    write(&ledger, view, at, ctx.now()?, key.as_ref(), &args.out)?;
    output::note(format!(
        "Wrote the report on {treaty} at {at} to {}",
        args.out.display()
    ));
    Ok(ExitCode::SUCCESS)
}

/// Writes the report of a treaty as read in `view`, on day `at`, to `out`.
pub fn write(
    ledger: &Ledger,
    view: TreatyView,
    at: LegalDate,
    made: Instant,
    key: Option<&KeyPair>,
    out: &Path,
) -> Result<(), CliError> {
    let mut checkpoint = pacta::audit::checkpoint::at(ledger, view.basis.entries, made, None)?;
    if let Some(key) = key {
        checkpoint.sign(key);
    }
    let mut state_entries: BTreeMap<StateCode, Vec<u64>> = BTreeMap::new();
    let mut treaty_entries = vec![view.facts.registered];
    for act in &view.facts.acts {
        match &act.act.state {
            Some(state) => state_entries
                .entry(state.clone())
                .or_default()
                .push(act.seq),
            None => treaty_entries.push(act.seq),
        }
    }
    let mut standing = statements::standing(&view.statements, Some(at));
    statements::sort_by_state(&mut standing);
    let statement_entries: Vec<u64> = standing
        .iter()
        .flat_map(|s| std::iter::once(s.entry).chain(s.objections.iter().map(|o| o.entry)))
        .collect();
    let report = Report {
        projection: projection::project(&view.facts.treaty, &view.interpretation, at, view.basis),
        timeline: timeline::timeline(&view.interpretation),
        evidence: evidence(
            ledger,
            treaty_entries
                .iter()
                .chain(state_entries.values().flatten())
                .chain(&statement_entries),
        )?,
        statements: standing,
        treaty: view.facts.treaty,
        state_entries,
        treaty_entries,
        checkpoint,
        made,
    };
    let page = page::render(&report);
    let shown = out.display().to_string();
    super::destination::write(out, |file| {
        std::io::Write::write_all(file, page.as_bytes())
            .map_err(|e| CliError::new(format!("cannot write {shown}: {e}")))
    })
}

/// Reads the entries behind the report, each once.
fn evidence<'a>(
    ledger: &Ledger,
    seqs: impl Iterator<Item = &'a u64>,
) -> Result<BTreeMap<u64, Evidence>, CliError> {
    let mut all = BTreeMap::new();
    for &seq in seqs {
        let Sealed { entry, hash, .. } = ledger.entry(seq)?;
        all.insert(
            seq,
            Evidence {
                seq,
                hash: hash.hex(),
                recorded_at: entry.recorded_at,
                recorder: entry.recorder,
                summary: headline(&entry.fact.event),
                note: entry.fact.note,
                citations: entry.fact.citations,
            },
        );
    }
    Ok(all)
}

/// What an entry records, in the words of a row about one state: "accession 2012-01-09".
fn headline(event: &Event) -> String {
    match event {
        Event::TreatyRegistration(t) => format!("registration of the treaty as {}", t.id),
        Event::Act(a) => match a.effective {
            Some(e) => format!("{} {} (effective {e})", a.kind, a.date),
            None => format!("{} {}", a.kind, a.date),
        },
        Event::Retraction(r) => format!("retraction of entry {}", r.target),
        Event::Corroboration(c) => format!("more sources for entry {}", c.target),
        Event::Provisions(p) => format!("provisions of the treaty {}", p.treaty),
        Event::Statement(s) => s.summary(),
    }
}
