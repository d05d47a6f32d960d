//! The engine's record-frame decoder on arbitrary bytes, as a segment or RocksDB read meets them.
//! The first byte picks how: even, the rest is a log read frame after frame as a segment scan
//! reads it; odd, the rest is one frame whose length and CRC32C are made right first, so that
//! mutations reach the payload decoder instead of stopping at the checksum. Whatever decodes must
//! encode to a frame that decodes to the same batch. Never a panic, a loop, or an allocation the
//! bytes do not justify.
#![no_main]

use bytes::Bytes;
use libfuzzer_sys::fuzz_target;
use robustmq_engine::record::{Parsed, decode_batch, encode_frame, parse_frame};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let mut log = rest.to_vec();
    if mode & 1 == 1 && log.len() >= 8 {
        let len = u32::try_from(log.len() - 4).unwrap_or(u32::MAX);
        log[..4].copy_from_slice(&len.to_le_bytes());
        let crc = crc32c::crc32c(&log[8..]);
        log[4..8].copy_from_slice(&crc.to_le_bytes());
    }
    let log = Bytes::from(log);
    let mut at = 0;
    while let Parsed::Frame(header) = parse_frame(&log[at..]) {
        let frame = log.slice(at..at + header.frame_len);
        if let Ok(batch) = decode_batch(&header, &frame) {
            let mut again = Vec::new();
            encode_frame(header.base_offset, &batch, header.max_ts_so_far, &mut again);
            let again = Bytes::from(again);
            let Parsed::Frame(reparsed) = parse_frame(&again) else {
                panic!("a decoded batch re-encoded to a frame that does not parse");
            };
            assert_eq!(
                decode_batch(&reparsed, &again).as_ref(),
                Ok(&batch),
                "a decoded batch does not survive re-encoding"
            );
        }
        at += header.frame_len;
    }
});
