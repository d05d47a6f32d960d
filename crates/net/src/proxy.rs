//! The PROXY protocol (HAProxy's, versions 1 and 2): a load balancer in front of a listener
//! prefixes each connection with the client's real address, which bans, per-address limits and
//! `client list` then use. Off by default (`mqtt.proxy_protocol`): with it on, a connection that
//! does not start with a valid header is closed, so only the balancer may reach such a port.
//!
//! [`parse`] is sans-IO; [`read_header`] reads exactly the header's bytes from a socket, no
//! more, so that what follows (a TLS ClientHello, an MQTT CONNECT) stays in the socket.

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use tokio::io::{AsyncRead, AsyncReadExt};

/// The 12-byte signature that starts a version 2 header.
const V2_SIGNATURE: [u8; 12] = *b"\r\n\r\n\0\r\nQUIT\n";
/// Longest version 1 header, CRLF included (the specification's bound).
const V1_MAX: usize = 107;
/// Largest version 2 address block accepted: the addresses and a few TLVs. The format allows
/// 65,535 bytes, which nobody needs here.
const V2_MAX_BLOCK: usize = 512;

/// What a header says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Header {
    /// A proxied connection from this client address.
    Proxied(SocketAddr),
    /// The balancer's own connection (a health check: v2 LOCAL, v1 UNKNOWN), or a protocol
    /// other than TCP over IPv4/IPv6: the socket's own peer address stands.
    Local,
}

