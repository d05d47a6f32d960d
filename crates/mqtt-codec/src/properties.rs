//! MQTT 5.0 properties (section 2.2.2): one struct for every property, read and written with
//! the rules of the packet that carries it.
//!
//! One struct instead of one per packet keeps the broker's pass-through simple (a PUBLISH's
//! properties go out on every copy), and [`PropertyContext`] enforces which identifiers each
//! packet may carry, so a property in the wrong packet is still a protocol error.

use bytes::{BufMut, Bytes, BytesMut};

use crate::Error;
use crate::wire::{
    field_len, read_binary, read_string, read_u8, read_u16, read_u32, read_varint, varint_len,
    write_binary, write_string, write_varint,
};

/// The properties of one packet, boxed only when there are any.
///
/// Most packets carry none (every packet of a 3.x client), and the full set of values is 344
/// bytes: held inline it made every packet and every queued message that large, and moving them
/// between the codec, the connection and the broker was a tenth of the broker's time. This is
/// one pointer; it derefs to the values (an empty set when there are none) and allocates on the
/// first mutable access. Equality compares the values, so an allocated empty set equals none.
#[derive(Clone, Default)]
pub struct Properties(Option<Box<PropertyValues>>);

/// The values an absent property block derefs to.
static NO_PROPERTIES: PropertyValues = PropertyValues {
    payload_format_indicator: None,
    message_expiry_interval: None,
    content_type: None,
    response_topic: None,
    correlation_data: None,
    subscription_identifiers: Vec::new(),
    session_expiry_interval: None,
    assigned_client_identifier: None,
    server_keep_alive: None,
    authentication_method: None,
    authentication_data: None,
    request_problem_information: None,
    will_delay_interval: None,
    request_response_information: None,
    response_information: None,
    server_reference: None,
    reason_string: None,
    receive_maximum: None,
    topic_alias_maximum: None,
    topic_alias: None,
    maximum_qos: None,
    retain_available: None,
    user_properties: Vec::new(),
    maximum_packet_size: None,
    wildcard_subscription_available: None,
    subscription_identifier_available: None,
    shared_subscription_available: None,
};

impl std::ops::Deref for Properties {
    type Target = PropertyValues;

    fn deref(&self) -> &PropertyValues {
        self.0.as_deref().unwrap_or(&NO_PROPERTIES)
    }
}

impl std::ops::DerefMut for Properties {
    /// Allocates the values if there were none: write only what is set.
    fn deref_mut(&mut self) -> &mut PropertyValues {
        self.0.get_or_insert_with(Box::default)
    }
}

impl PartialEq for Properties {
    fn eq(&self, other: &Properties) -> bool {
        **self == **other
    }
}

impl Eq for Properties {}

