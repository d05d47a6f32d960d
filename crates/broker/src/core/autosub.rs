//! Auto-subscribe: subscriptions every client gets at connect, from the ordered rules kept in
//! meta (`autosub/rules`, EMQX's auto-subscribe). A rule's filter may name `${clientid}` and
//! `${username}`; the broker puts the connecting client's in and subscribes its session as a
//! SUBSCRIBE would, through the same filter, ACL and limit checks and the same retained
//! message handling. A rule that names `${username}` does nothing for a client without one,
//! and a placeholder never inserts `+`, `#` or `/` from a client's name (such a rule is skipped
//! for that client), so that a client id cannot widen the filter.

use robustmq_meta_client::AutoSubscribeRule;

use crate::core::message::QoS;
use crate::core::session::{RetainHandling, SubscriptionOptions};

/// The filter `rule` gives the client `client_id` with `username`, or `None` when the rule
/// does not apply to it (see the module docs).
pub fn filter_for(
    rule: &AutoSubscribeRule,
    client_id: &str,
    username: Option<&str>,
) -> Option<String> {
    let safe = |s: &str| !s.is_empty() && !s.contains(['+', '#', '/']);
    let mut filter = rule.filter.clone();
    if filter.contains("${clientid}") {
        if !safe(client_id) {
            return None;
        }
        filter = filter.replace("${clientid}", client_id);
    }
    if filter.contains("${username}") {
        let username = username.filter(|u| safe(u))?;
        filter = filter.replace("${username}", username);
    }
    Some(filter)
}

/// The subscription options of `rule`. Before MQTT 5 (`v5` false) a subscription has only a
/// QoS, so No Local and Retain As Published are off and retained messages are sent.
pub fn options_of(rule: &AutoSubscribeRule, v5: bool) -> SubscriptionOptions {
    let qos = match rule.qos {
        0 => QoS::AtMostOnce,
        1 => QoS::AtLeastOnce,
        _ => QoS::ExactlyOnce,
    };
    SubscriptionOptions {
        qos,
        no_local: v5 && rule.no_local,
        retain_as_published: v5 && rule.retain_as_published,
        retain_handling: match rule.retain_handling {
            _ if !v5 => RetainHandling::SendAtSubscribe,
            0 => RetainHandling::SendAtSubscribe,
            1 => RetainHandling::SendAtSubscribeIfNew,
            _ => RetainHandling::DoNotSend,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(filter: &str) -> AutoSubscribeRule {
        AutoSubscribeRule {
            filter: filter.into(),
            qos: 1,
            no_local: true,
            retain_as_published: true,
            retain_handling: 2,
        }
    }

    #[test]
    fn placeholders_take_the_clients_names_and_never_widen_the_filter() {
        let r = rule("devices/${clientid}/cmd/${username}");
        assert_eq!(
            filter_for(&r, "pump-7", Some("plant")).as_deref(),
            Some("devices/pump-7/cmd/plant")
        );
        assert_eq!(filter_for(&r, "pump-7", None), None, "no username");
        assert_eq!(
            filter_for(&r, "a/b", Some("plant")),
            None,
            "a `/` in the id"
        );
        assert_eq!(filter_for(&r, "#", Some("plant")), None, "a wildcard id");
        assert_eq!(
            filter_for(&rule("broadcast/#"), "x", None).as_deref(),
            Some("broadcast/#"),
            "a rule without placeholders applies to everyone"
        );
    }

    #[test]
    fn options_before_mqtt_5_are_a_qos_alone() {
        let r = rule("a");
        let v5 = options_of(&r, true);
        assert!(v5.no_local && v5.retain_as_published);
        assert_eq!(v5.retain_handling, RetainHandling::DoNotSend);
        let v3 = options_of(&r, false);
        assert_eq!(v3.qos, QoS::AtLeastOnce);
        assert!(!v3.no_local && !v3.retain_as_published);
        assert_eq!(v3.retain_handling, RetainHandling::SendAtSubscribe);
    }
}
