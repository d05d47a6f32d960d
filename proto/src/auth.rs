//! The cluster credential of the inner gRPC services: a shared secret (`server.cluster_secret`)
//! that every node-to-node call carries and every inner service checks.
//!
//! Nodes attach it with [`ClusterCredential`] as a client interceptor; servers wrap their inner
//! services with [`ClusterCredential::require`] (Raft, the Meta Service, the Storage Engine) or
//! [`ClusterCredential::require_or_admin`] (`NodeService`, which `robustmqctl node status`
//! reaches with the admin token). The admin service checks its own bearer token. A credential
//! without a secret attaches nothing and lets every call in: a node may run so only while its
//! inner port is bound to loopback, which the config's validation enforces.
//!
//! With inner TLS (`[server.tls]`), a credential also carries the client side of it: the CA
//! that node certificates chain to and this node's own certificate (mutual TLS), and
//! [`ClusterCredential::endpoint`] dials peers over `https` only, so the secret and the admin
//! token never cross the wire in plaintext.

use std::sync::Arc;

use tonic::metadata::MetadataValue;
use tonic::service::Interceptor;
use tonic::transport::{ClientTlsConfig, Endpoint};
use tonic::{Request, Status};

/// The gRPC metadata key that carries the cluster secret.
pub const CLUSTER_SECRET_KEY: &str = "x-robustmq-cluster-secret";

/// The shared secret of the nodes of one cluster, or none (loopback only), and the client side
/// of inner TLS, or none (plaintext h2c). Cloning is shallow.
#[derive(Clone, Default)]
pub struct ClusterCredential {
    secret: Option<Arc<str>>,
    tls: Option<ClientTlsConfig>,
}

impl std::fmt::Debug for ClusterCredential {
    /// Never shows the secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClusterCredential")
            .field("secret", &self.secret.as_ref().map(|_| "<redacted>"))
            .field("tls", &self.tls.is_some())
            .finish()
    }
}

/// Whether `a` and `b` are equal, in time that depends on their lengths only, so that a caller
/// who times refusals learns nothing about the secret's bytes.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl ClusterCredential {
    /// The credential of `secret`; an empty one is none.
    pub fn new(secret: &str) -> ClusterCredential {
        ClusterCredential {
            secret: (!secret.is_empty()).then(|| Arc::from(secret)),
            tls: None,
        }
    }

    /// The same credential, dialing peers over TLS with `tls` (the CA that node certificates
    /// chain to, this node's certificate for mutual TLS, and the name peers' certificates
    /// carry when it is not the host dialed).
    #[must_use]
    pub fn with_tls(mut self, tls: ClientTlsConfig) -> ClusterCredential {
        self.tls = Some(tls);
        self
    }

    /// Whether peers are dialed over TLS.
    pub fn uses_tls(&self) -> bool {
        self.tls.is_some()
    }

    /// An endpoint for `target`, a peer's inner gRPC address as `host:port` or as a URL
    /// (`http://host:port`, as records and flags name it): `https` with this credential's TLS
    /// when it has one, whatever scheme `target` names, else `http`. Connecting is the caller's.
    ///
    /// # Errors
    /// `target` is not a valid URI, or the TLS settings do not apply to it.
    pub fn endpoint(&self, target: &str) -> Result<Endpoint, tonic::transport::Error> {
        let authority = target
            .strip_prefix("http://")
            .or_else(|| target.strip_prefix("https://"))
            .unwrap_or(target)
            .trim_end_matches('/');
        match &self.tls {
            Some(tls) => {
                Endpoint::from_shared(format!("https://{authority}"))?.tls_config(tls.clone())
            }
            None => Endpoint::from_shared(format!("http://{authority}")),
        }
    }

    /// Whether a secret is set.
    pub fn is_set(&self) -> bool {
        self.secret.is_some()
    }

    /// Whether `request` carries the secret (always, when none is set).
    fn admits<T>(&self, request: &Request<T>) -> bool {
        let Some(secret) = &self.secret else {
            return true;
        };
        request
            .metadata()
            .get(CLUSTER_SECRET_KEY)
            .is_some_and(|v| constant_time_eq(v.as_bytes(), secret.as_bytes()))
    }

    /// A server interceptor that lets in only calls carrying the secret.
    ///
    /// # Errors
    /// The interceptor refuses other calls with `UNAUTHENTICATED`.
    pub fn require(&self) -> impl Interceptor + Clone + use<> {
        let credential = self.clone();
        move |request: Request<()>| {
            if credential.admits(&request) {
                Ok(request)
            } else {
                Err(unauthenticated())
            }
        }
    }

    /// A server interceptor that lets in calls carrying the secret or, when `admin_token` is
    /// set, `authorization: Bearer <admin_token>`: for read-only services an operator reaches
    /// too.
    ///
    /// # Errors
    /// The interceptor refuses other calls with `UNAUTHENTICATED`.
    pub fn require_or_admin(&self, admin_token: &str) -> impl Interceptor + Clone + use<> {
        let credential = self.clone();
        let bearer: Option<Arc<str>> =
            (!admin_token.is_empty()).then(|| Arc::from(format!("Bearer {admin_token}")));
        move |request: Request<()>| {
            let by_token = bearer.as_ref().is_some_and(|b| {
                request
                    .metadata()
                    .get("authorization")
                    .is_some_and(|v| constant_time_eq(v.as_bytes(), b.as_bytes()))
            });
            if by_token || credential.admits(&request) {
                Ok(request)
            } else {
                Err(unauthenticated())
            }
        }
    }
}

