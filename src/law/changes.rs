//! Changes across treaties: every change of status in a period, under every treaty read
//! ("who left what in 2025"), optionally for one state.

use crate::law::interpret::Interpretation;
use crate::law::projection::{Change, state_changes};
use crate::vocabulary::calendar::LegalDate;
use crate::vocabulary::country::StateCode;
use crate::vocabulary::treaty::Treaty;
use serde::Serialize;

/// A change of status under one treaty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TreatyChange {
    /// The treaty's id.
    pub treaty: String,
    /// The change.
    #[serde(flatten)]
    pub change: Change,
}

/// Every change of status in `(from, to]` under each of `treaties`, of `state` only if given,
/// in order of date, then treaty, then state.
pub fn changes(
    treaties: &[(&Treaty, &Interpretation)],
    from: LegalDate,
    to: LegalDate,
    state: Option<&StateCode>,
) -> Vec<TreatyChange> {
    let mut out = Vec::new();
    for (treaty, interpretation) in treaties {
        for (code, history) in &interpretation.states {
            if state.is_some_and(|s| s != code) {
                continue;
            }
            out.extend(
                state_changes(interpretation, code, history, from, to)
                    .into_iter()
                    .map(|change| TreatyChange {
                        treaty: treaty.id.to_string(),
                        change,
                    }),
            );
        }
    }
    out.sort_by(|a, b| {
        (a.change.date, &a.treaty, &a.change.state).cmp(&(
            b.change.date,
            &b.treaty,
            &b.change.state,
        ))
    });
    out
}
