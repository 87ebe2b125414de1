//! An upload's way in: metadata parsed, bytes streamed to a staging file while hashed, checked to be a PDF,
//! written to the blob store, then one catalog transaction. Shared by the HTTP API and `kontraktarkiv import`.

use axum::extract::multipart::{Field, Multipart, MultipartError};
use storage::catalog::Inserted;
use storage::model::{FileFacts, NewDocument};
use storage::{BlobStore, Catalog, StagedFile, Staging};

use crate::app::AppState;
use crate::error::ApiError;

/// Metadata JSON is small; anything larger is a mistake, not a document.
const MAX_METADATA_BYTES: usize = 64 << 10;

/// Reads a multipart upload (`metadata` part, then `file` part) and stores it.
pub async fn from_multipart(
    state: &AppState,
    mut form: Multipart,
    actor: &str,
) -> Result<Inserted, ApiError> {
    let metadata = match form
        .next_field()
        .await
        .map_err(|e| multipart_error(e, state.max_upload_bytes))?
    {
        Some(field) if field.name() == Some("metadata") => {
            read_metadata(field, state.max_upload_bytes).await?
        }
        _ => {
            return Err(ApiError::invalid(
                "metadata",
                "the first part must be `metadata` (JSON), then `file`",
            ));
        }
    };
    let field = match form
        .next_field()
        .await
        .map_err(|e| multipart_error(e, state.max_upload_bytes))?
    {
        Some(field) if field.name() == Some("file") => field,
        _ => {
            return Err(ApiError::invalid(
                "file",
                "a part named `file` with the PDF must follow `metadata`",
            ));
        }
    };
    let file_name = field.file_name().map(str::to_string);
    let staged = stage_field(state, field).await?;
    let inserted = store(
        &state.catalog,
        &state.blobs,
        &metadata,
        staged,
        file_name,
        actor,
    )
    .await?;
    if let Inserted::Created(_) = inserted {
        state.indexer.notify();
    }
    Ok(inserted)
}

/// Parses and validates document metadata, naming the offending field on error.
pub fn parse_metadata(bytes: &[u8]) -> Result<NewDocument, ApiError> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    let new: NewDocument = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let field = if path == "." {
            "metadata".to_string()
        } else {
            path
        };
        ApiError::invalid(field, e.into_inner().to_string())
    })?;
    new.validate()?;
    Ok(new)
}

async fn read_metadata(field: Field<'_>, max_upload_bytes: u64) -> Result<NewDocument, ApiError> {
    let bytes = field
        .bytes()
        .await
        .map_err(|e| multipart_error(e, max_upload_bytes))?;
    if bytes.len() > MAX_METADATA_BYTES {
        return Err(ApiError::invalid("metadata", "is larger than 64 KiB"));
    }
    parse_metadata(&bytes)
}

async fn stage_field(state: &AppState, mut field: Field<'_>) -> Result<StagedFile, ApiError> {
    let mut staging = state.blobs.stage().await?;
    while let Some(chunk) = field
        .chunk()
        .await
        .map_err(|e| multipart_error(e, state.max_upload_bytes))?
    {
        if let Err(e) = write_chunk(&mut staging, &chunk, state.max_upload_bytes).await {
            drop(staging);
            // Read (and discard) the rest, so the client, still sending, gets to see the 413 instead of a
            // broken connection. The router's body limit bounds how long we listen.
            while let Ok(Some(_)) = field.chunk().await {}
            return Err(e);
        }
    }
    Ok(staging.finish().await?)
}

/// Appends to a staging file, refusing to grow past the upload limit.
pub async fn write_chunk(
    staging: &mut Staging,
    chunk: &[u8],
    max_bytes: u64,
) -> Result<(), ApiError> {
    if staging.bytes() + chunk.len() as u64 > max_bytes {
        return Err(ApiError::PayloadTooLarge(max_bytes));
    }
    Ok(staging.write(chunk).await?)
}

/// Stores a staged file under its metadata: blob first, then the catalog rows.
pub async fn store(
    catalog: &Catalog,
    blobs: &BlobStore,
    metadata: &NewDocument,
    staged: StagedFile,
    file_name: Option<String>,
    actor: &str,
) -> Result<Inserted, ApiError> {
    check_pdf(&staged)?;
    blobs.put(&staged).await?;
    let facts = FileFacts {
        sha256: staged.sha256,
        bytes: staged.bytes,
        media_type: "application/pdf".into(),
        file_name,
    };
    Ok(catalog.insert_document(metadata, &facts, actor).await?)
}

/// The client's content type is not trusted: the bytes must start like a PDF.
fn check_pdf(staged: &StagedFile) -> Result<(), ApiError> {
    if staged.bytes == 0 {
        return Err(ApiError::invalid("file", "is empty"));
    }
    // Readers accept the header anywhere in the first KiB (after a byte-order mark, say); so do we.
    if !staged.head.windows(5).any(|w| w == b"%PDF-") {
        return Err(ApiError::UnsupportedMediaType(
            "the file is not a PDF (no %PDF- header in its first 1024 bytes); only PDF files are accepted".into(),
        ));
    }
    Ok(())
}

fn multipart_error(e: MultipartError, max_bytes: u64) -> ApiError {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        return ApiError::PayloadTooLarge(max_bytes);
    }
    ApiError::BadRequest(format!("malformed multipart upload: {}", e.body_text()))
}
