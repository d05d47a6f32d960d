//! `EngineSegment`: append-only segment files with sparse offset and time indexes.
//!
//! A shard lives in `data_dir/engine/<shard>/` as `<base_offset:020>.log`, `.index` and
//! `.timeindex` per segment, plus `start_offset` once retention has truncated inside a segment.
//! The last segment is the active one; the others are closed and never change again.
//!
//! Writes go through the [`SegmentIo`] writer pool, which owns every write and sync (see
//! [`writer`]): appends are group-committed and acknowledged only after the sync the fsync policy
//! asks for. When the policy syncs, the active segment is written with `O_DIRECT` (see
//! `direct`), so it may end in up to a block of zero padding until it rolls or closes. Reads take
//! a snapshot of the segment list and read with `pread`, without locks held during I/O, and only
//! up to each segment's visible size, so they never see a frame that is not yet as durable as
//! promised.
//!
//! Recovery on open scans the active segment, and the tail of every closed one, verifying CRCs and
//! offset contiguity; at the first torn or corrupt frame it truncates there, drops any segment
//! after it, and rebuilds the indexes. Zero padding after the last frame is cut off and is no
//! damage. A corrupt record is never served: reads verify every CRC.

mod direct;
mod index;
mod scan;
#[cfg(test)]
mod tests;
pub mod writer;

use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

use async_trait::async_trait;
use parking_lot::{Mutex, RwLock};
use tokio::sync::oneshot;

use self::index::SegmentIndex;
use self::scan::{FrameCursor, ScanStop};
pub use self::writer::SegmentIo;
use self::writer::{Op, ShardWriter};
use crate::metrics::EngineMetrics;
use crate::record::{Batch, FrameHeader, ReadBatch, ReadCollector, decode_batch};
use crate::shard::{FsyncPolicy, LocalShard, Shard, ShardConfig, ShardStatus, StorageType};
use crate::{EngineError, Result};

/// Name of the file that records the logical start offset after a truncation inside a segment.
const START_OFFSET_FILE: &str = "start_offset";

fn segment_path(dir: &Path, base_offset: u64, ext: &str) -> PathBuf {
    dir.join(format!("{base_offset:020}.{ext}"))
}

/// One segment file and its indexes. Shared between the writer and readers.
pub(crate) struct Segment {
    base_offset: u64,
    dir: PathBuf,
    file: Arc<File>,
    index: SegmentIndex,
    /// Bytes readers may read: synced (or written, under `fsync = never`) whole frames.
    visible_size: AtomicU64,
    /// One past the last visible record.
    next_offset: AtomicU64,
    /// Largest timestamp in the shard up to the end of the visible data.
    max_ts_so_far: AtomicI64,
}

impl Segment {
    fn path(&self, ext: &str) -> PathBuf {
        segment_path(&self.dir, self.base_offset, ext)
    }

    fn visible(&self) -> u64 {
        self.visible_size.load(Ordering::Acquire)
    }

    fn remove_files(&self) {
        for ext in ["log", "index", "timeindex"] {
            let _ = std::fs::remove_file(self.path(ext));
        }
    }
}

/// Offsets and the segment list, as readers see them.
pub(crate) struct LogState {
    segments: Vec<Arc<Segment>>,
    high_watermark: u64,
    start_offset: u64,
    closed: bool,
}

impl LogState {
    fn earliest(&self) -> u64 {
        self.segments
            .first()
            .map_or(self.high_watermark, |s| {
                s.base_offset.max(self.start_offset)
            })
            .min(self.high_watermark)
    }
}

/// State shared by a shard's handle, its writer and the I/O threads.
pub(crate) struct Shared {
    name: String,
    dir: PathBuf,
    config: ShardConfig,
    state: RwLock<LogState>,
    latest: AtomicU64,
    failure: Mutex<Option<String>>,
    metrics: EngineMetrics,
}

