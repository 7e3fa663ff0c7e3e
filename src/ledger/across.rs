//! Every treaty at once, each read from its own entry file: for the questions across treaties
//! (one state under every treaty, changes in a period, counts of all treaties), which need every
//! treaty's acts but none of their citations.

use super::view::TreatyView;
use super::{AsOf, Ledger, LedgerError, Result};
use crate::chain::codec;
use crate::chain::prefix::Prefix;
use crate::law::facts::TreatyLog;
use crate::parallel;

impl Ledger {
    /// Every live treaty as entries 1..N tell it, in id order: the same views as
    /// [`Ledger::views`], read treaty by treaty (one read of each treaty's file, only the events
    /// decoded) rather than entry by entry, which is several times cheaper when the treaties'
    /// entries are scattered through the log.
    pub fn views_by_treaty(&self, as_of: AsOf) -> Result<Vec<TreatyView>> {
        let upto = self.resolve(as_of)?;
        let basis = self.prefix(upto)?;
        let mut ids = self.store.treaty_ids()?;
        ids.sort();
        let parts: Vec<Result<Vec<TreatyView>>> = parallel::per_core(&ids, |part| {
            let mut views = Vec::with_capacity(part.len());
            for id in part {
                views.extend(self.read_view(id, upto, basis)?);
            }
            Ok(views)
        });
        let mut all = Vec::with_capacity(ids.len());
        for part in parts {
            all.extend(part?);
        }
        super::view::imply_linked(&mut all)?;
        Ok(all)
    }

    /// One treaty's view from its file; `None` when it is not registered by entry `upto`.
    fn read_view(&self, id: &str, upto: u64, basis: Prefix) -> Result<Option<TreatyView>> {
        let mut log = TreatyLog::default();
        for (seq, bytes) in self.store.treaty_entries(id, None)? {
            if seq > upto {
                break;
            }
            let damaged = |what: String| LedgerError::Damaged {
                entry: Some(seq),
                what,
            };
            let (number, event) =
                codec::decode_event(&bytes).map_err(|e| damaged(e.to_string()))?;
            if number != seq {
                return Err(damaged(format!(
                    "it is filed as entry {seq} but numbered {number}"
                )));
            }
            log.apply_event(seq, &event, None);
        }
        TreatyView::of(log, basis).transpose()
    }
}
