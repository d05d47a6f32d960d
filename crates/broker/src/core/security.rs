//! Authentication, authorization and the blacklist, enforced from an in-memory copy of the
//! security records in meta (`user/`, `acl/`, `blacklist/`), which the broker keeps fresh through
//! its meta watch.
//!
//! - CONNECT: a banned client id, username or peer IP is refused with 0x8A Banned (3.x: 5, not
//!   authorized). A client that names a stored user must give its password (0x86; 3.x: 4).
//!   Without `mqtt.allow_anonymous`, a client must be a stored user.
//! - PUBLISH: `mqtt.acl_deny` refuses first, for everyone. Then, unless the client is a
//!   superuser, the ACL rules that apply to it decide: a matching deny wins over a matching
//!   allow, and `mqtt.acl_no_match` decides when none matches.
//! - SUBSCRIBE and delivery, as Mosquitto does: a SUBSCRIBE is refused only when its filter lies
//!   wholly inside a deny (or, with `acl_no_match = deny`, meets no allow rule at all), since it
//!   could then never receive anything. A filter that merely *overlaps* a deny (`#` and
//!   `sensors/secret`) is granted, and each message is checked at delivery: one whose topic the
//!   subscriber may not read is dropped and counted (`robustmq_mqtt_messages_dropped_total`,
//!   reason `not_authorized`). The decision per subscription is cached in its [`Standing`] until
//!   the rules or the session's identity change, so a subscription no rule restricts costs two
//!   atomic loads per message.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use parking_lot::RwLock;
use robustmq_common::config::AclNoMatch;
use robustmq_common::ip_range::{IpRange, canonical};
use robustmq_common::topic;
use robustmq_meta_client::{AclAction, AclRecord, AclWho, BanKind, BanRecord, UserRecord};
use tracing::{debug, warn};

pub use crate::core::identity::Identity;
use crate::core::jwt::{self, JwtAuth};
use crate::core::session::Session;

/// What a subscription may receive, as decided for its filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Nothing: the filter lies wholly inside a deny, or meets no allow rule when
    /// `mqtt.acl_no_match = deny`. SUBSCRIBE refuses it.
    Denied = 1,
    /// Every topic it matches.
    Granted = 2,
    /// Some of the topics it matches: each message is checked at delivery.
    Guarded = 3,
}

/// A subscription's [`Access`], cached: computed on its first delivery and again only after
/// the rules, the users or its session's identity changed (each bumps an epoch; the cache keys
/// on their sum, which grows whenever either does). One per subscription, shared by the tree's
/// entry and its clones.
#[derive(Debug)]
pub struct Standing {
    /// The filter, without any `$share/{group}/` prefix.
    filter: Box<str>,
    /// `key << 2 | access`, or 0 before the first decision.
    cached: AtomicU64,
}

impl Standing {
    /// An undecided standing for a subscription to `filter` (without `$share/{group}/`).
    pub fn new(filter: &str) -> Arc<Standing> {
        Arc::new(Standing {
            filter: filter.into(),
            cached: AtomicU64::new(0),
        })
    }
}

/// Why a CONNECT is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// On the blacklist.
    Banned,
    /// Unknown user (without anonymous access) or wrong password.
    BadCredentials,
    /// No credentials, and anonymous access is off.
    NotAuthorized,
}

/// What authentication decided before the password check, which is slow and runs off the async
/// threads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Admission {
    /// Let in as this identity.
    Admit(Identity),
    /// Let in as this identity if `password` matches `hash`.
    Verify {
        /// The identity on success.
        identity: Identity,
        /// The stored hash.
        hash: String,
    },
    /// Refused.
    Refuse(Refusal),
}

/// How the reason of a ban flapping detection made begins; lapsed ones are swept from meta.
pub const FLAPPING_REASON: &str = "flapping:";

/// The prefix of the topics the broker offers for request/response (MQTT 5.0 Response
/// Information is this prefix and the client id): the one kind of `$` topic clients publish to.
pub const RESPONSE_PREFIX: &str = "$response/";

/// The IP bans, by address and by block. An IPv4-mapped peer (`::ffff:a.b.c.d`, as a `[::]`
/// listener sees IPv4 clients) is its IPv4 address, and so is a ban stored in that form by an
/// earlier version.
#[derive(Debug, Default)]
struct IpBans {
    single: HashMap<IpAddr, BanRecord>,
    blocks: Vec<(IpRange, BanRecord)>,
}

