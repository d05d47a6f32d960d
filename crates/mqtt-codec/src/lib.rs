//! Sans-IO codec for MQTT 3.1 (`MQIsdp`), 3.1.1 and 5.0.
//!
//! The codec turns bytes into [`Packet`]s and back. It does no I/O and knows nothing of tokio, so
//! the broker, the benchmark load generator and the fuzz target all share it.
//!
//! - [`read`] decodes one packet from the front of a buffer. It parses the fixed header first and
//!   rejects a packet larger than the caller's limit before the body is buffered, so a peer that
//!   announces 256 MiB cannot make the caller allocate it. Short input gives
//!   [`Error::Incomplete`] with the number of bytes still missing.
//! - [`Packet::write`] encodes one packet and returns its size.
//!
//! Modules, one per packet (the four publish acknowledgements share `ack`, which differ only in
//! their first byte):
//! - [`connect`], [`connack`], [`publish`], [`ack`] (PUBACK, PUBREC, PUBREL, PUBCOMP),
//!   [`subscribe`], [`suback`], [`unsubscribe`], [`unsuback`], [`disconnect`], [`auth`];
//!   PINGREQ and PINGRESP have no body and live here.
//! - [`properties`]: MQTT 5.0 properties and which packet may carry which.
//! - [`wire`]: integers, variable byte integers, strings (UTF-8 rules of section 1.5.4).
//! - [`reason`]: reason codes, and the 3.1.1 return codes they map to.
//! - [`fuzz`]: the property the fuzz target checks, shared with a deterministic test.

pub mod ack;
pub mod auth;
pub mod connack;
pub mod connect;
pub mod disconnect;
mod error;
pub mod fuzz;
pub mod properties;
pub mod publish;
pub mod reason;
pub mod suback;
pub mod subscribe;
pub mod unsuback;
pub mod unsubscribe;
pub mod wire;

#[cfg(test)]
mod tests;

use bytes::{Buf, BufMut, Bytes, BytesMut};

pub use ack::Ack;
pub use auth::Auth;
pub use connack::ConnAck;
pub use connect::{Connect, LastWill};
pub use disconnect::Disconnect;
pub use error::Error;
pub use properties::{Properties, PropertyContext, PropertyValues};
pub use publish::{Publish, PublishView};
pub use reason::ReasonCode;
pub use suback::SubAck;
pub use subscribe::{RetainHandling, Subscribe, Subscription, SubscriptionOptions};
pub use unsuback::UnsubAck;
pub use unsubscribe::Unsubscribe;

/// Largest packet MQTT can express: a 1-byte header, a 4-byte remaining length and 268,435,455
/// bytes of body.
pub const MAX_PACKET_SIZE: usize = 1 + 4 + wire::MAX_VARINT;

/// The protocol level a connection speaks, fixed by its CONNECT.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Protocol {
    /// MQTT 3.1, protocol name `MQIsdp`, level 3.
    V31,
    /// MQTT 3.1.1, protocol name `MQTT`, level 4.
    V311,
    /// MQTT 5.0, protocol name `MQTT`, level 5.
    V5,
}

impl Protocol {
    /// Whether this is MQTT 5.0, the only level with properties and reason codes everywhere.
    pub fn is_v5(self) -> bool {
        self == Protocol::V5
    }

    /// The protocol level byte.
    pub fn level(self) -> u8 {
        match self {
            Protocol::V31 => 3,
            Protocol::V311 => 4,
            Protocol::V5 => 5,
        }
    }
}

/// Quality of service of a PUBLISH or a subscription.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum QoS {
    /// At most once.
    #[default]
    AtMostOnce = 0,
    /// At least once.
    AtLeastOnce = 1,
    /// Exactly once.
    ExactlyOnce = 2,
}

impl QoS {
    /// The QoS for a two-bit field; 3 is not a QoS.
    pub fn from_u8(value: u8) -> Option<QoS> {
        match value {
            0 => Some(QoS::AtMostOnce),
            1 => Some(QoS::AtLeastOnce),
            2 => Some(QoS::ExactlyOnce),
            _ => None,
        }
    }
}

/// The control packet types of MQTT section 2.1.2.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum PacketType {
    Connect = 1,
    ConnAck = 2,
    Publish = 3,
    PubAck = 4,
    PubRec = 5,
    PubRel = 6,
    PubComp = 7,
    Subscribe = 8,
    SubAck = 9,
    Unsubscribe = 10,
    UnsubAck = 11,
    PingReq = 12,
    PingResp = 13,
    Disconnect = 14,
    Auth = 15,
}

