//! UNSUBSCRIBE (MQTT 3.1.1 section 3.10, MQTT 5.0 section 3.10).

use bytes::{BufMut, Bytes, BytesMut};

use crate::wire::{field_len, read_string, write_string};
use crate::{Error, Properties, PropertyContext, Protocol, packet_len, read_pkid, write_header};

/// A request to remove subscriptions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsubscribe {
    /// Packet identifier, echoed by UNSUBACK.
    pub pkid: u16,
    /// At least one filter [MQTT-3.10.3-2].
    pub filters: Vec<String>,
    /// Properties (5.0 only): User Property.
    pub properties: Properties,
}

impl Unsubscribe {
    /// Decodes an UNSUBSCRIBE body.
    ///
    /// # Errors
    /// [`Error::Protocol`] for no filters or packet identifier 0; [`Error::Malformed`] for a
    /// bad string.
    pub fn read(mut body: Bytes, protocol: Protocol) -> Result<Unsubscribe, Error> {
        let pkid = read_pkid(&mut body)?;
        let properties = if protocol.is_v5() {
            Properties::read(&mut body, PropertyContext::Unsubscribe)?
        } else {
            Properties::default()
        };
        let mut filters = Vec::new();
        while !body.is_empty() {
            filters.push(read_string(&mut body)?);
        }
        if filters.is_empty() {
            return Err(Error::Protocol("UNSUBSCRIBE without a topic filter"));
        }
        Ok(Unsubscribe {
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
                .map(|f| field_len(f.as_bytes()))
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
        let header = write_header(buf, 0xA2, remaining)?;
        buf.put_u16(self.pkid);
        if protocol.is_v5() {
            self.properties.write(buf)?;
        }
        for f in &self.filters {
            write_string(buf, f)?;
        }
        Ok(header + remaining)
    }
}
