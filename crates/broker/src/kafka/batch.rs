//! Kafka RecordBatch v2 as the broker stores and serves it: checked on produce and stored
//! verbatim (compression and CRC kept), with only the base offset and the partition leader
//! epoch written on the way out, both outside the CRC. Records the core stored (an MQTT
//! publish) are encoded into an uncompressed batch on the way out. Sans-IO.
//!
//! The batch header, big endian (Kafka protocol guide, "Record Batch"):
//!
//! ```text
//! 0   baseOffset            i64
//! 8   batchLength           i32   bytes after this field
//! 12  partitionLeaderEpoch  i32
//! 16  magic                 i8    2
//! 17  crc                   u32   CRC-32C of bytes [21, end)
//! 21  attributes            i16   bits 0-2 compression, 3 timestamp type, 4 transactional, 5 control
//! 23  lastOffsetDelta       i32
//! 27  baseTimestamp         i64
//! 35  maxTimestamp          i64
//! 43  producerId            i64
//! 51  producerEpoch         i16
//! 53  baseSequence          i32
//! 57  recordCount           i32
//! 61  records
//! ```

use bytes::{Buf, Bytes, BytesMut};
use kafka_protocol::indexmap::IndexMap;
use kafka_protocol::protocol::StrBytes;
use kafka_protocol::records::{
    Compression, Record as KafkaRecord, RecordBatchDecoder, RecordBatchEncoder,
    RecordEncodeOptions, TimestampType,
};
use robustmq_engine::Record;

/// Bytes of the batch header, before the records.
pub const HEADER_LEN: usize = 61;
const CRC_START: usize = 21;
const ATTR_TRANSACTIONAL: i16 = 1 << 4;
const ATTR_CONTROL: i16 = 1 << 5;

/// Why a produced batch is refused; each maps onto one Kafka error code
/// ([`crate::kafka::error`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BatchError {
    /// Shorter than a header, or its length field disagrees with the bytes sent, or more than
    /// one batch was sent for a partition (produce v3 and later carry exactly one).
    #[error("malformed record batch: {0}")]
    Malformed(&'static str),
    /// The CRC does not match the bytes: corrupted on the way.
    #[error("record batch CRC mismatch")]
    Crc,
    /// Not magic 2: message sets v0 and v1 are not served.
    #[error("record batch magic {0} is not supported (only v2)")]
    Magic(i8),
    /// A producer may not send control batches, and transactions are not supported.
    #[error("{0}")]
    Refused(&'static str),
}

/// The header fields of a checked batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchInfo {
    /// Records in the batch; at least 1.
    pub record_count: u32,
    /// The largest record timestamp, for time lookups and retention.
    pub max_timestamp: i64,
    /// The timestamp of the first record.
    pub base_timestamp: i64,
    /// The idempotent producer's id, or -1.
    pub producer_id: i64,
    /// Its epoch.
    pub producer_epoch: i16,
    /// The sequence number of the first record, or -1.
    pub base_sequence: i32,
}

impl BatchInfo {
    /// The sequence number of the last record (sequences wrap at `i32::MAX` to 0).
    pub fn last_sequence(&self) -> i32 {
        let last = i64::from(self.base_sequence) + i64::from(self.record_count) - 1;
        (last % (i64::from(i32::MAX) + 1)) as i32
    }
}

fn be_i16(b: &[u8], at: usize) -> i16 {
    i16::from_be_bytes([b[at], b[at + 1]])
}

