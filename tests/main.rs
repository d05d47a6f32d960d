//! Black-box tests: each starts real binaries of this workspace and checks what a user sees
//! (exit codes, stderr, HTTP and gRPC answers). One test binary keeps link time down.

mod bench;
mod cli_docs;
mod cluster;
mod config_cli;
mod conformance;
mod ctl;
mod engine;
mod hostile;
mod inner_auth;
mod kafka;
mod layers;
mod lifecycle;
mod meta_cluster;
mod mqtt_clients;
mod mqtt_raw;
mod security;
mod topics;
mod transports;
mod tui;
