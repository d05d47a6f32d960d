//! A throwaway PKI for the tests that need certificates, made at test time with openssl (never
//! checked in): a CA, a server certificate for 127.0.0.1 and localhost, client certificates
//! (good, expired, and one from another CA), and node certificates for inner TLS.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use crate::mqtt::assert_success;

/// A throwaway PKI in a temporary directory: a CA, a server certificate for 127.0.0.1 and
/// localhost, and client certificates (good, expired, and one from another CA).
pub struct Pki {
    dir: tempfile::TempDir,
}

impl Pki {
    /// The CA `ca`, a second CA `other-ca`, and `server`, `client`, `expired` and `intruder`.
    ///
    /// # Panics
    /// When openssl fails.
    pub fn new() -> Pki {
        let pki = Pki {
            dir: tempfile::tempdir().expect("tempdir"),
        };
        pki.ca("ca");
        pki.ca("other-ca");
        pki.issue("ca", "server", "/CN=robustmq-test-server", SERVER_EXT, 2);
        pki.issue("ca", "client", "/CN=device-7", CLIENT_EXT, 2);
        pki.issue("ca", "expired", "/CN=device-old", CLIENT_EXT, -1);
        pki.issue("other-ca", "intruder", "/CN=intruder", CLIENT_EXT, 2);
        pki
    }

    /// The path of `name` in the PKI's directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `name.pem` of the certificate, as a string for command lines and env vars.
    pub fn pem(&self, name: &str) -> String {
        self.path(&format!("{name}.pem")).display().to_string()
    }

    /// `name.key`, the private key of certificate `name`.
    pub fn key(&self, name: &str) -> String {
        self.path(&format!("{name}.key")).display().to_string()
    }

    fn openssl(&self, args: &[&str]) {
        let output = Command::new("openssl")
            .args(args)
            .current_dir(self.dir.path())
            .stdin(Stdio::null())
            .output()
            .expect("openssl (installed by scripts/setup.sh)");
        assert_success(&format!("openssl {args:?}"), &output);
    }

    /// `openssl req` with a new P-256 key written to `key`, its output to `out`, and `extra`.
    fn req(&self, key: &str, out: &str, extra: &[&str]) {
        let mut args = vec![
            "req",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            key,
            "-out",
            out,
        ];
        args.extend_from_slice(extra);
        self.openssl(&args);
    }

    fn ca(&self, name: &str) {
        let (pem, key) = (format!("{name}.pem"), format!("{name}.key"));
        let subject = format!("/CN=robustmq test {name}");
        self.req(&key, &pem, &["-x509", "-days", "2", "-subj", &subject]);
    }

    /// A certificate `name` signed by `ca`, valid for `days` from now (negative: expired).
    pub fn issue(&self, ca: &str, name: &str, subject: &str, ext: &str, days: i32) {
        let (pem, key, csr, extfile) = (
            format!("{name}.pem"),
            format!("{name}.key"),
            format!("{name}.csr"),
            format!("{name}.ext"),
        );
        std::fs::write(self.path(&extfile), ext).expect("write extensions");
        self.req(&key, &csr, &["-subj", subject]);
        let (ca_pem, ca_key, days) = (format!("{ca}.pem"), format!("{ca}.key"), days.to_string());
        self.openssl(&[
            "x509",
            "-req",
            "-in",
            &csr,
            "-CA",
            &ca_pem,
            "-CAkey",
            &ca_key,
            "-CAcreateserial",
            "-out",
            &pem,
            "-days",
            &days,
            "-extfile",
            &extfile,
        ]);
    }
}

/// Extensions of a server certificate for 127.0.0.1 and localhost.
pub const SERVER_EXT: &str = "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\n\
    extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n";
/// Extensions of a client certificate.
pub const CLIENT_EXT: &str =
    "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=clientAuth\n";

/// Extensions of a node certificate for inner TLS: a server and a client alike, for 127.0.0.1
/// and the cluster-wide name `robustmq-node`.
pub const NODE_EXT: &str = "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\n\
    extendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=IP:127.0.0.1,DNS:robustmq-node\n";

impl Default for Pki {
    fn default() -> Pki {
        Pki::new()
    }
}
