//! UNSUBACK (MQTT 3.1.1 section 3.11, MQTT 5.0 section 3.11).

use bytes::{BufMut, Bytes, BytesMut};

use crate::wire::read_u8;
use crate::{
    Error, Properties, PropertyContext, Protocol, ReasonCode, ensure_empty, packet_len, read_pkid,
    write_header,
};

/// The server's answer to UNSUBSCRIBE.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsubAck {
    /// Identifier of the UNSUBSCRIBE.
    pub pkid: u16,
    /// One code per filter (5.0 only; 3.x UNSUBACK carries none).
    pub codes: Vec<ReasonCode>,
    /// Properties (5.0 only).
    pub properties: Properties,
}

impl UnsubAck {
    /// Decodes an UNSUBACK body.
    ///
    /// # Errors
    /// [`Error::Malformed`] for a short body, or bytes after the identifier in 3.x.
    pub fn read(mut body: Bytes, protocol: Protocol) -> Result<UnsubAck, Error> {
        let pkid = read_pkid(&mut body)?;
        let mut ack = UnsubAck {
            pkid,
            codes: Vec::new(),
            properties: Properties::default(),
        };
        if protocol.is_v5() {
            ack.properties = Properties::read(&mut body, PropertyContext::UnsubAck)?;
            while !body.is_empty() {
                ack.codes.push(ReasonCode(read_u8(&mut body)?));
            }
        }
        ensure_empty(&body)?;
        Ok(ack)
    }

    fn remaining_len(&self, protocol: Protocol) -> usize {
        2 + if protocol.is_v5() {
            self.properties.len() + self.codes.len()
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
        let header = write_header(buf, 0xB0, remaining)?;
        buf.put_u16(self.pkid);
        if protocol.is_v5() {
            self.properties.write(buf)?;
            for code in &self.codes {
                buf.put_u8(code.0);
            }
        }
        Ok(header + remaining)
    }
}