impl Shared {
    fn check_usable(&self) -> Result<()> {
        if self.state.read().closed {
            return Err(EngineError::Closed(self.name.clone()));
        }
        if let Some(reason) = self.failure.lock().clone() {
            return Err(EngineError::Failed {
                shard: self.name.clone(),
                reason,
            });
        }
        Ok(())
    }

    fn sync_dir(&self) -> std::io::Result<()> {
        if self.config.fsync == FsyncPolicy::Never {
            return Ok(());
        }
        File::open(&self.dir)?.sync_all()
    }

    fn corrupt(&self, segment: &Segment, stop: ScanStop) -> EngineError {
        let (position, reason) = match stop {
            ScanStop::Torn { position } => (position, "frame is cut short".to_owned()),
            ScanStop::Corrupt { position, reason } | ScanStop::Io { position, reason } => {
                (position, reason)
            }
        };
        EngineError::Corrupt {
            shard: self.name.clone(),
            location: format!("{} position {position}", segment.path("log").display()),
            reason,
        }
    }
}

/// A shard stored as segment files.
pub struct SegmentShard {
    shared: Arc<Shared>,
    writer: Arc<Mutex<ShardWriter>>,
    /// The writer-pool thread this shard's operations run on, fixed at the first one.
    pinned: std::sync::OnceLock<usize>,
    io: SegmentIo,
}

/// What recovery found in one segment.
struct ScanOutcome {
    end: u64,
    next_offset: u64,
    max_ts_so_far: i64,
    stop: Option<ScanStop>,
}

/// Scans frames from `pos` to `limit`, checking that offsets continue from `first_offset`, and
/// calls `on_frame` with each good frame and its position.
fn scan_frames(
    file: &File,
    pos: u64,
    limit: u64,
    first_offset: u64,
    max_ts_so_far: i64,
    mut on_frame: impl FnMut(&FrameHeader, u64),
) -> ScanOutcome {
    let mut cursor = FrameCursor::new(file, pos, limit);
    let mut outcome = ScanOutcome {
        end: pos,
        next_offset: first_offset,
        max_ts_so_far,
        stop: None,
    };
    loop {
        let at = cursor.position();
        match cursor.next_frame() {
            Ok(None) => return outcome,
            Ok(Some((header, _))) if header.base_offset != outcome.next_offset => {
                outcome.stop = Some(ScanStop::Corrupt {
                    position: at,
                    reason: format!(
                        "offset {} where {} was expected",
                        header.base_offset, outcome.next_offset
                    ),
                });
                return outcome;
            }
            Ok(Some((header, _))) => {
                on_frame(&header, at);
                outcome.end = cursor.position();
                outcome.next_offset = header.next_offset();
                outcome.max_ts_so_far = header.max_ts_so_far;
            }
            Err(stop) => {
                outcome.stop = Some(stop);
                return outcome;
            }
        }
    }
}

/// Index entries rebuilt from a scan, in memory and as file bytes.
struct RebuiltIndex {
    index: SegmentIndex,
    index_bytes: Vec<u8>,
    time_bytes: Vec<u8>,
}

/// Rebuilds the indexes of a segment by scanning all of it. Returns the indexer too, whose state
/// after the last good frame is where the writer carries on.
fn rebuild(
    file: &File,
    base_offset: u64,
    size: u64,
    prev_max_ts: i64,
    interval: u64,
) -> (ScanOutcome, RebuiltIndex, Indexer) {
    let mut rebuilt = RebuiltIndex {
        index: SegmentIndex::default(),
        index_bytes: Vec::new(),
        time_bytes: Vec::new(),
    };
    let mut indexer = Indexer::new(interval, prev_max_ts);
    let outcome = scan_frames(file, 0, size, base_offset, prev_max_ts, |h, pos| {
        if let Some((index, time)) = indexer.on_frame(&rebuilt.index, base_offset, h, pos) {
            rebuilt.index_bytes.extend_from_slice(&index);
            if let Some(time) = time {
                rebuilt.time_bytes.extend_from_slice(&time);
            }
        }
    });
    (outcome, rebuilt, indexer)
}

