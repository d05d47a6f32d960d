//! [`MemoryMeta`]: an in-memory [`MetaStore`] with the groups and the semantics of a meta node,
//! for tests of the roles that use meta. It applies commands with the same
//! [`crate::command::apply`] as the Raft state machine, and the conformance suite
//! (`crate::suite`) holds it to the same behaviour.

use std::collections::BTreeMap;
use std::sync::Arc;

use async_trait::async_trait;
use parking_lot::Mutex;

use crate::command::{Command, CommandResult, apply};
use crate::error::{MetaError, Result};
use crate::keys::GroupCounts;
use crate::store::MetaStore;
use crate::watch::{WatchEvent, WatchStream};

/// One group's key-value state.
type GroupState = BTreeMap<String, Vec<u8>>;

/// An in-memory [`MetaStore`]. Cloning is shallow: clones share the state.
#[derive(Clone)]
pub struct MemoryMeta {
    groups: Arc<Mutex<BTreeMap<String, GroupState>>>,
    counts: GroupCounts,
    events: tokio::sync::broadcast::Sender<WatchEvent>,
}

impl Default for MemoryMeta {
    /// One `offset` and one `data` group, as a default node config has.
    fn default() -> Self {
        Self::new(1, 1)
    }
}

impl MemoryMeta {
    /// A store with `offset_groups` and `data_groups` groups (at least one each).
    pub fn new(offset_groups: u32, data_groups: u32) -> Self {
        Self {
            groups: Arc::default(),
            counts: GroupCounts::new(offset_groups, data_groups),
            events: crate::watch::channel(),
        }
    }

    fn check_group(&self, group: &str) -> Result<()> {
        if self.counts.group_names().iter().any(|g| g == group) {
            Ok(())
        } else {
            Err(MetaError::UnknownGroup(group.to_owned()))
        }
    }
}

#[async_trait]
impl MetaStore for MemoryMeta {
    async fn apply(&self, group: &str, command: Command) -> Result<CommandResult> {
        self.check_group(group)?;
        let mut events = Vec::new();
        let result = {
            let mut groups = self.groups.lock();
            let state = groups.entry(group.to_owned()).or_default();
            let Ok(result) = apply(state, group, command, Some(&mut events));
            result
        };
        for event in events {
            // No receiver is not an error: nobody watches.
            let _ = self.events.send(event);
        }
        Ok(result)
    }

    async fn watch(&self, prefixes: Vec<String>) -> Result<WatchStream> {
        Ok(crate::watch::subscribe(&self.events, prefixes))
    }

    async fn get(&self, group: &str, key: &str, _linearizable: bool) -> Result<Option<Vec<u8>>> {
        self.check_group(group)?;
        Ok(self
            .groups
            .lock()
            .get(group)
            .and_then(|m| m.get(key).cloned()))
    }

    async fn scan(
        &self,
        group: &str,
        prefix: &str,
        _linearizable: bool,
    ) -> Result<Vec<(String, Vec<u8>)>> {
        self.check_group(group)?;
        Ok(self
            .groups
            .lock()
            .get(group)
            .map(|m| {
                m.range(prefix.to_owned()..)
                    .take_while(|(k, _)| k.starts_with(prefix))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect()
            })
            .unwrap_or_default())
    }

    async fn group_counts(&self) -> Result<GroupCounts> {
        Ok(self.counts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_memory_store_passes_the_conformance_suite() {
        crate::suite::run(&MemoryMeta::new(2, 4)).await;
    }
}
