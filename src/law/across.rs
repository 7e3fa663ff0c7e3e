//! Across treaties: one state's standing under every treaty on a day, every change of status in
//! a period, and a treaty's counts on a list of days.
//!
//! Pure functions of interpretations, built on [`crate::law::projection`] and
//! [`crate::law::timeline`]: a state's standing here is the row a projection of the treaty gives
//! it, a change the one a diff of the treaty lists, a count the one a projection counts.

use crate::law::history::StateHistory;
use crate::law::interpret::Interpretation;
use crate::law::projection::{self, Change, Counts, StateStatus};
use crate::law::timeline;
use crate::vocabulary::calendar::LegalDate;
use crate::vocabulary::country::StateCode;
use crate::vocabulary::treaty::Treaty;
use serde::Serialize;

/// One state's standing under one treaty on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Standing {
    /// The treaty's id.
    pub treaty: String,
    /// The treaty's title, as registered.
    pub title: String,
    /// When the treaty itself entered (or enters) into force, if the acts tell.
    pub treaty_in_force: Option<LegalDate>,
    /// The state's row of the treaty's projection onto the day ("not party" without acts).
    #[serde(flatten)]
    pub status: StateStatus,
}

/// The standing of `state` under a treaty on `at`: its row of the projection onto that day.
pub fn standing(
    treaty: &Treaty,
    interpretation: &Interpretation,
    state: &StateCode,
    at: LegalDate,
) -> Standing {
    let none = StateHistory::default();
    let history = interpretation.states.get(state).unwrap_or(&none);
    Standing {
        treaty: treaty.id.to_string(),
        title: treaty.title.clone(),
        treaty_in_force: interpretation.in_force.date(),
        status: projection::state_status(state, history, at),
    }
}

/// A change of one state's status under one treaty, with the entries behind the new status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TreatyChange {
    /// The treaty's id.
    pub treaty: String,
    /// The change, as the treaty's diff lists it.
    #[serde(flatten)]
    pub change: Change,
    /// The entries the new status rests on, ascending.
    pub entries: Vec<u64>,
}

/// Every change of status under a treaty in `(from, to]`, of one state or of all, by date then
/// state.
pub fn changes(
    treaty: &Treaty,
    interpretation: &Interpretation,
    from: LegalDate,
    to: LegalDate,
    state: Option<&StateCode>,
) -> Vec<TreatyChange> {
    let basis = crate::chain::prefix::Prefix::EMPTY;
    projection::diff(treaty, interpretation, from, to, basis)
        .changes
        .into_iter()
        .filter(|c| state.is_none_or(|s| *s == c.state))
        .map(|change| {
            let history = &interpretation.states[&change.state];
            let status = projection::state_status(&change.state, history, change.date);
            TreatyChange {
                treaty: treaty.id.to_string(),
                entries: status.entries,
                change,
            }
        })
        .collect()
}

/// A treaty's standing on one day of a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SeriesPoint {
    /// The day.
    pub date: LegalDate,
    /// The treaty itself is in force on the day.
    pub treaty_in_force: bool,
    /// The counts on the day, as a projection onto it gives them.
    #[serde(flatten)]
    pub counts: Counts,
}

/// A treaty's counts on each of `days`, in the order given.
pub fn series(interpretation: &Interpretation, days: &[LegalDate]) -> Vec<SeriesPoint> {
    let timeline = timeline::timeline(interpretation);
    let eif = interpretation.in_force.date();
    days.iter()
        .map(|&date| SeriesPoint {
            date,
            treaty_in_force: eif.is_some_and(|d| d <= date),
            counts: timeline.counts_at(date),
        })
        .collect()
}

/// How far apart the days of a series are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Every day.
    Day,
    /// The same day of every month (the month's last day where it is shorter).
    Month,
    /// The same day of every year (28 February for 29 February in other years).
    Year,
}

/// The days from `from` to `to` inclusive, `step` apart, each counted from `from` so that a
/// month's shorter end does not shift the days after it; none when `to` is before `from`.
pub fn days(from: LegalDate, to: LegalDate, step: Step) -> Vec<LegalDate> {
    let start = from.naive();
    let nth = |n: u32| -> Option<LegalDate> {
        let day = match step {
            Step::Day => start.checked_add_days(chrono::Days::new(u64::from(n))),
            Step::Month => start.checked_add_months(chrono::Months::new(n)),
            Step::Year => start.checked_add_months(chrono::Months::new(n.checked_mul(12)?)),
        }?;
        Some(LegalDate::from(day))
    };
    (0..).map_while(nth).take_while(|d| *d <= to).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> LegalDate {
        LegalDate::parse(text).unwrap()
    }

    fn texts(days: &[LegalDate]) -> Vec<String> {
        days.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn months_are_counted_from_the_first_day_and_keep_the_month_end() {
        let got = days(day("2024-01-31"), day("2024-05-01"), Step::Month);
        assert_eq!(
            texts(&got),
            ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"]
        );
    }

    #[test]
    fn years_and_days_include_both_ends() {
        let years = days(day("1999-12-31"), day("2002-12-31"), Step::Year);
        assert_eq!(
            texts(&years),
            ["1999-12-31", "2000-12-31", "2001-12-31", "2002-12-31"]
        );
        let each = days(day("2025-12-30"), day("2026-01-01"), Step::Day);
        assert_eq!(texts(&each), ["2025-12-30", "2025-12-31", "2026-01-01"]);
        assert!(days(day("2026-01-02"), day("2026-01-01"), Step::Day).is_empty());
    }
}
