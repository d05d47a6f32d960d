//! The state machine of one group: a key-value map in its `<group>/sm` column family, with
//! snapshots written to and installed from files, streaming, never as one blob in memory.
//!
//! Keys: `d` + user key for data; `m` + name for the state machine's own records
//! (`applied`, `membership`, `snapshot`, `installing`). Applying a batch of entries is one RocksDB
//! write batch that carries the data and `applied` together, so a restart never sees data without
//! the log position that produced it.
//!
//! A snapshot file is a sequence of `(u32 key length, key, u32 value length, value)` records of
//! the data keys, read from a RocksDB snapshot so that applies can continue while it is written.
//! Installing one streams the file into write batches of [`INSTALL_BATCH_BYTES`]; an `installing`
//! marker makes a crash in the middle redo the install from the kept file on the next open.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use openraft::storage::RaftStateMachine;
use openraft::{
    EntryPayload, LogId, RaftSnapshotBuilder, Snapshot, SnapshotMeta, StorageError, StorageIOError,
    StoredMembership,
};
use rocksdb::{DB, ReadOptions, WriteBatch, WriteOptions};
use serde::Serialize;
use serde::de::DeserializeOwned;

use robustmq_meta_client::command::{KvState, apply};
use robustmq_meta_client::watch::WatchEvent;

use crate::types::{CommandResult, Entry, NodeId, TypeConfig};

type Membership = StoredMembership<NodeId, openraft::BasicNode>;
type Meta = SnapshotMeta<NodeId, openraft::BasicNode>;

const APPLIED: &[u8] = b"mapplied";
const MEMBERSHIP: &[u8] = b"mmembership";
const SNAPSHOT: &[u8] = b"msnapshot";
const INSTALLING: &[u8] = b"minstalling";

/// Install writes batches of about this size.
pub const INSTALL_BATCH_BYTES: usize = 1 << 20;

/// Largest key or value a snapshot record may declare; a longer one means a corrupt or hostile
/// file, refused before any allocation.
pub const MAX_RECORD_BYTES: usize = 64 << 20;

fn data_key(key: &str) -> Vec<u8> {
    let mut k = Vec::with_capacity(key.len() + 1);
    k.push(b'd');
    k.extend_from_slice(key.as_bytes());
    k
}

fn io_err(e: impl ToString) -> StorageError<NodeId> {
    StorageIOError::write_state_machine(openraft::AnyError::error(e.to_string())).into()
}

fn read_err(e: impl ToString) -> StorageError<NodeId> {
    StorageIOError::read_state_machine(openraft::AnyError::error(e.to_string())).into()
}

fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, StorageError<NodeId>> {
    bincode::serialize(value).map_err(io_err)
}

fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, StorageError<NodeId>> {
    bincode::deserialize(bytes).map_err(read_err)
}

/// One page of a read: its entries in key order, and whether keys under the prefix follow it.
pub type ReadPage = (Vec<(String, Vec<u8>)>, bool);

/// Which part of a prefix read one call returns: keys after `after` (all when empty), at most
/// `limit` of them and `max_bytes` of keys and values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The last key of the previous page, or empty for the first.
    pub after: String,
    /// Most entries.
    pub limit: usize,
    /// Most key and value bytes in the page (it holds at least one entry).
    pub max_bytes: usize,
}

impl Page {
    /// Everything, in one page: for this node's own reads, which need no bound.
    pub fn all() -> Page {
        Page {
            after: String::new(),
            limit: usize::MAX,
            max_bytes: usize::MAX,
        }
    }

    /// A page a remote caller may read: `limit` entries (0 for as many as allowed) after
    /// `after`, within the service's caps.
    pub fn bounded(after: String, limit: usize) -> Page {
        use robustmq_meta_client::remote::{MAX_READ_BYTES, MAX_READ_ENTRIES};
        Page {
            after,
            limit: if limit == 0 {
                MAX_READ_ENTRIES
            } else {
                limit.min(MAX_READ_ENTRIES)
            },
            max_bytes: MAX_READ_BYTES,
        }
    }
}

