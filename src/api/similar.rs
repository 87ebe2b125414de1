//! Similar contracts across forvaltninger (§5.1 reuse): the documents whose text is most like this one's,
//! over what the caller may read.

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use storage::access::Action;
use utoipa::ToSchema;

use super::auth::{Caller, document_for};
use super::error::{ApiError, ErrorBody};
use super::extract::Path;
use super::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct Similar {
    document_id: String,
    title: String,
    kind: String,
    score: f32,
}

/// Up to ten documents most like this one, itself excluded.
#[utoipa::path(get, path = "/api/v1/documents/{id}/similar", operation_id = "similar_documents",
    params(("id" = String, Path, description = "document id")),
    responses(
        (status = 200, description = "similar documents, most similar first", body = Vec<Similar>),
        (status = 403, description = "the caller may see the document only as metadata", body = ErrorBody),
        (status = 404, description = "no such document", body = ErrorBody)))]
pub async fn similar(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Vec<Similar>>, ApiError> {
    // Similarity is computed from the text, so it needs the right to read the text.
    let doc = document_for(&state, &caller, &id, Action::ReadContent).await?;
    let (index, id, scope) = (
        state.index.clone(),
        doc.id.to_string(),
        caller.index_scope(),
    );
    let hits = tokio::task::spawn_blocking(move || index.similar(&id, 10, &scope))
        .await
        .map_err(ApiError::internal)??;
    Ok(Json(
        hits.into_iter()
            .map(|h| Similar {
                document_id: h.document_id,
                title: h.title,
                kind: h.kind,
                score: h.score,
            })
            .collect(),
    ))
}
