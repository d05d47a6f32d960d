//! Wire primitives of MQTT section 1.5: two- and four-byte integers, variable byte integers,
//! UTF-8 strings, binary data and string pairs. Readers take a `Bytes` that holds exactly one
//! packet body, so running out of bytes means a malformed packet, never "read more".

use bytes::{Buf, BufMut, Bytes, BytesMut};

use crate::Error;

/// Largest value of a variable byte integer (MQTT 5.0 section 1.5.5): 268,435,455.
pub const MAX_VARINT: usize = 268_435_455;

/// Largest length of a string or binary field: a two-byte length prefix.
pub const MAX_FIELD_LEN: usize = u16::MAX as usize;

pub(crate) fn read_u8(buf: &mut Bytes) -> Result<u8, Error> {
    if buf.is_empty() {
        return Err(Error::Malformed("packet ends inside a byte field"));
    }
    Ok(buf.get_u8())
}

pub(crate) fn read_u16(buf: &mut Bytes) -> Result<u16, Error> {
    if buf.len() < 2 {
        return Err(Error::Malformed("packet ends inside a two-byte integer"));
    }
    Ok(buf.get_u16())
}

pub(crate) fn read_u32(buf: &mut Bytes) -> Result<u32, Error> {
    if buf.len() < 4 {
        return Err(Error::Malformed("packet ends inside a four-byte integer"));
    }
    Ok(buf.get_u32())
}

/// Decodes a variable byte integer from the front of `bytes` without consuming it.
///
/// Returns `Ok(None)` when the encoding may continue past the end of `bytes`, and the value with
/// its encoded length otherwise. A fifth continuation byte is malformed [MQTT-1.5.5-1].
pub(crate) fn peek_varint(bytes: &[u8]) -> Result<Option<(usize, usize)>, Error> {
    let mut value = 0usize;
    for (i, byte) in bytes.iter().enumerate() {
        if i == 4 {
            return Err(Error::Malformed(
                "variable byte integer longer than 4 bytes",
            ));
        }
        value |= usize::from(byte & 0x7F) << (7 * i);
        if byte & 0x80 == 0 {
            return Ok(Some((value, i + 1)));
        }
    }
    if bytes.len() >= 4 {
        return Err(Error::Malformed(
            "variable byte integer longer than 4 bytes",
        ));
    }
    Ok(None)
}

pub(crate) fn read_varint(buf: &mut Bytes) -> Result<usize, Error> {
    match peek_varint(buf)? {
        Some((value, len)) => {
            buf.advance(len);
            Ok(value)
        }
        None => Err(Error::Malformed(
            "packet ends inside a variable byte integer",
        )),
    }
}

/// Number of bytes the variable byte integer encoding of `value` takes.
pub(crate) fn varint_len(value: usize) -> usize {
    match value {
        0..=127 => 1,
        128..=16_383 => 2,
        16_384..=2_097_151 => 3,
        _ => 4,
    }
}

pub(crate) fn write_varint(buf: &mut BytesMut, mut value: usize) -> Result<(), Error> {
    if value > MAX_VARINT {
        return Err(Error::Encode(
            "value exceeds the variable byte integer range",
        ));
    }
    loop {
        let mut byte = (value & 0x7F) as u8;
        value >>= 7;
        if value > 0 {
            byte |= 0x80;
        }
        buf.put_u8(byte);
        if value == 0 {
            return Ok(());
        }
    }
}

pub(crate) fn read_binary(buf: &mut Bytes) -> Result<Bytes, Error> {
    let len = usize::from(read_u16(buf)?);
    if buf.len() < len {
        return Err(Error::Malformed(
            "length prefix runs past the end of the packet",
        ));
    }
    Ok(buf.split_to(len))
}

/// Reads a UTF-8 string field and applies MQTT section 1.5.4: it must be well-formed UTF-8,
/// which excludes the surrogates U+D800..U+DFFF [MQTT-1.5.4-1], and must not contain U+0000
/// [MQTT-1.5.4-2].
pub(crate) fn read_string(buf: &mut Bytes) -> Result<String, Error> {
    let raw = read_binary(buf)?;
    validate_utf8(&raw).map(str::to_owned)
}

pub(crate) fn validate_utf8(raw: &[u8]) -> Result<&str, Error> {
    let s = std::str::from_utf8(raw).map_err(|_| Error::Malformed("string is not valid UTF-8"))?;
    if s.contains('\0') {
        return Err(Error::Malformed("string contains U+0000"));
    }
    Ok(s)
}

pub(crate) fn write_binary(buf: &mut BytesMut, data: &[u8]) -> Result<(), Error> {
    let len =
        u16::try_from(data.len()).map_err(|_| Error::Encode("field longer than 65,535 bytes"))?;
    buf.put_u16(len);
    buf.put_slice(data);
    Ok(())
}

pub(crate) fn write_string(buf: &mut BytesMut, s: &str) -> Result<(), Error> {
    write_binary(buf, s.as_bytes())
}

/// Encoded size of a string or binary field.
pub(crate) fn field_len(data: &[u8]) -> usize {
    2 + data.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varint_round_trips_at_every_length_boundary() {
        for value in [
            0, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152, MAX_VARINT,
        ] {
            let mut buf = BytesMut::new();
            write_varint(&mut buf, value).expect("in range");
            assert_eq!(buf.len(), varint_len(value), "length of {value}");
            let mut bytes = buf.freeze();
            assert_eq!(read_varint(&mut bytes).expect("decodes"), value);
            assert!(bytes.is_empty());
        }
        assert!(write_varint(&mut BytesMut::new(), MAX_VARINT + 1).is_err());
    }

    #[test]
    fn varint_of_five_bytes_is_malformed_mqtt_1_5_5_1() {
        assert!(matches!(
            peek_varint(&[0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
            Err(Error::Malformed(_))
        ));
        assert!(matches!(
            peek_varint(&[0xFF, 0xFF, 0xFF, 0xFF]),
            Err(Error::Malformed(_))
        ));
        assert_eq!(peek_varint(&[0xFF, 0xFF]).expect("short"), None);
    }

    #[test]
    fn string_with_null_character_is_malformed_mqtt_1_5_4_2() {
        let mut bytes = Bytes::from_static(b"\x00\x03a\x00b");
        assert!(matches!(read_string(&mut bytes), Err(Error::Malformed(_))));
    }

    #[test]
    fn string_with_encoded_surrogate_is_malformed_mqtt_1_5_4_1() {
        // U+D800 encoded as if it were a scalar value.
        let mut bytes = Bytes::from_static(b"\x00\x03\xED\xA0\x80");
        assert!(matches!(read_string(&mut bytes), Err(Error::Malformed(_))));
    }

    #[test]
    fn string_longer_than_the_packet_is_malformed() {
        let mut bytes = Bytes::from_static(b"\x00\x09abc");
        assert!(matches!(read_string(&mut bytes), Err(Error::Malformed(_))));
    }
}
