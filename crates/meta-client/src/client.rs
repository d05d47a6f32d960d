//! [`MetaClient`]: the typed API over any [`MetaStore`]: the generic KV, topics, sessions and
//! subscriptions, delayed wills, retained messages, consumer offsets and node heartbeats. Keys
//! come from [`crate::keys`].

use std::collections::HashMap;

use async_trait::async_trait;
use robustmq_common::topic;

use crate::command::{Command, CommandResult, created, existed};
use crate::error::{MetaError, Result};
use crate::keys::{self, METADATA_GROUP};
use crate::records::{Liveness, NodeRecord, TopicMeta, TopicPlacement};
use crate::store::MetaStore;

/// The typed API, provided for every [`MetaStore`].
#[async_trait]
pub trait MetaClient: MetaStore {
    /// The `data` group that holds routing key `key` (a client id or a topic).
    ///
    /// # Errors
    /// As [`MetaStore::group_counts`].
    async fn data_group(&self, key: &str) -> Result<String> {
        Ok(self.group_counts().await?.data_group(key))
    }

    /// The `offset` group that holds consumer group `group`.
    ///
    /// # Errors
    /// As [`MetaStore::group_counts`].
    async fn offset_group(&self, group: &str) -> Result<String> {
        Ok(self.group_counts().await?.offset_group(group))
    }

    /// Sets a key of the generic KV.
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn kv_set(&self, key: &str, value: Vec<u8>) -> Result<()> {
        let command = Command::Set {
            key: keys::kv(key),
            value,
        };
        self.apply(METADATA_GROUP, command).await.map(|_| ())
    }

    /// Sets many keys of the generic KV in one log entry.
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn kv_set_many(&self, pairs: Vec<(String, Vec<u8>)>) -> Result<()> {
        let pairs = pairs.into_iter().map(|(k, v)| (keys::kv(&k), v)).collect();
        self.apply(METADATA_GROUP, Command::SetMany(pairs))
            .await
            .map(|_| ())
    }

    /// Reads a key of the generic KV.
    ///
    /// # Errors
    /// As [`MetaStore::get`].
    async fn kv_get(&self, key: &str, linearizable: bool) -> Result<Option<Vec<u8>>> {
        self.get(METADATA_GROUP, &keys::kv(key), linearizable).await
    }

    /// Deletes a key of the generic KV; returns whether it existed.
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn kv_delete(&self, key: &str) -> Result<bool> {
        let command = Command::Delete { key: keys::kv(key) };
        Ok(existed(&self.apply(METADATA_GROUP, command).await?))
    }

    /// Every generic KV key under `prefix`, without the internal `kv/` prefix.
    ///
    /// # Errors
    /// As [`MetaStore::scan`].
    async fn kv_prefix(&self, prefix: &str, linearizable: bool) -> Result<Vec<(String, Vec<u8>)>> {
        let found = self
            .scan(METADATA_GROUP, &keys::kv(prefix), linearizable)
            .await?;
        Ok(found
            .into_iter()
            .filter_map(|(k, v)| Some((keys::strip(&k, keys::KV_PREFIX)?.to_owned(), v)))
            .collect())
    }

    /// Records a topic, replacing any earlier record of that name.
    ///
    /// # Errors
    /// As [`MetaStore::apply`], or [`MetaError::Codec`].
    async fn topic_put(&self, topic: &TopicMeta) -> Result<()> {
        let value = serde_json::to_vec(topic).map_err(MetaError::codec)?;
        let command = Command::Set {
            key: keys::topic(&topic.name),
            value,
        };
        self.apply(METADATA_GROUP, command).await.map(|_| ())
    }

    /// Records a topic unless one of that name exists; returns whether this call created it.
    /// Of two writers racing to create a topic, exactly one gets `true`.
    ///
    /// # Errors
    /// As [`MetaStore::apply`], or [`MetaError::Codec`].
    async fn topic_create(&self, topic: &TopicMeta) -> Result<bool> {
        let value = serde_json::to_vec(topic).map_err(MetaError::codec)?;
        let command = Command::Create {
            key: keys::topic(&topic.name),
            value,
        };
        Ok(created(&self.apply(METADATA_GROUP, command).await?))
    }

    /// A topic by name.
    ///
    /// # Errors
    /// As [`MetaStore::get`], or [`MetaError::Codec`] for a record that does not parse.
    async fn topic_get(&self, name: &str) -> Result<Option<TopicMeta>> {
        let found = self.get(METADATA_GROUP, &keys::topic(name), true).await?;
        found
            .map(|v| serde_json::from_slice(&v).map_err(MetaError::codec))
            .transpose()
    }

