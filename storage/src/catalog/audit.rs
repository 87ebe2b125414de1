//! The audit log: who did what, when. (A plain log; the hash chain is a later change.)

use serde::Serialize;
use sqlx::{Sqlite, Transaction};

use super::{Catalog, now};
use crate::error::Result;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AuditEvent {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub object: String,
    pub details: String,
}

/// Appends an event inside the caller's transaction, so the event and the change commit together.
pub(crate) async fn record(
    tx: &mut Transaction<'_, Sqlite>,
    actor: &str,
    action: &str,
    object: &str,
    details: &serde_json::Value,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO audit_events (at, actor, action, object, details) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(now())
    .bind(actor)
    .bind(action)
    .bind(object)
    .bind(details.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Catalog {
    /// Records a read (e.g. a download) that changes nothing else.
    pub async fn audit(
        &self,
        actor: &str,
        action: &str,
        object: &str,
        details: serde_json::Value,
    ) -> Result<()> {
        let mut tx = self.write.begin().await?;
        record(&mut tx, actor, action, object, &details).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The audit events about one object, oldest first.
    pub async fn audit_events(&self, object: &str) -> Result<Vec<AuditEvent>> {
        Ok(
            sqlx::query_as("SELECT * FROM audit_events WHERE object = ? ORDER BY seq")
                .bind(object)
                .fetch_all(&self.read)
                .await?,
        )
    }
}
