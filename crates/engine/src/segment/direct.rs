//! Writing the active segment around the page cache, with `O_DIRECT`.
//!
//! Under `fsync = batch` or `always` every round waits for the disk anyway, and on Linux the copy
//! of each buffered write into freshly allocated page-cache pages is what limits large appends:
//! it ran at about a quarter of the disk's direct-write speed on the benchmark machine (see
//! `bench/README.md`). A direct write goes from one reused, aligned buffer to the device. Under
//! `fsync = never` nothing waits for the disk, so the writer keeps writing through the page cache.
//!
//! A direct write must start and end on a block boundary in the file and in memory. The writer
//! keeps the bytes of the last, partial block of the file (the *tail*) and writes that block
//! again, followed by the new frames and zeros up to the next boundary. Rewriting the tail writes
//! acknowledged bytes over themselves with the same value; a write torn between sectors leaves each
//! sector old or new, and both hold those bytes. (A disk that loses a whole sector on power loss
//! loses it under buffered writeback too, which rewrites the same block.) The file on disk may
//! therefore end in up to [`ALIGN`] zero bytes after the last frame (a whole block only when a
//! crash cut the probe at open short): rolling and closing trim them, and recovery recognises them
//! with [`is_padding`] when a crash left them behind.
//!
//! The writer thread only prepares a direct write ([`DirectFile::prepare`]): the device time goes
//! to whoever completes the round ([`DeferredIo::perform`]), the syncer under `fsync = batch`, so
//! the writer stages the next round while the disk takes this one. A shard's deferred writes are
//! performed in the order they were prepared, which matters: consecutive writes share the tail
//! block.
//!
//! Readers go on reading with `pread` through the segment's ordinary descriptor. The kernel drops
//! the cached pages a direct write covers once the write is done, and readers read only below the
//! visible size, published after the write, whose bytes never change. The price is that reads of
//! recent data come from the disk, not the page cache.
//!
//! Only Linux gets direct writes; elsewhere [`DirectFile::open`] declines and the writer writes
//! through the page cache.

use std::fs::{File, OpenOptions};
use std::io;
use std::os::unix::fs::{FileExt as _, OpenOptionsExt as _};
use std::path::Path;
use std::sync::Arc;

use parking_lot::Mutex;

use crate::record::{Batch, FrameBuf, FrameHeader, encode_frame_into};

/// The block size direct writes are aligned to, in the file and in memory. 4 KiB covers disks with
/// 512-byte and 4 KiB logical blocks; a filesystem that asks for more gets buffered writes.
pub(crate) const ALIGN: usize = 4096;

/// The most staging memory kept for reuse, process-wide: enough for a round in flight and one
/// being staged on a few writer threads. Memory written again and again stays cheap to write,
/// unlike fresh pages, and a burst of huge rounds does not pin its memory for good.
const KEEP_BUFFER_BYTES: usize = 64 << 20;

/// Staging buffers kept for reuse, and their total capacity. A leaf lock: nothing is locked
/// while it is held.
static FREE_BUFFERS: Mutex<(Vec<AlignedBuf>, usize)> = Mutex::new((Vec::new(), 0));

fn take_buffer() -> AlignedBuf {
    let mut free = FREE_BUFFERS.lock();
    let buf = free.0.pop().unwrap_or_default();
    free.1 -= buf.capacity();
    buf
}

fn give_back(mut buf: AlignedBuf) {
    buf.clear();
    let mut free = FREE_BUFFERS.lock();
    if free.1 + buf.capacity() <= KEEP_BUFFER_BYTES {
        free.1 += buf.capacity();
        free.0.push(buf);
    }
}

/// `pos` rounded down to a multiple of [`ALIGN`].
pub(crate) fn align_down(pos: u64) -> u64 {
    pos & !(ALIGN as u64 - 1)
}

/// `pos` rounded up to a multiple of [`ALIGN`].
#[cfg(test)]
pub(crate) fn align_up(pos: u64) -> u64 {
    align_down(pos + (ALIGN as u64 - 1))
}

/// A growable byte buffer whose contents start on an [`ALIGN`] boundary in memory.
///
/// It over-allocates a plain `Vec` by `ALIGN` bytes and uses the aligned window inside it, so it
/// needs no unsafe code. Invariant: `start + capacity` never exceeds `raw.len()`, and
/// `raw[start..]` begins on an `ALIGN` boundary.
#[derive(Default)]
pub(crate) struct AlignedBuf {
    raw: Vec<u8>,
    start: usize,
    len: usize,
}