    /// Every topic, by name.
    ///
    /// # Errors
    /// As [`MetaStore::scan`], or [`MetaError::Codec`] for a record that does not parse.
    async fn topic_list(&self) -> Result<Vec<TopicMeta>> {
        let found = self.scan(METADATA_GROUP, keys::TOPIC_PREFIX, true).await?;
        found
            .into_iter()
            .map(|(_, v)| serde_json::from_slice(&v).map_err(MetaError::codec))
            .collect()
    }

    /// Deletes a topic record; returns whether it existed.
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn topic_delete(&self, name: &str) -> Result<bool> {
        let command = Command::Batch(vec![
            Command::Delete {
                key: keys::topic(name),
            },
            Command::Delete {
                key: keys::placement(name),
            },
        ]);
        Ok(match self.apply(METADATA_GROUP, command).await? {
            CommandResult::Batch(results) => results.first().is_some_and(existed),
            other => existed(&other),
        })
    }

    /// The placement of topic `name`'s partitions, if the controller has placed any.
    ///
    /// # Errors
    /// As [`MetaStore::get`], or [`MetaError::Codec`] for a record that does not parse.
    async fn placement_get(&self, name: &str) -> Result<Option<TopicPlacement>> {
        let found = self
            .get(METADATA_GROUP, &keys::placement(name), true)
            .await?;
        found
            .map(|v| serde_json::from_slice(&v).map_err(MetaError::codec))
            .transpose()
    }

    /// Every topic's placement, by topic name.
    ///
    /// # Errors
    /// As [`MetaStore::scan`], or [`MetaError::Codec`] for a record that does not parse.
    async fn placement_list(&self) -> Result<Vec<(String, TopicPlacement)>> {
        let found = self
            .scan(METADATA_GROUP, keys::PLACEMENT_PREFIX, true)
            .await?;
        strip_all(found, keys::PLACEMENT_PREFIX)
            .into_iter()
            .map(|(k, v)| Ok((k, serde_json::from_slice(&v).map_err(MetaError::codec)?)))
            .collect()
    }

    /// Records where topic `name`'s partitions live (the controller's write).
    ///
    /// # Errors
    /// As [`MetaStore::apply`], or [`MetaError::Codec`].
    async fn placement_put(&self, name: &str, placement: &TopicPlacement) -> Result<()> {
        let value = serde_json::to_vec(placement).map_err(MetaError::codec)?;
        let command = Command::Set {
            key: keys::placement(name),
            value,
        };
        self.apply(METADATA_GROUP, command).await.map(|_| ())
    }

    /// Stores a client's session record.
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn session_put(&self, client_id: &str, session: Vec<u8>) -> Result<()> {
        let command = Command::Set {
            key: keys::session(client_id),
            value: session,
        };
        let group = self.data_group(client_id).await?;
        self.apply(&group, command).await.map(|_| ())
    }

    /// A client's session record, read linearizably: a reconnecting client must see the session
    /// its previous connection (possibly on another broker) last wrote.
    ///
    /// # Errors
    /// As [`MetaStore::get`].
    async fn session_get(&self, client_id: &str) -> Result<Option<Vec<u8>>> {
        let group = self.data_group(client_id).await?;
        self.get(&group, &keys::session(client_id), true).await
    }

    /// Deletes a client's session and its subscriptions, in one log entry; returns whether the
    /// session existed.
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn session_delete(&self, client_id: &str) -> Result<bool> {
        let group = self.data_group(client_id).await?;
        let command = Command::Batch(vec![
            Command::DeletePrefix {
                prefix: keys::subscriptions_of(client_id),
            },
            Command::Delete {
                key: keys::session(client_id),
            },
        ]);
        match self.apply(&group, command).await? {
            crate::CommandResult::Batch(results) => Ok(results.last().is_some_and(existed)),
            other => Ok(existed(&other)),
        }
    }

    /// Every session record, as `(client id, record)`, from the answering node's copies of all
    /// `data` groups.
    ///
    /// # Errors
    /// As [`MetaStore::scan`].
    async fn session_list(&self) -> Result<Vec<(String, Vec<u8>)>> {
        Ok(strip_all(
            self.scan_data_groups(keys::SESSION_PREFIX).await?,
            keys::SESSION_PREFIX,
        ))
    }

    /// Stores a subscription of a client to `filter`.
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn subscription_put(
        &self,
        client_id: &str,
        filter: &str,
        options: Vec<u8>,
    ) -> Result<()> {
        let command = Command::Set {
            key: keys::subscription(client_id, filter),
            value: options,
        };
        let group = self.data_group(client_id).await?;
        self.apply(&group, command).await.map(|_| ())
    }

