//! The background indexer: the one owner of the index writer.
//!
//! It replays the catalog's ordered job log: for each batch it extracts text (in sandboxed children, as many
//! at once as there are cores), adds the documents to the index, commits once with the last job id as
//! payload, and only then records each document's status in the catalog. After a crash it resumes from the
//! older of the index's payload and the catalog's last finished job, so nothing acknowledged is skipped;
//! replaying a job is harmless because an upsert replaces the document's entries.

use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use index::extract::{ExtractStatus, Extraction};
use index::{DocFields, SearchIndex, Writer};
use storage::catalog::{IndexJob, JobAction, JobOutcome, StoredExtraction};
use storage::model::{DocStatus, Document, PageText};
use storage::{BlobStore, Catalog};
use tokio::sync::Notify;

use crate::sandbox::{self, SandboxLimits};

/// Jobs taken per index commit: large enough to amortise a commit, small enough to keep latency low.
const BATCH: u32 = 64;

/// Wakes the indexer when new jobs are written.
#[derive(Clone, Default)]
pub struct Handle {
    notify: Arc<Notify>,
}

impl Handle {
    pub fn notify(&self) {
        self.notify.notify_one();
    }
}

/// What the indexer needs from the rest of the service.
#[derive(Clone)]
pub struct Indexer {
    pub catalog: Catalog,
    pub blobs: BlobStore,
    pub index: SearchIndex,
    pub limits: SandboxLimits,
}

