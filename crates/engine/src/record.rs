//! Records, batches and the on-disk frame that carries a batch.
//!
//! The frame codec is sans-IO: it turns a batch into bytes and bytes back into a batch, and never
//! touches a file. The segment and RocksDB backends both store frames, so both verify the same
//! CRC32C before a batch is served.
//!
//! Frame layout, little endian:
//!
//! ```text
//! 0   len                u32   bytes after this field
//! 4   crc                u32   CRC32C of bytes [8, 4 + len)
//! 8   base_offset        u64
//! 16  last_offset_delta  u32   record count - 1
//! 20  max_timestamp      i64   largest record timestamp in the batch (ms)
//! 28  max_ts_so_far      i64   largest timestamp in the shard up to and including this batch
//! 36  attributes         u8    bit 0: opaque payload
//! 37  payload
//! ```
//!
//! A records payload is, per record: `timestamp i64`, `key_len u32` (`u32::MAX` = no key) and key,
//! `header_count u32` and per header `key_len u16`, key (UTF-8), `value_len u32`, value; then
//! `value_len u32` and value. An opaque payload is stored as given (a Kafka RecordBatch, later).

use bytes::{Buf, Bytes};
use std::borrow::Cow;

/// Bytes of frame before the payload.
pub const FRAME_OVERHEAD: usize = 37;

/// Largest frame the codec accepts. A length field above it is treated as a torn or corrupt tail
/// rather than as a reason to allocate.
pub const MAX_FRAME_LEN: usize = 1 << 30;

const ATTR_OPAQUE: u8 = 1;
const NO_KEY: u32 = u32::MAX;

/// A record header: a name and a binary value (MQTT user properties, Kafka headers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Header name. A writer that stamps the same names on every record (the broker's QoS
    /// header) borrows them, so a record costs no allocation per name.
    pub key: Cow<'static, str>,
    /// Header value.
    pub value: Bytes,
}

/// One record. Cloning is cheap: the byte fields are reference counted.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Record {
    /// Optional key (Kafka key; unused by MQTT).
    pub key: Option<Bytes>,
    /// Headers, in order.
    pub headers: Vec<Header>,
    /// Milliseconds since the Unix epoch, as set by the producer or the broker.
    pub timestamp: i64,
    /// The payload.
    pub value: Bytes,
}

impl Record {
    /// A record with just a timestamp and a value.
    pub fn new(timestamp: i64, value: impl Into<Bytes>) -> Self {
        Self {
            timestamp,
            value: value.into(),
            ..Self::default()
        }
    }
}

/// A batch whose bytes the engine stores without looking inside, such as a Kafka RecordBatch. It
/// occupies `record_count` offsets and is always read back whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpaqueBatch {
    /// How many offsets the batch occupies; at least 1.
    pub record_count: u32,
    /// Largest timestamp inside, for time lookups and retention.
    pub max_timestamp: i64,
    /// The bytes, stored verbatim.
    pub payload: Bytes,
}

/// What an append stores: records the engine understands, or an opaque batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Batch {
    /// Individual records; a read may start in the middle.
    Records(Vec<Record>),
    /// Bytes stored verbatim.
    Opaque(OpaqueBatch),
}

impl Batch {
    /// Offsets the batch occupies.
    pub fn record_count(&self) -> u64 {
        match self {
            Batch::Records(records) => records.len() as u64,
            Batch::Opaque(o) => u64::from(o.record_count),
        }
    }

    /// Largest timestamp in the batch; `i64::MIN` for an empty one.
    pub fn max_timestamp(&self) -> i64 {
        match self {
            Batch::Records(records) => records
                .iter()
                .map(|r| r.timestamp)
                .max()
                .unwrap_or(i64::MIN),
            Batch::Opaque(o) => o.max_timestamp,
        }
    }

    /// Size of the frame that stores this batch.
    pub fn frame_len(&self) -> usize {
        FRAME_OVERHEAD + payload_len(self)
    }

    /// The offset of the first record with a timestamp at or after `timestamp`, for a batch
    /// stored at `base_offset` that holds one. An opaque batch answers its base offset.
    pub(crate) fn first_at_or_after(&self, base_offset: u64, timestamp: i64) -> u64 {
        match self {
            Batch::Records(records) => records
                .iter()
                .position(|r| r.timestamp >= timestamp)
                .map_or(base_offset, |p| base_offset + p as u64),
            Batch::Opaque(_) => base_offset,
        }
    }
}

