//! The audit log: who did what, when, as a SHA-256 hash chain.
//!
//! Each event's hash covers its fields and the previous event's hash ([`event_hash`]), so editing,
//! deleting, inserting or reordering a stored event breaks the chain at that event (`audit_verify` walks
//! it). Appends happen inside the caller's transaction on the single writer connection, which serialises
//! them: reading the last hash and inserting the next event cannot interleave with another append.
//! Standalone events (reads, searches, logins) go through a queue to one writer task that commits all
//! that are waiting in one transaction ([`write_queued`]): one fsync for many concurrent requests.
//! No function here or anywhere else deletes or updates an event (the migration's triggers refuse it).

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::{Sqlite, SqlitePool, Transaction};
use tokio::sync::{mpsc, oneshot};

use super::audit_head::GENESIS;
use super::audit_queue::{AuditQueue, MAX_BATCH, Queued};
use super::{Catalog, now};
use crate::error::{Error, Result};
use crate::model::Forvaltning;

#[derive(Debug, Clone, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct AuditEvent {
    pub seq: i64,
    /// RFC 3339, UTC, milliseconds.
    pub at: String,
    pub actor: String,
    pub action: String,
    /// What the event is about: `document/<id>`, `system/<id>`, `supplier/<key>`, `user/<name>`, ….
    pub object: String,
    /// JSON object, as recorded.
    pub details: String,
    pub prev_hash: String,
    pub hash: String,
}

/// Columns of [`AuditEvent`]; a hash missing from a tampered row reads as the empty string.
pub(crate) const EVENT_COLUMNS: &str = "seq, at, actor, action, object, details, \
     COALESCE(prev_hash, '') AS prev_hash, COALESCE(hash, '') AS hash";

/// SHA-256 over a canonical encoding of an event: a version tag, the sequence number as 8 bytes big-endian,
/// then each text field as its byte length (8 bytes big-endian) and its UTF-8 bytes. Length prefixes make
/// the encoding unambiguous: no two different events encode to the same bytes.
pub fn event_hash(
    seq: i64,
    at: &str,
    actor: &str,
    action: &str,
    object: &str,
    details: &str,
    prev_hash: &str,
) -> String {
    let mut h = Sha256::new();
    h.update(b"kontraktarkiv audit v1\0");
    h.update(seq.to_be_bytes());
    for field in [at, actor, action, object, details, prev_hash] {
        h.update((field.len() as u64).to_be_bytes());
        h.update(field.as_bytes());
    }
    hex::encode(h.finalize())
}

impl AuditEvent {
    /// The hash this event's fields call for.
    pub fn expected_hash(&self) -> String {
        event_hash(
            self.seq,
            &self.at,
            &self.actor,
            &self.action,
            &self.object,
            &self.details,
            &self.prev_hash,
        )
    }
}

/// Appends an event inside the caller's transaction, so the event and the change commit together.
pub(crate) async fn record(
    tx: &mut Transaction<'_, Sqlite>,
    actor: &str,
    action: &str,
    object: &str,
    details: &serde_json::Value,
) -> Result<()> {
    let last: Option<(i64, Option<String>)> =
        sqlx::query_as("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1")
            .fetch_optional(&mut **tx)
            .await?;
    let (seq, prev) = match last {
        None => (1, GENESIS.to_owned()),
        // A row without a hash can only be tampering; chaining on regardless keeps the break visible.
        Some((seq, hash)) => (seq + 1, hash.unwrap_or_default()),
    };
    let at = now();
    let details = details.to_string();
    let hash = event_hash(seq, &at, actor, action, object, &details, &prev);
    sqlx::query(
        "INSERT INTO audit_events (seq, at, actor, action, object, details, prev_hash, hash) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(seq)
    .bind(at)
    .bind(actor)
    .bind(action)
    .bind(object)
    .bind(details)
    .bind(prev)
    .bind(hash)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Gives the events stored before the chain existed (migrations 0001–0002) their hashes, once: only while
/// no event has a hash yet. A log where some events have hashes and others not has been tampered with, and
/// re-chaining it would hide that; `verify_audit` reports it instead.
pub(crate) async fn backfill_chain(pool: &SqlitePool) -> Result<()> {
    let mut tx = pool.begin().await?;
    let chained: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_events WHERE hash IS NOT NULL")
            .fetch_one(&mut *tx)
            .await?;
    if chained > 0 {
        return Ok(());
    }
    let rows: Vec<AuditEvent> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {EVENT_COLUMNS} FROM audit_events ORDER BY seq"
    )))
    .fetch_all(&mut *tx)
    .await?;
    let mut prev = GENESIS.to_owned();
    for mut event in rows {
        event.prev_hash = prev;
        let hash = event.expected_hash();
        sqlx::query("UPDATE audit_events SET prev_hash = ?, hash = ? WHERE seq = ?")
            .bind(&event.prev_hash)
            .bind(&hash)
            .bind(event.seq)
            .execute(&mut *tx)
            .await?;
        prev = hash;
    }
    tx.commit().await?;
    Ok(())
}

