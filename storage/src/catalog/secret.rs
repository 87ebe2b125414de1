//! Secrets handed out once (API tokens, sessions, feed keys) and how they are kept: only their SHA-256.
//!
//! A secret carries 256 random bits from the operating system, so a plain SHA-256 (no salt, no slow
//! hash) is enough to make the stored value useless to whoever reads the catalog, and it lets a request be
//! looked up by the hash of what it presents. The final comparison is constant-time anyway, so that no
//! timing difference depends on how much of a guessed value matched.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::error::{Error, Result};

/// `prefix` + 64 hex digits (256 bits). The prefix tells a leaked secret's kind at a glance (and lets
/// secret scanners find it).
pub(crate) fn new_secret(prefix: &str) -> Result<String> {
    Ok(format!("{prefix}{}", hex::encode(random_bytes::<32>()?)))
}

pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N]> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes)
        .map_err(|e| Error::Io(std::io::Error::other(format!("random numbers: {e}"))))?;
    Ok(bytes)
}

/// What is stored for a secret: its SHA-256 in hex.
pub(crate) fn hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Constant-time equality of two stored hashes.
pub(crate) fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_long_random_and_hashed() {
        let a = new_secret("kat_").unwrap();
        let b = new_secret("kat_").unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 4 + 64);
        assert!(same(&hash(&a), &hash(&a)));
        assert!(!same(&hash(&a), &hash(&b)));
        assert!(!same("ab", "abc"));
    }
}
