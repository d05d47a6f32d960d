//! Recovery and crash tests of the segment backend: torn tails, flipped bytes, lost indexes, and
//! a child process killed with SIGKILL while it appends.

use std::io::{BufRead as _, BufReader};
use std::os::unix::fs::FileExt as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use super::*;
use crate::{Batch, EngineError, EngineMetrics, Record, ShardConfig};

fn config(fsync: FsyncPolicy) -> ShardConfig {
    ShardConfig {
        fsync,
        segment_bytes: 16 * 1024,
        index_interval_bytes: 512,
        ..ShardConfig::default()
    }
}

/// A shard with small segments and dense indexes, so that a few hundred records roll several.
pub(super) fn open(dir: &Path, io: &SegmentIo, fsync: FsyncPolicy) -> SegmentShard {
    SegmentShard::open(
        dir.to_owned(),
        "t",
        config(fsync),
        io,
        EngineMetrics::unregistered().expect("metrics"),
    )
    .expect("open")
}

fn value(i: u64) -> Vec<u8> {
    format!("record-{i:06}-{}", "x".repeat(200)).into_bytes()
}

async fn fill(shard: &SegmentShard, n: u64) {
    for i in 0..n {
        shard
            .append(Batch::Records(vec![Record::new(
                i64::try_from(i).unwrap_or(0),
                value(i),
            )]))
            .await
            .expect("append");
    }
}

async fn read_values(shard: &SegmentShard, from: u64) -> Result<Vec<(u64, Vec<u8>)>> {
    let mut out = Vec::new();
    let mut next = from;
    loop {
        let batches = shard.read(next, 1000, 1 << 20).await?;
        if batches.is_empty() {
            return Ok(out);
        }
        for b in batches {
            if let Batch::Records(records) = b.batch {
                for (k, r) in records.into_iter().enumerate() {
                    out.push((b.base_offset + k as u64, r.value.to_vec()));
                }
            }
        }
        next = out.last().map_or(next, |(o, _)| o + 1);
    }
}

/// A shard [`fill`]ed with `n` records and closed, in a new directory, and the I/O pool to
/// reopen it with.
async fn closed_shard(fsync: FsyncPolicy, n: u64) -> (tempfile::TempDir, SegmentIo) {
    let dir = tempfile::tempdir().expect("tempdir");
    let io = SegmentIo::new(1).expect("io");
    let shard = open(dir.path(), &io, fsync);
    fill(&shard, n).await;
    shard.close().await.expect("close");
    (dir, io)
}

/// Reads the whole shard and checks that it holds `count` records, each the one [`fill`] wrote
/// at its offset.
async fn assert_intact(shard: &SegmentShard, count: u64) {
    let values = read_values(shard, 0)
        .await
        .expect("every record left is intact");
    assert_eq!(values.len() as u64, count);
    for (offset, v) in &values {
        assert_eq!(v, &value(*offset));
    }
}

fn logs(dir: &Path) -> Vec<PathBuf> {
    let mut logs: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "log"))
        .collect();
    logs.sort();
    logs
}