impl IpBans {
    fn of(bans: &HashMap<(BanKind, String), BanRecord>) -> IpBans {
        let mut out = IpBans::default();
        for ((kind, value), ban) in bans {
            if *kind != BanKind::Ip {
                continue;
            }
            match value.parse::<IpRange>() {
                Ok(range) if range.is_single() => {
                    // Two records of one address (`10.0.0.9` and an earlier build's
                    // `::ffff:10.0.0.9`): the one that lasts longer decides.
                    let held = out
                        .single
                        .entry(range.base())
                        .or_insert_with(|| ban.clone());
                    if lasts_longer(ban, held) {
                        *held = ban.clone();
                    }
                }
                Ok(range) => out.blocks.push((range, ban.clone())),
                Err(e) => warn!(error = %e, "an IP ban that names no address is ignored"),
            }
        }
        out
    }

    /// Whether a ban holds `ip` at `now_ms`.
    fn bans(&self, ip: IpAddr, now_ms: i64) -> bool {
        self.single
            .get(&canonical(ip))
            .is_some_and(|b| b.active(now_ms))
            || self
                .blocks
                .iter()
                .any(|(range, b)| range.contains(ip) && b.active(now_ms))
    }
}

/// Whether `a` holds at least as long as `b` (a ban without an end outlasts any other).
fn lasts_longer(a: &BanRecord, b: &BanRecord) -> bool {
    match (a.until_ms, b.until_ms) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(a), Some(b)) => a > b,
    }
}

/// The security records a broker enforces.
#[derive(Debug)]
pub struct Security {
    users: RwLock<HashMap<String, UserRecord>>,
    rules: RwLock<HashMap<String, AclRecord>>,
    bans: RwLock<HashMap<(BanKind, String), BanRecord>>,
    /// The IP bans of `bans`, parsed: rebuilt whenever `bans` changes (rarely), read on
    /// every CONNECT.
    ip_bans: RwLock<IpBans>,
    /// Bumped after every change of users or rules, so that cached [`Standing`]s are decided
    /// again. Starts at 1: a cached 0 is never current.
    epoch: AtomicU64,
    /// JWT authentication, when configured.
    jwt: Option<JwtAuth>,
    /// Random per node: the salts of decoy SCRAM challenges for unknown users derive from it.
    scram_decoy: [u8; 32],
    allow_anonymous: bool,
    acl_deny: Vec<String>,
    no_match: AclNoMatch,
}

impl Security {
    /// Empty records, with the node's static settings.
    pub fn new(allow_anonymous: bool, acl_deny: Vec<String>, no_match: AclNoMatch) -> Self {
        Self {
            users: RwLock::new(HashMap::new()),
            rules: RwLock::new(HashMap::new()),
            bans: RwLock::new(HashMap::new()),
            ip_bans: RwLock::new(IpBans::default()),
            epoch: AtomicU64::new(1),
            jwt: None,
            scram_decoy: {
                let mut key = [0u8; 32];
                if let Err(e) = getrandom::fill(&mut key) {
                    warn!(error = %e, "no randomness for the SCRAM decoy key; decoys are predictable");
                }
                key
            },
            allow_anonymous,
            acl_deny,
            no_match,
        }
    }

    /// Replaces every record, after a (re)load from meta.
    pub fn replace(&self, users: Vec<UserRecord>, rules: Vec<AclRecord>, bans: Vec<BanRecord>) {
        *self.users.write() = users.into_iter().map(|u| (u.username.clone(), u)).collect();
        *self.rules.write() = rules.into_iter().map(|r| (r.name.clone(), r)).collect();
        self.changed();
        let mut held = self.bans.write();
        *held = bans
            .into_iter()
            .map(|b| ((b.kind, b.value.clone()), b))
            .collect();
        *self.ip_bans.write() = IpBans::of(&held);
    }

    /// Adds or replaces a user.
    pub fn put_user(&self, user: UserRecord) {
        self.users.write().insert(user.username.clone(), user);
        self.changed();
    }

    /// Removes a user.
    pub fn remove_user(&self, username: &str) {
        self.users.write().remove(username);
        self.changed();
    }

    /// Adds or replaces an ACL rule.
    pub fn put_rule(&self, rule: AclRecord) {
        self.rules.write().insert(rule.name.clone(), rule);
        self.changed();
    }

    /// Removes an ACL rule.
    pub fn remove_rule(&self, name: &str) {
        self.rules.write().remove(name);
        self.changed();
    }

    /// The SCRAM-SHA-256 credential of stored user `username`, if it has one.
    pub fn scram_credential(&self, username: &str) -> Option<robustmq_common::scram::Credential> {
        let users = self.users.read();
        robustmq_common::scram::Credential::decode(users.get(username)?.scram.as_deref()?)
    }

    /// The key decoy SCRAM challenges derive their salts from.
    pub fn scram_decoy_key(&self) -> &[u8] {
        &self.scram_decoy
    }

    /// The stored user `username`, if there is one.
    pub fn user(&self, username: &str) -> Option<UserRecord> {
        self.users.read().get(username).cloned()
    }

    /// Marks every cached [`Standing`] stale. Called after the change is in the tables, so a
    /// reader that sees the new epoch decides from the new rules.
    fn changed(&self) {
        self.epoch.fetch_add(1, Ordering::Release);
    }