/// Why a header was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("PROXY protocol: {0}")]
pub struct ProxyError(&'static str);

fn bad(why: &'static str) -> ProxyError {
    ProxyError(why)
}

/// Decodes a version 1 header, `PROXY TCP4 <src> <dst> <sport> <dport>\r\n` (or `TCP6`, or
/// `UNKNOWN ...`), from `line`, which must end with CRLF.
///
/// # Errors
/// [`ProxyError`] for anything else.
pub fn parse_v1(line: &[u8]) -> Result<Header, ProxyError> {
    let text = std::str::from_utf8(line).map_err(|_| bad("v1 header is not ASCII"))?;
    let text = text
        .strip_suffix("\r\n")
        .ok_or_else(|| bad("v1 header does not end with CRLF"))?;
    let mut fields = text.split(' ');
    if fields.next() != Some("PROXY") {
        return Err(bad("v1 header does not start with PROXY"));
    }
    let family = fields
        .next()
        .ok_or_else(|| bad("v1 header has no family"))?;
    if family == "UNKNOWN" {
        return Ok(Header::Local);
    }
    let mut field = || fields.next().ok_or_else(|| bad("v1 header is short"));
    let (src, _dst, sport, _dport) = (field()?, field()?, field()?, field()?);
    if fields.next().is_some() {
        return Err(bad("v1 header has extra fields"));
    }
    let ip: IpAddr = match family {
        "TCP4" => IpAddr::V4(src.parse().map_err(|_| bad("v1 bad IPv4 source"))?),
        "TCP6" => IpAddr::V6(src.parse().map_err(|_| bad("v1 bad IPv6 source"))?),
        _ => return Err(bad("v1 header has an unknown family")),
    };
    let port: u16 = sport.parse().map_err(|_| bad("v1 bad source port"))?;
    Ok(Header::Proxied(SocketAddr::new(ip, port)))
}

/// Decodes a version 2 header from its 16 fixed bytes and the address block after them.
///
/// # Errors
/// [`ProxyError`] for a wrong signature or version, an unknown command, or a block too short
/// for its family.
pub fn parse_v2(fixed: &[u8; 16], block: &[u8]) -> Result<Header, ProxyError> {
    if fixed[..12] != V2_SIGNATURE {
        return Err(bad("v2 signature"));
    }
    let version_command = fixed[12];
    if version_command >> 4 != 2 {
        return Err(bad("v2 version is not 2"));
    }
    match version_command & 0x0F {
        0 => return Ok(Header::Local),
        1 => {}
        _ => return Err(bad("v2 unknown command")),
    }
    let family = fixed[13];
    match family {
        // TCP over IPv4: source address, destination address, source port, destination port.
        0x11 => {
            let a: [u8; 12] = block
                .get(..12)
                .and_then(|b| b.try_into().ok())
                .ok_or_else(|| bad("v2 IPv4 block is short"))?;
            let ip = Ipv4Addr::new(a[0], a[1], a[2], a[3]);
            let port = u16::from_be_bytes([a[8], a[9]]);
            Ok(Header::Proxied(SocketAddr::new(IpAddr::V4(ip), port)))
        }
        // TCP over IPv6.
        0x21 => {
            let a: [u8; 36] = block
                .get(..36)
                .and_then(|b| b.try_into().ok())
                .ok_or_else(|| bad("v2 IPv6 block is short"))?;
            let mut octets = [0u8; 16];
            octets.copy_from_slice(&a[..16]);
            let port = u16::from_be_bytes([a[32], a[33]]);
            Ok(Header::Proxied(SocketAddr::new(
                IpAddr::V6(Ipv6Addr::from(octets)),
                port,
            )))
        }
        // UNSPEC, UDP, unix sockets: keep the socket's address.
        _ => Ok(Header::Local),
    }
}

/// Reads one PROXY header (either version) from `stream`, exactly its bytes.
///
/// # Errors
/// `InvalidData` when the bytes are not a valid header (the connection is to be closed); the
/// stream's own errors, `UnexpectedEof` among them.
pub async fn read_header<S: AsyncRead + Unpin>(stream: &mut S) -> io::Result<Header> {
    let invalid = |e: ProxyError| io::Error::new(io::ErrorKind::InvalidData, e);
    let mut start = [0u8; 8];
    stream.read_exact(&mut start).await?;
    if &start[..6] == b"PROXY " {
        let mut line = start.to_vec();
        while !line.ends_with(b"\r\n") {
            if line.len() >= V1_MAX {
                return Err(invalid(bad("v1 header longer than 107 bytes")));
            }
            line.push(stream.read_u8().await?);
        }
        return parse_v1(&line).map_err(invalid);
    }
    if start[..] != V2_SIGNATURE[..8] {
        return Err(invalid(bad("no PROXY header")));
    }
    let mut fixed = [0u8; 16];
    fixed[..8].copy_from_slice(&start);
    stream.read_exact(&mut fixed[8..]).await?;
    let len = usize::from(u16::from_be_bytes([fixed[14], fixed[15]]));
    if len > V2_MAX_BLOCK {
        return Err(invalid(bad("v2 address block too large")));
    }
    let mut block = vec![0u8; len];
    stream.read_exact(&mut block).await?;
    parse_v2(&fixed, &block).map_err(invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v1_headers_name_the_client_or_leave_the_socket_address() {
        assert_eq!(
            parse_v1(b"PROXY TCP4 192.0.2.7 10.0.0.1 51234 1883\r\n"),
            Ok(Header::Proxied("192.0.2.7:51234".parse().expect("addr")))
        );
        assert_eq!(
            parse_v1(b"PROXY TCP6 2001:db8::7 2001:db8::1 51234 8883\r\n"),
            Ok(Header::Proxied(
                "[2001:db8::7]:51234".parse().expect("addr")
            ))
        );
        assert_eq!(parse_v1(b"PROXY UNKNOWN\r\n"), Ok(Header::Local));
        for bad in [
            &b"PROXY TCP4 192.0.2.7 10.0.0.1 51234\r\n"[..],
            b"PROXY TCP4 192.0.2.7 10.0.0.1 51234 1883 9\r\n",
            b"PROXY TCP4 2001:db8::7 10.0.0.1 1 2\r\n",
            b"PROXY TCP4 192.0.2.7 10.0.0.1 99999 1883\r\n",
            b"PROXY UDP4 192.0.2.7 10.0.0.1 1 2\r\n",
            b"PROXY TCP4 192.0.2.7 10.0.0.1 1 2\n",
            b"HELLO TCP4 192.0.2.7 10.0.0.1 1 2\r\n",
        ] {
            assert!(parse_v1(bad).is_err(), "{:?}", String::from_utf8_lossy(bad));
        }
    }

    fn v2(command: u8, family: u8, block: &[u8]) -> Vec<u8> {
        let mut out = V2_SIGNATURE.to_vec();
        out.push(0x20 | command);
        out.push(family);
        out.extend_from_slice(&u16::try_from(block.len()).expect("len").to_be_bytes());
        out.extend_from_slice(block);
        out
    }

    #[tokio::test]
    async fn headers_are_read_exactly_and_what_follows_stays() {
        let ipv4 = [192, 0, 2, 7, 10, 0, 0, 1, 0xC8, 0x22, 0x07, 0x5B];
        let mut bytes = v2(1, 0x11, &ipv4);
        bytes.extend_from_slice(b"\x10rest");
        let mut stream = &bytes[..];
        assert_eq!(
            read_header(&mut stream).await.expect("header"),
            Header::Proxied("192.0.2.7:51234".parse().expect("addr"))
        );
        assert_eq!(stream, b"\x10rest", "the CONNECT after it is untouched");

        let bytes = b"PROXY TCP4 192.0.2.7 10.0.0.1 51234 1883\r\n\x16\x03".to_vec();
        let mut stream = &bytes[..];
        assert!(matches!(
            read_header(&mut stream).await,
            Ok(Header::Proxied(_))
        ));
        assert_eq!(stream, b"\x16\x03", "the ClientHello after it is untouched");

        let local = v2(0, 0x00, &[]);
        assert_eq!(
            read_header(&mut &local[..]).await.expect("LOCAL"),
            Header::Local
        );
        let mut ipv6 = [0u8; 36];
        ipv6[15] = 1;
        ipv6[32..34].copy_from_slice(&4242u16.to_be_bytes());
        assert_eq!(
            read_header(&mut &v2(1, 0x21, &ipv6)[..])
                .await
                .expect("IPv6"),
            Header::Proxied("[::1]:4242".parse().expect("addr"))
        );
    }

    #[tokio::test]
    async fn anything_but_a_header_is_invalid_data() {
        let invalid =
            |r: io::Result<Header>| matches!(r, Err(e) if e.kind() == io::ErrorKind::InvalidData);
        // An MQTT CONNECT where the header should be.
        let connect = [
            0x10u8, 0x0C, 0, 4, b'M', b'Q', b'T', b'T', 4, 2, 0, 60, 0, 0,
        ];
        assert!(invalid(read_header(&mut &connect[..]).await));
        // A v1 line that never ends.
        let endless = [b"PROXY TCP4 ".as_slice(), &[b'1'; 200]].concat();
        assert!(invalid(read_header(&mut &endless[..]).await));
        // v2 with version 1, an unknown command, a short block, a huge block.
        let mut wrong_version = v2(1, 0x11, &[0; 12]);
        wrong_version[12] = 0x11;
        assert!(invalid(read_header(&mut &wrong_version[..]).await));
        assert!(invalid(read_header(&mut &v2(7, 0x11, &[0; 12])[..]).await));
        assert!(invalid(read_header(&mut &v2(1, 0x11, &[0; 4])[..]).await));
        assert!(invalid(read_header(&mut &v2(1, 0x11, &[0; 600])[..]).await));
        // Cut short: the stream's own error.
        let cut = v2(1, 0x11, &[0; 12]);
        let r = read_header(&mut &cut[..10]).await;
        assert!(matches!(r, Err(e) if e.kind() == io::ErrorKind::UnexpectedEof));
    }
}