impl AlignedBuf {
    /// Bytes usable from the aligned start.
    fn capacity(&self) -> usize {
        self.raw.len().saturating_sub(self.start)
    }

    /// The bytes written so far.
    fn as_slice(&self) -> &[u8] {
        &self.raw[self.start..self.start + self.len]
    }

    fn clear(&mut self) {
        self.len = 0;
    }

    /// Makes room for `extra` more bytes plus the padding to the next block boundary.
    fn reserve(&mut self, extra: usize) {
        let need = (self.len + extra).next_multiple_of(ALIGN);
        if need <= self.capacity() {
            return;
        }
        let mut raw = vec![0; need.next_power_of_two() + ALIGN];
        let start = (ALIGN - raw.as_ptr() as usize % ALIGN) % ALIGN;
        raw[start..start + self.len].copy_from_slice(self.as_slice());
        self.raw = raw;
        self.start = start;
    }

    pub(crate) fn extend_from_slice(&mut self, bytes: &[u8]) {
        self.reserve(bytes.len());
        let at = self.start + self.len;
        self.raw[at..at + bytes.len()].copy_from_slice(bytes);
        self.len += bytes.len();
    }

    /// Writes zeros after the contents up to the next block boundary, for a direct write. The
    /// padding is not part of the contents.
    fn pad(&mut self) {
        self.reserve(0);
        let end = self.len.next_multiple_of(ALIGN);
        self.raw[self.start + self.len..self.start + end].fill(0);
    }

    /// The contents and the padding [`Self::pad`] wrote.
    fn padded_slice(&self) -> &[u8] {
        &self.raw[self.start..self.start + self.len.next_multiple_of(ALIGN)]
    }
}

impl FrameBuf for AlignedBuf {
    fn len(&self) -> usize {
        self.len
    }

    fn reserve(&mut self, additional: usize) {
        AlignedBuf::reserve(self, additional);
    }

    fn extend_from_slice(&mut self, bytes: &[u8]) {
        AlignedBuf::extend_from_slice(self, bytes);
    }

    fn written_mut(&mut self) -> &mut [u8] {
        &mut self.raw[self.start..self.start + self.len]
    }
}

/// File work a round prepared and its completion performs, in order, before syncing.
pub(crate) enum DeferredIo {
    /// A direct write of whole blocks.
    Write {
        file: Arc<File>,
        /// The blocks, already padded.
        buf: AlignedBuf,
        at: u64,
    },
    /// Cutting a closed segment's padding off: its length becomes `len`.
    Trim { file: Arc<File>, len: u64 },
}

impl DeferredIo {
    /// Does the work, giving a write's buffer back for reuse.
    ///
    /// # Errors
    /// The OS error, saying what was being done; the file's tail is in an unknown state after a
    /// failed write.
    pub(crate) fn perform(self) -> io::Result<()> {
        match self {
            DeferredIo::Write { file, buf, at } => {
                let len = buf.padded_slice().len();
                let result = file.write_all_at(buf.padded_slice(), at);
                give_back(buf);
                result.map_err(|e| {
                    io::Error::new(
                        e.kind(),
                        format!("direct write of {len} bytes at {at}: {e}"),
                    )
                })
            }
            DeferredIo::Trim { file, len } => file
                .set_len(len)
                .map_err(|e| io::Error::new(e.kind(), format!("truncating to {len}: {e}"))),
        }
    }
}

/// The direct-write descriptor of an active segment, and the buffer the next write is staged in.
pub(crate) struct DirectFile {
    file: Arc<File>,
    /// Starts with the file's partial last block (`tail` bytes, from `align_down(written)` to
    /// `written`); the frames of the next write are encoded after it.
    staging: AlignedBuf,
    tail: usize,
}

