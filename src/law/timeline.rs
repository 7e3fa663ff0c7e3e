//! Timelines: a treaty's counts on every day they change, and the days worth marking on a chart
//! of them (the treaty's entry into force and each withdrawal).
//!
//! A pure function of an interpretation: the counts follow the same conventions as
//! [`crate::law::projection`] (in force for the state; "States Parties"; signatories), so the
//! counts of a timeline's point equal those of a projection onto that day.

use crate::law::history::Status;
use crate::law::interpret::Interpretation;
use crate::law::projection::Counts;
use crate::vocabulary::calendar::LegalDate;
use crate::vocabulary::country::StateCode;
use serde::Serialize;
use std::collections::BTreeMap;

/// The counts from one day on, until the next point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Point {
    /// The first day of these counts.
    pub date: LegalDate,
    /// The counts on that day and every day until the next point.
    pub counts: Counts,
}

/// What a marked day is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MarkKind {
    /// The treaty itself entered into force.
    TreatyInForce,
    /// Withdrawals took effect: the states ceased to be parties.
    WithdrawalEffective,
    /// Withdrawals fell due but an armed conflict suspends them.
    WithdrawalSuspended,
}

/// A day worth marking on a chart of the counts, with the states it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mark {
    /// The day.
    pub date: LegalDate,
    /// What happened on it.
    pub kind: MarkKind,
    /// The states concerned, in code order (none for the treaty's own entry into force).
    pub states: Vec<StateCode>,
}

/// A treaty's counts through its history, and its marked days.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Timeline {
    /// One point on each day a count changes, in date order; before the first every count is 0.
    pub points: Vec<Point>,
    /// The marked days, in date order.
    pub marks: Vec<Mark>,
}

impl Timeline {
    /// The counts on `day`.
    pub fn counts_at(&self, day: LegalDate) -> Counts {
        self.points
            .iter()
            .rev()
            .find(|p| p.date <= day)
            .map_or_else(Counts::default, |p| p.counts)
    }
}

/// The counts of a treaty on every day they change, and its marked days.
pub fn timeline(interpretation: &Interpretation) -> Timeline {
    Timeline {
        points: points(interpretation),
        marks: marks(interpretation),
    }
}

/// Walks every state's turning points in date order, updating only the states that turn.
fn points(interpretation: &Interpretation) -> Vec<Point> {
    let mut turns: BTreeMap<LegalDate, Vec<&StateCode>> = BTreeMap::new();
    for (code, history) in &interpretation.states {
        for day in history.turning_points() {
            turns.entry(day).or_default().push(code);
        }
    }
    let mut status: BTreeMap<&StateCode, Status> = BTreeMap::new();
    let mut counts = Counts::default();
    let mut points: Vec<Point> = Vec::new();
    for (day, codes) in turns {
        for code in codes {
            let was = status.get(code).copied().unwrap_or(Status::NotParty);
            let is = interpretation.states[code].status_at(day);
            shift(&mut counts, was, is);
            status.insert(code, is);
        }
        let unchanged = points
            .last()
            .map_or(counts == Counts::default(), |p| p.counts == counts);
        if !unchanged {
            points.push(Point { date: day, counts });
        }
    }
    points
}

/// Moves one state's weight in the counts from status `was` to status `is`.
fn shift(counts: &mut Counts, was: Status, is: Status) {
    let step = |count: &mut usize, before: bool, after: bool| match (before, after) {
        (true, false) => *count -= 1,
        (false, true) => *count += 1,
        (true, true) | (false, false) => {}
    };
    step(&mut counts.in_force, was.in_force(), is.in_force());
    step(
        &mut counts.parties,
        was.counts_as_party(),
        is.counts_as_party(),
    );
    let signatory = |s: Status| s == Status::Signatory;
    step(&mut counts.signatories, signatory(was), signatory(is));
}

