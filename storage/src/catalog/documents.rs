//! Document rows: insert with dedup, read back, and the links to systems.

use serde_json::json;

use super::{Catalog, audit, now};
use crate::error::{Error, Result};
use crate::ids::{DocumentId, Sha256};
use crate::model::{Details, Document, FileFacts, NewDocument, Supplier};

/// The outcome of storing an upload.
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
                cvr: Some(id.parse()?),
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
            id: self.id.parse()?,
            kind: self.kind.parse()?,
            title: self.title,
            forvaltning: self.forvaltning.parse()?,
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
            sha256: self.sha256.parse()?,
            file_name: self.file_name,
            media_type: self.media_type,
            bytes: self.bytes as u64,
            pages: self.pages.map(|p| p as u32),
            status: self.status.parse()?,
            status_message: self.status_message,
            uploaded_by: self.uploaded_by,
            uploaded_at: chrono::DateTime::parse_from_rfc3339(&self.uploaded_at)
                .map(|t| t.with_timezone(&chrono::Utc))
                .map_err(|e| Error::invalid("uploaded_at", e.to_string()))?,
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
        let inserted = sqlx::query(
            "INSERT INTO documents (id, kind, title, forvaltning, unit, supplier_cvr, supplier_name, sha256, \
             file_name, media_type, bytes, confidential, signed_on, details_json, uploaded_by, uploaded_at, updated_at, \
             supplier_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT (sha256, forvaltning, kind) DO NOTHING",
        )
        .bind(id.as_str())
        .bind(new.kind.as_str())
        .bind(new.title.trim())
        .bind(new.forvaltning.as_str())
        .bind(&new.unit)
        .bind(new.supplier.as_ref().and_then(|s| s.cvr.as_ref()).map(|c| c.as_str().to_string()))
        .bind(new.supplier.as_ref().map(|s| s.name.trim().to_string()))
        .bind(file.sha256.to_hex())
        .bind(&file.file_name)
        .bind(&file.media_type)
        .bind(file.bytes as i64)
        .bind(new.confidential)
        .bind(new.signed_on)
        .bind(serde_json::to_string(&new.details())?)
        .bind(actor)
        .bind(&at)
        .bind(&at)
        .bind(supplier_key)
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
        ids.into_iter().map(|(id,)| id.parse()).collect()
    }

    /// Every blob the catalog names (for `verify`).
    pub async fn blob_hashes(&self) -> Result<Vec<Sha256>> {
        let rows: Vec<(String,)> = sqlx::query_as("SELECT sha256 FROM blobs ORDER BY sha256")
            .fetch_all(&self.read)
            .await?;
        rows.into_iter().map(|(s,)| s.parse()).collect()
    }
}
