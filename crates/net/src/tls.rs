//! TLS for the TLS and WSS listeners: the rustls server configuration built from `[tls]`,
//! [`TlsAcceptor`] which hands it to handshakes and can be reloaded while connections run, and
//! the one crypto provider of the process.
//!
//! TLS 1.2 is the minimum (rustls offers nothing older). With `tls.client_ca` set, client
//! certificates must chain to that CA, be within their validity period and be meant for client
//! authentication; `tls.verify_peer = false` makes presenting one optional (a presented one is
//! still verified).

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use parking_lot::RwLock;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::WebPkiClientVerifier;
use rustls::{RootCertStore, ServerConfig};
use tokio_rustls::server::TlsStream;

use crate::NetError;
use crate::socket::Socket;

/// The crypto provider every rustls configuration of the process is built on (ring). Built
/// once; [`install_default`] also makes it the process default, for libraries that ask for
/// that one.
pub fn provider() -> Arc<CryptoProvider> {
    static PROVIDER: OnceLock<Arc<CryptoProvider>> = OnceLock::new();
    Arc::clone(PROVIDER.get_or_init(|| Arc::new(rustls::crypto::ring::default_provider())))
}

/// Installs [`provider`] as the process default. Idempotent; a default installed earlier by
/// someone else is left in place.
pub fn install_default() {
    let _ = CryptoProvider::install_default(provider().as_ref().clone());
}

/// Where the server's certificate, key and client CA are (`[tls]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    /// Certificate chain, PEM, leaf first.
    pub cert: PathBuf,
    /// Private key, PEM (PKCS#8, PKCS#1 or SEC1).
    pub key: PathBuf,
    /// CA that client certificates must chain to; `None`: no client certificates.
    pub client_ca: Option<PathBuf>,
    /// With a client CA: whether a client must present a certificate.
    pub verify_peer: bool,
}

fn file_error(key: &'static str, path: &Path, e: impl std::fmt::Display) -> NetError {
    NetError::TlsFile {
        key,
        reason: format!("{}: {e}", path.display()),
    }
}

fn certificates(key: &'static str, path: &Path) -> Result<Vec<CertificateDer<'static>>, NetError> {
    let certs = CertificateDer::pem_file_iter(path)
        .map_err(|e| file_error(key, path, e))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| file_error(key, path, e))?;
    if certs.is_empty() {
        return Err(file_error(key, path, "no PEM certificate in it"));
    }
    Ok(certs)
}

/// Builds the server configuration from `files` for TLS 1.3 and 1.2, offering `alpn` (empty:
/// no ALPN).
///
/// # Errors
/// [`NetError::TlsFile`] naming the key of a file that cannot be read or holds no usable PEM
/// item; [`NetError::Tls`] when rustls refuses the key for the certificate.
pub fn server_config(files: &TlsFiles, alpn: &[&[u8]]) -> Result<ServerConfig, NetError> {
    build(
        files,
        alpn,
        &[&rustls::version::TLS13, &rustls::version::TLS12],
    )
}

/// The ALPN protocol id MQTT over QUIC is served under (see `crate::quic`).
pub const QUIC_ALPN: &[u8] = b"mqtt";

/// The rustls side of the QUIC listener's configuration from `files`: TLS 1.3 only, ALPN
/// [`QUIC_ALPN`]; `crate::quic::server_config` makes quinn's of it.
///
/// # Errors
/// As [`server_config`].
pub fn quic_server_config(files: &TlsFiles) -> Result<ServerConfig, NetError> {
    build(files, &[QUIC_ALPN], &[&rustls::version::TLS13])
}

/// The config keys that name a [`TlsFiles`]' files, for errors.
struct Keys {
    cert: &'static str,
    key: &'static str,
    ca: &'static str,
}

/// `[tls]`, the MQTT listeners' files.
const MQTT_KEYS: Keys = Keys {
    cert: "tls.cert",
    key: "tls.key",
    ca: "tls.client_ca",
};

/// Checks inner TLS's files (`server.tls_cert`, `server.tls_key`, `server.tls_ca`) the way
/// [`server_config`] checks `[tls]`'s, so that a node finds an unusable one before it starts.
/// The inner gRPC server and its clients then build their own configuration of the same files
/// (tonic's), on the process default provider ([`install_default`]).
///
/// # Errors
/// [`NetError::TlsFile`] naming the `server.tls_*` key of a file that cannot be read or holds no
/// usable PEM item; [`NetError::Tls`] when rustls refuses the key for the certificate.
pub fn check_inner_files(cert: &Path, key: &Path, ca: &Path) -> Result<(), NetError> {
    let files = TlsFiles {
        cert: cert.to_path_buf(),
        key: key.to_path_buf(),
        client_ca: Some(ca.to_path_buf()),
        verify_peer: true,
    };
    let keys = Keys {
        cert: "server.tls_cert",
        key: "server.tls_key",
        ca: "server.tls_ca",
    };
    match build_named(&files, &[], &[&rustls::version::TLS13], &keys) {
        Ok(_) => Ok(()),
        Err(NetError::Tls(e)) => Err(NetError::TlsFile {
            key: keys.key,
            reason: format!("{}: does not fit server.tls_cert: {e}", key.display()),
        }),
        Err(e) => Err(e),
    }
}