impl std::fmt::Debug for Properties {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

impl From<PropertyValues> for Properties {
    fn from(values: PropertyValues) -> Properties {
        if values == NO_PROPERTIES {
            Properties(None)
        } else {
            Properties(Some(Box::new(values)))
        }
    }
}

/// Every MQTT 5.0 property. `None` or empty means absent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PropertyValues {
    /// 0x01: 0 = unspecified bytes, 1 = UTF-8 payload.
    pub payload_format_indicator: Option<u8>,
    /// 0x02: seconds until the message expires.
    pub message_expiry_interval: Option<u32>,
    /// 0x03: MIME type of the payload.
    pub content_type: Option<String>,
    /// 0x08: topic for a response.
    pub response_topic: Option<String>,
    /// 0x09: correlates a response with its request.
    pub correlation_data: Option<Bytes>,
    /// 0x0B: subscription identifiers; one in SUBSCRIBE, any number in PUBLISH. Never 0.
    pub subscription_identifiers: Vec<u32>,
    /// 0x11: seconds a session outlives its connection.
    pub session_expiry_interval: Option<u32>,
    /// 0x12: the client id the server chose for an empty one.
    pub assigned_client_identifier: Option<String>,
    /// 0x13: the keepalive the server imposes.
    pub server_keep_alive: Option<u16>,
    /// 0x15: name of the extended authentication method.
    pub authentication_method: Option<String>,
    /// 0x16: method-specific authentication data.
    pub authentication_data: Option<Bytes>,
    /// 0x17: 0 or 1; whether reason strings and user properties may be sent on failures.
    pub request_problem_information: Option<u8>,
    /// 0x18: seconds to wait before publishing the will.
    pub will_delay_interval: Option<u32>,
    /// 0x19: 0 or 1; whether the client wants Response Information in CONNACK.
    pub request_response_information: Option<u8>,
    /// 0x1A: basis for response topics.
    pub response_information: Option<String>,
    /// 0x1C: another server the client may use.
    pub server_reference: Option<String>,
    /// 0x1F: human-readable diagnostics.
    pub reason_string: Option<String>,
    /// 0x21: how many QoS 1/2 publishes the sender accepts at once. Never 0.
    pub receive_maximum: Option<u16>,
    /// 0x22: highest topic alias the sender accepts.
    pub topic_alias_maximum: Option<u16>,
    /// 0x23: topic alias of this PUBLISH. Never 0.
    pub topic_alias: Option<u16>,
    /// 0x24: 0 or 1; the highest QoS the server supports.
    pub maximum_qos: Option<u8>,
    /// 0x25: 0 or 1.
    pub retain_available: Option<u8>,
    /// 0x26: name/value pairs, in order, repeats allowed.
    pub user_properties: Vec<(String, String)>,
    /// 0x27: largest packet the sender accepts. Never 0.
    pub maximum_packet_size: Option<u32>,
    /// 0x28: 0 or 1.
    pub wildcard_subscription_available: Option<u8>,
    /// 0x29: 0 or 1.
    pub subscription_identifier_available: Option<u8>,
    /// 0x2A: 0 or 1.
    pub shared_subscription_available: Option<u8>,
}

/// Which packet a property block belongs to. Each allows its own set of identifiers
/// (MQTT 5.0 table 2-4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PropertyContext {
    /// CONNECT variable header.
    Connect,
    /// Will properties in the CONNECT payload.
    Will,
    /// CONNACK.
    ConnAck,
    /// PUBLISH.
    Publish,
    /// PUBACK, PUBREC, PUBREL and PUBCOMP.
    Ack,
    /// SUBSCRIBE.
    Subscribe,
    /// SUBACK.
    SubAck,
    /// UNSUBSCRIBE.
    Unsubscribe,
    /// UNSUBACK.
    UnsubAck,
    /// DISCONNECT.
    Disconnect,
    /// AUTH.
    Auth,
}

impl PropertyContext {
    fn allows(self, id: u8) -> bool {
        use PropertyContext::*;
        match id {
            0x01..=0x03 | 0x08 | 0x09 => matches!(self, Publish | Will),
            0x0B => matches!(self, Publish | Subscribe),
            0x11 => matches!(self, Connect | ConnAck | Disconnect),
            0x12 | 0x13 | 0x1A | 0x24 | 0x25 | 0x28..=0x2A => self == ConnAck,
            0x15 | 0x16 => matches!(self, Connect | ConnAck | Auth),
            0x17 | 0x19 => self == Connect,
            0x18 => self == Will,
            0x1C => matches!(self, ConnAck | Disconnect),
            0x1F => matches!(self, ConnAck | Ack | SubAck | UnsubAck | Disconnect | Auth),
            0x21 | 0x22 | 0x27 => matches!(self, Connect | ConnAck),
            0x23 => self == Publish,
            0x26 => true,
            _ => false,
        }
    }
}

fn set_once<T>(slot: &mut Option<T>, value: T) -> Result<(), Error> {
    if slot.is_some() {
        // [MQTT-2.2.2-2]: every property but User Property (and Subscription Identifier in
        // PUBLISH) may appear at most once.
        return Err(Error::Protocol("property included more than once"));
    }
    *slot = Some(value);
    Ok(())
}

