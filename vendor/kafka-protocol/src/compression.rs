//! Provides compression utilities for encoding records.
//!
//! This module has implementations of gzip, Snappy, as well as a noop compression format that
//! allows encoding and decoding records into a [`Record`](crate::records::Record).

use crate::protocol::buf::{ByteBuf, ByteBufMut};
use anyhow::Result;

#[cfg(feature = "gzip")]
mod gzip;
#[cfg(feature = "lz4")]
mod lz4;
mod none;
#[cfg(feature = "snappy")]
mod snappy;
#[cfg(feature = "zstd")]
mod zstd;

#[cfg(feature = "gzip")]
pub use gzip::Gzip;
#[cfg(feature = "lz4")]
pub use lz4::Lz4;
pub use none::None;
#[cfg(feature = "snappy")]
pub use snappy::Snappy;
#[cfg(feature = "zstd")]
pub use zstd::Zstd;

/// RobustMQ patch: the most bytes one record batch may decompress to. A batch is a few bytes
/// on the wire, so without a bound a small "decompression bomb" (gigabytes of zeros) makes
/// the decoder allocate until the process aborts; beyond this, decompression fails instead.
pub const MAX_DECOMPRESSED: usize = 64 << 20;

/// RobustMQ patch: the error for a batch that decompresses to more than [`MAX_DECOMPRESSED`].
fn too_large() -> anyhow::Error {
    anyhow::anyhow!("batch decompresses to more than {MAX_DECOMPRESSED} bytes")
}

/// RobustMQ patch: a writer that fails once more than [`MAX_DECOMPRESSED`] bytes reach it.
#[cfg(feature = "gzip")]
struct Bounded<W>(W, usize);

#[cfg(feature = "gzip")]
impl<W: std::io::Write> std::io::Write for Bounded<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.1 = self.1.saturating_add(buf.len());
        if self.1 > MAX_DECOMPRESSED {
            return Err(std::io::Error::other(too_large()));
        }
        self.0.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// RobustMQ patch: copies what `reader` decompresses into `out`, failing beyond
/// [`MAX_DECOMPRESSED`] bytes.
#[cfg(any(feature = "lz4", feature = "zstd"))]
fn copy_bounded<R: std::io::Read, W: std::io::Write>(reader: R, out: &mut W) -> Result<()> {
    let copied = std::io::copy(&mut reader.take(MAX_DECOMPRESSED as u64 + 1), out)?;
    if copied > MAX_DECOMPRESSED as u64 {
        return Err(too_large());
    }
    Ok(())
}

/// A trait for record compression algorithms.
pub trait Compressor<B: ByteBufMut> {
    /// Target buffer type for compression.
    type BufMut: ByteBufMut;
    /// Compresses into provided [`ByteBufMut`], with records encoded by `F` into `R`.
    fn compress<R, F>(buf: &mut B, f: F) -> Result<R>
    where
        F: FnOnce(&mut Self::BufMut) -> Result<R>;
}

/// A trait for record decompression algorithms.
pub trait Decompressor<B: ByteBuf> {
    /// Target buffer type for decompression.
    type Buf: ByteBuf;
    /// Decompress records from `B` mapped using `F` into `R`.
    fn decompress<R, F>(buf: &mut B, f: F) -> Result<R>
    where
        F: FnOnce(&mut Self::Buf) -> Result<R>;
}
