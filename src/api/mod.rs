//! The JSON API under `/api/v1`, the health probes and the OpenAPI document.
//!
//! - `documents`: upload, metadata, content, text.
//! - `search`: full-text search.
//! - `health`: `/healthz`, `/readyz`.
//!
//! Handlers are thin: parse, call one function of `storage`/`index`, map the result.

mod documents;
mod health;
mod search;

use axum::Router;
use axum::routing::{get, post};
use utoipa::OpenApi;

use crate::app::AppState;

/// Who is acting. Accounts are a later change; until then every request acts as this one user.
pub const ACTOR: &str = "anonymous";

/// Routes that take large request bodies (they get their own body limit and timeout).
pub fn upload_routes() -> Router<AppState> {
    Router::new().route("/api/v1/documents", post(documents::upload))
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/documents/{id}", get(documents::get))
        .route("/api/v1/documents/{id}/content", get(documents::content))
        .route("/api/v1/documents/{id}/text", get(documents::text))
        .route("/api/v1/search", get(search::search))
        .route("/api/v1/openapi.json", get(openapi))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Kontraktarkiv API",
        description = "Koncern IT's repository of signed IT contracts, tillæg and system documentation (§5.1, §4.4). \
            Errors answer `{\"error\": {\"code\", \"message\"}}`."
    ),
    paths(
        documents::upload,
        documents::get,
        documents::content,
        documents::text,
        search::search,
        health::healthz,
        health::readyz
    ),
    components(schemas(crate::error::ErrorBody))
)]
pub struct ApiDoc;

async fn openapi() -> axum::Json<utoipa::openapi::OpenApi> {
    axum::Json(ApiDoc::openapi())
}
