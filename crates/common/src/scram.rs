//! SCRAM-SHA-256 (RFC 5802, RFC 7677): a login that proves knowledge of the password without
//! sending it, and lets the client check that the server knew it too. MQTT 5 carries it in the
//! CONNECT and AUTH packets' Authentication Method (`SCRAM-SHA-256`) and Data (MQTT 5.0 section
//! 4.12, as EMQX does).
//!
//! The user store keeps, per user, what the server side needs and nothing that logs in by itself:
//! `scram-sha-256$<iterations>$<salt b64>$<StoredKey b64>$<ServerKey b64>`. The exchange here is
//! sans-IO: [`ServerFirst::start`] takes the client-first message and answers the server-first
//! one; [`ServerFirst::finish`] takes the client-final message and answers the server-final one.
//! Channel binding is not offered (`n,,` only): MQTT over TLS with `tls-server-end-point` can come
//! with the network issue.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use hmac::{Hmac, Mac};
use pbkdf2::pbkdf2_hmac;
use sha2::{Digest, Sha256};

/// The Authentication Method that selects this mechanism.
pub const METHOD: &str = "SCRAM-SHA-256";
/// PBKDF2 iterations of new credentials (RFC 7677's minimum; each login costs this once on the
/// client, and the server nothing like it).
pub const ITERATIONS: u32 = 4096;
const SCHEME: &str = "scram-sha-256";
const SALT_LEN: usize = 16;
const NONCE_LEN: usize = 18;

/// Why an exchange failed. The client gets Bad User Name or Password (0x86) or Not authorized;
/// the reason is for the log.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScramError {
    /// A message does not follow RFC 5802's grammar (or asks for channel binding).
    #[error("malformed SCRAM message: {0}")]
    Malformed(&'static str),
    /// The proof does not match: a wrong password.
    #[error("wrong proof")]
    WrongProof,
    /// No randomness for a nonce or a salt.
    #[error("no randomness: {0}")]
    Random(String),
}

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    // HMAC takes keys of any length.
    #[allow(clippy::expect_used)]
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC accepts any key length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

fn random(n: usize) -> Result<Vec<u8>, ScramError> {
    let mut out = vec![0u8; n];
    getrandom::fill(&mut out).map_err(|e| ScramError::Random(e.to_string()))?;
    Ok(out)
}

/// What the server keeps of a password for SCRAM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    salt: Vec<u8>,
    iterations: u32,
    stored_key: [u8; 32],
    server_key: [u8; 32],
}

impl Credential {
    /// Derives the credential of `password` with a new random salt.
    ///
    /// # Errors
    /// [`ScramError::Random`] when the OS gives no random bytes.
    pub fn derive(password: &[u8]) -> Result<Credential, ScramError> {
        Ok(Self::derive_with(password, &random(SALT_LEN)?, ITERATIONS))
    }

    fn derive_with(password: &[u8], salt: &[u8], iterations: u32) -> Credential {
        let mut salted = [0u8; 32];
        pbkdf2_hmac::<Sha256>(password, salt, iterations, &mut salted);
        let client_key = hmac(&salted, b"Client Key");
        Credential {
            salt: salt.to_vec(),
            iterations,
            stored_key: Sha256::digest(client_key).into(),
            server_key: hmac(&salted, b"Server Key"),
        }
    }

    /// The stored form.
    pub fn encode(&self) -> String {
        format!(
            "{SCHEME}${}${}${}${}",
            self.iterations,
            B64.encode(&self.salt),
            B64.encode(self.stored_key),
            B64.encode(self.server_key)
        )
    }

    /// Reads the stored form; `None` for anything else.
    pub fn decode(stored: &str) -> Option<Credential> {
        let [SCHEME, i, salt, stored_key, server_key] = crate::password::dollar_fields(stored)?
        else {
            return None;
        };
        let key = |b64: &str| -> Option<[u8; 32]> { B64.decode(b64).ok()?.try_into().ok() };
        Some(Credential {
            iterations: i.parse().ok().filter(|i| *i > 0)?,
            salt: B64.decode(salt).ok()?,
            stored_key: key(stored_key)?,
            server_key: key(server_key)?,
        })
    }
}