/// Gathers the batches of one read within its record and byte limits. The first batch is always
/// taken, whatever its size, so a reader always progresses.
pub(crate) struct ReadCollector {
    from: u64,
    max_records: u64,
    max_bytes: u64,
    records: u64,
    bytes: u64,
    out: Vec<ReadBatch>,
}

impl ReadCollector {
    /// A read starting at offset `from`.
    pub(crate) fn new(from: u64, max_records: u64, max_bytes: u64) -> Self {
        Self {
            from,
            max_records,
            max_bytes,
            records: 0,
            bytes: 0,
            out: Vec::new(),
        }
    }

    /// Whether a batch stored in `stored_bytes` still fits.
    pub(crate) fn has_room(&self, stored_bytes: u64) -> bool {
        self.out.is_empty()
            || (self.records < self.max_records && self.bytes + stored_bytes <= self.max_bytes)
    }

    /// Takes a batch, trimmed to the read's start and record limit.
    pub(crate) fn push(&mut self, base_offset: u64, batch: Batch, stored_bytes: u64) {
        let mut read = ReadBatch { base_offset, batch };
        read.skip_before(self.from);
        read.keep_first(self.max_records.saturating_sub(self.records).max(1));
        self.records += read.batch.record_count();
        self.bytes += stored_bytes;
        self.out.push(read);
    }

    /// The batches taken.
    pub(crate) fn finish(self) -> Vec<ReadBatch> {
        self.out
    }
}

/// A batch as read back, with the offset of its first record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadBatch {
    /// Offset of the first record in `batch`.
    pub base_offset: u64,
    /// The records.
    pub batch: Batch,
}

impl ReadBatch {
    /// Offset of the last record.
    pub fn last_offset(&self) -> u64 {
        self.base_offset + self.batch.record_count().saturating_sub(1)
    }

    /// Drops records before `offset`, which reads that start inside a batch need. Opaque batches
    /// stay whole: their reader skips the offsets it did not ask for, as Kafka clients do.
    pub(crate) fn skip_before(&mut self, offset: u64) {
        if let Batch::Records(records) = &mut self.batch
            && offset > self.base_offset
        {
            let skip = usize::try_from(offset - self.base_offset)
                .unwrap_or(usize::MAX)
                .min(records.len());
            records.drain(..skip);
            self.base_offset += skip as u64;
        }
    }

    /// Keeps at most `n` records. Opaque batches cannot be split and stay whole.
    pub(crate) fn keep_first(&mut self, n: u64) {
        if let Batch::Records(records) = &mut self.batch {
            records.truncate(usize::try_from(n).unwrap_or(usize::MAX));
        }
    }
}

/// The fixed fields of a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameHeader {
    /// Offset of the first record.
    pub base_offset: u64,
    /// Record count minus one.
    pub last_offset_delta: u32,
    /// Largest timestamp in the batch.
    pub max_timestamp: i64,
    /// Largest timestamp in the shard up to this batch; never decreases along the log.
    pub max_ts_so_far: i64,
    /// Whether the payload is opaque.
    pub opaque: bool,
    /// Bytes of the whole frame, length field included.
    pub frame_len: usize,
}

impl FrameHeader {
    /// Offset of the last record.
    pub fn last_offset(&self) -> u64 {
        self.base_offset + u64::from(self.last_offset_delta)
    }

    /// Offset after the last record.
    pub fn next_offset(&self) -> u64 {
        self.last_offset() + 1
    }
}

/// What [`parse_frame`] found at the start of a buffer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    /// A whole frame whose CRC matches.
    Frame(FrameHeader),
    /// The buffer ends inside a frame; this many bytes make it whole.
    Incomplete(usize),
    /// The bytes are not a valid frame.
    Corrupt(String),
}

fn payload_len(batch: &Batch) -> usize {
    match batch {
        Batch::Records(records) => records
            .iter()
            .map(|r| {
                8 + 4
                    + r.key.as_ref().map_or(0, Bytes::len)
                    + 4
                    + r.headers
                        .iter()
                        .map(|h| 2 + h.key.len() + 4 + h.value.len())
                        .sum::<usize>()
                    + 4
                    + r.value.len()
            })
            .sum(),
        Batch::Opaque(o) => o.payload.len(),
    }
}