/// The state machine of one group. Cloning is shallow; clones serve as snapshot builders.
#[derive(Clone)]
pub struct StateMachineStore {
    db: Arc<DB>,
    cf: String,
    snapshot_dir: PathBuf,
    /// Held while a snapshot is built or installed: openraft runs the builder concurrently with
    /// the state machine, and neither may see the other's half-done work or delete its files.
    snapshot_lock: Arc<parking_lot::Mutex<()>>,
    /// The group's name, as watch events carry it.
    group: String,
    /// Where applied changes are announced; `None` for stores nobody watches (the storage
    /// suite).
    events: Option<tokio::sync::broadcast::Sender<WatchEvent>>,
}

impl StateMachineStore {
    /// The state machine of `group` in `db`, with snapshot files under `snapshot_dir`. Finishes an
    /// install that a crash interrupted.
    ///
    /// # Errors
    /// Storage errors while reading or repairing.
    pub fn open(
        db: Arc<DB>,
        group: &str,
        snapshot_dir: &Path,
    ) -> Result<Self, StorageError<NodeId>> {
        std::fs::create_dir_all(snapshot_dir).map_err(io_err)?;
        let store = Self {
            db,
            cf: super::sm_cf(group),
            snapshot_dir: snapshot_dir.to_owned(),
            snapshot_lock: Arc::new(parking_lot::Mutex::new(())),
            group: group.to_owned(),
            events: None,
        };
        if store.get::<bool>(INSTALLING)?.unwrap_or(false) {
            let meta: Option<Meta> = store.get(SNAPSHOT)?;
            if let Some(meta) = meta {
                Self::check_snapshot_id(&meta.snapshot_id)?;
                tracing::warn!(group, snapshot = %meta.snapshot_id, "finishing an interrupted snapshot install");
                let file = File::open(store.snapshot_path(&meta.snapshot_id)).map_err(read_err)?;
                store.load(&meta, file)?;
            }
        }
        Ok(store)
    }

    /// Announces every change this store applies on `events`, after it is written.
    pub fn with_events(mut self, events: tokio::sync::broadcast::Sender<WatchEvent>) -> Self {
        self.events = Some(events);
        self
    }

    fn announce(&self, events: Vec<WatchEvent>) {
        if let Some(tx) = &self.events {
            for event in events {
                // No receiver is not an error: nobody watches.
                let _ = tx.send(event);
            }
        }
    }

    fn cf(&self) -> Result<&rocksdb::ColumnFamily, StorageError<NodeId>> {
        self.db
            .cf_handle(&self.cf)
            .ok_or_else(|| read_err(format!("column family {} is missing", self.cf)))
    }

    fn get<T: DeserializeOwned>(&self, key: &[u8]) -> Result<Option<T>, StorageError<NodeId>> {
        let value = self.db.get_cf(self.cf()?, key).map_err(read_err)?;
        value.map(|v| decode(&v)).transpose()
    }

    fn snapshot_path(&self, id: &str) -> PathBuf {
        self.snapshot_dir.join(format!("{id}.snap"))
    }

    /// Snapshot ids come from peers; only the characters this node generates are accepted, so an
    /// id can never name a path outside the snapshot directory.
    fn check_snapshot_id(id: &str) -> Result<(), StorageError<NodeId>> {
        let ok = !id.is_empty()
            && id.len() <= 128
            && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if ok {
            Ok(())
        } else {
            Err(read_err(format!(
                "snapshot id `{id}` is not one this service generates"
            )))
        }
    }

    /// The value of `key`, from this node's copy of the state.
    ///
    /// # Errors
    /// Storage errors.
    pub fn read(&self, key: &str) -> Result<Option<Vec<u8>>, StorageError<NodeId>> {
        self.db.get_cf(self.cf()?, data_key(key)).map_err(read_err)
    }

