//! Browser sessions, kept on the server: the cookie carries a random secret, the table only its SHA-256,
//! the user, a CSRF token for the session's forms, and when the session began and was last used.
//!
//! A session ends at logout, after `idle` without a request, after `absolute` whatever happens, and when
//! its user is disabled. Login always makes a new session (no fixation); the caller deletes the old one.

use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};

use super::{Catalog, User, now, secret};
use crate::error::Result;

pub const SESSION_PREFIX: &str = "kas_";

/// A new session: the secret goes into the cookie and is not stored; the CSRF token goes into forms.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub secret: String,
    pub csrf_token: String,
}

/// A live session's user.
#[derive(Debug, Clone)]
pub struct SessionUser {
    pub user: User,
    pub csrf_token: String,
    pub created_at: DateTime<Utc>,
}

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn ago(d: Duration) -> String {
    stamp(Utc::now() - chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX))
}

impl Catalog {
    /// Starts a session for the user with id `user_id`.
    pub async fn create_session(&self, user_id: &str) -> Result<NewSession> {
        let secret = secret::new_secret(SESSION_PREFIX)?;
        let csrf_token = hex::encode(secret::random_bytes::<32>()?);
        let at = now();
        sqlx::query(
            "INSERT INTO sessions (secret_hash, user_id, csrf_token, created_at, last_seen_at) \
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(secret::hash(&secret))
        .bind(user_id)
        .bind(&csrf_token)
        .bind(&at)
        .bind(&at)
        .execute(&self.write)
        .await?;
        Ok(NewSession { secret, csrf_token })
    }

    /// The session's user and CSRF token, if the session exists, has been used within `idle`, began
    /// within `absolute`, and its user is not disabled. An expired session is deleted. Marks the session
    /// as used, at most about once a minute (every request writing would queue on the one writer).
    pub async fn session_user(
        &self,
        secret: &str,
        idle: Duration,
        absolute: Duration,
    ) -> Result<Option<SessionUser>> {
        if !secret.starts_with(SESSION_PREFIX) {
            return Ok(None);
        }
        let presented = secret::hash(secret);
        let row: Option<(String, String, String, String, String)> = sqlx::query_as(
            "SELECT s.secret_hash, s.csrf_token, s.created_at, s.last_seen_at, u.name \
             FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.secret_hash = ? AND u.disabled = 0",
        )
        .bind(&presented)
        .fetch_optional(&self.read)
        .await?;
        let Some((stored, csrf_token, created_at, last_seen, name)) = row else {
            return Ok(None);
        };
        if !secret::same(&stored, &presented) {
            return Ok(None);
        }
        // Stored times are all in one RFC 3339 form, so text order is time order.
        if last_seen <= ago(idle) || created_at <= ago(absolute) {
            self.delete_session(secret).await?;
            return Ok(None);
        }
        let touch_every = idle.min(Duration::from_secs(240)) / 4;
        if last_seen <= ago(touch_every) {
            sqlx::query("UPDATE sessions SET last_seen_at = ? WHERE secret_hash = ?")
                .bind(now())
                .bind(&presented)
                .execute(&self.write)
                .await?;
        }
        let created_at = DateTime::parse_from_rfc3339(&created_at)
            .map_err(|e| crate::Error::invalid("created_at", e.to_string()))?
            .with_timezone(&Utc);
        Ok(Some(SessionUser {
            user: self.user(&name).await?,
            csrf_token,
            created_at,
        }))
    }

    /// Ends a session (logout). Unknown secrets are ignored.
    pub async fn delete_session(&self, secret: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE secret_hash = ?")
            .bind(secret::hash(secret))
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// Deletes every session past its idle or absolute expiry; returns how many (housekeeping).
    pub async fn delete_expired_sessions(&self, idle: Duration, absolute: Duration) -> Result<u64> {
        Ok(
            sqlx::query("DELETE FROM sessions WHERE last_seen_at <= ? OR created_at <= ?")
                .bind(ago(idle))
                .bind(ago(absolute))
                .execute(&self.write)
                .await?
                .rows_affected(),
        )
    }
}