fn be_i32(b: &[u8], at: usize) -> i32 {
    i32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

fn be_i64(b: &[u8], at: usize) -> i64 {
    let mut v = [0u8; 8];
    v.copy_from_slice(&b[at..at + 8]);
    i64::from_be_bytes(v)
}

/// Checks the one batch a produce request carries for a partition: its framing, magic, CRC
/// and counts. The records themselves are not decoded (they may be compressed; they are
/// stored as they came).
///
/// # Errors
/// [`BatchError`] saying what is wrong.
pub fn check(bytes: &[u8]) -> Result<BatchInfo, BatchError> {
    if bytes.len() < HEADER_LEN {
        return Err(BatchError::Malformed("shorter than a batch header"));
    }
    let magic = bytes[16] as i8;
    if magic != 2 {
        return Err(BatchError::Magic(magic));
    }
    let length = be_i32(bytes, 8);
    match usize::try_from(length).ok().map(|l| l + 12) {
        Some(total) if total == bytes.len() => {}
        Some(total) if total < bytes.len() && total >= HEADER_LEN => {
            return Err(BatchError::Malformed(
                "more than one record batch for one partition",
            ));
        }
        _ => {
            return Err(BatchError::Malformed(
                "batch length disagrees with the bytes sent",
            ));
        }
    }
    let crc = u32::from_be_bytes([bytes[17], bytes[18], bytes[19], bytes[20]]);
    if crc32c::crc32c(&bytes[CRC_START..]) != crc {
        return Err(BatchError::Crc);
    }
    let attributes = be_i16(bytes, 21);
    if attributes & ATTR_CONTROL != 0 {
        return Err(BatchError::Refused(
            "a producer may not send control batches",
        ));
    }
    if attributes & ATTR_TRANSACTIONAL != 0 {
        return Err(BatchError::Refused("transactions are not supported"));
    }
    let last_offset_delta = be_i32(bytes, 23);
    let record_count = be_i32(bytes, 57);
    let Ok(count) = u32::try_from(record_count) else {
        return Err(BatchError::Malformed("negative record count"));
    };
    if count == 0 || i64::from(last_offset_delta) != i64::from(record_count) - 1 {
        return Err(BatchError::Malformed(
            "record count and last offset delta disagree",
        ));
    }
    Ok(BatchInfo {
        record_count: count,
        base_timestamp: be_i64(bytes, 27),
        max_timestamp: be_i64(bytes, 35),
        producer_id: be_i64(bytes, 43),
        producer_epoch: be_i16(bytes, 51),
        base_sequence: be_i32(bytes, 53),
    })
}

/// Appends a stored batch to a fetch response with its place in the log: `base_offset` and
/// the partition leader epoch. Both lie before the CRC's range, so the CRC still holds and the
/// rest of the bytes go out as the producer sent them.
pub fn write_stored(out: &mut BytesMut, stored: &[u8], base_offset: u64, leader_epoch: i32) {
    if stored.len() < HEADER_LEN {
        return;
    }
    let start = out.len();
    out.extend_from_slice(stored);
    out[start..start + 8].copy_from_slice(&(base_offset as i64).to_be_bytes());
    out[start + 12..start + 16].copy_from_slice(&leader_epoch.to_be_bytes());
}

/// Appends records the core stored, from offset `base_offset` on, as one uncompressed batch
/// with creation timestamps. `headers` gives each record's application headers; a name that
/// occurs twice keeps its last value (the crate's record holds headers in a map).
pub fn write_records(
    out: &mut BytesMut,
    records: &[Record],
    base_offset: u64,
    leader_epoch: i32,
    headers: impl Fn(&Record) -> Vec<(String, Bytes)>,
) {
    let converted: Vec<KafkaRecord> = records
        .iter()
        .enumerate()
        .map(|(i, r)| KafkaRecord {
            transactional: false,
            control: false,
            partition_leader_epoch: leader_epoch,
            producer_id: -1,
            producer_epoch: -1,
            timestamp_type: TimestampType::Creation,
            offset: (base_offset + i as u64) as i64,
            // The crate's encoder starts a new batch wherever offset minus sequence changes;
            // this keeps one batch, with base sequence -1 (no producer).
            sequence: i as i32 - 1,
            timestamp: r.timestamp,
            key: r.key.clone(),
            value: Some(r.value.clone()),
            headers: headers(r)
                .into_iter()
                .map(|(k, v)| (StrBytes::from_string(k), Some(v)))
                .collect::<IndexMap<_, _>>(),
        })
        .collect();
    let options = RecordEncodeOptions {
        version: 2,
        compression: Compression::None,
    };
    let mark = out.len();
    if RecordBatchEncoder::encode(out, converted.iter(), &options).is_err() {
        out.truncate(mark);
    }
}

/// One record of a produced batch, decoded for subscribers of another protocol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// Its index in the batch: its offset is the batch's base offset plus this.
    pub index: u32,
    /// Producer timestamp.
    pub timestamp: i64,
    /// Key.
    pub key: Option<Bytes>,
    /// Value; a null value is empty.
    pub value: Bytes,
    /// Headers, in order; a null value is empty.
    pub headers: Vec<(String, Bytes)>,
}