    /// One page of the keys starting with `prefix`, in key order: those after `page.after`,
    /// at most `page.limit` of them, and no more key and value bytes than `page.max_bytes`
    /// (but always at least one entry, so that a page moves on). The flag says whether keys under
    /// `prefix` remain after the page.
    ///
    /// # Errors
    /// Storage errors.
    pub fn scan(&self, prefix: &str, page: &Page) -> Result<ReadPage, StorageError<NodeId>> {
        let under = data_key(prefix);
        let after = data_key(&page.after);
        let mut it = self.db.raw_iterator_cf(self.cf()?);
        it.seek(under.as_slice().max(after.as_slice()));
        let mut out = Vec::new();
        let mut bytes = 0usize;
        let mut more = false;
        while let (Some(key), Some(value)) = (it.key(), it.value()) {
            if !key.starts_with(&under) {
                break;
            }
            if !page.after.is_empty() && key == after.as_slice() {
                it.next();
                continue;
            }
            // The key without its one-byte `d` prefix, as the reply carries it.
            let size = (key.len() - 1).saturating_add(value.len());
            if out.len() >= page.limit
                || (!out.is_empty() && bytes.saturating_add(size) > page.max_bytes)
            {
                more = true;
                break;
            }
            bytes = bytes.saturating_add(size);
            out.push((
                String::from_utf8_lossy(&key[1..]).into_owned(),
                value.to_vec(),
            ));
            it.next();
        }
        it.status().map_err(read_err)?;
        Ok((out, more))
    }

    /// Replaces the whole state with the snapshot in `file` and records `meta` as applied.
    fn load(&self, meta: &Meta, file: File) -> Result<(), StorageError<NodeId>> {
        let cf = self.cf()?;
        let mut opts = WriteOptions::default();
        opts.set_sync(true);
        // The marker and the snapshot's identity go first, together: after a crash, open finds
        // them and redoes the whole install from the kept file.
        let mut start = WriteBatch::default();
        start.put_cf(cf, INSTALLING, encode(&true)?);
        start.put_cf(cf, SNAPSHOT, encode(meta)?);
        self.db.write_opt(start, &opts).map_err(io_err)?;
        self.db
            .delete_range_cf_opt(cf, b"d".as_slice(), b"e".as_slice(), &opts)
            .map_err(io_err)?;
        let mut reader = BufReader::new(file);
        let mut batch = WriteBatch::default();
        while let Some((key, value)) = read_record(&mut reader).map_err(read_err)? {
            batch.put_cf(cf, &key, &value);
            if batch.size_in_bytes() >= INSTALL_BATCH_BYTES {
                self.db.write(std::mem::take(&mut batch)).map_err(io_err)?;
            }
        }
        batch.put_cf(cf, APPLIED, encode(&meta.last_log_id)?);
        batch.put_cf(cf, MEMBERSHIP, encode(&meta.last_membership)?);
        batch.put_cf(cf, INSTALLING, encode(&false)?);
        self.db.write_opt(batch, &opts).map_err(io_err)
    }

    /// Makes a rename in the snapshot directory durable before older snapshots are deleted.
    fn sync_snapshot_dir(&self) -> Result<(), StorageError<NodeId>> {
        File::open(&self.snapshot_dir)
            .and_then(|d| d.sync_all())
            .map_err(io_err)
    }

