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
    /// A stored row or stored JSON that no longer decodes into its type. Our data's fault, never the
    /// client's: the HTTP edge answers 500 and logs it, where `Invalid` would have told the client 422.
    #[error("stored data does not decode: {0}")]
    Decode(String),
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

/// Parses a value read back from the catalog (`what` names its column); failure is `Error::Decode`.
pub(crate) fn decode<T>(what: &str, value: &str) -> Result<T>
where
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    value
        .parse()
        .map_err(|e| Error::Decode(format!("{what} {value:?}: {e}")))
}

/// Reads JSON stored in the catalog (`what` names its column); failure is `Error::Decode`.
pub(crate) fn decode_json<T: serde::de::DeserializeOwned>(what: &str, json: &str) -> Result<T> {
    serde_json::from_str(json).map_err(|e| Error::Decode(format!("{what}: {e}")))
}

/// Reads a stored RFC 3339 time; failure is `Error::Decode`.
pub(crate) fn decode_time(what: &str, value: &str) -> Result<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(value)
        .map(|t| t.with_timezone(&chrono::Utc))
        .map_err(|e| Error::Decode(format!("{what} {value:?}: {e}")))
}

impl Error {
    pub(crate) fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Error::Invalid {
            field,
            message: message.into(),
        }
    }
}
