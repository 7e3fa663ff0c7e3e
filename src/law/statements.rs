//! Statements under a treaty: when one may be recorded, and what stands on a day.
//!
//! [`admissible`] holds the depositary practice a statement must fit: the treaty is adopted,
//! the state has signed or consented (reservations and declarations are made at signature or
//! on consent to be bound, VCLT arts. 19 and 23(2)), an objection answers another state's live
//! reservation, a withdrawal the state's own live statement of the matching kind. [`standing`]
//! reads the live statements as a depositary's status page shows them on a day. Statements
//! never change a membership date.

use crate::law::facts::{LiveAct, LiveStatement, TreatyLog};
use crate::vocabulary::calendar::LegalDate;
use crate::vocabulary::event::{ActKind, Event};
use crate::vocabulary::statement::{Statement, StatementKind};
use serde::Serialize;

/// Checks `statement` against the treaty's log (the whole treaty, registered) and, for an
/// objection or a withdrawal, the event of the entry it names (its hash already checked).
/// Returns why it is refused.
pub fn admissible(
    log: &TreatyLog,
    statement: &Statement,
    named: Option<&Event>,
) -> Result<(), String> {
    if let Some((_, treaty)) = &log.registration
        && let Some(adopted) = treaty.adopted.filter(|a| statement.date < *a)
    {
        return Err(format!(
            "the {} is dated {}, before treaty '{}' was adopted on {adopted}",
            statement.kind, statement.date, statement.treaty
        ));
    }
    if let Some(same) = log.statements.iter().find(|s| s.statement == *statement) {
        return Err(format!(
            "this statement is already recorded as entry {}",
            same.seq
        ));
    }
    if let (Some(r), Some(event)) = (statement.refers_to, named) {
        answers(log, statement, r.seq, event)?;
    }
    // A withdrawal answers the state's own statement, which met this when it was made.
    if statement.kind.withdraws().is_none() {
        has_signed_or_joined(log, statement)?;
    }
    Ok(())
}

/// A state makes a reservation, declaration, objection or territorial application at
/// signature or on consent to be bound, or later: it must have signed or deposited an
/// instrument on or before the statement's date.
fn has_signed_or_joined(log: &TreatyLog, statement: &Statement) -> Result<(), String> {
    if log.acts.iter().any(|a| supports(a, statement)) {
        return Ok(());
    }
    Err(format!(
        "{} has no recorded signature or instrument under '{}' on or before {}; {} is made at signature or consent to be bound: record that first",
        statement.state,
        statement.treaty,
        statement.date,
        statement.kind.a()
    ))
}

/// Whether `act` is a signature or instrument of the statement's state on or before its date:
/// one the statement may rest on.
fn supports(act: &LiveAct, statement: &Statement) -> bool {
    act.act.state.as_ref() == Some(&statement.state)
        && (act.act.kind == ActKind::Signature || act.act.kind.is_instrument())
        && act.act.date <= statement.date
}

/// The first live statement that rests on entry `target` alone: one that met
/// [`admissible`]'s need of a signature or instrument only through that act, and so would be
/// left resting on nothing if it were retracted. Withdrawals rest on what they withdraw.
pub fn resting_on(log: &TreatyLog, target: u64) -> Option<&LiveStatement> {
    let i = log.acts.binary_search_by_key(&target, |a| a.seq).ok()?;
    let act = &log.acts[i];
    log.statements
        .iter()
        .filter(|s| s.statement.kind.withdraws().is_none() && supports(act, &s.statement))
        .find(|s| {
            !log.acts
                .iter()
                .any(|a| a.seq != target && supports(a, &s.statement))
        })
}

/// An objection answers another state's live reservation; a withdrawal the state's own live
/// statement of the kind it withdraws. Neither comes before what it answers.
fn answers(
    log: &TreatyLog,
    statement: &Statement,
    target: u64,
    event: &Event,
) -> Result<(), String> {
    let Event::Statement(named) = event else {
        return Err(format!(
            "entry {target} is not a statement; {} names a {}",
            statement.kind.a(),
            wanted(statement.kind)
        ));
    };
    let wanted_kind = statement
        .kind
        .withdraws()
        .unwrap_or(StatementKind::Reservation);
    if named.kind != wanted_kind || named.treaty != statement.treaty {
        return Err(format!(
            "entry {target} is {} under '{}'; {} names a {} under '{}'",
            named.kind.a(),
            named.treaty,
            statement.kind.a(),
            wanted(statement.kind),
            statement.treaty
        ));
    }
    if log.statement(target).is_none() {
        let by = log
            .retracted
            .get(&target)
            .map(|r| format!(" (retracted by entry {r})"))
            .unwrap_or_default();
        return Err(format!("entry {target} is not a live statement{by}"));
    }
    if let Some(w) = withdrawal_of(&log.statements, target) {
        return Err(format!(
            "entry {target} was withdrawn by entry {} on {}",
            w.seq, w.statement.date
        ));
    }
    let own = named.state == statement.state;
    if statement.kind == StatementKind::Objection && own {
        return Err(format!(
            "entry {target} is {}'s own reservation; a state objects only to another state's (to take its own back, record a reservation-withdrawal)",
            statement.state
        ));
    }
    if statement.kind != StatementKind::Objection && !own {
        return Err(format!(
            "entry {target} is {}'s {}; {} can withdraw only its own",
            named.state, named.kind, statement.state
        ));
    }
    if statement.date < named.date {
        return Err(format!(
            "the {} is dated {}, before the {} it answers (entry {target}, {})",
            statement.kind, statement.date, named.kind, named.date
        ));
    }
    Ok(())
}

