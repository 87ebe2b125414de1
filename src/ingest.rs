//! A document's way in, the same for the HTTP API and `kontraktarkiv import`: metadata parsed, bytes
//! streamed to a staging file while hashed, checked to be a PDF, written to the blob store, then one
//! catalog transaction. It knows no HTTP: callers hand it a stream of bytes and map [`IngestError`].

use bytes::Bytes;
use futures::{Stream, StreamExt};
use storage::catalog::Inserted;
use storage::model::{FileFacts, NewDocument};
use storage::{BlobStore, Catalog, StagedFile};

/// Why an upload was not stored. Nothing is half-stored after any of these.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The metadata (or the file) breaks a rule; `field` names what to fix.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    #[error("the upload is larger than the limit of {0} bytes")]
    TooLarge(u64),
    #[error(
        "the file is not a PDF (no %PDF- header in its first 1024 bytes); only PDF files are accepted"
    )]
    NotPdf,
    /// The client's bytes could not be read (a broken multipart body, a file that vanished).
    #[error("{0}")]
    Read(String),
    #[error(transparent)]
    Storage(#[from] storage::Error),
}

impl IngestError {
    fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        IngestError::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// What to store: the metadata, the file's own name, and the size limit for its bytes.
pub struct Upload<'a> {
    pub metadata: &'a NewDocument,
    pub file_name: Option<String>,
    pub max_bytes: u64,
    pub actor: &'a str,
}

/// Parses and validates document metadata JSON, naming the offending field on error.
pub fn parse_metadata(bytes: &[u8]) -> Result<NewDocument, IngestError> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    let new: NewDocument = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let field = if path == "." { "metadata".into() } else { path };
        IngestError::invalid(field, e.into_inner().to_string())
    })?;
    new.validate()?;
    Ok(new)
}

/// Streams `body` to staging while hashing it, then stores it: blob first, then the catalog rows.
///
/// The stream is borrowed so that a caller whose client is still sending can read (and drop) the rest
/// after a [`IngestError::TooLarge`], and the client gets to see the answer instead of a broken pipe.
pub async fn ingest<S>(
    catalog: &Catalog,
    blobs: &BlobStore,
    upload: Upload<'_>,
    body: &mut S,
) -> Result<Inserted, IngestError>
where
    S: Stream<Item = Result<Bytes, IngestError>> + Unpin,
{
    let mut staging = blobs.stage().await?;
    while let Some(chunk) = body.next().await {
        let chunk = chunk?;
        if staging.bytes() + chunk.len() as u64 > upload.max_bytes {
            return Err(IngestError::TooLarge(upload.max_bytes));
        }
        staging.write(&chunk).await?;
    }
    let staged = staging.finish().await?;
    check_pdf(&staged)?;
    blobs.put(&staged).await?;
    let facts = FileFacts {
        sha256: staged.sha256,
        bytes: staged.bytes,
        media_type: "application/pdf".into(),
        file_name: upload.file_name,
    };
    Ok(catalog
        .insert_document(upload.metadata, &facts, upload.actor)
        .await?)
}

/// The client's content type is not trusted: the bytes must start like a PDF.
fn check_pdf(staged: &StagedFile) -> Result<(), IngestError> {
    if staged.bytes == 0 {
        return Err(IngestError::invalid("file", "is empty"));
    }
    // Readers accept the header anywhere in the first KiB (after a byte-order mark, say); so do we.
    if !staged.head.windows(5).any(|w| w == b"%PDF-") {
        return Err(IngestError::NotPdf);
    }
    Ok(())
}