    /// Deletes a subscription; returns whether it existed.
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn subscription_delete(&self, client_id: &str, filter: &str) -> Result<bool> {
        let command = Command::Delete {
            key: keys::subscription(client_id, filter),
        };
        let group = self.data_group(client_id).await?;
        Ok(existed(&self.apply(&group, command).await?))
    }

    /// Subscriptions as `(client_id, filter, options)`, of every client whose id starts with
    /// `client_prefix`, across all `data` groups.
    ///
    /// # Errors
    /// As [`MetaStore::scan`].
    async fn subscription_list(
        &self,
        client_prefix: &str,
    ) -> Result<Vec<(String, String, Vec<u8>)>> {
        let mut out = Vec::new();
        for (key, value) in self.scan_data_groups(keys::SUBSCRIPTION_PREFIX).await? {
            if let Some((client, filter)) = keys::parse_subscription(&key)
                && client.starts_with(client_prefix)
            {
                out.push((client.to_owned(), filter.to_owned(), value));
            }
        }
        out.sort();
        Ok(out)
    }

    /// Stores the pending will of a client whose connection ended, so a broker that restarts
    /// before the will is due still publishes it. The value is the broker's encoding.
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn will_put(&self, client_id: &str, will: Vec<u8>) -> Result<()> {
        let command = Command::Set {
            key: keys::will(client_id),
            value: will,
        };
        let group = self.data_group(client_id).await?;
        self.apply(&group, command).await.map(|_| ())
    }

    /// Deletes the pending will of a client; returns whether one existed.
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn will_delete(&self, client_id: &str) -> Result<bool> {
        let command = Command::Delete {
            key: keys::will(client_id),
        };
        let group = self.data_group(client_id).await?;
        Ok(existed(&self.apply(&group, command).await?))
    }

    /// Every pending will, as `(client id, will)`, from the answering node's copies.
    ///
    /// # Errors
    /// As [`MetaStore::scan`].
    async fn will_list(&self) -> Result<Vec<(String, Vec<u8>)>> {
        Ok(strip_all(
            self.scan_data_groups(keys::WILL_PREFIX).await?,
            keys::WILL_PREFIX,
        ))
    }

    /// Every key under `prefix` in all `data` groups, from the answering node's copies.
    ///
    /// # Errors
    /// As [`MetaStore::scan`].
    async fn scan_data_groups(&self, prefix: &str) -> Result<Vec<(String, Vec<u8>)>> {
        let mut out = Vec::new();
        for group in self.group_counts().await?.data_groups() {
            out.extend(self.scan(&group, prefix, false).await?);
        }
        Ok(out)
    }

    /// Sets the retained message of `topic`; an empty `message` clears it, as an empty retained
    /// PUBLISH does [MQTT-3.3.1-6].
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn retained_put(&self, topic_name: &str, message: Vec<u8>) -> Result<()> {
        let key = keys::retained(topic_name);
        let command = if message.is_empty() {
            Command::Delete { key }
        } else {
            Command::Set {
                key,
                value: message,
            }
        };
        let group = self.data_group(topic_name).await?;
        self.apply(&group, command).await.map(|_| ())
    }

    /// The retained message of `topic`, from the answering node's copy: a retained message is
    /// delivered on subscribe, where a just-replaced value is as acceptable as on any broker, and
    /// the read stays off the leader.
    ///
    /// # Errors
    /// As [`MetaStore::get`].
    async fn retained_get(&self, topic_name: &str) -> Result<Option<Vec<u8>>> {
        let group = self.data_group(topic_name).await?;
        self.get(&group, &keys::retained(topic_name), false).await
    }

    /// Every retained message, as `(topic, message)`, from the answering node's copies.
    ///
    /// # Errors
    /// As [`MetaStore::scan`].
    async fn retained_list(&self) -> Result<Vec<(String, Vec<u8>)>> {
        Ok(strip_all(
            self.scan_data_groups(keys::RETAINED_PREFIX).await?,
            keys::RETAINED_PREFIX,
        ))
    }

    /// Every retained message whose topic matches `filter`, as `(topic, message)`, in topic
    /// order.
    ///
    /// # Errors
    /// As [`MetaStore::scan`].
    async fn retained_match(&self, filter: &str) -> Result<Vec<(String, Vec<u8>)>> {
        let mut out: Vec<(String, Vec<u8>)> = self
            .retained_list()
            .await?
            .into_iter()
            .filter(|(name, _)| topic::matches(filter, name))
            .collect();
        out.sort();
        Ok(out)
    }