impl Indexer {
    /// Starts the background task; it runs for the life of the process.
    pub fn spawn(self) -> anyhow::Result<Handle> {
        let handle = Handle::default();
        let mut writer = self.index.writer()?;
        let notify = handle.notify.clone();
        tokio::spawn(async move {
            let mut after = None;
            loop {
                match self.step(&mut writer, &mut after).await {
                    Ok(true) => {}
                    Ok(false) => {
                        // Idle: wait for an upload, with a periodic look in case a notify was missed.
                        let _ =
                            tokio::time::timeout(Duration::from_secs(5), notify.notified()).await;
                    }
                    Err(e) => {
                        tracing::error!(error = %e, "indexing batch failed; retrying");
                        after = None;
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                }
            }
        });
        Ok(handle)
    }

    /// Processes every job there is, then returns (for `reindex` and `import`).
    pub async fn drain(&self, writer: &mut Writer) -> anyhow::Result<()> {
        let mut after = None;
        while self.step(writer, &mut after).await? {}
        Ok(())
    }

    /// Indexes one batch; `Ok(false)` when there was nothing to do.
    async fn step(&self, writer: &mut Writer, after: &mut Option<i64>) -> anyhow::Result<bool> {
        let start = match *after {
            Some(id) => id,
            None => self.resume_point().await?,
        };
        let jobs = self.catalog.jobs_after(start, BATCH).await?;
        let Some(last_id) = jobs.last().map(|j| j.id) else {
            *after = Some(start);
            return Ok(false);
        };
        let parallel = std::thread::available_parallelism().map_or(2, |n| n.get());
        let prepared: Vec<Prepared> = futures::stream::iter(dedup(jobs))
            .map(|job| self.prepare(job))
            .buffered(parallel)
            .collect::<Vec<_>>()
            .await
            .into_iter()
            .collect::<anyhow::Result<_>>()?;
        let outcomes = prepared
            .iter()
            .filter_map(|p| p.outcome.clone())
            .collect::<Vec<_>>();
        write_batch(writer, prepared, last_id).await?;
        self.catalog.finish_batch(last_id, &outcomes).await?;
        tracing::debug!(last_id, documents = outcomes.len(), "indexed batch");
        *after = Some(last_id);
        Ok(true)
    }

    async fn resume_point(&self) -> anyhow::Result<i64> {
        let index_has = self.index.last_job_id()?.unwrap_or(0);
        let catalog_done = self.catalog.resume_point().await?;
        Ok(index_has.min(catalog_done))
    }

    /// Loads a job's document and text; extraction happens here, outside the writer.
    async fn prepare(&self, job: IndexJob) -> anyhow::Result<Prepared> {
        let document = match self.catalog.get_document(&job.document_id).await {
            Ok(d) if job.action == JobAction::Index => d,
            Ok(_) | Err(storage::Error::NotFound(_)) => {
                return Ok(Prepared {
                    id: job.document_id.to_string(),
                    entry: None,
                    outcome: None,
                });
            }
            Err(e) => return Err(e.into()),
        };
        let extraction = self.extraction(&document).await?;
        let pages: Vec<String> = extraction.pages.iter().map(|p| p.text.clone()).collect();
        let outcome = JobOutcome::from_extraction(document.id.clone(), &extraction);
        Ok(Prepared {
            id: document.id.to_string(),
            entry: Some((doc_fields(&document), pages)),
            outcome: Some(outcome),
        })
    }

    /// The stored extraction of the document's blob, or a fresh one from the sandbox (then stored).
    async fn extraction(&self, document: &Document) -> anyhow::Result<StoredExtraction> {
        match self.catalog.extraction(&document.sha256).await {
            Ok(Some(stored)) => return Ok(stored),
            Ok(None) => {}
            // A stored record that no longer reads is only a cache: extract again and overwrite it.
            Err(e @ storage::Error::Decode(_)) => {
                tracing::warn!(error = %e, sha256 = %document.sha256, "stored extraction unreadable; extracting again");
            }
            Err(e) => return Err(e.into()),
        }
        let extraction = match self.blobs.fetch_verified(&document.sha256).await {
            Ok(file) => sandbox::extract(&file, &self.limits).await,
            Err(e @ storage::Error::Corrupt { .. }) => sandbox::failed(e.to_string()),
            Err(e @ storage::Error::NotFound(_)) => sandbox::failed(e.to_string()),
            Err(e) => return Err(e.into()),
        };
        let record = record(extraction);
        self.catalog
            .store_extraction(&document.sha256, &record)
            .await?;
        Ok(record)
    }
}

struct Prepared {
    id: String,
    entry: Option<(DocFields, Vec<String>)>,
    outcome: Option<JobOutcome>,
}

/// A batch may name one document several times; its latest state is indexed once.
fn dedup(jobs: Vec<IndexJob>) -> Vec<IndexJob> {
    let mut seen = std::collections::HashSet::new();
    let mut out: Vec<IndexJob> = jobs
        .into_iter()
        .rev()
        .filter(|j| seen.insert(j.document_id.clone()))
        .collect();
    out.reverse();
    out
}

async fn write_batch(
    writer: &mut Writer,
    prepared: Vec<Prepared>,
    last_id: i64,
) -> anyhow::Result<()> {
    // The writer is synchronous and CPU-bound; keep it off the async workers.
    tokio::task::block_in_place(|| {
        for p in prepared {
            match p.entry {
                Some((fields, pages)) => writer.upsert(&fields, &pages)?,
                None => writer.delete(&p.id)?,
            }
        }
        writer.commit(last_id)?;
        Ok(())
    })
}

/// The extractor's result as the catalog keeps it: the status a document gets, and why.
fn record(extraction: Extraction) -> StoredExtraction {
    let reason = |default: &str| Some(extraction.reason.clone().unwrap_or_else(|| default.into()));
    let (status, message) = match extraction.status {
        ExtractStatus::Ok => (DocStatus::Indexed, None),
        ExtractStatus::Partial => (DocStatus::Indexed, extraction.reason.clone()),
        ExtractStatus::NoText => (
            DocStatus::NoText,
            reason("the PDF has no text layer (a scan?)"),
        ),
        ExtractStatus::Encrypted => (
            DocStatus::Failed,
            reason("the PDF is encrypted with a password"),
        ),
        ExtractStatus::Failed => (DocStatus::Failed, reason("the PDF could not be read")),
    };
    let pages = extraction
        .pages
        .into_iter()
        .enumerate()
        .map(|(i, p)| PageText {
            page: i as u32 + 1,
            text: p.text,
            chars: p.chars,
            image_only: p.image_only,
        })
        .collect();
    StoredExtraction {
        status,
        message,
        pages,
    }
}

/// The document's fields as the index copies them onto every entry.
pub fn doc_fields(d: &Document) -> DocFields {
    DocFields {
        id: d.id.to_string(),
        title: d.title.clone(),
        kind: d.kind.as_str().to_string(),
        forvaltning: d.forvaltning.as_str().to_string(),
        // The supplier's identity: its CVR, or `<country>-<id>` for a foreign one (the `supplier` filter).
        supplier_cvr: d
            .supplier
            .as_ref()
            .map(|s| s.key())
            .filter(|k| !k.is_empty()),
        supplier_name: d.supplier.as_ref().map(|s| s.name.clone()),
        system_ids: d.system_ids.clone(),
        date: Some(d.signed_on.unwrap_or_else(|| d.uploaded_at.date_naive())),
        confidential: d.confidential,
    }
}
