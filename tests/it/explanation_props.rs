//! Property test of `why`: over generated histories, every date an explanation's sentences
//! state is the date the derivation used, and every "before", "after" or "no later than" they
//! assert holds.
//!
//! Each sentence form the explanation can produce is matched here by a pattern whose dates are
//! checked against the interpretation (the reading that computes the dates); a date that no
//! pattern accounts for fails the test, so a new sentence form needs its check here.

use pacta::law::explanation::explain;
use pacta::law::facts::{LiveAct, TreatyFacts};
use pacta::law::history::{Membership, StateHistory};
use pacta::law::interpret::{Interpretation, interpret};
use pacta::vocabulary::calendar::LegalDate;
use pacta::vocabulary::country::StateCode;
use pacta::vocabulary::event::{Act, ActKind};
use pacta::vocabulary::provisions::Provisions;
use pacta::vocabulary::rules::{Delay, LaterFrom, Rules, SignatureCloses};
use pacta::vocabulary::treaty::{Treaty, TreatyId};
use proptest::prelude::*;
use regex::Regex;

const STATES: &[&str] = &["DE", "FR", "UA", "FI", "SS", "PY"];
const DELAYS: &[&str] = &[
    "+30d",
    "month-start,+6m",
    "+90d",
    "none",
    "+60d,next-month-start",
];
const KINDS: &[ActKind] = &[
    ActKind::Signature,
    ActKind::Ratification,
    ActKind::Acceptance,
    ActKind::Approval,
    ActKind::Accession,
    ActKind::Succession,
    ActKind::Withdrawal,
    ActKind::WithdrawalRevocation,
    ActKind::InstrumentWithdrawal,
    ActKind::ArmedConflictStart,
    ActKind::ArmedConflictEnd,
    ActKind::Suspension,
    ActKind::Reservation,
    ActKind::Declaration,
    ActKind::EntryIntoForce,
];

#[derive(Debug, Clone)]
struct Drawn {
    instruments: u32,
    eif_delay: usize,
    later_delay: usize,
    later_from_eif: bool,
    withdrawal_delay: usize,
    armed_conflict: bool,
    no_accessions: bool,
    acts: Vec<(usize, usize, i32, Option<i32>)>,
    days: Vec<i32>,
}

fn drawn() -> impl Strategy<Value = Drawn> {
    (
        1u32..4,
        0..DELAYS.len(),
        0..DELAYS.len(),
        any::<bool>(),
        0..3usize,
        any::<bool>(),
        any::<bool>(),
        proptest::collection::vec(
            (
                0..STATES.len(),
                0..KINDS.len(),
                10_000i32..20_500,
                proptest::option::weighted(0.2, 10_000i32..20_500),
            ),
            5..40,
        ),
        proptest::collection::vec(10_000i32..21_000, 1..6),
    )
        .prop_map(
            |(
                instruments,
                eif_delay,
                later_delay,
                later_from_eif,
                withdrawal_delay,
                armed_conflict,
                no_accessions,
                acts,
                days,
            )| Drawn {
                instruments,
                eif_delay,
                later_delay,
                later_from_eif,
                withdrawal_delay,
                armed_conflict,
                no_accessions,
                acts,
                days,
            },
        )
}

fn day(n: i32) -> LegalDate {
    LegalDate::from_epoch_days(n).unwrap()
}

fn d(text: &str) -> LegalDate {
    LegalDate::parse(text).unwrap()
}

