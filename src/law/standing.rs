//! One state across treaties: its standing under every treaty read, on one day.
//!
//! A pure function of each treaty's interpretation (read by the ledger as of one prefix of the
//! log) and a day: the rows of `pacta state`.

use crate::chain::prefix::Prefix;
use crate::law::history::{StateHistory, Status};
use crate::law::interpret::Interpretation;
use crate::law::projection::{StateStatus, state_status_in};
use crate::vocabulary::calendar::LegalDate;
use crate::vocabulary::country::StateCode;
use crate::vocabulary::treaty::Treaty;
use serde::Serialize;

/// The state's standing under one treaty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TreatyStanding {
    /// The treaty's id.
    pub treaty: String,
    /// Its title.
    pub title: String,
    /// The treaty's own entry into force, if it has one by the rules or a record.
    pub treaty_in_force: Option<LegalDate>,
    /// The state's status with its dates and the entries behind them.
    #[serde(flatten)]
    pub status: StateStatus,
}

/// How many treaties the state stands in each way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StandingCounts {
    /// Treaties in force for the state that day.
    pub in_force: usize,
    /// Treaties it is a party to (instrument deposited, not withdrawn).
    pub parties: usize,
    /// Treaties it has signed without an instrument.
    pub signatories: usize,
}

/// A state's standing under every treaty read, on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Standing {
    /// The state.
    pub state: StateCode,
    /// The day.
    pub at: LegalDate,
    /// The prefix of the log the treaties were read from.
    pub basis: Prefix,
    /// The counts over the treaties.
    pub counts: StandingCounts,
    /// One row per treaty, in treaty id order.
    pub treaties: Vec<TreatyStanding>,
}

/// The state's standing under each of `treaties` on `at`.
pub fn standing(
    state: &StateCode,
    at: LegalDate,
    basis: Prefix,
    treaties: &[(&Treaty, &Interpretation)],
) -> Standing {
    let empty = StateHistory::default();
    let mut rows: Vec<TreatyStanding> = treaties
        .iter()
        .map(|(treaty, interpretation)| {
            let history = interpretation.states.get(state).unwrap_or(&empty);
            TreatyStanding {
                treaty: treaty.id.to_string(),
                title: treaty.title.clone(),
                treaty_in_force: interpretation.in_force.date(),
                status: state_status_in(interpretation, state, history, at),
            }
        })
        .collect();
    rows.sort_by(|a, b| a.treaty.cmp(&b.treaty));
    let count = |f: fn(Status) -> bool| rows.iter().filter(|r| f(r.status.status)).count();
    Standing {
        state: state.clone(),
        at,
        basis,
        counts: StandingCounts {
            in_force: count(Status::in_force),
            parties: count(Status::counts_as_party),
            signatories: count(|s| s == Status::Signatory),
        },
        treaties: rows,
    }
}