    /// Commits a consumer group's offset for a partition.
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn offset_commit(
        &self,
        group: &str,
        topic_name: &str,
        partition: u32,
        offset: u64,
    ) -> Result<()> {
        let command = Command::Set {
            key: keys::offset(group, topic_name, partition),
            value: offset.to_le_bytes().to_vec(),
        };
        let meta_group = self.offset_group(group).await?;
        self.apply(&meta_group, command).await.map(|_| ())
    }

    /// A consumer group's committed offset for a partition.
    ///
    /// # Errors
    /// As [`MetaStore::get`], or [`MetaError::Codec`] for a value that is not 8 bytes.
    async fn offset_fetch(
        &self,
        group: &str,
        topic_name: &str,
        partition: u32,
    ) -> Result<Option<u64>> {
        let key = keys::offset(group, topic_name, partition);
        let meta_group = self.offset_group(group).await?;
        let found = self.get(&meta_group, &key, true).await?;
        found
            .map(|v| {
                <[u8; 8]>::try_from(v.as_slice())
                    .map(u64::from_le_bytes)
                    .map_err(|_| MetaError::codec(format!("offset value of {} bytes", v.len())))
            })
            .transpose()
    }

    /// Every committed offset of a consumer group: (topic, partition, offset), by topic and
    /// partition. Keys whose topic part holds a `/` belong to a group whose name continues
    /// after this one's (`g/x` beside `g`) and are left out, so Kafka topic names (which have no
    /// `/`) are listed exactly.
    ///
    /// # Errors
    /// As [`MetaStore::scan`].
    async fn offset_list(&self, group: &str) -> Result<Vec<(String, u32, u64)>> {
        let prefix = keys::offset_prefix(group);
        let meta_group = self.offset_group(group).await?;
        let mut out: Vec<(String, u32, u64)> = self
            .scan(&meta_group, &prefix, true)
            .await?
            .into_iter()
            .filter_map(|(key, value)| {
                let rest = keys::strip(&key, &prefix)?;
                let (topic, partition) = rest.rsplit_once('/')?;
                if topic.contains('/') {
                    return None;
                }
                let offset = <[u8; 8]>::try_from(value.as_slice())
                    .ok()
                    .map(u64::from_le_bytes)?;
                Some((topic.to_owned(), partition.parse().ok()?, offset))
            })
            .collect();
        out.sort();
        Ok(out)
    }

    /// Writes a node's heartbeat record.
    ///
    /// # Errors
    /// As [`MetaStore::apply`], or [`MetaError::Codec`].
    async fn node_put(&self, record: &NodeRecord) -> Result<()> {
        let value = serde_json::to_vec(record).map_err(MetaError::codec)?;
        let command = Command::Set {
            key: keys::node(record.node_id),
            value,
        };
        self.apply(METADATA_GROUP, command).await.map(|_| ())
    }

    /// Every node's heartbeat record and its published liveness (`alive` until the controller
    /// says otherwise), by node id.
    ///
    /// # Errors
    /// As [`MetaStore::scan`], or [`MetaError::Codec`] for a record that does not parse.
    async fn nodes(&self) -> Result<Vec<(NodeRecord, Liveness)>> {
        let records = self.scan(METADATA_GROUP, keys::NODE_PREFIX, true).await?;
        let judged: HashMap<String, Vec<u8>> = strip_all(
            self.scan(METADATA_GROUP, keys::LIVENESS_PREFIX, true)
                .await?,
            keys::LIVENESS_PREFIX,
        )
        .into_iter()
        .collect();
        let mut out = Vec::new();
        for (key, value) in records {
            let record: NodeRecord = serde_json::from_slice(&value).map_err(MetaError::codec)?;
            let id = keys::strip(&key, keys::NODE_PREFIX).unwrap_or_default();
            let liveness = match judged.get(id) {
                Some(v) => serde_json::from_slice(v).map_err(MetaError::codec)?,
                None => Liveness::Alive,
            };
            out.push((record, liveness));
        }
        out.sort_by_key(|(r, _)| r.node_id);
        Ok(out)
    }
}

impl<T: MetaStore + ?Sized> MetaClient for T {}

/// The entries of a scan under `prefix`, keyed by what follows it.
fn strip_all(entries: Vec<(String, Vec<u8>)>, prefix: &str) -> Vec<(String, Vec<u8>)> {
    entries
        .into_iter()
        .filter_map(|(k, v)| Some((keys::strip(&k, prefix)?.to_owned(), v)))
        .collect()
}
