//! SUBSCRIBE (MQTT 3.1.1 section 3.8, MQTT 5.0 section 3.8).

use bytes::{BufMut, Bytes, BytesMut};

use crate::wire::{field_len, read_string, read_u8, write_string};
use crate::{
    Error, Properties, PropertyContext, Protocol, QoS, packet_len, read_pkid, write_header,
};

/// A request to add subscriptions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscribe {
    /// Packet identifier, echoed by SUBACK.
    pub pkid: u16,
    /// At least one filter [MQTT-3.8.3-2].
    pub filters: Vec<Subscription>,
    /// Properties (5.0 only): at most one Subscription Identifier, and User Property.
    pub properties: Properties,
}

/// One topic filter with its options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    /// The filter, possibly `$share/{group}/{filter}`. Validity is the broker's check.
    pub filter: String,
    /// Subscription options.
    pub options: SubscriptionOptions,
}

/// Subscription options (MQTT 5.0 section 3.8.3.1). In 3.x only `qos` exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SubscriptionOptions {
    /// Maximum QoS the client accepts for this subscription.
    pub qos: QoS,
    /// Do not deliver the client's own publishes.
    pub no_local: bool,
    /// Keep the RETAIN flag of forwarded publishes as published.
    pub retain_as_published: bool,
    /// Whether retained messages are sent when the subscription is made.
    pub retain_handling: RetainHandling,
}

/// When retained messages are sent for a new subscription.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RetainHandling {
    /// Always, at subscribe time.
    #[default]
    SendAtSubscribe = 0,
    /// Only if the subscription did not exist before.
    SendAtSubscribeIfNew = 1,
    /// Never.
    DoNotSend = 2,
}

impl SubscriptionOptions {
    fn read(byte: u8, protocol: Protocol) -> Result<SubscriptionOptions, Error> {
        let qos = QoS::from_u8(byte & 0x03).ok_or(Error::Malformed("subscription QoS 3"))?;
        if !protocol.is_v5() {
            if byte & 0xFC != 0 {
                return Err(Error::Malformed("reserved subscription option bits set"));
            }
            return Ok(SubscriptionOptions {
                qos,
                ..SubscriptionOptions::default()
            });
        }
        if byte & 0xC0 != 0 {
            return Err(Error::Malformed("reserved subscription option bits set"));
        }
        let retain_handling = match (byte >> 4) & 0x03 {
            0 => RetainHandling::SendAtSubscribe,
            1 => RetainHandling::SendAtSubscribeIfNew,
            2 => RetainHandling::DoNotSend,
            _ => return Err(Error::Protocol("retain handling 3")),
        };
        Ok(SubscriptionOptions {
            qos,
            no_local: byte & 0x04 != 0,
            retain_as_published: byte & 0x08 != 0,
            retain_handling,
        })
    }

    fn to_byte(self, protocol: Protocol) -> u8 {
        let mut byte = self.qos as u8;
        if protocol.is_v5() {
            if self.no_local {
                byte |= 0x04;
            }
            if self.retain_as_published {
                byte |= 0x08;
            }
            byte |= (self.retain_handling as u8) << 4;
        }
        byte
    }
}

impl Subscribe {
    /// Decodes a SUBSCRIBE body.
    ///
    /// # Errors
    /// [`Error::Malformed`] for reserved option bits or QoS 3; [`Error::Protocol`] for no
    /// filters, retain handling 3 or packet identifier 0.
    pub fn read(mut body: Bytes, protocol: Protocol) -> Result<Subscribe, Error> {
        let pkid = read_pkid(&mut body)?;
        let properties = if protocol.is_v5() {
            Properties::read(&mut body, PropertyContext::Subscribe)?
        } else {
            Properties::default()
        };
        let mut filters = Vec::new();
        while !body.is_empty() {
            let filter = read_string(&mut body)?;
            let options = SubscriptionOptions::read(read_u8(&mut body)?, protocol)?;
            filters.push(Subscription { filter, options });
        }
        if filters.is_empty() {
            return Err(Error::Protocol("SUBSCRIBE without a topic filter"));
        }
        Ok(Subscribe {
            pkid,
            filters,
            properties,
        })
    }

    fn remaining_len(&self, protocol: Protocol) -> usize {
        2 + self.properties.len_at(protocol)
            + self
                .filters
                .iter()
                .map(|s| field_len(s.filter.as_bytes()) + 1)
                .sum::<usize>()
    }

    /// Size of the encoded packet.
    pub fn size(&self, protocol: Protocol) -> usize {
        packet_len(self.remaining_len(protocol))
    }

    /// Encodes the packet and returns its size.
    ///
    /// # Errors
    /// [`Error::Encode`] when a field does not fit its wire type.
    pub fn write(&self, protocol: Protocol, buf: &mut BytesMut) -> Result<usize, Error> {
        let remaining = self.remaining_len(protocol);
        let header = write_header(buf, 0x82, remaining)?;
        buf.put_u16(self.pkid);
        if protocol.is_v5() {
            self.properties.write(buf)?;
        }
        for s in &self.filters {
            write_string(buf, &s.filter)?;
            buf.put_u8(s.options.to_byte(protocol));
        }
        Ok(header + remaining)
    }
}
