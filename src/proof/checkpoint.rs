//! Checkpoints: a signed statement of a ledger's size, Merkle root and head.
//!
//! The text follows the C2SP signed-note format: a body of lines (origin, size, root in base64,
//! then `head` and `time` extension lines), a blank line, and signature lines
//! `— <name> <base64(key id ‖ Ed25519 signature)>` over the body. Key ids and the key file
//! formats are those of C2SP notes, so existing note tooling can check pacta's signatures.

use crate::proof::error::{CheckpointError, ProofError};
use crate::proof::keys::{KeyPair, PublicKey};
use crate::vocabulary::calendar::Instant;
use crate::vocabulary::digest::Digest;
use crate::vocabulary::plural::count;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;

/// The origin line's prefix; the rest names the ledger by the hash of its first entry.
pub const ORIGIN_PREFIX: &str = "pacta/";
const SIGNATURE_DASH: &str = "\u{2014} ";

/// A C2SP signed note vouching for entries 1 to `size` of one ledger: their Merkle root, the
/// last one's hash, when the note was made, and who signed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// `pacta/<hash of entry 1>`: which ledger this is.
    pub origin: String,
    /// How many entries the checkpoint covers: entries 1 to `size`.
    pub size: u64,
    /// The Merkle root over those entries (base64 in the text).
    pub root: Digest,
    /// The hash of entry `size`.
    pub head: Digest,
    /// When the checkpoint was made, as the maker's clock gives it; worth what its signature
    /// is worth.
    pub time: Instant,
    /// The root over every treaty's index digest, present in checkpoints that back answers.
    pub treaties: Option<Digest>,
    /// The signature lines after the body, in order; none for an unsigned checkpoint.
    pub signatures: Vec<NoteSignature>,
}

/// One signature line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteSignature {
    /// The signing key's name.
    pub name: String,
    /// The first 4 bytes of SHA-256(key name ‖ 0x0A ‖ 0x01 ‖ public key), as C2SP notes define.
    pub key_id: [u8; 4],
    /// The Ed25519 signature over the body, final newline included; for a cosignature, over
    /// the cosignature message of C2SP tlog-cosignature.
    pub signature: [u8; 64],
    /// The POSIX time a cosignature (tlog-cosignature, key type 0x04) carries; `None` for the
    /// keeper's own signatures.
    pub timestamp: Option<u64>,
}

fn bad(what: impl Into<String>) -> CheckpointError {
    CheckpointError(format!("not a pacta checkpoint: {}", what.into()))
}

impl Checkpoint {
    /// The origin line for a ledger whose first entry has this hash.
    pub fn origin_for(first_entry: &Digest) -> String {
        format!("{ORIGIN_PREFIX}{first_entry}")
    }

    /// The signed text: every body line, each ended by a newline.
    pub fn body(&self) -> String {
        let treaties = self
            .treaties
            .map(|t| format!("treaties {}\n", B64.encode(t.0)))
            .unwrap_or_default();
        format!(
            "{}\n{}\n{}\nhead {}\ntime {}\n{treaties}",
            self.origin,
            self.size,
            B64.encode(self.root.0),
            self.head,
            self.time
        )
    }

    /// The whole note: body, blank line, signature lines.
    pub fn to_text(&self) -> String {
        let mut text = self.body();
        text.push('\n');
        for s in &self.signatures {
            let mut blob = s.key_id.to_vec();
            if let Some(t) = s.timestamp {
                blob.extend_from_slice(&t.to_be_bytes());
            }
            blob.extend_from_slice(&s.signature);
            text.push_str(&format!(
                "{SIGNATURE_DASH}{} {}\n",
                s.name,
                B64.encode(blob)
            ));
        }
        text
    }

    /// Reads a checkpoint's text; only its one canonical form is accepted.
    pub fn parse(text: &str) -> Result<Checkpoint, CheckpointError> {
        let (body, signatures) = text
            .split_once("\n\n")
            .ok_or_else(|| bad("no blank line after the body"))?;
        let lines: Vec<&str> = body.split('\n').collect();
        let (origin, size, root, head, time, treaties) = match lines.as_slice() {
            [o, s, r, h, t] => (o, s, r, h, t, None),
            [o, s, r, h, t, x] => (o, s, r, h, t, Some(x)),
            _ => {
                return Err(bad(format!(
                    "the body has {}, not 5 or 6",
                    count(lines.len() as u64, "line", "lines")
                )));
            }
        };
        if !origin.starts_with(ORIGIN_PREFIX) {
            return Err(bad(format!(
                "the origin line '{origin}' does not start with {ORIGIN_PREFIX}"
            )));
        }
        let size: u64 = size
            .parse()
            .map_err(|_| bad(format!("the size line '{size}' is not a number")))?;
        if size.to_string() != lines[1] {
            return Err(bad("the size line is not in canonical decimal form"));
        }
        let root = decode_b64_digest(root)
            .ok_or_else(|| bad("the root line is not 32 bytes of base64"))?;
        let head = head
            .strip_prefix("head ")
            .and_then(Digest::parse_hex)
            .ok_or_else(|| bad("the head line is not 'head <64 hex digits>'"))?;
        let time = time
            .strip_prefix("time ")
            .and_then(|t| Instant::parse(t).ok())
            .ok_or_else(|| bad("the time line is not 'time <RFC 3339>'"))?;
        let treaties = treaties
            .map(|t| {
                t.strip_prefix("treaties ")
                    .and_then(decode_b64_digest)
                    .ok_or_else(|| bad("the sixth line is not 'treaties <base64 root>'"))
            })
            .transpose()?;
        let checkpoint = Checkpoint {
            origin: origin.to_string(),
            size,
            root,
            head,
            time,
            treaties,
            signatures: signatures
                .lines()
                .map(parse_signature)
                .collect::<Result<_, _>>()?,
        };
        // Only one text per checkpoint: what parses must print back identically.
        if checkpoint.to_text() != text {
            return Err(bad(
                "the text is not in canonical form (spacing, line endings or encodings differ)",
            ));
        }
        Ok(checkpoint)
    }

