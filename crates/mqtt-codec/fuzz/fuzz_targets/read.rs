//! Decoding arbitrary bytes never panics, and a decoded packet re-encodes to bytes that decode
//! to the same packet (see `robustmq_mqtt_codec::fuzz`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| robustmq_mqtt_codec::fuzz::check_round_trip(data));