/// Checks a batch before it is framed: not empty, not too large, and every field fits its
/// length prefix.
///
/// # Errors
/// A reason, for [`crate::EngineError::EmptyBatch`] or `InvalidConfig`-style rejections.
pub(crate) fn check_batch(batch: &Batch, max_frame: usize) -> crate::Result<()> {
    use crate::EngineError;
    match batch {
        Batch::Records(records) if records.is_empty() => return Err(EngineError::EmptyBatch),
        Batch::Records(records) if records.len() > u32::MAX as usize => {
            return Err(EngineError::InvalidConfig(
                "too many records in one batch".to_owned(),
            ));
        }
        Batch::Records(records) => {
            for r in records {
                let too_long = r.key.as_ref().is_some_and(|k| k.len() >= NO_KEY as usize)
                    || r.value.len() > u32::MAX as usize
                    || r.headers.len() > u32::MAX as usize
                    || r.headers.iter().any(|h| {
                        h.key.len() > usize::from(u16::MAX) || h.value.len() > u32::MAX as usize
                    });
                if too_long {
                    return Err(EngineError::InvalidConfig(
                        "a record field exceeds its length limit".to_owned(),
                    ));
                }
            }
        }
        Batch::Opaque(o) if o.record_count == 0 => return Err(EngineError::EmptyBatch),
        Batch::Opaque(_) => {}
    }
    let size = batch.frame_len();
    if size > max_frame.min(MAX_FRAME_LEN) {
        return Err(EngineError::BatchTooLarge {
            size,
            max: max_frame.min(MAX_FRAME_LEN),
        });
    }
    Ok(())
}

/// A growable byte buffer a frame is encoded into: a `Vec`, or the segment writer's aligned
/// buffer for direct writes, so that frames are copied once on their way to the disk.
pub(crate) trait FrameBuf {
    /// Bytes written so far.
    fn len(&self) -> usize;
    /// Makes room for `additional` more bytes.
    fn reserve(&mut self, additional: usize);
    /// Appends `bytes`.
    fn extend_from_slice(&mut self, bytes: &[u8]);
    /// Everything written so far, to patch in place.
    fn written_mut(&mut self) -> &mut [u8];
}

impl FrameBuf for Vec<u8> {
    fn len(&self) -> usize {
        Vec::len(self)
    }

    fn reserve(&mut self, additional: usize) {
        Vec::reserve(self, additional);
    }

    fn extend_from_slice(&mut self, bytes: &[u8]) {
        Vec::extend_from_slice(self, bytes);
    }

    fn written_mut(&mut self) -> &mut [u8] {
        self
    }
}

/// Appends the frame for `batch` at `base_offset` to `out` and returns its header. The batch must
/// have passed [`check_batch`].
pub fn encode_frame(
    base_offset: u64,
    batch: &Batch,
    max_ts_so_far: i64,
    out: &mut Vec<u8>,
) -> FrameHeader {
    encode_frame_into(base_offset, batch, max_ts_so_far, out)
}

/// [`encode_frame`] into any [`FrameBuf`].
pub(crate) fn encode_frame_into(
    base_offset: u64,
    batch: &Batch,
    max_ts_so_far: i64,
    out: &mut impl FrameBuf,
) -> FrameHeader {
    let start = out.len();
    let payload = payload_len(batch);
    let len = FRAME_OVERHEAD - 4 + payload;
    out.reserve(4 + len);
    let last_offset_delta =
        u32::try_from(batch.record_count().saturating_sub(1)).unwrap_or(u32::MAX);
    let max_timestamp = batch.max_timestamp();
    let opaque = matches!(batch, Batch::Opaque(_));
    out.extend_from_slice(&u32::try_from(len).unwrap_or(u32::MAX).to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&base_offset.to_le_bytes());
    out.extend_from_slice(&last_offset_delta.to_le_bytes());
    out.extend_from_slice(&max_timestamp.to_le_bytes());
    out.extend_from_slice(&max_ts_so_far.to_le_bytes());
    out.extend_from_slice(&[if opaque { ATTR_OPAQUE } else { 0 }]);
    match batch {
        Batch::Records(records) => {
            for r in records {
                out.extend_from_slice(&r.timestamp.to_le_bytes());
                match &r.key {
                    Some(k) => {
                        out.extend_from_slice(&(k.len() as u32).to_le_bytes());
                        out.extend_from_slice(k);
                    }
                    None => out.extend_from_slice(&NO_KEY.to_le_bytes()),
                }
                out.extend_from_slice(&(r.headers.len() as u32).to_le_bytes());
                for h in &r.headers {
                    out.extend_from_slice(&(h.key.len() as u16).to_le_bytes());
                    out.extend_from_slice(h.key.as_bytes());
                    out.extend_from_slice(&(h.value.len() as u32).to_le_bytes());
                    out.extend_from_slice(&h.value);
                }
                out.extend_from_slice(&(r.value.len() as u32).to_le_bytes());
                out.extend_from_slice(&r.value);
            }
        }
        Batch::Opaque(o) => out.extend_from_slice(&o.payload),
    }
    let written = out.written_mut();
    let crc = crc32c::crc32c(&written[start + 8..]);
    written[start + 4..start + 8].copy_from_slice(&crc.to_le_bytes());
    FrameHeader {
        base_offset,
        last_offset_delta,
        max_timestamp,
        max_ts_so_far,
        opaque,
        frame_len: out.len() - start,
    }
}

