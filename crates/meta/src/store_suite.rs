//! openraft's storage test suite against the RocksDB log store and state machine.

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
