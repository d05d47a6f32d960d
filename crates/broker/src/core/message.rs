//! What flows from a publisher to subscribers, whatever the protocol: the [`Message`] as
//! published (a topic, a key, a value, headers and a timestamp, plus how it is to be delivered),
//! and the [`Delivery`] of it to one session with that session's QoS and subscription
//! identifiers.
//!
//! A message is stored as one engine [`Record`]: its key (or, for a message without one, its
//! topic name, so that a reader of a shard many topics share can tell them apart), its value,
//! its timestamp, and headers: the core's own ([`HEADER_QOS`], [`HEADER_EXPIRY`],
//! [`HEADER_RETAIN`]) followed by the message's, which the core carries without reading
//! (application headers, and protocol-private ones such as the MQTT layer's properties). The
//! same record, framed, is how a retained message or a delayed will is kept in meta.

use std::borrow::Cow;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use robustmq_engine::record::{Parsed, decode_batch, encode_frame, parse_frame};
use robustmq_engine::{Batch, Header, Record};

/// How hard the broker tries to deliver a message: the delivery guarantees of MQTT, which any
/// protocol's messages map onto (a Kafka record is at least once once acknowledged).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum QoS {
    /// At most once: never resent, dropped for an offline session.
    #[default]
    AtMostOnce = 0,
    /// At least once: resent until acknowledged.
    AtLeastOnce = 1,
    /// Exactly once: resent until acknowledged, and delivered once.
    ExactlyOnce = 2,
}

impl QoS {
    /// The QoS numbered `value`; 3 and above are none.
    pub fn from_u8(value: u8) -> Option<QoS> {
        match value {
            0 => Some(QoS::AtMostOnce),
            1 => Some(QoS::AtLeastOnce),
            2 => Some(QoS::ExactlyOnce),
            _ => None,
        }
    }
}

/// Header holding the QoS as published, one byte.
pub const HEADER_QOS: &str = "qos";
/// The QoS header's name in records written before the core was protocol-neutral; still read.
const LEGACY_HEADER_QOS: &str = "mqtt.qos";
/// Header holding the expiry interval as published, seconds, u32 big endian.
pub const HEADER_EXPIRY: &str = "expiry";
/// Header present (empty) on a message published retained.
pub const HEADER_RETAIN: &str = "retain";

/// Whether a header of a message is protocol-private (the core's own, or named `<protocol>.…`
/// such as the MQTT layer's `mqtt.properties`) rather than an application header that every
/// protocol shows (a Kafka record header, which MQTT 5 shows as a user property).
pub fn is_private_header(name: &str) -> bool {
    matches!(
        name,
        HEADER_QOS | HEADER_EXPIRY | HEADER_RETAIN | LEGACY_HEADER_QOS
    ) || name.starts_with("mqtt.")
        || name.starts_with("kafka.")
}

/// Turns a protocol-private header into the application headers it holds, so that another
/// protocol can show them: the MQTT layer's property block becomes its user properties. Each
/// protocol that keeps private headers registers one on the broker
/// ([`crate::core::Broker::add_header_bridge`]); a protocol reading a message asks every one.
pub trait HeaderBridge: Send + Sync + 'static {
    /// Appends to `out` the application headers (name, value) that `header` holds. Returns
    /// false, appending nothing, when `header` is not this protocol's.
    fn expand(&self, header: &Header, out: &mut Vec<(String, Bytes)>) -> bool;
}

/// The values of [`HEADER_QOS`], to slice from without allocating.
static QOS_VALUES: [u8; 3] = [0, 1, 2];