impl DirectFile {
    /// Opens `path` for direct writes after its first `written` bytes, reading the partial last
    /// block through `reader`. `Ok(None)` when the filesystem does not do direct I/O or refuses
    /// [`ALIGN`]-aligned direct writes: `statx` reports the alignment it needs (since Linux 6.1),
    /// and a probe write proves it: the partial last block with the bytes it already holds and
    /// zeros after them, or, when the data ends on a boundary, a block of zeros that is then cut
    /// off again.
    ///
    /// # Errors
    /// When the file cannot be opened, or its last block cannot be read or written.
    #[cfg(target_os = "linux")]
    pub(crate) fn open(path: &Path, reader: &File, written: u64) -> io::Result<Option<Self>> {
        use rustix::fs::{AtFlags, OFlags, StatxFlags};
        // EINVAL: no direct I/O here, or not at this alignment.
        let refused = |e: &io::Error| e.kind() == io::ErrorKind::InvalidInput;
        let file = match OpenOptions::new()
            .write(true)
            .custom_flags(OFlags::DIRECT.bits() as i32)
            .open(path)
        {
            Ok(file) => file,
            Err(e) if refused(&e) => return Ok(None),
            Err(e) => return Err(e),
        };
        if let Ok(stat) = rustix::fs::statx(&file, "", AtFlags::EMPTY_PATH, StatxFlags::DIOALIGN)
            && stat.stx_mask & StatxFlags::DIOALIGN.bits() != 0
        {
            let (offset, memory) = (stat.stx_dio_offset_align, stat.stx_dio_mem_align);
            let fits = |align: u32| align != 0 && ALIGN.is_multiple_of(align as usize);
            if !fits(offset) || !fits(memory) {
                return Ok(None);
            }
        }
        let start = align_down(written);
        // Below ALIGN by construction.
        let mut tail = vec![0; (written - start) as usize];
        reader.read_exact_at(&mut tail, start)?;
        let file = Arc::new(file);
        let mut probe = take_buffer();
        probe.extend_from_slice(&tail);
        probe.extend_from_slice(&[0; ALIGN][tail.len()..]);
        let probed = DeferredIo::Write {
            file: Arc::clone(&file),
            buf: probe,
            at: start,
        }
        .perform();
        match probed {
            Ok(()) => {}
            Err(e) if refused(&e) => return Ok(None),
            Err(e) => return Err(e),
        }
        if tail.is_empty() {
            reader.set_len(written)?;
        }
        let mut staging = take_buffer();
        staging.extend_from_slice(&tail);
        Ok(Some(Self {
            file,
            staging,
            tail: tail.len(),
        }))
    }

    /// Direct writes are Linux only.
    ///
    /// # Errors
    /// Never.
    #[cfg(not(target_os = "linux"))]
    pub(crate) fn open(_path: &Path, _reader: &File, _written: u64) -> io::Result<Option<Self>> {
        Ok(None)
    }

    /// Encodes the frame for `batch` after those already staged; see [`encode_frame_into`].
    pub(crate) fn encode(
        &mut self,
        base_offset: u64,
        batch: &Batch,
        max_ts_so_far: i64,
    ) -> FrameHeader {
        encode_frame_into(base_offset, batch, max_ts_so_far, &mut self.staging)
    }

    /// Stages raw bytes, as if they were frames.
    #[cfg(test)]
    fn stage_bytes(&mut self, bytes: &[u8]) {
        self.staging.extend_from_slice(bytes);
    }

    /// Bytes of frames staged since the last [`Self::prepare`].
    pub(crate) fn staged(&self) -> usize {
        self.staging.len - self.tail
    }

    /// Prepares the write of the staged frames after `written`, the file's length of data once
    /// every earlier prepared write is done: the partial last block again, then the frames,
    /// padded with zeros to a block boundary. The writes of one file must be performed in the
    /// order they were prepared.
    pub(crate) fn prepare(&mut self, written: u64) -> DeferredIo {
        let at = written - self.tail as u64;
        let mut buf = std::mem::replace(&mut self.staging, take_buffer());
        let whole = buf.len - buf.len % ALIGN;
        self.staging.extend_from_slice(&buf.as_slice()[whole..]);
        self.tail = buf.len - whole;
        buf.pad();
        DeferredIo::Write {
            file: Arc::clone(&self.file),
            buf,
            at,
        }
    }
}

impl Drop for DirectFile {
    fn drop(&mut self) {
        give_back(std::mem::take(&mut self.staging));
    }
}

