//! CONNACK (MQTT 3.1.1 section 3.2, MQTT 5.0 section 3.2).

use bytes::{BufMut, Bytes, BytesMut};

use crate::wire::read_u8;
use crate::{
    Error, Properties, PropertyContext, Protocol, ReasonCode, ensure_empty, packet_len,
    write_header,
};

/// The server's answer to CONNECT.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnAck {
    /// Whether the server resumed a stored session.
    pub session_present: bool,
    /// The outcome as a 5.0 reason code; written as the nearest 3.1.1 return code for 3.x.
    pub code: ReasonCode,
    /// CONNACK properties (5.0 only).
    pub properties: Properties,
}

impl ConnAck {
    /// Decodes a CONNACK body.
    ///
    /// # Errors
    /// [`Error::Malformed`] for reserved acknowledge flags, a reserved 3.x return code, or a short
    /// or long body.
    pub fn read(mut body: Bytes, protocol: Protocol) -> Result<ConnAck, Error> {
        let flags = read_u8(&mut body)?;
        if flags & 0xFE != 0 {
            return Err(Error::Malformed("CONNACK reserved flags set"));
        }
        let code = read_u8(&mut body)?;
        let (code, properties) = if protocol.is_v5() {
            (
                ReasonCode(code),
                Properties::read(&mut body, PropertyContext::ConnAck)?,
            )
        } else if code <= 5 {
            (ReasonCode::from_v3_connack(code), Properties::default())
        } else {
            // 3.1.1 section 3.2.2.3: return codes 6 to 255 are reserved.
            return Err(Error::Malformed("reserved CONNACK return code"));
        };
        ensure_empty(&body)?;
        Ok(ConnAck {
            session_present: flags & 1 == 1,
            code,
            properties,
        })
    }

    fn remaining_len(&self, protocol: Protocol) -> usize {
        2 + self.properties.len_at(protocol)
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
        let header = write_header(buf, 0x20, remaining)?;
        buf.put_u8(u8::from(self.session_present));
        if protocol.is_v5() {
            buf.put_u8(self.code.0);
            self.properties.write(buf)?;
        } else {
            buf.put_u8(self.code.to_v3_connack());
        }
        Ok(header + remaining)
    }
}