    /// The identity of a session restored from its record: the username it connected with,
    /// verified as the record says (for a stored user, only while it exists: see
    /// [`Security::effective`]).
    pub fn restored_identity(
        &self,
        client_id: Arc<str>,
        username: Option<String>,
        verified: bool,
        stored: bool,
    ) -> Identity {
        self.effective(&Identity {
            client_id,
            verified: verified && username.is_some(),
            username,
            superuser: false,
            stored,
        })
    }

    /// `who` as the user store has it now: a stored user's identity (a password or SCRAM login)
    /// takes the user's current superuser flag, and is no longer verified once the user is
    /// deleted. Deliveries are checked with it, so user changes reach sessions that are
    /// already connected.
    pub fn effective(&self, who: &Identity) -> Identity {
        let mut now = who.clone();
        if who.stored && who.verified {
            let user = who
                .username
                .as_deref()
                .and_then(|u| self.users.read().get(u).map(|u| u.superuser));
            now.verified = user.is_some();
            now.superuser = user == Some(true);
        }
        now
    }

    /// Adds or replaces a blacklist entry.
    pub fn put_ban(&self, ban: BanRecord) {
        let mut held = self.bans.write();
        let ip = ban.kind == BanKind::Ip;
        held.insert((ban.kind, ban.value.clone()), ban);
        if ip {
            *self.ip_bans.write() = IpBans::of(&held);
        }
    }

    /// Removes a blacklist entry.
    pub fn remove_ban(&self, kind: BanKind, value: &str) {
        let mut held = self.bans.write();
        held.remove(&(kind, value.to_owned()));
        if kind == BanKind::Ip {
            *self.ip_bans.write() = IpBans::of(&held);
        }
    }

    /// The client ids of flapping bans (reason `flapping: ...`) that lapsed before `now_ms`.
    pub fn lapsed_flapping_bans(&self, now_ms: i64) -> Vec<String> {
        self.bans
            .read()
            .values()
            .filter(|b| {
                b.kind == BanKind::ClientId
                    && b.reason.starts_with(FLAPPING_REASON)
                    && !b.active(now_ms)
            })
            .map(|b| b.value.clone())
            .collect()
    }

    /// Whether a client with these attributes is banned at `now_ms`.
    pub fn is_banned(
        &self,
        client_id: &str,
        username: Option<&str>,
        ip: IpAddr,
        now_ms: i64,
    ) -> bool {
        let bans = self.bans.read();
        let hit = |kind: BanKind, value: &str| {
            bans.get(&(kind, value.to_owned()))
                .is_some_and(|b| b.active(now_ms))
        };
        hit(BanKind::ClientId, client_id)
            || username.is_some_and(|u| hit(BanKind::Username, u))
            || self.ip_bans.read().bans(ip, now_ms)
    }

    /// Adds JWT authentication: a password shaped as a token is checked by `jwt` instead of
    /// the user store.
    #[must_use]
    pub fn with_jwt(mut self, jwt: JwtAuth) -> Self {
        self.jwt = Some(jwt);
        self
    }

    /// The first step of a CONNECT's authentication. With JWT authentication on, a password
    /// shaped as a token is checked here, and its username claim is the client's (a CONNECT
    /// username must match it); a stored user of that name lends its superuser flag.
    pub fn admit(
        &self,
        client_id: &str,
        username: Option<&str>,
        password: Option<&[u8]>,
        ip: IpAddr,
        now_ms: i64,
    ) -> Admission {
        if self.is_banned(client_id, username, ip, now_ms) {
            return Admission::Refuse(Refusal::Banned);
        }
        let identity = |username: Option<&str>, superuser, verified| Identity {
            client_id: client_id.into(),
            username: username.map(str::to_owned),
            superuser,
            verified,
            stored: false,
        };
        if let (Some(jwt), Some(token)) = (&self.jwt, password.and_then(jwt::as_token)) {
            return match jwt.verify(token) {
                Ok(name) if username.is_none_or(|u| u == name) => {
                    if self.is_banned(client_id, Some(&name), ip, now_ms) {
                        return Admission::Refuse(Refusal::Banned);
                    }
                    let superuser = self.users.read().get(&name).is_some_and(|u| u.superuser);
                    Admission::Admit(identity(Some(&name), superuser, true))
                }
                Ok(name) => {
                    debug!(client_id, claimed = %name, "a token for another username");
                    Admission::Refuse(Refusal::BadCredentials)
                }
                Err(e) => {
                    debug!(client_id, error = %e, "JWT refused");
                    Admission::Refuse(Refusal::BadCredentials)
                }
            };
        }
        let has_password = password.is_some();
        let Some(name) = username else {
            return if self.allow_anonymous {
                Admission::Admit(identity(None, false, false))
            } else {
                Admission::Refuse(Refusal::NotAuthorized)
            };
        };
        match self.users.read().get(name) {
            Some(user) if has_password => Admission::Verify {
                identity: Identity {
                    stored: true,
                    ..identity(Some(name), user.superuser, true)
                },
                hash: user.password_hash.clone(),
            },
            Some(_) => Admission::Refuse(Refusal::BadCredentials),
            None if self.allow_anonymous => Admission::Admit(identity(Some(name), false, false)),
            None => Admission::Refuse(Refusal::BadCredentials),
        }
    }