/// The treaty's entry into force and each unrevoked withdrawal, grouped by day and kind.
fn marks(interpretation: &Interpretation) -> Vec<Mark> {
    let mut grouped: BTreeMap<(LegalDate, u8), Mark> = BTreeMap::new();
    let mut add = |date: LegalDate, kind: MarkKind, state: Option<&StateCode>| {
        let order = match kind {
            MarkKind::TreatyInForce => 0,
            MarkKind::WithdrawalEffective => 1,
            MarkKind::WithdrawalSuspended => 2,
        };
        let mark = grouped.entry((date, order)).or_insert_with(|| Mark {
            date,
            kind,
            states: Vec::new(),
        });
        mark.states.extend(state.cloned());
    };
    if let Some(date) = interpretation.in_force.date() {
        add(date, MarkKind::TreatyInForce, None);
    }
    for (code, history) in &interpretation.states {
        let withdrawals = history
            .memberships
            .iter()
            .filter_map(|m| m.withdrawal.as_ref())
            .filter(|w| w.revoked.is_none());
        for w in withdrawals {
            match w.effective {
                Some(day) => add(day, MarkKind::WithdrawalEffective, Some(code)),
                None => add(w.due, MarkKind::WithdrawalSuspended, Some(code)),
            }
        }
    }
    grouped.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::law::history::{Membership, Proven, StateHistory, TreatyInForce, Withdrawal};
    use crate::vocabulary::event::ActKind;
    use crate::vocabulary::event::Provisions;
    use crate::vocabulary::treaty::TreatyId;

    fn day(text: &str) -> LegalDate {
        LegalDate::parse(text).unwrap()
    }

    fn proven(text: &str) -> Proven {
        Proven {
            date: day(text),
            entry: 1,
        }
    }

    /// A party from `deposited` (in force from `in_force`), optionally withdrawing.
    fn party(deposited: &str, in_force: &str, withdrawal: Option<Withdrawal>) -> StateHistory {
        StateHistory {
            memberships: vec![Membership {
                instrument: ActKind::Ratification,
                deposited: proven(deposited),
                stated_effective: None,
                in_force_from: Some(day(in_force)),
                in_force_basis: None,
                in_force_entry: None,
                derivation: None,
                instrument_withdrawn: None,
                withdrawal,
            }],
            ..StateHistory::default()
        }
    }

    fn withdrawal(notified: &str, due: &str, effective: Option<&str>) -> Withdrawal {
        Withdrawal {
            notified: proven(notified),
            stated: None,
            due: day(due),
            effective: effective.map(day),
            suspended_by: None,
            revoked: None,
            implied_by: None,
        }
    }

    fn interpretation(states: &[(&str, StateHistory)]) -> Interpretation {
        Interpretation {
            in_force: TreatyInForce {
                nth_instrument: Some(proven("2000-01-10")),
                by_rule: Some(day("2000-07-01")),
                recorded: None,
            },
            states: states
                .iter()
                .map(|(code, h)| (StateCode::parse(code).unwrap(), h.clone()))
                .collect(),
            provisions: Provisions::defaults(TreatyId::parse("t").unwrap()),
        }
    }

    fn counts(in_force: usize, parties: usize, signatories: usize) -> Counts {
        Counts {
            in_force,
            parties,
            signatories,
        }
    }

    #[test]
    fn counts_change_only_where_a_state_turns_and_days_without_change_are_left_out() {
        let finland = party(
            "2000-01-10",
            "2000-07-01",
            Some(withdrawal("2025-07-10", "2026-01-10", Some("2026-01-10"))),
        );
        let signatory = StateHistory {
            signature: Some(proven("1999-05-05")),
            ..StateHistory::default()
        };
        let t = timeline(&interpretation(&[
            ("FI", finland),
            ("DE", party("2000-01-01", "2000-07-01", None)),
            ("US", signatory),
        ]));
        let got: Vec<(String, Counts)> = t
            .points
            .iter()
            .map(|p| (p.date.to_string(), p.counts))
            .collect();
        assert_eq!(
            got,
            vec![
                ("1999-05-05".to_string(), counts(0, 0, 1)),
                ("2000-01-01".to_string(), counts(0, 1, 1)),
                ("2000-01-10".to_string(), counts(0, 2, 1)),
                ("2000-07-01".to_string(), counts(2, 2, 1)),
                // The notice on 2025-07-10 changes a status but no count: no point.
                ("2026-01-10".to_string(), counts(1, 1, 1)),
            ]
        );
        assert_eq!(t.counts_at(day("1999-01-01")), counts(0, 0, 0));
        assert_eq!(t.counts_at(day("2010-01-01")), counts(2, 2, 1));
    }

    #[test]
    fn marks_group_withdrawals_by_day_and_set_suspended_ones_apart() {
        let effective = |code: &str| {
            (
                code.to_string(),
                party(
                    "2000-01-10",
                    "2000-07-01",
                    Some(withdrawal("2025-06-27", "2025-12-27", Some("2025-12-27"))),
                ),
            )
        };
        let mut revoked = withdrawal("2025-06-27", "2025-12-27", Some("2025-12-27"));
        revoked.revoked = Some(proven("2025-09-01"));
        let states = [
            effective("LV"),
            effective("EE"),
            (
                "UA".to_string(),
                party(
                    "2000-01-10",
                    "2000-07-01",
                    Some(withdrawal("2025-06-29", "2025-12-29", None)),
                ),
            ),
            (
                "FR".to_string(),
                party("2000-01-10", "2000-07-01", Some(revoked)),
            ),
        ];
        let states: Vec<(&str, StateHistory)> = states
            .iter()
            .map(|(c, h)| (c.as_str(), h.clone()))
            .collect();
        let t = timeline(&interpretation(&states));
        let code = |c: &str| StateCode::parse(c).unwrap();
        assert_eq!(
            t.marks,
            vec![
                Mark {
                    date: day("2000-07-01"),
                    kind: MarkKind::TreatyInForce,
                    states: vec![],
                },
                Mark {
                    date: day("2025-12-27"),
                    kind: MarkKind::WithdrawalEffective,
                    states: vec![code("EE"), code("LV")],
                },
                Mark {
                    date: day("2025-12-29"),
                    kind: MarkKind::WithdrawalSuspended,
                    states: vec![code("UA")],
                },
            ]
        );
    }

    #[test]
    fn an_empty_interpretation_has_no_points() {
        let t = timeline(&Interpretation {
            in_force: TreatyInForce::default(),
            states: BTreeMap::new(),
            provisions: Provisions::defaults(TreatyId::parse("t").unwrap()),
        });
        assert_eq!(t, Timeline::default());
    }
}