/// The facts the draw gives, keeping each act only if the history still reads without
/// contradiction (as admission would).
fn history(draw: &Drawn) -> (Treaty, TreatyFacts, Interpretation) {
    let treaty = Treaty {
        id: TreatyId::parse("t").unwrap(),
        title: "T".into(),
        adopted: None,
        depositary: None,
        rules: Rules {
            eif_instruments: draw.instruments,
            eif_delay: DELAYS[draw.eif_delay].parse().unwrap(),
            later_delay: DELAYS[draw.later_delay].parse().unwrap(),
            later_delay_from: if draw.later_from_eif {
                LaterFrom::EntryIntoForce
            } else {
                LaterFrom::NthInstrument
            },
            withdrawal_delay: ["+6m", "+1y", "+90d"][draw.withdrawal_delay]
                .parse()
                .unwrap(),
            armed_conflict_suspends_withdrawal: draw.armed_conflict,
            signature_closes: SignatureCloses::Never,
        },
    };
    let provisions = Provisions {
        counted_instruments: draw.no_accessions.then(|| {
            vec![
                ActKind::Ratification,
                ActKind::Acceptance,
                ActKind::Approval,
            ]
        }),
        ..Provisions::default()
    };
    let mut facts = TreatyFacts::of_acts(treaty.clone(), provisions, 1, Vec::new());
    for (i, &(state, kind, date, effective)) in draw.acts.iter().enumerate() {
        let kind = KINDS[kind];
        let act = Act {
            treaty: treaty.id.clone(),
            state: kind
                .needs_state()
                .then(|| StateCode::parse(STATES[state]).unwrap()),
            kind,
            date: day(date),
            effective: effective.filter(|_| kind.takes_effective_date()).map(day),
        };
        if act.kind == ActKind::Withdrawal && act.effective.is_some_and(|e| e < act.date) {
            continue;
        }
        facts.acts.push(LiveAct {
            seq: i as u64 + 2,
            act,
        });
        if interpret(&facts).is_err() {
            facts.acts.pop();
        }
    }
    let read = interpret(&facts).unwrap();
    (treaty, facts, read)
}

/// What one sentence pattern checks: its captures, against the reading.
type Check = fn(&Ctx, &regex::Captures) -> Result<(), String>;

/// What a sentence can be checked against.
struct Ctx<'a> {
    treaty: &'a Treaty,
    read: &'a Interpretation,
    history: Option<&'a StateHistory>,
    membership: Option<&'a Membership>,
    at: LegalDate,
}

fn date_of(c: &regex::Captures, name: &str) -> LegalDate {
    d(&c[name])
}

fn same(what: &str, said: LegalDate, used: Option<LegalDate>) -> Result<(), String> {
    if Some(said) == used {
        Ok(())
    } else {
        Err(format!("{what}: says {said}, the derivation used {used:?}"))
    }
}

fn holds(rel: &str, a: LegalDate, b: LegalDate) -> Result<(), String> {
    let ok = match rel {
        "before" => a < b,
        "on the day of" => a == b,
        "after" => a > b,
        other => return Err(format!("unknown relation {other}")),
    };
    if ok {
        Ok(())
    } else {
        Err(format!("{a} is not {rel} {b}"))
    }
}

fn eif(cx: &Ctx) -> Option<LegalDate> {
    cx.read.in_force.date()
}

fn deposit(cx: &Ctx) -> Option<LegalDate> {
    cx.membership.map(|m| m.deposited.date)
}

fn in_force_from(cx: &Ctx) -> Option<LegalDate> {
    cx.membership.and_then(|m| m.in_force_from)
}

fn later(cx: &Ctx, dep: LegalDate) -> Option<LegalDate> {
    cx.treaty.rules.later_delay.apply(dep)
}

fn withdrawal<'a>(cx: &Ctx<'a>) -> Option<&'a pacta::law::history::Withdrawal> {
    cx.membership.and_then(|m| m.withdrawal.as_ref())
}

/// The patterns, compiled once.
fn patterns() -> &'static [(Regex, Check)] {
    static PATTERNS: std::sync::OnceLock<Vec<(Regex, Check)>> = std::sync::OnceLock::new();
    PATTERNS.get_or_init(compile)
}

