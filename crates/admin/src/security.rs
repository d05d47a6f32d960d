//! Users, ACL rules, the blacklist, the topic rewrite and the auto-subscribe rules: validated here, stored in meta
//! (`robustmq_meta_client::security`), and applied by every broker, which watches them.

use robustmq_broker::core::rewrite::Rewriter;
use robustmq_common::ip_range::{IpRange, IpRangeError};
use robustmq_common::topic;
use robustmq_meta_client::{
    AclAction, AclRecord, AclWho, AutoSubscribeRule, BanKind, BanRecord, RewriteAction,
    RewriteRule, SecurityClient, UserRecord,
};
use robustmq_proto::admin as pb;

use crate::core::now_ms;
use crate::{Admin, AdminError};

/// Longest username, ACL rule name, or blacklisted value.
const MAX_NAME: usize = 256;

fn check_name(what: &str, name: &str) -> Result<(), AdminError> {
    if name.is_empty() || name.len() > MAX_NAME || name.chars().any(char::is_control) {
        return Err(AdminError::InvalidArgument(format!(
            "{what} must be 1 to {MAX_NAME} bytes without control characters"
        )));
    }
    Ok(())
}

fn user_message(u: &UserRecord) -> pb::User {
    pb::User {
        username: u.username.clone(),
        superuser: u.superuser,
        created_ms: u.created_ms,
    }
}

/// The stored hash of `password`, and its SCRAM-SHA-256 credential when `scram`
/// (`mqtt.enable_scram`).
fn hash(password: &str, scram: bool) -> Result<(String, Option<String>), AdminError> {
    if password.is_empty() {
        return Err(AdminError::InvalidArgument(
            "the password must not be empty".into(),
        ));
    }
    let hash = robustmq_common::password::hash(password.as_bytes())
        .map_err(|e| AdminError::Internal(e.to_string()))?;
    if !scram {
        return Ok((hash, None));
    }
    let scram = robustmq_common::scram::Credential::derive(password.as_bytes())
        .map_err(|e| AdminError::Internal(e.to_string()))?;
    Ok((hash, Some(scram.encode())))
}

/// The stored form of an ACL rule from the API's.
///
/// # Errors
/// [`AdminError::InvalidArgument`] naming the bad field.
pub fn acl_record(rule: &pb::AclRule) -> Result<AclRecord, AdminError> {
    check_name("an ACL rule name", &rule.name)?;
    let bad = |field: &str, allowed: &str, got: &str| {
        AdminError::InvalidArgument(format!("{field} must be {allowed}, not `{got}`"))
    };
    let who = match rule.who.as_str() {
        "all" | "" => AclWho::All,
        "username" | "client_id" if rule.value.is_empty() => {
            return Err(AdminError::InvalidArgument(format!(
                "who = {} needs the {} in value",
                rule.who, rule.who
            )));
        }
        "username" => AclWho::Username(rule.value.clone()),
        "client_id" => AclWho::ClientId(rule.value.clone()),
        other => return Err(bad("who", "all, username or client_id", other)),
    };
    let action = match rule.action.as_str() {
        "publish" => AclAction::Publish,
        "subscribe" => AclAction::Subscribe,
        "all" | "" => AclAction::All,
        other => return Err(bad("action", "publish, subscribe or all", other)),
    };
    let allow = match rule.permission.as_str() {
        "allow" => true,
        "deny" => false,
        other => return Err(bad("permission", "allow or deny", other)),
    };
    if !robustmq_common::topic::is_valid_filter(&rule.topic) {
        return Err(AdminError::InvalidArgument(format!(
            "`{}` is not a valid topic filter",
            rule.topic
        )));
    }
    Ok(AclRecord {
        name: rule.name.clone(),
        who,
        action,
        topic: rule.topic.clone(),
        allow,
    })
}