/// The rule that decides which frames get index entries, shared by the writer and recovery so a
/// rebuilt index equals the one written.
pub(crate) struct Indexer {
    interval: u64,
    since_entry: Option<u64>,
    last_time: i64,
    max_ts_so_far: i64,
}

impl Indexer {
    pub(crate) fn new(interval: u64, max_ts_so_far: i64) -> Self {
        Self {
            interval,
            since_entry: None,
            last_time: i64::MIN,
            max_ts_so_far,
        }
    }

    /// Records a frame at `pos`; returns the entry bytes to persist, if it gets one.
    pub(crate) fn on_frame(
        &mut self,
        index: &SegmentIndex,
        base_offset: u64,
        header: &FrameHeader,
        pos: u64,
    ) -> Option<([u8; index::INDEX_ENTRY], Option<[u8; index::TIME_ENTRY]>)> {
        let due = self.since_entry.is_none_or(|n| n >= self.interval);
        let before = self.max_ts_so_far;
        self.max_ts_so_far = self.max_ts_so_far.max(header.max_ts_so_far);
        let entry = due.then(|| {
            self.since_entry = Some(0);
            let time = (before > self.last_time).then(|| {
                self.last_time = before;
                before
            });
            let relative = u32::try_from(header.base_offset - base_offset).unwrap_or(u32::MAX);
            index.push(relative, u32::try_from(pos).unwrap_or(u32::MAX), time)
        });
        if let Some(n) = &mut self.since_entry {
            *n += header.frame_len as u64;
        }
        entry
    }
}

fn write_file(path: &Path, bytes: &[u8], sync: bool) -> Result<()> {
    let mut file = File::create(path).map_err(EngineError::io("cannot write index", path))?;
    file.write_all(bytes)
        .map_err(EngineError::io("cannot write index", path))?;
    if sync {
        file.sync_data()
            .map_err(EngineError::io("cannot sync index", path))?;
    }
    Ok(())
}

/// Writes `bytes` to `dir/name` so that a crash leaves either the old or the new content.
pub(crate) fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> Result<()> {
    let tmp = dir.join(format!("{name}.tmp"));
    let path = dir.join(name);
    let mut file = File::create(&tmp).map_err(EngineError::io("cannot write", &tmp))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(EngineError::io("cannot write", &tmp))?;
    std::fs::rename(&tmp, &path).map_err(EngineError::io("cannot rename", &path))?;
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(EngineError::io("cannot sync directory", dir))
}

fn read_start_offset(dir: &Path) -> Result<u64> {
    let path = dir.join(START_OFFSET_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => text.trim().parse().map_err(|_| EngineError::Corrupt {
            shard: dir.display().to_string(),
            location: path.display().to_string(),
            reason: format!("`{}` is not an offset", text.trim()),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(0),
        Err(e) => Err(EngineError::io("cannot read", path)(e)),
    }
}

fn open_segment_file(path: &Path, create: bool) -> Result<File> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(create)
        .truncate(false)
        .open(path)
        .map_err(EngineError::io("cannot open segment", path))
}

/// What opening a shard directory produced.
pub(crate) struct Recovered {
    pub(crate) segments: Vec<Arc<Segment>>,
    pub(crate) next_offset: u64,
    pub(crate) max_ts_so_far: i64,
    pub(crate) start_offset: u64,
    pub(crate) active_size: u64,
    pub(crate) indexer: Indexer,
}

/// Lists the base offsets of the segment files in `dir`, oldest first.
fn segment_bases(dir: &Path) -> Result<Vec<u64>> {
    let mut bases: Vec<u64> = std::fs::read_dir(dir)
        .map_err(EngineError::io("cannot list shard directory", dir))?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let base = name.strip_suffix(".log")?;
            if base.len() == 20 {
                base.parse::<u64>().ok()
            } else {
                None
            }
        })
        .collect();
    bases.sort_unstable();
    Ok(bases)
}

