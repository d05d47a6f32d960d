//! The MQTT edge of the core's types: QoS and subscription options both ways, a PUBLISH or a
//! will turned into a core [`Message`], and the MQTT 5.0 properties a message carries.
//!
//! A message keeps the properties that pass through to subscribers (payload format, content
//! type, response topic, correlation data, user properties) as one header,
//! [`HEADER_PROPERTIES`], holding the property block as the codec encodes it. The core stores
//! and forwards it without reading it, and a delivery writes it after its own per-hop
//! properties without decoding it. Per-hop properties never go in: the topic alias and the
//! subscription identifiers belong to one connection, and the expiry interval is the core's.

use std::borrow::Cow;
use std::sync::Arc;

use bytes::{Bytes, BytesMut};
use robustmq_engine::Header;
use robustmq_mqtt_codec::{LastWill, Properties, PropertyContext, Protocol, Publish};

use crate::core::lifecycle::Will;
use crate::core::message::{HeaderBridge, Message, QoS, is_private_header};
use crate::core::session::{ClientProtocol, RetainHandling, SubscriptionOptions};

/// Header holding a message's MQTT 5.0 pass-through properties, as a property block.
pub const HEADER_PROPERTIES: &str = "mqtt.properties";

/// The core's QoS of a wire QoS.
pub fn qos(q: robustmq_mqtt_codec::QoS) -> QoS {
    match q {
        robustmq_mqtt_codec::QoS::AtMostOnce => QoS::AtMostOnce,
        robustmq_mqtt_codec::QoS::AtLeastOnce => QoS::AtLeastOnce,
        robustmq_mqtt_codec::QoS::ExactlyOnce => QoS::ExactlyOnce,
    }
}

/// The wire QoS of a core QoS.
pub fn wire_qos(q: QoS) -> robustmq_mqtt_codec::QoS {
    match q {
        QoS::AtMostOnce => robustmq_mqtt_codec::QoS::AtMostOnce,
        QoS::AtLeastOnce => robustmq_mqtt_codec::QoS::AtLeastOnce,
        QoS::ExactlyOnce => robustmq_mqtt_codec::QoS::ExactlyOnce,
    }
}

/// The core's subscription options of SUBSCRIBE's.
pub fn options(o: robustmq_mqtt_codec::SubscriptionOptions) -> SubscriptionOptions {
    SubscriptionOptions {
        qos: qos(o.qos),
        no_local: o.no_local,
        retain_as_published: o.retain_as_published,
        retain_handling: match o.retain_handling {
            robustmq_mqtt_codec::RetainHandling::SendAtSubscribe => RetainHandling::SendAtSubscribe,
            robustmq_mqtt_codec::RetainHandling::SendAtSubscribeIfNew => {
                RetainHandling::SendAtSubscribeIfNew
            }
            robustmq_mqtt_codec::RetainHandling::DoNotSend => RetainHandling::DoNotSend,
        },
    }
}

/// The core's name for a protocol level.
pub fn client_protocol(protocol: Protocol) -> ClientProtocol {
    match protocol {
        Protocol::V31 => ClientProtocol::Mqtt31,
        Protocol::V311 => ClientProtocol::Mqtt311,
        Protocol::V5 => ClientProtocol::Mqtt5,
    }
}

/// Takes out of `properties` what holds for one hop only: the Topic Alias and Subscription
/// Identifiers, which each connection sets for itself, and the Message Expiry Interval, which
/// the broker counts down and sets again per delivery. Returns the expiry. Never allocates, and
/// leaves no empty set behind.
fn take_hop_properties(properties: &mut Properties) -> Option<u32> {
    let values = properties.values_mut()?;
    values.topic_alias = None;
    values.subscription_identifiers.clear();
    let expiry = values.message_expiry_interval.take();
    properties.shrink();
    expiry
}

/// The header that carries `properties` (pass-through ones only), if any are set.
fn properties_header(properties: &Properties) -> Option<Header> {
    if properties.is_empty() {
        return None;
    }
    let mut block = BytesMut::with_capacity(properties.len());
    // Properties decoded from a packet encode again; a failure would only drop them.
    properties.write(&mut block).ok()?;
    Some(Header {
        key: Cow::Borrowed(HEADER_PROPERTIES),
        value: block.freeze(),
    })
}

fn message_of(
    topic: String,
    value: Bytes,
    qos: QoS,
    retain: bool,
    mut properties: Properties,
    publisher: Option<Arc<str>>,
) -> Message {
    let expiry = take_hop_properties(&mut properties);
    let mut message = Message::new(topic, value);
    message.qos = qos;
    message.retain = retain;
    message.expiry = expiry;
    message.publisher = publisher;
    message.headers.extend(properties_header(&properties));
    message
}

