//! Counts over time: a treaty's counts (in force, parties, signatories) on a list of days, for
//! charts and tables of "States Parties at the end of each year".

use crate::law::history::Status;
use crate::law::interpret::Interpretation;
use crate::law::projection::Counts;
use crate::vocabulary::calendar::LegalDate;
use crate::vocabulary::treaty::Treaty;
use chrono::{Days, Months};
use serde::Serialize;

/// How far apart the days of a series are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Every {
    /// Every day.
    Day,
    /// The same day of every month (or the month's last day).
    Month,
    /// The same day of every year (28 February for 29 February).
    Year,
}

/// Why the days of a series cannot be listed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SeriesError {
    /// The period runs backwards.
    #[error("the period ends ({to}) before it starts ({from})")]
    Backwards {
        /// The first day.
        from: LegalDate,
        /// The last day.
        to: LegalDate,
    },
    /// Too many days.
    #[error("the series would have more than {max} days")]
    TooLong {
        /// The limit.
        max: usize,
    },
}

/// The most days one series may have.
pub const MAX_DAYS: usize = 100_000;

/// The days from `from` to `to` (both included when they fall on a step), `every` apart: each
/// counted from `from` (so a series of month ends stays on month ends).
pub fn days(from: LegalDate, to: LegalDate, every: Every) -> Result<Vec<LegalDate>, SeriesError> {
    if to < from {
        return Err(SeriesError::Backwards { from, to });
    }
    let start = from.naive();
    let mut out = Vec::new();
    for k in 0u32.. {
        let next = match every {
            Every::Day => start.checked_add_days(Days::new(u64::from(k))),
            Every::Month => start.checked_add_months(Months::new(k)),
            Every::Year => k
                .checked_mul(12)
                .and_then(|m| start.checked_add_months(Months::new(m))),
        };
        let Some(day) = next.map(LegalDate::from).filter(|d| *d <= to) else {
            break;
        };
        if out.len() == MAX_DAYS {
            return Err(SeriesError::TooLong { max: MAX_DAYS });
        }
        out.push(day);
    }
    Ok(out)
}

/// A treaty's counts on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Point {
    /// The day.
    pub date: LegalDate,
    /// The treaty itself is in force that day.
    pub treaty_in_force: bool,
    /// The counts.
    #[serde(flatten)]
    pub counts: Counts,
}

/// A treaty's counts on each of a list of days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Series {
    /// The treaty's id.
    pub treaty: String,
    /// Its title.
    pub title: String,
    /// One point per day, in the order given.
    pub points: Vec<Point>,
}

/// The counts of `treaty` on each of `days`, as `status` counts them.
pub fn series(treaty: &Treaty, interpretation: &Interpretation, days: &[LegalDate]) -> Series {
    let points = days
        .iter()
        .map(|&date| {
            let mut counts = Counts::default();
            for history in interpretation.states.values() {
                let status = history.status_at(date);
                counts.in_force += usize::from(status.in_force());
                counts.parties += usize::from(status.counts_as_party());
                counts.signatories += usize::from(status == Status::Signatory);
            }
            Point {
                date,
                treaty_in_force: interpretation.in_force.date().is_some_and(|d| d <= date),
                counts,
            }
        })
        .collect();
    Series {
        treaty: treaty.id.to_string(),
        title: treaty.title.clone(),
        points,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> LegalDate {
        LegalDate::parse(s).unwrap()
    }

    #[test]
    fn steps_are_counted_from_the_first_day() {
        let ends = days(d("2020-01-31"), d("2020-05-31"), Every::Month).unwrap();
        let shown: Vec<String> = ends.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "2020-01-31",
                "2020-02-29",
                "2020-03-31",
                "2020-04-30",
                "2020-05-31"
            ]
        );
        let years = days(d("2014-12-31"), d("2017-06-01"), Every::Year).unwrap();
        assert_eq!(years.len(), 3);
        assert_eq!(
            days(d("2020-01-01"), d("2020-01-03"), Every::Day)
                .unwrap()
                .len(),
            3
        );
        assert!(days(d("2020-01-02"), d("2020-01-01"), Every::Day).is_err());
        assert!(days(d("1000-01-01"), d("9000-01-01"), Every::Day).is_err());
    }
}
