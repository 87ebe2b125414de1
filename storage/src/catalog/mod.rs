//! The catalog: SQLite through sqlx, the source of truth for metadata.
//!
//! - `documents`: document rows, their links to systems, dedup on upload.
//! - `jobs`: the ordered job log the indexer replays, and extraction results.
//! - `audit`: the audit log as a SHA-256 hash chain; `audit_verify`: checking it; `audit_head`: the chain
//!   head file and the task that keeps it current.
//! - `accounts`: users and passwords (Argon2id); `sessions`: browser sessions with a CSRF token each.
//! - `tokens`: API tokens and calendar-feed keys; `external`: single-sign-on users.
//! - `secret`: random secrets handed out once and stored only as their SHA-256.
//! - `systems`, `suppliers`: the system and supplier registers; `proposals`: register changes proposed by a
//!   digitaliseringskontor and decided by koncern_it.
//! - `checks`: metadata checks that need the catalog (parents, versions, systems exist).
//! - `corrections`: corrected metadata and links to systems, audited with old and new values.
//! - `query`: loading document sets for the views, closed over families and versions.
//!
//! WAL mode with one writer connection: SQLite allows one writer at a time anyway, and a single connection
//! turns "database is locked" into queueing. Reads use their own pool and never wait for the writer.

mod accounts;
mod audit;
mod audit_head;
mod audit_verify;
mod checks;
mod corrections;
mod documents;
mod external;
mod jobs;
mod proposals;
mod query;
mod secret;
mod sessions;
mod suppliers;
mod systems;
mod tokens;

use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

pub use accounts::{IssuedToken, NewUser, TokenInfo, User};
pub use audit::{AuditEvent, AuditQuery, GENESIS, event_hash};
pub use audit_head::{ChainHead, HEAD_INTERVAL, read_head};
pub use audit_verify::{AuditCheck, BadEvent};
pub use documents::Inserted;
pub use external::ExternalLogin;
pub use jobs::{IndexJob, JobAction, JobOutcome, StoredExtraction};
pub use proposals::Decision;
pub use query::DocQuery;
pub use sessions::{NewSession, SessionUser};
pub use suppliers::SupplierEntry;
pub use systems::{SystemFilter, diff};

use crate::error::Result;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Handle to the catalog; cheap to clone.
#[derive(Clone)]
pub struct Catalog {
    write: SqlitePool,
    read: SqlitePool,
    /// Keeps the audit chain's head file, once `keep_audit_head` named it.
    head: Option<Arc<audit_head::HeadKeeper>>,
}

impl Catalog {
    /// Opens (creating if needed) the catalog at `path` and applies pending migrations.
    pub async fn open(path: &Path) -> Result<Self> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: a transaction acknowledged to a client survives power loss, not just a process kill.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await?;
        MIGRATOR.run(&write).await?;
        audit::backfill_chain(&write).await?;
        let read = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options.read_only(true))
            .await?;
        Ok(Catalog {
            write,
            read,
            head: None,
        })
    }

    /// Opens a private in-memory catalog (tests).
    pub async fn in_memory() -> Result<Self> {
        let options = SqliteConnectOptions::from_str("sqlite::memory:")?.foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await?;
        MIGRATOR.run(&pool).await?;
        audit::backfill_chain(&pool).await?;
        Ok(Catalog {
            write: pool.clone(),
            read: pool,
            head: None,
        })
    }

    /// Readiness: the catalog answers a query.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.read).await?;
        Ok(())
    }
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