    /// Deletes snapshot files other than `keep`.
    fn remove_other_snapshots(&self, keep: &str) {
        let Ok(entries) = std::fs::read_dir(&self.snapshot_dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name != format!("{keep}.snap") {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }

    fn open_snapshot(&self, meta: Meta) -> Result<Snapshot<TypeConfig>, StorageError<NodeId>> {
        let file = File::open(self.snapshot_path(&meta.snapshot_id)).map_err(read_err)?;
        Ok(Snapshot {
            meta,
            snapshot: Box::new(tokio::fs::File::from_std(file)),
        })
    }
}

fn write_record(out: &mut impl Write, key: &[u8], value: &[u8]) -> std::io::Result<()> {
    let too_long = || std::io::Error::other("record longer than 4 GiB");
    out.write_all(
        &u32::try_from(key.len())
            .map_err(|_| too_long())?
            .to_le_bytes(),
    )?;
    out.write_all(key)?;
    out.write_all(
        &u32::try_from(value.len())
            .map_err(|_| too_long())?
            .to_le_bytes(),
    )?;
    out.write_all(value)
}

fn read_record(input: &mut impl Read) -> std::io::Result<Option<(Vec<u8>, Vec<u8>)>> {
    let mut len = [0; 4];
    match input.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let key = read_exact_vec(input, u32::from_le_bytes(len) as usize)?;
    input.read_exact(&mut len)?;
    let value = read_exact_vec(input, u32::from_le_bytes(len) as usize)?;
    Ok(Some((key, value)))
}

fn read_exact_vec(input: &mut impl Read, len: usize) -> std::io::Result<Vec<u8>> {
    if len > MAX_RECORD_BYTES {
        return Err(std::io::Error::other(format!(
            "snapshot record of {len} bytes exceeds {MAX_RECORD_BYTES}"
        )));
    }
    let mut buf = vec![0; len];
    input.read_exact(&mut buf)?;
    Ok(buf)
}

impl RaftSnapshotBuilder<TypeConfig> for StateMachineStore {
    async fn build_snapshot(&mut self) -> Result<Snapshot<TypeConfig>, StorageError<NodeId>> {
        let this = self.clone();
        tokio::task::spawn_blocking(move || {
            let _building = this.snapshot_lock.lock();
            let cf = this.cf()?;
            let view = this.db.snapshot();
            let get = |key: &[u8]| view.get_cf(cf, key).map_err(read_err);
            let applied: Option<LogId<NodeId>> =
                get(APPLIED)?.map(|v| decode(&v)).transpose()?.flatten();
            let membership: Membership = get(MEMBERSHIP)?
                .map(|v| decode(&v))
                .transpose()?
                .unwrap_or_default();
            let snapshot_id = format!(
                "{}-{}-{}",
                applied.map_or(0, |l| l.leader_id.term),
                applied.map_or(0, |l| l.index),
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos())
            );
            let tmp = this.snapshot_dir.join(format!("{snapshot_id}.tmp"));
            let mut out = BufWriter::new(File::create(&tmp).map_err(io_err)?);
            let mut opts = ReadOptions::default();
            opts.set_iterate_upper_bound(b"e".to_vec());
            let mut it = view.raw_iterator_cf_opt(cf, opts);
            it.seek(b"d");
            while let (Some(key), Some(value)) = (it.key(), it.value()) {
                write_record(&mut out, key, value).map_err(io_err)?;
                it.next();
            }
            it.status().map_err(read_err)?;
            let file = out.into_inner().map_err(io_err)?;
            file.sync_all().map_err(io_err)?;
            std::fs::rename(&tmp, this.snapshot_path(&snapshot_id)).map_err(io_err)?;
            this.sync_snapshot_dir()?;
            let meta = Meta {
                last_log_id: applied,
                last_membership: membership,
                snapshot_id,
            };
            this.db
                .put_cf(cf, SNAPSHOT, encode(&meta)?)
                .map_err(io_err)?;
            this.remove_other_snapshots(&meta.snapshot_id);
            this.open_snapshot(meta)
        })
        .await
        .map_err(io_err)?
    }
}

/// The state machine's column family as [`robustmq_meta_client::command::apply`] sees it during
/// one `apply` call: writes go into `batch`, and reads see them first (`overlay`, and the
/// prefixes deleted so far), so that commands of one call, even of one Raft batch, see each
/// other. `batch` is written to RocksDB only once every command of the call is applied.
struct BatchState<'a> {
    db: &'a DB,
    cf: &'a rocksdb::ColumnFamily,
    batch: &'a mut WriteBatch,
    /// Keys written in this call: `Some` set, `None` deleted.
    overlay: HashMap<String, Option<()>>,
    /// Prefixes deleted in this call; a key under one that is not in `overlay` is gone.
    deleted_prefixes: Vec<String>,
}