/// What a statement of `kind` names, in words.
fn wanted(kind: StatementKind) -> String {
    match kind.withdraws() {
        Some(k) => format!("{k} of the same state"),
        None => "reservation of another state".to_string(),
    }
}

/// The live withdrawal of entry `target`, if any.
fn withdrawal_of(statements: &[LiveStatement], target: u64) -> Option<&LiveStatement> {
    statements
        .iter()
        .find(|s| s.statement.kind.withdraws().is_some() && answered(s) == Some(target))
}

fn answered(s: &LiveStatement) -> Option<u64> {
    s.statement.refers_to.map(|r| r.seq)
}

/// A statement as it stands on a day: withdrawn or not, and the objections it drew.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Standing {
    /// The entry that records it.
    pub entry: u64,
    /// The statement.
    pub statement: Statement,
    /// The withdrawal in force on the day, if any: (entry, date).
    pub withdrawn: Option<Withdrawn>,
    /// For a reservation, the objections to it made by the day, each with its own standing.
    pub objections: Vec<Standing>,
}

/// The withdrawal of a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Withdrawn {
    /// The entry that records the withdrawal.
    pub entry: u64,
    /// The day of the withdrawal.
    pub date: LegalDate,
}

impl Standing {
    /// Whether the statement is in force on the day: not withdrawn.
    pub fn is_live(&self) -> bool {
        self.withdrawn.is_none()
    }
}

/// The statements made by `at` (all with `None`), as a depositary lists them: reservations,
/// declarations and territorial applications in entry order, each reservation with the
/// objections to it; an objection to a reservation not shown (made later than `at`) is left
/// out with it. Withdrawals are not listed but mark what they withdrew.
pub fn standing(statements: &[LiveStatement], at: Option<LegalDate>) -> Vec<Standing> {
    let made = |s: &&LiveStatement| at.is_none_or(|at| s.statement.date <= at);
    let shown = |s: &LiveStatement| Standing {
        entry: s.seq,
        statement: s.statement.clone(),
        withdrawn: statements
            .iter()
            .filter(made)
            .find(|w| w.statement.kind.withdraws().is_some() && answered(w) == Some(s.seq))
            .map(|w| Withdrawn {
                entry: w.seq,
                date: w.statement.date,
            }),
        objections: Vec::new(),
    };
    statements
        .iter()
        .filter(made)
        .filter(|s| !s.statement.kind.names_entry())
        .map(|s| Standing {
            objections: statements
                .iter()
                .filter(made)
                .filter(|o| o.statement.kind == StatementKind::Objection)
                .filter(|o| answered(o) == Some(s.seq))
                .map(shown)
                .collect(),
            ..shown(s)
        })
        .collect()
}

/// Orders statements as a depositary's page groups them: by the state's name, in entry order
/// within a state.
pub fn sort_by_state(standing: &mut [Standing]) {
    standing.sort_by(|a, b| {
        let key = |s: &Standing| (s.statement.state.country().name, s.entry);
        key(a).cmp(&key(b))
    });
}

