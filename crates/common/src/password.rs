//! Password hashes for the user store. New hashes are argon2id (RFC 9106) in the PHC string
//! format (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`), with OWASP's recommended minimum
//! cost: 19 MiB of memory, two passes, one lane. Hashes of earlier versions,
//! `pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>`, still verify; [`needs_rehash`] says so, and
//! the broker rewrites such a user's hash as argon2id at its next successful login.
//!
//! The cost is a trade-off: every authenticated CONNECT verifies one hash (tens of milliseconds
//! and 19 MiB for argon2id), so the broker bounds how many verifications run at once, while an
//! offline attacker who steals the meta store pays the memory-hard cost per guess. Mosquitto's
//! password file uses PBKDF2-SHA512 at 101 iterations; EMQX's default is salted SHA-256.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use pbkdf2::pbkdf2_hmac;
use sha2::Sha256;

/// PBKDF2 iterations of the hashes earlier versions wrote (verified, never written now).
pub const ITERATIONS: u32 = 10_000;
const SCHEME: &str = "pbkdf2-sha256";
const SALT_LEN: usize = 16;
const HASH_LEN: usize = 32;
/// argon2id memory cost, KiB (OWASP: 19 MiB with two passes).
const ARGON2_M_KIB: u32 = 19 * 1024;
/// argon2id passes.
const ARGON2_T: u32 = 2;

/// Why a password could not be hashed.
#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    /// The operating system gave no random bytes for the salt.
    #[error("no randomness for a salt: {0}")]
    Random(String),
    /// The hasher refused its input (a password longer than argon2 takes, 4 GiB).
    #[error("cannot hash: {0}")]
    Hash(String),
}

fn argon2id() -> Argon2<'static> {
    // The parameters are constants within argon2's bounds.
    #[allow(clippy::expect_used)]
    let params = Params::new(ARGON2_M_KIB, ARGON2_T, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A new salted argon2id hash of `password`.
///
/// # Errors
/// [`PasswordError::Random`] when the OS random source fails; [`PasswordError::Hash`] when
/// argon2 refuses the input.
pub fn hash(password: &[u8]) -> Result<String, PasswordError> {
    let mut salt = [0u8; SALT_LEN];
    getrandom::fill(&mut salt).map_err(|e| PasswordError::Random(e.to_string()))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| PasswordError::Hash(e.to_string()))?;
    argon2id()
        .hash_password(password, &salt)
        .map(|h| h.to_string())
        .map_err(|e| PasswordError::Hash(e.to_string()))
}

/// Whether `stored` should be replaced by a new [`hash`] of the same password once it has
/// verified: it is not argon2id with the current cost.
pub fn needs_rehash(stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return true;
    };
    parsed.algorithm != Algorithm::Argon2id.ident()
        || Params::try_from(&parsed)
            .map(|p| p.m_cost() < ARGON2_M_KIB || p.t_cost() < ARGON2_T)
            .unwrap_or(true)
}

fn pbkdf2_with(password: &[u8], salt: &[u8], iterations: u32) -> String {
    let mut out = [0u8; HASH_LEN];
    pbkdf2_hmac::<Sha256>(password, salt, iterations, &mut out);
    format!("{SCHEME}${iterations}${}${}", hex(salt), hex(&out))
}

/// Whether `password` (an MQTT password is binary data) matches `stored`, an argon2 PHC string
/// or an earlier version's PBKDF2 hash. A stored value that is neither matches nothing. The
/// comparison takes the same time wherever the first difference is.
pub fn verify(password: &[u8], stored: &str) -> bool {
    if stored.starts_with("$argon2") {
        return PasswordHash::new(stored)
            .is_ok_and(|parsed| Argon2::default().verify_password(password, &parsed).is_ok());
    }
    let Some([SCHEME, iterations, salt, expected]) = dollar_fields(stored) else {
        return false;
    };
    let (Ok(iterations), Some(salt)) = (iterations.parse::<u32>(), unhex(salt)) else {
        return false;
    };
    if iterations == 0 {
        return false;
    }
    let actual = pbkdf2_with(password, &salt, iterations);
    let actual = actual.rsplit('$').next().unwrap_or_default();
    actual.len() == expected.len()
        && actual
            .bytes()
            .zip(expected.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// The `N` fields of a `$`-separated stored value (`scheme$a$b...`), or `None` when it has
/// another number of them.
pub(crate) fn dollar_fields<const N: usize>(stored: &str) -> Option<[&str; N]> {
    let mut parts = stored.split('$');
    let fields: [Option<&str>; N] = std::array::from_fn(|_| parts.next());
    if parts.next().is_some() {
        return None;
    }
    let fields: Vec<&str> = fields.into_iter().collect::<Option<_>>()?;
    fields.try_into().ok()
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
        assert!(
            stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{stored}"
        );
        assert!(verify(b"s3cret", &stored));
        assert!(!verify(b"s3cret ", &stored));
        assert!(!verify(b"", &stored));
        assert!(!needs_rehash(&stored));
    }

    /// A hash an earlier version stored still verifies, and asks to be rewritten.
    #[test]
    fn an_earlier_pbkdf2_hash_verifies_and_needs_a_rehash() {
        let stored = pbkdf2_with(b"s3cret", b"0123456789abcdef", ITERATIONS);
        assert!(stored.starts_with("pbkdf2-sha256$10000$"));
        assert!(verify(b"s3cret", &stored));
        assert!(!verify(b"other", &stored));
        assert!(needs_rehash(&stored));
        let weak = "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA";
        assert!(needs_rehash(weak), "below today's cost");
    }

    #[test]
    fn the_same_password_gets_a_new_salt_each_time() {
        assert_ne!(hash(b"x").expect("hash"), hash(b"x").expect("hash"));
    }

    #[test]
    fn known_vector_from_rfc_7914() {
        // RFC 7914 section 11: PBKDF2-HMAC-SHA256, P="passwd", S="salt", c=1, dkLen=64; the first
        // 32 bytes.
        let stored = pbkdf2_with(b"passwd", b"salt", 1);
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
            "$argon2id$v=19$m=19456,t=2,p=1$bad",
            "$argon2id$garbage",
        ] {
            assert!(!verify(b"", stored), "{stored}");
        }
    }
}
