//! Users and passwords (tokens and feed keys: `tokens`; single-sign-on users: `external`).
//!
//! Secrets are shown once and stored only as hashes: passwords as Argon2id (slow, salted: people choose
//! guessable passwords), tokens and feed keys as SHA-256 (they are 256 random bits; see `secret`). Every
//! change is an audit event in the same transaction. Checking a credential returns the user only when the
//! user is not disabled, and for a token when it is neither revoked nor expired.

use std::sync::OnceLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;

use super::{Catalog, audit, now, secret};
use crate::access::{Actor, Role};
use crate::error::{Error, Result};
use crate::model::Forvaltning;

/// A user account. Never carries a secret or a hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct User {
    pub id: String,
    /// The login name, unique; what the audit log records as the actor.
    pub name: String,
    pub display_name: String,
    pub role: Role,
    pub forvaltning: Option<Forvaltning>,
    pub unit: Option<String>,
    pub disabled: bool,
    /// Whether the user may log in with a password.
    pub has_password: bool,
    /// The OpenID provider of a single-sign-on user.
    pub external_issuer: Option<String>,
    pub external_subject: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// A user to create.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub name: String,
    /// Defaults to the name.
    pub display_name: Option<String>,
    pub role: Role,
    pub forvaltning: Option<Forvaltning>,
    pub unit: Option<String>,
}

/// A new API token: the secret is shown once and never stored.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    pub id: String,
    pub secret: String,
}

/// An API token as listed: never its secret.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct TokenInfo {
    pub id: String,
    pub user_name: String,
    pub name: String,
    pub created_at: String,
    pub expires_at: Option<String>,
    pub revoked_at: Option<String>,
}

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    id: String,
    name: String,
    display_name: String,
    role: String,
    forvaltning: Option<String>,
    unit: Option<String>,
    disabled: bool,
    password_hash: Option<String>,
    external_issuer: Option<String>,
    external_subject: Option<String>,
    created_at: String,
}

/// Selects a [`UserRow`] from `users u`.
pub(crate) const SELECT_USER: &str = "SELECT u.id, u.name, u.display_name, u.role, u.forvaltning, u.unit, \
     u.disabled, u.password_hash, u.external_issuer, u.external_subject, u.created_at FROM users u";

impl UserRow {
    pub(crate) fn into_user(self) -> Result<User> {
        Ok(User {
            id: self.id,
            name: self.name,
            display_name: self.display_name,
            role: self.role.parse()?,
            forvaltning: self.forvaltning.map(|f| f.parse()).transpose()?,
            unit: self.unit,
            disabled: self.disabled,
            has_password: self.password_hash.is_some(),
            external_issuer: self.external_issuer,
            external_subject: self.external_subject,
            created_at: DateTime::parse_from_rfc3339(&self.created_at)
                .map_err(|e| Error::invalid("created_at", e.to_string()))?
                .with_timezone(&Utc),
        })
    }
}

/// Login names: what the audit log and the command line show, so plain and unambiguous.
fn check_name(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && !name.starts_with("cli:")
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || "._@-".contains(c));
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(
            "name",
            format!(
                "{name:?}: 1–64 letters, digits, '.', '_', '@' or '-', not starting with \"cli:\""
            ),
        ))
    }
}

/// `enhed` and `digitaliseringskontor` act for their forvaltning; without one the policy gives them
/// nothing of their own.
pub(super) fn check_role(role: Role, forvaltning: Option<Forvaltning>) -> Result<()> {
    if matches!(role, Role::Enhed | Role::Digitaliseringskontor) && forvaltning.is_none() {
        return Err(Error::invalid(
            "forvaltning",
            format!("a user with role {} needs a forvaltning", role.as_str()),
        ));
    }
    Ok(())
}

pub const MIN_PASSWORD_CHARS: usize = 10;

fn hash_password(password: &str) -> Result<String> {
    let salt = SaltString::encode_b64(&secret::random_bytes::<16>()?)
        .map_err(|e| Error::invalid("password", e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::invalid("password", e.to_string()))
}

/// A hash to verify against when there is no user, so that an unknown name costs as much time as a
/// wrong password (no user enumeration by timing).
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_password("no such user, no such password").expect("argon2 hashes"))
}

fn password_matches(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// Argon2 takes tens of milliseconds of CPU on purpose: off the async threads.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| Error::Io(std::io::Error::other(e)))
}

impl Catalog {
    /// Creates a user (audited as `user.add` by `actor`).
    pub async fn add_user(&self, actor: &str, new: &NewUser) -> Result<User> {
        check_name(&new.name)?;
        check_role(new.role, new.forvaltning)?;
        self.insert_user(actor, new, None).await
    }

