//! "Did you mean ...?": the known names closest to a mistyped treaty id or act, for a hint.

use super::error::CliError;
use pacta::ledger::{Ledger, LedgerError, NotFound, Refusal};
use pacta::vocabulary::event::ACT_KINDS;

/// At most this many names are suggested.
const MOST: usize = 3;

/// The known names closest to `typed`, closest first: those within a few edits of it (about
/// one in three of its letters) and those it begins or that begin it; letter case is ignored.
/// The name typed itself is never suggested (it is known, but not where it was looked for).
pub fn closest<'a>(typed: &str, known: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let exact = typed.trim();
    let typed = exact.to_lowercase();
    let reach = (typed.chars().count() / 3).max(1);
    let mut near: Vec<(usize, &str)> = known
        .into_iter()
        .filter(|name| *name != exact)
        .filter_map(|name| {
            let lower = name.to_lowercase();
            let d = distance(&typed, &lower);
            // One begins the other: an abbreviation, or an id with words added to it.
            let (short, long) = if lower.len() <= typed.len() {
                (lower.as_str(), typed.as_str())
            } else {
                (typed.as_str(), lower.as_str())
            };
            let begins = short.chars().count() >= 3 && long.starts_with(short);
            (d <= reach || begins).then_some((d, name))
        })
        .collect();
    near.sort();
    near.dedup();
    near.into_iter().take(MOST).map(|(_, name)| name).collect()
}

/// `did you mean 'a'?` or `did you mean 'a', 'b' or 'c'?`; `None` when nothing is close.
pub fn did_you_mean<'a>(typed: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let names: Vec<String> = closest(typed, known)
        .into_iter()
        .map(|n| format!("'{n}'"))
        .collect();
    let (last, rest) = names.split_last()?;
    Some(match rest {
        [] => format!("did you mean {last}?"),
        _ => format!("did you mean {} or {last}?", rest.join(", ")),
    })
}

/// The hint for an act that is not one: the closest acts, or the list of all.
pub fn act_hint(typed: &str) -> String {
    let names = ACT_KINDS.iter().map(|k| k.name());
    did_you_mean(typed, names).unwrap_or_else(|| "`pacta record --help` lists the acts".into())
}

/// The hint for a treaty the ledger does not register: the closest registered ids, and where to
/// see them all (never to register what may be a typo).
pub fn treaty_hint(ledger: &Ledger, typed: &str) -> String {
    let ids: Vec<String> = ledger
        .head()
        .and_then(|head| ledger.treaties(head.entries))
        .map(|ts| ts.into_iter().map(|(_, t)| t.id.to_string()).collect())
        .unwrap_or_default();
    let list = "`pacta treaty list` shows the registered treaties";
    match did_you_mean(typed, ids.iter().map(String::as_str)) {
        Some(guess) => format!("{guess} {list}"),
        None => list.to_string(),
    }
}

/// A ledger error as the CLI reports it, with the closest registered treaties when the ledger
/// does not know the treaty named.
pub fn explained(ledger: &Ledger, error: LedgerError) -> CliError {
    let typed = match &error {
        LedgerError::Refused {
            refusal: Refusal::UnknownTreaty(t),
            ..
        } => t.to_string(),
        LedgerError::NotFound(NotFound::Treaty { treaty, .. }) => treaty.to_string(),
        _ => return error.into(),
    };
    let mut err = CliError::from(error);
    let nothing_written = err
        .hint
        .as_deref()
        .is_some_and(|h| h.contains("nothing was written"));
    let hint = treaty_hint(ledger, &typed);
    err.hint = Some(if nothing_written {
        format!("{hint}; nothing was written")
    } else {
        hint
    });
    err
}

/// The fewest letters inserted, removed or replaced, or pairs of neighbours swapped, to turn
/// `a` into `b` (optimal string alignment distance): a swap is the commonest slip of the hand.
fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    // d[i][j]: the distance between the first i letters of a and the first j of b.
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let replace = d[i - 1][j - 1] + usize::from(a[i - 1] != b[j - 1]);
            let mut best = replace.min(d[i - 1][j] + 1).min(d[i][j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_count_insertions_removals_and_replacements() {
        assert_eq!(distance("otawa", "ottawa"), 1);
        assert_eq!(distance("ratifcation", "ratification"), 1);
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("tpwn", "tpnw"), 1);
    }

    #[test]
    fn the_closest_names_come_first_and_far_ones_not_at_all() {
        let known = ["ottawa", "att", "tpnw", "paris"];
        assert_eq!(closest("Otawa", known), ["ottawa"]);
        assert_eq!(closest("tpn", known), ["tpnw"]);
        assert_eq!(
            closest("pari", ["paris", "paris-protocol"]),
            ["paris", "paris-protocol"]
        );
        assert!(closest("geneva", known).is_empty());
        assert_eq!(
            did_you_mean("ata", known).as_deref(),
            Some("did you mean 'att'?")
        );
        assert_eq!(did_you_mean("geneva", known), None);
        // A treaty asked for before its registration (--as-of) is not suggested to itself.
        assert_eq!(did_you_mean("ottawa", known), None);
    }

    #[test]
    fn a_mistyped_act_is_answered_with_the_act_meant() {
        assert_eq!(act_hint("ratifcation"), "did you mean 'ratification'?");
        assert!(act_hint("withdraw").contains("'withdrawal'"));
    }
}
