//! Legal dates and recording instants.
//!
//! A [`LegalDate`] is a day in the proleptic Gregorian calendar (an act date, an entry-into-force
//! date); an [`Instant`] is a UTC moment (when an entry was recorded). Both have two serde forms:
//! in the canonical entry bytes (a non-human-readable serializer) a date is the signed number of
//! days since 1970-01-01 and an instant the signed number of microseconds since
//! 1970-01-01T00:00:00Z; in JSON they are `YYYY-MM-DD` and RFC 3339 strings.

use chrono::{DateTime, Datelike, NaiveDate, SecondsFormat, TimeZone, Timelike, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer, de};
use std::fmt;

/// The first day of the Unix epoch, the zero of the day count.
const EPOCH: NaiveDate = match NaiveDate::from_ymd_opt(1970, 1, 1) {
    Some(d) => d,
    None => panic!("1970-01-01 is a valid date"),
};

/// A calendar day, as written in treaty records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LegalDate(NaiveDate);

/// Why a date string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// The text, as given, is not shaped `YYYY-MM-DD`.
    #[error("'{0}' is not a date in the form YYYY-MM-DD")]
    Form(String),
    /// The text, as given, has the shape of a date but names no real day, such as `2025-02-30`.
    #[error("'{0}' is not a real calendar day")]
    Impossible(String),
    /// The text, as given, is not an RFC 3339 timestamp, or names one outside the range of
    /// instants.
    #[error("'{0}' is not an RFC 3339 timestamp such as 2025-07-10T12:00:00Z")]
    Timestamp(String),
}

impl LegalDate {
    /// Builds a date from its parts; `None` when the day does not exist.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Self> {
        NaiveDate::from_ymd_opt(year, month, day).map(Self)
    }

    /// Parses exactly `YYYY-MM-DD`: four-digit year, two-digit month and day, nothing else.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let bytes = text.as_bytes();
        let shaped = bytes.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
        if !shaped {
            return Err(DateError::Form(text.to_string()));
        }
        let number = |range: std::ops::Range<usize>| -> u32 {
            text[range]
                .parse()
                .expect("the shape check admits only digits here")
        };
        let year = i32::try_from(number(0..4)).expect("four digits fit an i32");
        Self::from_ymd(year, number(5..7), number(8..10))
            .ok_or_else(|| DateError::Impossible(text.to_string()))
    }

    /// The same day as chrono's `NaiveDate`, for calendar arithmetic.
    pub fn naive(self) -> NaiveDate {
        self.0
    }

    /// The year in the proleptic Gregorian calendar.
    pub fn year(self) -> i32 {
        self.0.year()
    }

    /// The month of the year, 1 for January to 12 for December.
    pub fn month(self) -> u32 {
        self.0.month()
    }

    /// Days since 1970-01-01 (negative before it): the date's canonical integer.
    pub fn epoch_days(self) -> i32 {
        i32::try_from((self.0 - EPOCH).num_days()).expect("chrono dates span fewer than 2^31 days")
    }

    /// The date from its canonical integer, days since 1970-01-01 (negative before it); `None`
    /// outside the calendar chrono can represent.
    pub fn from_epoch_days(days: i32) -> Option<Self> {
        EPOCH
            .checked_add_signed(chrono::TimeDelta::days(i64::from(days)))
            .map(Self)
    }
}

impl From<NaiveDate> for LegalDate {
    fn from(date: NaiveDate) -> Self {
        Self(date)
    }
}

impl fmt::Display for LegalDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Written directly for the years people record: chrono's formatter parses its pattern
        // on every call, and dates are written by the million in exports.
        let (y, m, d) = (self.0.year(), self.0.month(), self.0.day());
        if (0..=9999).contains(&y) {
            write!(f, "{y:04}-{m:02}-{d:02}")
        } else {
            write!(f, "{}", self.0.format("%Y-%m-%d"))
        }
    }
}

impl Serialize for LegalDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.collect_str(self)
        } else {
            serializer.serialize_i32(self.epoch_days())
        }
    }
}

impl<'de> Deserialize<'de> for LegalDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            let text = String::deserialize(deserializer)?;
            Self::parse(&text).map_err(de::Error::custom)
        } else {
            let days = i32::deserialize(deserializer)?;
            Self::from_epoch_days(days)
                .ok_or_else(|| de::Error::custom(format!("day number {days} is out of range")))
        }
    }
}

/// A UTC moment with microsecond precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Instant(DateTime<Utc>);

