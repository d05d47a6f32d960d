//! CONNECT (MQTT 3.1.1 section 3.1, MQTT 5.0 section 3.1).

use bytes::{BufMut, Bytes, BytesMut};

use crate::wire::{
    field_len, read_binary, read_string, read_u8, read_u16, validate_utf8, write_binary,
    write_string,
};
use crate::{
    Error, Properties, PropertyContext, Protocol, QoS, ensure_empty, packet_len, write_header,
};

/// A client's request to open a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connect {
    /// The level the client speaks; it fixes the encoding of every later packet.
    pub protocol: Protocol,
    /// Clean Start (5.0) or Clean Session (3.x).
    pub clean_start: bool,
    /// Keepalive in seconds; 0 turns the mechanism off.
    pub keep_alive: u16,
    /// May be empty; the server then assigns one or rejects the client.
    pub client_id: String,
    /// The will message, if the Will Flag is set.
    pub will: Option<LastWill>,
    /// User Name, if its flag is set.
    pub username: Option<String>,
    /// Password, if its flag is set.
    pub password: Option<Bytes>,
    /// CONNECT properties (5.0 only).
    pub properties: Properties,
}

/// The message a server publishes on the client's behalf when the connection ends badly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastWill {
    /// Topic name the will is published to.
    pub topic: String,
    /// Application message.
    pub payload: Bytes,
    /// QoS of the will publish.
    pub qos: QoS,
    /// Whether the will is retained.
    pub retain: bool,
    /// Will properties (5.0 only), among them the Will Delay Interval.
    pub properties: Properties,
}

const FLAG_RESERVED: u8 = 0x01;
const FLAG_CLEAN: u8 = 0x02;
const FLAG_WILL: u8 = 0x04;
const FLAG_WILL_RETAIN: u8 = 0x20;
const FLAG_PASSWORD: u8 = 0x40;
const FLAG_USERNAME: u8 = 0x80;

/// The protocol level that a CONNECT at the front of `buf` names, read from its first bytes
/// alone: `None` until they have arrived, or when `buf` does not start with a CONNECT. A server
/// uses it to answer a CONNECT that fails to decode in the form its client speaks (a 5.0
/// CONNACK with a reason code, or none before 5.0).
pub fn peek_level(buf: &[u8]) -> Option<u8> {
    if buf.first()? >> 4 != 1 {
        return None;
    }
    let (_, len_bytes) = crate::wire::peek_varint(&buf[1..]).ok()??;
    let at = 1 + len_bytes;
    let name_len = usize::from(u16::from_be_bytes([*buf.get(at)?, *buf.get(at + 1)?]));
    buf.get(at + 2 + name_len).copied()
}