fn build(
    files: &TlsFiles,
    alpn: &[&[u8]],
    versions: &[&'static rustls::SupportedProtocolVersion],
) -> Result<ServerConfig, NetError> {
    build_named(files, alpn, versions, &MQTT_KEYS)
}

fn build_named(
    files: &TlsFiles,
    alpn: &[&[u8]],
    versions: &[&'static rustls::SupportedProtocolVersion],
    keys: &Keys,
) -> Result<ServerConfig, NetError> {
    let chain = certificates(keys.cert, &files.cert)?;
    let key = PrivateKeyDer::from_pem_file(&files.key)
        .map_err(|e| file_error(keys.key, &files.key, e))?;
    let builder =
        ServerConfig::builder_with_provider(provider()).with_protocol_versions(versions)?;
    let builder = match &files.client_ca {
        Some(path) => {
            let mut roots = RootCertStore::empty();
            for ca in certificates(keys.ca, path)? {
                roots.add(ca).map_err(|e| file_error(keys.ca, path, e))?;
            }
            let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider());
            let verifier = if files.verify_peer {
                verifier
            } else {
                verifier.allow_unauthenticated()
            };
            builder.with_client_cert_verifier(
                verifier.build().map_err(|e| file_error(keys.ca, path, e))?,
            )
        }
        None => builder.with_no_client_auth(),
    };
    let mut config = builder.with_single_cert(chain, key)?;
    config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
    Ok(config)
}

/// A client configuration that trusts the CAs in the PEM file `ca` (and nothing else), offering
/// `alpn`: for load generators and tests.
///
/// # Errors
/// [`NetError::TlsFile`] (key `cafile`) when the file cannot be read or holds no certificate.
pub fn client_config(ca: &Path, alpn: &[&[u8]]) -> Result<rustls::ClientConfig, NetError> {
    client_config_for(
        ca,
        alpn,
        &[&rustls::version::TLS13, &rustls::version::TLS12],
    )
}

/// [`client_config`] for QUIC: TLS 1.3 only, ALPN `mqtt`.
///
/// # Errors
/// As [`client_config`].
pub fn quic_client_config(ca: &Path) -> Result<rustls::ClientConfig, NetError> {
    client_config_for(ca, &[QUIC_ALPN], &[&rustls::version::TLS13])
}

fn client_config_for(
    ca: &Path,
    alpn: &[&[u8]],
    versions: &[&'static rustls::SupportedProtocolVersion],
) -> Result<rustls::ClientConfig, NetError> {
    let mut roots = RootCertStore::empty();
    for cert in certificates("cafile", ca)? {
        roots.add(cert).map_err(|e| file_error("cafile", ca, e))?;
    }
    let mut config = rustls::ClientConfig::builder_with_provider(provider())
        .with_protocol_versions(versions)?
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
    Ok(config)
}

/// Runs TLS handshakes with the current server configuration (and hands QUIC listeners theirs),
/// which [`TlsAcceptor::reload`] replaces: connections up already keep the session they made,
/// new handshakes present the new certificate.
pub struct TlsAcceptor {
    files: TlsFiles,
    alpn: Vec<Vec<u8>>,
    config: RwLock<Configs>,
}

struct Configs {
    tls: Arc<ServerConfig>,
    quic: Arc<ServerConfig>,
}

impl Configs {
    fn load(files: &TlsFiles, alpn: &[Vec<u8>]) -> Result<Configs, NetError> {
        let alpn: Vec<&[u8]> = alpn.iter().map(Vec::as_slice).collect();
        Ok(Configs {
            tls: Arc::new(server_config(files, &alpn)?),
            quic: Arc::new(quic_server_config(files)?),
        })
    }
}

impl TlsAcceptor {
    /// Loads `files`, offering `alpn`.
    ///
    /// # Errors
    /// As [`server_config`].
    pub fn load(files: TlsFiles, alpn: &[&[u8]]) -> Result<Arc<TlsAcceptor>, NetError> {
        let alpn: Vec<Vec<u8>> = alpn.iter().map(|p| p.to_vec()).collect();
        let config = Configs::load(&files, &alpn)?;
        Ok(Arc::new(TlsAcceptor {
            files,
            alpn,
            config: RwLock::new(config),
        }))
    }

    /// Reads the files again and uses them for every handshake from now on. On error the
    /// configuration in use stays.
    ///
    /// # Errors
    /// As [`server_config`].
    pub fn reload(&self) -> Result<(), NetError> {
        let config = Configs::load(&self.files, &self.alpn)?;
        *self.config.write() = config;
        Ok(())
    }

    /// The configuration new TLS handshakes get.
    pub fn current(&self) -> Arc<ServerConfig> {
        Arc::clone(&self.config.read().tls)
    }

    /// The rustls configuration new QUIC connections get.
    pub fn current_quic(&self) -> Arc<ServerConfig> {
        Arc::clone(&self.config.read().quic)
    }

    /// Runs the server side of a handshake on `socket`.
    ///
    /// # Errors
    /// The handshake failed: not TLS, no acceptable version or cipher, a client certificate
    /// refused or missing, the socket failed.
    pub async fn accept(&self, socket: Socket) -> std::io::Result<TlsStream<Socket>> {
        tokio_rustls::TlsAcceptor::from(self.current())
            .accept(socket)
            .await
    }
}

/// The subject common name of a DER certificate; `None` when it has none or does not parse.
pub fn common_name(der: &[u8]) -> Option<String> {
    let (_, cert) = x509_parser::parse_x509_certificate(der).ok()?;
    let cn = cert.subject().iter_common_name().next()?;
    cn.as_str().ok().map(str::to_owned)
}

/// The common name of the certificate a TLS client presented, if it presented one.
pub fn client_cn(stream: &TlsStream<Socket>) -> Option<String> {
    let certs = stream.get_ref().1.peer_certificates()?;
    common_name(certs.first()?)
}
