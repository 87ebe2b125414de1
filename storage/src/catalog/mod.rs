//! The catalog: SQLite through sqlx, the source of truth for metadata.
//!
//! - `documents`: document rows, their links to systems, dedup on upload.
//! - `jobs`: the ordered job log the indexer replays, and extraction results.
//! - `audit`: the audit log as a SHA-256 hash chain; `audit_verify`: checking it; `audit_head`: the chain
//!   head file and the task that keeps it current; `audit_queue`: standalone events waiting for the
//!   writer's next group commit.
//! - `accounts`: users and passwords (Argon2id); `sessions`: browser sessions with a CSRF token each.
//! - `tokens`: API tokens and calendar-feed keys; `external`: single-sign-on users.
//! - `secret`: random secrets handed out once and stored only as their SHA-256.
//! - `systems`, `suppliers`: the system and supplier registers; `proposals`: register changes proposed by a
//!   digitaliseringskontor and decided by koncern_it.
//! - `checks`: metadata checks that need the catalog (parents, versions, systems exist).
//! - `corrections`: corrected metadata and links to systems, audited with old and new values.
//! - `open`: opening the file (WAL, migrations) or a private in-memory catalog.
//! - `query`: loading document sets for the views, closed over families and versions.
//!
//! WAL mode with one writer connection: SQLite allows one writer at a time anyway, and a single connection
//! turns "database is locked" into queueing. Reads use their own pool and never wait for the writer.

mod accounts;
mod audit;
mod audit_head;
mod audit_queue;
mod audit_verify;
mod checks;
mod corrections;
mod documents;
mod external;
mod jobs;
mod open;
mod proposals;
mod query;
mod secret;
mod sessions;
mod suppliers;
mod systems;
mod tokens;

use std::sync::Arc;

use sqlx::sqlite::SqlitePool;

pub use accounts::{IssuedToken, NewUser, TokenInfo, User};
pub use audit::{AuditEvent, AuditQuery, event_hash};
pub use audit_head::{ChainHead, GENESIS, HEAD_INTERVAL, read_head};
pub use audit_verify::{AuditCheck, BadEvent};
pub use documents::Inserted;
pub use external::ExternalLogin;
pub use jobs::{IndexJob, JobAction, JobOutcome, StoredExtraction};
pub use proposals::Decision;
pub use query::DocQuery;
pub use sessions::{NewSession, SessionUser};
pub use suppliers::SupplierEntry;
pub use systems::{SystemFilter, diff};

/// Handle to the catalog; cheap to clone.
#[derive(Clone)]
pub struct Catalog {
    write: SqlitePool,
    read: SqlitePool,
    /// Keeps the audit chain's head file, once `keep_audit_head` named it.
    head: Option<Arc<audit_head::HeadKeeper>>,
    /// Standalone audit events on their way to the writer's next group commit.
    audit_queue: audit_queue::AuditQueue,
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
