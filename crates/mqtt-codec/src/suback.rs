//! SUBACK (MQTT 3.1.1 section 3.9, MQTT 5.0 section 3.9).

use bytes::{BufMut, Bytes, BytesMut};

use crate::wire::read_u8;
use crate::{
    Error, Properties, PropertyContext, Protocol, ReasonCode, packet_len, read_pkid, write_header,
};

/// The server's answer to SUBSCRIBE: one code per filter, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubAck {
    /// Identifier of the SUBSCRIBE.
    pub pkid: u16,
    /// Granted QoS (0, 1, 2) or a failure code per filter. In 3.x every failure is written 0x80.
    pub codes: Vec<ReasonCode>,
    /// Properties (5.0 only).
    pub properties: Properties,
}

impl SubAck {
    /// Decodes a SUBACK body.
    ///
    /// # Errors
    /// [`Error::Malformed`] for a 3.x return code other than 0, 1, 2 and 0x80, or a short body.
    pub fn read(mut body: Bytes, protocol: Protocol) -> Result<SubAck, Error> {
        let pkid = read_pkid(&mut body)?;
        let properties = if protocol.is_v5() {
            Properties::read(&mut body, PropertyContext::SubAck)?
        } else {
            Properties::default()
        };
        let mut codes = Vec::with_capacity(body.len());
        while !body.is_empty() {
            let code = read_u8(&mut body)?;
            if !protocol.is_v5() && !matches!(code, 0 | 1 | 2 | 0x80) {
                return Err(Error::Malformed("invalid SUBACK return code"));
            }
            codes.push(ReasonCode(code));
        }
        Ok(SubAck {
            pkid,
            codes,
            properties,
        })
    }

    fn remaining_len(&self, protocol: Protocol) -> usize {
        2 + self.properties.len_at(protocol) + self.codes.len()
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
        let header = write_header(buf, 0x90, remaining)?;
        buf.put_u16(self.pkid);
        if protocol.is_v5() {
            self.properties.write(buf)?;
        }
        for code in &self.codes {
            let byte = if !protocol.is_v5() && code.is_error() {
                0x80
            } else {
                code.0
            };
            buf.put_u8(byte);
        }
        Ok(header + remaining)
    }
}