/// Fails recovery when a scan stopped because the file could not be read: that says nothing
/// about the bytes, so truncating there could cut acknowledged records (and every later
/// segment) over a transient I/O error.
///
/// # Errors
/// [`EngineError::Io`] with the read error.
fn unreadable(outcome: &ScanOutcome, path: &Path) -> Result<()> {
    match &outcome.stop {
        Some(ScanStop::Io { position, reason }) => Err(EngineError::io(
            "cannot read segment during recovery",
            path,
        )(std::io::Error::other(format!(
            "at position {position}: {reason}"
        )))),
        _ => Ok(()),
    }
}

/// Cuts a segment file to `end` when it is longer, syncing the cut when the policy syncs.
fn trim(file: &File, path: &Path, end: u64, size: u64, sync: bool) -> Result<()> {
    if size <= end {
        return Ok(());
    }
    file.set_len(end)
        .and_then(|()| if sync { file.sync_all() } else { Ok(()) })
        .map_err(EngineError::io("cannot truncate segment", path))
}

fn closed_segment(
    dir: &Path,
    base: u64,
    file: File,
    index: SegmentIndex,
    size: u64,
    next: u64,
    max_ts: i64,
) -> Arc<Segment> {
    Arc::new(Segment {
        base_offset: base,
        dir: dir.to_owned(),
        file: Arc::new(file),
        index,
        visible_size: AtomicU64::new(size),
        next_offset: AtomicU64::new(next),
        max_ts_so_far: AtomicI64::new(max_ts),
    })
}

/// Whether a scan of a closed segment up to `size` found it whole: it ended cleanly at `size`, or
/// only the zero padding of a direct write follows its last frame (a crash before the roll's trim
/// reached the disk), and its offsets run to the next segment's base.
fn ends_whole(file: &File, outcome: &ScanOutcome, size: u64, next_base: u64) -> bool {
    let clean_end = match outcome.stop {
        None => outcome.end == size,
        Some(_) => direct::is_padding(file, outcome.end, size).unwrap_or(false),
    };
    clean_end && outcome.next_offset == next_base
}

/// Checks a closed segment cheaply: its index files parse, and the frames from the last indexed
/// one run whole and contiguous to the end of the file and to the next segment's base offset.
/// Returns the index, the largest timestamp and the size of the frames.
fn check_closed(
    dir: &Path,
    base: u64,
    file: &File,
    size: u64,
    next_base: u64,
    max_ts: i64,
) -> Option<(SegmentIndex, i64, u64)> {
    let index = std::fs::read(segment_path(dir, base, "index")).ok()?;
    let time = std::fs::read(segment_path(dir, base, "timeindex")).ok()?;
    let index = SegmentIndex::parse(&index, &time, size)?;
    let (relative, from) = index
        .last_entry()
        .map_or((0, 0), |(r, p)| (r, u64::from(p)));
    let outcome = scan_frames(
        file,
        from,
        size,
        base + u64::from(relative),
        max_ts,
        |_, _| {},
    );
    // Frames before the last indexed one were not rescanned; their largest timestamp is covered
    // by the last frame's max_ts_so_far, which only grows.
    ends_whole(file, &outcome, size, next_base).then_some((
        index,
        outcome.max_ts_so_far,
        outcome.end,
    ))
}