/// The server between its first message and the client's final one.
#[derive(Debug, Clone)]
pub struct ServerFirst {
    /// Whether the user has credentials; a decoy exchange for one without always fails.
    known: bool,
    username: String,
    client_first_bare: String,
    server_first: String,
    nonce: String,
    credential: Credential,
}

/// The value of attribute `name` (`n=...`) in a comma-separated SCRAM message.
fn attribute(message: &str, name: char) -> Option<&str> {
    message.split(',').find_map(|part| {
        let mut chars = part.chars();
        (chars.next() == Some(name) && chars.next() == Some('=')).then(|| &part[2..])
    })
}

/// A SCRAM `saslname`: `=2C` is `,` and `=3D` is `=`.
fn unescape(name: &str) -> Option<String> {
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(at) = rest.find('=') {
        out.push_str(&rest[..at]);
        let code = rest.get(at..at + 3)?;
        out.push(match code {
            "=2C" => ',',
            "=3D" => '=',
            _ => return None,
        });
        rest = &rest[at + 3..];
    }
    out.push_str(rest);
    Some(out)
}

impl ServerFirst {
    /// Reads the client-first message and answers the server-first one, with the credential
    /// `lookup` finds for the user it names. For a user without one the answer is a decoy
    /// (a salt derived from the name with `decoy_key`, the same on every attempt), and the
    /// exchange fails only at [`ServerFirst::finish`], as for a wrong password: the first
    /// answer does not tell which users exist (RFC 5802 section 9).
    ///
    /// # Errors
    /// [`ScramError::Malformed`] (channel binding asked for included); [`ScramError::Random`].
    pub fn start(
        client_first: &[u8],
        lookup: impl FnOnce(&str) -> Option<Credential>,
        decoy_key: &[u8],
    ) -> Result<(ServerFirst, Vec<u8>), ScramError> {
        let text = std::str::from_utf8(client_first).map_err(|_| ScramError::Malformed("UTF-8"))?;
        // gs2-header: no channel binding ("n"), no authzid.
        let bare = text.strip_prefix("n,,").ok_or(ScramError::Malformed(
            "only `n,,` (no channel binding) is served",
        ))?;
        if bare.starts_with("m=") {
            return Err(ScramError::Malformed("mandatory extension"));
        }
        let username = attribute(bare, 'n')
            .and_then(unescape)
            .filter(|u| !u.is_empty())
            .ok_or(ScramError::Malformed("no username"))?;
        let client_nonce = attribute(bare, 'r')
            .filter(|r| !r.is_empty() && r.bytes().all(|b| b.is_ascii_graphic() && b != b','))
            .ok_or(ScramError::Malformed("no nonce"))?;
        let found = lookup(&username);
        let known = found.is_some();
        let credential = found.unwrap_or_else(|| {
            let salt = hmac(decoy_key, username.as_bytes());
            Credential {
                salt: salt[..SALT_LEN].to_vec(),
                iterations: ITERATIONS,
                stored_key: hmac(decoy_key, &salt),
                server_key: hmac(&salt, decoy_key),
            }
        });
        let nonce = format!("{client_nonce}{}", B64.encode(random(NONCE_LEN)?));
        let server_first = format!(
            "r={nonce},s={},i={}",
            B64.encode(&credential.salt),
            credential.iterations
        );
        let out = server_first.clone().into_bytes();
        Ok((
            ServerFirst {
                known,
                username,
                client_first_bare: bare.to_owned(),
                server_first,
                nonce,
                credential,
            },
            out,
        ))
    }

    /// The user the client named.
    pub fn username(&self) -> &str {
        &self.username
    }