fn read_flag(buf: &mut Bytes) -> Result<u8, Error> {
    match read_u8(buf)? {
        v @ (0 | 1) => Ok(v),
        _ => Err(Error::Protocol("property must be 0 or 1")),
    }
}

impl Properties {
    /// The values, when there are any to change; unlike `deref_mut`, never allocates. For
    /// clearing properties on a hot path.
    pub fn values_mut(&mut self) -> Option<&mut PropertyValues> {
        self.0.as_deref_mut()
    }

    /// Frees the values when none is set any more, so that clones of an emptied set cost
    /// nothing.
    pub fn shrink(&mut self) {
        if self.0.as_deref().is_some_and(PropertyValues::is_empty) {
            self.0 = None;
        }
    }

    /// Reads a property block (length prefix included) for `context`.
    ///
    /// # Errors
    /// [`Error::Malformed`] when the block runs past the packet or a value is cut short;
    /// [`Error::Protocol`] for an identifier the packet may not carry, a repeated property, or a
    /// value the spec forbids (a zero Receive Maximum, Maximum Packet Size, Topic Alias or
    /// Subscription Identifier, a flag other than 0 or 1).
    pub fn read(buf: &mut Bytes, context: PropertyContext) -> Result<Properties, Error> {
        let len = read_varint(buf)?;
        if buf.len() < len {
            return Err(Error::Malformed(
                "property length runs past the end of the packet",
            ));
        }
        if len == 0 {
            return Ok(Properties::default());
        }
        let mut block = buf.split_to(len);
        let mut p = PropertyValues::default();
        while !block.is_empty() {
            let id = read_varint(&mut block)?;
            let id =
                u8::try_from(id).map_err(|_| Error::Protocol("unknown property identifier"))?;
            if !context.allows(id) {
                return Err(Error::Protocol("property not allowed in this packet"));
            }
            let b = &mut block;
            match id {
                0x01 => set_once(&mut p.payload_format_indicator, read_flag(b)?)?,
                0x02 => set_once(&mut p.message_expiry_interval, read_u32(b)?)?,
                0x03 => set_once(&mut p.content_type, read_string(b)?)?,
                0x08 => set_once(&mut p.response_topic, read_string(b)?)?,
                0x09 => set_once(&mut p.correlation_data, read_binary(b)?)?,
                0x0B => {
                    let id = read_varint(b)?;
                    if id == 0 {
                        return Err(Error::Protocol("subscription identifier 0"));
                    }
                    if context == PropertyContext::Subscribe
                        && !p.subscription_identifiers.is_empty()
                    {
                        return Err(Error::Protocol("more than one subscription identifier"));
                    }
                    // Bounded by MAX_VARINT, which fits in u32.
                    p.subscription_identifiers.push(id as u32);
                }
                0x11 => set_once(&mut p.session_expiry_interval, read_u32(b)?)?,
                0x12 => set_once(&mut p.assigned_client_identifier, read_string(b)?)?,
                0x13 => set_once(&mut p.server_keep_alive, read_u16(b)?)?,
                0x15 => set_once(&mut p.authentication_method, read_string(b)?)?,
                0x16 => set_once(&mut p.authentication_data, read_binary(b)?)?,
                0x17 => set_once(&mut p.request_problem_information, read_flag(b)?)?,
                0x18 => set_once(&mut p.will_delay_interval, read_u32(b)?)?,
                0x19 => set_once(&mut p.request_response_information, read_flag(b)?)?,
                0x1A => set_once(&mut p.response_information, read_string(b)?)?,
                0x1C => set_once(&mut p.server_reference, read_string(b)?)?,
                0x1F => set_once(&mut p.reason_string, read_string(b)?)?,
                0x21 => match read_u16(b)? {
                    0 => return Err(Error::Protocol("receive maximum 0")),
                    v => set_once(&mut p.receive_maximum, v)?,
                },
                0x22 => set_once(&mut p.topic_alias_maximum, read_u16(b)?)?,
                0x23 => match read_u16(b)? {
                    0 => return Err(Error::Protocol("topic alias 0")),
                    v => set_once(&mut p.topic_alias, v)?,
                },
                0x24 => set_once(&mut p.maximum_qos, read_flag(b)?)?,
                0x25 => set_once(&mut p.retain_available, read_flag(b)?)?,
                0x26 => {
                    let key = read_string(b)?;
                    let value = read_string(b)?;
                    p.user_properties.push((key, value));
                }
                0x27 => match read_u32(b)? {
                    0 => return Err(Error::Protocol("maximum packet size 0")),
                    v => set_once(&mut p.maximum_packet_size, v)?,
                },
                0x28 => set_once(&mut p.wildcard_subscription_available, read_flag(b)?)?,
                0x29 => set_once(&mut p.subscription_identifier_available, read_flag(b)?)?,
                0x2A => set_once(&mut p.shared_subscription_available, read_flag(b)?)?,
                _ => return Err(Error::Protocol("unknown property identifier")),
            }
        }
        Ok(Properties::from(p))
    }
}

