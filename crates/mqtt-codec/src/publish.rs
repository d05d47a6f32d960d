//! PUBLISH (MQTT 3.1.1 section 3.3, MQTT 5.0 section 3.3).

use bytes::{BufMut, Bytes, BytesMut};

use crate::wire::{field_len, peek_varint, read_string, varint_len, write_string, write_varint};
use crate::{
    Error, Properties, PropertyContext, Protocol, QoS, packet_len, read_pkid, write_header,
};

/// An application message on its way to or from the server.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Publish {
    /// DUP: this may be a redelivery. Never set with QoS 0 [MQTT-3.3.1-2].
    pub dup: bool,
    /// Delivery QoS.
    pub qos: QoS,
    /// RETAIN.
    pub retain: bool,
    /// Topic name. May be empty in 5.0 when a Topic Alias stands in for it.
    pub topic: String,
    /// Packet identifier; present on the wire only for QoS 1 and 2, where it is non-zero.
    pub pkid: u16,
    /// Application payload, a zero-copy slice of the received packet.
    pub payload: Bytes,
    /// PUBLISH properties (5.0 only).
    pub properties: Properties,
}

impl Publish {
    /// Decodes a PUBLISH body; `flags` is the fixed header's low nibble.
    ///
    /// # Errors
    /// [`Error::Malformed`] for QoS 3 [MQTT-3.3.1-4], DUP with QoS 0 [MQTT-3.3.1-2], a bad
    /// topic string, or a short body; [`Error::Protocol`] for packet identifier 0.
    pub fn read(flags: u8, mut body: Bytes, protocol: Protocol) -> Result<Publish, Error> {
        let qos =
            QoS::from_u8((flags >> 1) & 0x03).ok_or(Error::Malformed("PUBLISH with QoS 3"))?;
        let dup = flags & 0x08 != 0;
        if dup && qos == QoS::AtMostOnce {
            return Err(Error::Malformed("DUP set on a QoS 0 PUBLISH"));
        }
        let topic = read_string(&mut body)?;
        let pkid = if qos == QoS::AtMostOnce {
            0
        } else {
            read_pkid(&mut body)?
        };
        let properties = if protocol.is_v5() {
            Properties::read(&mut body, PropertyContext::Publish)?
        } else {
            Properties::default()
        };
        Ok(Publish {
            dup,
            qos,
            retain: flags & 0x01 != 0,
            topic,
            pkid,
            payload: body,
            properties,
        })
    }

    /// The packet as borrowed parts, which is what is encoded.
    pub fn view(&self) -> PublishView<'_> {
        PublishView {
            dup: self.dup,
            qos: self.qos,
            retain: self.retain,
            topic: &self.topic,
            pkid: self.pkid,
            payload: &self.payload,
            properties: &self.properties,
            raw_properties: &[],
        }
    }

    /// Size of the encoded packet. The broker checks it against the receiver's Maximum Packet
    /// Size before sending [MQTT-3.1.2-24].
    pub fn size(&self, protocol: Protocol) -> usize {
        self.view().size(protocol)
    }

    /// Encodes the packet and returns its size.
    ///
    /// # Errors
    /// As [`PublishView::write`].
    pub fn write(&self, protocol: Protocol, buf: &mut BytesMut) -> Result<usize, Error> {
        self.view().write(protocol, buf)
    }
}

/// A PUBLISH to encode from borrowed parts. A server sends one stored message to many
/// subscribers; encoding from a view copies only the bytes written, where building a
/// [`Publish`] per delivery would copy the topic each time.
#[derive(Debug, Clone, Copy)]
pub struct PublishView<'a> {
    /// DUP: this may be a redelivery. Never set with QoS 0 [MQTT-3.3.1-2].
    pub dup: bool,
    /// Delivery QoS.
    pub qos: QoS,
    /// RETAIN.
    pub retain: bool,
    /// Topic name; empty in 5.0 when a Topic Alias stands in for it.
    pub topic: &'a str,
    /// Packet identifier; written only for QoS 1 and 2.
    pub pkid: u16,
    /// Application payload.
    pub payload: &'a [u8],
    /// PUBLISH properties, written at 5.0 only.
    pub properties: &'a Properties,
    /// More properties, encoded already as a property block (length prefix included, as
    /// [`Properties::write`] writes it): a stored message's, sent to many subscribers without
    /// decoding them. Written after `properties`, in the same block, at 5.0 only. The caller
    /// vouches that they are properties a PUBLISH may carry, none also in `properties`; a block
    /// whose prefix does not fit it is left out.
    pub raw_properties: &'a [u8],
}

/// The body of a property block: the bytes its length prefix counts; empty when the prefix is
/// malformed or claims more than there is.
fn block_body(block: &[u8]) -> &[u8] {
    match peek_varint(block) {
        Ok(Some((len, prefix))) => block.get(prefix..prefix + len).unwrap_or_default(),
        _ => &[],
    }
}

impl PublishView<'_> {
    /// Length of the property block: `properties` and the body of `raw_properties`, prefixed.
    fn properties_len(&self) -> usize {
        let body = self.properties.body_len() + block_body(self.raw_properties).len();
        varint_len(body) + body
    }

    fn remaining_len(&self, protocol: Protocol) -> usize {
        field_len(self.topic.as_bytes())
            + if self.qos == QoS::AtMostOnce { 0 } else { 2 }
            + if protocol.is_v5() {
                self.properties_len()
            } else {
                0
            }
            + self.payload.len()
    }

    /// Size of the encoded packet.
    pub fn size(&self, protocol: Protocol) -> usize {
        packet_len(self.remaining_len(protocol))
    }

    /// Encodes the packet and returns its size.
    ///
    /// # Errors
    /// [`Error::Encode`] when the topic is longer than 65,535 bytes or the packet exceeds the
    /// largest size MQTT can express.
    pub fn write(&self, protocol: Protocol, buf: &mut BytesMut) -> Result<usize, Error> {
        let remaining = self.remaining_len(protocol);
        let mut byte1 = 0x30 | ((self.qos as u8) << 1);
        if self.dup && self.qos != QoS::AtMostOnce {
            byte1 |= 0x08;
        }
        if self.retain {
            byte1 |= 0x01;
        }
        buf.reserve(packet_len(remaining));
        let header = write_header(buf, byte1, remaining)?;
        write_string(buf, self.topic)?;
        if self.qos != QoS::AtMostOnce {
            buf.put_u16(self.pkid);
        }
        if protocol.is_v5() {
            let raw = block_body(self.raw_properties);
            write_varint(buf, self.properties.body_len() + raw.len())?;
            self.properties.write_body(buf)?;
            buf.put_slice(raw);
        }
        buf.put_slice(self.payload);
        Ok(header + remaining)
    }
}