    /// Whether `who` may publish to `topic_name` (a will's topic included). Topics starting
    /// with `$` (`$SYS/...`) belong to the broker: no client publishes there, superusers
    /// included, except under [`RESPONSE_PREFIX`], which the broker hands out as Response
    /// Information for request/response.
    pub fn may_publish(&self, who: &Identity, topic_name: &str) -> bool {
        if topic_name.starts_with('$') && !topic_name.starts_with(RESPONSE_PREFIX) {
            return false;
        }
        if self
            .acl_deny
            .iter()
            .any(|deny| topic::matches(deny, topic_name))
        {
            return false;
        }
        self.decide(who, AclAction::Publish, |rule_topic| {
            let hit = topic::matches(rule_topic, topic_name);
            (hit, hit)
        })
    }

    /// What a subscription of `who` to `filter` (without any `$share/{group}/` prefix) may
    /// receive. Superusers pass the rules, not `mqtt.acl_deny`.
    pub fn subscribe_access(&self, who: &Identity, filter: &str) -> Access {
        if self.acl_deny.iter().any(|deny| filter_within(filter, deny)) {
            return Access::Denied;
        }
        let mut guarded = self
            .acl_deny
            .iter()
            .any(|deny| filters_overlap(filter, deny));
        if who.superuser {
            return if guarded {
                Access::Guarded
            } else {
                Access::Granted
            };
        }
        let (mut allow_within, mut allow_overlap) = (false, false);
        let denied = self.each_rule(who, AclAction::Subscribe, |allow, rule_topic| {
            if !filters_overlap(filter, rule_topic) {
                return false;
            }
            let within = filter_within(filter, rule_topic);
            if allow {
                allow_within |= within;
                allow_overlap = true;
                false
            } else {
                guarded = true;
                within
            }
        });
        if denied {
            return Access::Denied;
        }
        match self.no_match {
            AclNoMatch::Allow if guarded => Access::Guarded,
            AclNoMatch::Allow => Access::Granted,
            AclNoMatch::Deny if allow_within && !guarded => Access::Granted,
            AclNoMatch::Deny if allow_overlap => Access::Guarded,
            AclNoMatch::Deny => Access::Denied,
        }
    }

    /// Whether `who` may receive a message on `topic_name` through a subscription: the check
    /// a [`Access::Guarded`] subscription makes per message.
    pub fn may_read(&self, who: &Identity, topic_name: &str) -> bool {
        if self
            .acl_deny
            .iter()
            .any(|deny| topic::matches(deny, topic_name))
        {
            return false;
        }
        self.decide(who, AclAction::Subscribe, |rule_topic| {
            let hit = topic::matches(rule_topic, topic_name);
            (hit, hit)
        })
    }

    /// Whether the subscription `standing` of `session` may receive a message on `topic_name`:
    /// its cached [`Access`], decided again if the rules or the session's identity changed
    /// since, and for a guarded one the rules for this topic.
    pub fn admits(&self, session: &Session, standing: &Standing, topic_name: &str) -> bool {
        let key = self
            .epoch
            .load(Ordering::Acquire)
            .wrapping_add(session.identity_epoch());
        let cached = standing.cached.load(Ordering::Relaxed);
        let access = if cached >> 2 == key & (u64::MAX >> 2) {
            cached & 3
        } else {
            let who = self.effective(&session.identity());
            let access = self.subscribe_access(&who, &standing.filter) as u64;
            standing
                .cached
                .store((key << 2) | access, Ordering::Relaxed);
            access
        };
        match access {
            a if a == Access::Granted as u64 => true,
            a if a == Access::Guarded as u64 => {
                self.may_read(&self.effective(&session.identity()), topic_name)
            }
            _ => false,
        }
    }

    /// Runs the rules that apply to `who` for `action`. `test` gives, for a rule's topic with
    /// placeholders filled in, whether a deny rule with it hits and whether an allow rule does.
    fn decide(
        &self,
        who: &Identity,
        action: AclAction,
        test: impl Fn(&str) -> (bool, bool),
    ) -> bool {
        if who.superuser {
            return true;
        }
        let mut allowed = false;
        let denied = self.each_rule(who, action, |allow, rule_topic| {
            let (deny_hit, allow_hit) = test(rule_topic);
            allowed |= allow && allow_hit;
            !allow && deny_hit
        });
        !denied && (allowed || self.no_match == AclNoMatch::Allow)
    }