/// A selection of the audit log; every filter optional.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    /// From this time on (inclusive).
    pub from: Option<DateTime<Utc>>,
    /// Before this time (exclusive).
    pub to: Option<DateTime<Utc>>,
    pub actor: Option<String>,
    pub action: Option<String>,
    /// Only events about this forvaltning's documents, systems and users, or by its users (a
    /// digitaliseringskontor's view). Decided by what they belong to now, not when the event happened.
    pub forvaltning: Option<Forvaltning>,
    /// Paging: events after this sequence number.
    pub after_seq: Option<i64>,
    /// At most this many events; 0 means 1000.
    pub limit: u32,
}

fn stamp(t: DateTime<Utc>) -> String {
    // The same form `now()` stores, so that text comparison is time comparison.
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

impl Catalog {
    /// Records an event that changes nothing else (a read, a search, a login), and answers once it is
    /// committed. Events that arrive while a commit is running share the next one (see [`write_queued`]).
    pub async fn audit(
        &self,
        actor: &str,
        action: &str,
        object: &str,
        details: serde_json::Value,
    ) -> Result<()> {
        let stopped = || Error::Io(std::io::Error::other("the audit writer has stopped"));
        let (done, stored) = oneshot::channel();
        let queued = Queued {
            actor: actor.to_string(),
            action: action.to_string(),
            object: object.to_string(),
            details,
            done,
        };
        self.audit_queue.send(queued).map_err(|_| stopped())?;
        match stored.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(Error::Io(std::io::Error::other(format!(
                "audit group commit: {e}"
            )))),
            Err(_) => Err(stopped()),
        }
    }

    /// The audit events about one object, oldest first.
    pub async fn audit_events(&self, object: &str) -> Result<Vec<AuditEvent>> {
        Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {EVENT_COLUMNS} FROM audit_events WHERE object = ? ORDER BY seq"
        )))
        .bind(object)
        .fetch_all(&self.read)
        .await?)
    }

    /// The audit log for a period, oldest first.
    pub async fn audit_log(&self, q: &AuditQuery) -> Result<Vec<AuditEvent>> {
        let mut b = sqlx::QueryBuilder::<Sqlite>::new(format!(
            "SELECT {EVENT_COLUMNS} FROM audit_events WHERE 1"
        ));
        if let Some(from) = q.from {
            b.push(" AND at >= ").push_bind(stamp(from));
        }
        if let Some(to) = q.to {
            b.push(" AND at < ").push_bind(stamp(to));
        }
        if let Some(actor) = &q.actor {
            b.push(" AND actor = ").push_bind(actor.clone());
        }
        if let Some(action) = &q.action {
            b.push(" AND action = ").push_bind(action.clone());
        }
        if let Some(after) = q.after_seq {
            b.push(" AND seq > ").push_bind(after);
        }
        if let Some(f) = q.forvaltning {
            let f = f.as_str();
            b.push(" AND (object IN (SELECT 'document/' || id FROM documents WHERE forvaltning = ")
                .push_bind(f)
                .push(") OR object IN (SELECT 'system/' || id FROM systems WHERE owner_forvaltning = ")
                .push_bind(f)
                .push(") OR actor IN (SELECT name FROM users WHERE forvaltning = ")
                .push_bind(f)
                .push(") OR object IN (SELECT 'user/' || name FROM users WHERE forvaltning = ")
                .push_bind(f)
                .push("))");
        }
        let limit = if q.limit == 0 { 1000 } else { q.limit };
        b.push(" ORDER BY seq LIMIT ").push_bind(i64::from(limit));
        Ok(b.build_query_as().fetch_all(&self.read).await?)
    }
}

#[cfg(test)]
#[path = "tests/audit.rs"]
mod tests;

/// Starts the task that writes standalone events, on the writer pool; it ends when the last clone of
/// the catalog (and so of the queue) is dropped.
pub(super) fn start_writer(pool: SqlitePool) -> AuditQueue {
    let (queue, events) = mpsc::unbounded_channel();
    tokio::spawn(write_queued(pool, events));
    queue
}

/// Group commit: one transaction, so one fsync, for every event that queued while the last one ran.
/// Sixteen clients searching at once would otherwise wait in line for sixteen fsyncs. Each caller still
/// hears back only after its event is durable.
async fn write_queued(pool: SqlitePool, mut events: mpsc::UnboundedReceiver<Queued>) {
    while let Some(first) = events.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            let Ok(next) = events.try_recv() else { break };
            batch.push(next);
        }
        let outcome = append_all(&pool, &batch).await.map_err(|e| e.to_string());
        if let Err(e) = &outcome {
            tracing::error!(error = %e, events = batch.len(), "audit events not stored");
        }
        for q in batch {
            // A caller that went away no longer waits; its event is stored all the same.
            let _ = q.done.send(outcome.clone());
        }
    }
}

async fn append_all(pool: &SqlitePool, batch: &[Queued]) -> Result<()> {
    let mut tx = pool.begin().await?;
    for q in batch {
        record(&mut tx, &q.actor, &q.action, &q.object, &q.details).await?;
    }
    tx.commit().await?;
    Ok(())
}
