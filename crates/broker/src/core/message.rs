//! What flows from a publisher to subscribers: the [`Message`] as published, and the
//! [`Delivery`] of it to one session with that session's QoS and subscription identifiers.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes::{BufMut, Bytes, BytesMut};
use robustmq_mqtt_codec::{MAX_PACKET_SIZE, Packet, Properties, Protocol, Publish, QoS};

/// An application message as the broker received it. Shared by every delivery through an
/// `Arc`, so fan-out copies a pointer, not the payload.
#[derive(Debug, Clone)]
pub struct Message {
    /// Topic name, after any topic alias was resolved.
    pub topic: String,
    /// Payload.
    pub payload: Bytes,
    /// QoS as published.
    pub qos: QoS,
    /// RETAIN as published.
    pub retain: bool,
    /// PUBLISH properties passed through to subscribers: payload format, content type, response
    /// topic, correlation data, user properties. Never a topic alias or subscription identifier:
    /// those belong to one hop.
    pub properties: Properties,
    /// Client id of the publisher (for No Local); `None` for wills published for a session that
    /// ended, and for `$SYS`.
    pub publisher: Option<Arc<str>>,
    /// When the broker received it; the expiry interval counts from here.
    pub received: Instant,
    /// Message Expiry Interval in seconds, as published.
    pub expiry: Option<u32>,
    /// The shard and offset it was stored at, once stored. A session that stops receiving
    /// records the oldest of these it still owes, to replay from after a restart.
    pub stored: Option<(Arc<str>, u64)>,
}

/// What [`Message::remaining_expiry`] finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    /// The message never expires.
    Never,
    /// Seconds left, to forward as the Message Expiry Interval [MQTT-3.3.2-6].
    Remaining(u32),
    /// The message expired and must not be delivered [MQTT-3.3.2-5].
    Expired,
}

/// Takes out of `properties` what holds for one hop only: the Topic Alias and Subscription
/// Identifiers, which each connection sets for itself, and the Message Expiry Interval, which
/// the broker counts down and sets again per delivery. Returns the expiry. Never allocates, and
/// leaves no empty set behind to be cloned per delivery.
pub(crate) fn take_hop_properties(properties: &mut Properties) -> Option<u32> {
    let values = properties.values_mut()?;
    values.topic_alias = None;
    values.subscription_identifiers.clear();
    let expiry = values.message_expiry_interval.take();
    properties.shrink();
    expiry
}

impl Message {
    /// A message built from a PUBLISH, with one-hop properties removed.
    pub fn from_publish(publish: Publish, publisher: Option<Arc<str>>) -> Message {
        let mut properties = publish.properties;
        let expiry = take_hop_properties(&mut properties);
        Message {
            topic: publish.topic,
            payload: publish.payload,
            qos: publish.qos,
            retain: publish.retain,
            properties,
            publisher,
            received: Instant::now(),
            expiry,
            stored: None,
        }
    }

    /// How much of the expiry interval is left at `now`.
    pub fn remaining_expiry(&self, now: Instant) -> Expiry {
        match self.expiry {
            None => Expiry::Never,
            Some(secs) => {
                let elapsed = now.saturating_duration_since(self.received);
                match Duration::from_secs(u64::from(secs)).checked_sub(elapsed) {
                    Some(left) if !left.is_zero() => {
                        // Round up so a message with 0.4 s left is not sent as "0 = never".
                        let secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
                        Expiry::Remaining(u32::try_from(secs).unwrap_or(u32::MAX))
                    }
                    _ => Expiry::Expired,
                }
            }
        }
    }

