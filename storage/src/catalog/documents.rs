//! Document rows: insert with dedup, read back, and the links to systems.

use serde_json::json;

use super::{Catalog, audit, now};
use crate::error::{Error, Result, decode, decode_time};
use crate::ids::{DocumentId, Sha256};
use crate::model::{Details, Document, FileFacts, NewDocument, Supplier};

#[cfg(test)]
#[path = "tests/documents.rs"]
mod tests;

#[cfg(test)]
#[path = "tests/support.rs"]
pub(super) mod test_support;

pub(super) type SqliteQuery<'q> =
    sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments>;

/// The metadata columns that an upload and a correction both write, in the order `bind_metadata` binds them.
pub(super) const METADATA_COLUMNS: &[&str] = &[
    "kind",
    "title",
    "forvaltning",
    "unit",
    "supplier_cvr",
    "supplier_name",
    "supplier_key",
    "confidential",
    "signed_on",
    "details_json",
    "updated_at",
];

/// Binds `METADATA_COLUMNS`: one list for insert and update, so the two cannot drift apart.
pub(super) fn bind_metadata<'q>(
    query: SqliteQuery<'q>,
    new: &NewDocument,
    supplier_key: Option<String>,
    at: &str,
) -> Result<SqliteQuery<'q>> {
    let supplier = new.supplier.as_ref();
    Ok(query
        .bind(new.kind.as_str())
        .bind(new.title.trim().to_string())
        .bind(new.forvaltning.as_str())
        .bind(new.unit.clone())
        .bind(
            supplier
                .and_then(|s| s.cvr.as_ref())
                .map(|c| c.as_str().to_string()),
        )
        .bind(supplier.map(|s| s.name.trim().to_string()))
        .bind(supplier_key)
        .bind(new.confidential)
        .bind(new.signed_on)
        .bind(serde_json::to_string(&new.details())?)
        .bind(at.to_string()))
}

/// The outcome of storing an upload.
#[derive(Debug)]
pub enum Inserted {
    /// A new document row (and its indexing job) was written.
    Created(Document),
    /// The same bytes were already stored by this forvaltning as this kind.
    Existing(Document),
}

#[derive(sqlx::FromRow)]
pub(super) struct DocRow {
    id: String,
    kind: String,
    title: String,
    forvaltning: String,
    unit: Option<String>,
    supplier_cvr: Option<String>,
    supplier_name: Option<String>,
    sha256: String,
    file_name: Option<String>,
    media_type: String,
    bytes: i64,
    pages: Option<i64>,
    status: String,
    status_message: Option<String>,
    confidential: bool,
    signed_on: Option<chrono::NaiveDate>,
    details_json: String,
    uploaded_by: String,
    uploaded_at: String,
    system_ids: Option<String>,
    sp_name: Option<String>,
    sp_country: Option<String>,
    sp_national_id: Option<String>,
}

/// Documents with their links and their supplier's current name (the register's, not the upload's).
pub(super) const SELECT_DOCUMENT: &str = "SELECT d.*, (SELECT group_concat(system_id, char(31)) FROM document_systems s \
     WHERE s.document_id = d.id) AS system_ids, sp.name AS sp_name, sp.country AS sp_country, \
     sp.national_id AS sp_national_id FROM documents d LEFT JOIN suppliers sp ON sp.key = d.supplier_key";

impl DocRow {
    pub(super) fn into_document(self) -> Result<Document> {
        let supplier = match (self.sp_name, self.sp_country, self.sp_national_id) {
            (Some(name), Some(country), Some(id)) if country == "DK" => Some(Supplier {
                cvr: Some(decode("suppliers.national_id", &id)?),
                country: None,
                id: None,
                name,
            }),
            (Some(name), Some(country), Some(id)) => Some(Supplier {
                cvr: None,
                country: Some(country),
                id: Some(id),
                name,
            }),
            // Rows from before the supplier register.
            _ => match (self.supplier_name, self.supplier_cvr) {
                (Some(name), cvr) => Some(Supplier {
                    cvr: cvr.and_then(|c| c.parse().ok()),
                    country: None,
                    id: None,
                    name,
                }),
                (None, _) => None,
            },
        };
        let mut system_ids: Vec<String> = self
            .system_ids
            .map(|s| s.split('\u{1f}').map(str::to_string).collect())
            .unwrap_or_default();
        system_ids.sort();
        Ok(Document {
            id: decode("documents.id", &self.id)?,
            kind: decode("documents.kind", &self.kind)?,
            title: self.title,
            forvaltning: decode("documents.forvaltning", &self.forvaltning)?,
            unit: self.unit,
            supplier,
            signed_on: self.signed_on,
            confidential: self.confidential,
            system_ids,
            details: serde_json::from_str(&self.details_json).unwrap_or_else(|e| {
                // Written before metadata was typed: keep the document readable.
                tracing::warn!(id = %self.id, error = %e, "unreadable document details");
                Details::default()
            }),
            sha256: decode("documents.sha256", &self.sha256)?,
            file_name: self.file_name,
            media_type: self.media_type,
            bytes: self.bytes as u64,
            pages: self.pages.map(|p| p as u32),
            status: decode("documents.status", &self.status)?,
            status_message: self.status_message,
            uploaded_by: self.uploaded_by,
            uploaded_at: decode_time("documents.uploaded_at", &self.uploaded_at)?,
            contract_state: None,
            documentation_state: None,
        })
    }
}

