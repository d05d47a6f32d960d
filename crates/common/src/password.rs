//! Password hashes for the user store: PBKDF2-HMAC-SHA256 with a random 16-byte salt, written as
//! `pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>`. The iteration count travels with each
//! hash, so it can be raised later without invalidating stored users.
//!
//! The cost is a trade-off: every authenticated CONNECT verifies one hash, so it must stay in the
//! low milliseconds, while an offline attacker who steals the meta store pays it per guess.
//! Mosquitto's password file makes the same trade with PBKDF2-SHA512 at 101 iterations; this
//! takes many more.

use pbkdf2::pbkdf2_hmac;
use sha2::Sha256;

/// Iterations for new hashes.
pub const ITERATIONS: u32 = 10_000;
const SCHEME: &str = "pbkdf2-sha256";
const SALT_LEN: usize = 16;
const HASH_LEN: usize = 32;

/// Why a password could not be hashed.
#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    /// The operating system gave no random bytes for the salt.
    #[error("no randomness for a salt: {0}")]
    Random(String),
}

/// A new salted hash of `password`.
///
/// # Errors
/// [`PasswordError::Random`] when the OS random source fails.
pub fn hash(password: &[u8]) -> Result<String, PasswordError> {
    let mut salt = [0u8; SALT_LEN];
    getrandom::fill(&mut salt).map_err(|e| PasswordError::Random(e.to_string()))?;
    Ok(hash_with(password, &salt, ITERATIONS))
}

fn hash_with(password: &[u8], salt: &[u8], iterations: u32) -> String {
    let mut out = [0u8; HASH_LEN];
    pbkdf2_hmac::<Sha256>(password, salt, iterations, &mut out);
    format!("{SCHEME}${iterations}${}${}", hex(salt), hex(&out))
}

/// Whether `password` (an MQTT password is binary data) matches `stored`. A stored value that is
/// not a hash this module wrote matches nothing. The comparison takes the same time wherever the
/// first difference is.
pub fn verify(password: &[u8], stored: &str) -> bool {
    let mut parts = stored.split('$');
    let (Some(SCHEME), Some(iterations), Some(salt), Some(expected), None) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return false;
    };
    let (Ok(iterations), Some(salt)) = (iterations.parse::<u32>(), unhex(salt)) else {
        return false;
    };
    if iterations == 0 {
        return false;
    }
    let actual = hash_with(password, &salt, iterations);
    let actual = actual.rsplit('$').next().unwrap_or_default();
    actual.len() == expected.len()
        && actual
            .bytes()
            .zip(expected.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let stored = hash(b"s3cret").expect("hash");
        assert!(stored.starts_with("pbkdf2-sha256$10000$"));
        assert!(verify(b"s3cret", &stored));
        assert!(!verify(b"s3cret ", &stored));
        assert!(!verify(b"", &stored));
    }

    #[test]
    fn the_same_password_gets_a_new_salt_each_time() {
        assert_ne!(hash(b"x").expect("hash"), hash(b"x").expect("hash"));
    }

    #[test]
    fn known_vector_from_rfc_7914() {
        // RFC 7914 section 11: PBKDF2-HMAC-SHA256, P="passwd", S="salt", c=1, dkLen=64; the first
        // 32 bytes.
        let stored = hash_with(b"passwd", b"salt", 1);
        assert_eq!(
            stored.rsplit('$').next(),
            Some("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc")
        );
    }

    #[test]
    fn malformed_stored_values_match_nothing() {
        for stored in [
            "",
            "plain",
            "pbkdf2-sha256$0$00$00",
            "pbkdf2-sha256$10$zz$00",
            "pbkdf2-sha256$10$0$00",
            "md5$1$00$00",
            "pbkdf2-sha256$1$00$00$extra",
        ] {
            assert!(!verify(b"", stored), "{stored}");
        }
    }
}
