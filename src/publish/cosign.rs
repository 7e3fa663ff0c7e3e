//! Cosignatures (C2SP tlog-cosignature, Ed25519 `cosignature/v1`) and the policy that counts
//! them: a checkpoint trusted only when signed by the keeper and cosigned by at least N of a
//! set of witnesses.

use crate::proof::checkpoint::{Checkpoint, NoteSignature};
use crate::proof::keys::{KeyPair, PublicKey};
use crate::vocabulary::plural::count;
use sha2::Digest as _;

/// The note signature type byte of an Ed25519 cosignature.
const COSIGNATURE_V1: u8 = 0x04;

/// A cosigner's key id: the first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x04 ‖ public key).
pub fn key_id(key: &PublicKey) -> [u8; 4] {
    let mut h = sha2::Sha256::new();
    h.update(key.name.as_bytes());
    h.update(b"\n");
    h.update([COSIGNATURE_V1]);
    h.update(key.bytes());
    h.finalize()[..4].try_into().expect("SHA-256 is 32 bytes")
}

/// The signed message: `cosignature/v1`, `time <timestamp>`, then the checkpoint's body.
pub fn message(checkpoint: &Checkpoint, timestamp: u64) -> String {
    format!("cosignature/v1\ntime {timestamp}\n{}", checkpoint.body())
}

/// Appends `key`'s cosignature, made at `timestamp` (POSIX seconds), to the checkpoint.
pub fn cosign(checkpoint: &mut Checkpoint, key: &KeyPair, timestamp: u64) {
    let signature = key.sign(message(checkpoint, timestamp).as_bytes());
    checkpoint.signatures.push(NoteSignature {
        name: key.name.clone(),
        key_id: key_id(&key.public()),
        signature,
        timestamp: Some(timestamp),
    });
}

/// Whether the checkpoint carries a valid cosignature by `key`.
pub fn cosigned_by(checkpoint: &Checkpoint, key: &PublicKey) -> bool {
    let id = key_id(key);
    checkpoint.signatures.iter().any(|s| {
        s.name == key.name
            && s.key_id == id
            && s.timestamp.is_some_and(|t| {
                t <= i64::MAX as u64
                    && key.verifies(message(checkpoint, t).as_bytes(), &s.signature)
            })
    })
}

/// Which signatures make a checkpoint trusted.
#[derive(Debug, Clone)]
pub struct Policy {
    /// The keeper's key, which must have signed; `None` checks no keeper signature.
    pub keeper: Option<PublicKey>,
    /// The witnesses whose cosignatures count.
    pub witnesses: Vec<PublicKey>,
    /// How many of them must have cosigned.
    pub needed: usize,
}

impl Policy {
    /// A policy of the keeper's signature alone.
    pub fn keeper(key: PublicKey) -> Policy {
        Policy {
            keeper: Some(key),
            witnesses: Vec::new(),
            needed: 0,
        }
    }

    /// Checks a checkpoint; `Err` says which signatures are missing.
    pub fn check(&self, checkpoint: &Checkpoint) -> Result<(), String> {
        if let Some(key) = &self.keeper
            && !checkpoint.signed_by(key)
        {
            return Err(format!(
                "the checkpoint of size {} is not signed by the key {}",
                checkpoint.size, key.name
            ));
        }
        let cosigned: Vec<&str> = self
            .witnesses
            .iter()
            .filter(|w| cosigned_by(checkpoint, w))
            .map(|w| w.name.as_str())
            .collect();
        if cosigned.len() < self.needed {
            return Err(format!(
                "the checkpoint of size {} is cosigned by {} of the witnesses given ({}), and {} needed",
                checkpoint.size,
                cosigned.len(),
                if cosigned.is_empty() {
                    "none".to_string()
                } else {
                    cosigned.join(", ")
                },
                count(self.needed as u64, "is", "are")
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocabulary::calendar::Instant;
    use crate::vocabulary::digest::Digest;

    fn checkpoint() -> Checkpoint {
        Checkpoint {
            origin: Checkpoint::origin_for(&Digest([7; 32])),
            size: 3,
            root: Digest([1; 32]),
            head: Digest([2; 32]),
            time: Instant::parse("2026-03-01T12:00:00Z").unwrap(),
            treaties: None,
            signatures: Vec::new(),
        }
    }

    #[test]
    fn cosignatures_round_trip_and_count_towards_a_policy() {
        let keeper = KeyPair::from_seed("keeper.example", [1; 32]).unwrap();
        let w1 = KeyPair::from_seed("w1.example", [2; 32]).unwrap();
        let w2 = KeyPair::from_seed("w2.example", [3; 32]).unwrap();
        let mut c = checkpoint();
        c.sign(&keeper);
        cosign(&mut c, &w1, 1_700_000_000);
        let parsed = Checkpoint::parse(&c.to_text()).unwrap();
        assert_eq!(parsed, c);
        assert!(cosigned_by(&parsed, &w1.public()));
        assert!(!cosigned_by(&parsed, &w2.public()));
        // A cosignature is not the keeper's signature, nor the other way round.
        assert!(!parsed.signed_by(&w1.public()));
        assert!(!cosigned_by(&parsed, &keeper.public()));
        let policy = |needed| Policy {
            keeper: Some(keeper.public()),
            witnesses: vec![w1.public(), w2.public()],
            needed,
        };
        assert!(policy(1).check(&parsed).is_ok());
        assert!(
            policy(2)
                .check(&parsed)
                .unwrap_err()
                .contains("1 of the witnesses")
        );
        let mut other = checkpoint();
        other.size = 4;
        other.signatures = parsed.signatures.clone();
        assert!(
            !cosigned_by(&other, &w1.public()),
            "a cosignature covers its body only"
        );
    }
}