/// The message a PUBLISH carries, from `publisher`.
pub fn message_from_publish(publish: Publish, publisher: Option<Arc<str>>) -> Message {
    message_of(
        publish.topic,
        publish.payload,
        qos(publish.qos),
        publish.retain,
        publish.properties,
        publisher,
    )
}

/// The will a CONNECT's Will Message stands for, from client `publisher`: its Will Delay
/// Interval is the broker's to wait, the rest passes through.
pub fn will_from(will: LastWill, publisher: Arc<str>) -> Will {
    let mut properties = will.properties;
    let delay = properties
        .values_mut()
        .and_then(|v| v.will_delay_interval.take())
        .unwrap_or(0);
    properties.shrink();
    Will {
        message: message_of(
            will.topic,
            will.payload,
            qos(will.qos),
            will.retain,
            properties,
            Some(publisher),
        ),
        delay,
    }
}

/// The MQTT layer's [`HeaderBridge`]: its property block holds the user properties, which
/// other protocols show as application headers (a Kafka consumer sees them as record headers).
pub struct MqttHeaders;

impl HeaderBridge for MqttHeaders {
    fn expand(&self, header: &Header, out: &mut Vec<(String, Bytes)>) -> bool {
        if header.key != HEADER_PROPERTIES {
            return false;
        }
        let mut block = header.value.clone();
        if let Ok(properties) = Properties::read(&mut block, PropertyContext::Publish) {
            out.extend(
                properties
                    .user_properties
                    .iter()
                    .map(|(k, v)| (k.clone(), Bytes::copy_from_slice(v.as_bytes()))),
            );
        }
        true
    }
}

/// The user properties that stand for a message's application headers, for a message that
/// came from another protocol (a Kafka record's headers) and so has no property block. Values
/// that are not UTF-8 are shown lossily, as MQTT user properties are UTF-8 strings.
pub fn user_properties_of(message: &Message) -> Vec<(String, String)> {
    if message.header(HEADER_PROPERTIES).is_some() {
        return Vec::new();
    }
    message
        .headers
        .iter()
        .filter(|h| !is_private_header(&h.key))
        .map(|h| {
            (
                h.key.to_string(),
                String::from_utf8_lossy(&h.value).into_owned(),
            )
        })
        .collect()
}

/// The property block a message carries for its subscribers; empty when it has none.
pub fn stored_properties(message: &Message) -> &[u8] {
    message
        .header(HEADER_PROPERTIES)
        .map_or(&[], |block| &block[..])
}

#[cfg(test)]
mod tests {
    use robustmq_mqtt_codec::PropertyValues;

    use super::*;

    #[test]
    fn a_publish_keeps_its_pass_through_properties_and_drops_the_hop_ones() {
        let publish = Publish {
            qos: robustmq_mqtt_codec::QoS::AtLeastOnce,
            retain: true,
            topic: "a/b".into(),
            pkid: 5,
            payload: Bytes::from_static(b"x"),
            properties: Properties::from(PropertyValues {
                content_type: Some("text/plain".into()),
                message_expiry_interval: Some(100),
                topic_alias: Some(3),
                ..PropertyValues::default()
            }),
            ..Publish::default()
        };
        let m = message_from_publish(publish, Some(Arc::from("c1")));
        assert_eq!(
            (m.qos, m.retain, m.expiry),
            (QoS::AtLeastOnce, true, Some(100))
        );
        let mut block = Bytes::copy_from_slice(stored_properties(&m));
        let back = Properties::read(&mut block, robustmq_mqtt_codec::PropertyContext::Publish)
            .expect("a property block");
        assert_eq!(back.content_type.as_deref(), Some("text/plain"));
        assert_eq!(back.topic_alias, None, "one hop only");
        assert_eq!(
            back.message_expiry_interval, None,
            "the core's to count down"
        );
        let bare = message_from_publish(
            Publish {
                topic: "t".into(),
                ..Publish::default()
            },
            None,
        );
        assert!(bare.headers.is_empty(), "no properties, no header");
    }

    #[test]
    fn a_will_waits_its_delay_and_passes_its_other_properties_on() {
        let will = LastWill {
            topic: "dev/1".into(),
            payload: Bytes::from_static(b"offline"),
            qos: robustmq_mqtt_codec::QoS::ExactlyOnce,
            retain: true,
            properties: Properties::from(PropertyValues {
                will_delay_interval: Some(5),
                ..PropertyValues::default()
            }),
        };
        let will = will_from(will, Arc::from("dev-1"));
        assert_eq!(will.delay, 5);
        assert!(
            will.message.headers.is_empty(),
            "the delay is not passed on"
        );
        assert_eq!(will.message.publisher.as_deref(), Some("dev-1"));
        assert_eq!(will.message.qos, QoS::ExactlyOnce);
        assert!(will.message.retain);
    }
}
