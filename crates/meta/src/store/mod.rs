//! RocksDB storage of the Raft groups: one database per node, and for each group one column
//! family for its log and vote (`<group>/log`) and one for its state machine (`<group>/sm`).

// openraft's storage traits fix `StorageError` (over 200 bytes) as the error type of every
// storage call, so the helpers here return it too rather than boxing and unboxing it.
#[allow(clippy::result_large_err)]
mod log;
#[allow(clippy::result_large_err)]
mod state_machine;

use std::path::Path;
use std::sync::Arc;

pub use self::log::LogStore;
pub use self::state_machine::{Page, ReadPage, StateMachineStore};
use rocksdb::{ColumnFamilyDescriptor, DB, Options};

/// Column family of a group's log.
pub(crate) fn log_cf(group: &str) -> String {
    format!("{group}/log")
}

/// Column family of a group's state machine.
pub(crate) fn sm_cf(group: &str) -> String {
    format!("{group}/sm")
}

/// Opens (or creates) the meta database at `path` with the column families of `groups`.
///
/// # Errors
/// RocksDB's error, if the database cannot be opened.
pub fn open_db(path: &Path, groups: &[String]) -> Result<Arc<DB>, rocksdb::Error> {
    let mut opts = Options::default();
    opts.create_if_missing(true);
    opts.create_missing_column_families(true);
    let mut cfs: Vec<ColumnFamilyDescriptor> = groups
        .iter()
        .flat_map(|g| [log_cf(g), sm_cf(g)])
        .map(|name| ColumnFamilyDescriptor::new(name, Options::default()))
        .collect();
    // Column families of groups that a previous config had must be opened too.
    if let Ok(existing) = DB::list_cf(&opts, path) {
        for name in existing {
            if name != "default" && !cfs.iter().any(|c| c.name() == name) {
                cfs.push(ColumnFamilyDescriptor::new(name, Options::default()));
            }
        }
    }
    Ok(Arc::new(DB::open_cf_descriptors(&opts, path, cfs)?))
}
