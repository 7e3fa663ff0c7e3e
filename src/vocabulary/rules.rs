//! Treaty rules as data.
//!
//! A treaty's final clauses say when it enters into force, when it binds a state that joins
//! later, when a withdrawal takes effect and when signature closes. pacta records these with
//! the treaty as [`Rules`]; dates are derived by applying [`Delay`]s, lists of calendar
//! [`Step`]s, so that any treaty of these shapes needs no new code. Presets fill the rules from
//! the articles of well-known treaties (see `docs/RULES.md`).

use crate::vocabulary::calendar::LegalDate;
use chrono::{Datelike, Days, Months};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// One step of a delay, applied to a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Step {
    /// `+Nd`: N days later.
    Days(u32),
    /// `+Nm`: N calendar months later, the same day of the month (or the month's last day).
    Months(u32),
    /// `+Ny`: N calendar years later, the same day (29 February becomes 28 February).
    Years(u32),
    /// `month-start`: the first day of the date's month.
    MonthStart,
    /// `next-month-start`: the first day of the month after the date's month.
    NextMonthStart,
}

impl Step {
    fn apply(self, date: LegalDate) -> Option<LegalDate> {
        let d = date.naive();
        let moved = match self {
            Step::Days(n) => d.checked_add_days(Days::new(u64::from(n))),
            Step::Months(n) => d.checked_add_months(Months::new(n)),
            Step::Years(n) => d.checked_add_months(Months::new(n.checked_mul(12)?)),
            Step::MonthStart => d.with_day(1),
            Step::NextMonthStart => d.with_day(1)?.checked_add_months(Months::new(1)),
        };
        moved.map(LegalDate::from)
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Days(n) => write!(f, "+{n}d"),
            Step::Months(n) => write!(f, "+{n}m"),
            Step::Years(n) => write!(f, "+{n}y"),
            Step::MonthStart => f.write_str("month-start"),
            Step::NextMonthStart => f.write_str("next-month-start"),
        }
    }
}

/// Why a delay was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "'{text}' is not a delay step: use +Nd, +Nm, +Ny, month-start or next-month-start, comma-separated, or 'none'"
)]
pub struct DelayError {
    /// The delay, or the one step of it, that does not parse, as given.
    pub text: String,
}

impl FromStr for Step {
    type Err = DelayError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let refuse = || DelayError {
            text: text.to_string(),
        };
        match text {
            "month-start" => return Ok(Step::MonthStart),
            "next-month-start" => return Ok(Step::NextMonthStart),
            _ => {}
        }
        let body = text.strip_prefix('+').ok_or_else(refuse)?;
        let unit_at = body.len().checked_sub(1).ok_or_else(refuse)?;
        let (digits, unit) = body.split_at(unit_at);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 5 {
            return Err(refuse());
        }
        let n: u32 = digits.parse().map_err(|_| refuse())?;
        match unit {
            "d" => Ok(Step::Days(n)),
            "m" => Ok(Step::Months(n)),
            "y" => Ok(Step::Years(n)),
            _ => Err(refuse()),
        }
    }
}

/// A list of steps applied in order; empty means "on the same day".
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Delay(pub Vec<Step>);

/// The most steps a delay may have; real treaty clauses need two.
pub const MAX_STEPS: usize = 8;

impl Delay {
    /// The date the delay leads to, or `None` past the calendar's end.
    pub fn apply(&self, date: LegalDate) -> Option<LegalDate> {
        self.0.iter().try_fold(date, |d, step| step.apply(d))
    }
}

impl fmt::Display for Delay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("none");
        }
        let steps: Vec<String> = self.0.iter().map(Step::to_string).collect();
        f.write_str(&steps.join(","))
    }
}

impl FromStr for Delay {
    type Err = DelayError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        if text == "none" {
            return Ok(Delay::default());
        }
        let steps = text
            .split(',')
            .map(|s| s.trim().parse())
            .collect::<Result<Vec<Step>, _>>()?;
        if steps.len() > MAX_STEPS {
            return Err(DelayError {
                text: text.to_string(),
            });
        }
        Ok(Delay(steps))
    }
}

/// Which deposits the delay for later states applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LaterFrom {
    /// Deposits after the instrument that completes the number required (Ottawa Art. 17(2),
    /// Rome Statute Art. 126(2)).
    NthInstrument,
    /// Deposits after the treaty's entry into force; a state that deposits earlier is bound
    /// from the treaty's entry into force (Arms Trade Treaty Art. 22(2), NPT Art. IX(4)).
    EntryIntoForce,
}

impl fmt::Display for LaterFrom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LaterFrom::NthInstrument => "nth-instrument",
            LaterFrom::EntryIntoForce => "entry-into-force",
        })
    }
}