/// Decodes (and decompresses) the records of a checked batch.
///
/// # Errors
/// A description when the records do not decode although the header checked out.
pub fn decode(bytes: &Bytes) -> Result<Vec<Decoded>, String> {
    let mut buf = bytes.clone();
    let set = RecordBatchDecoder::decode(&mut buf).map_err(|e| e.to_string())?;
    let first = set.records.first().map_or(0, |r| r.offset);
    Ok(set
        .records
        .into_iter()
        .map(|r| Decoded {
            index: u32::try_from(r.offset - first).unwrap_or(0),
            timestamp: r.timestamp,
            key: r.key,
            value: r.value.unwrap_or_default(),
            headers: r
                .headers
                .into_iter()
                .map(|(k, v)| (k.as_str().to_owned(), v.unwrap_or_default()))
                .collect(),
        })
        .collect())
}

/// The base offset and record count a fetch response's batches carry, in order; for tests and
/// the load generator, which read responses.
pub fn offsets_of(mut records: Bytes) -> Vec<(i64, u32)> {
    let mut out = Vec::new();
    while records.len() >= HEADER_LEN {
        let length = be_i32(&records, 8);
        let Some(total) = usize::try_from(length).ok().map(|l| l + 12) else {
            break;
        };
        if total > records.len() {
            break;
        }
        out.push((
            be_i64(&records, 0),
            u32::try_from(be_i32(&records, 57)).unwrap_or(0),
        ));
        records.advance(total);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `records` as one RecordBatch v2 compressed with `compression`.
    fn encoded(records: &[KafkaRecord], compression: Compression) -> Bytes {
        let mut buf = BytesMut::new();
        RecordBatchEncoder::encode(
            &mut buf,
            records.iter(),
            &RecordEncodeOptions {
                version: 2,
                compression,
            },
        )
        .expect("encode");
        buf.freeze()
    }

    /// A batch of records of zeros that compresses to little and decompresses to more than
    /// the decoder's bound.
    fn bomb(compression: Compression) -> Bytes {
        let zeros = Bytes::from(vec![0u8; 1 << 20]);
        let n = kafka_protocol::compression::MAX_DECOMPRESSED / zeros.len() + 1;
        let records: Vec<KafkaRecord> = (0..n)
            .map(|i| KafkaRecord {
                transactional: false,
                control: false,
                partition_leader_epoch: 0,
                producer_id: -1,
                producer_epoch: -1,
                timestamp_type: TimestampType::Creation,
                offset: i as i64,
                sequence: i as i32, // one batch: the encoder splits where offset - sequence changes
                timestamp: 0,
                key: None,
                value: Some(zeros.clone()),
                headers: Default::default(),
            })
            .collect();
        encoded(&records, compression)
    }

    #[test]
    fn a_batch_that_decompresses_beyond_the_bound_is_refused_not_allocated() {
        for compression in [
            Compression::Gzip,
            Compression::Snappy,
            Compression::Lz4,
            Compression::Zstd,
        ] {
            let bytes = bomb(compression);
            // Small on the wire: a sixteenth of what it claims, or less.
            assert!(
                bytes.len() < kafka_protocol::compression::MAX_DECOMPRESSED / 16,
                "{compression:?}: {} bytes",
                bytes.len()
            );
            let err = match decode(&bytes) {
                Ok(records) => panic!(
                    "{compression:?}: {} records, {} bytes decoded",
                    records.len(),
                    records.iter().map(|r| r.value.len()).sum::<usize>()
                ),
                Err(e) => e,
            };
            assert!(err.contains("decompress"), "{compression:?}: {err}");
        }
    }

    fn produced(compression: Compression, n: usize) -> Bytes {
        let records: Vec<KafkaRecord> = (0..n)
            .map(|i| KafkaRecord {
                transactional: false,
                control: false,
                partition_leader_epoch: 0,
                producer_id: 7,
                producer_epoch: 0,
                timestamp_type: TimestampType::Creation,
                offset: i as i64,
                sequence: i as i32,
                timestamp: 1_700_000_000_000 + i as i64,
                key: Some(Bytes::from(format!("k{i}"))),
                value: Some(Bytes::from(format!("value-{i}").repeat(20))),
                headers: [(
                    StrBytes::from_static_str("h"),
                    Some(Bytes::from_static(b"v")),
                )]
                .into_iter()
                .collect(),
            })
            .collect();
        encoded(&records, compression)
    }

    #[test]
    fn a_batch_of_each_codec_checks_and_keeps_its_bytes_but_offset_and_epoch() {
        for codec in [
            Compression::None,
            Compression::Gzip,
            Compression::Snappy,
            Compression::Lz4,
            Compression::Zstd,
        ] {
            let bytes = produced(codec, 10);
            let info = check(&bytes).expect("valid");
            assert_eq!(info.record_count, 10, "{codec:?}");
            assert_eq!(info.producer_id, 7);
            assert_eq!(info.base_sequence, 0);
            assert_eq!(info.last_sequence(), 9);
            assert_eq!(info.max_timestamp, 1_700_000_000_009);
            let mut out = BytesMut::new();
            write_stored(&mut out, &bytes, 1234, 3);
            assert_eq!(
                &out[16..],
                &bytes[16..],
                "{codec:?}: from magic on, verbatim"
            );
            assert_eq!(offsets_of(out.clone().freeze()), [(1234, 10)]);
            let decoded = decode(&out.freeze()).expect("decodes, CRC intact");
            assert_eq!(decoded.len(), 10);
            assert_eq!(decoded[3].index, 3);
            assert_eq!(decoded[3].key.as_deref(), Some(&b"k3"[..]));
            assert_eq!(
                decoded[3].headers,
                [("h".to_owned(), Bytes::from_static(b"v"))]
            );
        }
    }

    #[test]
    fn a_flipped_bit_a_short_batch_two_batches_and_old_magic_are_refused() {
        let bytes = produced(Compression::None, 3);
        let mut flipped = bytes.to_vec();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        assert_eq!(check(&flipped), Err(BatchError::Crc));
        assert!(matches!(check(&bytes[..40]), Err(BatchError::Malformed(_))));
        assert!(matches!(
            check(&bytes[..bytes.len() - 1]),
            Err(BatchError::Malformed(_))
        ));
        let mut two = bytes.to_vec();
        two.extend_from_slice(&bytes);
        assert!(matches!(check(&two), Err(BatchError::Malformed(_))));
        let mut old = bytes.to_vec();
        old[16] = 1;
        assert_eq!(check(&old), Err(BatchError::Magic(1)));
        let mut negative = bytes.to_vec();
        negative[8..12].copy_from_slice(&(-5i32).to_be_bytes());
        assert!(matches!(check(&negative), Err(BatchError::Malformed(_))));
    }

    #[test]
    fn stored_records_become_a_batch_a_kafka_decoder_reads() {
        let records: Vec<Record> = (0..3)
            .map(|i| Record::new(1000 + i, Bytes::from(format!("m{i}"))))
            .collect();
        let mut out = BytesMut::new();
        write_records(&mut out, &records, 40, 0, |_| {
            vec![("color".to_owned(), Bytes::from_static(b"red"))]
        });
        let bytes = out.freeze();
        check(&bytes).expect("a valid batch");
        assert_eq!(offsets_of(bytes.clone()), [(40, 3)]);
        let decoded = decode(&bytes).expect("decode");
        assert_eq!(decoded[2].value, Bytes::from_static(b"m2"));
        assert_eq!(decoded[2].timestamp, 1002);
        assert_eq!(decoded[0].headers[0].0, "color");
    }

    #[test]
    fn sequences_wrap_at_i32_max() {
        let info = BatchInfo {
            record_count: 3,
            max_timestamp: 0,
            base_timestamp: 0,
            producer_id: 1,
            producer_epoch: 0,
            base_sequence: i32::MAX - 1,
        };
        assert_eq!(info.last_sequence(), 0);
    }
}
