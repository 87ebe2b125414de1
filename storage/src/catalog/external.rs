//! Users of single sign-on (OpenID Connect): made at their first login from the provider's claims
//! (after the service's claim-to-role mapping), and kept in step with those claims at every later login.
//! They are found by issuer and subject, never by name: a name is only a wish, made unique here.

use serde_json::json;

use super::accounts::check_role;
use super::{Catalog, NewUser, User, audit, now};
use crate::access::Role;
use crate::error::Result;
use crate::model::Forvaltning;

/// What a single-sign-on login says about its user, after the claim-to-role mapping.
#[derive(Debug, Clone)]
pub struct ExternalLogin {
    pub issuer: String,
    pub subject: String,
    /// The wished-for login name (e.g. `preferred_username`); made unique with a suffix if taken.
    pub name: String,
    pub display_name: String,
    pub role: Role,
    pub forvaltning: Option<Forvaltning>,
    pub unit: Option<String>,
}

impl Catalog {
    /// The user of a single-sign-on login, created at the first login. The provider's claims are the
    /// truth about role, forvaltning and unit, so a later login updates them (audited when they change).
    pub async fn upsert_external_user(&self, login: &ExternalLogin) -> Result<User> {
        check_role(login.role, login.forvaltning)?;
        let found: Option<String> = sqlx::query_scalar(
            "SELECT name FROM users WHERE external_issuer = ? AND external_subject = ?",
        )
        .bind(&login.issuer)
        .bind(&login.subject)
        .fetch_optional(&self.read)
        .await?;
        let Some(name) = found else {
            let name = self.free_name(&login.name).await?;
            let new = NewUser {
                name: name.clone(),
                display_name: Some(login.display_name.clone()),
                role: login.role,
                forvaltning: login.forvaltning,
                unit: login.unit.clone(),
            };
            let actor = format!("oidc:{}", login.issuer);
            return self
                .insert_user(&actor, &new, Some((&login.issuer, &login.subject)))
                .await;
        };
        let user = self.user(&name).await?;
        if (user.role, user.forvaltning, &user.unit, &user.display_name)
            != (
                login.role,
                login.forvaltning,
                &login.unit,
                &login.display_name,
            )
        {
            let mut tx = self.write.begin().await?;
            sqlx::query(
                "UPDATE users SET role = ?, forvaltning = ?, unit = ?, display_name = ?, updated_at = ? \
                 WHERE id = ?",
            )
            .bind(login.role.as_str())
            .bind(login.forvaltning.map(|f| f.as_str()))
            .bind(&login.unit)
            .bind(&login.display_name)
            .bind(now())
            .bind(&user.id)
            .execute(&mut *tx)
            .await?;
            let details = json!({
                "role": [user.role.as_str(), login.role.as_str()],
                "forvaltning": [user.forvaltning.map(|f| f.as_str()), login.forvaltning.map(|f| f.as_str())],
                "unit": [&user.unit, &login.unit],
            });
            let actor = format!("oidc:{}", login.issuer);
            audit::record(
                &mut tx,
                &actor,
                "user.update",
                &format!("user/{name}"),
                &details,
            )
            .await?;
            tx.commit().await?;
        }
        self.user(&name).await
    }

    /// `wish` cleaned to a valid login name, with `-2`, `-3`, … when taken.
    async fn free_name(&self, wish: &str) -> Result<String> {
        let base: String = wish
            .chars()
            .filter(|c| c.is_alphanumeric() || "._@-".contains(*c))
            .take(56)
            .collect();
        let base = if base.is_empty() {
            "user".to_owned()
        } else {
            base
        };
        for n in 1.. {
            let name = if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            };
            if self.find_user(&name).await?.is_none() {
                return Ok(name);
            }
        }
        unreachable!("some suffix is free")
    }
}
