//! AUTH (MQTT 5.0 section 3.15): extended authentication exchanges.

use bytes::{BufMut, Bytes, BytesMut};

use crate::wire::read_u8;
use crate::{
    Error, Properties, PropertyContext, ReasonCode, ensure_empty, packet_len, write_header,
};

/// One step of an extended authentication exchange.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Auth {
    /// 0x00 success, 0x18 continue authentication, 0x19 re-authenticate.
    pub reason: ReasonCode,
    /// Authentication Method and Data, Reason String, User Property.
    pub properties: Properties,
}

impl Auth {
    /// Decodes an AUTH body; an empty body means reason 0x00.
    ///
    /// # Errors
    /// [`Error::Malformed`] for a short body or trailing bytes; [`Error::Protocol`] for a
    /// property AUTH may not carry.
    pub fn read(mut body: Bytes) -> Result<Auth, Error> {
        let mut auth = Auth::default();
        if !body.is_empty() {
            auth.reason = ReasonCode(read_u8(&mut body)?);
            if !body.is_empty() {
                auth.properties = Properties::read(&mut body, PropertyContext::Auth)?;
            }
        }
        ensure_empty(&body)?;
        Ok(auth)
    }

    fn remaining_len(&self) -> usize {
        if self.reason == ReasonCode::SUCCESS && self.properties.is_empty() {
            0
        } else {
            1 + self.properties.len()
        }
    }

    /// Size of the encoded packet.
    pub fn size(&self) -> usize {
        packet_len(self.remaining_len())
    }

    /// Encodes the packet and returns its size.
    ///
    /// # Errors
    /// [`Error::Encode`] when a property does not fit its wire type.
    pub fn write(&self, buf: &mut BytesMut) -> Result<usize, Error> {
        let remaining = self.remaining_len();
        let header = write_header(buf, 0xF0, remaining)?;
        if remaining > 0 {
            buf.put_u8(self.reason.0);
            self.properties.write(buf)?;
        }
        Ok(header + remaining)
    }
}
