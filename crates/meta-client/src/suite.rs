//! The [`MetaStore`] conformance suite: one body of checks that every implementation runs
//! (the in-memory store here; a one-node `MetaNode` and `RemoteMeta` over gRPC in the meta
//! crate), so that the fake the broker's tests use cannot drift from the real service.
//!
//! [`run`] expects a fresh store with at least two `data` groups, and panics with the first
//! difference it finds.

use std::time::Duration;

use tokio_stream::StreamExt as _;

use crate::command::{Command, CommandResult};
use crate::keys::{self, METADATA_GROUP};
use crate::records::{
    AclAction, AclRecord, AclWho, BanKind, BanRecord, Liveness, NodeRecord, PartitionPlacement,
    TopicMeta, TopicPlacement, UserRecord,
};
use crate::remote::{MAX_READ_BYTES, MAX_READ_ENTRIES};
use crate::watch::WatchEvent;
use crate::{MetaClient, MetaError, MetaStore, SecurityClient};

/// How long a watcher waits for an event that must come.
const EVENT_WAIT: Duration = Duration::from_secs(5);

/// Runs every check against `store`.
///
/// # Panics
/// On the first behaviour that differs from the contract of [`MetaStore`] and the typed API.
pub async fn run(store: &dyn MetaStore) {
    groups(store).await;
    kv(store).await;
    pages(store).await;
    batches(store).await;
    topics(store).await;
    sessions(store).await;
    retained_and_wills(store).await;
    offsets(store).await;
    security(store).await;
    nodes(store).await;
    watch(store).await;
}

fn topic(name: &str) -> TopicMeta {
    TopicMeta {
        name: name.to_owned(),
        partitions: 3,
        storage: "EngineSegment".to_owned(),
        retention_ms: Some(1000),
        created_ms: 7,
    }
}

async fn groups(store: &dyn MetaStore) {
    let counts = store.group_counts().await.expect("group counts");
    assert!(counts.data >= 2, "the suite needs at least two data groups");
    for group in counts.group_names() {
        store
            .scan(&group, "", false)
            .await
            .unwrap_or_else(|e| panic!("group {group} is not served: {e}"));
    }
    match store.get("no-such-group", "k", false).await {
        Err(MetaError::UnknownGroup(g)) => assert_eq!(g, "no-such-group"),
        other => panic!("an unknown group is an error, not {other:?}"),
    }
    // Keys land in the group the counts name, so every node finds them there.
    store
        .session_put("routed-client", b"r".to_vec())
        .await
        .expect("put");
    let home = counts.data_group("routed-client");
    for group in counts.data_groups() {
        let found = store
            .get(&group, &keys::session("routed-client"), false)
            .await
            .expect("get");
        assert_eq!(found.is_some(), group == home, "in {group}");
    }
    assert!(store.session_delete("routed-client").await.expect("delete"));
}

async fn kv(store: &dyn MetaStore) {
    store.kv_set("x/1", b"1".to_vec()).await.expect("set");
    store
        .kv_set_many(vec![
            ("x/2".to_owned(), b"2".to_vec()),
            ("y/1".to_owned(), b"3".to_vec()),
        ])
        .await
        .expect("set many");
    assert_eq!(
        store.kv_get("x/2", true).await.expect("get"),
        Some(b"2".to_vec())
    );
    assert_eq!(
        store.kv_get("x/2", false).await.expect("get"),
        Some(b"2".to_vec())
    );
    let listed: Vec<String> = store
        .kv_prefix("x/", true)
        .await
        .expect("prefix")
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    assert_eq!(
        listed,
        ["x/1", "x/2"],
        "in key order, without the kv/ prefix"
    );
    assert!(store.kv_delete("x/1").await.expect("delete"));
    assert!(!store.kv_delete("x/1").await.expect("delete again"));
    assert_eq!(store.kv_get("x/1", true).await.expect("get"), None);
}