impl KvState for BatchState<'_> {
    type Error = StorageError<NodeId>;

    fn contains(&mut self, key: &str) -> Result<bool, Self::Error> {
        if let Some(written) = self.overlay.get(key) {
            return Ok(written.is_some());
        }
        if self
            .deleted_prefixes
            .iter()
            .any(|p| key.starts_with(p.as_str()))
        {
            return Ok(false);
        }
        Ok(self
            .db
            .get_pinned_cf(self.cf, data_key(key))
            .map_err(read_err)?
            .is_some())
    }

    fn put(&mut self, key: String, value: Vec<u8>) -> Result<(), Self::Error> {
        self.batch.put_cf(self.cf, data_key(&key), value);
        self.overlay.insert(key, Some(()));
        Ok(())
    }

    fn delete(&mut self, key: &str) -> Result<(), Self::Error> {
        self.batch.delete_cf(self.cf, data_key(key));
        self.overlay.insert(key.to_owned(), None);
        Ok(())
    }

    fn delete_prefix(&mut self, prefix: &str) -> Result<(), Self::Error> {
        let start = data_key(prefix);
        let mut end = start.clone();
        // The smallest key greater than every key with this prefix.
        while end.last() == Some(&0xff) {
            end.pop();
        }
        if let Some(last) = end.last_mut() {
            *last += 1;
        }
        self.batch.delete_range_cf(self.cf, start, end);
        self.overlay.retain(|k, _| !k.starts_with(prefix));
        self.deleted_prefixes.push(prefix.to_owned());
        Ok(())
    }
}

impl RaftStateMachine<TypeConfig> for StateMachineStore {
    type SnapshotBuilder = Self;

    async fn applied_state(
        &mut self,
    ) -> Result<(Option<LogId<NodeId>>, Membership), StorageError<NodeId>> {
        let applied = self.get::<Option<LogId<NodeId>>>(APPLIED)?.flatten();
        let membership = self.get(MEMBERSHIP)?.unwrap_or_default();
        Ok((applied, membership))
    }

    async fn apply<I>(&mut self, entries: I) -> Result<Vec<CommandResult>, StorageError<NodeId>>
    where
        I: IntoIterator<Item = Entry> + Send,
        I::IntoIter: Send,
    {
        let cf = self.cf()?;
        let mut batch = WriteBatch::default();
        let mut results = Vec::new();
        let mut last = None;
        let mut events = Vec::new();
        let mut state = BatchState {
            db: &self.db,
            cf,
            batch: &mut batch,
            overlay: HashMap::new(),
            deleted_prefixes: Vec::new(),
        };
        for entry in entries {
            last = Some(entry.log_id);
            let result = match entry.payload {
                EntryPayload::Blank => CommandResult::Ok,
                EntryPayload::Membership(m) => {
                    state.batch.put_cf(
                        cf,
                        MEMBERSHIP,
                        encode(&Membership::new(Some(entry.log_id), m))?,
                    );
                    CommandResult::Ok
                }
                EntryPayload::Normal(command) => apply(
                    &mut state,
                    &self.group,
                    command,
                    self.events.is_some().then_some(&mut events),
                )?,
            };
            results.push(result);
        }
        if let Some(last) = last {
            state.batch.put_cf(cf, APPLIED, encode(&Some(last))?);
        }
        drop(state);
        self.db.write(batch).map_err(io_err)?;
        self.announce(events);
        Ok(results)
    }

    async fn get_snapshot_builder(&mut self) -> Self::SnapshotBuilder {
        self.clone()
    }

    async fn begin_receiving_snapshot(
        &mut self,
    ) -> Result<Box<tokio::fs::File>, StorageError<NodeId>> {
        let path = self.snapshot_dir.join(format!(
            "incoming-{}.tmp",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        ));
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(io_err)?;
        // Unlinked at once: the file lives while openraft holds it, and a crash leaves nothing.
        let _ = std::fs::remove_file(&path);
        Ok(Box::new(tokio::fs::File::from_std(file)))
    }

