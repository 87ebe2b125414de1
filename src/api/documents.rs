//! Documents: upload, metadata, original bytes and extracted text.

use super::extract::{Multipart, Path};
use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::extract::multipart::MultipartError;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures::StreamExt;
use serde::Serialize;
use storage::access::{Action, DocFacts, Resource};
use storage::catalog::Inserted;
use storage::model::{DocStatus, Document, NewDocument, PageText};
use utoipa::ToSchema;

use super::auth::{Caller, authorize, document_for};
use super::error::{ApiError, ErrorBody};
use super::state::AppState;
use crate::ingest::{IngestError, Upload, ingest};

/// The multipart body of an upload, for the OpenAPI document.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct UploadForm {
    /// Document metadata as JSON; must come before `file`.
    metadata: NewDocument,
    /// The signed PDF.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// Upload a document: part `metadata` (JSON), then part `file` (the PDF).
#[utoipa::path(post, path = "/api/v1/documents",
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "stored; indexing is pending", body = Document),
        (status = 200, description = "the same bytes were already stored by this forvaltning as this kind", body = Document),
        (status = 413, description = "larger than the upload limit", body = ErrorBody),
        (status = 415, description = "not a PDF", body = ErrorBody),
        (status = 422, description = "invalid metadata; the message names the field", body = ErrorBody),
    ))]
pub async fn upload(
    State(state): State<AppState>,
    caller: Caller,
    Multipart(mut form): Multipart,
) -> Result<Response, ApiError> {
    caller.gate(Action::Upload)?;
    let (status, doc) = match read_upload(&state, &mut form, &caller).await? {
        Inserted::Created(doc) => {
            state.indexer.notify();
            (StatusCode::CREATED, doc)
        }
        Inserted::Existing(doc) => (StatusCode::OK, doc),
    };
    Ok((status, Json(derived(&state, doc).await?)).into_response())
}

/// Metadata JSON is small; anything larger is a mistake, not a document.
const MAX_METADATA_BYTES: usize = 64 << 10;

/// Reads the multipart form (`metadata` part, then `file` part) and hands the file's bytes to ingest as
/// they arrive.
async fn read_upload(
    state: &AppState,
    form: &mut axum::extract::Multipart,
    caller: &Caller,
) -> Result<Inserted, ApiError> {
    let limit = state.max_upload_bytes;
    let field = form
        .next_field()
        .await
        .map_err(|e| multipart_error(e, limit))?;
    let metadata = match field {
        Some(field) if field.name() == Some("metadata") => {
            let bytes = field.bytes().await.map_err(|e| multipart_error(e, limit))?;
            if bytes.len() > MAX_METADATA_BYTES {
                return Err(ApiError::invalid("metadata", "is larger than 64 KiB"));
            }
            let metadata = crate::ingest::parse_metadata(&bytes)?;
            // Refused before a byte of the file is read: an enhed uploads only for its own forvaltning.
            let facts = DocFacts {
                kind: metadata.kind,
                forvaltning: metadata.forvaltning,
                confidential: metadata.confidential,
            };
            authorize(&caller.actor, Action::Upload, &Resource::Document(facts))?;
            metadata
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
        .map_err(|e| multipart_error(e, limit))?
    {
        Some(field) if field.name() == Some("file") => field,
        _ => {
            return Err(ApiError::invalid(
                "file",
                "a part named `file` with the PDF must follow `metadata`",
            ));
        }
    };
    let upload = Upload {
        metadata: &metadata,
        file_name: field.file_name().map(str::to_string),
        max_bytes: limit,
        actor: caller.name(),
    };
    let mut body = field.map(|chunk| {
        chunk.map_err(|e| match multipart_error(e, limit) {
            ApiError::PayloadTooLarge(limit) => IngestError::TooLarge(limit),
            other => IngestError::Read(other.to_string()),
        })
    });
    let result = ingest(&state.catalog, &state.blobs, upload, &mut body).await;
    if result.is_err() {
        // Read (and drop) the rest of the body, closing boundary included, so the client, still sending,
        // gets to see the 413 or 415 instead of a broken connection. The router's body limit bounds how
        // long.
        while let Some(Ok(_)) = body.next().await {}
        drop(body);
        while let Ok(Some(mut rest)) = form.next_field().await {
            while let Ok(Some(_)) = rest.chunk().await {}
        }
    }
    Ok(result?)
}

fn multipart_error(e: MultipartError, max_bytes: u64) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return ApiError::PayloadTooLarge(max_bytes);
    }
    ApiError::BadRequest(format!("malformed multipart upload: {}", e.body_text()))
}

/// A document's metadata and indexing status.
#[utoipa::path(get, path = "/api/v1/documents/{id}",
    params(("id" = String, Path, description = "document id")),
    responses((status = 200, description = "the document", body = Document), (status = 404, description = "no such document", body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Document>, ApiError> {
    let doc = document_for(&state, &caller, &id, Action::ReadMetadata).await?;
    Ok(Json(derived(&state, doc).await?))
}

/// The document with its derived state (in force, last notice day; current, stale), judged today.
pub(super) async fn derived(state: &AppState, doc: Document) -> Result<Document, ApiError> {
    let ctx = super::params::context(state, super::params::AsOf::default());
    let id = doc.id.to_string();
    let set = state
        .catalog
        .doc_set(&[storage::catalog::DocQuery::Ids(vec![id.clone()])], &ctx)
        .await?;
    Ok(set.into_document(&id).unwrap_or(doc))
}

/// The original bytes, exactly as uploaded. `ETag` is the SHA-256.
#[utoipa::path(get, path = "/api/v1/documents/{id}/content",
    params(("id" = String, Path, description = "document id")),
    responses(
        (status = 200, description = "the PDF", content_type = "application/pdf"),
        (status = 304, description = "unchanged (If-None-Match)"),
        (status = 404, description = "no such document", body = ErrorBody)))]
pub async fn content(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let doc = document_for(&state, &caller, &id, Action::ReadContent).await?;
    let etag = format!("\"{}\"", doc.sha256);
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        == Some(etag.as_str())
    {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response());
    }
    let stream = state.blobs.get(&doc.sha256).await?;
    state
        .catalog
        .audit(
            caller.name(),
            "document.read_content",
            &format!("document/{}", doc.id),
            serde_json::json!({}),
        )
        .await?;
    let body = Body::from_stream(stream.map(|chunk| chunk.map_err(std::io::Error::other)));
    super::download::pdf(body, &doc, &etag)
}

/// The extracted text of a document, per page.
#[derive(Serialize, ToSchema)]
pub struct DocumentText {
    document_id: String,
    status: DocStatus,
    status_message: Option<String>,
    pages: Vec<PageText>,
}

#[utoipa::path(get, path = "/api/v1/documents/{id}/text",
    params(("id" = String, Path, description = "document id")),
    responses((status = 200, description = "text per page", body = DocumentText), (status = 404, description = "no such document", body = ErrorBody)))]
pub async fn text(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<DocumentText>, ApiError> {
    let doc = document_for(&state, &caller, &id, Action::ReadContent).await?;
    let object = format!("document/{}", doc.id);
    state
        .catalog
        .audit(
            caller.name(),
            "document.read_text",
            &object,
            serde_json::json!({}),
        )
        .await?;
    let pages = match state.catalog.extraction(&doc.sha256).await? {
        Some(e) => e.pages,
        None => Vec::new(),
    };
    Ok(Json(DocumentText {
        document_id: doc.id.to_string(),
        status: doc.status,
        status_message: doc.status_message,
        pages,
    }))
}