/// Opens a shard directory, repairing it as the module documentation describes.
fn recover(dir: &Path, config: &ShardConfig) -> Result<Recovered> {
    std::fs::create_dir_all(dir).map_err(EngineError::io("cannot create shard directory", dir))?;
    let start_offset = read_start_offset(dir)?;
    let mut bases = segment_bases(dir)?;
    if bases.is_empty() {
        bases.push(start_offset);
    }
    let interval = u64::from(config.index_interval_bytes);
    let sync = config.fsync != FsyncPolicy::Never;
    let mut segments: Vec<Arc<Segment>> = Vec::new();
    let mut max_ts = i64::MIN;
    for (i, &base) in bases.iter().enumerate() {
        let path = segment_path(dir, base, "log");
        let file = open_segment_file(&path, true)?;
        let size = file
            .metadata()
            .map_err(EngineError::io("cannot stat segment", &path))?
            .len();
        let next_base = bases.get(i + 1).copied();
        if let Some(next_base) = next_base
            && let Some((index, end_ts, end)) =
                check_closed(dir, base, &file, size, next_base, max_ts)
        {
            trim(&file, &path, end, size, sync)?;
            max_ts = end_ts;
            segments.push(closed_segment(
                dir, base, file, index, end, next_base, max_ts,
            ));
            continue;
        }
        let (outcome, rebuilt, indexer) = rebuild(&file, base, size, max_ts, interval);
        unreadable(&outcome, &path)?;
        write_file(
            &segment_path(dir, base, "index"),
            &rebuilt.index_bytes,
            sync,
        )?;
        write_file(
            &segment_path(dir, base, "timeindex"),
            &rebuilt.time_bytes,
            sync,
        )?;
        if let Some(next_base) = next_base
            && ends_whole(&file, &outcome, size, next_base)
        {
            // Only the index files were bad; the log is whole, so the segment stays closed.
            trim(&file, &path, outcome.end, size, sync)?;
            max_ts = outcome.max_ts_so_far;
            segments.push(closed_segment(
                dir,
                base,
                file,
                rebuilt.index,
                outcome.end,
                next_base,
                max_ts,
            ));
            continue;
        }
        // The active segment, or a closed one whose tail is bad: truncate at the first bad frame;
        // anything after it is unreachable, so later segments go too. Zero padding after the last
        // frame of the active segment is no damage and goes quietly.
        let padding = outcome.stop.is_some()
            && next_base.is_none()
            && direct::is_padding(&file, outcome.end, size).unwrap_or(false);
        if padding {
            trim(&file, &path, outcome.end, size, sync)?;
        } else if outcome.stop.is_some() || outcome.end < size {
            tracing::warn!(
                segment = %path.display(),
                truncated_at = outcome.end,
                dropped_bytes = size - outcome.end,
                dropped_segments = bases.len() - i - 1,
                stop = ?outcome.stop,
                "recovery truncated a torn or corrupt tail"
            );
            trim(&file, &path, outcome.end, size, sync)?;
        }
        for &later in &bases[i + 1..] {
            for ext in ["log", "index", "timeindex"] {
                let _ = std::fs::remove_file(segment_path(dir, later, ext));
            }
        }
        if sync {
            File::open(dir)
                .and_then(|d| d.sync_all())
                .map_err(EngineError::io("cannot sync directory", dir))?;
        }
        segments.push(Arc::new(Segment {
            base_offset: base,
            dir: dir.to_owned(),
            file: Arc::new(file),
            index: rebuilt.index,
            visible_size: AtomicU64::new(outcome.end),
            next_offset: AtomicU64::new(outcome.next_offset),
            max_ts_so_far: AtomicI64::new(outcome.max_ts_so_far),
        }));
        return Ok(Recovered {
            segments,
            next_offset: outcome.next_offset,
            max_ts_so_far: outcome.max_ts_so_far,
            start_offset,
            active_size: outcome.end,
            indexer,
        });
    }
    Err(EngineError::InvalidConfig(
        "segment recovery ended without an active segment".to_owned(),
    ))
}