fn acl_message(r: &AclRecord) -> pb::AclRule {
    let (who, value) = match &r.who {
        AclWho::All => ("all", String::new()),
        AclWho::Username(u) => ("username", u.clone()),
        AclWho::ClientId(c) => ("client_id", c.clone()),
    };
    pb::AclRule {
        name: r.name.clone(),
        who: who.to_owned(),
        value,
        action: match r.action {
            AclAction::Publish => "publish",
            AclAction::Subscribe => "subscribe",
            AclAction::All => "all",
        }
        .to_owned(),
        topic: r.topic.clone(),
        permission: if r.allow { "allow" } else { "deny" }.to_owned(),
    }
}

fn ban_kind(kind: &str) -> Result<BanKind, AdminError> {
    BanKind::parse(kind).ok_or_else(|| {
        AdminError::InvalidArgument(format!(
            "kind must be client_id, username or ip, not `{kind}`"
        ))
    })
}

/// The value as stored: an IP address or CIDR block in its canonical text (an IPv4-mapped
/// address as its IPv4 address, host bits past the prefix cleared), anything else as given.
fn ban_value(kind: BanKind, value: &str) -> Result<String, AdminError> {
    check_name("a blacklisted value", value)?;
    if kind == BanKind::Ip {
        let range: IpRange = value
            .parse()
            .map_err(|e: IpRangeError| AdminError::InvalidArgument(e.to_string()))?;
        return Ok(range.to_string());
    }
    Ok(value.to_owned())
}

fn ban_message(b: &BanRecord) -> pb::Ban {
    pb::Ban {
        kind: b.kind.as_str().to_owned(),
        value: b.value.clone(),
        reason: b.reason.clone(),
        created_ms: b.created_ms,
        until_ms: b.until_ms,
    }
}

/// Most topic rewrite rules kept: each PUBLISH may try them all.
const MAX_REWRITE_RULES: usize = 1000;

/// A rewrite rule as stored, once its action, source filter, regex and destination check out.
fn rewrite_rule(r: &pb::RewriteRule) -> Result<RewriteRule, AdminError> {
    let invalid = |why: String| AdminError::InvalidArgument(why);
    let action = RewriteAction::parse(&r.action).ok_or_else(|| {
        invalid(format!(
            "action must be publish, subscribe or all, not `{}`",
            r.action
        ))
    })?;
    if !topic::is_valid_filter(&r.source) {
        return Err(invalid(format!(
            "source `{}` is not a valid topic filter",
            r.source
        )));
    }
    // What the destination gives with a word for each placeholder must be a topic the action
    // can use; a `$share/` or `$exclusive/` destination would change a subscription's kind.
    let sample: String = (1..=9).fold(r.dest.clone(), |d, n| d.replace(&format!("${n}"), "x"));
    let usable = match action {
        RewriteAction::Subscribe => topic::is_valid_filter(&sample),
        RewriteAction::Publish | RewriteAction::All => topic::is_valid_name(&sample),
    };
    if !usable
        || r.dest.chars().any(char::is_control)
        || r.dest.starts_with("$share/")
        || r.dest.starts_with("$exclusive/")
    {
        return Err(invalid(format!(
            "dest `{}` must be a topic (a filter for subscribe rules), with $1..$9 for capture \
             groups, and not a $share/ or $exclusive/ one",
            r.dest
        )));
    }
    let rule = RewriteRule {
        action,
        source: r.source.clone(),
        regex: r.regex.clone(),
        dest: r.dest.clone(),
    };
    let (_, errors) = Rewriter::compile(std::slice::from_ref(&rule));
    if let Some(error) = errors.into_iter().next() {
        return Err(invalid(format!("regex: {error}")));
    }
    Ok(rule)
}

/// Most auto-subscribe rules kept: each connect applies them all.
const MAX_AUTO_SUBSCRIBE_RULES: usize = 100;

