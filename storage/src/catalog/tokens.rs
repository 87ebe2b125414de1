//! API tokens and calendar-feed keys: random secrets shown once, kept as SHA-256, looked up by that hash.
//!
//! A token belongs to a user, has a name and an id (what `user revoke` takes), may expire and can be
//! revoked; a revoked token stays listed. The feed key lets a calendar client (Outlook sends no bearer
//! token) read the user's deadline feed through a secret URL; it can be rotated or revoked, and since only
//! its hash is kept, an existing key cannot be shown again: the user makes a new one.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::json;

use super::{Catalog, IssuedToken, TokenInfo, User, audit, now, secret};
use crate::error::{Error, Result};

/// Prefixes of the secrets, so that a leaked one is recognised for what it is.
pub const TOKEN_PREFIX: &str = "kat_";
pub const FEED_KEY_PREFIX: &str = "kaf_";

impl Catalog {
    /// Issues an API token for user `name` (audited as `token.issue`). The secret is in the answer only.
    pub async fn issue_token(
        &self,
        actor: &str,
        name: &str,
        token_name: &str,
        expires: Option<DateTime<Utc>>,
    ) -> Result<IssuedToken> {
        if token_name.trim().is_empty() {
            return Err(Error::invalid("token name", "must not be empty"));
        }
        let user = self.user(name).await?;
        let id = format!("tok-{}", hex::encode(secret::random_bytes::<8>()?));
        let secret = secret::new_secret(TOKEN_PREFIX)?;
        let expires = expires.map(|t| t.to_rfc3339_opts(SecondsFormat::Millis, true));
        let mut tx = self.write.begin().await?;
        sqlx::query(
            "INSERT INTO api_tokens (id, user_id, name, secret_hash, created_at, expires_at) \
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(&id)
        .bind(&user.id)
        .bind(token_name)
        .bind(secret::hash(&secret))
        .bind(now())
        .bind(&expires)
        .execute(&mut *tx)
        .await?;
        let details = json!({"token_id": id, "name": token_name, "expires_at": expires});
        audit::record(
            &mut tx,
            actor,
            "token.issue",
            &format!("user/{name}"),
            &details,
        )
        .await?;
        tx.commit().await?;
        Ok(IssuedToken { id, secret })
    }

    /// A user's tokens (`None`: everyone's), newest first, without secrets.
    pub async fn list_tokens(&self, name: Option<&str>) -> Result<Vec<TokenInfo>> {
        Ok(sqlx::query_as(
            "SELECT t.id, u.name AS user_name, t.name, t.created_at, t.expires_at, t.revoked_at \
             FROM api_tokens t JOIN users u ON u.id = t.user_id \
             WHERE ?1 IS NULL OR u.name = ?1 ORDER BY t.created_at DESC, t.id",
        )
        .bind(name)
        .fetch_all(&self.read)
        .await?)
    }

    /// Revokes a token by its id (audited as `token.revoke`). Revoking twice is a no-op.
    pub async fn revoke_token(&self, actor: &str, token_id: &str) -> Result<()> {
        let mut tx = self.write.begin().await?;
        let owner: Option<String> = sqlx::query_scalar(
            "SELECT u.name FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = ?",
        )
        .bind(token_id)
        .fetch_optional(&mut *tx)
        .await?;
        let owner = owner.ok_or_else(|| Error::NotFound(format!("token {token_id}")))?;
        let changed =
            sqlx::query("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
                .bind(now())
                .bind(token_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if changed > 0 {
            let details = json!({"token_id": token_id});
            audit::record(
                &mut tx,
                actor,
                "token.revoke",
                &format!("user/{owner}"),
                &details,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The user a bearer token belongs to, if the token is known, not revoked, not expired, and its user
    /// not disabled.
    pub async fn authenticate_token(&self, secret: &str) -> Result<Option<User>> {
        if !secret.starts_with(TOKEN_PREFIX) {
            return Ok(None);
        }
        let presented = secret::hash(secret);
        let row: Option<(String, String)> = sqlx::query_as(
            "SELECT t.secret_hash, u.name FROM api_tokens t JOIN users u ON u.id = t.user_id \
             WHERE t.secret_hash = ? AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > ?) \
             AND u.disabled = 0",
        )
        .bind(&presented)
        .bind(now())
        .fetch_optional(&self.read)
        .await?;
        match row {
            Some((stored, name)) if secret::same(&stored, &presented) => {
                Ok(Some(self.user(&name).await?))
            }
            _ => Ok(None),
        }
    }

    /// Makes a new calendar-feed key for user `name`, replacing any earlier one (audited as
    /// `feed_key.rotate`). The key is in the answer only.
    pub async fn rotate_feed_key(&self, actor: &str, name: &str) -> Result<String> {
        let key = secret::new_secret(FEED_KEY_PREFIX)?;
        self.set_feed_key(actor, name, Some(secret::hash(&key)), "feed_key.rotate")
            .await?;
        Ok(key)
    }

    /// Revokes user `name`'s calendar-feed key (audited as `feed_key.revoke`).
    pub async fn revoke_feed_key(&self, actor: &str, name: &str) -> Result<()> {
        self.set_feed_key(actor, name, None, "feed_key.revoke")
            .await
    }

    async fn set_feed_key(
        &self,
        actor: &str,
        name: &str,
        hash: Option<String>,
        action: &str,
    ) -> Result<()> {
        let user = self.user(name).await?;
        let mut tx = self.write.begin().await?;
        sqlx::query("UPDATE users SET feed_key_hash = ?, updated_at = ? WHERE id = ?")
            .bind(hash)
            .bind(now())
            .bind(&user.id)
            .execute(&mut *tx)
            .await?;
        audit::record(&mut tx, actor, action, &format!("user/{name}"), &json!({})).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Whether user `name` has a calendar-feed key.
    pub async fn has_feed_key(&self, name: &str) -> Result<bool> {
        let has: Option<bool> =
            sqlx::query_scalar("SELECT feed_key_hash IS NOT NULL FROM users WHERE name = ?")
                .bind(name)
                .fetch_optional(&self.read)
                .await?;
        has.ok_or_else(|| Error::NotFound(format!("user {name}")))
    }

    /// The (not disabled) user whose calendar-feed key this is.
    pub async fn user_by_feed_key(&self, key: &str) -> Result<Option<User>> {
        if !key.starts_with(FEED_KEY_PREFIX) {
            return Ok(None);
        }
        let presented = secret::hash(key);
        let row: Option<(String, String)> = sqlx::query_as(
            "SELECT feed_key_hash, name FROM users WHERE feed_key_hash = ? AND disabled = 0",
        )
        .bind(&presented)
        .fetch_optional(&self.read)
        .await?;
        match row {
            Some((stored, name)) if secret::same(&stored, &presented) => {
                Ok(Some(self.user(&name).await?))
            }
            _ => Ok(None),
        }
    }
}