    /// Calls `visit(allow, topic)` for each rule that applies to `who` and `action`, with its
    /// placeholders filled in, until `visit` returns true; returns whether it did.
    fn each_rule(
        &self,
        who: &Identity,
        action: AclAction,
        mut visit: impl FnMut(bool, &str) -> bool,
    ) -> bool {
        for rule in self.rules.read().values() {
            // An allow trusts only a verified username; a deny holds against a claimed one
            // too, which can only narrow what the client may do.
            let username = if rule.allow {
                who.acl_username()
            } else {
                who.username.as_deref()
            };
            let applies = match &rule.who {
                AclWho::All => true,
                AclWho::Username(u) => username == Some(u.as_str()),
                AclWho::ClientId(c) => *who.client_id == **c,
            };
            if !applies || !(rule.action == action || rule.action == AclAction::All) {
                continue;
            }
            let rule_topic = match fill_placeholders(&rule.topic, who, username) {
                Filled::Topic(topic) => topic,
                Filled::NotApplicable => continue,
                // A deny the client's own id or name would dodge holds for everything.
                Filled::Unsafe if !rule.allow => "#".to_owned(),
                Filled::Unsafe => continue,
            };
            if visit(rule.allow, &rule_topic) {
                return true;
            }
        }
        false
    }
}

/// A rule's topic with its placeholders filled in for one client.
enum Filled {
    /// The topic.
    Topic(String),
    /// The rule names a username the client does not have: it does not apply.
    NotApplicable,
    /// A value would add levels or wildcards (a client id `a/#`): an allow rule must not be
    /// widened by it, and a deny rule must not be escaped by it.
    Unsafe,
}

/// `topic` with `${username}` (as `username`) and `${clientid}` replaced by the client's own.
fn fill_placeholders(topic: &str, who: &Identity, username: Option<&str>) -> Filled {
    let safe = |v: &str| !v.contains(['/', '+', '#']);
    let mut out = topic.to_owned();
    if out.contains("${username}") {
        let Some(username) = username else {
            return Filled::NotApplicable;
        };
        if !safe(username) {
            return Filled::Unsafe;
        }
        out = out.replace("${username}", username);
    }
    if out.contains("${clientid}") {
        if !safe(&who.client_id) {
            return Filled::Unsafe;
        }
        out = out.replace("${clientid}", &who.client_id);
    }
    Filled::Topic(out)
}

/// Whether every topic `filter` matches is also matched by `outer`.
pub fn filter_within(filter: &str, outer: &str) -> bool {
    let mut f = filter.split('/');
    let mut o = outer.split('/');
    // [MQTT-4.7.2-1]: a leading wildcard does not reach `$` topics.
    let dollar = filter.starts_with('$');
    let mut first = true;
    loop {
        let at_root = std::mem::replace(&mut first, false);
        match (o.next(), f.next()) {
            (Some("#"), _) => return !(at_root && dollar),
            (Some("+"), Some(level)) if level != "#" && !(at_root && dollar) => {}
            (Some(ol), Some(fl)) if ol == fl && ol != "+" && ol != "#" => {}
            (None, None) => return true,
            _ => return false,
        }
    }
}