/// The parsed fixed header of one packet (MQTT section 2.1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixedHeader {
    /// First byte: packet type in the high nibble, flags in the low one.
    pub byte1: u8,
    /// Bytes that follow the fixed header.
    pub remaining_len: usize,
    /// Size of the fixed header itself (2 to 5 bytes).
    pub header_len: usize,
}

impl FixedHeader {
    /// Size of the whole packet.
    pub fn packet_len(&self) -> usize {
        self.header_len + self.remaining_len
    }

    /// The four flag bits.
    pub fn flags(&self) -> u8 {
        self.byte1 & 0x0F
    }
}

/// One MQTT control packet.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Packet {
    /// Boxed: with two property blocks it is twice the size of any other packet.
    Connect(Box<Connect>),
    ConnAck(ConnAck),
    Publish(Publish),
    PubAck(Ack),
    PubRec(Ack),
    PubRel(Ack),
    PubComp(Ack),
    Subscribe(Subscribe),
    SubAck(SubAck),
    Unsubscribe(Unsubscribe),
    UnsubAck(UnsubAck),
    PingReq,
    PingResp,
    Disconnect(Disconnect),
    Auth(Auth),
}

/// Parses the fixed header at the front of `buf` without consuming anything.
///
/// # Errors
/// - [`Error::Incomplete`] when `buf` ends inside the fixed header;
/// - [`Error::Malformed`] for a remaining length longer than 4 bytes [MQTT-1.5.5-1];
/// - [`Error::PacketTooLarge`] when the whole packet would exceed `max_packet_size`. This is
///   known from the header alone, so the caller never buffers the body.
pub fn check(buf: &[u8], max_packet_size: usize) -> Result<FixedHeader, Error> {
    let Some(&byte1) = buf.first() else {
        return Err(Error::Incomplete(2));
    };
    let Some((remaining_len, len_bytes)) = wire::peek_varint(&buf[1..])? else {
        return Err(Error::Incomplete(1));
    };
    let header = FixedHeader {
        byte1,
        remaining_len,
        header_len: 1 + len_bytes,
    };
    if header.packet_len() > max_packet_size {
        return Err(Error::PacketTooLarge {
            size: header.packet_len(),
            max: max_packet_size,
        });
    }
    Ok(header)
}

/// Decodes one packet from the front of `buf` and consumes it.
///
/// `protocol` is the level agreed by CONNECT; a CONNECT itself is decoded whatever it says,
/// since it is what fixes the level. On any error other than [`Error::Incomplete`], `buf` is
/// left in an unspecified state and the connection must be closed.
///
/// # Errors
/// [`Error::Incomplete`] when more bytes are needed; [`Error::PacketTooLarge`] (see [`check`]);
/// [`Error::Malformed`] or [`Error::Protocol`] when the bytes break the spec, including reserved
/// fixed-header flags [MQTT-2.1.3-1] and PUBLISH QoS 3 [MQTT-3.3.1-4];
/// [`Error::UnsupportedProtocol`] for a CONNECT of an unknown protocol.
pub fn read(
    buf: &mut BytesMut,
    protocol: Protocol,
    max_packet_size: usize,
) -> Result<Packet, Error> {
    let header = check(buf, max_packet_size)?;
    if buf.len() < header.packet_len() {
        return Err(Error::Incomplete(header.packet_len() - buf.len()));
    }
    let mut body = buf.split_to(header.packet_len()).freeze();
    body.advance(header.header_len);
    read_body(header, body, protocol)
}

/// Decodes the body of a packet whose fixed header is already parsed. `body` holds exactly the
/// `remaining_len` bytes.
///
/// # Errors
/// As [`read`], except `Incomplete`.
pub fn read_body(header: FixedHeader, body: Bytes, protocol: Protocol) -> Result<Packet, Error> {
    let flags = header.flags();
    let expect_flags = |want: u8| {
        if flags == want {
            Ok(())
        } else {
            Err(Error::Malformed("reserved fixed header flags"))
        }
    };
    let packet = match header.byte1 >> 4 {
        1 => {
            expect_flags(0)?;
            Packet::Connect(Box::new(Connect::read(body)?))
        }
        2 => {
            expect_flags(0)?;
            Packet::ConnAck(ConnAck::read(body, protocol)?)
        }
        3 => Packet::Publish(Publish::read(flags, body, protocol)?),
        4 => {
            expect_flags(0)?;
            Packet::PubAck(Ack::read(body, protocol)?)
        }
        5 => {
            expect_flags(0)?;
            Packet::PubRec(Ack::read(body, protocol)?)
        }
        6 => {
            expect_flags(0b0010)?;
            Packet::PubRel(Ack::read(body, protocol)?)
        }
        7 => {
            expect_flags(0)?;
            Packet::PubComp(Ack::read(body, protocol)?)
        }
        8 => {
            expect_flags(0b0010)?;
            Packet::Subscribe(Subscribe::read(body, protocol)?)
        }
        9 => {
            expect_flags(0)?;
            Packet::SubAck(SubAck::read(body, protocol)?)
        }
        10 => {
            expect_flags(0b0010)?;
            Packet::Unsubscribe(Unsubscribe::read(body, protocol)?)
        }
        11 => {
            expect_flags(0)?;
            Packet::UnsubAck(UnsubAck::read(body, protocol)?)
        }
        12 | 13 => {
            expect_flags(0)?;
            if !body.is_empty() {
                return Err(Error::Malformed("PINGREQ/PINGRESP with a body"));
            }
            if header.byte1 >> 4 == 12 {
                Packet::PingReq
            } else {
                Packet::PingResp
            }
        }
        14 => {
            expect_flags(0)?;
            Packet::Disconnect(Disconnect::read(body, protocol)?)
        }
        15 if protocol.is_v5() => {
            expect_flags(0)?;
            Packet::Auth(Auth::read(body)?)
        }
        _ => return Err(Error::Malformed("invalid packet type")),
    };
    Ok(packet)
}

