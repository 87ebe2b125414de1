//! The audit chain's head, kept in a file outside the catalog, and the task that keeps that file current.
//! See `audit_verify` for why the head lives outside; this module knows only the table and the file, not
//! the [`super::Catalog`] that owns a keeper.

use std::path::{Path, PathBuf};
use std::sync::Weak;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;

use crate::error::{Error, Result};

/// The `prev_hash` of the first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// How often the head task looks for new events.
pub const HEAD_INTERVAL: Duration = Duration::from_millis(250);

/// The last event of the chain: its sequence number and hash. Sequence 0 with the genesis hash is the
/// empty log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainHead {
    pub seq: i64,
    pub hash: String,
}

/// Reads a head file; `None` when it does not exist.
pub fn read_head(path: &Path) -> Result<Option<ChainHead>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(serde_json::from_slice(&bytes)?)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Replaces the head file crash-safely: a reader sees the old head or the new one, never a torn file.
fn write_head_file(path: &Path, head: &ChainHead) -> Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
    let dir = dir.unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    serde_json::to_writer(&mut tmp, head)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    // The rename itself is durable only once the directory is synced.
    std::fs::File::open(dir)?.sync_all()?;
    Ok(())
}

async fn table_head(pool: &SqlitePool) -> Result<ChainHead> {
    let last: Option<(i64, String)> = sqlx::query_as(
        "SELECT seq, COALESCE(hash, '') FROM audit_events ORDER BY seq DESC LIMIT 1",
    )
    .fetch_optional(pool)
    .await?;
    Ok(last.map_or(
        ChainHead {
            seq: 0,
            hash: GENESIS.into(),
        },
        |(seq, hash)| ChainHead { seq, hash },
    ))
}

/// Whether the table still holds the event a head names.
async fn holds(pool: &SqlitePool, head: &ChainHead) -> Result<bool> {
    if head.seq == 0 {
        return Ok(true);
    }
    let hash: Option<Option<String>> =
        sqlx::query_scalar("SELECT hash FROM audit_events WHERE seq = ?")
            .bind(head.seq)
            .fetch_optional(pool)
            .await?;
    Ok(hash.flatten().as_deref() == Some(head.hash.as_str()))
}

/// The head file's keeper, shared by a catalog's clones.
pub(crate) struct HeadKeeper {
    pub(crate) path: PathBuf,
    /// The head last written (or found consistent); the lock also keeps two writes from racing.
    pub(crate) last: tokio::sync::Mutex<Option<ChainHead>>,
}

impl HeadKeeper {
    pub(crate) async fn sync(&self, pool: &SqlitePool) -> Result<ChainHead> {
        let mut last = self.last.lock().await;
        let current = table_head(pool).await?;
        if last.as_ref() == Some(&current) {
            return Ok(current);
        }
        let known = match last.clone() {
            Some(head) => Some(head),
            None => read_head(&self.path)?,
        };
        if let Some(known) = known
            && !holds(pool, &known).await?
        {
            return Err(Error::Conflict(format!(
                "the audit log no longer holds event {} named by {}; not advancing the head file \
                 (run verify --audit)",
                known.seq,
                self.path.display()
            )));
        }
        let path = self.path.clone();
        let head = current.clone();
        tokio::task::spawn_blocking(move || write_head_file(&path, &head))
            .await
            .map_err(|e| Error::Io(std::io::Error::other(e)))??;
        *last = Some(current.clone());
        Ok(current)
    }
}

pub(crate) async fn keep(keeper: Weak<HeadKeeper>, pool: SqlitePool) {
    let mut complained = None::<String>;
    loop {
        tokio::time::sleep(HEAD_INTERVAL).await;
        // The task ends with the last clone of its catalog.
        let Some(keeper) = keeper.upgrade() else {
            return;
        };
        match keeper.sync(&pool).await {
            Ok(_) => complained = None,
            Err(e) => {
                let message = e.to_string();
                if complained.as_deref() != Some(&message) {
                    tracing::error!(error = %message, "audit head file");
                    complained = Some(message);
                }
            }
        }
    }
}
