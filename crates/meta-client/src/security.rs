//! [`SecurityClient`]: typed access to the security records of the `metadata` group (users, ACL
//! rules and blacklist entries), and beside them the topic rewrite rules. The admin API writes
//! them; every broker watches them and applies them on CONNECT, PUBLISH and SUBSCRIBE.

use async_trait::async_trait;
use serde::Serialize;

use crate::command::{Command, existed};
use crate::error::{MetaError, Result};
use crate::keys::{self, METADATA_GROUP};
use crate::records::{AclRecord, AutoSubscribeRule, BanKind, BanRecord, RewriteRule, UserRecord};
use crate::store::MetaStore;

/// Typed access to the security records, for every [`MetaStore`].
#[async_trait]
pub trait SecurityClient: MetaStore {
    /// Stores a user, replacing one of the same name.
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn user_put(&self, user: &UserRecord) -> Result<()> {
        put(self, keys::user(&user.username), user).await
    }

    /// A user by name.
    ///
    /// # Errors
    /// As [`MetaStore::get`], or [`MetaError::Codec`] for a record that does not parse.
    async fn user_get(&self, username: &str) -> Result<Option<UserRecord>> {
        get(self, &keys::user(username)).await
    }

    /// Every user, by name.
    ///
    /// # Errors
    /// As [`SecurityClient::user_get`].
    async fn user_list(&self) -> Result<Vec<UserRecord>> {
        list(self, keys::USER_PREFIX).await
    }

    /// Deletes a user; returns whether it existed.
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn user_delete(&self, username: &str) -> Result<bool> {
        delete(self, keys::user(username)).await
    }

    /// Stores an ACL rule, replacing one of the same name.
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn acl_put(&self, rule: &AclRecord) -> Result<()> {
        put(self, keys::acl(&rule.name), rule).await
    }

    /// An ACL rule by name.
    ///
    /// # Errors
    /// As [`SecurityClient::user_get`].
    async fn acl_get(&self, name: &str) -> Result<Option<AclRecord>> {
        get(self, &keys::acl(name)).await
    }

    /// Every ACL rule, by name.
    ///
    /// # Errors
    /// As [`SecurityClient::user_get`].
    async fn acl_list(&self) -> Result<Vec<AclRecord>> {
        list(self, keys::ACL_PREFIX).await
    }

    /// Deletes an ACL rule; returns whether it existed.
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn acl_delete(&self, name: &str) -> Result<bool> {
        delete(self, keys::acl(name)).await
    }

    /// Stores a blacklist entry, replacing one for the same kind and value.
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn ban_put(&self, ban: &BanRecord) -> Result<()> {
        put(self, keys::ban(ban.kind, &ban.value), ban).await
    }

    /// Every blacklist entry, by kind and value, lapsed ones included.
    ///
    /// # Errors
    /// As [`SecurityClient::user_get`].
    async fn ban_list(&self) -> Result<Vec<BanRecord>> {
        list(self, keys::BLACKLIST_PREFIX).await
    }

    /// Deletes a blacklist entry; returns whether it existed.
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn ban_delete(&self, kind: BanKind, value: &str) -> Result<bool> {
        delete(self, keys::ban(kind, value)).await
    }

    /// The topic rewrite rules, in order; none when none were ever set.
    ///
    /// # Errors
    /// As [`SecurityClient::user_get`].
    async fn rewrite_rules(&self) -> Result<Vec<RewriteRule>> {
        Ok(get(self, keys::REWRITE_RULES).await?.unwrap_or_default())
    }

    /// Replaces every topic rewrite rule with `rules`, in order, in one write.
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn rewrite_rules_set(&self, rules: &[RewriteRule]) -> Result<()> {
        put(self, keys::REWRITE_RULES.to_owned(), &rules).await
    }

    /// The auto-subscribe rules, in order; none when none were ever set.
    ///
    /// # Errors
    /// As [`SecurityClient::user_get`].
    async fn auto_subscribe_rules(&self) -> Result<Vec<AutoSubscribeRule>> {
        Ok(get(self, keys::AUTO_SUBSCRIBE_RULES)
            .await?
            .unwrap_or_default())
    }

    /// Replaces every auto-subscribe rule with `rules`, in order, in one write.
    ///
    /// # Errors
    /// As [`MetaStore::apply`].
    async fn auto_subscribe_rules_set(&self, rules: &[AutoSubscribeRule]) -> Result<()> {
        put(self, keys::AUTO_SUBSCRIBE_RULES.to_owned(), &rules).await
    }
}

impl<T: MetaStore + ?Sized> SecurityClient for T {}

async fn put<S: MetaStore + ?Sized, T: Serialize + Sync>(
    store: &S,
    key: String,
    record: &T,
) -> Result<()> {
    let value = serde_json::to_vec(record).map_err(MetaError::codec)?;
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
        .map(|v| serde_json::from_slice(&v).map_err(MetaError::codec))
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
        .map(|(_, v)| serde_json::from_slice(&v).map_err(MetaError::codec))
        .collect()
}

async fn delete<S: MetaStore + ?Sized>(store: &S, key: String) -> Result<bool> {
    Ok(existed(
        &store.apply(METADATA_GROUP, Command::Delete { key }).await?,
    ))
}
