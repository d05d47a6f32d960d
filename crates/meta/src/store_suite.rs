//! Conformance suites: openraft's storage suite against the RocksDB log store and state machine,
//! and the `MetaStore` suite against a meta node, in process and over gRPC.

use openraft::testing::{StoreBuilder, Suite};
use openraft::{StorageError, StorageIOError};

use crate::store::{LogStore, StateMachineStore, open_db};
use crate::types::{NodeId, TypeConfig};

/// Builds a fresh store in its own directory: the suite keeps two stores open at once, and
/// RocksDB locks its directory.
struct RocksBuilder;

impl StoreBuilder<TypeConfig, LogStore, StateMachineStore, tempfile::TempDir> for RocksBuilder {
    async fn build(
        &self,
    ) -> Result<(tempfile::TempDir, LogStore, StateMachineStore), StorageError<NodeId>> {
        let dir = tempfile::tempdir().map_err(|e| StorageIOError::write(&e))?;
        let groups = vec!["g".to_owned()];
        let db = open_db(&dir.path().join("db"), &groups).map_err(|e| StorageIOError::write(&e))?;
        let log = LogStore::new(db.clone(), "g");
        let sm = StateMachineStore::open(db, "g", &dir.path().join("snapshots"))?;
        Ok((dir, log, sm))
    }
}

#[test]
fn openraft_storage_suite_passes() {
    if let Err(e) = Suite::test_all(RocksBuilder) {
        panic!("openraft storage suite failed: {e}");
    }
}

/// The `MetaStore` conformance suite against a one-node meta service, in process.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_meta_node_passes_the_meta_store_suite() {
    let dir = tempfile::tempdir().expect("tempdir");
    let node = crate::node::tests::single_node(dir.path(), 2).await;
    robustmq_meta_client::suite::run(node.as_ref()).await;
    node.shutdown().await;
}

/// Serves `node`'s `MetaService` on a free port; returns its address and the server's task.
async fn serve(
    node: &std::sync::Arc<crate::MetaNode>,
) -> (
    std::net::SocketAddr,
    tokio::task::JoinHandle<Result<(), tonic::transport::Error>>,
) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let server = tokio::spawn(
        tonic::transport::Server::builder()
            .add_service(crate::service::MetaGrpc::new(std::sync::Arc::clone(node)))
            .serve_with_incoming(tokio_stream::wrappers::TcpListenerStream::new(listener)),
    );
    (addr, server)
}

/// The same suite through `RemoteMeta`, over the gRPC service a node serves, so that the wire
/// (commands, errors, watch events) keeps the same contract.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_remote_store_passes_the_meta_store_suite() {
    let dir = tempfile::tempdir().expect("tempdir");
    let node = crate::node::tests::single_node(dir.path(), 2).await;
    let (addr, server) = serve(&node).await;
    let remote = robustmq_meta_client::RemoteMeta::connect(format!("http://{addr}"))
        .await
        .expect("connect");
    robustmq_meta_client::suite::run(&remote).await;
    server.abort();
    node.shutdown().await;
}

/// The same suite through `PeerMeta`, the store of nodes without the meta role, which connects
/// to the first reachable peer and learns the group counts from it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_peer_store_passes_the_meta_store_suite() {
    let dir = tempfile::tempdir().expect("tempdir");
    let node = crate::node::tests::single_node(dir.path(), 2).await;
    let (addr, server) = serve(&node).await;
    // The first peer is down: the store goes on to the next.
    let peer = robustmq_meta_client::PeerMeta::new(vec![
        "http://127.0.0.1:1".to_owned(),
        format!("http://{addr}"),
    ]);
    robustmq_meta_client::suite::run(&peer).await;
    server.abort();
    node.shutdown().await;
}