fn unauthenticated() -> Status {
    Status::unauthenticated(
        "inner gRPC calls need the cluster secret (server.cluster_secret) of this node's cluster",
    )
}

/// As a client interceptor, the credential stamps the secret on every call.
impl Interceptor for ClusterCredential {
    fn call(&mut self, mut request: Request<()>) -> Result<Request<()>, Status> {
        if let Some(secret) = &self.secret {
            let value = MetadataValue::try_from(&**secret)
                .map_err(|_| Status::internal("the cluster secret is not a valid header value"))?;
            request.metadata_mut().insert(CLUSTER_SECRET_KEY, value);
        }
        Ok(request)
    }
}

/// A channel whose calls carry the cluster credential.
pub type InnerChannel =
    tonic::service::interceptor::InterceptedService<tonic::transport::Channel, ClusterCredential>;

#[cfg(test)]
mod tests {
    use super::*;

    fn stamped(credential: &ClusterCredential) -> Request<()> {
        let mut c = credential.clone();
        c.call(Request::new(())).expect("stamped")
    }

    #[test]
    fn only_calls_with_the_secret_get_in() {
        let server = ClusterCredential::new("0123456789abcdef");
        let mut check = server.require();
        assert!(check.call(stamped(&server)).is_ok());
        let wrong = ClusterCredential::new("0123456789abcdeX");
        let refused = check.call(stamped(&wrong)).expect_err("wrong secret");
        assert_eq!(refused.code(), tonic::Code::Unauthenticated);
        assert!(check.call(Request::new(())).is_err(), "no secret");
        assert!(
            check
                .call(stamped(&ClusterCredential::new("0123")))
                .is_err(),
            "a prefix is not the secret"
        );
        let mut open = ClusterCredential::default().require();
        assert!(
            open.call(Request::new(())).is_ok(),
            "no secret set: loopback"
        );
        assert!(!format!("{server:?}").contains("0123"), "never shown");
    }

    #[test]
    fn endpoints_use_https_exactly_when_tls_is_set() {
        let plain = ClusterCredential::new("0123456789abcdef");
        for target in [
            "127.0.0.1:1228",
            "http://127.0.0.1:1228",
            "https://127.0.0.1:1228/",
        ] {
            let endpoint = plain.endpoint(target).expect("endpoint");
            assert_eq!(
                endpoint.uri().to_string(),
                "http://127.0.0.1:1228/",
                "{target}"
            );
        }
        let tls = plain.clone().with_tls(ClientTlsConfig::new());
        assert!(tls.uses_tls() && !plain.uses_tls());
        for target in ["127.0.0.1:1228", "http://127.0.0.1:1228"] {
            let endpoint = tls.endpoint(target).expect("endpoint");
            assert_eq!(
                endpoint.uri().to_string(),
                "https://127.0.0.1:1228/",
                "{target}"
            );
        }
        assert!(plain.endpoint("not a uri").is_err());
    }

    #[test]
    fn a_read_only_service_also_takes_the_admin_token() {
        let server = ClusterCredential::new("0123456789abcdef");
        let mut check = server.require_or_admin("op-token");
        let mut by_token = Request::new(());
        by_token
            .metadata_mut()
            .insert("authorization", "Bearer op-token".parse().expect("header"));
        assert!(check.call(by_token).is_ok());
        assert!(check.call(stamped(&server)).is_ok());
        let mut wrong = Request::new(());
        wrong
            .metadata_mut()
            .insert("authorization", "Bearer nope".parse().expect("header"));
        assert!(check.call(wrong).is_err());
        let mut no_token = server.require_or_admin("");
        assert!(no_token.call(Request::new(())).is_err());
    }
}
