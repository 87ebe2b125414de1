//! The indexing job log and the stored extraction results.
//!
//! Jobs are never deleted: their ids order all changes, and the index remembers the last id it committed,
//! so after a crash the indexer replays exactly what the index has not seen.

use sqlx::{Sqlite, Transaction};

use super::{Catalog, now};
use crate::error::{Error, Result, decode, decode_json};
use crate::ids::{DocumentId, Sha256};
use crate::model::{DocStatus, Extraction, PageText};

#[cfg(test)]
#[path = "tests/jobs.rs"]
mod tests;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobAction {
    Index,
    Delete,
}

/// What indexing one document came to.
#[derive(Debug, Clone)]
pub struct JobOutcome {
    pub document_id: DocumentId,
    pub status: DocStatus,
    pub message: Option<String>,
    pub pages: Option<u32>,
}

#[derive(Debug, Clone)]
pub struct IndexJob {
    pub id: i64,
    pub document_id: DocumentId,
    pub action: JobAction,
}

impl JobOutcome {
    /// What a document comes to when its blob's extraction is `extraction`.
    pub fn from_extraction(document_id: DocumentId, extraction: &Extraction) -> Self {
        JobOutcome {
            document_id,
            status: extraction.status,
            message: extraction.message.clone(),
            pages: extraction.page_count(),
        }
    }
}

/// The former name of the extraction record, kept so `catalog::StoredExtraction` still names it.
pub type StoredExtraction = Extraction;

/// A stored status word. Records written before the typed record kept the extractor's own words; they map
/// as the indexer mapped them (`ok` and `partial` were indexed, `encrypted` failed).
fn stored_status(word: &str) -> Result<DocStatus> {
    match word {
        "ok" | "partial" => Ok(DocStatus::Indexed),
        "encrypted" => Ok(DocStatus::Failed),
        other => decode("extractions.status", other),
    }
}

/// A message for a record without one. Records written before the typed record kept only the extractor's
/// reason, which the indexer completed with these words when it marked the document; typed records store
/// the completed message, so this fills in only for old ones.
fn default_message(word: &str) -> Option<String> {
    let message = match word {
        "no_text" => "the PDF has no text layer (a scan?)",
        "encrypted" => "the PDF is encrypted with a password",
        "failed" => "the PDF could not be read",
        _ => return None,
    };
    Some(message.to_string())
}

pub(crate) async fn enqueue(
    tx: &mut Transaction<'_, Sqlite>,
    id: &DocumentId,
    action: JobAction,
) -> Result<()> {
    let action = match action {
        JobAction::Index => "index",
        JobAction::Delete => "delete",
    };
    sqlx::query("INSERT INTO index_jobs (document_id, action, created_at) VALUES (?, ?, ?)")
        .bind(id.as_str())
        .bind(action)
        .bind(now())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

impl Catalog {
    /// Jobs after `after_id`, in order, at most `limit`.
    pub async fn jobs_after(&self, after_id: i64, limit: u32) -> Result<Vec<IndexJob>> {
        let rows: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT id, document_id, action FROM index_jobs WHERE id > ? ORDER BY id LIMIT ?",
        )
        .bind(after_id)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.into_iter()
            .map(|(id, doc, action)| {
                let action = match action.as_str() {
                    "delete" => JobAction::Delete,
                    _ => JobAction::Index,
                };
                Ok(IndexJob {
                    id,
                    document_id: decode("index_jobs.document_id", &doc)?,
                    action,
                })
            })
            .collect()
    }

    /// The newest job id, or 0.
    pub async fn last_job_id(&self) -> Result<i64> {
        let (id,): (Option<i64>,) = sqlx::query_as("SELECT max(id) FROM index_jobs")
            .fetch_one(&self.read)
            .await?;
        Ok(id.unwrap_or(0))
    }

    /// The id before the oldest job not yet marked done: where the indexer resumes at the latest.
    pub async fn resume_point(&self) -> Result<i64> {
        let (id,): (Option<i64>,) =
            sqlx::query_as("SELECT min(id) - 1 FROM index_jobs WHERE done_at IS NULL")
                .fetch_one(&self.read)
                .await?;
        match id {
            Some(id) => Ok(id),
            None => self.last_job_id().await,
        }
    }

    /// Records a committed indexing batch in one transaction: each document's outcome, and every job up to
    /// and including `last_id` as done.
    pub async fn finish_batch(&self, last_id: i64, outcomes: &[JobOutcome]) -> Result<()> {
        let mut tx = self.write.begin().await?;
        for o in outcomes {
            sqlx::query(
                "UPDATE documents SET status = ?, status_message = ?, pages = ? WHERE id = ?",
            )
            .bind(o.status.as_str())
            .bind(&o.message)
            .bind(o.pages.map(i64::from))
            .bind(o.document_id.as_str())
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("UPDATE index_jobs SET done_at = ? WHERE id <= ? AND done_at IS NULL")
            .bind(now())
            .bind(last_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Marks every document pending again (before `reindex` rebuilds the index from scratch).
    pub async fn reset_statuses(&self) -> Result<()> {
        sqlx::query("UPDATE documents SET status = 'pending', status_message = NULL")
            .execute(&self.write)
            .await?;
        Ok(())
    }

    /// The stored extraction of a blob, pages numbered from 1; `None` when it was never extracted.
    pub async fn extraction(&self, sha: &Sha256) -> Result<Option<Extraction>> {
        let row: Option<(String, Option<String>, String)> =
            sqlx::query_as("SELECT status, message, pages_json FROM extractions WHERE sha256 = ?")
                .bind(sha.to_hex())
                .fetch_optional(&self.read)
                .await?;
        let Some((status, message, pages_json)) = row else {
            return Ok(None);
        };
        let pages: Vec<PageText> = decode_json("extractions.pages_json", &pages_json)?;
        let extraction = Extraction {
            status: stored_status(&status)?,
            message: message.or_else(|| default_message(&status)),
            pages,
        };
        Ok(Some(extraction.number_pages()))
    }

    /// Keeps a blob's extraction (replacing an earlier one), so re-indexing need not parse the PDF again.
    pub async fn store_extraction(&self, sha: &Sha256, extraction: &Extraction) -> Result<()> {
        sqlx::query(
            "INSERT INTO extractions (sha256, status, message, pages_json, extracted_at) VALUES (?, ?, ?, ?, ?) \
             ON CONFLICT (sha256) DO UPDATE SET status = excluded.status, message = excluded.message, \
             pages_json = excluded.pages_json, extracted_at = excluded.extracted_at",
        )
        .bind(sha.to_hex())
        .bind(extraction.status.as_str())
        .bind(&extraction.message)
        .bind(serde_json::to_string(&extraction.pages)?)
        .bind(now())
        .execute(&self.write)
        .await?;
        Ok(())
    }

    /// Forgets every stored extraction, so the next indexing parses the PDFs again (`reindex --extract`).
    pub async fn clear_extractions(&self) -> Result<()> {
        sqlx::query("DELETE FROM extractions")
            .execute(&self.write)
            .await
            .map_err(Error::from)?;
        Ok(())
    }
}
