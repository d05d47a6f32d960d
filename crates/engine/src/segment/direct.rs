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
//! acknowledged bytes over themselves with the same value, so a torn write cannot damage them.
//! The file on disk may therefore end in fewer than [`ALIGN`] zero bytes after the last frame:
//! rolling and closing trim them, and recovery recognises them with [`is_padding`] when a crash
//! left them behind.
//!
//! The writer thread only prepares a direct write ([`DirectFile::prepare`]): the device time goes
//! to whoever completes the round ([`DeferredIo::perform`]), the syncer under `fsync = batch`, so
//! the writer stages the next round while the disk takes this one. A shard's deferred writes are
//! performed in the order they were prepared, which matters: consecutive writes share the tail
//! block.
//!
//! Readers go on reading with `pread` through the segment's ordinary descriptor. The kernel drops
//! the cached pages a direct write covers once the write is done, and readers read only below the
//! visible size, published after the write, whose bytes never change.

use std::fs::{File, OpenOptions};
use std::io;
use std::os::unix::fs::{FileExt as _, OpenOptionsExt as _};
use std::path::Path;
use std::sync::Arc;

use parking_lot::Mutex;
use rustix::fs::{AtFlags, OFlags, StatxFlags};

/// The block size direct writes are aligned to, in the file and in memory. 4 KiB covers disks with
/// 512-byte and 4 KiB logical blocks; a filesystem that asks for more gets buffered writes.
pub(crate) const ALIGN: usize = 4096;

/// Staging buffers kept for reuse, and the largest one kept. Memory written again and again stays
/// cheap to write, unlike fresh pages, and one huge round does not pin its memory for good.
const KEEP_BUFFERS: usize = 16;
const KEEP_BUFFER_BYTES: usize = 32 << 20;

static FREE_BUFFERS: Mutex<Vec<AlignedBuf>> = Mutex::new(Vec::new());

fn take_buffer() -> AlignedBuf {
    FREE_BUFFERS.lock().pop().unwrap_or_default()
}

fn give_back(mut buf: AlignedBuf) {
    if buf.capacity() > KEEP_BUFFER_BYTES {
        return;
    }
    buf.clear();
    let mut free = FREE_BUFFERS.lock();
    if free.len() < KEEP_BUFFERS {
        free.push(buf);
    }
}

/// `pos` rounded down to a multiple of [`ALIGN`].
pub(crate) fn align_down(pos: u64) -> u64 {
    pos & !(ALIGN as u64 - 1)
}

/// `pos` rounded up to a multiple of [`ALIGN`].
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
    pub(crate) fn as_slice(&self) -> &[u8] {
        &self.raw[self.start..self.start + self.len]
    }

    pub(crate) fn clear(&mut self) {
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
    /// The OS error; the file's tail is in an unknown state after a failed write.
    pub(crate) fn perform(self) -> io::Result<()> {
        match self {
            DeferredIo::Write { file, buf, at } => {
                let result = file.write_all_at(buf.padded_slice(), at);
                give_back(buf);
                result
            }
            DeferredIo::Trim { file, len } => file.set_len(len),
        }
    }
}

/// The direct-write descriptor of an active segment and the bytes of its partial last block.
pub(crate) struct DirectFile {
    file: Arc<File>,
    /// The file's bytes from `align_down(written)` to `written`.
    tail: Vec<u8>,
}

impl DirectFile {
    /// Opens `path` for direct writes after its first `written` bytes, reading the partial last
    /// block through `reader`. `Ok(None)` when the filesystem does not do direct I/O, or wants a
    /// coarser alignment than [`ALIGN`] (`statx` reports it since Linux 6.1; before, 4 KiB is
    /// assumed, which every common disk accepts).
    ///
    /// # Errors
    /// When the file cannot be opened or its last block cannot be read.
    pub(crate) fn open(path: &Path, reader: &File, written: u64) -> io::Result<Option<Self>> {
        let file = match OpenOptions::new()
            .write(true)
            .custom_flags(OFlags::DIRECT.bits() as i32)
            .open(path)
        {
            Ok(file) => file,
            Err(e) if e.raw_os_error() == Some(rustix::io::Errno::INVAL.raw_os_error()) => {
                return Ok(None);
            }
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
        let mut tail = vec![0; usize::try_from(written - start).unwrap_or(0)];
        reader.read_exact_at(&mut tail, start)?;
        Ok(Some(Self {
            file: Arc::new(file),
            tail,
        }))
    }

    /// Prepares the write of `frames` at `written`, the file's length of data once every earlier
    /// prepared write is done: the partial last block again, then the frames, padded with zeros to
    /// a block boundary. The writes of one file must be performed in the order they were prepared.
    pub(crate) fn prepare(&mut self, frames: &[u8], written: u64) -> DeferredIo {
        let at = written - self.tail.len() as u64;
        let mut buf = take_buffer();
        buf.extend_from_slice(&self.tail);
        buf.extend_from_slice(frames);
        let whole = buf.len - buf.len % ALIGN;
        self.tail.clear();
        self.tail.extend_from_slice(&buf.as_slice()[whole..]);
        buf.pad();
        DeferredIo::Write {
            file: Arc::clone(&self.file),
            buf,
            at,
        }
    }
}

/// Whether the bytes of `file` from `end` to `size` are the zero padding a direct write leaves
/// after the last frame: fewer than [`ALIGN`] zero bytes ending on a block boundary.
///
/// # Errors
/// When the bytes cannot be read.
pub(crate) fn is_padding(file: &File, end: u64, size: u64) -> io::Result<bool> {
    if size <= end || size != align_up(end) {
        return Ok(false);
    }
    let mut bytes = vec![0; usize::try_from(size - end).unwrap_or(0)];
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
        let path = dir.path().join("log");
        let reader = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .expect("create");
        let Some(mut direct) = DirectFile::open(&path, &reader, 0).expect("open") else {
            eprintln!("skipped: this filesystem does not support O_DIRECT");
            return;
        };
        let mut expected: Vec<u8> = Vec::new();
        for i in 0..50u8 {
            let frames = vec![i + 1; 700 + usize::from(i) * 131];
            direct
                .prepare(&frames, expected.len() as u64)
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
        direct.prepare(b"more", written).perform().expect("write");
        expected.extend_from_slice(b"more");
        let mut back = vec![0; expected.len()];
        reader.read_exact_at(&mut back, 0).expect("read");
        assert_eq!(back, expected);
        let size = reader.metadata().expect("stat").len();
        assert!(
            !is_padding(&reader, written, size).expect("check"),
            "data is not padding"
        );
    }
}
