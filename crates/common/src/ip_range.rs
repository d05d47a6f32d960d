//! [`IpRange`]: an IP address or a CIDR block of them, as the blacklist names peers.
//!
//! An IPv4-mapped IPv6 address (`::ffff:10.0.0.1`) is its IPv4 address here, in a range and in a
//! peer alike: a listener on `[::]` sees IPv4 clients that way, and a ban of `10.0.0.1` must
//! reach them.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

/// Why a text is not an [`IpRange`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IpRangeError {
    /// The part before any `/` is not an IP address.
    #[error("`{0}` is not an IP address or a CIDR block (10.0.0.1, 10.0.0.0/8, 2001:db8::/32)")]
    Address(String),
    /// The prefix length is not a number within the family's bits.
    #[error("`{0}` has a prefix length beyond the address's bits (32 for IPv4, 128 for IPv6)")]
    Prefix(String),
}

/// The addresses whose first `prefix` bits are those of `base`; a single address has every
/// bit fixed. Invariants: `base` is canonical (never IPv4-mapped IPv6) and has no bits set past
/// the prefix, so two texts of one block compare equal and print alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct IpRange {
    base: IpAddr,
    prefix: u8,
}

/// `ip` with an IPv4-mapped IPv6 address turned into its IPv4 address.
pub fn canonical(ip: IpAddr) -> IpAddr {
    ip.to_canonical()
}

fn bits(ip: IpAddr) -> u8 {
    match ip {
        IpAddr::V4(_) => 32,
        IpAddr::V6(_) => 128,
    }
}

fn masked(ip: IpAddr, prefix: u8) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
            IpAddr::V4(Ipv4Addr::from(u32::from(v4) & mask))
        }
        IpAddr::V6(v6) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0);
            IpAddr::V6(Ipv6Addr::from(u128::from(v6) & mask))
        }
    }
}

impl IpRange {
    /// The range of one address.
    pub fn single(ip: IpAddr) -> IpRange {
        let base = canonical(ip);
        IpRange {
            base,
            prefix: bits(base),
        }
    }

    /// The first address of the range (the address itself for a single one), canonical.
    pub fn base(&self) -> IpAddr {
        self.base
    }

    /// Whether the range is one address.
    pub fn is_single(&self) -> bool {
        self.prefix == bits(self.base)
    }

    /// Whether `ip` (IPv4-mapped or not) lies in the range. An IPv4 peer also lies in an IPv6
    /// block that covers its mapped form (`::/0`, `::ffff:0:0/96`).
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        let inside =
            |ip: IpAddr| bits(ip) == bits(self.base) && masked(ip, self.prefix) == self.base;
        match ip {
            IpAddr::V4(v4) => inside(ip) || inside(IpAddr::V6(v4.to_ipv6_mapped())),
            IpAddr::V6(_) => inside(ip),
        }
    }
}

impl FromStr for IpRange {
    type Err = IpRangeError;

    /// Parses `10.0.0.1`, `10.0.0.0/8`, `2001:db8::/32` or `::ffff:10.0.0.0/104` (the same
    /// block as `10.0.0.0/8`). Host bits past the prefix are cleared.
    fn from_str(text: &str) -> Result<IpRange, IpRangeError> {
        let (address, prefix) = match text.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text, None),
        };
        let ip: IpAddr = address
            .parse()
            .map_err(|_| IpRangeError::Address(text.to_owned()))?;
        let Some(prefix) = prefix else {
            return Ok(IpRange::single(ip));
        };
        let prefix: u8 = prefix
            .parse()
            .ok()
            .filter(|p| *p <= bits(ip))
            .ok_or_else(|| IpRangeError::Prefix(text.to_owned()))?;
        let base = canonical(ip);
        // An IPv4-mapped block keeps its last 32 bits' share of the prefix; a shorter one
        // reaches beyond the mapped space and stays IPv6.
        let (base, prefix) = match (ip, base) {
            (IpAddr::V6(_), IpAddr::V4(_)) if prefix >= 96 => (base, prefix - 96),
            (IpAddr::V6(_), IpAddr::V4(_)) => (ip, prefix),
            _ => (base, prefix),
        };
        Ok(IpRange {
            base: masked(base, prefix),
            prefix,
        })
    }
}

impl fmt::Display for IpRange {
    /// The address for a single one, `base/prefix` for a block.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_single() {
            write!(f, "{}", self.base)
        } else {
            write!(f, "{}/{}", self.base, self.prefix)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(text: &str) -> IpRange {
        text.parse().expect("a range")
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("an address")
    }

    #[test]
    fn single_addresses_and_blocks_print_canonically() {
        assert_eq!(range("10.0.0.1").to_string(), "10.0.0.1");
        assert_eq!(range("::ffff:10.0.0.1").to_string(), "10.0.0.1");
        assert_eq!(range("0:0::1").to_string(), "::1");
        assert_eq!(
            range("10.1.2.3/8").to_string(),
            "10.0.0.0/8",
            "host bits cleared"
        );
        assert_eq!(range("::ffff:10.0.0.0/104").to_string(), "10.0.0.0/8");
        assert_eq!(range("2001:db8::1/32").to_string(), "2001:db8::/32");
        assert_eq!(range("0.0.0.0/0").to_string(), "0.0.0.0/0");
        assert_eq!(range("10.0.0.7/32"), range("10.0.0.7"));
    }

    #[test]
    fn bad_texts_name_what_is_wrong() {
        assert!(matches!(
            "10.0.0.256".parse::<IpRange>(),
            Err(IpRangeError::Address(_))
        ));
        assert!(matches!(
            "host/8".parse::<IpRange>(),
            Err(IpRangeError::Address(_))
        ));
        assert!(matches!(
            "10.0.0.0/33".parse::<IpRange>(),
            Err(IpRangeError::Prefix(_))
        ));
        assert!(matches!(
            "::/129".parse::<IpRange>(),
            Err(IpRangeError::Prefix(_))
        ));
        assert!(matches!(
            "10.0.0.0/x".parse::<IpRange>(),
            Err(IpRangeError::Prefix(_))
        ));
    }

    /// A peer that reached a `[::]` listener over IPv4 shows as `::ffff:a.b.c.d`; a ban of
    /// `a.b.c.d` or of its block reaches it.
    #[test]
    fn ipv4_mapped_peers_are_their_ipv4_address() {
        let mapped = ip("::ffff:10.0.0.7");
        assert!(range("10.0.0.7").contains(mapped));
        assert!(range("10.0.0.0/24").contains(mapped));
        assert!(range("10.0.0.0/24").contains(ip("10.0.0.255")));
        assert!(!range("10.0.0.0/24").contains(ip("10.0.1.0")));
        assert!(range("0.0.0.0/0").contains(ip("192.168.1.1")));
        assert!(!range("0.0.0.0/0").contains(ip("::1")), "families differ");
        assert!(
            range("::/0").contains(ip("10.0.0.7")),
            "IPv6 everything holds mapped IPv4"
        );
        assert!(range("::ffff:0:0/95").contains(ip("::ffff:10.0.0.7")));
        assert!(range("2001:db8::/32").contains(ip("2001:db8:ffff::1")));
        assert!(!range("2001:db8::/32").contains(ip("2001:db9::1")));
    }
}