impl SegmentShard {
    /// Opens (or creates) the shard in `dir`, recovering it, and attaches it to the `io` pool.
    ///
    /// # Errors
    /// [`EngineError::InvalidConfig`] for bad settings, [`EngineError::Io`] when files cannot be
    /// read or repaired, [`EngineError::Corrupt`] for an unreadable `start_offset` file.
    pub fn open(
        dir: PathBuf,
        name: &str,
        config: ShardConfig,
        io: &SegmentIo,
        metrics: EngineMetrics,
    ) -> Result<Self> {
        config.validate()?;
        let recovered = recover(&dir, &config)?;
        let high_watermark = recovered.next_offset;
        let start_offset = recovered.start_offset.min(high_watermark);
        let shared = Arc::new(Shared {
            name: name.to_owned(),
            dir,
            config,
            state: RwLock::new(LogState {
                segments: recovered.segments.clone(),
                high_watermark,
                start_offset,
                closed: false,
            }),
            latest: AtomicU64::new(high_watermark),
            failure: Mutex::new(None),
            metrics,
        });
        let writer = ShardWriter::new(Arc::clone(&shared), recovered)?;
        Ok(Self {
            shared,
            writer: Arc::new(Mutex::new(writer)),
            pinned: std::sync::OnceLock::new(),
            io: io.clone(),
        })
    }

    async fn submit<T>(&self, op: impl FnOnce(oneshot::Sender<Result<T>>) -> Op) -> Result<T> {
        let (tx, rx) = oneshot::channel();
        self.io
            .submit(&self.pinned, Arc::clone(&self.writer), op(tx))?;
        rx.await
            .map_err(|_| EngineError::Closed(self.shared.name.clone()))?
    }

    fn out_of_range(&self, requested: u64, state: &LogState) -> EngineError {
        EngineError::OffsetOutOfRange {
            requested,
            earliest: state.earliest(),
            high_watermark: state.high_watermark,
        }
    }
}

/// The segments that may hold `from` and later offsets, oldest first.
fn segments_from(state: &LogState, from: u64) -> Vec<Arc<Segment>> {
    let i = state
        .segments
        .partition_point(|s| s.base_offset <= from)
        .saturating_sub(1);
    state.segments[i..].to_vec()
}

fn read_blocking(
    shared: &Shared,
    segments: &[Arc<Segment>],
    from: u64,
    high_watermark: u64,
    max_records: u64,
    max_bytes: u64,
) -> Result<Vec<ReadBatch>> {
    let mut read = ReadCollector::new(from, max_records, max_bytes);
    for segment in segments {
        let relative = from.saturating_sub(segment.base_offset);
        let start = segment.index.position_for(relative);
        let mut cursor = FrameCursor::new(&segment.file, start, segment.visible());
        loop {
            // A frame that cannot fit is not read at all. Its length is not verified yet, which
            // is harmless: an empty read always takes its first frame, and verifies it.
            if let Some(len) = cursor
                .peek_len()
                .map_err(|stop| shared.corrupt(segment, stop))?
                && !read.has_room(len)
            {
                return Ok(read.finish());
            }
            let Some((header, frame)) = cursor
                .next_frame()
                .map_err(|stop| shared.corrupt(segment, stop))?
            else {
                break;
            };
            if header.last_offset() < from {
                continue;
            }
            if header.base_offset >= high_watermark || !read.has_room(header.frame_len as u64) {
                return Ok(read.finish());
            }
            let batch = decode_batch(&header, &frame).map_err(|reason| EngineError::Corrupt {
                shard: shared.name.clone(),
                location: format!("offset {}", header.base_offset),
                reason,
            })?;
            read.push(header.base_offset, batch, header.frame_len as u64);
        }
    }
    Ok(read.finish())
}

fn offset_for_timestamp_blocking(
    shared: &Shared,
    segments: &[Arc<Segment>],
    timestamp: i64,
    high_watermark: u64,
) -> Result<Option<u64>> {
    for segment in segments {
        if segment.max_ts_so_far.load(Ordering::Acquire) < timestamp {
            continue;
        }
        let start = segment.index.position_for_time(timestamp);
        let mut cursor = FrameCursor::new(&segment.file, start, segment.visible());
        while let Some((header, frame)) = cursor
            .next_frame()
            .map_err(|stop| shared.corrupt(segment, stop))?
        {
            if header.base_offset >= high_watermark {
                return Ok(None);
            }
            if header.max_timestamp < timestamp {
                continue;
            }
            let batch = decode_batch(&header, &frame).map_err(|reason| EngineError::Corrupt {
                shard: shared.name.clone(),
                location: format!("offset {}", header.base_offset),
                reason,
            })?;
            return Ok(Some(batch.first_at_or_after(header.base_offset, timestamp)));
        }
    }
    Ok(None)
}