    pub(super) async fn insert_user(
        &self,
        actor: &str,
        new: &NewUser,
        external: Option<(&str, &str)>,
    ) -> Result<User> {
        let id = uuid::Uuid::now_v7().to_string();
        let at = now();
        let display = new.display_name.clone().unwrap_or_else(|| new.name.clone());
        let mut tx = self.write.begin().await?;
        let taken: Option<String> = sqlx::query_scalar("SELECT id FROM users WHERE name = ?")
            .bind(&new.name)
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Err(Error::Conflict(format!(
                "a user named {:?} exists",
                new.name
            )));
        }
        sqlx::query(
            "INSERT INTO users (id, name, display_name, role, forvaltning, unit, external_issuer, \
             external_subject, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&id)
        .bind(&new.name)
        .bind(&display)
        .bind(new.role.as_str())
        .bind(new.forvaltning.map(|f| f.as_str()))
        .bind(&new.unit)
        .bind(external.map(|e| e.0))
        .bind(external.map(|e| e.1))
        .bind(&at)
        .bind(&at)
        .execute(&mut *tx)
        .await?;
        let details = json!({"role": new.role.as_str(), "forvaltning": new.forvaltning.map(|f| f.as_str()),
            "unit": new.unit, "display_name": display, "issuer": external.map(|e| e.0)});
        audit::record(
            &mut tx,
            actor,
            "user.add",
            &format!("user/{}", new.name),
            &details,
        )
        .await?;
        tx.commit().await?;
        self.user(&new.name).await
    }

    /// One user by login name.
    pub async fn user(&self, name: &str) -> Result<User> {
        self.find_user(name)
            .await?
            .ok_or_else(|| Error::NotFound(format!("user {name}")))
    }

    /// One user by id.
    pub async fn user_by_id(&self, id: &str) -> Result<User> {
        let row: Option<UserRow> =
            sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT_USER} WHERE u.id = ?")))
                .bind(id)
                .fetch_optional(&self.read)
                .await?;
        row.map(UserRow::into_user)
            .transpose()?
            .ok_or_else(|| Error::NotFound(format!("user {id}")))
    }

    pub(super) async fn find_user(&self, name: &str) -> Result<Option<User>> {
        let row: Option<UserRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{SELECT_USER} WHERE u.name = ?"
        )))
        .bind(name)
        .fetch_optional(&self.read)
        .await?;
        row.map(UserRow::into_user).transpose()
    }

    /// Every user, by login name.
    pub async fn list_users(&self) -> Result<Vec<User>> {
        let rows: Vec<UserRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{SELECT_USER} ORDER BY u.name"
        )))
        .fetch_all(&self.read)
        .await?;
        rows.into_iter().map(UserRow::into_user).collect()
    }

    /// Disables a user: tokens, sessions, password and feed key stop working at once (sessions are
    /// deleted). Users are never deleted: the audit log names them.
    pub async fn disable_user(&self, actor: &str, name: &str) -> Result<User> {
        let user = self.user(name).await?;
        let mut tx = self.write.begin().await?;
        sqlx::query("UPDATE users SET disabled = 1, updated_at = ? WHERE id = ?")
            .bind(now())
            .bind(&user.id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE user_id = ?")
            .bind(&user.id)
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut tx,
            actor,
            "user.disable",
            &format!("user/{name}"),
            &json!({}),
        )
        .await?;
        tx.commit().await?;
        self.user(name).await
    }

    /// Sets (or replaces) a user's password for browser login.
    pub async fn set_password(&self, actor: &str, name: &str, password: &str) -> Result<()> {
        if password.chars().count() < MIN_PASSWORD_CHARS {
            return Err(Error::invalid(
                "password",
                format!("at least {MIN_PASSWORD_CHARS} characters"),
            ));
        }
        let user = self.user(name).await?;
        let password = password.to_owned();
        let hash = blocking(move || hash_password(&password)).await??;
        let mut tx = self.write.begin().await?;
        sqlx::query("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?")
            .bind(hash)
            .bind(now())
            .bind(&user.id)
            .execute(&mut *tx)
            .await?;
        audit::record(
            &mut tx,
            actor,
            "user.password",
            &format!("user/{name}"),
            &json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The user, if `password` is theirs and they are not disabled. An unknown name, a user without a
    /// password and a disabled user cost one Argon2 verification too.
    pub async fn verify_password(&self, name: &str, password: &str) -> Result<Option<User>> {
        let row: Option<UserRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{SELECT_USER} WHERE u.name = ?"
        )))
        .bind(name)
        .fetch_optional(&self.read)
        .await?;
        let hash = row.as_ref().and_then(|r| r.password_hash.clone());
        let password = password.to_owned();
        // The dummy is made (once) on the blocking thread too, never on the async one.
        let matches = blocking(move || {
            password_matches(hash.as_deref().unwrap_or_else(|| dummy_hash()), &password)
        })
        .await?;
        match row {
            Some(row) if matches && row.password_hash.is_some() && !row.disabled => {
                Ok(Some(row.into_user()?))
            }
            _ => Ok(None),
        }
    }
}

#[cfg(test)]
#[path = "tests/accounts.rs"]
mod tests;

/// The actor of a signed-in user. It lives here, beside [`User`], so that the policy module needs nothing of
/// the catalog.
impl From<&User> for Actor {
    fn from(user: &User) -> Actor {
        Actor {
            user_id: Some(user.id.clone()),
            name: user.name.clone(),
            role: user.role,
            forvaltning: user.forvaltning,
            unit: user.unit.clone(),
        }
    }
}
