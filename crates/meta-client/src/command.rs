//! The writes a group applies, and the one function that applies them, shared by the Raft state
//! machine (over RocksDB) and the in-memory store (over a map), so the two cannot drift.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::convert::Infallible;

use serde::{Deserialize, Deserializer, Serialize};

use crate::watch::WatchEvent;

/// A write to a group's key-value state. Keys are UTF-8; values are opaque bytes (the typed API
/// stores JSON). The Raft log stores commands with bincode, by variant index: new variants go at
/// the end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Command {
    /// Sets `key` to `value`.
    Set {
        /// The key.
        key: String,
        /// The value.
        value: Vec<u8>,
    },
    /// Sets many keys in one log entry, so a batch costs one replication round.
    SetMany(Vec<(String, Vec<u8>)>),
    /// Removes `key`.
    Delete {
        /// The key.
        key: String,
    },
    /// Removes every key that starts with `prefix`.
    DeletePrefix {
        /// The prefix.
        prefix: String,
    },
    /// Several commands in one log entry, applied in order: the leader packs concurrent writes
    /// into one, so many writers share one replication round and one synced log write. Batches
    /// nest at most [`MAX_BATCH_DEPTH`] deep in a decoded command.
    Batch(#[serde(deserialize_with = "bounded")] Vec<Command>),
    /// Sets `key` to `value` only if `key` is absent, so that two writers racing to create the
    /// same record (a topic) agree on which one did.
    Create {
        /// The key.
        key: String,
        /// The value.
        value: Vec<u8>,
    },
}

/// What applying a log entry produced. Blank and membership entries produce [`CommandResult::Ok`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CommandResult {
    /// Applied.
    Ok,
    /// A delete: whether the key existed.
    Deleted {
        /// Whether anything was removed.
        existed: bool,
    },
    /// The results of a [`Command::Batch`], in order.
    Batch(#[serde(deserialize_with = "bounded")] Vec<CommandResult>),
    /// A [`Command::Create`]: whether this command created the key (`false`: it existed).
    Created {
        /// Whether the key was absent and is now set.
        created: bool,
    },
}

/// How deep [`Command::Batch`]es (and their results) may nest in a decoded value. The leader
/// packs clients' commands, themselves batches at times, into one batch: two levels occur. A
/// payload nesting deeper is refused as it is decoded, so that a hostile or corrupt one cannot
/// recurse the decoder, [`apply`] or the watch off the stack (about 1 MB of nested batches
/// would abort the process).
pub const MAX_BATCH_DEPTH: usize = 4;

/// How deep a client's command may nest batches: the leader wraps it in one more batch, and the
/// log entry must still decode within [`MAX_BATCH_DEPTH`], or no node could apply it again.
pub const MAX_CLIENT_BATCH_DEPTH: usize = MAX_BATCH_DEPTH - 1;

thread_local! {
    /// The batches this thread is decoding, outermost first: decoding is synchronous, so the
    /// depth of one value is the depth of its thread.
    static DECODING_DEPTH: Cell<usize> = const { Cell::new(0) };
}

/// One level of batch being decoded on this thread; leaving it (also by an error) pops it.
struct Level;

impl Level {
    fn enter() -> Option<Level> {
        DECODING_DEPTH.with(|depth| {
            (depth.get() < MAX_BATCH_DEPTH).then(|| {
                depth.set(depth.get() + 1);
                Level
            })
        })
    }
}

impl Drop for Level {
    fn drop(&mut self) {
        DECODING_DEPTH.with(|depth| depth.set(depth.get().saturating_sub(1)));
    }
}

/// Decodes the members of a batch, refusing one that nests deeper than [`MAX_BATCH_DEPTH`].
fn bounded<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    let Some(_level) = Level::enter() else {
        return Err(serde::de::Error::custom(format!(
            "batches nest deeper than {MAX_BATCH_DEPTH}"
        )));
    };
    Vec::<T>::deserialize(deserializer)
}

/// A group's key-value state as [`apply`] needs it. Implementations must answer
/// [`KvState::contains`] with every earlier write of the same apply visible, so that two
/// commands in one batch see each other.
pub trait KvState {
    /// What reading or writing the state can fail with.
    type Error;

    /// Whether `key` is set.
    ///
    /// # Errors
    /// The state cannot be read.
    fn contains(&mut self, key: &str) -> Result<bool, Self::Error>;

    /// Sets `key`.
    ///
    /// # Errors
    /// The state cannot be written.
    fn put(&mut self, key: String, value: Vec<u8>) -> Result<(), Self::Error>;