/// An application message as the broker received it. Shared by every delivery through an
/// `Arc`, so fan-out copies a pointer, not the value.
#[derive(Debug, Clone)]
pub struct Message {
    /// Topic name (an MQTT topic name, after any alias was resolved; a Kafka topic).
    pub topic: String,
    /// The key, for protocols that have one (Kafka); `None` for MQTT.
    pub key: Option<Bytes>,
    /// The value (payload).
    pub value: Bytes,
    /// Headers carried for the protocols, in order; the core does not read them.
    pub headers: Vec<Header>,
    /// When the broker received it, Unix milliseconds.
    pub timestamp: i64,
    /// QoS as published.
    pub qos: QoS,
    /// Published retained: it replaces the topic's retained message.
    pub retain: bool,
    /// Expiry interval in seconds, as published; counted from `received`.
    pub expiry: Option<u32>,
    /// Who published it (for No Local); `None` for wills of ended sessions and for `$SYS`.
    pub publisher: Option<Arc<str>>,
    /// When the broker received it, on the monotonic clock the expiry counts on.
    pub received: Instant,
    /// The shard and offset it was stored at, once stored. A session that stops receiving
    /// records the oldest of these it still owes, to replay from after a restart.
    pub stored: Option<(Arc<str>, u64)>,
}

/// What [`Message::remaining_expiry`] finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    /// The message never expires.
    Never,
    /// Seconds left, to forward as the message's expiry interval [MQTT-3.3.2-6].
    Remaining(u32),
    /// The message expired and must not be delivered [MQTT-3.3.2-5].
    Expired,
}

impl Message {
    /// A QoS 0 message of `value` to `topic`, received now, with no key, headers or publisher.
    pub fn new(topic: impl Into<String>, value: Bytes) -> Message {
        Message {
            topic: topic.into(),
            key: None,
            value,
            headers: Vec::new(),
            timestamp: unix_ms(),
            qos: QoS::AtMostOnce,
            retain: false,
            expiry: None,
            publisher: None,
            received: Instant::now(),
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

    /// The value of the first header named `name`.
    pub fn header(&self, name: &str) -> Option<&Bytes> {
        self.headers
            .iter()
            .find(|h| h.key == name)
            .map(|h| &h.value)
    }

    /// The record that stores the message: its key (else its topic name), its value and
    /// timestamp, the core's headers, then its own.
    pub fn to_record(&self) -> Record {
        let qos = self.qos as usize;
        let mut headers = Vec::with_capacity(
            1 + usize::from(self.expiry.is_some()) + usize::from(self.retain) + self.headers.len(),
        );
        headers.push(Header {
            key: Cow::Borrowed(HEADER_QOS),
            value: Bytes::from_static(&QOS_VALUES[qos..=qos]),
        });
        if let Some(expiry) = self.expiry {
            headers.push(Header {
                key: Cow::Borrowed(HEADER_EXPIRY),
                value: Bytes::copy_from_slice(&expiry.to_be_bytes()),
            });
        }
        if self.retain {
            headers.push(Header {
                key: Cow::Borrowed(HEADER_RETAIN),
                value: Bytes::new(),
            });
        }
        headers.extend(self.headers.iter().cloned());
        Record {
            key: Some(
                self.key
                    .clone()
                    .unwrap_or_else(|| Bytes::copy_from_slice(self.topic.as_bytes())),
            ),
            headers,
            timestamp: self.timestamp,
            value: self.value.clone(),
        }
    }

    /// The message `record` holds. With `topic`, the record is one of that topic's and its key
    /// is the message's key; without, the key is the topic name (a shard that many MQTT topics
    /// share). `None` for a record without a topic. The expiry counts from the record's time.
    pub fn from_record(record: Record, topic: Option<&str>) -> Option<Message> {
        let (topic, key) = match topic {
            Some(topic) => (topic.to_owned(), record.key),
            None => (String::from_utf8(record.key?.to_vec()).ok()?, None),
        };
        let mut message = Message {
            topic,
            key,
            value: record.value,
            headers: Vec::new(),
            timestamp: record.timestamp,
            qos: QoS::AtMostOnce,
            retain: false,
            expiry: None,
            publisher: None,
            received: received_at(record.timestamp),
            stored: None,
        };
        for header in record.headers {
            match &*header.key {
                HEADER_QOS | LEGACY_HEADER_QOS => {
                    message.qos = header
                        .value
                        .first()
                        .copied()
                        .and_then(QoS::from_u8)
                        .unwrap_or_default();
                }
                HEADER_EXPIRY => {
                    message.expiry = <[u8; 4]>::try_from(&header.value[..])
                        .ok()
                        .map(u32::from_be_bytes);
                }
                HEADER_RETAIN => message.retain = true,
                _ => message.headers.push(header),
            }
        }
        Some(message)
    }

    /// Encodes the message for keeping outside the shards (a retained message or a will in
    /// meta): its record, in one engine frame, whose CRC guards it.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        encode_frame(
            0,
            &Batch::Records(vec![self.to_record()]),
            i64::MIN,
            &mut out,
        );
        out
    }