/// A scan returns every key under its prefix, however many pages a remote store reads it in
/// (by count, [`MAX_READ_ENTRIES`], and by bytes, [`MAX_READ_BYTES`]).
async fn pages(store: &dyn MetaStore) {
    let count = 2 * MAX_READ_ENTRIES + 5;
    let mut pairs: Vec<(String, Vec<u8>)> = (0..count)
        .map(|i| (format!("pages/{i:05}"), i.to_le_bytes().to_vec()))
        .collect();
    pairs.push(("pages".to_owned(), b"before".to_vec()));
    pairs.push(("pagesz".to_owned(), b"after".to_vec()));
    store.kv_set_many(pairs).await.expect("set many");
    for linearizable in [false, true] {
        let listed = store
            .kv_prefix("pages/", linearizable)
            .await
            .expect("prefix");
        assert_eq!(listed.len(), count, "every key, once");
        assert!(
            listed
                .iter()
                .enumerate()
                .all(|(i, (k, v))| *k == format!("pages/{i:05}") && *v == i.to_le_bytes()),
            "in key order, with their values"
        );
    }
    let big = MAX_READ_BYTES / 3 + 1;
    store
        .kv_set_many(
            (0..4)
                .map(|i| (format!("pages-big/{i}"), vec![i; big]))
                .collect(),
        )
        .await
        .expect("big values");
    let listed = store.kv_prefix("pages-big/", true).await.expect("prefix");
    assert_eq!(
        listed.len(),
        4,
        "pages end by bytes too, and the next one goes on"
    );
    assert!(
        listed
            .iter()
            .enumerate()
            .all(|(i, (_, v))| v.len() == big && v[0] as usize == i)
    );
    store
        .apply(
            METADATA_GROUP,
            Command::DeletePrefix {
                prefix: keys::kv("pages"),
            },
        )
        .await
        .expect("clean up");
}

async fn batches(store: &dyn MetaStore) {
    let create = |v: &[u8]| Command::Create {
        key: "batch/k".to_owned(),
        value: v.to_vec(),
    };
    let result = store
        .apply(
            METADATA_GROUP,
            Command::Batch(vec![
                create(b"1"),
                create(b"2"),
                Command::Delete {
                    key: "batch/k".to_owned(),
                },
                Command::Delete {
                    key: "batch/k".to_owned(),
                },
                create(b"3"),
            ]),
        )
        .await
        .expect("batch");
    assert_eq!(
        result,
        CommandResult::Batch(vec![
            CommandResult::Created { created: true },
            CommandResult::Created { created: false },
            CommandResult::Deleted { existed: true },
            CommandResult::Deleted { existed: false },
            CommandResult::Created { created: true },
        ]),
        "each command of a batch sees the ones before it"
    );
    assert_eq!(
        store
            .get(METADATA_GROUP, "batch/k", true)
            .await
            .expect("get"),
        Some(b"3".to_vec())
    );
    store
        .apply(
            METADATA_GROUP,
            Command::Batch(vec![
                Command::Set {
                    key: "batch/a".to_owned(),
                    value: b"a".to_vec(),
                },
                Command::DeletePrefix {
                    prefix: "batch/".to_owned(),
                },
                Command::Set {
                    key: "batch/b".to_owned(),
                    value: b"b".to_vec(),
                },
            ]),
        )
        .await
        .expect("batch");
    let left: Vec<String> = store
        .scan(METADATA_GROUP, "batch/", true)
        .await
        .expect("scan")
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    assert_eq!(
        left,
        ["batch/b"],
        "a prefix deletion covers only what came before it"
    );
}

async fn topics(store: &dyn MetaStore) {
    store.topic_put(&topic("b")).await.expect("put");
    assert!(store.topic_create(&topic("a")).await.expect("create"));
    let mut other = topic("a");
    other.partitions = 9;
    assert!(
        !store.topic_create(&other).await.expect("create again"),
        "a second create of the same topic does not win"
    );
    assert_eq!(store.topic_get("a").await.expect("get"), Some(topic("a")));
    let names: Vec<String> = store
        .topic_list()
        .await
        .expect("list")
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(names, ["a", "b"]);
    let placed = TopicPlacement {
        partitions: vec![PartitionPlacement {
            leader: 3,
            epoch: 1,
            replicas: vec![3],
        }],
    };
    store.placement_put("a", &placed).await.expect("place");
    store.placement_put("b", &placed).await.expect("place");
    assert_eq!(
        store.placement_get("a").await.expect("get"),
        Some(placed.clone())
    );
    assert_eq!(placed.leader(0), Some(3));
    assert_eq!(placed.leader(1), None, "not placed yet");
    assert!(store.topic_delete("a").await.expect("delete"));
    assert_eq!(
        store.placement_list().await.expect("list"),
        [("b".to_owned(), placed)],
        "a topic's placement goes with it"
    );
    assert!(!store.topic_delete("a").await.expect("delete again"));
    assert_eq!(store.topic_get("a").await.expect("get"), None);
    assert!(store.topic_delete("b").await.expect("delete"));
    assert!(store.placement_list().await.expect("list").is_empty());
}

