//! The queue of standalone audit events (a search, a read, a login) waiting for the next group commit,
//! which `audit::write_queued` makes. A leaf, so that the catalog handle can hold the queue without
//! depending on the writer.

use tokio::sync::{mpsc, oneshot};

/// One event and where to say that it is stored (or why not).
pub(crate) struct Queued {
    pub actor: String,
    pub action: String,
    pub object: String,
    pub details: serde_json::Value,
    pub done: oneshot::Sender<Result<(), String>>,
}

/// The sending end, held by every clone of the catalog.
pub(crate) type AuditQueue = mpsc::UnboundedSender<Queued>;

/// The most events one commit takes; the rest wait for the next.
pub(crate) const MAX_BATCH: usize = 256;