    /// Removes `key`.
    ///
    /// # Errors
    /// The state cannot be written.
    fn delete(&mut self, key: &str) -> Result<(), Self::Error>;

    /// Removes every key under `prefix`.
    ///
    /// # Errors
    /// The state cannot be written.
    fn delete_prefix(&mut self, prefix: &str) -> Result<(), Self::Error>;
}

/// Applies `command` to `state`, the state of `group`, and pushes the changes it made onto
/// `events` (when given) in order. A [`Command::Create`] of a key that exists changes nothing
/// and announces nothing.
///
/// # Errors
/// The state's errors; a command that fails leaves the state as far as it got, and the caller
/// (a write batch that is not committed) discards it.
pub fn apply<S: KvState>(
    state: &mut S,
    group: &str,
    command: Command,
    mut events: Option<&mut Vec<WatchEvent>>,
) -> Result<CommandResult, S::Error> {
    let mut announce = |event: WatchEvent| {
        if let Some(events) = events.as_deref_mut() {
            events.push(event);
        }
    };
    let put = |key: String, value: Vec<u8>| WatchEvent::Put {
        group: group.to_owned(),
        key,
        value,
    };
    Ok(match command {
        Command::Set { key, value } => {
            announce(put(key.clone(), value.clone()));
            state.put(key, value)?;
            CommandResult::Ok
        }
        Command::SetMany(pairs) => {
            for (key, value) in pairs {
                announce(put(key.clone(), value.clone()));
                state.put(key, value)?;
            }
            CommandResult::Ok
        }
        Command::Delete { key } => {
            let existed = state.contains(&key)?;
            state.delete(&key)?;
            announce(WatchEvent::Delete {
                group: group.to_owned(),
                key,
            });
            CommandResult::Deleted { existed }
        }
        Command::DeletePrefix { prefix } => {
            state.delete_prefix(&prefix)?;
            announce(WatchEvent::DeletePrefix {
                group: group.to_owned(),
                prefix,
            });
            CommandResult::Ok
        }
        Command::Create { key, value } => {
            let created = !state.contains(&key)?;
            if created {
                announce(put(key.clone(), value.clone()));
                state.put(key, value)?;
            }
            CommandResult::Created { created }
        }
        Command::Batch(commands) => {
            let mut results = Vec::with_capacity(commands.len());
            for c in commands {
                results.push(apply(state, group, c, events.as_deref_mut())?);
            }
            CommandResult::Batch(results)
        }
    })
}

impl Command {
    /// How many batches nest in this command: 0 for a single write. Recursion is bounded for
    /// decoded commands ([`MAX_BATCH_DEPTH`]); callers build theirs by hand.
    pub fn nesting(&self) -> usize {
        match self {
            Command::Batch(commands) => {
                1 + commands.iter().map(Command::nesting).max().unwrap_or(0)
            }
            _ => 0,
        }
    }
}

/// The in-memory state of one group, as [`crate::MemoryMeta`] keeps it.
impl KvState for BTreeMap<String, Vec<u8>> {
    type Error = Infallible;

    fn contains(&mut self, key: &str) -> Result<bool, Infallible> {
        Ok(self.contains_key(key))
    }

    fn put(&mut self, key: String, value: Vec<u8>) -> Result<(), Infallible> {
        self.insert(key, value);
        Ok(())
    }

    fn delete(&mut self, key: &str) -> Result<(), Infallible> {
        self.remove(key);
        Ok(())
    }

    fn delete_prefix(&mut self, prefix: &str) -> Result<(), Infallible> {
        self.retain(|k, _| !k.starts_with(prefix));
        Ok(())
    }
}

/// Whether a [`Command::Delete`] found its key.
pub fn existed(result: &CommandResult) -> bool {
    matches!(result, CommandResult::Deleted { existed: true })
}

