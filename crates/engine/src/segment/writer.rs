//! The segment writer pool: every write, roll, truncation and sync of every segment shard
//! happens on one of its threads.
//!
//! Each pool thread blocks for one command, then drains every command already queued (up to
//! [`MAX_GROUP_BYTES`]), stages all appends of that round per shard, and writes each shard's
//! staged frames with one `pwrite`. Under `batch` and `always` that write goes around the page
//! cache (see [`super::direct`]) and is only prepared here: whoever completes the round performs
//! it, just before the sync. The round completes by the shard's fsync policy:
//!
//! - `always`: the thread writes and syncs the files itself and then acknowledges the round. One
//!   fsync covers every append that queued up while the previous round ran.
//! - `batch`: the round goes to the thread's syncer, and the writer moves on to the next round
//!   while the syncer writes and syncs. The syncer drains all rounds that are waiting, performs
//!   their writes in order, syncs each file once and acknowledges them all, so one fsync covers all
//!   appends that arrived while the last one ran, and staging never waits for the disk.
//! - `never`: the round is written through the page cache and acknowledged at once.
//!
//! An append is acknowledged, and becomes readable, only when its round completes. A shard is
//! pinned to one pool thread, so its rounds complete in order and its high watermark only grows.

use std::fs::File;
use std::io::{BufWriter, Write as _};
use std::os::unix::fs::FileExt;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock, mpsc};
use std::thread::JoinHandle;
use std::time::{SystemTime, UNIX_EPOCH};

use parking_lot::Mutex;
use tokio::sync::oneshot;

use super::direct::{DeferredIo, DirectFile};
use super::{Indexer, Recovered, START_OFFSET_FILE, Segment, Shared, segment_path, write_atomic};
use crate::metrics::storage_label;
use crate::record::{Batch, check_batch, encode_frame_into};
use crate::shard::{FsyncPolicy, StorageType};
use crate::{EngineError, Result};

/// A round stops draining the queue once its appends hold this many bytes, so one huge burst
/// cannot delay the first acknowledgement without bound.
pub const MAX_GROUP_BYTES: usize = 8 << 20;

type Reply<T> = oneshot::Sender<Result<T>>;

/// An append waiting for its round to complete: where to answer, and its first and last offset.
type PendingAck = (Reply<(u64, u64)>, u64, u64);

/// What becomes visible when a round completes: a segment, its size, the offset after its last
/// record, and the shard's largest timestamp at that point.
type Visible = (Arc<Segment>, u64, u64, i64);

/// A segment closed during the round, and the files to sync before its data is acknowledged.
struct Rolled {
    visible: Visible,
    files: Vec<Arc<File>>,
}

/// What a shard asks its writer to do.
pub(crate) enum Op {
    /// Append a batch; reply with its first and last offset once durable.
    Append {
        batch: Batch,
        reply: Reply<(u64, u64)>,
    },
    /// Drop everything before an offset.
    Truncate { offset: u64, reply: Reply<()> },
    /// Apply time and size retention.
    Retention { now_ms: i64, reply: Reply<u64> },
    /// Flush and stop; with `delete`, remove the shard's files too.
    Close { delete: bool, reply: Reply<()> },
}

struct Command {
    writer: Arc<Mutex<ShardWriter>>,
    op: Op,
}

/// One round's completion for one shard: file work, files to sync, then what becomes visible.
struct Completion {
    shared: Arc<Shared>,
    /// Direct writes and trims the round prepared, performed in order before the sync.
    io: Vec<DeferredIo>,
    files: Vec<Arc<File>>,
    publish: Vec<Visible>,
    high_watermark: u64,
    replies: Vec<PendingAck>,
    records: u64,
    bytes: u64,
}

impl Completion {
    /// Makes the round readable and acknowledges it, unless the shard has failed since the round
    /// was staged: after an earlier round's failed write or fsync, this round's data may sit
    /// behind a hole (and Linux reports a writeback error to one fsync only), so the high
    /// watermark never moves again after a failure.
    fn publish(self) {
        if self.shared.failure.lock().is_some() {
            for (reply, _, _) in self.replies {
                let _ = reply.send(Err(failed(&self.shared)));
            }
            return;
        }
        for (segment, size, next, max_ts) in &self.publish {
            segment.visible_size.store(*size, Ordering::Release);
            segment.next_offset.store(*next, Ordering::Release);
            segment.max_ts_so_far.store(*max_ts, Ordering::Release);
        }
        {
            let mut state = self.shared.state.write();
            state.high_watermark = state.high_watermark.max(self.high_watermark);
        }
        let label = [storage_label(StorageType::EngineSegment)];
        let metrics = &self.shared.metrics;
        metrics
            .appended_records
            .with_label_values(&label)
            .inc_by(self.records);
        metrics
            .appended_bytes
            .with_label_values(&label)
            .inc_by(self.bytes);
        for (reply, first, last) in self.replies {
            let _ = reply.send(Ok((first, last)));
        }
    }