/// Whether the bytes of `file` from `end` to `size` are the zero padding a direct write leaves
/// after the last frame: at most [`ALIGN`] zero bytes, ending on a block boundary. A whole block
/// is what a crash leaves between the probe at open of a block-aligned file and its trim.
///
/// # Errors
/// When the bytes cannot be read.
pub(crate) fn is_padding(file: &File, end: u64, size: u64) -> io::Result<bool> {
    if size <= end || !size.is_multiple_of(ALIGN as u64) || size - end > ALIGN as u64 {
        return Ok(false);
    }
    // At most ALIGN, as just checked.
    let mut bytes = vec![0; (size - end) as usize];
    file.read_exact_at(&mut bytes, end)?;
    Ok(bytes.iter().all(|&b| b == 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_aligned_buffer_stays_aligned_keeps_its_contents_and_pads_with_zeros() {
        let mut buf = AlignedBuf::default();
        let mut expected = Vec::new();
        for i in 0..40u8 {
            let chunk = vec![i | 1; 1000 + usize::from(i) * 397];
            buf.extend_from_slice(&chunk);
            expected.extend_from_slice(&chunk);
            assert_eq!(buf.as_slice(), expected.as_slice());
            let len = buf.as_slice().len();
            buf.pad();
            let padded = buf.padded_slice();
            assert_eq!(padded.as_ptr() as usize % ALIGN, 0, "memory alignment");
            assert_eq!(padded.len() % ALIGN, 0, "whole blocks");
            assert_eq!(&padded[..len], expected.as_slice());
            assert!(padded[len..].iter().all(|&b| b == 0), "zero padding");
        }
        buf.clear();
        buf.extend_from_slice(b"abc");
        buf.pad();
        assert_eq!(buf.padded_slice().len(), ALIGN);
        assert_eq!(
            &buf.padded_slice()[..4],
            b"abc\0",
            "old bytes after the contents are zeroed"
        );
    }

    /// A new file to read and write, and its path.
    fn scratch(dir: &Path) -> (std::path::PathBuf, File) {
        let path = dir.join("log");
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .expect("create");
        (path, file)
    }

    #[test]
    fn at_most_a_block_of_zeros_up_to_a_boundary_is_padding() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (_, file) = scratch(dir.path());
        let end = 1000;
        file.write_all_at(&[7; 1000], 0).expect("data");
        file.set_len(ALIGN as u64).expect("pad");
        assert!(is_padding(&file, end, ALIGN as u64).expect("check"));
        assert!(
            !is_padding(&file, end, end).expect("check"),
            "no bytes, no padding"
        );
        file.write_all_at(&[1], 3000).expect("dirty");
        assert!(
            !is_padding(&file, end, ALIGN as u64).expect("check"),
            "a non-zero byte"
        );
        file.write_all_at(&[0], 3000).expect("clean");
        file.write_all_at(&[7; ALIGN], 0)
            .expect("a whole block of data");
        file.set_len(2 * ALIGN as u64).expect("grow");
        assert!(
            is_padding(&file, ALIGN as u64, 2 * ALIGN as u64).expect("check"),
            "the zero block a cut-short probe leaves"
        );
        assert!(
            !is_padding(&file, end, 2 * ALIGN as u64).expect("check"),
            "zeros past the next boundary"
        );
        file.set_len(3000).expect("cut");
        assert!(
            !is_padding(&file, end, 3000).expect("check"),
            "zeros not ending on a boundary"
        );
    }

    #[test]
    fn rounding_to_blocks() {
        assert_eq!(align_down(0), 0);
        assert_eq!(align_down(4095), 0);
        assert_eq!(align_down(4096), 4096);
        assert_eq!(align_up(0), 0);
        assert_eq!(align_up(1), 4096);
        assert_eq!(align_up(4096), 4096);
        assert_eq!(align_up(4097), 8192);
    }

    #[test]
    fn rewrites_of_the_partial_block_keep_every_byte_and_padding_is_recognised() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (path, reader) = scratch(dir.path());
        let Some(mut direct) = DirectFile::open(&path, &reader, 0).expect("open") else {
            eprintln!("skipped: this filesystem does not support O_DIRECT");
            return;
        };
        let mut expected: Vec<u8> = Vec::new();
        for i in 0..50u8 {
            let frames = vec![i + 1; 700 + usize::from(i) * 131];
            direct.stage_bytes(&frames);
            assert_eq!(direct.staged(), frames.len());
            direct
                .prepare(expected.len() as u64)
                .perform()
                .expect("write");
            expected.extend_from_slice(&frames);
            let size = reader.metadata().expect("stat").len();
            assert_eq!(size, align_up(expected.len() as u64));
            let mut back = vec![0; expected.len()];
            reader.read_exact_at(&mut back, 0).expect("read");
            assert_eq!(back, expected, "after write {i}");
            assert!(
                is_padding(&reader, expected.len() as u64, size).expect("check")
                    || size == expected.len() as u64
            );
        }
        // A reopened writer carries on from the data, not from the padded length.
        let written = expected.len() as u64;
        let mut direct = DirectFile::open(&path, &reader, written)
            .expect("reopen")
            .expect("direct");
        direct.stage_bytes(b"more");
        direct.prepare(written).perform().expect("write");
        expected.extend_from_slice(b"more");
        let mut back = vec![0; expected.len()];
        reader.read_exact_at(&mut back, 0).expect("read");
        assert_eq!(back, expected);
        let size = reader.metadata().expect("stat").len();
        assert_eq!(size, align_up(expected.len() as u64));
    }
}
