//! Corrections of a document's metadata and its links to systems. The stored file never changes; every
//! change is an audit event (with old and new values) and an indexing job, so search filters follow.

use serde_json::json;

use super::documents::{METADATA_COLUMNS, bind_metadata};
use super::{Catalog, JobAction, audit, checks, jobs, now, suppliers};
use crate::error::{Error, Result};
use crate::ids::DocumentId;
use crate::model::{Document, DocumentKind, NewDocument};

#[cfg(test)]
#[path = "tests/corrections.rs"]
mod tests;

impl Catalog {
    /// Replaces a document's metadata with `new` (already validated by `NewDocument::validate`).
    pub async fn correct_document(
        &self,
        id: &DocumentId,
        new: &NewDocument,
        actor: &str,
    ) -> Result<Document> {
        let old = self.get_document(id).await?;
        let mut tx = self.write.begin().await?;
        let new = checks::check_references(&mut tx, new, Some(id)).await?;
        let changes = super::systems::diff(&json!(old.metadata()), &json!(new));
        if changes.is_empty() {
            return Ok(old);
        }
        if new.kind != old.kind {
            let (children,): (i64,) = sqlx::query_as(
                "SELECT count(*) FROM documents WHERE json_extract(details_json, '$.parent_id') = ?1 \
                 OR json_extract(details_json, '$.supersedes_id') = ?1",
            )
            .bind(id.as_str())
            .fetch_one(&mut *tx)
            .await?;
            if children > 0 && old.kind != DocumentKind::Appendix {
                return Err(Error::invalid(
                    "kind",
                    format!(
                        "{children} document(s) refer to this {}; it must stay one",
                        old.kind.as_str()
                    ),
                ));
            }
        }
        let supplier_key = suppliers::upsert(&mut tx, new.supplier.as_ref()).await?;
        let update = format!(
            "UPDATE documents SET {} WHERE id = ?",
            METADATA_COLUMNS
                .iter()
                .map(|c| format!("{c} = ?"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let result = bind_metadata(
            sqlx::query(sqlx::AssertSqlSafe(update)),
            &new,
            supplier_key,
            &now(),
        )?
        .bind(id.as_str())
        .execute(&mut *tx)
        .await;
        match result {
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                return Err(Error::Conflict(format!(
                    "{} already has the same file stored as a {}",
                    new.forvaltning.as_str(),
                    new.kind.as_str()
                )));
            }
            other => other?,
        };
        if new.system_ids != old.system_ids {
            sqlx::query("DELETE FROM document_systems WHERE document_id = ?")
                .bind(id.as_str())
                .execute(&mut *tx)
                .await?;
            for system in &new.system_ids {
                sqlx::query("INSERT INTO document_systems (document_id, system_id) VALUES (?, ?)")
                    .bind(id.as_str())
                    .bind(system)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        jobs::enqueue(&mut tx, id, JobAction::Index).await?;
        audit::record(
            &mut tx,
            actor,
            "document.correct",
            &format!("document/{id}"),
            &json!({"changes": changes}),
        )
        .await?;
        tx.commit().await?;
        self.get_document(id).await
    }

    /// Links a document and a system; `false` when they were linked already.
    pub async fn link_system(&self, id: &DocumentId, system_id: &str, actor: &str) -> Result<bool> {
        self.get_document(id).await?;
        self.get_system(system_id).await?;
        let mut tx = self.write.begin().await?;
        let inserted = sqlx::query(
            "INSERT OR IGNORE INTO document_systems (document_id, system_id) VALUES (?, ?)",
        )
        .bind(id.as_str())
        .bind(system_id)
        .execute(&mut *tx)
        .await?;
        if inserted.rows_affected() == 0 {
            return Ok(false);
        }
        jobs::enqueue(&mut tx, id, JobAction::Index).await?;
        audit::record(
            &mut tx,
            actor,
            "document.link",
            &format!("document/{id}"),
            &json!({"system_id": system_id}),
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Unlinks a document and a system; `false` when they were not linked.
    pub async fn unlink_system(
        &self,
        id: &DocumentId,
        system_id: &str,
        actor: &str,
    ) -> Result<bool> {
        self.get_document(id).await?;
        let mut tx = self.write.begin().await?;
        let deleted =
            sqlx::query("DELETE FROM document_systems WHERE document_id = ? AND system_id = ?")
                .bind(id.as_str())
                .bind(system_id)
                .execute(&mut *tx)
                .await?;
        if deleted.rows_affected() == 0 {
            return Ok(false);
        }
        jobs::enqueue(&mut tx, id, JobAction::Index).await?;
        audit::record(
            &mut tx,
            actor,
            "document.unlink",
            &format!("document/{id}"),
            &json!({"system_id": system_id}),
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }
}