fn compile() -> Vec<(Regex, Check)> {
    const D: &str = r"\d{4}-\d{2}-\d{2}";
    let re = |text: &str| Regex::new(&text.replace("{D}", D)).unwrap();
    let list: Vec<(&str, Check)> = vec![
        (
            r"The treaty entered into force on (?P<eif>{D}): its instrument number \d+ \(counting [a-z, ]+\) was deposited on (?P<nth>{D}), and its entry-into-force delay (?P<delay>[^ ]+) runs from that day\.",
            |cx, c| {
                let nth = cx.read.in_force.nth_instrument.map(|p| p.date);
                same("nth instrument", date_of(c, "nth"), nth)?;
                same("treaty in force", date_of(c, "eif"), eif(cx))?;
                let delay: Delay = c["delay"].parse().unwrap();
                same(
                    "delay from nth",
                    date_of(c, "eif"),
                    delay.apply(date_of(c, "nth")),
                )
            },
        ),
        (
            r"The treaty's entry into force on (?P<eif>{D}) is recorded\.",
            |cx, c| {
                same(
                    "recorded",
                    date_of(c, "eif"),
                    cx.read.in_force.recorded.map(|p| p.date),
                )
            },
        ),
        (
            r"The rules would give (?P<rule>{D}) instead; the recorded date (?P<rec>{D}) is used\.",
            |cx, c| {
                same("by rule", date_of(c, "rule"), cx.read.in_force.by_rule)?;
                same("recorded", date_of(c, "rec"), eif(cx))
            },
        ),
        (r"\w+ signed on (?P<d>{D})\.", |cx, c| {
            same(
                "signature",
                date_of(c, "d"),
                cx.history.and_then(|h| h.signature).map(|p| p.date),
            )
        }),
        (r"\w+ withdrew its signature on (?P<d>{D})\.", |cx, c| {
            let w = cx
                .history
                .and_then(|h| h.signature_withdrawn)
                .map(|p| p.date);
            same("signature withdrawn", date_of(c, "d"), w)
        }),
        (
            r"\w+ deposited its instrument of [a-z]+ on (?P<d>{D})\.",
            |cx, c| same("deposit", date_of(c, "d"), deposit(cx)),
        ),
        (
            r"\w+ withdrew that instrument on (?P<d>{D}), before it took effect\.",
            |cx, c| {
                let m = cx.membership.unwrap();
                same(
                    "instrument withdrawn",
                    date_of(c, "d"),
                    m.instrument_withdrawn.map(|p| p.date),
                )?;
                match m.in_force_from {
                    Some(f) => holds("before", date_of(c, "d"), f),
                    None => Ok(()),
                }
            },
        ),
        (
            r"It deposited by the day of the instrument that brought the treaty into force, so the treaty bound \w+ from its own entry into force, (?P<f>{D})\.",
            |cx, c| {
                let nth = cx.read.in_force.nth_instrument.unwrap().date;
                if deposit(cx).unwrap() > nth {
                    return Err("deposited after the nth instrument".into());
                }
                same("in force", date_of(c, "f"), in_force_from(cx))?;
                same("treaty in force", date_of(c, "f"), eif(cx))
            },
        ),
        (
            r"It deposited on (?P<dep>{D}), (?P<rel>before|on the day of|after) the treaty's entry into force on (?P<eif>{D}); under the rule for states depositing by then the treaty bound \w+ from its own entry into force, (?P<f>{D})\.",
            |cx, c| {
                same("deposit", date_of(c, "dep"), deposit(cx))?;
                same("treaty in force", date_of(c, "eif"), eif(cx))?;
                holds(&c["rel"], date_of(c, "dep"), date_of(c, "eif"))?;
                same("in force", date_of(c, "f"), in_force_from(cx))
            },
        ),
        (
            r"It deposited after the treaty's entry into force on (?P<eif>{D})",
            |cx, c| {
                same("treaty in force", date_of(c, "eif"), eif(cx))?;
                holds("after", deposit(cx).unwrap(), date_of(c, "eif"))
            },
        ),
        (
            r"It deposited on (?P<dep>{D}), after the instrument that completed the \d+ required \(deposited (?P<nth>{D})\) and (?P<rel>before|on the day of|after) the treaty's entry into force on (?P<eif>{D})",
            |cx, c| {
                same("deposit", date_of(c, "dep"), deposit(cx))?;
                let nth = cx.read.in_force.nth_instrument.map(|p| p.date);
                same("nth instrument", date_of(c, "nth"), nth)?;
                holds("after", date_of(c, "dep"), date_of(c, "nth"))?;
                same("treaty in force", date_of(c, "eif"), eif(cx))?;
                holds(&c["rel"], date_of(c, "dep"), date_of(c, "eif"))
            },
        ),
        (
            r"\(the treaty's entry into force on (?P<eif>{D}) is recorded from a source\)",
            |cx, c| same("treaty in force", date_of(c, "eif"), eif(cx)),
        ),
        (
            r"under the rule for later states \([^)]*\) the treaty entered into force for \w+ on (?P<f>{D})\.",
            |cx, c| {
                same("in force", date_of(c, "f"), in_force_from(cx))?;
                same(
                    "later delay",
                    date_of(c, "f"),
                    later(cx, deposit(cx).unwrap()),
                )?;
                holds("after", date_of(c, "f"), eif(cx).unwrap())
            },
        ),
        (
            r"the rule for later states \([^)]*\) gives (?P<g>{D}), no later than the treaty's entry into force, so the treaty bound \w+ from (?P<f>{D})\.",
            |cx, c| {
                same(
                    "later delay",
                    date_of(c, "g"),
                    later(cx, deposit(cx).unwrap()),
                )?;
                if date_of(c, "g") > eif(cx).unwrap() {
                    return Err("the later delay ends after entry into force".into());
                }
                same("in force", date_of(c, "f"), in_force_from(cx))?;
                same("treaty in force", date_of(c, "f"), eif(cx))
            },
        ),
        (
            r"The instrument states the date it takes effect, (?P<f>{D}),",
            |cx, c| {
                same("in force", date_of(c, "f"), in_force_from(cx))?;
                same(
                    "stated",
                    date_of(c, "f"),
                    cx.membership.unwrap().stated_effective,
                )
            },
        ),
        (
            r"Entry into force for \w+ on (?P<f>{D}) is recorded\.",
            |cx, c| same("in force", date_of(c, "f"), in_force_from(cx)),
        ),
        (
            r"\w+ notified its withdrawal on (?P<n>{D})\. The withdrawal delay \((?P<delay>[^)]*)\) gives (?P<g>{D})(; the notice states (?P<s>{D}))?, so it is due on (?P<u>{D})\.",
            |cx, c| {
                let w = withdrawal(cx).unwrap();
                same("notified", date_of(c, "n"), Some(w.notified.date))?;
                let delay: Delay = c["delay"].parse().unwrap();
                same("delay", date_of(c, "g"), delay.apply(w.notified.date))?;
                if c.name("s").is_some() {
                    same("stated", date_of(c, "s"), w.stated)?;
                }
                let due = w.stated.map_or(date_of(c, "g"), |s| s.max(date_of(c, "g")));
                same("due", date_of(c, "u"), Some(due))?;
                same("due", date_of(c, "u"), Some(w.due))
            },
        ),
        (
            r"\w+ revoked the withdrawal on (?P<r>{D}), before it took effect\.",
            |cx, c| {
                let w = withdrawal(cx).unwrap();
                same("revoked", date_of(c, "r"), w.revoked.map(|p| p.date))?;
                match w.effective {
                    Some(e) => holds("before", date_of(c, "r"), e),
                    None => Ok(()),
                }
            },
        ),
        (
            r"engaged in an armed conflict recorded from (?P<c>{D}); under the treaty's armed-conflict clause a withdrawal does not take effect before the conflict ends(; the conflict's end is recorded on (?P<e>{D}), so the withdrawal took effect on (?P<w>{D}))?",
            |cx, c| {
                let w = withdrawal(cx).unwrap();
                let conflicts = &cx.history.unwrap().conflicts;
                let conflict = conflicts
                    .iter()
                    .find(|x| Some(x.start.entry) == w.suspended_by)
                    .unwrap();
                same("conflict start", date_of(c, "c"), Some(conflict.start.date))?;
                if conflict.start.date > w.due {
                    return Err("the conflict started after the withdrawal fell due".into());
                }
                if c.name("e").is_some() {
                    same(
                        "conflict end",
                        date_of(c, "e"),
                        conflict.end.map(|p| p.date),
                    )?;
                    same("effective", date_of(c, "w"), w.effective)?;
                    same(
                        "effective at the end",
                        date_of(c, "w"),
                        Some(date_of(c, "e")),
                    )?;
                }
                Ok(())
            },
        ),
        (r"The withdrawal took effect on (?P<w>{D})\.", |cx, c| {
            same(
                "effective",
                date_of(c, "w"),
                withdrawal(cx).unwrap().effective,
            )?;
            if date_of(c, "w") > cx.at {
                return Err("took effect after the day explained".into());
            }
            Ok(())
        }),
        (
            r"notified a suspension of the treaty's operation on (?P<n>{D})( as of (?P<e>{D}))?\.",
            |cx, c| {
                let s = cx.history.unwrap().suspension_at(cx.at).unwrap();
                same("suspension", date_of(c, "n"), Some(s.notified.date))?;
                if c.name("e").is_some() {
                    same("suspension effective", date_of(c, "e"), s.effective)?;
                }
                Ok(())
            },
        ),
        (r"made on (?P<d>{D}) \(entry (?P<n>\d+)\)", |cx, c| {
            let n: u64 = c["n"].parse().unwrap();
            let s = cx.read.statements.iter().find(|s| s.entry == n).unwrap();
            same("statement", date_of(c, "d"), Some(s.date))?;
            if !s.live_at(cx.at) {
                return Err(format!("statement {n} is not in force on {}", cx.at));
            }
            Ok(())
        }),
        (r"So on (?P<d>{D}) the status of \w+ is: ", |cx, c| {
            same("day", date_of(c, "d"), Some(cx.at))
        }),
    ];
    list.into_iter()
        .map(|(text, check)| (re(text), check))
        .collect()
}