    /// Parses a checkpoint that, when `key` is given, must be signed by it.
    pub fn parse_signed(text: &str, key: Option<&PublicKey>) -> Result<Checkpoint, ProofError> {
        let c = Checkpoint::parse(text)?;
        match key {
            Some(key) if !c.signed_by(key) => Err(ProofError::NotSigned {
                size: c.size,
                key: key.name.clone(),
            }),
            _ => Ok(c),
        }
    }

    /// Adds a signature by `key` over the body.
    pub fn sign(&mut self, key: &KeyPair) {
        let signature = key.sign(self.body().as_bytes());
        self.signatures.push(NoteSignature {
            name: key.name.clone(),
            key_id: key.public().key_id,
            signature,
            timestamp: None,
        });
    }

    /// Whether a signature by this key verifies over the body.
    pub fn signed_by(&self, key: &PublicKey) -> bool {
        self.signatures.iter().any(|s| {
            s.name == key.name
                && s.timestamp.is_none()
                && s.key_id == key.key_id
                && key.verifies(self.body().as_bytes(), &s.signature)
        })
    }
}

fn decode_b64_digest(text: &str) -> Option<Digest> {
    let bytes = B64.decode(text).ok()?;
    Some(Digest(bytes.try_into().ok()?))
}

fn parse_signature(line: &str) -> Result<NoteSignature, CheckpointError> {
    let rest = line.strip_prefix(SIGNATURE_DASH).ok_or_else(|| {
        bad(format!(
            "signature line '{line}' does not start with an em dash"
        ))
    })?;
    let (name, blob) = rest
        .split_once(' ')
        .ok_or_else(|| bad("a signature line lacks its base64 part"))?;
    let blob = B64
        .decode(blob)
        .map_err(|_| bad("a signature is not base64"))?;
    // 68 bytes: key id and signature; 76: a cosignature, with its 8-byte timestamp between.
    let timestamp = match blob.len() {
        68 => None,
        76 => Some(u64::from_be_bytes(
            blob[4..12].try_into().expect("length checked"),
        )),
        _ => {
            return Err(bad(
                "a signature is not a 4-byte key id, an optional 8-byte timestamp and a 64-byte Ed25519 signature",
            ));
        }
    };
    Ok(NoteSignature {
        name: name.to_string(),
        key_id: blob[..4].try_into().expect("length checked"),
        signature: blob[blob.len() - 64..].try_into().expect("length checked"),
        timestamp,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checkpoint() -> Checkpoint {
        Checkpoint {
            origin: Checkpoint::origin_for(&Digest([7; 32])),
            size: 312,
            root: Digest([1; 32]),
            head: Digest([2; 32]),
            time: Instant::parse("2026-03-01T12:00:00Z").unwrap(),
            treaties: Some(Digest([4; 32])),
            signatures: Vec::new(),
        }
    }

    #[test]
    fn text_round_trips_and_signatures_verify() {
        let key = KeyPair::from_seed("auditor.example", [9; 32]).unwrap();
        let mut c = checkpoint();
        c.sign(&key);
        let text = c.to_text();
        assert!(text.starts_with("pacta/0707"));
        let parsed = Checkpoint::parse(&text).unwrap();
        assert_eq!(parsed, c);
        assert!(parsed.signed_by(&key.public()));
        let other = KeyPair::from_seed("auditor.example", [8; 32]).unwrap();
        assert!(!parsed.signed_by(&other.public()));
        assert_eq!(
            PublicKey::parse(&key.public().to_text()).unwrap(),
            key.public()
        );
        assert_eq!(
            KeyPair::parse(&key.to_text()).unwrap().public(),
            key.public()
        );
    }

    #[test]
    fn any_changed_byte_breaks_the_signature_or_the_parse() {
        let key = KeyPair::from_seed("k", [3; 32]).unwrap();
        let mut c = checkpoint();
        c.sign(&key);
        let text = c.to_text();
        for i in 0..text.len() {
            let mut bytes = text.clone().into_bytes();
            bytes[i] ^= 0x01;
            let Ok(changed) = String::from_utf8(bytes) else {
                continue;
            };
            if let Ok(parsed) = Checkpoint::parse(&changed) {
                assert!(
                    !parsed.signed_by(&key.public()),
                    "byte {i} changed and the signature still verifies"
                );
            }
        }
    }
}