impl FromStr for LaterFrom {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "nth-instrument" => Ok(LaterFrom::NthInstrument),
            "entry-into-force" => Ok(LaterFrom::EntryIntoForce),
            other => Err(format!(
                "'{other}' is not nth-instrument or entry-into-force"
            )),
        }
    }
}

/// When signature closes: after it, states join by accession.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignatureCloses {
    /// Open until the treaty enters into force; a signature on that day is too late.
    OnEntryIntoForce,
    /// Open up to and including this date.
    On(LegalDate),
    /// Never closes.
    Never,
}

impl fmt::Display for SignatureCloses {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignatureCloses::OnEntryIntoForce => f.write_str("on-entry-into-force"),
            SignatureCloses::On(date) => write!(f, "{date}"),
            SignatureCloses::Never => f.write_str("never"),
        }
    }
}

impl FromStr for SignatureCloses {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "on-entry-into-force" => Ok(SignatureCloses::OnEntryIntoForce),
            "never" => Ok(SignatureCloses::Never),
            other => LegalDate::parse(other)
                .map(SignatureCloses::On)
                .map_err(|e| {
                    format!("{e}; a signature closes on-entry-into-force, never or on a date")
                }),
        }
    }
}

/// The final clauses that fix a treaty's membership dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rules {
    /// How many instruments bring the treaty into force.
    pub eif_instruments: u32,
    /// From the deposit of that instrument to the treaty's entry into force.
    pub eif_delay: Delay,
    /// From a later state's deposit to entry into force for it.
    pub later_delay: Delay,
    /// Which deposits count as "later".
    pub later_delay_from: LaterFrom,
    /// From the deposit of a withdrawal to its effect.
    pub withdrawal_delay: Delay,
    /// Whether a withdrawal cannot take effect while the state is engaged in an armed conflict.
    pub armed_conflict_suspends_withdrawal: bool,
    /// When signature closes; a signature after it is refused.
    pub signature_closes: SignatureCloses,
}

/// A treaty whose rules pacta knows, with the articles they come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    /// The name `pacta treaty add --rules` takes, such as `ottawa`.
    pub name: &'static str,
    /// The treaty's full title, a registration's default.
    pub title: &'static str,
    /// The day the treaty was adopted, as (year, month, day); [`Preset::adopted`] gives it as a
    /// date.
    pub adopted: (i32, u32, u32),
    /// Who keeps the treaty's instruments and notifies the acts under it; a registration's
    /// default.
    pub depositary: &'static str,
    eif_instruments: u32,
    eif_delay: &'static str,
    later_delay: &'static str,
    later_delay_from: LaterFrom,
    withdrawal_delay: &'static str,
    armed_conflict: bool,
    signature_closes: &'static str,
    /// The articles these rules restate.
    pub articles: &'static str,
    /// Its further provisions, as text (`Provisions::of_preset` reads them).
    pub provisions: PresetProvisions,
}

/// A preset's further provisions, as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PresetProvisions {
    /// The names of the instrument kinds that count towards entry into force.
    pub counting: &'static [&'static str],
    /// The wait before a withdrawal may be notified, as a delay.
    pub withdrawal_notice_after: Option<&'static str>,
    /// The treaties whose withdrawal implies withdrawal from this one.
    pub withdrawn_with: &'static [&'static str],
    /// What may be applied provisionally.
    pub provisional_application: Option<&'static str>,
}

/// Every instrument but a succession counts: what a treaty says unless provisions differ.
const ALL_INSTRUMENTS: &[&str] = &["ratification", "acceptance", "approval", "accession"];

/// The provisions of a treaty whose final clauses need nothing beyond its rules.
const DEFAULT_PROVISIONS: PresetProvisions = PresetProvisions {
    counting: ALL_INSTRUMENTS,
    withdrawal_notice_after: None,
    withdrawn_with: &[],
    provisional_application: None,
};