impl PropertyValues {
    /// Whether no property is set.
    pub fn is_empty(&self) -> bool {
        *self == NO_PROPERTIES
    }

    /// Encoded size of the properties, without the length prefix.
    pub fn body_len(&self) -> usize {
        let opt_str = |s: &Option<String>| s.as_ref().map_or(0, |s| 1 + field_len(s.as_bytes()));
        let opt_bin = |s: &Option<Bytes>| s.as_ref().map_or(0, |s| 1 + field_len(s));
        let opt = |present: bool, n: usize| if present { 1 + n } else { 0 };
        opt(self.payload_format_indicator.is_some(), 1)
            + opt(self.message_expiry_interval.is_some(), 4)
            + opt_str(&self.content_type)
            + opt_str(&self.response_topic)
            + opt_bin(&self.correlation_data)
            + self
                .subscription_identifiers
                .iter()
                .map(|id| 1 + varint_len(*id as usize))
                .sum::<usize>()
            + opt(self.session_expiry_interval.is_some(), 4)
            + opt_str(&self.assigned_client_identifier)
            + opt(self.server_keep_alive.is_some(), 2)
            + opt_str(&self.authentication_method)
            + opt_bin(&self.authentication_data)
            + opt(self.request_problem_information.is_some(), 1)
            + opt(self.will_delay_interval.is_some(), 4)
            + opt(self.request_response_information.is_some(), 1)
            + opt_str(&self.response_information)
            + opt_str(&self.server_reference)
            + opt_str(&self.reason_string)
            + opt(self.receive_maximum.is_some(), 2)
            + opt(self.topic_alias_maximum.is_some(), 2)
            + opt(self.topic_alias.is_some(), 2)
            + opt(self.maximum_qos.is_some(), 1)
            + opt(self.retain_available.is_some(), 1)
            + self
                .user_properties
                .iter()
                .map(|(k, v)| 1 + field_len(k.as_bytes()) + field_len(v.as_bytes()))
                .sum::<usize>()
            + opt(self.maximum_packet_size.is_some(), 4)
            + opt(self.wildcard_subscription_available.is_some(), 1)
            + opt(self.subscription_identifier_available.is_some(), 1)
            + opt(self.shared_subscription_available.is_some(), 1)
    }

    /// Encoded size with the length prefix.
    pub fn len(&self) -> usize {
        let body = self.body_len();
        varint_len(body) + body
    }

    /// Encoded size in a packet of `protocol`: the block with its prefix in 5.0, nothing before
    /// (3.x packets carry no properties).
    pub fn len_at(&self, protocol: crate::Protocol) -> usize {
        if protocol.is_v5() { self.len() } else { 0 }
    }

