//! The files' state at the last settling: how many entries they hold, the treaties (each
//! treaty's file, by number) and how long each file is. Bytes past these lengths were never
//! committed (an interrupted settling or bulk append) and are not read.

use super::bytes::{Reader, put_name};
use crate::chain::prefix::Prefix;
use crate::vocabulary::digest::Digest;

/// One treaty's entry file: its id and the committed length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreatyFile {
    /// The treaty id; the file is named by the treaty's number, its place in [`State::treaties`].
    pub id: String,
    /// Bytes of the file that are committed.
    pub len: u64,
}

/// What the store's files hold, as of the last settling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct State {
    /// Entries 1 to `head.entries` are in the files.
    pub head: Prefix,
    /// Every treaty with an entry, numbered in order of first appearance.
    pub treaties: Vec<TreatyFile>,
    /// For each Merkle level from [`crate::chain::merkle::CHUNK_LEVEL`] up, how many nodes its
    /// file holds.
    pub levels: Vec<u64>,
}

impl State {
    /// The state of a new, empty ledger.
    pub fn empty() -> State {
        State {
            head: Prefix::EMPTY,
            treaties: Vec::new(),
            levels: Vec::new(),
        }
    }

    /// The bytes that describe the state.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(48 + 40 * self.treaties.len());
        out.extend_from_slice(&self.head.entries.to_le_bytes());
        out.extend_from_slice(&self.head.head.0);
        out.extend_from_slice(&(self.treaties.len() as u32).to_le_bytes());
        for t in &self.treaties {
            put_name(&mut out, &t.id);
            out.extend_from_slice(&t.len.to_le_bytes());
        }
        out.push(self.levels.len() as u8);
        for count in &self.levels {
            out.extend_from_slice(&count.to_le_bytes());
        }
        out
    }

    /// Reads what [`State::encode`] wrote; `None` if the bytes are not a state.
    pub fn decode(bytes: &[u8]) -> Option<State> {
        let mut r = Reader(bytes);
        let head = Prefix {
            entries: r.u64()?,
            head: Digest(r.digest()?),
        };
        let count = r.u32()?;
        let mut treaties = Vec::new();
        for _ in 0..count {
            treaties.push(TreatyFile {
                id: r.name()?.to_string(),
                len: r.u64()?,
            });
        }
        let levels = (0..r.u8()?)
            .map(|_| r.u64())
            .collect::<Option<Vec<u64>>>()?;
        r.is_done().then_some(State {
            head,
            treaties,
            levels,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_round_trips_and_trailing_bytes_are_refused() {
        let state = State {
            head: Prefix {
                entries: 312,
                head: Digest([7; 32]),
            },
            treaties: vec![
                TreatyFile {
                    id: "ottawa".into(),
                    len: 123_456,
                },
                TreatyFile {
                    id: "att".into(),
                    len: 9,
                },
            ],
            levels: vec![4, 2, 1],
        };
        let bytes = state.encode();
        assert_eq!(State::decode(&bytes), Some(state.clone()));
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(State::decode(&longer), None);
        assert_eq!(State::decode(&bytes[..bytes.len() - 1]), None);
    }
}