async fn sessions(store: &dyn MetaStore) {
    store.session_put("c1", b"s1".to_vec()).await.expect("put");
    store.session_put("c2", b"s2".to_vec()).await.expect("put");
    for (client, filter, options) in [
        ("c1", "a/+", "q1"),
        ("c1", "b/#", "q0"),
        ("c2", "a/+", "q2"),
    ] {
        store
            .subscription_put(client, filter, options.as_bytes().to_vec())
            .await
            .expect("subscribe");
    }
    assert_eq!(store.subscription_list("c").await.expect("list").len(), 3);
    assert_eq!(
        store.session_get("c1").await.expect("get"),
        Some(b"s1".to_vec())
    );
    let mut listed = store.session_list().await.expect("list");
    listed.sort();
    assert_eq!(
        listed,
        [
            ("c1".to_owned(), b"s1".to_vec()),
            ("c2".to_owned(), b"s2".to_vec())
        ]
    );
    assert!(store.session_delete("c1").await.expect("delete"));
    assert!(!store.session_delete("c1").await.expect("delete again"));
    assert_eq!(
        store.subscription_list("").await.expect("list"),
        vec![("c2".to_owned(), "a/+".to_owned(), b"q2".to_vec())],
        "deleting a session removes its subscriptions"
    );
    assert!(
        store
            .subscription_delete("c2", "a/+")
            .await
            .expect("unsubscribe")
    );
    assert!(!store.subscription_delete("c2", "a/+").await.expect("again"));
    assert!(store.session_delete("c2").await.expect("delete"));
}

async fn retained_and_wills(store: &dyn MetaStore) {
    for t in ["a/b", "a/c", "a/b/c", "$SYS/x"] {
        store
            .retained_put(t, t.as_bytes().to_vec())
            .await
            .expect("put");
    }
    let topics = |v: Vec<(String, Vec<u8>)>| v.into_iter().map(|(t, _)| t).collect::<Vec<_>>();
    assert_eq!(
        topics(store.retained_match("a/+").await.expect("match")),
        ["a/b", "a/c"]
    );
    assert_eq!(
        topics(store.retained_match("#").await.expect("match")),
        ["a/b", "a/b/c", "a/c"],
        "`#` does not match `$` topics [MQTT-4.7.2-1]"
    );
    store.retained_put("a/b", Vec::new()).await.expect("clear");
    assert_eq!(store.retained_get("a/b").await.expect("get"), None);
    assert_eq!(
        store.retained_get("a/c").await.expect("get"),
        Some(b"a/c".to_vec())
    );
    assert_eq!(store.retained_list().await.expect("list").len(), 3);

    store.will_put("w1", b"will".to_vec()).await.expect("put");
    assert_eq!(
        store.will_list().await.expect("list"),
        [("w1".to_owned(), b"will".to_vec())]
    );
    assert!(store.will_delete("w1").await.expect("delete"));
    assert!(!store.will_delete("w1").await.expect("delete again"));
}

