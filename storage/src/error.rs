//! The one error type of the `storage` crate.

/// Everything that can go wrong while storing or reading blobs and catalog rows.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input that does not parse as a domain value (a CVR, a hash, an enumeration word, …).
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error("not found: {0}")]
    NotFound(String),
    /// A change that conflicts with what is stored (e.g. deleting something still referenced).
    #[error("conflict: {0}")]
    Conflict(String),
    /// A blob whose bytes no longer hash to its name.
    #[error("blob {expected} is corrupt: its bytes hash to {actual}")]
    Corrupt { expected: String, actual: String },
    #[error("object store: {0}")]
    ObjectStore(#[from] object_store::Error),
    #[error("catalog: {0}")]
    Database(#[from] sqlx::Error),
    #[error("catalog migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("storage I/O: {0}")]
    Io(#[from] std::io::Error),
    #[error("stored JSON: {0}")]
    Json(#[from] serde_json::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub(crate) fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Error::Invalid {
            field,
            message: message.into(),
        }
    }
}
