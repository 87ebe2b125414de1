//! Checking the audit chain, and the chain head kept outside the catalog.
//!
//! The chain alone cannot show that the newest events were cut off: what remains is a valid chain. So the
//! head (last sequence number and hash) is also written to a file outside the catalog, e.g.
//! `<data-dir>/audit-head`. A head file at sequence `n` says "event `n` existed with this hash"; the check
//! accepts a file that lags behind the table (events appended since the last write) as long as event `n`
//! still carries that hash, and fails when the table ends before `n` or event `n` is another one.
//!
//! Keeping the file current: [`Catalog::keep_audit_head`] starts a task that looks at the last event every
//! [`HEAD_INTERVAL`] and rewrites the file (temp file, fsync, rename, fsync of the directory) when it has
//! moved, so events are protected within that interval and the writer never waits for a file write. Before
//! each write it checks that the head it wrote last is still in the table, and stops advancing the file
//! when it is not, so that a truncation stays visible to `verify --audit`. The command line calls
//! [`Catalog::write_audit_head`] before it exits.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use futures::TryStreamExt;
use serde::Serialize;

use super::Catalog;
use super::audit::{AuditEvent, EVENT_COLUMNS};
use super::audit_head::{ChainHead, GENESIS, HeadKeeper, keep, read_head};
use crate::error::{Error, Result};

/// The first event where the chain is broken, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BadEvent {
    pub seq: i64,
    pub reason: String,
}

/// The outcome of [`Catalog::verify_audit`].
#[derive(Debug, Clone, Serialize)]
pub struct AuditCheck {
    /// Events in the table.
    pub events: u64,
    /// The table's last event.
    pub head: ChainHead,
    /// What the head file says; `None` when no file was given or it does not exist yet.
    pub head_file: Option<ChainHead>,
    pub first_bad: Option<BadEvent>,
}

impl AuditCheck {
    pub fn ok(&self) -> bool {
        self.first_bad.is_none()
    }
}

fn bad(seq: i64, reason: impl Into<String>) -> Option<BadEvent> {
    Some(BadEvent {
        seq,
        reason: reason.into(),
    })
}

impl Catalog {
    /// Keeps the audit chain's head in the file at `path` (outside the catalog) from now on; see the module
    /// documentation. Call on the catalog before cloning it, inside a Tokio runtime.
    pub fn keep_audit_head(&mut self, path: PathBuf) {
        let keeper = Arc::new(HeadKeeper {
            path,
            last: tokio::sync::Mutex::new(None),
        });
        tokio::spawn(keep(Arc::downgrade(&keeper), self.read.clone()));
        self.head = Some(keeper);
    }

    /// Writes the head file now (the command line, before it exits; tests). Refuses when the head the file
    /// holds is no longer in the table, because overwriting it would hide a truncation.
    pub async fn write_audit_head(&self) -> Result<ChainHead> {
        match &self.head {
            Some(keeper) => keeper.sync(&self.read).await,
            None => Err(Error::Conflict("no audit head file configured".into())),
        }
    }

    /// Walks the whole chain and compares it with the head file at `head_file`, if given. Names the first
    /// event that was edited, deleted, inserted or moved, or the first missing one after a truncation.
    pub async fn verify_audit(&self, head_file: Option<&Path>) -> Result<AuditCheck> {
        let file = match head_file {
            Some(path) => read_head(path)?,
            None => None,
        };
        let mut rows = sqlx::query_as::<_, AuditEvent>(sqlx::AssertSqlSafe(format!(
            "SELECT {EVENT_COLUMNS} FROM audit_events ORDER BY seq"
        )))
        .fetch(&self.read);
        let mut head = ChainHead {
            seq: 0,
            hash: GENESIS.into(),
        };
        let mut events = 0u64;
        let mut first_bad = None;
        let mut file_hash_found = None;
        while let Some(event) = rows.try_next().await? {
            events += 1;
            if first_bad.is_none() {
                first_bad = if event.seq != head.seq + 1 {
                    bad(head.seq + 1, format!("event {} is missing", head.seq + 1))
                } else if event.prev_hash != head.hash {
                    bad(
                        event.seq,
                        "does not follow the event before it (deleted, inserted or moved)",
                    )
                } else if event.hash != event.expected_hash() {
                    bad(event.seq, "its fields do not match its hash (edited)")
                } else {
                    None
                };
            }
            if file.as_ref().is_some_and(|f| f.seq == event.seq) {
                file_hash_found = Some(event.hash.clone());
            }
            head = ChainHead {
                seq: event.seq,
                hash: event.hash,
            };
        }
        drop(rows);
        if let Some(f) = &file {
            let cut = if f.seq > head.seq {
                bad(
                    head.seq + 1,
                    format!(
                        "the log ends at {} but its head file names event {}",
                        head.seq, f.seq
                    ),
                )
            } else if f.seq > 0 && file_hash_found.as_deref() != Some(f.hash.as_str()) {
                bad(
                    f.seq,
                    "is not the event the head file names (events were replaced)",
                )
            } else {
                None
            };
            if let Some(cut) = cut
                && first_bad.as_ref().is_none_or(|b| cut.seq < b.seq)
            {
                first_bad = Some(cut);
            }
        }
        Ok(AuditCheck {
            events,
            head,
            head_file: file,
            first_bad,
        })
    }
}