    /// Checks the client-final message's proof; answers the server-final message (the server
    /// signature, for the client to check) and the authenticated username.
    ///
    /// # Errors
    /// [`ScramError::Malformed`]; [`ScramError::WrongProof`] for a wrong password.
    pub fn finish(self, client_final: &[u8]) -> Result<(String, Vec<u8>), ScramError> {
        let text = std::str::from_utf8(client_final).map_err(|_| ScramError::Malformed("UTF-8"))?;
        let (without_proof, proof) = text
            .rsplit_once(",p=")
            .ok_or(ScramError::Malformed("no proof"))?;
        // "biws" is base64("n,,"): the gs2 header again, without channel binding.
        if attribute(without_proof, 'c') != Some("biws") {
            return Err(ScramError::Malformed("channel binding must be `biws`"));
        }
        if attribute(without_proof, 'r') != Some(self.nonce.as_str()) {
            return Err(ScramError::Malformed("nonce mismatch"));
        }
        let proof = B64
            .decode(proof)
            .map_err(|_| ScramError::Malformed("proof is not base64"))?;
        if proof.len() != 32 {
            return Err(ScramError::Malformed("proof length"));
        }
        let auth_message = format!(
            "{},{},{without_proof}",
            self.client_first_bare, self.server_first
        );
        let signature = hmac(&self.credential.stored_key, auth_message.as_bytes());
        let client_key: Vec<u8> = proof.iter().zip(signature).map(|(p, s)| p ^ s).collect();
        let matches = Sha256::digest(&client_key)
            .iter()
            .zip(self.credential.stored_key)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
        if !matches || !self.known {
            return Err(ScramError::WrongProof);
        }
        let server_signature = hmac(&self.credential.server_key, auth_message.as_bytes());
        Ok((
            self.username,
            format!("v={}", B64.encode(server_signature)).into_bytes(),
        ))
    }
}

/// The client side, for tests and tools: the client-first message for `username` with `nonce`,
/// and from the server-first message the client-final one (and the server-final message the
/// server must send back).
///
/// # Errors
/// [`ScramError::Malformed`] for a server-first message that does not parse or does not extend
/// the client's nonce.
pub fn client_final(
    username: &str,
    password: &[u8],
    client_nonce: &str,
    server_first: &[u8],
) -> Result<(Vec<u8>, Vec<u8>), ScramError> {
    let server_first =
        std::str::from_utf8(server_first).map_err(|_| ScramError::Malformed("UTF-8"))?;
    let nonce = attribute(server_first, 'r')
        .filter(|r| r.starts_with(client_nonce))
        .ok_or(ScramError::Malformed("server nonce"))?;
    let salt = attribute(server_first, 's')
        .and_then(|s| B64.decode(s).ok())
        .ok_or(ScramError::Malformed("salt"))?;
    let iterations: u32 = attribute(server_first, 'i')
        .and_then(|i| i.parse().ok())
        .ok_or(ScramError::Malformed("iterations"))?;
    let credential = Credential::derive_with(password, &salt, iterations);
    let mut salted = [0u8; 32];
    pbkdf2_hmac::<Sha256>(password, &salt, iterations, &mut salted);
    let client_key = hmac(&salted, b"Client Key");
    let without_proof = format!("c=biws,r={nonce}");
    let auth_message = format!("n={username},r={client_nonce},{server_first},{without_proof}");
    let signature = hmac(&credential.stored_key, auth_message.as_bytes());
    let proof: Vec<u8> = client_key
        .iter()
        .zip(signature)
        .map(|(k, s)| k ^ s)
        .collect();
    let server_final = format!(
        "v={}",
        B64.encode(hmac(&credential.server_key, auth_message.as_bytes()))
    );
    Ok((
        format!("{without_proof},p={}", B64.encode(proof)).into_bytes(),
        server_final.into_bytes(),
    ))
}

