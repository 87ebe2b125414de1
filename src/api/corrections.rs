//! Corrections of a document's metadata, and its links to systems. The stored file never changes.

use axum::Json;

use super::extract::{Body, Path};
use axum::extract::State;
use storage::access::{Action, Resource};
use storage::model::Document;

use super::auth::{Caller, authorize, document_for};
use super::documents::derived;
use super::error::{ApiError, ErrorBody};
use super::state::AppState;

/// Fields of a document's answer that the server sets; a correction cannot touch them.
const SERVER_FIELDS: &[&str] = &[
    "id",
    "sha256",
    "bytes",
    "pages",
    "media_type",
    "file_name",
    "status",
    "status_message",
    "uploaded_by",
    "uploaded_at",
    "in_force",
    "last_notice_day",
    "ends_on",
    "current",
    "stale",
    "superseded_by",
];

/// Correct metadata: the fields given replace the stored ones (`null` clears one). Audited with old and new
/// values; the search index follows.
#[utoipa::path(patch, path = "/api/v1/documents/{id}", operation_id = "correct_document", params(("id" = String, Path, description = "document id")),
    request_body(content = Object, description = "metadata fields to change, as at upload"),
    responses(
        (status = 200, description = "the corrected document", body = Document),
        (status = 404, description = "no such document", body = ErrorBody),
        (status = 409, description = "the same file is stored by that forvaltning as that kind", body = ErrorBody),
        (status = 422, description = "invalid; the message names the field", body = ErrorBody)))]
pub async fn patch(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Body(body): Body,
) -> Result<Json<Document>, ApiError> {
    let old = document_for(&state, &caller, &id, Action::Correct).await?;
    let current = serde_json::to_value(old.metadata()).map_err(ApiError::internal)?;
    let merged = super::params::merge_patch(current, &body, SERVER_FIELDS)?;
    let new = crate::ingest::parse_metadata(&merged)?;
    // Moving a document to another forvaltning is an upload there: it must be allowed too.
    let facts = storage::access::DocFacts {
        kind: new.kind,
        forvaltning: new.forvaltning,
        confidential: new.confidential,
    };
    authorize(&caller.actor, Action::Upload, &Resource::Document(facts))?;
    let doc = state
        .catalog
        .correct_document(&old.id, &new, caller.name())
        .await?;
    state.indexer.notify();
    Ok(Json(derived(&state, doc).await?))
}

/// Link a document and a system of the register (idempotent).
#[utoipa::path(put, path = "/api/v1/documents/{id}/systems/{system_id}", operation_id = "link_system",
    params(("id" = String, Path, description = "document id"), ("system_id" = String, Path, description = "system id")),
    responses(
        (status = 200, description = "linked; the document", body = Document),
        (status = 404, description = "no such document or system", body = ErrorBody)))]
pub async fn link(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, system_id)): Path<(String, String)>,
) -> Result<Json<Document>, ApiError> {
    let doc = document_for(&state, &caller, &id, Action::Link).await?;
    if state
        .catalog
        .link_system(&doc.id, &system_id, caller.name())
        .await?
    {
        state.indexer.notify();
    }
    let doc = state.catalog.get_document(&doc.id).await?;
    Ok(Json(derived(&state, doc).await?))
}

/// Unlink a document and a system (idempotent).
#[utoipa::path(delete, path = "/api/v1/documents/{id}/systems/{system_id}", operation_id = "unlink_system",
    params(("id" = String, Path, description = "document id"), ("system_id" = String, Path, description = "system id")),
    responses(
        (status = 200, description = "unlinked; the document", body = Document),
        (status = 404, description = "no such document", body = ErrorBody)))]
pub async fn unlink(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, system_id)): Path<(String, String)>,
) -> Result<Json<Document>, ApiError> {
    let doc = document_for(&state, &caller, &id, Action::Link).await?;
    if state
        .catalog
        .unlink_system(&doc.id, &system_id, caller.name())
        .await?
    {
        state.indexer.notify();
    }
    let doc = state.catalog.get_document(&doc.id).await?;
    Ok(Json(derived(&state, doc).await?))
}
