//! The APIs and versions the broker serves, the one table ApiVersions answers from and
//! requests are checked against. Each range is what the handlers implement, within what the
//! `kafka-protocol` crate decodes, and covers what kafka-python 3.x and librdkafka 2.x (kcat,
//! confluent-kafka) ask for. `tests/KAFKA_COMPAT.md` lists the test of each.
//!
//! Upper bounds stop where Kafka moved to topic ids (Fetch 13, Produce 13): a topic here is
//! known by its name.

use kafka_protocol::messages::ApiKey;
use kafka_protocol::protocol::VersionRange;

/// Every served API with its range, before intersecting with the crate's.
const SERVED: &[(ApiKey, i16, i16)] = &[
    (ApiKey::Produce, 3, 9),
    (ApiKey::Fetch, 4, 12),
    (ApiKey::ListOffsets, 1, 6),
    (ApiKey::Metadata, 1, 12),
    (ApiKey::FindCoordinator, 0, 4),
    (ApiKey::ApiVersions, 0, 3),
    (ApiKey::CreateTopics, 2, 7),
    (ApiKey::DeleteTopics, 1, 6),
    (ApiKey::InitProducerId, 0, 4),
    (ApiKey::DescribeConfigs, 1, 4),
    (ApiKey::CreatePartitions, 0, 3),
    (ApiKey::DescribeCluster, 0, 1),
    (ApiKey::JoinGroup, 0, 7),
    (ApiKey::SyncGroup, 0, 5),
    (ApiKey::Heartbeat, 0, 4),
    (ApiKey::LeaveGroup, 0, 4),
    (ApiKey::OffsetCommit, 2, 8),
    (ApiKey::OffsetFetch, 1, 7),
    (ApiKey::DescribeGroups, 0, 5),
    (ApiKey::ListGroups, 0, 4),
];

/// The versions of `api` the broker serves; `None` when it does not serve it.
pub fn served(api: ApiKey) -> Option<VersionRange> {
    SERVED
        .iter()
        .find(|(k, ..)| *k == api)
        .map(|&(k, min, max)| {
            let crate_range = k.valid_versions();
            VersionRange {
                min: min.max(crate_range.min),
                max: max.min(crate_range.max),
            }
        })
}

/// Every served API with its versions, in API key order, as ApiVersions lists them.
pub fn all() -> Vec<(ApiKey, VersionRange)> {
    let mut out: Vec<(ApiKey, VersionRange)> = SERVED
        .iter()
        .filter_map(|&(k, ..)| served(k).map(|r| (k, r)))
        .collect();
    out.sort_by_key(|(k, _)| *k as i16);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_served_range_is_one_the_crate_decodes_and_not_empty() {
        for (api, range) in all() {
            assert!(!range.is_empty(), "{api:?}");
            let crate_range = api.valid_versions();
            assert!(
                range.min >= crate_range.min && range.max <= crate_range.max,
                "{api:?}"
            );
        }
        assert!(
            served(ApiKey::AddPartitionsToTxn).is_none(),
            "no transactions"
        );
    }
}