/// An auto-subscribe rule as stored, once its filter (placeholders filled with a plain word)
/// and options check out.
fn auto_subscribe_rule(r: &pb::AutoSubscribeRule) -> Result<AutoSubscribeRule, AdminError> {
    let invalid = |why: String| AdminError::InvalidArgument(why);
    let sample = r
        .filter
        .replace("${clientid}", "c")
        .replace("${username}", "u");
    if !topic::is_valid_filter(&sample) {
        return Err(invalid(format!(
            "filter `{}` is not a valid topic filter",
            r.filter
        )));
    }
    let qos = u8::try_from(r.qos)
        .ok()
        .filter(|q| *q <= 2)
        .ok_or_else(|| invalid(format!("qos must be 0, 1 or 2, not {}", r.qos)))?;
    let retain_handling = u8::try_from(r.retain_handling)
        .ok()
        .filter(|h| *h <= 2)
        .ok_or_else(|| {
            invalid(format!(
                "retain_handling must be 0, 1 or 2, not {}",
                r.retain_handling
            ))
        })?;
    if r.no_local && r.filter.starts_with("$share/") {
        return Err(invalid(
            "no_local cannot be set on a shared subscription [MQTT-3.8.3-4]".into(),
        ));
    }
    Ok(AutoSubscribeRule {
        filter: r.filter.clone(),
        qos,
        no_local: r.no_local,
        retain_as_published: r.retain_as_published,
        retain_handling,
    })
}

fn auto_subscribe_message(r: &AutoSubscribeRule) -> pb::AutoSubscribeRule {
    pb::AutoSubscribeRule {
        filter: r.filter.clone(),
        qos: u32::from(r.qos),
        no_local: r.no_local,
        retain_as_published: r.retain_as_published,
        retain_handling: u32::from(r.retain_handling),
    }
}

fn rewrite_message(r: &RewriteRule) -> pb::RewriteRule {
    pb::RewriteRule {
        action: r.action.as_str().to_owned(),
        source: r.source.clone(),
        regex: r.regex.clone(),
        dest: r.dest.clone(),
    }
}

impl Admin {
    /// The auto-subscribe rules, in order.
    ///
    /// # Errors
    /// [`AdminError::Unavailable`] without a meta quorum.
    pub async fn list_auto_subscribe_rules(&self) -> Result<pb::AutoSubscribeRuleList, AdminError> {
        let rules = self.meta.auto_subscribe_rules().await?;
        Ok(pb::AutoSubscribeRuleList {
            rules: rules.iter().map(auto_subscribe_message).collect(),
        })
    }

