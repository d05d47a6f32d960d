//! The property the cargo-fuzz target (`fuzz/fuzz_targets/read.rs`) checks on arbitrary input,
//! here so that the crate's own tests run the same check on stable Rust.

use bytes::BytesMut;

use crate::{MAX_PACKET_SIZE, Packet, Protocol, read};

/// Largest packet the check lets the decoder accept, so that fuzz inputs stay small.
const FUZZ_MAX_PACKET: usize = 1 << 16;

/// Decodes `data` at every protocol level and checks that nothing panics and that every packet
/// that decodes re-encodes to bytes that decode to the same packet.
///
/// # Panics
/// When the property does not hold: that is the bug the fuzzer is looking for.
pub fn check_round_trip(data: &[u8]) {
    for protocol in [Protocol::V31, Protocol::V311, Protocol::V5] {
        let mut buf = BytesMut::from(data);
        while let Ok(packet) = read(&mut buf, protocol, FUZZ_MAX_PACKET) {
            let level = match &packet {
                Packet::Connect(c) => c.protocol,
                _ => protocol,
            };
            let mut out = BytesMut::new();
            if packet.write(level, &mut out).is_ok() {
                #[allow(clippy::expect_used)]
                let again =
                    read(&mut out, level, MAX_PACKET_SIZE).expect("re-encoded packet decodes");
                assert_eq!(again, packet);
            }
        }
    }
}