#[async_trait]
impl Shard for SegmentShard {
    fn name(&self) -> &str {
        &self.shared.name
    }

    fn storage_type(&self) -> StorageType {
        StorageType::EngineSegment
    }

    /// The batch is handed to the writer (or stored) when the future is first polled.
    fn appends_in_call_order(&self) -> bool {
        true
    }

    async fn append(&self, batch: Batch) -> Result<(u64, u64)> {
        self.shared.check_usable()?;
        self.submit(|reply| Op::Append { batch, reply }).await
    }

    async fn read(&self, from: u64, max_records: u64, max_bytes: u64) -> Result<Vec<ReadBatch>> {
        let (segments, high_watermark) = {
            let state = self.shared.state.read();
            if state.closed {
                return Err(EngineError::Closed(self.shared.name.clone()));
            }
            if from < state.earliest() || from > state.high_watermark {
                return Err(self.out_of_range(from, &state));
            }
            if from == state.high_watermark {
                return Ok(Vec::new());
            }
            (segments_from(&state, from), state.high_watermark)
        };
        let shared = Arc::clone(&self.shared);
        tokio::task::spawn_blocking(move || {
            read_blocking(
                &shared,
                &segments,
                from,
                high_watermark,
                max_records,
                max_bytes,
            )
        })
        .await
        .map_err(|e| EngineError::Remote(format!("read task failed: {e}")))?
    }

    async fn offset_for_timestamp(&self, timestamp_ms: i64) -> Result<Option<u64>> {
        let (segments, high_watermark, earliest) = {
            let state = self.shared.state.read();
            if state.closed {
                return Err(EngineError::Closed(self.shared.name.clone()));
            }
            (
                state.segments.clone(),
                state.high_watermark,
                state.earliest(),
            )
        };
        let shared = Arc::clone(&self.shared);
        let found = tokio::task::spawn_blocking(move || {
            offset_for_timestamp_blocking(&shared, &segments, timestamp_ms, high_watermark)
        })
        .await
        .map_err(|e| EngineError::Remote(format!("time lookup task failed: {e}")))??;
        Ok(found.map(|o| o.max(earliest)))
    }

    async fn status(&self) -> Result<ShardStatus> {
        let state = self.shared.state.read();
        if state.closed {
            return Err(EngineError::Closed(self.shared.name.clone()));
        }
        Ok(ShardStatus {
            earliest: state.earliest(),
            high_watermark: state.high_watermark,
            latest: self
                .shared
                .latest
                .load(Ordering::Acquire)
                .max(state.high_watermark),
            size_bytes: state.segments.iter().map(|s| s.visible()).sum(),
        })
    }

    async fn truncate_before(&self, offset: u64) -> Result<()> {
        self.shared.check_usable()?;
        self.submit(|reply| Op::Truncate { offset, reply }).await
    }

    async fn delete(&self) -> Result<()> {
        if self.shared.state.read().closed {
            return Err(EngineError::Closed(self.shared.name.clone()));
        }
        self.submit(|reply| Op::Close {
            delete: true,
            reply,
        })
        .await
    }
}

#[async_trait]
impl LocalShard for SegmentShard {
    async fn enforce_retention(&self, now_ms: i64) -> Result<u64> {
        self.shared.check_usable()?;
        self.submit(|reply| Op::Retention { now_ms, reply }).await
    }

    async fn close(&self) -> Result<()> {
        if self.shared.state.read().closed {
            return Ok(());
        }
        self.submit(|reply| Op::Close {
            delete: false,
            reply,
        })
        .await
    }
}