/// Every treaty whose rules pacta knows, by name.
pub const PRESETS: &[Preset] = &[
    Preset {
        name: "ottawa",
        title: "Convention on the Prohibition of the Use, Stockpiling, Production and Transfer of Anti-Personnel Mines and on their Destruction",
        adopted: (1997, 9, 18),
        depositary: "Secretary-General of the United Nations",
        eif_instruments: 40,
        eif_delay: "month-start,+6m",
        later_delay: "month-start,+6m",
        later_delay_from: LaterFrom::NthInstrument,
        withdrawal_delay: "+6m",
        armed_conflict: true,
        signature_closes: "on-entry-into-force",
        articles: "Art. 15 (signature until entry into force), Art. 17 (40th instrument; first day of the sixth month), Art. 20 (six months; not during an armed conflict)",
        provisions: DEFAULT_PROVISIONS,
    },
    Preset {
        name: "ccm",
        title: "Convention on Cluster Munitions",
        adopted: (2008, 5, 30),
        depositary: "Secretary-General of the United Nations",
        eif_instruments: 30,
        eif_delay: "month-start,+6m",
        later_delay: "month-start,+6m",
        later_delay_from: LaterFrom::NthInstrument,
        withdrawal_delay: "+6m",
        armed_conflict: true,
        signature_closes: "on-entry-into-force",
        articles: "Art. 15 (signature until entry into force), Art. 17 (30th instrument; first day of the sixth month), Art. 20 (six months; not during an armed conflict)",
        provisions: DEFAULT_PROVISIONS,
    },
    Preset {
        name: "rome",
        title: "Rome Statute of the International Criminal Court",
        adopted: (1998, 7, 17),
        depositary: "Secretary-General of the United Nations",
        eif_instruments: 60,
        eif_delay: "+60d,next-month-start",
        later_delay: "+60d,next-month-start",
        later_delay_from: LaterFrom::NthInstrument,
        withdrawal_delay: "+1y",
        armed_conflict: false,
        signature_closes: "2000-12-31",
        articles: "Art. 125 (signature until 31 December 2000), Art. 126 (60th instrument; first day of the month after the 60th day), Art. 127 (one year, or a later date stated)",
        provisions: DEFAULT_PROVISIONS,
    },
    Preset {
        name: "att",
        title: "Arms Trade Treaty",
        adopted: (2013, 4, 2),
        depositary: "Secretary-General of the United Nations",
        eif_instruments: 50,
        eif_delay: "+90d",
        later_delay: "+90d",
        later_delay_from: LaterFrom::EntryIntoForce,
        withdrawal_delay: "+90d",
        armed_conflict: false,
        signature_closes: "on-entry-into-force",
        articles: "Art. 20 (signature until entry into force), Art. 22 (ninety days after the 50th instrument of ratification, acceptance or approval; for a state depositing after entry into force, ninety days after its deposit), Art. 23 (provisional application of Articles 6 and 7 pending entry into force for the state), Art. 24 (90 days, or a later date stated)",
        provisions: PresetProvisions {
            counting: &["ratification", "acceptance", "approval"],
            withdrawal_notice_after: None,
            withdrawn_with: &[],
            provisional_application: Some("Articles 6 and 7"),
        },
    },
    Preset {
        name: "npt",
        title: "Treaty on the Non-Proliferation of Nuclear Weapons",
        adopted: (1968, 7, 1),
        depositary: "Governments of the Russian Federation, the United Kingdom and the United States",
        eif_instruments: 43,
        eif_delay: "none",
        later_delay: "none",
        later_delay_from: LaterFrom::EntryIntoForce,
        withdrawal_delay: "+3m",
        armed_conflict: false,
        signature_closes: "on-entry-into-force",
        articles: "Art. IX(3) (the three depositaries and 40 other signatories; on the deposit), Art. IX(4) (later states: on their deposit), Art. X(1) (three months' notice)",
        provisions: DEFAULT_PROVISIONS,
    },
    Preset {
        name: "unfccc",
        title: "United Nations Framework Convention on Climate Change",
        adopted: (1992, 5, 9),
        depositary: "Secretary-General of the United Nations",
        eif_instruments: 50,
        eif_delay: "+90d",
        later_delay: "+90d",
        later_delay_from: LaterFrom::NthInstrument,
        withdrawal_delay: "+1y",
        armed_conflict: false,
        signature_closes: "1993-06-19",
        articles: "Art. 20 (signature until 19 June 1993), Art. 23 (ninetieth day after the 50th instrument; for a later state, ninetieth day after its deposit), Art. 25(1) (withdrawal notified only three years after entry into force for the party), Art. 25(2) (one year, or a later date stated)",
        provisions: PresetProvisions {
            counting: ALL_INSTRUMENTS,
            withdrawal_notice_after: Some("+3y"),
            withdrawn_with: &[],
            provisional_application: None,
        },
    },
    Preset {
        name: "paris",
        title: "Paris Agreement",
        adopted: (2015, 12, 12),
        depositary: "Secretary-General of the United Nations",
        eif_instruments: 55,
        eif_delay: "+30d",
        later_delay: "+30d",
        later_delay_from: LaterFrom::NthInstrument,
        withdrawal_delay: "+1y",
        armed_conflict: false,
        signature_closes: "2017-04-21",
        articles: "Art. 20(1) (signature until 21 April 2017), Art. 21(1) (thirtieth day after 55 Parties to the Convention accounting for 55 per cent of global emissions deposit; the emissions share is not computed, so record the treaty's entry into force, 2016-11-04), Art. 21(3) (a later state: thirtieth day after its deposit), Art. 28(1) (withdrawal notified only three years after entry into force for the party), Art. 28(2) (one year, or a later date stated), Art. 28(3) (withdrawal from the UNFCCC is withdrawal from the Agreement)",
        provisions: PresetProvisions {
            counting: ALL_INSTRUMENTS,
            withdrawal_notice_after: Some("+3y"),
            withdrawn_with: &["unfccc"],
            provisional_application: None,
        },
    },
];