    /// Replaces every auto-subscribe rule with `list`, in its order, in one meta write; every
    /// broker applies them to each connect from then on (sessions already connected keep what
    /// they have).
    ///
    /// # Errors
    /// [`AdminError::InvalidArgument`] for a bad filter, QoS or option, naming the rule's
    /// index, or more than 100 rules (nothing is stored then); [`AdminError::Unavailable`]
    /// without a meta quorum.
    pub async fn set_auto_subscribe_rules(
        &self,
        list: &pb::AutoSubscribeRuleList,
    ) -> Result<pb::AutoSubscribeRuleList, AdminError> {
        if list.rules.len() > MAX_AUTO_SUBSCRIBE_RULES {
            return Err(AdminError::InvalidArgument(format!(
                "at most {MAX_AUTO_SUBSCRIBE_RULES} auto-subscribe rules"
            )));
        }
        let rules = list
            .rules
            .iter()
            .enumerate()
            .map(|(i, r)| {
                auto_subscribe_rule(r).map_err(|e| match e {
                    AdminError::InvalidArgument(why) => {
                        AdminError::InvalidArgument(format!("rule {i}: {why}"))
                    }
                    other => other,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        self.meta.auto_subscribe_rules_set(&rules).await?;
        Ok(pb::AutoSubscribeRuleList {
            rules: rules.iter().map(auto_subscribe_message).collect(),
        })
    }

    /// The topic rewrite rules, in order.
    ///
    /// # Errors
    /// [`AdminError::Unavailable`] without a meta quorum.
    pub async fn list_rewrite_rules(&self) -> Result<pb::RewriteRuleList, AdminError> {
        let rules = self.meta.rewrite_rules().await?;
        Ok(pb::RewriteRuleList {
            rules: rules.iter().map(rewrite_message).collect(),
        })
    }

    /// Replaces every topic rewrite rule with `list`, in its order, in one meta write; every
    /// broker applies them from its next PUBLISH or SUBSCRIBE on.
    ///
    /// # Errors
    /// [`AdminError::InvalidArgument`] for a bad action, source filter, regex or destination,
    /// or more than 1,000 rules (nothing is stored then); [`AdminError::Unavailable`] without a
    /// meta quorum.
    pub async fn set_rewrite_rules(
        &self,
        list: &pb::RewriteRuleList,
    ) -> Result<pb::RewriteRuleList, AdminError> {
        if list.rules.len() > MAX_REWRITE_RULES {
            return Err(AdminError::InvalidArgument(format!(
                "at most {MAX_REWRITE_RULES} rewrite rules"
            )));
        }
        let rules = list
            .rules
            .iter()
            .enumerate()
            .map(|(i, r)| {
                rewrite_rule(r).map_err(|e| match e {
                    AdminError::InvalidArgument(why) => {
                        AdminError::InvalidArgument(format!("rule {i}: {why}"))
                    }
                    other => other,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        self.meta.rewrite_rules_set(&rules).await?;
        Ok(pb::RewriteRuleList {
            rules: rules.iter().map(rewrite_message).collect(),
        })
    }

    /// Creates a user.
    ///
    /// # Errors
    /// [`AdminError::InvalidArgument`] for a bad username or an empty password;
    /// [`AdminError::AlreadyExists`]; [`AdminError::Unavailable`] without a meta quorum.
    pub async fn create_user(&self, req: &pb::CreateUserRequest) -> Result<pb::User, AdminError> {
        check_name("a username", &req.username)?;
        let (password_hash, scram) = hash(&req.password, self.config.mqtt.enable_scram)?;
        if self.meta.user_get(&req.username).await?.is_some() {
            return Err(AdminError::AlreadyExists(format!(
                "user `{}` exists",
                req.username
            )));
        }
        let user = UserRecord {
            username: req.username.clone(),
            password_hash,
            superuser: req.superuser,
            created_ms: now_ms(),
            scram,
        };
        self.meta.user_put(&user).await?;
        Ok(user_message(&user))
    }

    /// Every user, by name, without password hashes.
    ///
    /// # Errors
    /// [`AdminError::Unavailable`] without a meta quorum.
    pub async fn list_users(&self) -> Result<pb::UserList, AdminError> {
        let users = self.meta.user_list().await?;
        Ok(pb::UserList {
            users: users.iter().map(user_message).collect(),
        })
    }

    /// Changes a user's password or superuser flag.
    ///
    /// # Errors
    /// [`AdminError::NotFound`]; [`AdminError::InvalidArgument`] for an empty password.
    pub async fn update_user(&self, req: &pb::UpdateUserRequest) -> Result<pb::User, AdminError> {
        let Some(mut user) = self.meta.user_get(&req.username).await? else {
            return Err(AdminError::NotFound(format!(
                "user `{}` does not exist",
                req.username
            )));
        };
        if let Some(password) = &req.password {
            (user.password_hash, user.scram) = hash(password, self.config.mqtt.enable_scram)?;
        }
        if let Some(superuser) = req.superuser {
            user.superuser = superuser;
        }
        self.meta.user_put(&user).await?;
        Ok(user_message(&user))
    }

    /// Deletes a user; clients connected as it stay connected until they reconnect.
    ///
    /// # Errors
    /// [`AdminError::NotFound`].
    pub async fn delete_user(&self, username: &str) -> Result<pb::DeletedReply, AdminError> {
        if !self.meta.user_delete(username).await? {
            return Err(AdminError::NotFound(format!(
                "user `{username}` does not exist"
            )));
        }
        Ok(pb::DeletedReply { deleted: true })
    }

    /// Creates an ACL rule.
    ///
    /// # Errors
    /// [`AdminError::InvalidArgument`] naming the bad field; [`AdminError::AlreadyExists`].
    pub async fn create_acl(&self, rule: &pb::AclRule) -> Result<pb::AclRule, AdminError> {
        let record = acl_record(rule)?;
        if self.meta.acl_get(&record.name).await?.is_some() {
            return Err(AdminError::AlreadyExists(format!(
                "ACL rule `{}` exists",
                record.name
            )));
        }
        self.meta.acl_put(&record).await?;
        Ok(acl_message(&record))
    }

    /// Every ACL rule, by name.
    ///
    /// # Errors
    /// [`AdminError::Unavailable`] without a meta quorum.
    pub async fn list_acls(&self) -> Result<pb::AclList, AdminError> {
        let rules = self.meta.acl_list().await?;
        Ok(pb::AclList {
            rules: rules.iter().map(acl_message).collect(),
        })
    }

    /// Deletes an ACL rule.
    ///
    /// # Errors
    /// [`AdminError::NotFound`].
    pub async fn delete_acl(&self, name: &str) -> Result<pb::DeletedReply, AdminError> {
        if !self.meta.acl_delete(name).await? {
            return Err(AdminError::NotFound(format!(
                "ACL rule `{name}` does not exist"
            )));
        }
        Ok(pb::DeletedReply { deleted: true })
    }

    /// Adds (or replaces) a blacklist entry; brokers disconnect matching clients at once.
    ///
    /// # Errors
    /// [`AdminError::InvalidArgument`] for a bad kind, value or IP address.
    pub async fn add_ban(&self, ban: &pb::Ban) -> Result<pb::Ban, AdminError> {
        let kind = ban_kind(&ban.kind)?;
        let record = BanRecord {
            kind,
            value: ban_value(kind, &ban.value)?,
            reason: ban.reason.clone(),
            created_ms: now_ms(),
            until_ms: ban.until_ms,
        };
        self.meta.ban_put(&record).await?;
        Ok(ban_message(&record))
    }

    /// Every blacklist entry, lapsed ones included, by kind and value.
    ///
    /// # Errors
    /// [`AdminError::Unavailable`] without a meta quorum.
    pub async fn list_bans(&self) -> Result<pb::BanList, AdminError> {
        let bans = self.meta.ban_list().await?;
        Ok(pb::BanList {
            bans: bans.iter().map(ban_message).collect(),
        })
    }

    /// Deletes a blacklist entry.
    ///
    /// # Errors
    /// [`AdminError::InvalidArgument`] for a bad kind; [`AdminError::NotFound`].
    pub async fn delete_ban(
        &self,
        kind: &str,
        value: &str,
    ) -> Result<pb::DeletedReply, AdminError> {
        let kind = ban_kind(kind)?;
        let canonical = ban_value(kind, value)?;
        // An IP ban an earlier version stored as given goes by that text, or by the mapped form
        // (`::ffff:10.0.0.1`) of the IPv4 address it now stands for.
        let mut deleted = self.meta.ban_delete(kind, &canonical).await?;
        if kind == BanKind::Ip {
            let mapped = canonical
                .parse::<std::net::Ipv4Addr>()
                .map(|v4| v4.to_ipv6_mapped().to_string());
            for older in [Some(value.to_owned()), mapped.ok()].into_iter().flatten() {
                if older != canonical {
                    deleted |= self.meta.ban_delete(kind, &older).await?;
                }
            }
        }
        let value = canonical;
        if !deleted {
            return Err(AdminError::NotFound(format!(
                "{} `{value}` is not blacklisted",
                kind.as_str()
            )));
        }
        Ok(pb::DeletedReply { deleted: true })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use robustmq_meta_client::MemoryMeta;

    use super::*;

    fn admin(meta: Arc<MemoryMeta>, dir: &std::path::Path) -> Admin {
        let metrics =
            robustmq_engine::EngineMetrics::new(&prometheus::Registry::new()).expect("metrics");
        let engine = robustmq_engine::ShardRegistry::open(dir, metrics, 1).expect("registry");
        Admin::new(
            Arc::new(robustmq_common::Config::default()),
            meta,
            Arc::new(engine),
            None,
        )
    }

    fn rule(who: &str, value: &str, action: &str, topic: &str, permission: &str) -> pb::AclRule {
        pb::AclRule {
            name: "r".into(),
            who: who.into(),
            value: value.into(),
            action: action.into(),
            topic: topic.into(),
            permission: permission.into(),
        }
    }

    #[test]
    fn acl_rules_are_checked_field_by_field() {
        let ok = acl_record(&rule(
            "username",
            "ann",
            "publish",
            "a/${username}/#",
            "deny",
        ))
        .expect("valid");
        assert_eq!(ok.who, AclWho::Username("ann".into()));
        assert!(!ok.allow);
        assert_eq!(acl_message(&ok).who, "username");
        for (bad, field) in [
            (rule("group", "", "all", "a", "allow"), "who"),
            (
                rule("username", "", "all", "a", "allow"),
                "needs the username",
            ),
            (rule("all", "", "read", "a", "allow"), "action"),
            (rule("all", "", "all", "a/#/b", "allow"), "topic filter"),
            (rule("all", "", "all", "a", "maybe"), "permission"),
        ] {
            let err = acl_record(&bad).expect_err("invalid").to_string();
            assert!(err.contains(field), "{err}");
        }
    }

    #[test]
    fn ip_bans_are_stored_in_canonical_form() {
        assert_eq!(
            ban_value(BanKind::Ip, "::ffff:10.0.0.1").expect("ip"),
            "10.0.0.1",
            "an IPv4-mapped address is its IPv4 address"
        );
        assert_eq!(
            ban_value(BanKind::Ip, "10.1.2.3/16").expect("block"),
            "10.1.0.0/16"
        );
        assert!(ban_value(BanKind::Ip, "10.0.0.0/40").is_err());
        assert_eq!(ban_value(BanKind::Ip, "0:0::1").expect("ip"), "::1");
        assert!(ban_value(BanKind::Ip, "10.0.0.256").is_err());
        assert!(ban_value(BanKind::ClientId, "").is_err());
    }

    #[tokio::test]
    async fn users_keep_only_a_hash_and_refuse_duplicates() {
        let meta = Arc::new(MemoryMeta::new(1, 1));
        let dir = tempfile::tempdir().expect("tempdir");
        let admin = admin(Arc::clone(&meta), dir.path());
        let req = pb::CreateUserRequest {
            username: "plant".into(),
            password: "s3cret".into(),
            superuser: false,
        };
        admin.create_user(&req).await.expect("created");
        let stored = meta.user_get("plant").await.expect("get").expect("stored");
        assert!(!stored.password_hash.contains("s3cret"));
        assert!(robustmq_common::password::verify(
            b"s3cret",
            &stored.password_hash
        ));
        assert!(matches!(
            admin.create_user(&req).await,
            Err(AdminError::AlreadyExists(_))
        ));
        let updated = admin
            .update_user(&pb::UpdateUserRequest {
                username: "plant".into(),
                password: Some("n3w".into()),
                superuser: Some(true),
            })
            .await
            .expect("updated");
        assert!(updated.superuser);
        let stored = meta.user_get("plant").await.expect("get").expect("stored");
        assert!(robustmq_common::password::verify(
            b"n3w",
            &stored.password_hash
        ));
        assert!(matches!(
            admin.delete_user("nobody").await,
            Err(AdminError::NotFound(_))
        ));
        let empty = pb::CreateUserRequest {
            username: "x".into(),
            password: String::new(),
            superuser: false,
        };
        assert!(matches!(
            admin.create_user(&empty).await,
            Err(AdminError::InvalidArgument(_))
        ));
    }
}
