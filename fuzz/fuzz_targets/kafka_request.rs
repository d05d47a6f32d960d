//! The Kafka request decoder on arbitrary bytes, as a connection reads them. The first byte picks
//! how: even, the rest is a stream of size-prefixed requests, each framed, decoded (header and
//! body, every served API) and, for Produce, each partition's RecordBatch checked and decoded as
//! the broker does to route it to MQTT; odd, the rest is one RecordBatch whose length and CRC32C
//! are made right first, so that mutations reach the record and decompression decoders. Never a
//! panic, a loop, or an allocation the bytes do not justify (a decompression bomb must stop at
//! the bound).
#![no_main]

use bytes::{Bytes, BytesMut};
use libfuzzer_sys::fuzz_target;
use robustmq_broker::kafka::{batch, frame};

/// Small, so that a claimed size cannot ask for much memory per input.
const MAX_REQUEST: usize = 1 << 20;

fn records(bytes: &Bytes) {
    if batch::check(bytes).is_ok() {
        let _ = batch::decode(bytes);
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode & 1 == 1 {
        let mut b = rest.to_vec();
        if b.len() >= 21 {
            let len = i32::try_from(b.len() - 12).unwrap_or(i32::MAX);
            b[8..12].copy_from_slice(&len.to_be_bytes());
            let crc = crc32c::crc32c(&b[21..]);
            b[17..21].copy_from_slice(&crc.to_be_bytes());
        }
        records(&Bytes::from(b));
        return;
    }
    let mut buf = BytesMut::from(rest);
    while let Ok(Some(request)) = frame::next_frame(&mut buf, MAX_REQUEST) {
        let Ok(frame::Frame::Request { request, .. }) = frame::decode(request) else {
            continue;
        };
        if let frame::Request::Produce(produce) = *request {
            for topic in produce.topic_data {
                for partition in topic.partition_data {
                    if let Some(bytes) = partition.records {
                        records(&bytes);
                    }
                }
            }
        }
    }
});