impl Connect {
    /// Decodes a CONNECT body.
    ///
    /// # Errors
    /// [`Error::UnsupportedProtocol`] for a protocol name or level other than `MQIsdp`/3,
    /// `MQTT`/4 and `MQTT`/5; [`Error::Malformed`] for a set reserved flag [MQTT-3.1.2-3], will
    /// QoS 3, will QoS or retain without a will [MQTT-3.1.2-11, -13], a 3.x password without a
    /// user name [MQTT-3.1.2-22], or a body that is short or too long.
    pub fn read(mut body: Bytes) -> Result<Connect, Error> {
        let name = read_binary(&mut body)?;
        let level = read_u8(&mut body)?;
        let protocol = match (&name[..], level) {
            (b"MQIsdp", 3) => Protocol::V31,
            (b"MQTT", 4) => Protocol::V311,
            (b"MQTT", 5) => Protocol::V5,
            _ => {
                let name = validate_utf8(&name)
                    .map(str::to_owned)
                    .unwrap_or_else(|_| String::from_utf8_lossy(&name).into_owned());
                return Err(Error::UnsupportedProtocol { name, level });
            }
        };
        let flags = read_u8(&mut body)?;
        if flags & FLAG_RESERVED != 0 {
            return Err(Error::Malformed("CONNECT reserved flag set"));
        }
        let has_will = flags & FLAG_WILL != 0;
        let will_qos = QoS::from_u8((flags >> 3) & 0x03).ok_or(Error::Malformed("will QoS 3"))?;
        let will_retain = flags & FLAG_WILL_RETAIN != 0;
        if !has_will && (will_qos != QoS::AtMostOnce || will_retain) {
            return Err(Error::Malformed(
                "will QoS or will retain set without a will",
            ));
        }
        let has_username = flags & FLAG_USERNAME != 0;
        let has_password = flags & FLAG_PASSWORD != 0;
        if has_password && !has_username && !protocol.is_v5() {
            return Err(Error::Malformed("password without user name"));
        }
        let keep_alive = read_u16(&mut body)?;
        let properties = if protocol.is_v5() {
            Properties::read(&mut body, PropertyContext::Connect)?
        } else {
            Properties::default()
        };
        let client_id = read_string(&mut body)?;
        let will = if has_will {
            let properties = if protocol.is_v5() {
                Properties::read(&mut body, PropertyContext::Will)?
            } else {
                Properties::default()
            };
            let topic = read_string(&mut body)?;
            let payload = read_binary(&mut body)?;
            Some(LastWill {
                topic,
                payload,
                qos: will_qos,
                retain: will_retain,
                properties,
            })
        } else {
            None
        };
        let username = if has_username {
            Some(read_string(&mut body)?)
        } else {
            None
        };
        let password = if has_password {
            Some(read_binary(&mut body)?)
        } else {
            None
        };
        ensure_empty(&body)?;
        Ok(Connect {
            protocol,
            clean_start: flags & FLAG_CLEAN != 0,
            keep_alive,
            client_id,
            will,
            username,
            password,
            properties,
        })
    }

    fn name(&self) -> &'static [u8] {
        if self.protocol == Protocol::V31 {
            b"MQIsdp"
        } else {
            b"MQTT"
        }
    }

    fn remaining_len(&self) -> usize {
        let v5 = self.protocol.is_v5();
        let mut len = field_len(self.name()) + 1 + 1 + 2;
        if v5 {
            len += self.properties.len();
        }
        len += field_len(self.client_id.as_bytes());
        if let Some(will) = &self.will {
            if v5 {
                len += will.properties.len();
            }
            len += field_len(will.topic.as_bytes()) + field_len(&will.payload);
        }
        len += self
            .username
            .as_ref()
            .map_or(0, |u| field_len(u.as_bytes()));
        len += self.password.as_ref().map_or(0, |p| field_len(p));
        len
    }

    /// Size of the encoded packet.
    pub fn size(&self) -> usize {
        packet_len(self.remaining_len())
    }

    /// Encodes the packet at its own protocol level and returns its size.
    ///
    /// # Errors
    /// [`Error::Encode`] when a field is longer than its wire type allows.
    pub fn write(&self, buf: &mut BytesMut) -> Result<usize, Error> {
        let remaining = self.remaining_len();
        let header = write_header(buf, 0x10, remaining)?;
        write_binary(buf, self.name())?;
        buf.put_u8(self.protocol.level());
        let mut flags = 0;
        if self.clean_start {
            flags |= FLAG_CLEAN;
        }
        if let Some(will) = &self.will {
            flags |= FLAG_WILL | ((will.qos as u8) << 3);
            if will.retain {
                flags |= FLAG_WILL_RETAIN;
            }
        }
        if self.username.is_some() {
            flags |= FLAG_USERNAME;
        }
        if self.password.is_some() {
            flags |= FLAG_PASSWORD;
        }
        buf.put_u8(flags);
        buf.put_u16(self.keep_alive);
        let v5 = self.protocol.is_v5();
        if v5 {
            self.properties.write(buf)?;
        }
        write_string(buf, &self.client_id)?;
        if let Some(will) = &self.will {
            if v5 {
                will.properties.write(buf)?;
            }
            write_string(buf, &will.topic)?;
            write_binary(buf, &will.payload)?;
        }
        if let Some(username) = &self.username {
            write_string(buf, username)?;
        }
        if let Some(password) = &self.password {
            write_binary(buf, password)?;
        }
        Ok(header + remaining)
    }
}