/// Whether a state has a reservation or declaration in force on `at`: the marker `status` shows.
pub fn has_live_reservation_or_declaration(standing: &[Standing], state: &str) -> bool {
    standing.iter().any(|s| {
        s.is_live()
            && s.statement.state.as_str() == state
            && matches!(
                s.statement.kind,
                StatementKind::Reservation | StatementKind::Declaration
            )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocabulary::country::StateCode;
    use crate::vocabulary::digest::Digest;
    use crate::vocabulary::event::Act;
    use crate::vocabulary::statement::EntryRef;
    use crate::vocabulary::treaty::TreatyId;

    fn date(text: &str) -> LegalDate {
        LegalDate::parse(text).unwrap()
    }

    fn statement(kind: StatementKind, state: &str, day: &str, refers_to: Option<u64>) -> Statement {
        Statement {
            kind,
            treaty: TreatyId::parse("t").unwrap(),
            state: StateCode::parse(state).unwrap(),
            date: date(day),
            text: None,
            refers_to: refers_to.map(|seq| EntryRef {
                seq,
                hash: Digest([0; 32]),
            }),
            territory: None,
        }
    }

    fn log_with(statements: Vec<(u64, Statement)>) -> TreatyLog {
        let mut log = TreatyLog::default();
        for state in ["DK", "SE"] {
            log.acts.push(LiveAct {
                seq: 1,
                act: Act {
                    treaty: TreatyId::parse("t").unwrap(),
                    state: Some(StateCode::parse(state).unwrap()),
                    kind: ActKind::Signature,
                    date: date("2000-01-01"),
                    effective: None,
                },
            });
        }
        for (seq, statement) in statements {
            log.statements.push(LiveStatement { seq, statement });
        }
        log
    }

    #[test]
    fn a_statement_needs_a_signature_or_instrument_first() {
        let log = log_with(vec![]);
        let early = statement(StatementKind::Reservation, "DK", "1999-12-31", None);
        assert!(
            admissible(&log, &early, None)
                .unwrap_err()
                .contains("signature")
        );
        let on_signature = statement(StatementKind::Reservation, "DK", "2000-01-01", None);
        assert!(admissible(&log, &on_signature, None).is_ok());
    }

    #[test]
    fn a_statement_rests_on_an_act_that_alone_supports_it() {
        let mut log = log_with(vec![(
            5,
            statement(StatementKind::Reservation, "DK", "2001-01-01", None),
        )]);
        // DK's signature (entry 1 in log_with) is all the reservation has.
        log.acts
            .retain(|a| a.act.state.as_ref().unwrap().as_str() == "DK");
        assert_eq!(resting_on(&log, 1).map(|s| s.seq), Some(5));
        // A ratification before it holds it up as well; one after it does not.
        for (seq, day, holds) in [(3, "2001-06-01", false), (4, "2000-06-01", true)] {
            log.acts.push(LiveAct {
                seq,
                act: Act {
                    kind: ActKind::Ratification,
                    date: date(day),
                    ..log.acts[0].act.clone()
                },
            });
            assert_eq!(resting_on(&log, 1).is_none(), holds, "{day}");
        }
        assert!(resting_on(&log, 3).is_none(), "after the reservation");
        assert!(resting_on(&log, 4).is_none(), "the signature holds it too");
        assert!(resting_on(&log, 99).is_none(), "no such act");
    }

    #[test]
    fn objections_answer_another_states_live_reservation() {
        let reservation = statement(StatementKind::Reservation, "DK", "2001-01-01", None);
        let log = log_with(vec![(5, reservation.clone())]);
        let named = Event::Statement(reservation.clone());
        let by_other = statement(StatementKind::Objection, "SE", "2001-02-01", Some(5));
        assert!(admissible(&log, &by_other, Some(&named)).is_ok());
        let by_self = statement(StatementKind::Objection, "DK", "2001-02-01", Some(5));
        let refusal = admissible(&log, &by_self, Some(&named)).unwrap_err();
        assert!(refusal.contains("own reservation"), "{refusal}");
        let too_early = statement(StatementKind::Objection, "SE", "2000-06-01", Some(5));
        assert!(admissible(&log, &too_early, Some(&named)).is_err());
        let withdrawn = log_with(vec![
            (5, reservation.clone()),
            (
                6,
                statement(
                    StatementKind::ReservationWithdrawal,
                    "DK",
                    "2001-01-15",
                    Some(5),
                ),
            ),
        ]);
        let refusal = admissible(&withdrawn, &by_other, Some(&named)).unwrap_err();
        assert!(refusal.contains("withdrawn by entry 6"), "{refusal}");
    }

    #[test]
    fn standing_marks_withdrawals_and_gathers_objections_by_day() {
        let statements: Vec<LiveStatement> = [
            (
                5,
                statement(StatementKind::Reservation, "DK", "2001-01-01", None),
            ),
            (
                6,
                statement(StatementKind::Objection, "SE", "2001-02-01", Some(5)),
            ),
            (
                7,
                statement(
                    StatementKind::ObjectionWithdrawal,
                    "SE",
                    "2002-01-01",
                    Some(6),
                ),
            ),
        ]
        .into_iter()
        .map(|(seq, statement)| LiveStatement { seq, statement })
        .collect();
        let before = standing(&statements, Some(date("2001-06-01")));
        assert_eq!(before.len(), 1);
        assert_eq!(before[0].objections.len(), 1);
        assert!(before[0].objections[0].is_live());
        assert!(has_live_reservation_or_declaration(&before, "DK"));
        assert!(!has_live_reservation_or_declaration(&before, "SE"));
        let after = standing(&statements, None);
        assert_eq!(
            after[0].objections[0].withdrawn,
            Some(Withdrawn {
                entry: 7,
                date: date("2002-01-01")
            })
        );
        assert!(standing(&statements, Some(date("2000-12-31"))).is_empty());
    }
}
