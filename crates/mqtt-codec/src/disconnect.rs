//! DISCONNECT (MQTT 3.1.1 section 3.14, MQTT 5.0 section 3.14).

use bytes::{BufMut, Bytes, BytesMut};

use crate::wire::read_u8;
use crate::{
    Error, Properties, PropertyContext, Protocol, ReasonCode, ensure_empty, packet_len,
    write_header,
};

/// The last packet of a connection, from either side (server-sent only in 5.0).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Disconnect {
    /// Why (5.0): 0x00 normal, 0x04 with will message, or an error.
    pub reason: ReasonCode,
    /// Properties (5.0 only): Session Expiry Interval, Reason String, Server Reference, User
    /// Property.
    pub properties: Properties,
}

impl Disconnect {
    /// A DISCONNECT with `reason` and no properties.
    pub fn new(reason: ReasonCode) -> Disconnect {
        Disconnect {
            reason,
            properties: Properties::default(),
        }
    }

    /// Decodes a DISCONNECT body; in 5.0 an empty body means reason 0x00.
    ///
    /// # Errors
    /// [`Error::Malformed`] for a 3.x DISCONNECT with a body, or trailing bytes.
    pub fn read(mut body: Bytes, protocol: Protocol) -> Result<Disconnect, Error> {
        let mut d = Disconnect::default();
        if protocol.is_v5() && !body.is_empty() {
            d.reason = ReasonCode(read_u8(&mut body)?);
            if !body.is_empty() {
                d.properties = Properties::read(&mut body, PropertyContext::Disconnect)?;
            }
        }
        ensure_empty(&body)?;
        Ok(d)
    }

    fn remaining_len(&self, protocol: Protocol) -> usize {
        if !protocol.is_v5() {
            0
        } else if !self.properties.is_empty() {
            1 + self.properties.len()
        } else if self.reason != ReasonCode::NORMAL_DISCONNECTION {
            1
        } else {
            0
        }
    }

    /// Size of the encoded packet.
    pub fn size(&self, protocol: Protocol) -> usize {
        packet_len(self.remaining_len(protocol))
    }

    /// Encodes the packet and returns its size.
    ///
    /// # Errors
    /// [`Error::Encode`] when a property does not fit its wire type.
    pub fn write(&self, protocol: Protocol, buf: &mut BytesMut) -> Result<usize, Error> {
        let remaining = self.remaining_len(protocol);
        let header = write_header(buf, 0xE0, remaining)?;
        if remaining > 0 {
            buf.put_u8(self.reason.0);
        }
        if remaining > 1 {
            self.properties.write(buf)?;
        }
        Ok(header + remaining)
    }
}
