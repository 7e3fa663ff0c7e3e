//! The archived sources checked: each document hashes to the digest it is filed under, and its
//! description reads, has its document beside it and gives that document's length.

use super::verify::Problem;
use crate::ledger::{Ledger, LedgerError};

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
    Ok(())
}
