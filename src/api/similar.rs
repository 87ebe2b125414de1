//! Similar contracts across forvaltninger (§5.1 reuse): the documents whose text is most like this one's,
//! over what the caller may read. The index already searches only the caller's scope; every hit is checked
//! against the policy once more before its title, supplier or forvaltning is shown.

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use storage::access::{Action, Decision, Resource, decide};
use storage::catalog::DocQuery;
use storage::model::{Document, DocumentKind};
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
    /// The forvaltning that owns it.
    forvaltning: String,
    /// The supplier's name, when known.
    supplier: Option<String>,
    score: f32,
}

/// Which similar documents to keep.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Among {
    /// Any document the caller may read.
    All,
    /// Contracts of other forvaltninger than the document's own (what one could reuse, §5.1).
    OtherForvaltningersContracts,
}

/// Up to `limit` documents most like `doc` that the caller may read in full, most similar first.
pub async fn load_similar(
    state: &AppState,
    caller: &Caller,
    doc: &Document,
    limit: usize,
    among: Among,
) -> Result<Vec<(Document, f32)>, ApiError> {
    // Ask for more than needed: the own forvaltning's hits and other kinds are dropped below.
    let wanted = if among == Among::All {
        limit
    } else {
        limit * 4
    };
    let (index, id, scope) = (
        state.index.clone(),
        doc.id.to_string(),
        caller.index_scope(),
    );
    let hits = tokio::task::spawn_blocking(move || index.similar(&id, wanted, &scope))
        .await
        .map_err(ApiError::internal)??;
    let ids = hits.iter().map(|h| h.document_id.clone()).collect();
    let found = state.catalog.documents(&DocQuery::Ids(ids)).await?;
    let readable = |d: &Document| {
        decide(
            &caller.actor,
            Action::ReadContent,
            &Resource::Document(d.into()),
        ) == Decision::Allow
    };
    let wanted_kind = |d: &Document| match among {
        Among::All => true,
        Among::OtherForvaltningersContracts => {
            d.kind == DocumentKind::Contract && d.forvaltning != doc.forvaltning
        }
    };
    Ok(hits
        .iter()
        .filter_map(|h| {
            let d = found.iter().find(|d| d.id.to_string() == h.document_id)?;
            (readable(d) && wanted_kind(d)).then(|| (d.clone(), h.score))
        })
        .take(limit)
        .collect())
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
    let found = load_similar(&state, &caller, &doc, 10, Among::All).await?;
    Ok(Json(
        found
            .into_iter()
            .map(|(d, score)| Similar {
                document_id: d.id.to_string(),
                title: d.title,
                kind: d.kind.as_str().to_string(),
                forvaltning: d.forvaltning.as_str().to_string(),
                supplier: d.supplier.map(|s| s.name),
                score,
            })
            .collect(),
    ))
}
