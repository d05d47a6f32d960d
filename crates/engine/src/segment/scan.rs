//! Reading frames from a segment file: a buffered cursor that verifies every frame's CRC before
//! handing it out, used by recovery, reads and time lookups alike.

use std::fs::File;
use std::os::unix::fs::FileExt;

use bytes::Bytes;

use crate::record::{FrameHeader, MAX_FRAME_LEN, Parsed, parse_frame};

/// How much a cursor reads at once when frames are small.
const READ_CHUNK: usize = 64 * 1024;

/// Why a scan stopped before its limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ScanStop {
    /// The bytes up to the limit end inside a frame: a torn write.
    Torn {
        /// Where the partial frame starts.
        position: u64,
    },
    /// A frame failed its checks.
    Corrupt {
        /// Where the bad frame starts.
        position: u64,
        /// What check failed.
        reason: String,
    },
    /// The file could not be read.
    Io {
        /// Where the read started.
        position: u64,
        /// The OS error, rendered.
        reason: String,
    },
}

/// A forward cursor over the frames of one file between two positions.
pub(crate) struct FrameCursor<'a> {
    file: &'a File,
    pos: u64,
    limit: u64,
    chunk: Bytes,
    chunk_start: u64,
}

impl<'a> FrameCursor<'a> {
    /// A cursor at `pos` that never reads at or past `limit`.
    pub(crate) fn new(file: &'a File, pos: u64, limit: u64) -> Self {
        Self {
            file,
            pos,
            limit,
            chunk: Bytes::new(),
            chunk_start: pos,
        }
    }

    /// The position of the next frame.
    pub(crate) fn position(&self) -> u64 {
        self.pos
    }

    /// Makes `[pos, pos + need)` available in the chunk, reading at least [`READ_CHUNK`] bytes.
    fn fill(&mut self, need: usize) -> Result<(), ScanStop> {
        let have_from = self.pos.saturating_sub(self.chunk_start) as usize;
        if self.pos >= self.chunk_start && have_from + need <= self.chunk.len() {
            return Ok(());
        }
        let available = usize::try_from(self.limit - self.pos).unwrap_or(usize::MAX);
        let len = need.max(READ_CHUNK).min(available);
        let mut buf = vec![0; len];
        self.file
            .read_exact_at(&mut buf, self.pos)
            .map_err(|e| ScanStop::Io {
                position: self.pos,
                reason: e.to_string(),
            })?;
        self.chunk = Bytes::from(buf);
        self.chunk_start = self.pos;
        Ok(())
    }

    /// The length the next frame claims, unverified: good enough to decide not to read it, never
    /// to serve it. `None` at the limit or when too few bytes remain to tell.
    ///
    /// # Errors
    /// [`ScanStop::Io`] when the file cannot be read.
    pub(crate) fn peek_len(&mut self) -> Result<Option<u64>, ScanStop> {
        if self.limit.saturating_sub(self.pos) < 4 {
            return Ok(None);
        }
        self.fill(4)?;
        let at = (self.pos - self.chunk_start) as usize;
        let mut len = [0; 4];
        len.copy_from_slice(&self.chunk[at..at + 4]);
        Ok(Some(u64::from(u32::from_le_bytes(len)) + 4))
    }

    /// The next verified frame and its bytes, or `None` at the limit.
    ///
    /// # Errors
    /// [`ScanStop`] when the bytes before the limit are not a whole, valid frame.
    pub(crate) fn next_frame(&mut self) -> Result<Option<(FrameHeader, Bytes)>, ScanStop> {
        if self.pos >= self.limit {
            return Ok(None);
        }
        let remaining = self.limit - self.pos;
        if remaining < 4 {
            return Err(ScanStop::Torn { position: self.pos });
        }
        self.fill(4)?;
        let at = (self.pos - self.chunk_start) as usize;
        let mut len = [0; 4];
        len.copy_from_slice(&self.chunk[at..at + 4]);
        let frame_len = u32::from_le_bytes(len) as usize + 4;
        if frame_len > MAX_FRAME_LEN {
            return Err(ScanStop::Corrupt {
                position: self.pos,
                reason: format!("frame length {frame_len} exceeds the maximum"),
            });
        }
        if frame_len as u64 > remaining {
            return Err(ScanStop::Torn { position: self.pos });
        }
        self.fill(frame_len)?;
        let at = (self.pos - self.chunk_start) as usize;
        let frame = self.chunk.slice(at..at + frame_len);
        match parse_frame(&frame) {
            Parsed::Frame(header) => {
                self.pos += frame_len as u64;
                Ok(Some((header, frame)))
            }
            Parsed::Incomplete(_) => Err(ScanStop::Torn { position: self.pos }),
            Parsed::Corrupt(reason) => Err(ScanStop::Corrupt {
                position: self.pos,
                reason,
            }),
        }
    }
}
