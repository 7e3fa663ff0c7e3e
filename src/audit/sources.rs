//! The archived sources checked: each document hashes to the digest it is filed under, and its
//! description reads, has its document beside it and gives that document's length; a document
//! without its description that an entry cites lost its description (an archiving cut short
//! leaves one too, but nothing can cite a document never archived).
//!
//! Nothing hashed records a description's title, URL, time or recorder (a citation may carry a
//! title and URL of its own), so an edit of those that keeps the description readable and its
//! length right cannot be told from what was written.

use super::verify::Problem;
use crate::chain::codec;
use crate::ledger::{Ledger, LedgerError};
use crate::vocabulary::digest::Digest;

/// Adds a problem for every archived document or description that is damaged or missing.
pub fn check(ledger: &Ledger, problems: &mut Vec<Problem>) -> Result<(), LedgerError> {
    for digest in ledger.source_digests()? {
        let mut problem = |what: String| {
            problems.push(Problem {
                entry: None,
                what: format!("the archived source {digest}: {what}"),
            })
        };
        let description = match ledger.source_description(&digest) {
            Ok(Some(description)) => description,
            Ok(None) => continue,
            Err(e) => {
                problem(format!("its description is damaged ({e})"));
                continue;
            }
        };
        let bytes = match ledger.source(&digest) {
            Ok(Some(bytes)) => bytes,
            Ok(None) => continue,
            Err(e) => {
                problem(format!("its document cannot be read ({e})"));
                continue;
            }
        };
        let actual = crate::vocabulary::source::digest(&bytes);
        if actual != digest {
            problem(format!(
                "the document hashes to {actual}: the document was altered"
            ));
        }
        if description.bytes != bytes.len() as u64 {
            problem(format!(
                "its description gives {} bytes and the document holds {}: one of them was altered",
                description.bytes,
                bytes.len()
            ));
        }
    }
    for digest in cited(ledger, ledger.undescribed_sources()?)? {
        problems.push(Problem {
            entry: None,
            what: format!(
                "the archived source {digest}: its document is there and entries cite it, but its description is missing (it was deleted), so it reads as never archived"
            ),
        });
    }
    Ok(())
}

/// Those of `digests` that a stored entry cites. Each entry's bytes are searched for the digests
/// and only the entries that hold one are decoded, so a ledger without such documents (the usual
/// case) costs nothing here.
fn cited(ledger: &Ledger, mut digests: Vec<Digest>) -> Result<Vec<Digest>, LedgerError> {
    let mut found = Vec::new();
    if digests.is_empty() {
        return Ok(found);
    }
    for item in ledger.stored().entries() {
        // An entry that cannot be read is the walk's to report; the search ends there.
        let Ok((_, bytes)) = item else { break };
        let holds = |d: &Digest| bytes.windows(d.0.len()).any(|w| w == d.0);
        if !digests.iter().any(holds) {
            continue;
        }
        let Ok(entry) = codec::decode_entry(&bytes) else {
            continue;
        };
        let sources: Vec<Digest> = entry
            .fact
            .citations
            .iter()
            .filter_map(|c| c.source)
            .collect();
        digests.retain(|d| {
            let cites = sources.contains(d);
            if cites {
                found.push(*d);
            }
            !cites
        });
        if digests.is_empty() {
            break;
        }
    }
    found.sort();
    Ok(found)
}