/// Start positions of the frames in a log file.
fn frame_positions(path: &Path) -> Vec<u64> {
    let file = File::open(path).expect("open");
    let size = file.metadata().expect("stat").len();
    let mut cursor = FrameCursor::new(&file, 0, size);
    let mut positions = Vec::new();
    loop {
        let at = cursor.position();
        match cursor.next_frame() {
            Ok(Some(_)) => positions.push(at),
            _ => return positions,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn torn_tail_is_truncated_on_open() {
    let (dir, io) = closed_shard(FsyncPolicy::Always, 10).await;
    let active = logs(dir.path()).pop().expect("a log");
    let good = std::fs::metadata(&active).expect("stat").len();
    // Half of a frame, as a crash in the middle of a write leaves it.
    let mut frame = Vec::new();
    crate::record::encode_frame(
        10,
        &Batch::Records(vec![Record::new(0, value(10))]),
        10,
        &mut frame,
    );
    let f = OpenOptions::new()
        .write(true)
        .open(&active)
        .expect("open log");
    f.write_all_at(&frame[..frame.len() / 2], good)
        .expect("write");

    let shard = open(dir.path(), &io, FsyncPolicy::Always);
    assert_eq!(shard.status().await.expect("status").high_watermark, 10);
    // A directly written active segment may end in zero padding again once reopened.
    let len = std::fs::metadata(&active).expect("stat").len();
    let log = File::open(&active).expect("open log");
    assert!(
        len == good || direct::is_padding(&log, good, len).expect("check"),
        "the torn bytes are gone"
    );
    let values = read_values(&shard, 0).await.expect("read");
    assert_eq!(values.len(), 10);
    assert_eq!(values[9].1, value(9));
    let (first, _) = shard
        .append(Batch::Records(vec![Record::new(0, value(10))]))
        .await
        .expect("append after recovery");
    assert_eq!(first, 10);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flipped_bytes_in_the_tail_are_truncated_and_never_served() {
    let (dir, io) = closed_shard(FsyncPolicy::Always, 30).await;
    let active = logs(dir.path()).pop().expect("a log");
    let positions = frame_positions(&active);
    assert!(
        positions.len() >= 4,
        "the active segment holds several frames"
    );
    let base: u64 = active
        .file_stem()
        .and_then(|s| s.to_str())
        .and_then(|s| s.parse().ok())
        .expect("base offset");
    let victim = positions.len() - 3;
    let f = OpenOptions::new()
        .read(true)
        .write(true)
        .open(&active)
        .expect("open log");
    let mut byte = [0u8; 1];
    let at = positions[victim] + 60;
    f.read_exact_at(&mut byte, at).expect("read");
    f.write_all_at(&[byte[0] ^ 0x5a], at).expect("flip");

    let shard = open(dir.path(), &io, FsyncPolicy::Always);
    let expected_hw = base + victim as u64;
    assert_eq!(
        shard.status().await.expect("status").high_watermark,
        expected_hw
    );
    assert_intact(&shard, expected_hw).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn corruption_inside_a_closed_segment_fails_reads_of_it_only() {
    let (dir, io) = closed_shard(FsyncPolicy::Always, 200).await;
    let first = logs(dir.path()).remove(0);
    let f = OpenOptions::new()
        .read(true)
        .write(true)
        .open(&first)
        .expect("open log");
    f.write_all_at(b"\xff\xff", 100).expect("corrupt");

    let shard = open(dir.path(), &io, FsyncPolicy::Always);
    assert!(matches!(
        shard.read(0, 10, 1 << 20).await,
        Err(EngineError::Corrupt { .. })
    ));
    let hw = shard.status().await.expect("status").high_watermark;
    assert_eq!(hw, 200, "open does not rescan closed segments' heads");
    let tail = read_values(&shard, 150)
        .await
        .expect("later segments still read");
    assert_eq!(tail.len(), 50);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cut_closed_segment_ends_the_log_there() {
    let (dir, io) = closed_shard(FsyncPolicy::Never, 200).await;
    let all = logs(dir.path());
    assert!(all.len() >= 3);
    let second = &all[1];
    let base: u64 = second
        .file_stem()
        .and_then(|s| s.to_str())
        .and_then(|s| s.parse().ok())
        .expect("base");
    let positions = frame_positions(second);
    let f = OpenOptions::new()
        .write(true)
        .open(second)
        .expect("open log");
    f.set_len(positions[3] + 10).expect("cut");

    let shard = open(dir.path(), &io, FsyncPolicy::Never);
    assert_eq!(
        shard.status().await.expect("status").high_watermark,
        base + 3
    );
    assert_eq!(
        logs(dir.path()).len(),
        2,
        "segments after the cut are dropped"
    );
    let values = read_values(&shard, 0).await.expect("read");
    assert_eq!(values.len() as u64, base + 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn zero_padding_after_a_closed_segment_is_no_damage_and_later_segments_stay() {
    // A crash between a direct write and the roll's trim leaves up to a block of zeros after
    // the last frame of a closed segment. That is no torn tail: dropping the segments after it
    // would lose acknowledged records.
    let (dir, io) = closed_shard(FsyncPolicy::Batch, 200).await;
    let all = logs(dir.path());
    assert!(all.len() >= 3);
    for log in [&all[0], &all[1]] {
        let size = std::fs::metadata(log).expect("stat").len();
        assert_ne!(
            size % direct::ALIGN as u64,
            0,
            "the test needs an unaligned end"
        );
        OpenOptions::new()
            .write(true)
            .open(log)
            .expect("open log")
            .set_len(direct::align_up(size))
            .expect("pad");
    }
    // The index of the first segment is lost too, so its rebuild path sees the padding.
    std::fs::remove_file(all[0].with_extension("index")).expect("remove index");
    let sizes: Vec<u64> = all
        .iter()
        .map(|l| std::fs::metadata(l).expect("stat").len())
        .collect();

    let shard = open(dir.path(), &io, FsyncPolicy::Batch);
    assert_eq!(shard.status().await.expect("status").high_watermark, 200);
    assert_eq!(logs(dir.path()).len(), all.len(), "no segment is dropped");
    assert_intact(&shard, 200).await;
    for (log, padded) in all.iter().zip(sizes).take(2) {
        let size = std::fs::metadata(log).expect("stat").len();
        assert!(size < padded, "the padding of {} is trimmed", log.display());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shard_dropped_without_close_reopens_and_appends_where_its_data_ends() {
    // Without close, a directly written active segment keeps its padding. Reopening must find
    // the end of the data, and the next direct write must rewrite the partial block from there.
    let dir = tempfile::tempdir().expect("tempdir");
    let io = SegmentIo::new(1).expect("io");
    for round in 0..3u64 {
        let shard = open(dir.path(), &io, FsyncPolicy::Always);
        let start = shard.status().await.expect("status").high_watermark;
        assert_eq!(start, round * 7);
        for i in start..start + 7 {
            let (first, _) = shard
                .append(Batch::Records(vec![Record::new(0, value(i))]))
                .await
                .expect("append");
            assert_eq!(first, i);
        }
        drop(shard);
    }
    let shard = open(dir.path(), &io, FsyncPolicy::Always);
    assert_intact(&shard, 21).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reads_between_appends_see_every_byte_of_a_rewritten_last_block() {
    // Each append rewrites the file's partial last block around the page cache, while reads
    // go through it: a read must never see the zeros a stale cached block would hold.
    let dir = tempfile::tempdir().expect("tempdir");
    let io = SegmentIo::new(1).expect("io");
    let shard = open(dir.path(), &io, FsyncPolicy::Batch);
    let sized =
        |i: u64| vec![u8::try_from(i % 251).unwrap_or(0) + 1; 37 + (i as usize * 97) % 1500];
    for i in 0..300u64 {
        shard
            .append(Batch::Records(vec![Record::new(0, sized(i))]))
            .await
            .expect("append");
        let from = i.saturating_sub(3);
        let values = read_values(&shard, from).await.expect("read");
        assert_eq!(values.len() as u64, i + 1 - from);
        for (offset, v) in values {
            assert_eq!(v, sized(offset), "record {offset} read after append {i}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_syncing_shard_writes_around_the_page_cache_and_a_never_shard_through_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let probe_path = dir.path().join("probe");
    let probe = File::create(&probe_path).expect("probe file");
    if direct::DirectFile::open(&probe_path, &probe, 0)
        .expect("probe")
        .is_none()
    {
        eprintln!("skipped: this filesystem refuses O_DIRECT");
        return;
    }
    let io = SegmentIo::new(1).expect("io");
    for policy in [FsyncPolicy::Batch, FsyncPolicy::Never] {
        let sub = dir.path().join(format!("{policy:?}"));
        let shard = open(&sub, &io, policy);
        fill(&shard, 1).await;
        let log = logs(&sub).pop().expect("a log");
        let while_open = std::fs::metadata(&log).expect("stat").len();
        shard.close().await.expect("close");
        let data = std::fs::metadata(&log).expect("stat").len();
        assert_ne!(
            data % direct::ALIGN as u64,
            0,
            "the test needs an unaligned end"
        );
        match policy {
            FsyncPolicy::Never => assert_eq!(while_open, data, "never writes what it has"),
            _ => assert_eq!(
                while_open,
                direct::align_up(data),
                "a direct write pads to a block, and close trims it"
            ),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_at_the_head_while_appenders_write_sees_only_whole_right_records() {
    const TASKS: u64 = 4;
    const APPENDS: u64 = 150;
    let value = |task: u64, seq: u64| {
        let filler = "z".repeat(usize::try_from(50 + (task * 31 + seq * 17) % 900).unwrap_or(0));
        format!("{task}:{seq}:{filler}").into_bytes()
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let io = SegmentIo::new(1).expect("io");
    let shard = Arc::new(open(dir.path(), &io, FsyncPolicy::Batch));
    let mut appenders = Vec::new();
    for task in 0..TASKS {
        let shard = Arc::clone(&shard);
        appenders.push(tokio::spawn(async move {
            for seq in 0..APPENDS {
                shard
                    .append(Batch::Records(vec![Record::new(0, value(task, seq))]))
                    .await
                    .expect("append");
            }
        }));
    }
    let mut next = 0;
    while next < TASKS * APPENDS {
        for b in shard.read(next, 1000, 1 << 20).await.expect("read") {
            let Batch::Records(records) = b.batch else {
                panic!("records were appended");
            };
            for (k, r) in records.into_iter().enumerate() {
                assert_eq!(b.base_offset + k as u64, next, "offsets are dense");
                let text = std::str::from_utf8(&r.value).expect("utf-8");
                let mut parts = text.splitn(3, ':');
                let task: u64 = parts.next().and_then(|p| p.parse().ok()).expect("task");
                let seq: u64 = parts.next().and_then(|p| p.parse().ok()).expect("seq");
                assert_eq!(r.value, value(task, seq), "record {next}");
                next += 1;
            }
        }
        tokio::task::yield_now().await;
    }
    for a in appenders {
        a.await.expect("appender");
    }
    assert_eq!(next, TASKS * APPENDS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_limited_read_stops_before_a_corrupt_frame_it_does_not_need() {
    let (dir, io) = closed_shard(FsyncPolicy::Always, 200).await;
    // A closed segment's head is not rescanned on open, so the damage survives until read.
    let first = logs(dir.path()).remove(0);
    let positions = frame_positions(&first);
    let f = OpenOptions::new()
        .read(true)
        .write(true)
        .open(&first)
        .expect("open log");
    let at = positions[5] + 60;
    let mut byte = [0u8; 1];
    f.read_exact_at(&mut byte, at).expect("read");
    f.write_all_at(&[byte[0] ^ 0x5a], at).expect("flip");

    let shard = open(dir.path(), &io, FsyncPolicy::Always);
    let one_frame = positions[5] - positions[4];
    let read = shard
        .read(4, 1000, one_frame)
        .await
        .expect("frame 4 is whole");
    assert_eq!(read.len(), 1);
    assert_eq!(read[0].base_offset, 4);
    assert!(matches!(
        shard.read(5, 1000, one_frame).await,
        Err(EngineError::Corrupt { .. })
    ));
}

#[test]
fn a_segment_that_cannot_be_read_fails_recovery_instead_of_being_cut() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("log");
    std::fs::write(&path, vec![1; 4096]).expect("write");
    // A descriptor that cannot read makes every read fail, as a disk error would.
    let write_only = OpenOptions::new().write(true).open(&path).expect("open");
    let (outcome, _, _) = rebuild(&write_only, 0, 4096, i64::MIN, 512);
    assert!(matches!(outcome.stop, Some(ScanStop::Io { .. })));
    assert!(matches!(
        unreadable(&outcome, &path),
        Err(EngineError::Io { .. })
    ));
    let readable = File::open(&path).expect("open");
    let (damaged, _, _) = rebuild(&readable, 0, 4096, i64::MIN, 512);
    assert!(matches!(
        damaged.stop,
        Some(ScanStop::Torn { .. } | ScanStop::Corrupt { .. })
    ));
    assert!(
        unreadable(&damaged, &path).is_ok(),
        "damage is repaired, not refused"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lost_index_files_are_rebuilt() {
    let (dir, io) = closed_shard(FsyncPolicy::Batch, 200).await;
    for entry in std::fs::read_dir(dir.path()).expect("list") {
        let path = entry.expect("entry").path();
        if path
            .extension()
            .is_some_and(|e| e == "index" || e == "timeindex")
        {
            std::fs::remove_file(path).expect("remove index");
        }
    }
    let shard = open(dir.path(), &io, FsyncPolicy::Batch);
    assert_eq!(read_values(&shard, 0).await.expect("read").len(), 200);
    assert_eq!(read_values(&shard, 123).await.expect("read")[0].0, 123);
    assert_eq!(
        shard.offset_for_timestamp(77).await.expect("lookup"),
        Some(77)
    );
}

/// Where the crash child writes; its presence is also what makes the child run.
const CRASH_DIR_ENV: &str = "ROBUSTMQ_ENGINE_CRASH_DIR";
/// The crash child's fsync policy: `always` or `batch`.
const CRASH_FSYNC_ENV: &str = "ROBUSTMQ_ENGINE_CRASH_FSYNC";
/// kill -9 cycles of [`kill_9_never_loses_an_acknowledged_record`].
const CRASH_CYCLES: usize = 20;
/// Concurrent appenders in the child.
const CRASH_APPENDERS: u64 = 4;
/// How long the child may take to start appending on a loaded machine.
const CHILD_START_DEADLINE: Duration = Duration::from_secs(60);

/// Not a test: the child process of the kill -9 tests, which run this binary again with only this
/// function selected. It appends with the fsync policy it is given (`always` or `batch`) from
/// several tasks and prints `ACK <first> <last> <tag>` after each append returns, until killed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "child process of kill_9_never_loses_an_acknowledged_record"]
async fn crash_child() {
    let Some(dir) = std::env::var_os(CRASH_DIR_ENV) else {
        return;
    };
    let policy = match std::env::var(CRASH_FSYNC_ENV).as_deref() {
        Ok("batch") => FsyncPolicy::Batch,
        _ => FsyncPolicy::Always,
    };
    let io = SegmentIo::new(1).expect("io");
    let shard = Arc::new(open(Path::new(&dir), &io, policy));
    let pid = std::process::id();
    let mut tasks = Vec::new();
    for task in 0..CRASH_APPENDERS {
        let shard = Arc::clone(&shard);
        tasks.push(tokio::spawn(async move {
            for seq in 0u64.. {
                let tag = format!("{pid}-{task}-{seq}");
                let records = (0..1 + seq % 3)
                    .map(|k| Record::new(0, format!("{tag}-{k}-{}", "y".repeat(300))))
                    .collect();
                let (first, last) = shard.append(Batch::Records(records)).await.expect("append");
                println!("ACK {first} {last} {tag}");
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
}

/// A small xorshift generator: kill moments need to vary, not to be cryptographic.
struct Jitter(u64);

impl Jitter {
    fn next(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_never_loses_an_acknowledged_record() {
    kill_9_cycles(FsyncPolicy::Always).await;
}

/// Under `batch` the syncer performs the direct writes and the fsync while the writer stages the
/// next round, so its crash points differ from `always`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_under_group_commit_never_loses_an_acknowledged_record() {
    kill_9_cycles(FsyncPolicy::Batch).await;
}

async fn kill_9_cycles(policy: FsyncPolicy) {
    let dir = tempfile::tempdir().expect("tempdir");
    let exe = std::env::current_exe().expect("test binary");
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
        | 1;
    let mut jitter = Jitter(seed);
    let mut acked: Vec<(u64, u64, String)> = Vec::new();
    for cycle in 0..CRASH_CYCLES {
        let mut child = Command::new(&exe)
            .args([
                "segment::tests::crash_child",
                "--exact",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CRASH_DIR_ENV, dir.path())
            .env(
                CRASH_FSYNC_ENV,
                if policy == FsyncPolicy::Batch {
                    "batch"
                } else {
                    "always"
                },
            )
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn child");
        let stdout = child.stdout.take().expect("stdout");
        let (lines_tx, lines_rx) = std::sync::mpsc::channel::<String>();
        let reader = std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            while reader.read_line(&mut line).unwrap_or(0) > 0 {
                // A line without its newline was cut by the kill; its append is not counted.
                if line.ends_with('\n') && lines_tx.send(line.trim_end().to_owned()).is_err() {
                    break;
                }
                line.clear();
            }
        });
        // Wait until the child is appending (however slow the machine is to start it), let it
        // run a random while longer, then kill it mid-flight.
        let mut lines = Vec::new();
        loop {
            let line = lines_rx
                .recv_timeout(CHILD_START_DEADLINE)
                .unwrap_or_else(|_| panic!("cycle {cycle}: the child acknowledged nothing"));
            let acked = line.starts_with("ACK ");
            lines.push(line);
            if acked {
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(20 + jitter.next(200)));
        child.kill().expect("SIGKILL");
        let _ = child.wait();
        reader.join().expect("reader");
        lines.extend(lines_rx.try_iter());
        let before = acked.len();
        for line in lines {
            let mut parts = line.split(' ');
            if parts.next() != Some("ACK") {
                continue;
            }
            let (Some(first), Some(last), Some(tag)) = (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            acked.push((
                first.parse().expect("first"),
                last.parse().expect("last"),
                tag.to_owned(),
            ));
        }
        assert!(
            acked.len() > before,
            "cycle {cycle}: the child's acknowledgements were read"
        );

        let io = SegmentIo::new(1).expect("io");
        let shard = open(dir.path(), &io, policy);
        let hw = shard.status().await.expect("status").high_watermark;
        let values = read_values(&shard, 0)
            .await
            .expect("nothing after recovery is corrupt");
        assert_eq!(values.len() as u64, hw, "cycle {cycle}: offsets are dense");
        for (first, last, tag) in &acked {
            assert!(
                *last < hw,
                "cycle {cycle}: acknowledged offset {last} lost (hw {hw})"
            );
            for offset in *first..=*last {
                let (o, v) = &values[offset as usize];
                assert_eq!(*o, offset);
                let expected = format!("{tag}-{}-", offset - first);
                assert!(
                    v.starts_with(expected.as_bytes()),
                    "cycle {cycle}: offset {offset} holds the wrong record"
                );
            }
        }
        shard.close().await.expect("close");
    }
    let records: u64 = acked.iter().map(|(f, l, _)| l - f + 1).sum();
    println!(
        "kill -9 crash test, fsync {policy:?}: {CRASH_CYCLES} cycles, {} acknowledged appends ({records} records), 0 lost",
        acked.len()
    );
}
