//! Ed25519 keys in the C2SP signed-note formats: a signing key (`PRIVATE+KEY+name+id+base64`)
//! and a verifier key (`name+id+base64`), with the note key id (SHA-256 of name, newline, type
//! byte and public key, first four bytes).

use crate::proof::error::CheckpointError;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::{Signer, Verifier};
use sha2::Digest as _;

/// The note signature type byte of Ed25519.
const ED25519: u8 = 0x01;

fn bad_key(what: impl Into<String>) -> CheckpointError {
    CheckpointError(format!("not a key: {}", what.into()))
}

/// A signing key and its name.
pub struct KeyPair {
    /// The key's name, which signatures carry.
    pub name: String,
    signing: ed25519_dalek::SigningKey,
}

/// A verifier key: name, key id, Ed25519 public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKey {
    /// The key's name.
    pub name: String,
    /// The note key id.
    pub key_id: [u8; 4],
    verifying: ed25519_dalek::VerifyingKey,
}

fn key_id(name: &str, public: &[u8; 32]) -> [u8; 4] {
    let mut h = sha2::Sha256::new();
    h.update(name.as_bytes());
    h.update(b"\n");
    h.update([ED25519]);
    h.update(public);
    h.finalize()[..4].try_into().expect("SHA-256 is 32 bytes")
}

fn check_name(name: &str) -> Result<(), CheckpointError> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name.chars().all(|c| c.is_ascii_graphic() && c != '+');
    ok.then_some(()).ok_or_else(|| {
        bad_key(format!(
            "the name '{name}' must be 1 to 64 visible ASCII characters without '+'"
        ))
    })
}

impl KeyPair {
    /// A key from 32 random bytes (the caller supplies the randomness).
    pub fn from_seed(name: &str, seed: [u8; 32]) -> Result<KeyPair, CheckpointError> {
        check_name(name)?;
        Ok(KeyPair {
            name: name.to_string(),
            signing: ed25519_dalek::SigningKey::from_bytes(&seed),
        })
    }

    /// The Ed25519 signature of `message`.
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.signing.sign(message).to_bytes()
    }

    /// The verifier key of this key.
    pub fn public(&self) -> PublicKey {
        let verifying = self.signing.verifying_key();
        PublicKey {
            name: self.name.clone(),
            key_id: key_id(&self.name, &verifying.to_bytes()),
            verifying,
        }
    }

    /// `PRIVATE+KEY+<name>+<key id hex>+<base64(0x01 ‖ seed)>`.
    pub fn to_text(&self) -> String {
        let mut blob = vec![ED25519];
        blob.extend_from_slice(&self.signing.to_bytes());
        format!(
            "PRIVATE+KEY+{}+{}+{}",
            self.name,
            hex(&self.public().key_id),
            B64.encode(blob)
        )
    }

    /// Reads a signing key's text.
    pub fn parse(text: &str) -> Result<KeyPair, CheckpointError> {
        let rest = text
            .trim()
            .strip_prefix("PRIVATE+KEY+")
            .ok_or_else(|| bad_key("a private key starts with PRIVATE+KEY+"))?;
        let (name, id, blob) = split_key(rest)?;
        let seed: [u8; 32] = blob
            .try_into()
            .map_err(|_| bad_key("a private key holds 32 bytes"))?;
        let pair = KeyPair::from_seed(&name, seed)?;
        (hex(&pair.public().key_id) == id)
            .then_some(pair)
            .ok_or_else(|| bad_key("the key id does not match the key"))
    }
}

impl PublicKey {
    /// `<name>+<key id hex>+<base64(0x01 ‖ public key)>`.
    pub fn to_text(&self) -> String {
        let mut blob = vec![ED25519];
        blob.extend_from_slice(&self.verifying.to_bytes());
        format!("{}+{}+{}", self.name, hex(&self.key_id), B64.encode(blob))
    }

    /// The 32 bytes of the Ed25519 public key.
    pub fn bytes(&self) -> [u8; 32] {
        self.verifying.to_bytes()
    }

    /// Whether `signature` is this key's Ed25519 signature of `message`.
    pub fn verifies(&self, message: &[u8], signature: &[u8; 64]) -> bool {
        self.verifying
            .verify(message, &ed25519_dalek::Signature::from_bytes(signature))
            .is_ok()
    }

    /// Reads a verifier key's text.
    pub fn parse(text: &str) -> Result<PublicKey, CheckpointError> {
        let (name, id, blob) = split_key(text.trim())?;
        let bytes: [u8; 32] = blob
            .try_into()
            .map_err(|_| bad_key("a public key holds 32 bytes"))?;
        let verifying = ed25519_dalek::VerifyingKey::from_bytes(&bytes)
            .map_err(|_| bad_key("not an Ed25519 public key"))?;
        let key = PublicKey {
            key_id: key_id(&name, &bytes),
            name,
            verifying,
        };
        (hex(&key.key_id) == id)
            .then_some(key)
            .ok_or_else(|| bad_key("the key id does not match the key"))
    }
}

/// Splits `<name>+<hex id>+<base64(0x01 ‖ 32 bytes)>` (the base64 may itself hold '+').
fn split_key(text: &str) -> Result<(String, String, Vec<u8>), CheckpointError> {
    let parts: Vec<&str> = text.splitn(3, '+').collect();
    let [name, id, blob] = parts.as_slice() else {
        return Err(bad_key("it is not <name>+<key id>+<base64 key>"));
    };
    check_name(name)?;
    let blob = B64
        .decode(blob)
        .map_err(|_| bad_key("the key is not base64"))?;
    match blob.split_first() {
        Some((&ED25519, key)) => Ok((name.to_string(), id.to_string(), key.to_vec())),
        _ => Err(bad_key("only Ed25519 keys (type 0x01) are supported")),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
