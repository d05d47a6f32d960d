//! The MQTT codec on arbitrary bytes, at every protocol level, as a connection reads them: packet
//! after packet from one buffer until an error. It must return an error, never panic, never
//! loop, and never ask for more memory than the bytes justify; whatever decodes must encode.
#![no_main]

use bytes::BytesMut;
use libfuzzer_sys::fuzz_target;
use robustmq_mqtt_codec::{Protocol, read};

fuzz_target!(|data: &[u8]| {
    for protocol in [Protocol::V31, Protocol::V311, Protocol::V5] {
        let mut buf = BytesMut::from(data);
        while let Ok(packet) = read(&mut buf, protocol, 1 << 20) {
            let mut out = BytesMut::new();
            let _ = packet.write(protocol, &mut out);
        }
    }
});