impl Instant {
    /// Parses an RFC 3339 timestamp (any offset; stored as UTC, truncated to microseconds).
    pub fn parse(text: &str) -> Result<Self, DateError> {
        DateTime::parse_from_rfc3339(text)
            .map(|t| Self::from_micros(t.with_timezone(&Utc).timestamp_micros()))
            .map_err(|_| DateError::Timestamp(text.to_string()))?
            .ok_or_else(|| DateError::Timestamp(text.to_string()))
    }

    /// Truncates to the microsecond, the precision the ledger keeps.
    pub fn from_datetime(at: DateTime<Utc>) -> Self {
        Self::from_micros(at.timestamp_micros())
            .expect("a chrono instant's microsecond count maps back to an instant")
    }

    /// The instant from its canonical integer, microseconds since 1970-01-01T00:00:00Z; `None`
    /// outside the range chrono can represent.
    pub fn from_micros(micros: i64) -> Option<Self> {
        Utc.timestamp_micros(micros).single().map(Self)
    }

    /// Microseconds since 1970-01-01T00:00:00Z: the instant's canonical integer.
    pub fn micros(self) -> i64 {
        self.0.timestamp_micros()
    }

    /// The UTC calendar day this instant falls on.
    pub fn date(self) -> LegalDate {
        LegalDate(self.0.date_naive())
    }
}

impl fmt::Display for Instant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.0;
        if !(0..=9999).contains(&t.year()) {
            return f.write_str(&t.to_rfc3339_opts(SecondsFormat::AutoSi, true));
        }
        // RFC 3339 as chrono's `AutoSi` writes it (the shortest of 0, 3 or 6 fractional digits
        // that is exact), without its pattern machinery.
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            t.year(),
            t.month(),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        )?;
        match t.nanosecond() {
            0 => {}
            n if n % 1_000_000 == 0 => write!(f, ".{:03}", n / 1_000_000)?,
            n if n % 1_000 == 0 => write!(f, ".{:06}", n / 1_000)?,
            n => write!(f, ".{n:09}")?,
        }
        f.write_str("Z")
    }
}

impl Serialize for Instant {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.collect_str(self)
        } else {
            serializer.serialize_i64(self.micros())
        }
    }
}

impl<'de> Deserialize<'de> for Instant {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            let text = String::deserialize(deserializer)?;
            Self::parse(&text).map_err(de::Error::custom)
        } else {
            let micros = i64::deserialize(deserializer)?;
            Self::from_micros(micros)
                .ok_or_else(|| de::Error::custom(format!("instant {micros} is out of range")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_dates_only() {
        assert_eq!(
            LegalDate::parse("2025-07-10").unwrap().to_string(),
            "2025-07-10"
        );
        for bad in [
            "2019-3-7",
            "2025-7-10",
            "25-07-10",
            "2025/07/10",
            "2025-07-10 ",
            "+025-07-10",
            "",
            "2025-07-1a",
        ] {
            assert!(
                matches!(LegalDate::parse(bad), Err(DateError::Form(_))),
                "{bad}"
            );
        }
        for impossible in ["2025-02-30", "2025-13-01", "2025-00-10", "2023-02-29"] {
            assert!(
                matches!(LegalDate::parse(impossible), Err(DateError::Impossible(_))),
                "{impossible}"
            );
        }
        assert!(LegalDate::parse("2024-02-29").is_ok());
    }

    #[test]
    fn epoch_days_round_trip() {
        let d = LegalDate::parse("1999-03-01").unwrap();
        assert_eq!(d.epoch_days(), 10_651);
        assert_eq!(LegalDate::from_epoch_days(10_651), Some(d));
        assert_eq!(LegalDate::parse("1969-12-31").unwrap().epoch_days(), -1);
    }

    #[test]
    fn instants_parse_to_utc_micros() {
        let t = Instant::parse("2025-07-10T14:00:00+02:00").unwrap();
        assert_eq!(t.to_string(), "2025-07-10T12:00:00Z");
        assert_eq!(t.micros(), 1_752_148_800_000_000);
        assert!(Instant::parse("2025-07-10").is_err());
    }

    /// The hand-written forms agree with chrono's for every instant and day, whatever their
    /// fractional seconds.
    #[test]
    fn written_forms_agree_with_chrono() {
        let mut x: i64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let micros = x.rem_euclid(253_402_300_799_999_999);
            let micros = match x & 3 {
                0 => micros - micros % 1_000_000,
                1 => micros - micros % 1_000,
                _ => micros,
            };
            let at = Instant::from_micros(micros).unwrap();
            assert_eq!(
                at.to_string(),
                at.0.to_rfc3339_opts(SecondsFormat::AutoSi, true)
            );
            assert_eq!(at.date().to_string(), at.0.format("%Y-%m-%d").to_string());
        }
    }
}