impl Catalog {
    /// Stores an upload's catalog rows in one transaction: blob, document, system links, indexing job and audit
    /// event. The blob itself must already be in the blob store.
    pub async fn insert_document(
        &self,
        new: &NewDocument,
        file: &FileFacts,
        actor: &str,
    ) -> Result<Inserted> {
        if let Some(existing) = self.find_duplicate(&file.sha256, new).await? {
            return Ok(Inserted::Existing(existing));
        }
        let id = DocumentId::generate();
        let at = now();
        let mut tx = self.write.begin().await?;
        let new = &super::checks::check_references(&mut tx, new, None).await?;
        let supplier_key = super::suppliers::upsert(&mut tx, new.supplier.as_ref()).await?;
        sqlx::query("INSERT OR IGNORE INTO blobs (sha256, bytes, media_type, created_at) VALUES (?, ?, ?, ?)")
            .bind(file.sha256.to_hex())
            .bind(file.bytes as i64)
            .bind(&file.media_type)
            .bind(&at)
            .execute(&mut *tx)
            .await?;
        let insert = format!(
            "INSERT INTO documents (id, sha256, file_name, media_type, bytes, uploaded_by, uploaded_at, {}) \
             VALUES (?, ?, ?, ?, ?, ?, ?{}) ON CONFLICT (sha256, forvaltning, kind) DO NOTHING",
            METADATA_COLUMNS.join(", "),
            ", ?".repeat(METADATA_COLUMNS.len())
        );
        let query = sqlx::query(sqlx::AssertSqlSafe(insert))
            .bind(id.as_str())
            .bind(file.sha256.to_hex())
            .bind(&file.file_name)
            .bind(&file.media_type)
            .bind(file.bytes as i64)
            .bind(actor)
            .bind(&at);
        let inserted = bind_metadata(query, new, supplier_key, &at)?
            .execute(&mut *tx)
            .await?;
        if inserted.rows_affected() == 0 {
            // Lost a race with an identical upload: answer with the one that won.
            tx.rollback().await?;
            let existing = self.find_duplicate(&file.sha256, new).await?;
            return existing
                .map(Inserted::Existing)
                .ok_or_else(|| Error::Conflict("duplicate upload".into()));
        }
        for system in &new.system_ids {
            sqlx::query(
                "INSERT OR IGNORE INTO document_systems (document_id, system_id) VALUES (?, ?)",
            )
            .bind(id.as_str())
            .bind(system)
            .execute(&mut *tx)
            .await?;
        }
        super::jobs::enqueue(&mut tx, &id, super::JobAction::Index).await?;
        let details = json!({"sha256": file.sha256.to_hex(), "bytes": file.bytes, "kind": new.kind.as_str(),
            "forvaltning": new.forvaltning.as_str(), "title": new.title, "file_name": file.file_name});
        audit::record(
            &mut tx,
            actor,
            "document.upload",
            &format!("document/{id}"),
            &details,
        )
        .await?;
        tx.commit().await?;
        Ok(Inserted::Created(self.get_document(&id).await?))
    }

    async fn find_duplicate(&self, sha: &Sha256, new: &NewDocument) -> Result<Option<Document>> {
        let row: Option<DocRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{SELECT_DOCUMENT} WHERE d.sha256 = ? AND d.forvaltning = ? AND d.kind = ?"
        )))
        .bind(sha.to_hex())
        .bind(new.forvaltning.as_str())
        .bind(new.kind.as_str())
        .fetch_optional(&self.read)
        .await?;
        row.map(DocRow::into_document).transpose()
    }

    /// A document as stored (without the derived states: see `views`).
    pub async fn get_document(&self, id: &DocumentId) -> Result<Document> {
        let row: Option<DocRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "{SELECT_DOCUMENT} WHERE d.id = ?"
        )))
        .bind(id.as_str())
        .fetch_optional(&self.read)
        .await?;
        row.ok_or_else(|| Error::NotFound(format!("document {id}")))?
            .into_document()
    }

    /// Every document id, oldest first (for `reindex`).
    pub async fn document_ids(&self) -> Result<Vec<DocumentId>> {
        let ids: Vec<(String,)> = sqlx::query_as("SELECT id FROM documents ORDER BY id")
            .fetch_all(&self.read)
            .await?;
        ids.into_iter()
            .map(|(id,)| decode("documents.id", &id))
            .collect()
    }

    /// Every blob the catalog names (for `verify`).
    pub async fn blob_hashes(&self) -> Result<Vec<Sha256>> {
        let rows: Vec<(String,)> = sqlx::query_as("SELECT sha256 FROM blobs ORDER BY sha256")
            .fetch_all(&self.read)
            .await?;
        rows.into_iter()
            .map(|(s,)| decode("blobs.sha256", &s))
            .collect()
    }
}
