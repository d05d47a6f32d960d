//! The Raft log and vote of one group, in its `<group>/log` column family.
//!
//! Keys: `l` + index (u64 BE) for entries, so RocksDB order is log order; `v` for the vote; `p`
//! for the last purged log id; `c` for the committed log id. Every write is synced before it
//! returns, so openraft is told an append is flushed only once it is on disk.

use std::fmt::Debug;
use std::ops::{Bound, RangeBounds};
use std::sync::Arc;

use openraft::storage::{LogFlushed, RaftLogStorage};
use openraft::{LogId, LogState, RaftLogReader, StorageError, StorageIOError, Vote};
use rocksdb::{DB, WriteBatch, WriteOptions};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::types::{Entry, NodeId, TypeConfig};

const VOTE: &[u8] = b"v";
const PURGED: &[u8] = b"p";
const COMMITTED: &[u8] = b"c";

fn entry_key(index: u64) -> [u8; 9] {
    let mut key = [0; 9];
    key[0] = b'l';
    key[1..].copy_from_slice(&index.to_be_bytes());
    key
}

fn index_of(key: &[u8]) -> Option<u64> {
    (key.len() == 9 && key[0] == b'l').then(|| {
        let mut b = [0; 8];
        b.copy_from_slice(&key[1..]);
        u64::from_be_bytes(b)
    })
}

fn synced() -> WriteOptions {
    let mut opts = WriteOptions::default();
    opts.set_sync(true);
    opts
}

/// The log store of one group. Cloning is shallow; clones serve as log readers.
#[derive(Clone)]
pub struct LogStore {
    db: Arc<DB>,
    cf: String,
}

fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, StorageError<NodeId>> {
    bincode::serialize(value).map_err(|e| StorageIOError::write_logs(&e).into())
}

fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, StorageError<NodeId>> {
    bincode::deserialize(bytes).map_err(|e| StorageIOError::read_logs(&e).into())
}

impl LogStore {
    /// The log of `group` in `db`, whose column families [`super::open_db`] created.
    pub fn new(db: Arc<DB>, group: &str) -> Self {
        Self {
            db,
            cf: super::log_cf(group),
        }
    }

    fn cf(&self) -> Result<&rocksdb::ColumnFamily, StorageError<NodeId>> {
        self.db.cf_handle(&self.cf).ok_or_else(|| {
            StorageIOError::read_logs(openraft::AnyError::error(format!(
                "column family {} is missing",
                self.cf
            )))
            .into()
        })
    }

    fn get_meta<T: DeserializeOwned>(&self, key: &[u8]) -> Result<Option<T>, StorageError<NodeId>> {
        let value = self
            .db
            .get_cf(self.cf()?, key)
            .map_err(|e| StorageIOError::read_logs(&e))?;
        value.map(|v| decode(&v)).transpose()
    }

    fn put_meta<T: Serialize>(&self, key: &[u8], value: &T) -> Result<(), StorageError<NodeId>> {
        self.db
            .put_cf_opt(self.cf()?, key, encode(value)?, &synced())
            .map_err(|e| StorageIOError::write_logs(&e).into())
    }

    /// The index openraft last recorded as committed (saved with `save_committed`), if any.
    ///
    /// # Errors
    /// Storage errors.
    pub fn committed_index(&self) -> Result<Option<u64>, StorageError<NodeId>> {
        Ok(self
            .get_meta::<Option<LogId<NodeId>>>(COMMITTED)?
            .flatten()
            .map(|l| l.index))
    }

    fn last_entry_id(&self) -> Result<Option<LogId<NodeId>>, StorageError<NodeId>> {
        let mut it = self.db.raw_iterator_cf(self.cf()?);
        it.seek_for_prev(entry_key(u64::MAX));
        match (it.key(), it.value()) {
            (Some(key), Some(value)) if index_of(key).is_some() => {
                let entry: Entry = decode(value)?;
                Ok(Some(entry.log_id))
            }
            _ => {
                it.status().map_err(|e| StorageIOError::read_logs(&e))?;
                Ok(None)
            }
        }
    }
}