/// The client-first message for `username` (no channel binding) with `client_nonce`.
pub fn client_first(username: &str, client_nonce: &str) -> Vec<u8> {
    let name = username.replace('=', "=3D").replace(',', "=2C");
    format!("n,,n={name},r={client_nonce}").into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"decoy key of this node";

    /// RFC 7677 section 3: user `user`, password `pencil`, client nonce
    /// `rOprNGfwEbeRWgbNEkqO`, salt `W22ZaJ0SNY7soEsUEjb6gQ==`, 4096 iterations; the client's
    /// proof and the server's signature are the RFC's.
    #[test]
    fn rfc_7677_example() {
        let salt = B64.decode("W22ZaJ0SNY7soEsUEjb6gQ==").expect("salt");
        let credential = Credential::derive_with(b"pencil", &salt, 4096);
        let server_first = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
        let state = ServerFirst {
            known: true,
            username: "user".into(),
            client_first_bare: "n=user,r=rOprNGfwEbeRWgbNEkqO".into(),
            server_first: server_first.into(),
            nonce: "rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0".into(),
            credential,
        };
        let client_final = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
        let (user, server_final) = state.finish(client_final.as_bytes()).expect("RFC proof");
        assert_eq!(user, "user");
        assert_eq!(
            server_final,
            b"v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=".to_vec()
        );
        let (ours, _) = client_final_of(server_first);
        assert_eq!(ours, client_final.as_bytes());
    }

    fn client_final_of(server_first: &str) -> (Vec<u8>, Vec<u8>) {
        client_final(
            "user",
            b"pencil",
            "rOprNGfwEbeRWgbNEkqO",
            server_first.as_bytes(),
        )
        .expect("client final")
    }

    #[test]
    fn an_exchange_succeeds_with_the_password_only() {
        let stored = Credential::derive(b"s3cret").expect("derive").encode();
        let lookup = |name: &str| {
            (name == "ann")
                .then(|| Credential::decode(&stored))
                .flatten()
        };
        let (server, first) =
            ServerFirst::start(&client_first("ann", "abc123"), lookup, KEY).expect("start");
        assert_eq!(server.username(), "ann");
        let (final_msg, expected) =
            client_final("ann", b"s3cret", "abc123", &first).expect("client final");
        let (user, server_final) = server.clone().finish(&final_msg).expect("finish");
        assert_eq!((user.as_str(), server_final), ("ann", expected));
        let (wrong, _) = client_final("ann", b"wrong", "abc123", &first).expect("client final");
        assert_eq!(server.finish(&wrong).err(), Some(ScramError::WrongProof));
        let decoy = |name: &str| {
            ServerFirst::start(&client_first(name, "abc"), lookup, KEY).expect("a decoy challenge")
        };
        let (bob, bob_first) = decoy("bob");
        let salt = |first: &[u8]| {
            attribute(std::str::from_utf8(first).expect("utf-8"), 's').map(str::to_owned)
        };
        assert_eq!(
            salt(&bob_first),
            salt(&decoy("bob").1),
            "the same salt each time"
        );
        assert_ne!(salt(&bob_first), salt(&decoy("carl").1));
        let (guess, _) = client_final("bob", b"s3cret", "abc", &bob_first).expect("client final");
        assert_eq!(bob.finish(&guess).err(), Some(ScramError::WrongProof));
    }

    #[test]
    fn malformed_messages_are_refused() {
        let stored = Credential::derive(b"x").expect("derive");
        let lookup = |_: &str| Some(stored.clone());
        for first in [
            &b"y,,n=a,r=b"[..],
            b"p=tls-server-end-point,,n=a,r=b",
            b"n,,r=b",
            b"n,,n=a",
            b"n,,n=a=2,r=b",
            b"\xff",
        ] {
            assert!(
                matches!(
                    ServerFirst::start(first, lookup, KEY),
                    Err(ScramError::Malformed(_))
                ),
                "{first:?}"
            );
        }
        let (server, _) = ServerFirst::start(b"n,,n=a,r=b", lookup, KEY).expect("start");
        for last in [
            &b"c=biws,r=b"[..],
            b"c=eSws,r=b,p=AAAA",
            b"c=biws,r=other,p=AAAA",
        ] {
            assert!(
                matches!(server.clone().finish(last), Err(ScramError::Malformed(_))),
                "{last:?}"
            );
        }
        assert_eq!(Credential::decode("scram-sha-256$0$AA==$AA==$AA=="), None);
        assert_eq!(
            Credential::decode(&stored.encode()),
            Some(stored),
            "round trip"
        );
    }
}
