//! JWT authentication: a client may present a signed token as its MQTT password instead of a
//! stored user's password, as EMQX's JWT authenticator allows. The token is checked with the
//! node's key (HS256 with `mqtt.jwt_secret`, or RS256 with the PEM public key in
//! `mqtt.jwt_public_key`); it must carry `exp`, and is refused once expired (with
//! jsonwebtoken's default leeway of 60 s for clock skew). The claim named by
//! `mqtt.jwt_username_claim` (`sub` by default) is the client's username, verified, for the ACL
//! rules; a CONNECT that also gives a username must give that one.

use std::collections::HashMap;

use jsonwebtoken::{Algorithm, DecodingKey, Validation};

/// Why a token was refused; the client gets Bad User Name or Password (0x86, 3.x: 4) either
/// way, the reason goes to the log.
#[derive(Debug, thiserror::Error)]
pub enum JwtError {
    /// The key in the config is not one (a PEM that holds no RSA public key).
    #[error("mqtt.jwt_public_key: {0}")]
    Key(String),
    /// Bad signature, wrong algorithm, malformed, or expired.
    #[error("token refused: {0}")]
    Token(#[from] jsonwebtoken::errors::Error),
    /// The token has no string claim of the configured name.
    #[error("the token has no string claim `{0}`")]
    NoUsername(String),
}

/// The node's token check.
pub struct JwtAuth {
    key: DecodingKey,
    validation: Validation,
    claim: String,
}

impl std::fmt::Debug for JwtAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwtAuth")
            .field("algorithms", &self.validation.algorithms)
            .field("claim", &self.claim)
            .finish_non_exhaustive()
    }
}

impl JwtAuth {
    fn with(key: DecodingKey, algorithm: Algorithm, claim: &str) -> JwtAuth {
        let mut validation = Validation::new(algorithm);
        validation.set_required_spec_claims(&["exp"]);
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.validate_aud = false;
        JwtAuth {
            key,
            validation,
            claim: claim.to_owned(),
        }
    }

    /// Tokens signed with HS256 and `secret`.
    pub fn hs256(secret: &[u8], claim: &str) -> JwtAuth {
        Self::with(DecodingKey::from_secret(secret), Algorithm::HS256, claim)
    }

    /// Tokens signed with RS256, checked with the RSA public key in `pem`.
    ///
    /// # Errors
    /// [`JwtError::Key`] when `pem` holds no RSA public key.
    pub fn rs256(pem: &[u8], claim: &str) -> Result<JwtAuth, JwtError> {
        let key = DecodingKey::from_rsa_pem(pem).map_err(|e| JwtError::Key(e.to_string()))?;
        Ok(Self::with(key, Algorithm::RS256, claim))
    }

    /// The username `token` vouches for.
    ///
    /// # Errors
    /// [`JwtError::Token`] for a token that is not valid now; [`JwtError::NoUsername`] when it
    /// lacks the username claim.
    pub fn verify(&self, token: &str) -> Result<String, JwtError> {
        let data = jsonwebtoken::decode::<HashMap<String, serde_json::Value>>(
            token,
            &self.key,
            &self.validation,
        )?;
        match data.claims.get(&self.claim) {
            Some(serde_json::Value::String(name)) if !name.is_empty() => Ok(name.clone()),
            _ => Err(JwtError::NoUsername(self.claim.clone())),
        }
    }
}

/// `password` as a token, when it has the shape of one (three base64url parts, the first a
/// JSON header): only such passwords go to [`JwtAuth::verify`], others to the user store.
pub fn as_token(password: &[u8]) -> Option<&str> {
    let text = std::str::from_utf8(password).ok()?;
    (text.starts_with("eyJ") && text.split('.').count() == 3).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonwebtoken::{EncodingKey, Header, encode};

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn now() -> i64 {
        crate::core::message::unix_ms() / 1000
    }

    fn token(claims: serde_json::Value, secret: &[u8]) -> String {
        encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &EncodingKey::from_secret(secret),
        )
        .expect("encode")
    }

    #[test]
    fn a_valid_token_names_its_user_and_a_bad_or_expired_one_is_refused() {
        let auth = JwtAuth::hs256(SECRET, "sub");
        let good = token(
            serde_json::json!({"sub": "dev-1", "exp": now() + 600}),
            SECRET,
        );
        assert_eq!(auth.verify(&good).expect("valid"), "dev-1");
        assert_eq!(as_token(good.as_bytes()), Some(good.as_str()));
        let expired = token(
            serde_json::json!({"sub": "dev-1", "exp": now() - 3600}),
            SECRET,
        );
        assert!(matches!(auth.verify(&expired), Err(JwtError::Token(_))));
        let forged = token(
            serde_json::json!({"sub": "dev-1", "exp": now() + 600}),
            b"another secret, another signer!!",
        );
        assert!(matches!(auth.verify(&forged), Err(JwtError::Token(_))));
        let no_exp = token(serde_json::json!({"sub": "dev-1"}), SECRET);
        assert!(auth.verify(&no_exp).is_err(), "exp is required");
        let no_sub = token(serde_json::json!({"exp": now() + 600}), SECRET);
        assert!(matches!(auth.verify(&no_sub), Err(JwtError::NoUsername(_))));
        let other_claim = JwtAuth::hs256(SECRET, "username");
        let named = token(
            serde_json::json!({"username": "ann", "exp": now() + 600}),
            SECRET,
        );
        assert_eq!(other_claim.verify(&named).expect("valid"), "ann");
        assert!(as_token(b"plain password").is_none());
        assert!(as_token(b"eyJ.only-two").is_none());
    }

    #[test]
    fn a_token_of_another_algorithm_is_refused() {
        let auth = JwtAuth::hs256(SECRET, "sub");
        let hs512 = encode(
            &Header::new(Algorithm::HS512),
            &serde_json::json!({"sub": "x", "exp": now() + 600}),
            &EncodingKey::from_secret(SECRET),
        )
        .expect("encode");
        assert!(auth.verify(&hs512).is_err());
        assert!(matches!(
            JwtAuth::rs256(b"not a pem", "sub"),
            Err(JwtError::Key(_))
        ));
    }
}