    /// Encodes the message for storage outside the process (retained messages in meta): the
    /// Unix receive time in milliseconds, then the message as an MQTT 5.0 PUBLISH.
    pub fn encode(&self) -> Vec<u8> {
        let now_ms = unix_ms();
        let age_ms = i64::try_from(self.received.elapsed().as_millis()).unwrap_or(0);
        let mut buf = BytesMut::new();
        buf.put_i64(now_ms - age_ms);
        let mut properties = self.properties.clone();
        if self.expiry.is_some() {
            properties.message_expiry_interval = self.expiry;
        }
        let publish = Publish {
            dup: false,
            qos: self.qos,
            retain: self.retain,
            topic: self.topic.clone(),
            pkid: u16::from(self.qos != QoS::AtMostOnce),
            payload: self.payload.clone(),
            properties,
        };
        // A message the broker accepted fits an MQTT packet, so this cannot fail; an empty
        // result would decode as "no message" rather than corrupt anything.
        if publish.write(Protocol::V5, &mut buf).is_err() {
            return Vec::new();
        }
        buf.to_vec()
    }

    /// Decodes what [`Message::encode`] wrote; `None` for bytes it did not write.
    pub fn decode(bytes: &[u8]) -> Option<Message> {
        let stamp = i64::from_be_bytes(bytes.get(..8)?.try_into().ok()?);
        let mut buf = BytesMut::from(&bytes[8..]);
        let Ok(Packet::Publish(publish)) =
            robustmq_mqtt_codec::read(&mut buf, Protocol::V5, MAX_PACKET_SIZE)
        else {
            return None;
        };
        let mut message = Message::from_publish(publish, None);
        let age = u64::try_from(unix_ms() - stamp).unwrap_or(0);
        message.received = Instant::now()
            .checked_sub(Duration::from_millis(age))
            .unwrap_or_else(Instant::now);
        Some(message)
    }
}

/// Milliseconds since the Unix epoch.
pub fn unix_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The shared subscription a delivery was chosen through, so that it can go to another member
/// if this one disconnects before acknowledging it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedRef {
    /// Share name.
    pub group: Arc<str>,
    /// Topic filter without the `$share/{group}/` prefix.
    pub filter: Arc<str>,
}

/// One message on its way to one session.
#[derive(Debug, Clone)]
pub struct Delivery {
    /// The message.
    pub message: Arc<Message>,
    /// min(published QoS, granted QoS).
    pub qos: QoS,
    /// RETAIN as sent to this subscriber: set for retained messages sent at subscribe time, and
    /// otherwise the published flag only under Retain As Published.
    pub retain: bool,
    /// Subscription identifiers of every matching subscription [MQTT-3.3.4-3].
    pub subscription_ids: Vec<u32>,
    /// Set when chosen through a shared subscription.
    pub shared: Option<SharedRef>,
}

impl Delivery {
    /// Payload bytes this delivery holds in a queue.
    pub fn queued_bytes(&self) -> u64 {
        self.message.payload.len() as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_counts_down_and_rounds_up_mqtt_3_3_2_6() {
        let mut m = Message::from_publish(
            Publish {
                topic: "t".into(),
                ..Publish::default()
            },
            None,
        );
        assert_eq!(m.remaining_expiry(Instant::now()), Expiry::Never);
        m.expiry = Some(10);
        let start = m.received;
        assert_eq!(m.remaining_expiry(start), Expiry::Remaining(10));
        assert_eq!(
            m.remaining_expiry(start + Duration::from_millis(2500)),
            Expiry::Remaining(8)
        );
        assert_eq!(
            m.remaining_expiry(start + Duration::from_secs(10)),
            Expiry::Expired
        );
    }

    #[test]
    fn encoded_message_decodes_with_its_properties() {
        let publish = Publish {
            qos: QoS::AtLeastOnce,
            retain: true,
            topic: "a/b".into(),
            pkid: 5,
            payload: Bytes::from_static(b"x"),
            properties: Properties::from(robustmq_mqtt_codec::PropertyValues {
                content_type: Some("text/plain".into()),
                message_expiry_interval: Some(100),
                ..robustmq_mqtt_codec::PropertyValues::default()
            }),
            ..Publish::default()
        };
        let m = Message::from_publish(publish, None);
        let back = Message::decode(&m.encode()).expect("decodes");
        assert_eq!(back.topic, "a/b");
        assert_eq!(back.payload, m.payload);
        assert_eq!(back.properties, m.properties);
        assert_eq!(back.expiry, Some(100));
        assert!(back.retain);
        assert!(Message::decode(b"junk").is_none());
    }
}