    async fn install_snapshot(
        &mut self,
        meta: &Meta,
        snapshot: Box<tokio::fs::File>,
    ) -> Result<(), StorageError<NodeId>> {
        Self::check_snapshot_id(&meta.snapshot_id)?;
        let this = self.clone();
        let meta = meta.clone();
        let mut received = snapshot.into_std().await;
        tokio::task::spawn_blocking(move || {
            let _installing = this.snapshot_lock.lock();
            // Keep a copy as this node's current snapshot, then load from it.
            use std::io::Seek;
            received
                .seek(std::io::SeekFrom::Start(0))
                .map_err(read_err)?;
            let tmp = this.snapshot_dir.join(format!("{}.tmp", meta.snapshot_id));
            let mut copy = File::create(&tmp).map_err(io_err)?;
            std::io::copy(&mut received, &mut copy).map_err(io_err)?;
            copy.sync_all().map_err(io_err)?;
            let path = this.snapshot_path(&meta.snapshot_id);
            std::fs::rename(&tmp, &path).map_err(io_err)?;
            this.sync_snapshot_dir()?;
            this.load(&meta, File::open(&path).map_err(read_err)?)?;
            this.remove_other_snapshots(&meta.snapshot_id);
            // The state was replaced wholesale: watchers reload rather than miss changes.
            this.announce(vec![WatchEvent::Reset]);
            Ok(())
        })
        .await
        .map_err(io_err)?
    }

    async fn get_current_snapshot(
        &mut self,
    ) -> Result<Option<Snapshot<TypeConfig>>, StorageError<NodeId>> {
        let meta: Option<Meta> = self.get(SNAPSHOT)?;
        match meta {
            Some(meta) if self.snapshot_path(&meta.snapshot_id).exists() => {
                self.open_snapshot(meta).map(Some)
            }
            _ => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store_with(keys: &[&str]) -> (tempfile::TempDir, StateMachineStore) {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = super::super::open_db(&dir.path().join("db"), &["g".to_owned()]).expect("db");
        let store = StateMachineStore::open(db, "g", &dir.path().join("snap")).expect("open");
        let cf = store.cf().expect("cf");
        for key in keys {
            store
                .db
                .put_cf(cf, data_key(key), key.as_bytes())
                .expect("put");
        }
        (dir, store)
    }

    fn page(after: &str, limit: usize, max_bytes: usize) -> Page {
        Page {
            after: after.to_owned(),
            limit,
            max_bytes,
        }
    }

    fn keys(found: &(Vec<(String, Vec<u8>)>, bool)) -> (Vec<&str>, bool) {
        (found.0.iter().map(|(k, _)| k.as_str()).collect(), found.1)
    }

    #[test]
    fn a_prefix_scan_pages_by_count_and_by_bytes_and_resumes_after_a_key() {
        let (_dir, store) = store_with(&["a", "p", "p/1", "p/2", "p/3", "pz"]);
        let scan = |after: &str, limit, bytes| store.scan("p/", &page(after, limit, bytes));
        assert_eq!(
            keys(&scan("", 2, usize::MAX).expect("scan")),
            (vec!["p/1", "p/2"], true)
        );
        assert_eq!(
            keys(&scan("p/2", 2, usize::MAX).expect("scan")),
            (vec!["p/3"], false),
            "after the last key of the page before, and nothing beyond the prefix"
        );
        assert_eq!(
            keys(&scan("", usize::MAX, 12).expect("scan")),
            (vec!["p/1", "p/2"], true),
            "keys and values of 6 bytes each: two fit in 12"
        );
        assert_eq!(
            keys(&scan("", usize::MAX, 11).expect("scan")),
            (vec!["p/1"], true),
            "ends before the byte cap would be crossed"
        );
        assert_eq!(
            keys(&scan("", usize::MAX, 0).expect("scan")),
            (vec!["p/1"], true),
            "a page holds at least one entry"
        );
        assert_eq!(
            keys(&scan("a", 10, usize::MAX).expect("scan")),
            (vec!["p/1", "p/2", "p/3"], false),
            "a key before the prefix starts at the prefix"
        );
        assert_eq!(
            keys(&scan("p/3", 10, usize::MAX).expect("scan")),
            (vec![], false)
        );
        assert_eq!(
            keys(&store.scan("p/", &Page::all()).expect("scan")),
            (vec!["p/1", "p/2", "p/3"], false)
        );
    }
}