/// Whether a [`Command::Create`] created its key.
pub fn created(result: &CommandResult) -> bool {
    matches!(result, CommandResult::Created { created: true })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(state: &mut BTreeMap<String, Vec<u8>>, command: Command) -> CommandResult {
        let Ok(result) = apply(state, "g", command, None);
        result
    }

    #[test]
    fn a_create_in_a_batch_sees_the_writes_before_it() {
        let mut state = BTreeMap::new();
        let create = |v: &[u8]| Command::Create {
            key: "topic/t".into(),
            value: v.to_vec(),
        };
        let result = run(&mut state, Command::Batch(vec![create(b"1"), create(b"2")]));
        assert_eq!(
            result,
            CommandResult::Batch(vec![
                CommandResult::Created { created: true },
                CommandResult::Created { created: false },
            ])
        );
        assert_eq!(state["topic/t"], b"1");
        run(
            &mut state,
            Command::DeletePrefix {
                prefix: "topic/".into(),
            },
        );
        assert!(created(&run(&mut state, create(b"3"))));
    }

    #[test]
    fn only_what_changed_is_announced() {
        let mut state = BTreeMap::new();
        let mut events = Vec::new();
        let create = Command::Create {
            key: "k".into(),
            value: b"v".to_vec(),
        };
        for _ in 0..2 {
            let Ok(_) = apply(&mut state, "g", create.clone(), Some(&mut events));
        }
        let Ok(deleted) = apply(
            &mut state,
            "g",
            Command::Delete { key: "k".into() },
            Some(&mut events),
        );
        assert!(existed(&deleted));
        assert_eq!(events.len(), 2, "{events:?}");
        assert!(matches!(&events[0], WatchEvent::Put { key, .. } if key == "k"));
        assert!(matches!(&events[1], WatchEvent::Delete { key, .. } if key == "k"));
    }

    /// The bincode bytes of a [`Command::Delete`] of `k` inside `depth` batches of one member,
    /// written by hand as a hostile peer would.
    fn nested(depth: usize) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(depth * 12 + 13);
        for _ in 0..depth {
            bytes.extend_from_slice(&4u32.to_le_bytes()); // Batch
            bytes.extend_from_slice(&1u64.to_le_bytes()); // of one command
        }
        bytes.extend_from_slice(&2u32.to_le_bytes()); // Delete
        bytes.extend_from_slice(&1u64.to_le_bytes());
        bytes.push(b'k');
        bytes
    }

    fn wrapped(depth: usize) -> Command {
        let mut command = Command::Delete { key: "k".into() };
        for _ in 0..depth {
            command = Command::Batch(vec![command]);
        }
        command
    }

    #[test]
    fn batches_decode_up_to_the_depth_limit_and_no_deeper() {
        let ok = bincode::serialize(&wrapped(MAX_BATCH_DEPTH)).expect("encode");
        assert_eq!(
            ok,
            nested(MAX_BATCH_DEPTH),
            "the hand-written bytes are bincode's"
        );
        let decoded: Command = crate::codec::decode(&ok).expect("at the limit");
        assert_eq!(decoded, wrapped(MAX_BATCH_DEPTH));
        let deeper = crate::codec::decode::<Command>(&nested(MAX_BATCH_DEPTH + 1))
            .expect_err("one level more");
        assert!(deeper.to_string().contains("nest deeper"), "{deeper}");
        let results = CommandResult::Batch(vec![CommandResult::Batch(vec![CommandResult::Ok])]);
        let bytes = bincode::serialize(&results).expect("encode");
        assert_eq!(
            crate::codec::decode::<CommandResult>(&bytes).ok(),
            Some(results)
        );
    }

    /// A megabyte of nested batches would overflow the decoder's stack (an abort of every role
    /// on the node, not a panic); it is an error instead, and the next value decodes as usual.
    #[test]
    fn a_megabyte_of_nested_batches_is_an_error_not_an_abort() {
        let hostile = nested((1 << 20) / 12);
        assert!(hostile.len() >= 1 << 20);
        assert!(crate::codec::decode::<Command>(&hostile).is_err());
        let again = bincode::serialize(&wrapped(2)).expect("encode");
        assert_eq!(
            crate::codec::decode::<Command>(&again).ok(),
            Some(wrapped(2))
        );
    }

    #[test]
    fn a_length_beyond_the_message_or_a_message_beyond_the_limit_is_refused() {
        let mut bytes = Vec::new();
        bytes.extend_from_slice(&0u32.to_le_bytes()); // Set
        bytes.extend_from_slice(&1u64.to_le_bytes());
        bytes.push(b'k');
        bytes.extend_from_slice(&(1u64 << 40).to_le_bytes()); // a value of 1 TiB
        assert!(crate::codec::decode::<Command>(&bytes).is_err());
        let set = Command::Set {
            key: "k".into(),
            value: vec![7; 100],
        };
        let bytes = bincode::serialize(&set).expect("encode");
        let over = crate::codec::decode_within::<Command>(&bytes, 64).expect_err("over 64");
        assert!(over.to_string().contains("over the limit"), "{over}");
        assert_eq!(crate::codec::decode_within(&bytes, 1024).ok(), Some(set));
    }
}