fn le_u32(b: &[u8], at: usize) -> u32 {
    let mut a = [0; 4];
    a.copy_from_slice(&b[at..at + 4]);
    u32::from_le_bytes(a)
}

fn le_u64(b: &[u8], at: usize) -> u64 {
    let mut a = [0; 8];
    a.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(a)
}

/// Parses and verifies the frame at the start of `buf`. The length is checked against
/// [`MAX_FRAME_LEN`] before anything else, so garbage never asks for a huge buffer.
pub fn parse_frame(buf: &[u8]) -> Parsed {
    if buf.len() < 4 {
        return Parsed::Incomplete(FRAME_OVERHEAD - buf.len());
    }
    let len = le_u32(buf, 0) as usize;
    if len < FRAME_OVERHEAD - 4 {
        return Parsed::Corrupt(format!("frame length {len} is shorter than a frame header"));
    }
    if len + 4 > MAX_FRAME_LEN {
        return Parsed::Corrupt(format!("frame length {len} exceeds the maximum"));
    }
    if buf.len() < 4 + len {
        return Parsed::Incomplete(4 + len - buf.len());
    }
    let crc = le_u32(buf, 4);
    if crc32c::crc32c(&buf[8..4 + len]) != crc {
        return Parsed::Corrupt("CRC32C mismatch".to_owned());
    }
    let attributes = buf[36];
    if attributes & !ATTR_OPAQUE != 0 {
        return Parsed::Corrupt(format!("unknown attributes {attributes:#x}"));
    }
    Parsed::Frame(FrameHeader {
        base_offset: le_u64(buf, 8),
        last_offset_delta: le_u32(buf, 16),
        max_timestamp: le_u64(buf, 20) as i64,
        max_ts_so_far: le_u64(buf, 28) as i64,
        opaque: attributes & ATTR_OPAQUE != 0,
        frame_len: 4 + len,
    })
}

/// Decodes the payload of a verified frame. `frame` is the whole frame, as [`parse_frame`]
/// accepted it; the records share its memory.
///
/// # Errors
/// A reason when the payload does not match the header (possible only if the CRC was forged or
/// the writer had a bug; it is never served).
pub fn decode_batch(header: &FrameHeader, frame: &Bytes) -> Result<Batch, String> {
    let mut payload = frame.slice(FRAME_OVERHEAD..header.frame_len);
    let count = u64::from(header.last_offset_delta) + 1;
    if header.opaque {
        return Ok(Batch::Opaque(OpaqueBatch {
            record_count: header.last_offset_delta.saturating_add(1),
            max_timestamp: header.max_timestamp,
            payload,
        }));
    }
    let mut records = Vec::with_capacity(usize::try_from(count.min(1 << 16)).unwrap_or(0));
    for _ in 0..count {
        records.push(decode_record(&mut payload)?);
    }
    if payload.has_remaining() {
        return Err(format!(
            "{} trailing bytes after the records",
            payload.remaining()
        ));
    }
    Ok(Batch::Records(records))
}

fn take(buf: &mut Bytes, n: usize, what: &str) -> Result<Bytes, String> {
    if buf.remaining() < n {
        return Err(format!("payload ends inside {what}"));
    }
    Ok(buf.split_to(n))
}

fn take_u32(buf: &mut Bytes, what: &str) -> Result<u32, String> {
    if buf.remaining() < 4 {
        return Err(format!("payload ends inside {what}"));
    }
    Ok(buf.get_u32_le())
}

