//! Decoding arbitrary bytes never panics, and a decoded packet re-encodes to bytes that decode
//! to the same packet.
#![no_main]

use bytes::BytesMut;
use libfuzzer_sys::fuzz_target;
use robustmq_mqtt_codec::{MAX_PACKET_SIZE, Packet, Protocol, read};

fuzz_target!(|data: &[u8]| {
    for protocol in [Protocol::V31, Protocol::V311, Protocol::V5] {
        let mut buf = BytesMut::from(data);
        while let Ok(packet) = read(&mut buf, protocol, 1 << 16) {
            let level = match &packet {
                Packet::Connect(c) => c.protocol,
                _ => protocol,
            };
            let mut out = BytesMut::new();
            if packet.write(level, &mut out).is_ok() {
                let again = read(&mut out, level, MAX_PACKET_SIZE).expect("re-encoded packet decodes");
                assert_eq!(again, packet);
            }
        }
    }
});
