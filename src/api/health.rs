//! Liveness and readiness.

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

use super::error::ApiError;
use super::state::AppState;

/// Liveness: the process answers.
#[utoipa::path(get, path = "/healthz", security(()), responses((status = 200, description = "alive")))]
pub async fn healthz() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

/// Readiness: catalog, blob store and index are reachable.
#[utoipa::path(get, path = "/readyz", security(()), responses(
    (status = 200, description = "ready"),
    (status = 503, description = "a dependency is unreachable", body = super::error::ErrorBody)
))]
pub async fn readyz(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    // The client learns which component failed; the reason (paths, SQL, object-store text) is only logged.
    let unavailable = |what: &str, e: &dyn std::fmt::Display| {
        tracing::error!(component = what, error = %e, "not ready");
        ApiError::Unavailable(format!("the {what} is unreachable"))
    };
    state
        .catalog
        .ping()
        .await
        .map_err(|e| unavailable("catalog", &e))?;
    let probe: storage::Sha256 = "0".repeat(64).parse().map_err(ApiError::from)?;
    state
        .blobs
        .exists(&probe)
        .await
        .map_err(|e| unavailable("blob store", &e))?;
    let documents = state.index.num_documents();
    Ok(Json(
        json!({"status": "ready", "indexed_documents": documents}),
    ))
}
