//! The meta command decoder on arbitrary bytes (what a Raft entry or a `Write` call carries),
//! then what decodes applied to an in-memory state, as the state machine would. Nested batches
//! and huge claimed lengths must get an error, not a stack overflow or an allocation abort.
#![no_main]

use std::collections::BTreeMap;

use libfuzzer_sys::fuzz_target;
use robustmq_meta_client::Command;
use robustmq_meta_client::codec::decode;
use robustmq_meta_client::command::apply;

fuzz_target!(|data: &[u8]| {
    if let Ok(command) = decode::<Command>(data) {
        let mut state: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        let mut events = Vec::new();
        let _ = apply(&mut state, "metadata", command, Some(&mut events));
    }
});