    /// Writes the properties with their length prefix.
    ///
    /// # Errors
    /// [`Error::Encode`] when a string is longer than 65,535 bytes or the block exceeds the
    /// variable byte integer range.
    pub fn write(&self, buf: &mut BytesMut) -> Result<(), Error> {
        write_varint(buf, self.body_len())?;
        self.write_body(buf)
    }

    /// Writes the properties without their length prefix, for a block that carries more.
    ///
    /// # Errors
    /// As [`PropertyValues::write`].
    pub fn write_body(&self, buf: &mut BytesMut) -> Result<(), Error> {
        let u8p = |buf: &mut BytesMut, id: u8, v: Option<u8>| {
            if let Some(v) = v {
                buf.put_u8(id);
                buf.put_u8(v);
            }
        };
        let u16p = |buf: &mut BytesMut, id: u8, v: Option<u16>| {
            if let Some(v) = v {
                buf.put_u8(id);
                buf.put_u16(v);
            }
        };
        let u32p = |buf: &mut BytesMut, id: u8, v: Option<u32>| {
            if let Some(v) = v {
                buf.put_u8(id);
                buf.put_u32(v);
            }
        };
        let strp = |buf: &mut BytesMut, id: u8, v: &Option<String>| -> Result<(), Error> {
            if let Some(v) = v {
                buf.put_u8(id);
                write_string(buf, v)?;
            }
            Ok(())
        };
        let binp = |buf: &mut BytesMut, id: u8, v: &Option<Bytes>| -> Result<(), Error> {
            if let Some(v) = v {
                buf.put_u8(id);
                write_binary(buf, v)?;
            }
            Ok(())
        };
        u8p(buf, 0x01, self.payload_format_indicator);
        u32p(buf, 0x02, self.message_expiry_interval);
        strp(buf, 0x03, &self.content_type)?;
        strp(buf, 0x08, &self.response_topic)?;
        binp(buf, 0x09, &self.correlation_data)?;
        for id in &self.subscription_identifiers {
            buf.put_u8(0x0B);
            write_varint(buf, *id as usize)?;
        }
        u32p(buf, 0x11, self.session_expiry_interval);
        strp(buf, 0x12, &self.assigned_client_identifier)?;
        u16p(buf, 0x13, self.server_keep_alive);
        strp(buf, 0x15, &self.authentication_method)?;
        binp(buf, 0x16, &self.authentication_data)?;
        u8p(buf, 0x17, self.request_problem_information);
        u32p(buf, 0x18, self.will_delay_interval);
        u8p(buf, 0x19, self.request_response_information);
        strp(buf, 0x1A, &self.response_information)?;
        strp(buf, 0x1C, &self.server_reference)?;
        strp(buf, 0x1F, &self.reason_string)?;
        u16p(buf, 0x21, self.receive_maximum);
        u16p(buf, 0x22, self.topic_alias_maximum);
        u16p(buf, 0x23, self.topic_alias);
        u8p(buf, 0x24, self.maximum_qos);
        u8p(buf, 0x25, self.retain_available);
        for (k, v) in &self.user_properties {
            buf.put_u8(0x26);
            write_string(buf, k)?;
            write_string(buf, v)?;
        }
        u32p(buf, 0x27, self.maximum_packet_size);
        u8p(buf, 0x28, self.wildcard_subscription_available);
        u8p(buf, 0x29, self.subscription_identifier_available);
        u8p(buf, 0x2A, self.shared_subscription_available);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(p: &Properties, ctx: PropertyContext) -> Properties {
        let mut buf = BytesMut::new();
        p.write(&mut buf).expect("encodes");
        assert_eq!(buf.len(), p.len());
        let mut bytes = buf.freeze();
        let back = Properties::read(&mut bytes, ctx).expect("decodes");
        assert!(bytes.is_empty());
        back
    }

    #[test]
    fn every_connack_property_round_trips() {
        let p = Properties::from(PropertyValues {
            session_expiry_interval: Some(3600),
            assigned_client_identifier: Some("auto-1".into()),
            server_keep_alive: Some(60),
            authentication_method: Some("SCRAM".into()),
            authentication_data: Some(Bytes::from_static(b"\x01\x02")),
            response_information: Some("resp/".into()),
            server_reference: Some("other:1883".into()),
            reason_string: Some("ok".into()),
            receive_maximum: Some(100),
            topic_alias_maximum: Some(10),
            maximum_qos: Some(1),
            retain_available: Some(1),
            user_properties: vec![("a".into(), "1".into()), ("a".into(), "2".into())],
            maximum_packet_size: Some(1 << 20),
            wildcard_subscription_available: Some(1),
            subscription_identifier_available: Some(0),
            shared_subscription_available: Some(1),
            ..PropertyValues::default()
        });
        assert_eq!(round_trip(&p, PropertyContext::ConnAck), p);
    }

    #[test]
    fn every_publish_property_round_trips() {
        let p = Properties::from(PropertyValues {
            payload_format_indicator: Some(1),
            message_expiry_interval: Some(30),
            content_type: Some("text/plain".into()),
            response_topic: Some("r/t".into()),
            correlation_data: Some(Bytes::from_static(b"id")),
            subscription_identifiers: vec![1, 268_435_455],
            topic_alias: Some(3),
            user_properties: vec![("k".into(), "v".into())],
            ..PropertyValues::default()
        });
        assert_eq!(round_trip(&p, PropertyContext::Publish), p);
    }

    #[test]
    fn property_in_the_wrong_packet_is_a_protocol_error() {
        let p = Properties::from(PropertyValues {
            topic_alias: Some(1),
            ..PropertyValues::default()
        });
        let mut buf = BytesMut::new();
        p.write(&mut buf).expect("encodes");
        let err = Properties::read(&mut buf.freeze(), PropertyContext::Connect);
        assert!(matches!(err, Err(Error::Protocol(_))));
    }

    #[test]
    fn an_empty_set_is_no_set_and_reading_or_clearing_never_allocates_one() {
        let mut none = Properties::default();
        assert!(
            none.values_mut().is_none(),
            "nothing to clear, nothing allocated"
        );
        assert!(none.is_empty());
        let mut emptied = Properties::from(PropertyValues {
            topic_alias: Some(2),
            ..PropertyValues::default()
        });
        if let Some(values) = emptied.values_mut() {
            values.topic_alias = None;
        }
        assert_eq!(emptied, none, "an allocated empty set equals no set");
        emptied.shrink();
        assert!(emptied.values_mut().is_none(), "shrink frees the empty set");
        assert_eq!(
            Properties::read(&mut Bytes::from_static(b"\x00"), PropertyContext::Publish)
                .expect("an empty block"),
            none
        );
        assert_eq!(
            Properties::from(PropertyValues::default()).values_mut(),
            None,
            "From does not box an empty set"
        );
    }

    #[test]
    fn repeated_property_is_a_protocol_error_mqtt_2_2_2_2() {
        let mut bytes = Bytes::from_static(b"\x06\x21\x00\x0A\x21\x00\x0B");
        let err = Properties::read(&mut bytes, PropertyContext::Connect);
        assert!(matches!(err, Err(Error::Protocol(_))));
    }

    #[test]
    fn zero_receive_maximum_is_a_protocol_error() {
        let mut bytes = Bytes::from_static(b"\x03\x21\x00\x00");
        let err = Properties::read(&mut bytes, PropertyContext::Connect);
        assert!(matches!(err, Err(Error::Protocol(_))));
    }

    #[test]
    fn property_block_longer_than_packet_is_malformed() {
        let mut bytes = Bytes::from_static(b"\x09\x21\x00");
        let err = Properties::read(&mut bytes, PropertyContext::Connect);
        assert!(matches!(err, Err(Error::Malformed(_))));
    }
}