impl Preset {
    /// The preset called `name`, if pacta knows one.
    pub fn find(name: &str) -> Option<&'static Preset> {
        PRESETS.iter().find(|p| p.name == name)
    }

    /// The treaty's rules, as a registration records them.
    pub fn rules(&self) -> Rules {
        let delay = |text: &str| text.parse().expect("preset delays are valid");
        Rules {
            eif_instruments: self.eif_instruments,
            eif_delay: delay(self.eif_delay),
            later_delay: delay(self.later_delay),
            later_delay_from: self.later_delay_from,
            withdrawal_delay: delay(self.withdrawal_delay),
            armed_conflict_suspends_withdrawal: self.armed_conflict,
            signature_closes: self
                .signature_closes
                .parse()
                .expect("preset closings are valid"),
        }
    }

    /// The day the treaty was adopted; signatures and deposits before it are refused.
    pub fn adopted(&self) -> LegalDate {
        let (y, m, d) = self.adopted;
        LegalDate::from_ymd(y, m, d).expect("preset adoption dates are real")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> LegalDate {
        LegalDate::parse(s).unwrap()
    }

    fn delay(s: &str) -> Delay {
        s.parse().unwrap()
    }

    #[test]
    fn ottawa_arithmetic() {
        let r = Preset::find("ottawa").unwrap().rules();
        assert_eq!(
            r.eif_delay.apply(date("1998-09-16")),
            Some(date("1999-03-01"))
        );
        assert_eq!(
            r.later_delay.apply(date("2014-08-20")),
            Some(date("2015-02-01"))
        );
        assert_eq!(
            r.later_delay.apply(date("2012-12-27")),
            Some(date("2013-06-01"))
        );
        assert_eq!(
            r.withdrawal_delay.apply(date("2025-06-27")),
            Some(date("2025-12-27"))
        );
        assert_eq!(
            r.withdrawal_delay.apply(date("2025-08-20")),
            Some(date("2026-02-20"))
        );
    }

    #[test]
    fn rome_arithmetic() {
        let r = Preset::find("rome").unwrap().rules();
        assert_eq!(
            r.eif_delay.apply(date("2002-04-11")),
            Some(date("2002-07-01"))
        );
        assert_eq!(
            r.withdrawal_delay.apply(date("2016-10-27")),
            Some(date("2017-10-27"))
        );
        assert_eq!(r.signature_closes, SignatureCloses::On(date("2000-12-31")));
    }

    #[test]
    fn att_and_npt_arithmetic() {
        let att = Preset::find("att").unwrap().rules();
        assert_eq!(
            att.eif_delay.apply(date("2014-09-25")),
            Some(date("2014-12-24"))
        );
        let npt = Preset::find("npt").unwrap().rules();
        assert_eq!(
            npt.later_delay.apply(date("1970-03-05")),
            Some(date("1970-03-05"))
        );
        assert_eq!(
            npt.withdrawal_delay.apply(date("2003-01-10")),
            Some(date("2003-04-10"))
        );
    }

    #[test]
    fn month_ends_clamp() {
        assert_eq!(
            delay("+6m").apply(date("2025-08-31")),
            Some(date("2026-02-28"))
        );
        assert_eq!(
            delay("+1y").apply(date("2024-02-29")),
            Some(date("2025-02-28"))
        );
        assert_eq!(
            delay("next-month-start").apply(date("2025-12-15")),
            Some(date("2026-01-01"))
        );
    }

    #[test]
    fn delays_parse_and_print() {
        for text in [
            "month-start,+6m",
            "+60d,next-month-start",
            "+1y",
            "none",
            "+0d",
        ] {
            assert_eq!(delay(text).to_string(), text);
        }
        for bad in [
            "",
            "6m",
            "+6w",
            "+m",
            "+-1d",
            "month_start",
            "+6m,",
            "+999999d",
        ] {
            assert!(bad.parse::<Delay>().is_err(), "{bad}");
        }
    }
}
