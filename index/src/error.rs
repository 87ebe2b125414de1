//! The one error type of the `index` crate.

/// Everything that can go wrong in text extraction, indexing and search.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The user's query could not be parsed; `position` is a 0-based character offset into the query.
    #[error("query syntax error at position {position}: {message}")]
    Query { message: String, position: usize },
    /// The index on disk was written with another schema version; it must be rebuilt (`reindex`).
    #[error(
        "index schema version {found} on disk, this build needs {expected}: run `kontraktarkiv reindex`"
    )]
    SchemaVersion { found: String, expected: String },
    #[error("search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("index I/O: {0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Other(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