    /// Decodes what [`Message::encode`] wrote; `None` for anything else.
    pub fn decode(bytes: &[u8]) -> Option<Message> {
        let Parsed::Frame(header) = parse_frame(bytes) else {
            return None;
        };
        if header.frame_len != bytes.len() {
            return None;
        }
        let Ok(Batch::Records(records)) = decode_batch(&header, &Bytes::copy_from_slice(bytes))
        else {
            return None;
        };
        let [record] = <[Record; 1]>::try_from(records).ok()?;
        Message::from_record(record, None)
    }
}

/// The monotonic instant a message received at Unix time `timestamp_ms` was received at.
fn received_at(timestamp_ms: i64) -> Instant {
    let age_ms = u64::try_from(unix_ms().saturating_sub(timestamp_ms)).unwrap_or(0);
    Instant::now()
        .checked_sub(Duration::from_millis(age_ms))
        .unwrap_or_else(Instant::now)
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
    /// Value bytes this delivery holds in a queue.
    pub fn queued_bytes(&self) -> u64 {
        self.message.value.len() as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_counts_down_and_rounds_up_mqtt_3_3_2_6() {
        let mut m = Message::new("t", Bytes::new());
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

    fn sample() -> Message {
        let mut m = Message::new("a/b", Bytes::from_static(b"x"));
        m.qos = QoS::AtLeastOnce;
        m.retain = true;
        m.expiry = Some(100);
        m.headers.push(Header {
            key: Cow::Borrowed("app"),
            value: Bytes::from_static(b"1"),
        });
        m
    }

    #[test]
    fn an_encoded_message_decodes_with_its_headers_and_a_damaged_one_does_not() {
        let m = sample();
        let bytes = m.encode();
        let back = Message::decode(&bytes).expect("decodes");
        assert_eq!(back.topic, "a/b");
        assert_eq!(back.key, None);
        assert_eq!(back.value, m.value);
        assert_eq!(back.headers, m.headers);
        assert_eq!(back.timestamp, m.timestamp);
        assert_eq!(back.expiry, Some(100));
        assert_eq!(back.qos, QoS::AtLeastOnce);
        assert!(back.retain);
        assert!(Message::decode(b"junk").is_none());
        let mut flipped = bytes.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        assert!(Message::decode(&flipped).is_none(), "the CRC guards it");
        let mut longer = bytes;
        longer.push(0);
        assert!(Message::decode(&longer).is_none(), "trailing bytes");
    }

    #[test]
    fn a_record_of_a_topic_keeps_its_key_and_one_of_a_shared_shard_names_its_topic() {
        let mut m = sample();
        let shared = Message::from_record(m.to_record(), None).expect("message");
        assert_eq!((shared.topic.as_str(), shared.key), ("a/b", None));
        m.key = Some(Bytes::from_static(b"k"));
        let own = Message::from_record(m.to_record(), Some("orders")).expect("message");
        assert_eq!(own.topic, "orders");
        assert_eq!(own.key.as_deref(), Some(&b"k"[..]));
        let keyless = Record::new(0, Bytes::from_static(b"v"));
        assert!(Message::from_record(keyless, None).is_none());
    }

    #[test]
    fn a_record_written_before_the_neutral_core_keeps_its_qos() {
        let record = Record {
            key: Some(Bytes::from_static(b"t")),
            headers: vec![Header {
                key: Cow::Borrowed("mqtt.qos"),
                value: Bytes::from_static(&[2]),
            }],
            timestamp: unix_ms(),
            value: Bytes::new(),
        };
        let m = Message::from_record(record, None).expect("message");
        assert_eq!(m.qos, QoS::ExactlyOnce);
        assert!(m.headers.is_empty());
    }
}
