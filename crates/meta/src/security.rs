//! The security records of the `metadata` group: users (`user/{username}`), ACL rules
//! (`acl/{name}`) and blacklist entries (`blacklist/{kind}/{value}`), as JSON. The admin API
//! writes them; every broker watches the prefixes and enforces them on CONNECT, PUBLISH and
//! SUBSCRIBE.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::client::{codec, existed};
use crate::{Command, METADATA_GROUP, MetaStore, Result};

/// Key prefix of users.
pub const USER_PREFIX: &str = "user/";
/// Key prefix of ACL rules.
pub const ACL_PREFIX: &str = "acl/";
/// Key prefix of blacklist entries.
pub const BLACKLIST_PREFIX: &str = "blacklist/";

/// A user of the built-in store. The password is kept only as a salted hash
/// (`robustmq_common::password`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRecord {
    /// The MQTT username.
    pub username: String,
    /// `robustmq_common::password::hash` of the password.
    pub password_hash: String,
    /// A superuser passes every ACL check.
    pub superuser: bool,
    /// Unix milliseconds.
    pub created_ms: i64,
}

/// Whom an ACL rule applies to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum AclWho {
    /// Every client.
    All,
    /// Clients that authenticated as this username.
    Username(String),
    /// The client with this id.
    ClientId(String),
}

/// What an ACL rule covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AclAction {
    /// PUBLISH (and a will's topic).
    Publish,
    /// SUBSCRIBE.
    Subscribe,
    /// Both.
    All,
}

/// An ACL rule. Rules are unordered: a matching `deny` wins over any matching `allow`, and when
/// no rule matches, `mqtt.acl_no_match` decides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AclRecord {
    /// Unique name, chosen by the operator.
    pub name: String,
    /// Whom it applies to.
    pub who: AclWho,
    /// What it covers.
    pub action: AclAction,
    /// A topic filter; `${username}` and `${clientid}` stand for the client's own.
    pub topic: String,
    /// `true` allows, `false` denies.
    pub allow: bool,
}

/// What a blacklist entry names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BanKind {
    /// A client id.
    ClientId,
    /// A username.
    Username,
    /// A peer IP address.
    Ip,
}

impl BanKind {
    /// The name used in keys, the admin API and the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            BanKind::ClientId => "client_id",
            BanKind::Username => "username",
            BanKind::Ip => "ip",
        }
    }

    /// The kind named `name`.
    pub fn parse(name: &str) -> Option<BanKind> {
        [BanKind::ClientId, BanKind::Username, BanKind::Ip]
            .into_iter()
            .find(|k| k.as_str() == name)
    }
}

/// A blacklist entry: matching clients are refused at CONNECT (0x8A Banned) and disconnected if
/// connected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BanRecord {
    /// What `value` is.
    pub kind: BanKind,
    /// The banned client id, username or IP address.
    pub value: String,
    /// Why, for operators.
    pub reason: String,
    /// Unix milliseconds.
    pub created_ms: i64,
    /// Unix milliseconds when the ban lapses; `None` never.
    pub until_ms: Option<i64>,
}

impl BanRecord {
    /// Whether the ban holds at `now_ms`.
    pub fn active(&self, now_ms: i64) -> bool {
        self.until_ms.is_none_or(|until| now_ms < until)
    }
}

fn ban_key(kind: BanKind, value: &str) -> String {
    format!("{BLACKLIST_PREFIX}{}/{value}", kind.as_str())
}

/// Typed access to the security records, for every [`MetaStore`].
#[async_trait]
pub trait SecurityClient: MetaStore {
    /// Stores a user, replacing one of the same name.
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn user_put(&self, user: &UserRecord) -> Result<()> {
        put(self, format!("{USER_PREFIX}{}", user.username), user).await
    }

    /// A user by name.
    ///
    /// # Errors
    /// As [`MetaStore::get`], or [`crate::MetaError::Codec`] for a record that does not parse.
    async fn user_get(&self, username: &str) -> Result<Option<UserRecord>> {
        get(self, &format!("{USER_PREFIX}{username}")).await
    }

    /// Every user, by name.
    ///
    /// # Errors
    /// As [`SecurityClient::user_get`].
    async fn user_list(&self) -> Result<Vec<UserRecord>> {
        list(self, USER_PREFIX).await
    }

    /// Deletes a user; returns whether it existed.
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn user_delete(&self, username: &str) -> Result<bool> {
        delete(self, format!("{USER_PREFIX}{username}")).await
    }