impl RaftLogReader<TypeConfig> for LogStore {
    async fn try_get_log_entries<RB: RangeBounds<u64> + Clone + Debug + Send>(
        &mut self,
        range: RB,
    ) -> Result<Vec<Entry>, StorageError<NodeId>> {
        let start = match range.start_bound() {
            Bound::Included(&s) => s,
            Bound::Excluded(&s) => s.saturating_add(1),
            Bound::Unbounded => 0,
        };
        let mut it = self.db.raw_iterator_cf(self.cf()?);
        it.seek(entry_key(start));
        let mut out = Vec::new();
        while let (Some(key), Some(value)) = (it.key(), it.value()) {
            let Some(index) = index_of(key) else { break };
            if !range.contains(&index) {
                break;
            }
            out.push(decode(value)?);
            it.next();
        }
        it.status().map_err(|e| StorageIOError::read_logs(&e))?;
        Ok(out)
    }
}

impl RaftLogStorage<TypeConfig> for LogStore {
    type LogReader = Self;

    async fn get_log_state(&mut self) -> Result<LogState<TypeConfig>, StorageError<NodeId>> {
        let last_purged_log_id: Option<LogId<NodeId>> = self.get_meta(PURGED)?;
        let last_log_id = self.last_entry_id()?.or(last_purged_log_id);
        Ok(LogState {
            last_purged_log_id,
            last_log_id,
        })
    }

    async fn get_log_reader(&mut self) -> Self::LogReader {
        self.clone()
    }

    async fn save_vote(&mut self, vote: &Vote<NodeId>) -> Result<(), StorageError<NodeId>> {
        let bytes = bincode::serialize(vote).map_err(|e| StorageIOError::write_vote(&e))?;
        self.db
            .put_cf_opt(self.cf()?, VOTE, bytes, &synced())
            .map_err(|e| StorageIOError::write_vote(&e).into())
    }

    async fn read_vote(&mut self) -> Result<Option<Vote<NodeId>>, StorageError<NodeId>> {
        self.get_meta(VOTE)
    }

    async fn save_committed(
        &mut self,
        committed: Option<LogId<NodeId>>,
    ) -> Result<(), StorageError<NodeId>> {
        self.put_meta(COMMITTED, &committed)
    }

    async fn read_committed(&mut self) -> Result<Option<LogId<NodeId>>, StorageError<NodeId>> {
        Ok(self.get_meta::<Option<LogId<NodeId>>>(COMMITTED)?.flatten())
    }

    async fn append<I>(
        &mut self,
        entries: I,
        callback: LogFlushed<TypeConfig>,
    ) -> Result<(), StorageError<NodeId>>
    where
        I: IntoIterator<Item = Entry> + Send,
        I::IntoIter: Send,
    {
        let cf = self.cf()?;
        let mut batch = WriteBatch::default();
        for entry in entries {
            batch.put_cf(cf, entry_key(entry.log_id.index), encode(&entry)?);
        }
        let result = self.db.write_opt(batch, &synced());
        let io = result
            .as_ref()
            .map(|_| ())
            .map_err(|e| std::io::Error::other(e.to_string()));
        callback.log_io_completed(io);
        result.map_err(|e| StorageIOError::write_logs(&e).into())
    }

    async fn truncate(&mut self, log_id: LogId<NodeId>) -> Result<(), StorageError<NodeId>> {
        self.db
            .delete_range_cf_opt(
                self.cf()?,
                entry_key(log_id.index),
                entry_key(u64::MAX),
                &synced(),
            )
            .map_err(|e| StorageIOError::write_logs(&e))?;
        // delete_range excludes its end key.
        self.db
            .delete_cf_opt(self.cf()?, entry_key(u64::MAX), &synced())
            .map_err(|e| StorageIOError::write_logs(&e).into())
    }

    async fn purge(&mut self, log_id: LogId<NodeId>) -> Result<(), StorageError<NodeId>> {
        // The purge point first: a crash between the two writes leaves extra entries, never a
        // purge point that claims entries exist.
        self.put_meta(PURGED, &log_id)?;
        self.db
            .delete_range_cf_opt(
                self.cf()?,
                entry_key(0),
                entry_key(log_id.index.saturating_add(1)),
                &synced(),
            )
            .map_err(|e| StorageIOError::write_logs(&e).into())
    }
}