/// Whether some topic name matches both filters.
pub fn filters_overlap(a: &str, b: &str) -> bool {
    let mut x = a.split('/');
    let mut y = b.split('/');
    let mut first = true;
    loop {
        let at_root = std::mem::replace(&mut first, false);
        match (x.next(), y.next()) {
            (Some("#"), other) | (other, Some("#")) => {
                // A leading wildcard meets a `$` level only if the other side names it too.
                let dollar = other.is_some_and(|l| l.starts_with('$'));
                return !(at_root && dollar);
            }
            (Some("+"), Some(level)) | (Some(level), Some("+")) => {
                if at_root && level.starts_with('$') {
                    return false;
                }
            }
            (Some(l), Some(m)) if l == m => {}
            (None, None) => return true,
            // `a/#` matches `a` itself: a filter that ends where the other has `#` left.
            (None, Some(rest)) | (Some(rest), None) => return rest == "#",
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn who(client_id: &str, username: Option<&str>) -> Identity {
        Identity {
            client_id: client_id.into(),
            username: username.map(Into::into),
            superuser: false,
            verified: username.is_some(),
            stored: false,
        }
    }

    fn rule(name: &str, who: AclWho, action: AclAction, topic: &str, allow: bool) -> AclRecord {
        AclRecord {
            name: name.into(),
            who,
            action,
            topic: topic.into(),
            allow,
        }
    }

    fn user(name: &str, superuser: bool) -> UserRecord {
        UserRecord {
            username: name.into(),
            password_hash: "h".into(),
            superuser,
            created_ms: 0,
            scram: None,
        }
    }

    const IP: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 7));

    #[test]
    fn filter_within_is_containment() {
        assert!(filter_within("secret/a", "secret/#"));
        assert!(filter_within("secret/+/x", "secret/#"));
        assert!(filter_within("secret", "secret/#"));
        assert!(filter_within("a/b", "a/+"));
        assert!(!filter_within("a/#", "a/+"));
        assert!(!filter_within("#", "secret/#"));
        assert!(!filter_within("public/a", "secret/#"));
        assert!(filter_within("x/y", "#"));
        assert!(!filter_within("$SYS/x", "#"));
        assert!(!filter_within("$SYS/x", "+/x"));
    }

    #[test]
    fn overlap_is_a_shared_topic() {
        assert!(filters_overlap("#", "secret/#"));
        assert!(filters_overlap("+/a", "secret/+"));
        assert!(filters_overlap("secret", "secret/#"));
        assert!(filters_overlap("a/+/c", "a/b/+"));
        assert!(!filters_overlap("a/b", "a/c"));
        assert!(!filters_overlap("a/+", "a/b/c"));
        assert!(!filters_overlap("#", "$SYS/#"));
        assert!(!filters_overlap("+/x", "$SYS/x"));
        assert!(filters_overlap("$SYS/#", "$SYS/x"));
    }

    #[test]
    fn anonymous_and_stored_users_at_connect() {
        let open = Security::new(true, vec![], AclNoMatch::Allow);
        open.put_user(user("plant", true));
        assert!(matches!(
            open.admit("c", None, None, IP, 0),
            Admission::Admit(_)
        ));
        assert!(
            matches!(open.admit("c", Some("guest"), Some(b"pw"), IP, 0), Admission::Admit(ref i) if !i.superuser),
            "an unknown user is anonymous when that is allowed"
        );
        assert!(
            matches!(open.admit("c", Some("plant"), Some(b"pw"), IP, 0), Admission::Verify { ref identity, .. } if identity.superuser)
        );
        assert_eq!(
            open.admit("c", Some("plant"), None, IP, 0),
            Admission::Refuse(Refusal::BadCredentials),
            "a stored user always needs its password [MQTT-3.1.4-2 style refusal, 0x86]"
        );
        let closed = Security::new(false, vec![], AclNoMatch::Allow);
        assert_eq!(
            closed.admit("c", None, None, IP, 0),
            Admission::Refuse(Refusal::NotAuthorized)
        );
        assert_eq!(
            closed.admit("c", Some("guest"), Some(b"pw"), IP, 0),
            Admission::Refuse(Refusal::BadCredentials)
        );
    }

    #[test]
    fn bans_match_client_id_username_or_ip_until_they_lapse() {
        let s = Security::new(true, vec![], AclNoMatch::Allow);
        let ban = |kind, value: &str, until_ms| BanRecord {
            kind,
            value: value.into(),
            reason: String::new(),
            created_ms: 0,
            until_ms,
        };
        s.put_ban(ban(BanKind::ClientId, "bad", None));
        s.put_ban(ban(BanKind::Username, "mallory", Some(100)));
        s.put_ban(ban(BanKind::Ip, "10.0.0.7", None));
        let other = IpAddr::V4(std::net::Ipv4Addr::LOCALHOST);
        assert!(s.is_banned("bad", None, other, 0));
        assert!(s.is_banned("ok", Some("mallory"), other, 99));
        assert!(!s.is_banned("ok", Some("mallory"), other, 100));
        assert!(s.is_banned("ok", None, IP, 0));
        assert!(!s.is_banned("ok", None, other, 0));
        let mapped: IpAddr = "::ffff:10.0.0.7".parse().expect("ip");
        assert!(
            s.is_banned("ok", None, mapped, 0),
            "an IPv4-mapped peer is its IPv4 address"
        );
        s.put_ban(ban(BanKind::Ip, "192.168.0.0/16", Some(100)));
        let inside: IpAddr = "::ffff:192.168.3.4".parse().expect("ip");
        assert!(s.is_banned("ok", None, inside, 99), "a CIDR block");
        assert!(!s.is_banned("ok", None, inside, 100), "lapsed");
        assert!(!s.is_banned("ok", None, "192.169.0.1".parse().expect("ip"), 0));
        s.put_ban(ban(BanKind::Ip, "::ffff:10.0.0.9", None));
        s.put_ban(ban(BanKind::Ip, "10.0.0.9", Some(5)));
        assert!(
            s.is_banned("ok", None, "10.0.0.9".parse().expect("ip"), 10),
            "an earlier build's mapped form, outlasting a lapsed record of the same address"
        );
        s.remove_ban(BanKind::Ip, "192.168.0.0/16");
        assert!(!s.is_banned("ok", None, inside, 0));
        assert_eq!(
            s.admit("bad", None, None, other, 0),
            Admission::Refuse(Refusal::Banned)
        );
        s.remove_ban(BanKind::ClientId, "bad");
        assert!(!s.is_banned("bad", None, other, 0));
    }

    #[test]
    fn a_matching_deny_wins_and_no_match_decides_the_rest() {
        let s = Security::new(true, vec!["secret/#".into()], AclNoMatch::Allow);
        s.put_rule(rule(
            "no-alarms",
            AclWho::Username("plant".into()),
            AclAction::Publish,
            "alarms/#",
            false,
        ));
        s.put_rule(rule(
            "alarms-ok",
            AclWho::All,
            AclAction::All,
            "alarms/#",
            true,
        ));
        let plant = who("c1", Some("plant"));
        assert!(!s.may_publish(&plant, "alarms/fire"));
        assert!(s.may_publish(&who("c2", None), "alarms/fire"));
        assert_eq!(
            s.subscribe_access(&plant, "alarms/#"),
            Access::Granted,
            "the deny is publish only"
        );
        assert!(s.may_publish(&plant, "other"), "no match: allow");
        assert!(!s.may_publish(&plant, "secret/x"), "acl_deny first");
        let root = Identity {
            superuser: true,
            ..plant.clone()
        };
        assert!(s.may_publish(&root, "alarms/fire"), "superusers pass rules");
        assert!(!s.may_publish(&root, "secret/x"), "but not acl_deny");
        s.remove_rule("no-alarms");
        assert!(s.may_publish(&plant, "alarms/fire"));
    }

    #[test]
    fn with_no_match_deny_filters_meeting_an_allow_are_granted_and_guarded_where_a_deny_overlaps() {
        let s = Security::new(true, vec![], AclNoMatch::Deny);
        s.put_rule(rule(
            "own",
            AclWho::All,
            AclAction::All,
            "devices/${clientid}/#",
            true,
        ));
        s.put_rule(rule(
            "readings",
            AclWho::All,
            AclAction::Subscribe,
            "readings/#",
            true,
        ));
        s.put_rule(rule(
            "no-raw",
            AclWho::All,
            AclAction::Subscribe,
            "readings/raw/#",
            false,
        ));
        let dev = who("d7", None);
        assert!(s.may_publish(&dev, "devices/d7/temp"));
        assert!(!s.may_publish(&dev, "devices/d8/temp"));
        for (filter, want, why) in [
            ("devices/d7/+", Access::Granted, "within its own allow"),
            (
                "readings/cooked/+",
                Access::Granted,
                "within an allow, no deny near",
            ),
            (
                "readings/+/cooked",
                Access::Guarded,
                "it could receive readings/raw/cooked",
            ),
            (
                "readings/#",
                Access::Guarded,
                "it overlaps readings/raw/#, which is denied",
            ),
            ("#", Access::Guarded, "it meets allow rules, not within any"),
            ("readings/raw/x", Access::Denied, "wholly inside a deny"),
            ("devices/d8/#", Access::Denied, "meets no allow rule"),
        ] {
            assert_eq!(s.subscribe_access(&dev, filter), want, "{filter}: {why}");
        }
        assert!(s.may_read(&dev, "readings/cooked/x"));
        assert!(!s.may_read(&dev, "readings/raw/x"));
        assert!(!s.may_read(&dev, "other"), "no match: deny");
        assert!(!s.may_publish(&dev, "readings/x"), "subscribe only");
        let sneaky = who("a/#", None);
        assert!(
            !s.may_publish(&sneaky, "devices/a/b/c"),
            "a client id with wildcards or levels does not widen the rule"
        );
        let open = Security::new(true, vec![], AclNoMatch::Allow);
        open.put_rule(rule(
            "not-own-secrets",
            AclWho::All,
            AclAction::Publish,
            "devices/${clientid}/secret",
            false,
        ));
        assert!(!open.may_publish(&who("d1", None), "devices/d1/secret"));
        assert!(open.may_publish(&who("d1", None), "devices/d1/other"));
        assert!(
            !open.may_publish(&who("x/y", None), "devices/x/y/secret"),
            "nor does it escape a deny rule"
        );
    }

    /// The acceptance case of the ACL-at-delivery point: with a deny on `sensors/secret`, a
    /// `#` subscriber is granted and reads everything but that topic.
    #[test]
    fn a_deny_inside_a_filter_guards_it_and_a_filter_inside_a_deny_is_refused() {
        let s = Security::new(true, vec!["internal/#".into()], AclNoMatch::Allow);
        s.put_rule(rule(
            "secret",
            AclWho::All,
            AclAction::Subscribe,
            "sensors/secret",
            false,
        ));
        let anyone = who("c", None);
        assert_eq!(s.subscribe_access(&anyone, "#"), Access::Guarded);
        assert_eq!(s.subscribe_access(&anyone, "sensors/#"), Access::Guarded);
        assert_eq!(
            s.subscribe_access(&anyone, "sensors/public"),
            Access::Granted
        );
        assert_eq!(
            s.subscribe_access(&anyone, "sensors/secret"),
            Access::Denied
        );
        assert_eq!(s.subscribe_access(&anyone, "internal/+"), Access::Denied);
        assert!(s.may_read(&anyone, "sensors/public"));
        assert!(!s.may_read(&anyone, "sensors/secret"));
        assert!(
            !s.may_read(&anyone, "internal/x"),
            "acl_deny at delivery too"
        );
        let root = Identity {
            superuser: true,
            ..anyone.clone()
        };
        assert_eq!(
            s.subscribe_access(&root, "sensors/#"),
            Access::Granted,
            "superusers pass the rules"
        );
        assert_eq!(
            s.subscribe_access(&root, "#"),
            Access::Guarded,
            "but not acl_deny"
        );
    }

    /// A standing decided once is decided again when a rule or the session's identity
    /// changes, and not otherwise.
    #[test]
    fn a_cached_standing_follows_rule_and_identity_changes() {
        let s = Security::new(true, vec![], AclNoMatch::Allow);
        let session = Session::new(Arc::from("c"), 0);
        session.set_identity(who("c", Some("ann")));
        let standing = Standing::new("sensors/#");
        assert!(s.admits(&session, &standing, "sensors/secret"));
        s.put_rule(rule(
            "no-secret",
            AclWho::Username("ann".into()),
            AclAction::Subscribe,
            "sensors/secret",
            false,
        ));
        assert!(
            !s.admits(&session, &standing, "sensors/secret"),
            "a new rule"
        );
        assert!(s.admits(&session, &standing, "sensors/public"));
        session.set_identity(who("c", Some("bob")));
        assert!(
            s.admits(&session, &standing, "sensors/secret"),
            "another user connected"
        );
        s.put_rule(rule(
            "no-sensors",
            AclWho::All,
            AclAction::All,
            "sensors/#",
            false,
        ));
        assert!(
            !s.admits(&session, &standing, "sensors/public"),
            "now wholly denied"
        );
        s.remove_rule("no-sensors");
        assert!(s.admits(&session, &standing, "sensors/public"));
    }

    /// Everyone may publish under `home/` followed by their own username.
    fn home_rule() -> AclRecord {
        rule(
            "home",
            AclWho::All,
            AclAction::Publish,
            "home/${username}",
            true,
        )
    }

    #[test]
    fn username_placeholder_needs_a_username() {
        let s = Security::new(true, vec![], AclNoMatch::Deny);
        s.put_rule(home_rule());
        assert!(s.may_publish(&who("c", Some("ann")), "home/ann"));
        assert!(!s.may_publish(&who("c", Some("ann")), "home/bob"));
        assert!(!s.may_publish(&who("c", None), "home/"));
    }

    /// A username that anonymous access let in without a stored user is not one an allow rule
    /// or its `${username}` trusts (a deny still holds against it); the stored user, with its
    /// password, is.
    #[test]
    fn a_claimed_username_does_not_satisfy_username_allow_rules() {
        let no_alarms = || {
            rule(
                "no-ann-alarms",
                AclWho::Username("ann".into()),
                AclAction::Publish,
                "ann/alarms",
                false,
            )
        };
        let s = Security::new(true, vec![], AclNoMatch::Deny);
        s.put_rule(no_alarms());
        s.put_rule(rule(
            "ann",
            AclWho::Username("ann".into()),
            AclAction::Publish,
            "ann/#",
            true,
        ));
        s.put_rule(home_rule());
        let Admission::Admit(claimed) = s.admit("c", Some("ann"), None, IP, 0) else {
            panic!("anonymous access lets an unknown name in");
        };
        assert!(!claimed.verified);
        assert!(!s.may_publish(&claimed, "ann/x"), "a username rule");
        assert!(!s.may_publish(&claimed, "home/ann"), "a placeholder");
        let open = Security::new(true, vec![], AclNoMatch::Allow);
        open.put_rule(no_alarms());
        assert!(!open.may_publish(&claimed, "ann/alarms"), "a deny holds");
        assert!(open.may_publish(&claimed, "ann/other"));
        s.put_user(UserRecord {
            username: "ann".into(),
            password_hash: "hash".into(),
            superuser: false,
            created_ms: 0,
            scram: None,
        });
        let Admission::Verify { identity, .. } = s.admit("c", Some("ann"), Some(b"pw"), IP, 0)
        else {
            panic!("a stored user is verified by password");
        };
        assert!(identity.verified);
        assert!(s.may_publish(&identity, "ann/x"));
        assert!(s.may_publish(&identity, "home/ann"));
    }
}