/// Checks every sentence of the explanation of `state` on `at`; returns what is wrong.
fn check(
    treaty: &Treaty,
    read: &Interpretation,
    state: &StateCode,
    at: LegalDate,
) -> Result<(), String> {
    let e = explain(treaty, read, state, at);
    let history = read.states.get(state);
    let cx = Ctx {
        treaty,
        read,
        history,
        membership: history.and_then(|h| h.membership_at(at)),
        at,
    };
    static ANY_DATE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    let any_date = ANY_DATE.get_or_init(|| Regex::new(r"\d{4}-\d{2}-\d{2}").unwrap());
    for reason in &e.reasons {
        let mut covered = vec![false; reason.text.len()];
        for (re, checker) in patterns() {
            for c in re.captures_iter(&reason.text) {
                checker(&cx, &c).map_err(|why| format!("{why}\n  in: {}", reason.text))?;
                let m = c.get(0).unwrap();
                covered[m.start()..m.end()]
                    .iter_mut()
                    .for_each(|x| *x = true);
            }
        }
        if let Some(stray) = any_date
            .find_iter(&reason.text)
            .find(|m| !covered[m.start()])
        {
            return Err(format!(
                "the date {} is stated but no check covers it\n  in: {}",
                stray.as_str(),
                reason.text
            ));
        }
    }
    let status = history.map_or(pacta::law::history::Status::NotParty, |h| h.status_at(at));
    if e.status != status {
        return Err(format!("status {:?}, reading {:?}", e.status, status));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn every_date_and_relation_in_why_is_the_derivations(draw in drawn()) {
        let (treaty, _facts, read) = history(&draw);
        for state in STATES {
            let state = StateCode::parse(state).unwrap();
            let history = read.states.get(&state);
            let mut days: Vec<LegalDate> = draw.days.iter().map(|&n| day(n)).collect();
            // The days the state's status changes, and the day before each.
            if let Some(h) = history {
                for turn in h.turning_points() {
                    days.push(turn);
                    days.extend(LegalDate::from_epoch_days(turn.epoch_days() - 1));
                }
            }
            for at in days {
                if let Err(why) = check(&treaty, &read, &state, at) {
                    return Err(TestCaseError::fail(format!("{state} on {at}: {why}")));
                }
            }
        }
    }
}

/// The sentence that used to be wrong (Paraguay under Ottawa, 1998): checked the same way.
#[test]
fn the_paraguay_case_passes_the_checks() {
    let draw = Drawn {
        instruments: 2,
        eif_delay: 1,
        later_delay: 1,
        later_from_eif: false,
        withdrawal_delay: 0,
        armed_conflict: true,
        no_accessions: false,
        acts: vec![
            (0, 1, d("1998-06-29").epoch_days(), None),
            (1, 1, d("1998-09-16").epoch_days(), None),
            (5, 1, d("1998-11-13").epoch_days(), None),
        ],
        days: vec![d("1999-06-01").epoch_days()],
    };
    let (treaty, _, read) = history(&draw);
    let py = StateCode::parse("PY").unwrap();
    check(&treaty, &read, &py, d("1999-06-01")).unwrap();
    let text: Vec<String> = explain(&treaty, &read, &py, d("1999-06-01"))
        .reasons
        .into_iter()
        .map(|r| r.text)
        .collect();
    assert!(
        text.iter()
            .any(|t| t.contains("before the treaty's entry into force on 1999-03-01")),
        "{text:?}"
    );
}