    fn fail(self, reason: String) {
        let _ = record_failure(&self.shared, reason);
        for (reply, _, _) in self.replies {
            let _ = reply.send(Err(failed(&self.shared)));
        }
    }
}

/// The error every operation gets once the shard has failed.
fn failed(shared: &Shared) -> EngineError {
    EngineError::Failed {
        shard: shared.name.clone(),
        reason: shared.failure.lock().clone().unwrap_or_default(),
    }
}

fn record_failure(shared: &Shared, reason: String) -> EngineError {
    tracing::error!(shard = %shared.name, %reason, "segment shard failed; it refuses writes from now on");
    let mut failure = shared.failure.lock();
    let reason = failure.get_or_insert(reason).clone();
    EngineError::Failed {
        shard: shared.name.clone(),
        reason,
    }
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The write side of one shard: the active segment's file position, its index writers and the
/// appends staged in the current round. Only pool threads lock it.
pub(crate) struct ShardWriter {
    shared: Arc<Shared>,
    active: Arc<Segment>,
    /// How the active segment is written when the fsync policy syncs: around the page cache (see
    /// [`super::direct`]). `None` writes through the page cache, under `fsync = never` or when the
    /// filesystem refuses direct I/O.
    direct: Option<DirectFile>,
    /// Direct writes and trims prepared this round, for its completion to perform.
    deferred: Vec<DeferredIo>,
    index_out: BufWriter<File>,
    time_out: BufWriter<File>,
    indexer: Indexer,
    /// The active segment's length of data once every prepared write is done. The file itself
    /// may be shorter until then, or longer by the zero padding of the last direct write.
    written: u64,
    /// The frames of this round, when they go through the page cache; a direct file stages them
    /// in its own buffer.
    staged: Vec<u8>,
    opened_ms: i64,
    next_offset: u64,
    max_ts_so_far: i64,
    replies: Vec<PendingAck>,
    records: u64,
    round_bytes: u64,
    rolled: Vec<Rolled>,
    closed: bool,
}

/// Opens the active segment for direct writes when the policy syncs and the filesystem allows it.
fn open_direct(
    segment: &Segment,
    policy: FsyncPolicy,
    written: u64,
) -> std::io::Result<Option<DirectFile>> {
    if policy == FsyncPolicy::Never {
        return Ok(None);
    }
    DirectFile::open(&segment.path("log"), &segment.file, written)
}

fn open_append(path: PathBuf) -> Result<BufWriter<File>> {
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .map_err(EngineError::io("cannot open index", path))?;
    Ok(BufWriter::new(file))
}

impl ShardWriter {
    pub(crate) fn new(shared: Arc<Shared>, recovered: Recovered) -> Result<Self> {
        let Some(active) = recovered.segments.last().cloned() else {
            return Err(EngineError::InvalidConfig(
                "a shard needs an active segment".to_owned(),
            ));
        };
        let direct = open_direct(&active, shared.config.fsync, recovered.active_size).map_err(
            EngineError::io("cannot open segment for direct writes", active.path("log")),
        )?;
        Ok(Self {
            direct,
            deferred: Vec::new(),
            index_out: open_append(active.path("index"))?,
            time_out: open_append(active.path("timeindex"))?,
            indexer: recovered.indexer,
            written: recovered.active_size,
            staged: Vec::new(),
            opened_ms: now_ms(),
            next_offset: recovered.next_offset,
            max_ts_so_far: recovered.max_ts_so_far,
            replies: Vec::new(),
            records: 0,
            round_bytes: 0,
            rolled: Vec::new(),
            closed: false,
            active,
            shared,
        })
    }

    fn policy(&self) -> FsyncPolicy {
        self.shared.config.fsync
    }

    fn usable(&self) -> Result<()> {
        if self.closed {
            return Err(EngineError::Closed(self.shared.name.clone()));
        }
        if let Some(reason) = self.shared.failure.lock().clone() {
            return Err(EngineError::Failed {
                shard: self.shared.name.clone(),
                reason,
            });
        }
        Ok(())
    }

    /// Adds an append to this round. Returns whether the round had nothing staged before.
    fn stage(&mut self, batch: Batch, reply: Reply<(u64, u64)>) -> bool {
        let first_in_round = self.replies.is_empty() && self.rolled.is_empty();
        if let Err(e) = self
            .usable()
            .and_then(|()| check_batch(&batch, self.shared.config.max_batch_bytes as usize))
        {
            let _ = reply.send(Err(e));
            return false;
        }
        let frame_len = batch.frame_len() as u64;
        let size = self.written + self.staged_len();
        let too_old = now_ms().saturating_sub(self.opened_ms)
            >= i64::try_from(self.shared.config.segment_ms).unwrap_or(i64::MAX);
        if size > 0
            && (size + frame_len > self.shared.config.segment_bytes || too_old)
            && let Err(e) = self.roll()
        {
            let error = record_failure(&self.shared, e.to_string());
            let _ = reply.send(Err(error));
            return false;
        }
        let position = self.written + self.staged_len();
        let base_offset = self.next_offset;
        let count = batch.record_count();
        self.max_ts_so_far = self.max_ts_so_far.max(batch.max_timestamp());
        let header = match &mut self.direct {
            Some(direct) => direct.encode(base_offset, &batch, self.max_ts_so_far),
            None => encode_frame_into(base_offset, &batch, self.max_ts_so_far, &mut self.staged),
        };
        if let Some((index, time)) = self.indexer.on_frame(
            &self.active.index,
            self.active.base_offset,
            &header,
            position,
        ) {
            // Index files are hints that recovery rebuilds, so a failed write here only logs.
            let written = self.index_out.write_all(&index).and_then(|()| match time {
                Some(time) => self.time_out.write_all(&time),
                None => Ok(()),
            });
            if let Err(e) = written {
                tracing::warn!(shard = %self.shared.name, error = %e, "index write failed; recovery will rebuild it");
            }
        }
        self.next_offset += count;
        self.shared
            .latest
            .store(self.next_offset, Ordering::Release);
        self.records += count;
        self.replies
            .push((reply, base_offset, base_offset + count - 1));
        first_in_round
    }

    /// Writes the staged frames to the active segment, or, writing directly, prepares the write
    /// for the round's completion.
    fn flush_staged(&mut self) -> std::io::Result<()> {
        let staged = self.staged_len();
        if staged == 0 {
            return Ok(());
        }
        match &mut self.direct {
            Some(direct) => self.deferred.push(direct.prepare(self.written)),
            None => {
                self.active.file.write_all_at(&self.staged, self.written)?;
                self.staged.clear();
            }
        }
        self.written += staged;
        Ok(())
    }

    /// Bytes of frames staged this round, not yet handed to the file.
    fn staged_len(&self) -> u64 {
        match &self.direct {
            Some(direct) => direct.staged() as u64,
            None => self.staged.len() as u64,
        }
    }

    /// Has the round's completion cut the zero padding of direct writes off the active segment,
    /// so a closed segment ends with its last frame.
    fn trim_padding(&mut self) {
        if self.direct.is_some() {
            self.deferred.push(DeferredIo::Trim {
                file: Arc::clone(&self.active.file),
                len: self.written,
            });
        }
    }

    /// Closes the active segment and opens a new one at the next offset.
    fn roll(&mut self) -> std::io::Result<()> {
        self.flush_staged()?;
        self.trim_padding();
        self.index_out.flush()?;
        self.time_out.flush()?;
        let sync_files = if self.policy() == FsyncPolicy::Never {
            Vec::new()
        } else {
            vec![
                Arc::clone(&self.active.file),
                Arc::new(self.index_out.get_ref().try_clone()?),
                Arc::new(self.time_out.get_ref().try_clone()?),
            ]
        };
        self.rolled.push(Rolled {
            visible: (
                Arc::clone(&self.active),
                self.written,
                self.next_offset,
                self.max_ts_so_far,
            ),
            files: sync_files,
        });
        let dir = &self.shared.dir;
        let base = self.next_offset;
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(segment_path(dir, base, "log"))?;
        let segment = Arc::new(Segment {
            base_offset: base,
            dir: dir.clone(),
            file: Arc::new(file),
            index: super::index::SegmentIndex::default(),
            visible_size: std::sync::atomic::AtomicU64::new(0),
            next_offset: std::sync::atomic::AtomicU64::new(base),
            max_ts_so_far: std::sync::atomic::AtomicI64::new(self.max_ts_so_far),
        });
        let direct = match self.direct {
            Some(_) => open_direct(&segment, self.policy(), 0)?,
            None => None,
        };
        self.index_out = open_append(segment.path("index")).map_err(std::io::Error::other)?;
        self.time_out = open_append(segment.path("timeindex")).map_err(std::io::Error::other)?;
        self.shared.sync_dir()?;
        self.shared
            .state
            .write()
            .segments
            .push(Arc::clone(&segment));
        self.active = segment;
        self.direct = direct;
        self.written = 0;
        self.indexer = Indexer::new(
            u64::from(self.shared.config.index_interval_bytes),
            self.max_ts_so_far,
        );
        self.opened_ms = now_ms();
        Ok(())
    }

    /// Hands the round's frames to the file (written through the page cache, or prepared for a
    /// direct write) and says how to complete the round; `None` if nothing was staged.
    fn finish_round(&mut self) -> Option<Completion> {
        if self.replies.is_empty() && self.rolled.is_empty() {
            return None;
        }
        let bytes = std::mem::take(&mut self.round_bytes);
        let mut completion = Completion {
            shared: Arc::clone(&self.shared),
            io: Vec::new(),
            files: Vec::new(),
            publish: Vec::new(),
            high_watermark: self.next_offset,
            replies: std::mem::take(&mut self.replies),
            records: std::mem::take(&mut self.records),
            bytes,
        };
        for rolled in self.rolled.drain(..) {
            completion.files.extend(rolled.files);
            completion.publish.push(rolled.visible);
        }
        let flushed = self.flush_staged();
        completion.io = std::mem::take(&mut self.deferred);
        if let Err(e) = flushed {
            completion.fail(format!(
                "write to {} failed: {e}",
                self.active.path("log").display()
            ));
            return None;
        }
        if self.policy() != FsyncPolicy::Never {
            completion.files.push(Arc::clone(&self.active.file));
        }
        completion.publish.push((
            Arc::clone(&self.active),
            self.written,
            self.next_offset,
            self.max_ts_so_far,
        ));
        Some(completion)
    }

    /// Runs a control operation. The caller has completed every staged round first.
    fn control(&mut self, op: Op) {
        match op {
            Op::Append { batch, reply } => {
                self.stage(batch, reply);
            }
            Op::Truncate { offset, reply } => {
                let _ = reply.send(self.usable().and_then(|()| self.truncate(offset)));
            }
            Op::Retention { now_ms, reply } => {
                let _ = reply.send(self.usable().and_then(|()| self.retention(now_ms)));
            }
            Op::Close { delete, reply } => {
                let _ = reply.send(self.close(delete));
            }
        }
    }

    /// Removes the oldest segments while `expired` says so, never the active one. Returns the
    /// records dropped.
    fn drop_oldest(&mut self, mut expired: impl FnMut(&Segment, u64) -> bool) -> u64 {
        let removed: Vec<Arc<Segment>> = {
            let mut state = self.shared.state.write();
            let mut total: u64 = state.segments.iter().map(|s| s.visible()).sum();
            let mut n = 0;
            while n + 1 < state.segments.len() && expired(&state.segments[n], total) {
                total -= state.segments[n].visible();
                n += 1;
            }
            let removed: Vec<_> = state.segments.drain(..n).collect();
            if let Some(first) = state.segments.first() {
                state.start_offset = state.start_offset.max(first.base_offset);
            }
            removed
        };
        let mut records = 0;
        for segment in removed {
            records += segment.next_offset.load(Ordering::Acquire) - segment.base_offset;
            segment.remove_files();
        }
        records
    }

    fn truncate(&mut self, offset: u64) -> Result<()> {
        let (high_watermark, earliest) = {
            let state = self.shared.state.read();
            (state.high_watermark, state.earliest())
        };
        if offset > high_watermark {
            return Err(EngineError::OffsetOutOfRange {
                requested: offset,
                earliest,
                high_watermark,
            });
        }
        if offset <= earliest {
            return Ok(());
        }
        write_atomic(
            &self.shared.dir,
            START_OFFSET_FILE,
            format!("{offset}\n").as_bytes(),
        )?;
        if offset >= self.next_offset && self.written > 0 {
            self.roll_now()?;
        }
        self.shared.state.write().start_offset = offset;
        self.drop_oldest(|segment, _| segment.next_offset.load(Ordering::Acquire) <= offset);
        Ok(())
    }

    fn retention(&mut self, now_ms: i64) -> Result<u64> {
        let config = &self.shared.config;
        let cutoff = config
            .retention_ms
            .map(|ms| now_ms.saturating_sub(i64::try_from(ms).unwrap_or(i64::MAX)));
        let max_bytes = config.retention_bytes;
        if cutoff.is_none() && max_bytes.is_none() {
            return Ok(0);
        }
        // An expired active segment rolls first, so that it can go too.
        if let Some(cutoff) = cutoff
            && self.written > 0
            && self.max_ts_so_far < cutoff
        {
            self.roll_now()?;
        }
        Ok(self.drop_oldest(|segment, total| {
            let old = cutoff.is_some_and(|c| segment.max_ts_so_far.load(Ordering::Acquire) < c);
            let big = max_bytes.is_some_and(|max| total > max);
            old || big
        }))
    }

    /// Rolls outside an append round, syncing and publishing at once.
    fn roll_now(&mut self) -> Result<()> {
        self.roll()
            .map_err(|e| record_failure(&self.shared, format!("roll failed: {e}")))?;
        if let Some(completion) = self.finish_round() {
            sync_and_publish(vec![completion], &mut LaneHelpers::default());
        }
        self.usable()
    }

    fn close(&mut self, delete: bool) -> Result<()> {
        if self.closed {
            return Ok(());
        }
        self.closed = true;
        let flushed = self.index_out.flush().and_then(|()| self.time_out.flush());
        if delete {
            self.shared.state.write().closed = true;
            let dir = &self.shared.dir;
            return std::fs::remove_dir_all(dir).map_err(EngineError::io(
                "cannot delete shard directory",
                dir.clone(),
            ));
        }
        self.shared.state.write().closed = true;
        let synced = flushed.and_then(|()| {
            if self.policy() == FsyncPolicy::Never {
                return Ok(());
            }
            self.index_out.get_ref().sync_data()?;
            self.time_out.get_ref().sync_data()
        });
        synced.map_err(EngineError::io(
            "cannot flush index",
            self.active.path("index"),
        ))?;
        debug_assert!(
            self.deferred.is_empty(),
            "every round completes before a control operation runs"
        );
        // A failed shard keeps its file as it is: its data may end before `written`.
        match self.direct {
            Some(_) if self.shared.failure.lock().is_none() => self
                .active
                .file
                .set_len(self.written)
                .and_then(|()| self.active.file.sync_all()),
            _ => Ok(()),
        }
        .map_err(EngineError::io(
            "cannot trim segment",
            self.active.path("log"),
        ))
    }
}

/// The pool of writer threads (each with a syncer) shared by every segment shard of an engine.
/// Cloning is shallow. The threads stop once the last clone and every shard using them are gone.
#[derive(Clone)]
pub struct SegmentIo {
    senders: Arc<Vec<mpsc::Sender<Command>>>,
    next: Arc<AtomicUsize>,
    _threads: Arc<ThreadGuard>,
}

struct ThreadGuard(Mutex<Vec<JoinHandle<()>>>);

impl Drop for ThreadGuard {
    fn drop(&mut self) {
        // The senders are dropped before this guard (field order), so the threads drain and exit.
        for handle in self.0.get_mut().drain(..) {
            let _ = handle.join();
        }
    }
}

/// What the writer hands its syncer.
enum SyncJob {
    /// A round to sync and acknowledge.
    Round(Completion),
    /// Signalled once every round queued before it is acknowledged.
    Barrier(mpsc::Sender<()>),
}

impl SegmentIo {
    /// Starts `threads` writer threads (at least one), each with its syncer.
    ///
    /// # Errors
    /// If the OS refuses to start a thread.
    pub fn new(threads: usize) -> std::io::Result<Self> {
        let mut senders = Vec::new();
        let mut handles = Vec::new();
        for i in 0..threads.max(1) {
            let (tx, rx) = mpsc::channel::<Command>();
            let (sync_tx, sync_rx) = mpsc::channel::<SyncJob>();
            handles.push(
                std::thread::Builder::new()
                    .name(format!("segment-sync-{i}"))
                    .spawn(move || run_syncer(&sync_rx))?,
            );
            handles.push(
                std::thread::Builder::new()
                    .name(format!("segment-writer-{i}"))
                    .spawn(move || run_writer(&rx, &sync_tx))?,
            );
            senders.push(tx);
        }
        Ok(Self {
            senders: Arc::new(senders),
            next: Arc::new(AtomicUsize::new(0)),
            _threads: Arc::new(ThreadGuard(Mutex::new(handles))),
        })
    }

    /// Queues an operation for a shard's writer. Every operation of one shard goes to the thread
    /// recorded in `pinned` on its first operation, so they run in order. `pinned` lives outside
    /// the writer's mutex, which pool threads hold during disk I/O.
    pub(crate) fn submit(
        &self,
        pinned: &OnceLock<usize>,
        writer: Arc<Mutex<ShardWriter>>,
        op: Op,
    ) -> Result<()> {
        let thread =
            *pinned.get_or_init(|| self.next.fetch_add(1, Ordering::Relaxed) % self.senders.len());
        self.senders[thread]
            .send(Command { writer, op })
            .map_err(|_| EngineError::Closed("segment writer pool".to_owned()))
    }
}

fn run_writer(rx: &mpsc::Receiver<Command>, syncer: &mpsc::Sender<SyncJob>) {
    let mut helpers = LaneHelpers::default();
    while let Ok(first) = rx.recv() {
        let mut round: Vec<Arc<Mutex<ShardWriter>>> = Vec::new();
        let mut bytes = 0;
        let mut next = Some(first);
        while let Some(Command { writer, op }) = next.take() {
            match op {
                Op::Append { batch, reply } => {
                    bytes += batch.frame_len();
                    if writer.lock().stage(batch, reply)
                        && !round.iter().any(|w| Arc::ptr_eq(w, &writer))
                    {
                        round.push(writer);
                    }
                }
                op => {
                    // A control operation sees every earlier append acknowledged.
                    complete(std::mem::take(&mut round), syncer, &mut helpers);
                    let (done_tx, done_rx) = mpsc::channel();
                    if syncer.send(SyncJob::Barrier(done_tx)).is_ok() {
                        let _ = done_rx.recv();
                    }
                    writer.lock().control(op);
                }
            }
            if bytes < MAX_GROUP_BYTES {
                next = rx.try_recv().ok();
            }
        }
        complete(round, syncer, &mut helpers);
    }
}

/// Hands every shard's staged frames to its file, then completes each round by its fsync policy.
fn complete(
    round: Vec<Arc<Mutex<ShardWriter>>>,
    syncer: &mpsc::Sender<SyncJob>,
    helpers: &mut LaneHelpers,
) {
    let mut inline = Vec::new();
    for writer in round {
        let mut w = writer.lock();
        let policy = w.policy();
        let Some(completion) = w.finish_round() else {
            continue;
        };
        drop(w);
        match policy {
            FsyncPolicy::Never => {
                debug_assert!(completion.io.is_empty(), "fsync never writes directly");
                completion.publish();
            }
            FsyncPolicy::Always => inline.push(completion),
            FsyncPolicy::Batch => {
                if let Err(mpsc::SendError(SyncJob::Round(completion))) =
                    syncer.send(SyncJob::Round(completion))
                {
                    completion.fail("the syncer thread is gone".to_owned());
                }
            }
        }
    }
    sync_and_publish(inline, helpers);
}

/// Performs the completions' deferred writes in order, syncs every file they name, each once,
/// then acknowledges them in order. A completion whose write or sync failed fails its shard
/// instead, and so do the later rounds of a failed shard.
///
/// Shards are independent, so each shard's writes and syncs form a lane of their own, and up to
/// [`SYNC_LANES`] lanes run at once (one on this thread, the others on `helpers`): a round that
/// spans several shards waits for about the slowest shard's disk work rather than for the sum of
/// them, and concurrent fsyncs on one filesystem share its journal commits.
fn sync_and_publish(mut completions: Vec<Completion>, helpers: &mut LaneHelpers) {
    let mut lanes: Vec<Lane> = Vec::new();
    for completion in &mut completions {
        let lane = match lanes
            .iter_mut()
            .position(|l| Arc::ptr_eq(&l.shared, &completion.shared))
        {
            Some(i) => &mut lanes[i],
            None => {
                lanes.push(Lane {
                    shared: Arc::clone(&completion.shared),
                    io: Vec::new(),
                    files: Vec::new(),
                });
                lanes.last_mut().expect("just pushed")
            }
        };
        lane.io.append(&mut completion.io);
        for file in &completion.files {
            if !lane.files.iter().any(|f| Arc::ptr_eq(f, file)) {
                lane.files.push(Arc::clone(file));
            }
        }
    }
    let synced: usize = lanes.iter().map(|l| l.files.len()).sum();
    let Some(broken) = helpers.run(lanes) else {
        for completion in completions {
            completion.fail("a sync helper thread died".to_owned());
        }
        return;
    };
    if let Some(first) = completions.first()
        && synced > 0
    {
        let label = [storage_label(StorageType::EngineSegment)];
        first
            .shared
            .metrics
            .syncs
            .with_label_values(&label)
            .inc_by(synced as u64);
    }
    for completion in completions {
        let error = broken
            .iter()
            .find(|(f, _)| completion.files.iter().any(|c| Arc::ptr_eq(c, f)));
        match error {
            Some((_, e)) => completion.fail(format!("fsync failed: {e}")),
            None => completion.publish(),
        }
    }
}

/// One shard's disk work in a sync: its rounds' deferred writes in order, then its files.
struct Lane {
    shared: Arc<Shared>,
    io: Vec<DeferredIo>,
    files: Vec<Arc<File>>,
}

impl Lane {
    /// Performs the writes (stopping at the shard's first failure, which it records), then syncs
    /// each file. Returns the files whose sync failed, with the error.
    fn run(self) -> Vec<(Arc<File>, String)> {
        for io in self.io {
            if self.shared.failure.lock().is_some() {
                break;
            }
            if let Err(e) = io.perform() {
                let _ = record_failure(&self.shared, format!("write failed: {e}"));
            }
        }
        self.files
            .into_iter()
            .filter_map(|file| match file.sync_data() {
                Ok(()) => None,
                Err(e) => Some((file, e.to_string())),
            })
            .collect()
    }
}

/// Most shards whose disk work runs at once in one sync: the syncing thread and its helpers.
const SYNC_LANES: usize = 4;

/// Files whose sync failed, with the error.
type Broken = Vec<(Arc<File>, String)>;

/// Lanes for a helper, and where to send what broke.
type LaneJob = (Vec<Lane>, mpsc::Sender<Broken>);

/// Runs lanes one after the other.
fn run_lanes(lanes: Vec<Lane>) -> Broken {
    lanes.into_iter().flat_map(Lane::run).collect()
}

/// The threads that run lanes beside a syncing thread (the syncer, or a writer under `always`).
/// Started on first use, so a node whose rounds touch one shard at a time never starts them.
#[derive(Default)]
struct LaneHelpers {
    senders: Vec<mpsc::Sender<LaneJob>>,
}

impl LaneHelpers {
    /// Runs `lanes` split into up to [`SYNC_LANES`] groups at once, one of them on this thread.
    /// A group whose helper cannot start or take it runs here too. `None` when a helper died
    /// while it held a group: what its lanes did is unknown.
    fn run(&mut self, lanes: Vec<Lane>) -> Option<Broken> {
        if lanes.len() <= 1 {
            return Some(run_lanes(lanes));
        }
        let count = lanes.len().min(SYNC_LANES);
        let mut groups: Vec<Vec<Lane>> = (0..count).map(|_| Vec::new()).collect();
        for (i, lane) in lanes.into_iter().enumerate() {
            groups[i % count].push(lane);
        }
        let mine = groups.remove(0);
        let (tx, rx) = mpsc::channel();
        let mut broken = Vec::new();
        let mut handed = 0;
        for (i, group) in groups.into_iter().enumerate() {
            let job = (group, tx.clone());
            match self.helper(i) {
                Some(helper) => match helper.send(job) {
                    Ok(()) => handed += 1,
                    Err(mpsc::SendError((group, _))) => broken.extend(run_lanes(group)),
                },
                None => broken.extend(run_lanes(job.0)),
            }
        }
        drop(tx);
        broken.extend(run_lanes(mine));
        for _ in 0..handed {
            broken.extend(rx.recv().ok()?);
        }
        Some(broken)
    }

    /// Helper `i`, started now if it has not been.
    fn helper(&mut self, i: usize) -> Option<&mpsc::Sender<LaneJob>> {
        while self.senders.len() <= i {
            let (tx, rx) = mpsc::channel::<LaneJob>();
            std::thread::Builder::new()
                .name("segment-lane".to_owned())
                .spawn(move || {
                    while let Ok((lanes, reply)) = rx.recv() {
                        let _ = reply.send(run_lanes(lanes));
                    }
                })
                .ok()?;
            self.senders.push(tx);
        }
        self.senders.get(i)
    }
}

fn run_syncer(rx: &mpsc::Receiver<SyncJob>) {
    let mut helpers = LaneHelpers::default();
    while let Ok(first) = rx.recv() {
        let mut rounds = Vec::new();
        let mut barriers = Vec::new();
        for job in std::iter::once(first).chain(rx.try_iter()) {
            match job {
                SyncJob::Round(completion) => rounds.push(completion),
                SyncJob::Barrier(done) => barriers.push(done),
            }
        }
        sync_and_publish(rounds, &mut helpers);
        for done in barriers {
            let _ = done.send(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::direct::AlignedBuf;
    use crate::{Record, Shard as _};

    fn one_record() -> Batch {
        Batch::Records(vec![Record::new(0, b"value".to_vec())])
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_failed_deferred_write_fails_its_round_the_rounds_after_it_and_the_shard() {
        let dir = tempfile::tempdir().expect("tempdir");
        let io = SegmentIo::new(1).expect("io");
        let shard = crate::segment::tests::open(&dir.path().join("s"), &io, FsyncPolicy::Batch);
        shard.append(one_record()).await.expect("append");

        let read_only = Arc::new(
            File::open(shard.shared.dir.join(format!("{:020}.log", 0))).expect("open log"),
        );
        let mut block = AlignedBuf::default();
        block.extend_from_slice(b"x");
        let untouched = dir.path().join("untouched");
        std::fs::write(&untouched, b"0123456789").expect("write");
        let later_file = Arc::new(
            std::fs::OpenOptions::new()
                .write(true)
                .open(&untouched)
                .expect("open"),
        );
        let round = |io: Vec<DeferredIo>, reply| Completion {
            shared: Arc::clone(&shard.shared),
            io,
            files: Vec::new(),
            publish: Vec::new(),
            high_watermark: 9,
            replies: vec![(reply, 1, 1)],
            records: 1,
            bytes: 1,
        };
        let (first_tx, first_rx) = oneshot::channel();
        let (later_tx, later_rx) = oneshot::channel();
        sync_and_publish(
            vec![
                round(
                    vec![DeferredIo::Write {
                        file: read_only,
                        buf: block,
                        at: 0,
                    }],
                    first_tx,
                ),
                round(
                    vec![DeferredIo::Trim {
                        file: later_file,
                        len: 2,
                    }],
                    later_tx,
                ),
            ],
            &mut LaneHelpers::default(),
        );

        assert!(matches!(
            first_rx.await.expect("reply"),
            Err(EngineError::Failed { .. })
        ));
        assert!(matches!(
            later_rx.await.expect("reply"),
            Err(EngineError::Failed { .. })
        ));
        assert_eq!(
            std::fs::metadata(&untouched).expect("stat").len(),
            10,
            "a failed shard's later file work is skipped"
        );
        assert_eq!(shard.status().await.expect("status").high_watermark, 1);
        assert!(matches!(
            shard.append(one_record()).await,
            Err(EngineError::Failed { .. })
        ));
    }

    /// A sync over more shards than [`SYNC_LANES`] splits them among the helpers and this
    /// thread; every append of every shard is acknowledged in order.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn appends_to_more_shards_than_lanes_are_all_acknowledged_in_order() {
        let dir = tempfile::tempdir().expect("tempdir");
        let io = SegmentIo::new(1).expect("io");
        let shards: Vec<_> = (0..SYNC_LANES * 2 + 1)
            .map(|i| {
                Arc::new(crate::segment::tests::open(
                    &dir.path().join(format!("s{i}")),
                    &io,
                    FsyncPolicy::Batch,
                ))
            })
            .collect();
        let mut tasks = tokio::task::JoinSet::new();
        for (i, shard) in shards.iter().enumerate() {
            let shard = Arc::clone(shard);
            tasks.spawn(async move {
                let mut got = Vec::new();
                for _ in 0..20 {
                    got.push(shard.append(one_record()).await.expect("append").0);
                }
                (i, got)
            });
        }
        while let Some(done) = tasks.join_next().await {
            let (i, got) = done.expect("task");
            assert_eq!(got, (0..20).collect::<Vec<_>>(), "shard {i}");
        }
        for shard in &shards {
            assert_eq!(shard.status().await.expect("status").high_watermark, 20);
        }
    }

    /// Shards sync in lanes of their own: one shard's failed write fails that shard's round
    /// only, and the other shard's round in the same sync is written, published and acknowledged.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_failed_write_in_one_shards_lane_leaves_the_other_shards_round_acknowledged() {
        let dir = tempfile::tempdir().expect("tempdir");
        let io = SegmentIo::new(1).expect("io");
        let failing = crate::segment::tests::open(&dir.path().join("a"), &io, FsyncPolicy::Batch);
        let healthy = crate::segment::tests::open(&dir.path().join("b"), &io, FsyncPolicy::Batch);
        failing.append(one_record()).await.expect("append");
        healthy.append(one_record()).await.expect("append");

        let read_only = Arc::new(
            File::open(failing.shared.dir.join(format!("{:020}.log", 0))).expect("open log"),
        );
        let mut block = AlignedBuf::default();
        block.extend_from_slice(b"x");
        let target = dir.path().join("healthy-target");
        std::fs::write(&target, b"0123456789").expect("write");
        let writable = Arc::new(
            std::fs::OpenOptions::new()
                .write(true)
                .open(&target)
                .expect("open"),
        );
        let round = |shared: &Arc<Shared>, io: Vec<DeferredIo>, files, reply| Completion {
            shared: Arc::clone(shared),
            io,
            files,
            publish: Vec::new(),
            high_watermark: 7,
            replies: vec![(reply, 1, 6)],
            records: 6,
            bytes: 6,
        };
        let (failing_tx, failing_rx) = oneshot::channel();
        let (healthy_tx, healthy_rx) = oneshot::channel();
        sync_and_publish(
            vec![
                round(
                    &failing.shared,
                    vec![DeferredIo::Write {
                        file: read_only,
                        buf: block,
                        at: 0,
                    }],
                    Vec::new(),
                    failing_tx,
                ),
                round(
                    &healthy.shared,
                    vec![DeferredIo::Trim {
                        file: Arc::clone(&writable),
                        len: 3,
                    }],
                    vec![writable],
                    healthy_tx,
                ),
            ],
            &mut LaneHelpers::default(),
        );

        assert!(matches!(
            failing_rx.await.expect("reply"),
            Err(EngineError::Failed { .. })
        ));
        assert_eq!(
            healthy_rx.await.expect("reply").expect("acknowledged"),
            (1, 6)
        );
        assert_eq!(std::fs::metadata(&target).expect("stat").len(), 3);
        assert_eq!(failing.status().await.expect("status").high_watermark, 1);
        assert_eq!(healthy.status().await.expect("status").high_watermark, 7);
        healthy
            .append(one_record())
            .await
            .expect("the healthy shard still appends");
    }
}