fn decode_record(buf: &mut Bytes) -> Result<Record, String> {
    if buf.remaining() < 8 {
        return Err("payload ends inside a timestamp".to_owned());
    }
    let timestamp = buf.get_i64_le();
    let key_len = take_u32(buf, "a key length")?;
    let key = if key_len == NO_KEY {
        None
    } else {
        Some(take(buf, key_len as usize, "a key")?)
    };
    let header_count = take_u32(buf, "a header count")?;
    let mut headers = Vec::with_capacity((header_count as usize).min(64));
    for _ in 0..header_count {
        if buf.remaining() < 2 {
            return Err("payload ends inside a header name length".to_owned());
        }
        let name_len = usize::from(buf.get_u16_le());
        let name = take(buf, name_len, "a header name")?;
        let key = String::from_utf8(name.to_vec())
            .map(Cow::Owned)
            .map_err(|_| "header name is not UTF-8".to_owned())?;
        let value_len = take_u32(buf, "a header value length")?;
        let value = take(buf, value_len as usize, "a header value")?;
        headers.push(Header { key, value });
    }
    let value_len = take_u32(buf, "a value length")?;
    let value = take(buf, value_len as usize, "a value")?;
    Ok(Record {
        key,
        headers,
        timestamp,
        value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Batch {
        Batch::Records(vec![
            Record {
                key: Some(Bytes::from_static(b"k")),
                headers: vec![Header {
                    key: "content-type".into(),
                    value: Bytes::from_static(b"json"),
                }],
                timestamp: 5,
                value: Bytes::from_static(b"{}"),
            },
            Record::new(3, Bytes::new()),
        ])
    }

    fn frame_of(batch: &Batch) -> (FrameHeader, Vec<u8>) {
        let mut out = Vec::new();
        let header = encode_frame(100, batch, 9, &mut out);
        (header, out)
    }

    #[test]
    fn records_round_trip_through_a_frame() {
        let batch = sample();
        let (header, bytes) = frame_of(&batch);
        assert_eq!(bytes.len(), batch.frame_len());
        assert_eq!(parse_frame(&bytes), Parsed::Frame(header));
        assert_eq!(header.last_offset(), 101);
        assert_eq!(header.max_timestamp, 5);
        assert_eq!(header.max_ts_so_far, 9);
        let decoded = decode_batch(&header, &Bytes::from(bytes)).expect("decodes");
        assert_eq!(decoded, batch);
    }

    #[test]
    fn opaque_batch_is_stored_verbatim() {
        let batch = Batch::Opaque(OpaqueBatch {
            record_count: 7,
            max_timestamp: 42,
            payload: Bytes::from_static(b"kafka record batch"),
        });
        let (header, bytes) = frame_of(&batch);
        assert!(header.opaque);
        assert_eq!(header.last_offset(), 106);
        assert_eq!(
            decode_batch(&header, &Bytes::from(bytes)).expect("decodes"),
            batch
        );
    }

    #[test]
    fn every_truncation_is_incomplete_never_corrupt_or_a_panic() {
        let (_, bytes) = frame_of(&sample());
        for cut in 0..bytes.len() {
            assert!(
                matches!(parse_frame(&bytes[..cut]), Parsed::Incomplete(n) if n > 0),
                "cut at {cut}"
            );
        }
    }

    #[test]
    fn any_flipped_bit_is_detected() {
        let (_, bytes) = frame_of(&sample());
        for i in 0..bytes.len() {
            for bit in 0..8 {
                let mut bad = bytes.clone();
                bad[i] ^= 1 << bit;
                match parse_frame(&bad) {
                    Parsed::Frame(_) => panic!("flip of bit {bit} in byte {i} went unnoticed"),
                    Parsed::Corrupt(_) | Parsed::Incomplete(_) => {}
                }
            }
        }
    }

    #[test]
    fn absurd_length_is_corrupt_before_any_allocation() {
        let mut bytes = vec![0xff, 0xff, 0xff, 0x7f];
        bytes.extend_from_slice(&[0; 40]);
        assert!(matches!(parse_frame(&bytes), Parsed::Corrupt(_)));
    }

    #[test]
    fn read_batch_trims_records_but_not_opaque_batches() {
        let mut read = ReadBatch {
            base_offset: 10,
            batch: sample(),
        };
        read.skip_before(11);
        assert_eq!(read.base_offset, 11);
        assert_eq!(read.batch.record_count(), 1);
        let mut opaque = ReadBatch {
            base_offset: 10,
            batch: Batch::Opaque(OpaqueBatch {
                record_count: 3,
                max_timestamp: 0,
                payload: Bytes::new(),
            }),
        };
        opaque.skip_before(12);
        assert_eq!(opaque.base_offset, 10);
    }

    #[test]
    fn empty_and_oversized_batches_are_rejected() {
        assert!(matches!(
            check_batch(&Batch::Records(vec![]), 1 << 20),
            Err(crate::EngineError::EmptyBatch)
        ));
        let big = Batch::Records(vec![Record::new(0, vec![0u8; 2048])]);
        assert!(matches!(
            check_batch(&big, 1024),
            Err(crate::EngineError::BatchTooLarge { .. })
        ));
    }
}