async fn offsets(store: &dyn MetaStore) {
    store.offset_commit("g", "t", 2, 42).await.expect("commit");
    store.offset_commit("g", "t", 2, 43).await.expect("commit");
    assert_eq!(
        store.offset_fetch("g", "t", 2).await.expect("fetch"),
        Some(43)
    );
    assert_eq!(store.offset_fetch("g", "t", 3).await.expect("fetch"), None);
    store.offset_commit("g", "a", 0, 7).await.expect("commit");
    store.offset_commit("g/x", "t", 0, 9).await.expect("commit");
    assert_eq!(
        store.offset_list("g").await.expect("list"),
        [("a".to_owned(), 0, 7), ("t".to_owned(), 2, 43)],
        "every offset of the group, none of `g/x`"
    );
    let group = store.offset_group("bad").await.expect("group");
    store
        .apply(
            &group,
            Command::Set {
                key: keys::offset("bad", "t", 0),
                value: b"short".to_vec(),
            },
        )
        .await
        .expect("set");
    assert!(matches!(
        store.offset_fetch("bad", "t", 0).await,
        Err(MetaError::Codec(_))
    ));
}

async fn security(store: &dyn MetaStore) {
    let user = UserRecord {
        username: "plant".into(),
        password_hash: "h".into(),
        superuser: false,
        created_ms: 1,
        scram: None,
    };
    store.user_put(&user).await.expect("put");
    assert_eq!(store.user_get("plant").await.expect("get"), Some(user));
    let rule = AclRecord {
        name: "own".into(),
        who: AclWho::Username("plant".into()),
        action: AclAction::Publish,
        topic: "plants/${username}/#".into(),
        allow: true,
    };
    store.acl_put(&rule).await.expect("put");
    assert_eq!(store.acl_list().await.expect("list"), vec![rule.clone()]);
    assert_eq!(store.acl_get("own").await.expect("get"), Some(rule));
    let ban = BanRecord {
        kind: BanKind::Ip,
        value: "10.0.0.7".into(),
        reason: "flood".into(),
        created_ms: 1,
        until_ms: Some(10),
    };
    store.ban_put(&ban).await.expect("put");
    assert_eq!(store.ban_list().await.expect("list"), vec![ban]);
    assert!(
        store
            .ban_delete(BanKind::Ip, "10.0.0.7")
            .await
            .expect("delete")
    );
    assert!(
        !store
            .ban_delete(BanKind::Ip, "10.0.0.7")
            .await
            .expect("delete")
    );
    assert!(store.acl_delete("own").await.expect("delete"));
    assert!(store.user_delete("plant").await.expect("delete"));
    assert!(store.user_list().await.expect("list").is_empty());
}

async fn nodes(store: &dyn MetaStore) {
    for id in [2, 1] {
        store
            .node_put(&NodeRecord {
                node_id: id,
                roles: vec!["broker".into()],
                grpc_addr: format!("127.0.0.1:{id}228"),
                version: "0".into(),
                beat: 1,
                kafka_addr: None,
            })
            .await
            .expect("beat");
    }
    store
        .apply(
            METADATA_GROUP,
            Command::Set {
                key: keys::liveness(2),
                value: serde_json::to_vec(&Liveness::Dead).expect("json"),
            },
        )
        .await
        .expect("judge");
    let nodes = store.nodes().await.expect("nodes");
    let summary: Vec<(u64, Liveness)> = nodes.iter().map(|(r, l)| (r.node_id, *l)).collect();
    assert_eq!(summary, [(1, Liveness::Alive), (2, Liveness::Dead)]);
}

async fn watch(store: &dyn MetaStore) {
    let mut events = store
        .watch(vec![keys::TOPIC_PREFIX.to_owned()])
        .await
        .expect("watch");
    store.kv_set("unwatched", b"x".to_vec()).await.expect("set");
    assert!(store.topic_create(&topic("w")).await.expect("create"));
    assert!(!store.topic_create(&topic("w")).await.expect("create again"));
    assert!(store.topic_delete("w").await.expect("delete"));
    let mut next = async || {
        tokio::time::timeout(EVENT_WAIT, events.next())
            .await
            .expect("an event in time")
            .expect("the stream goes on")
    };
    match next().await {
        WatchEvent::Put { group, key, .. } => {
            assert_eq!((group.as_str(), key.as_str()), (METADATA_GROUP, "topic/w"));
        }
        other => panic!("expected the topic's creation first, got {other:?}"),
    }
    match next().await {
        WatchEvent::Delete { key, .. } => {
            assert_eq!(
                key, "topic/w",
                "a create that changed nothing is not announced"
            );
        }
        other => panic!("expected the topic's deletion, got {other:?}"),
    }
}