/// Writes a fixed header and returns its size.
pub(crate) fn write_header(
    buf: &mut BytesMut,
    byte1: u8,
    remaining_len: usize,
) -> Result<usize, Error> {
    buf.put_u8(byte1);
    wire::write_varint(buf, remaining_len)?;
    Ok(1 + wire::varint_len(remaining_len))
}

/// Size of a packet with the given body size.
pub(crate) fn packet_len(remaining_len: usize) -> usize {
    1 + wire::varint_len(remaining_len) + remaining_len
}

impl Packet {
    /// The packet's type.
    pub fn packet_type(&self) -> PacketType {
        match self {
            Packet::Connect(_) => PacketType::Connect,
            Packet::ConnAck(_) => PacketType::ConnAck,
            Packet::Publish(_) => PacketType::Publish,
            Packet::PubAck(_) => PacketType::PubAck,
            Packet::PubRec(_) => PacketType::PubRec,
            Packet::PubRel(_) => PacketType::PubRel,
            Packet::PubComp(_) => PacketType::PubComp,
            Packet::Subscribe(_) => PacketType::Subscribe,
            Packet::SubAck(_) => PacketType::SubAck,
            Packet::Unsubscribe(_) => PacketType::Unsubscribe,
            Packet::UnsubAck(_) => PacketType::UnsubAck,
            Packet::PingReq => PacketType::PingReq,
            Packet::PingResp => PacketType::PingResp,
            Packet::Disconnect(_) => PacketType::Disconnect,
            Packet::Auth(_) => PacketType::Auth,
        }
    }

    /// Encodes the packet for `protocol` and returns the number of bytes written. Fields the
    /// level cannot carry (properties before 5.0) are left out.
    ///
    /// # Errors
    /// [`Error::Encode`] when a field does not fit its wire type, or AUTH for a pre-5.0 level.
    pub fn write(&self, protocol: Protocol, buf: &mut BytesMut) -> Result<usize, Error> {
        match self {
            Packet::Connect(p) => p.write(buf),
            Packet::ConnAck(p) => p.write(protocol, buf),
            Packet::Publish(p) => p.write(protocol, buf),
            Packet::PubAck(p) => p.write(0x40, protocol, buf),
            Packet::PubRec(p) => p.write(0x50, protocol, buf),
            Packet::PubRel(p) => p.write(0x62, protocol, buf),
            Packet::PubComp(p) => p.write(0x70, protocol, buf),
            Packet::Subscribe(p) => p.write(protocol, buf),
            Packet::SubAck(p) => p.write(protocol, buf),
            Packet::Unsubscribe(p) => p.write(protocol, buf),
            Packet::UnsubAck(p) => p.write(protocol, buf),
            Packet::PingReq => write_header(buf, 0xC0, 0),
            Packet::PingResp => write_header(buf, 0xD0, 0),
            Packet::Disconnect(p) => p.write(protocol, buf),
            Packet::Auth(p) => {
                if !protocol.is_v5() {
                    return Err(Error::Encode("AUTH exists only in MQTT 5.0"));
                }
                p.write(buf)
            }
        }
    }
}

pub(crate) fn ensure_empty(body: &Bytes) -> Result<(), Error> {
    if body.is_empty() {
        Ok(())
    } else {
        Err(Error::Malformed("bytes after the end of the packet"))
    }
}

pub(crate) fn read_pkid(body: &mut Bytes) -> Result<u16, Error> {
    match wire::read_u16(body)? {
        // [MQTT-2.2.1-3]: packets that carry an identifier carry a non-zero one.
        0 => Err(Error::Protocol("packet identifier 0")),
        id => Ok(id),
    }
}
