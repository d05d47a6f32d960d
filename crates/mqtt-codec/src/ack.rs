//! PUBACK, PUBREC, PUBREL and PUBCOMP (MQTT 5.0 sections 3.4 to 3.7). The four share one body
//! and differ only in the first byte, which [`crate::Packet`] carries.

use bytes::{BufMut, Bytes, BytesMut};

use crate::wire::read_u8;
use crate::{
    Error, Properties, PropertyContext, Protocol, ReasonCode, ensure_empty, packet_len, read_pkid,
    write_header,
};

/// The body of a publish acknowledgement.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Ack {
    /// Identifier of the PUBLISH (or PUBREL) being acknowledged.
    pub pkid: u16,
    /// Outcome (5.0); always success in 3.x.
    pub reason: ReasonCode,
    /// Properties (5.0 only): Reason String and User Property.
    pub properties: Properties,
}

impl Ack {
    /// An acknowledgement with reason Success and no properties.
    pub fn new(pkid: u16) -> Ack {
        Ack {
            pkid,
            ..Ack::default()
        }
    }

    /// Decodes the body. In 5.0 the reason code and properties may be left out
    /// (MQTT 5.0 section 3.4.2.1).
    ///
    /// # Errors
    /// [`Error::Malformed`] for a short body or trailing bytes; [`Error::Protocol`] for packet
    /// identifier 0.
    pub fn read(mut body: Bytes, protocol: Protocol) -> Result<Ack, Error> {
        let pkid = read_pkid(&mut body)?;
        let mut ack = Ack::new(pkid);
        if protocol.is_v5() && !body.is_empty() {
            ack.reason = ReasonCode(read_u8(&mut body)?);
            if !body.is_empty() {
                ack.properties = Properties::read(&mut body, PropertyContext::Ack)?;
            }
        }
        ensure_empty(&body)?;
        Ok(ack)
    }

    fn remaining_len(&self, protocol: Protocol) -> usize {
        if !protocol.is_v5() {
            2
        } else if !self.properties.is_empty() {
            3 + self.properties.len()
        } else if self.reason != ReasonCode::SUCCESS {
            3
        } else {
            2
        }
    }

    /// Encodes the acknowledgement with first byte `byte1` and returns its size.
    ///
    /// # Errors
    /// [`Error::Encode`] when a property does not fit its wire type.
    pub fn write(&self, byte1: u8, protocol: Protocol, buf: &mut BytesMut) -> Result<usize, Error> {
        let remaining = self.remaining_len(protocol);
        let header = write_header(buf, byte1, remaining)?;
        buf.put_u16(self.pkid);
        if remaining > 2 {
            buf.put_u8(self.reason.0);
        }
        if remaining > 3 {
            self.properties.write(buf)?;
        }
        Ok(header + remaining)
    }

    /// Size of the encoded packet.
    pub fn size(&self, protocol: Protocol) -> usize {
        packet_len(self.remaining_len(protocol))
    }
}