    /// Stores an ACL rule, replacing one of the same name.
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn acl_put(&self, rule: &AclRecord) -> Result<()> {
        put(self, format!("{ACL_PREFIX}{}", rule.name), rule).await
    }

    /// An ACL rule by name.
    ///
    /// # Errors
    /// As [`SecurityClient::user_get`].
    async fn acl_get(&self, name: &str) -> Result<Option<AclRecord>> {
        get(self, &format!("{ACL_PREFIX}{name}")).await
    }

    /// Every ACL rule, by name.
    ///
    /// # Errors
    /// As [`SecurityClient::user_get`].
    async fn acl_list(&self) -> Result<Vec<AclRecord>> {
        list(self, ACL_PREFIX).await
    }

    /// Deletes an ACL rule; returns whether it existed.
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn acl_delete(&self, name: &str) -> Result<bool> {
        delete(self, format!("{ACL_PREFIX}{name}")).await
    }

    /// Stores a blacklist entry, replacing one for the same kind and value.
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn ban_put(&self, ban: &BanRecord) -> Result<()> {
        put(self, ban_key(ban.kind, &ban.value), ban).await
    }

    /// Every blacklist entry, by kind and value, lapsed ones included.
    ///
    /// # Errors
    /// As [`SecurityClient::user_get`].
    async fn ban_list(&self) -> Result<Vec<BanRecord>> {
        list(self, BLACKLIST_PREFIX).await
    }

    /// Deletes a blacklist entry; returns whether it existed.
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn ban_delete(&self, kind: BanKind, value: &str) -> Result<bool> {
        delete(self, ban_key(kind, value)).await
    }
}

impl<T: MetaStore + ?Sized> SecurityClient for T {}

async fn put<S: MetaStore + ?Sized, T: Serialize + Sync>(
    store: &S,
    key: String,
    record: &T,
) -> Result<()> {
    let value = serde_json::to_vec(record).map_err(codec)?;
    store
        .apply(METADATA_GROUP, Command::Set { key, value })
        .await
        .map(|_| ())
}

async fn get<S: MetaStore + ?Sized, T: serde::de::DeserializeOwned>(
    store: &S,
    key: &str,
) -> Result<Option<T>> {
    store
        .get(METADATA_GROUP, key, true)
        .await?
        .map(|v| serde_json::from_slice(&v).map_err(codec))
        .transpose()
}

async fn list<S: MetaStore + ?Sized, T: serde::de::DeserializeOwned>(
    store: &S,
    prefix: &str,
) -> Result<Vec<T>> {
    store
        .scan(METADATA_GROUP, prefix, true)
        .await?
        .into_iter()
        .map(|(_, v)| serde_json::from_slice(&v).map_err(codec))
        .collect()
}

async fn delete<S: MetaStore + ?Sized>(store: &S, key: String) -> Result<bool> {
    Ok(existed(
        store.apply(METADATA_GROUP, Command::Delete { key }).await?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MemoryMeta;

    #[tokio::test]
    async fn records_round_trip_through_the_store() {
        let meta = MemoryMeta::new(1, 1);
        let user = UserRecord {
            username: "plant".into(),
            password_hash: "h".into(),
            superuser: false,
            created_ms: 1,
        };
        meta.user_put(&user).await.expect("put");
        assert_eq!(meta.user_get("plant").await.expect("get"), Some(user));
        let rule = AclRecord {
            name: "own".into(),
            who: AclWho::Username("plant".into()),
            action: AclAction::Publish,
            topic: "plants/${username}/#".into(),
            allow: true,
        };
        meta.acl_put(&rule).await.expect("put");
        assert_eq!(meta.acl_list().await.expect("list"), vec![rule]);
        let ban = BanRecord {
            kind: BanKind::Ip,
            value: "10.0.0.7".into(),
            reason: "flood".into(),
            created_ms: 1,
            until_ms: Some(10),
        };
        meta.ban_put(&ban).await.expect("put");
        assert!(ban.active(9) && !ban.active(10));
        assert!(
            meta.ban_delete(BanKind::Ip, "10.0.0.7")
                .await
                .expect("delete")
        );
        assert!(
            !meta
                .ban_delete(BanKind::Ip, "10.0.0.7")
                .await
                .expect("delete")
        );
        assert!(meta.user_delete("plant").await.expect("delete"));
        assert!(meta.user_list().await.expect("list").is_empty());
    }
}
