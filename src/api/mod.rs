//! The JSON API under `/api/v1`, the health probes and the OpenAPI document.
//!
//! - `documents`: upload, metadata, content, text; `corrections`: PATCH and links to systems.
//! - `systems`: the system register, a system's dossier; `export`: its BagIt bag.
//! - `suppliers`: the supplier register and a supplier's overview.
//! - `reports`: compliance (JSON/CSV), deadlines (JSON/iCalendar), reuse; `render`: CSV and iCalendar.
//! - `search`: full-text search.
//! - `health`: `/healthz`, `/readyz`.
//!
//! Handlers are thin: parse, call one function of `storage`/`index`, map the result.

mod corrections;
mod documents;
mod download;
mod export;
mod health;
mod render;
mod reports;
mod search;
mod suppliers;
mod systems;

use axum::Router;
use axum::routing::{get, post, put};
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

use crate::app::AppState;
use crate::error::ApiError;

/// Who is acting. Accounts are a later change; until then every request acts as this one user.
pub const ACTOR: &str = "anonymous";

/// Routes that take large request bodies (they get their own body limit and timeout).
pub fn upload_routes() -> Router<AppState> {
    Router::new().route("/api/v1/documents", post(documents::upload))
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/documents/{id}",
            get(documents::get).patch(corrections::patch),
        )
        .route("/api/v1/documents/{id}/content", get(documents::content))
        .route("/api/v1/documents/{id}/text", get(documents::text))
        .route(
            "/api/v1/documents/{id}/systems/{system_id}",
            put(corrections::link).delete(corrections::unlink),
        )
        .route("/api/v1/systems", get(systems::list).post(systems::create))
        .route(
            "/api/v1/systems/{id}",
            get(systems::get)
                .patch(systems::patch)
                .delete(systems::delete),
        )
        .route("/api/v1/systems/{id}/dossier", get(systems::dossier))
        .route("/api/v1/systems/{id}/export", get(export::export))
        .route("/api/v1/suppliers", get(suppliers::list))
        .route(
            "/api/v1/suppliers/{cvr}",
            get(suppliers::overview).patch(suppliers::rename),
        )
        .route("/api/v1/reuse", get(reports::reuse))
        .route("/api/v1/reports/compliance", get(reports::compliance))
        .route("/api/v1/reports/deadlines", get(reports::deadlines))
        .route("/api/v1/reports/deadlines.ics", get(reports::deadlines_ics))
        .route("/api/v1/search", get(search::search))
        .route("/api/v1/openapi.json", get(openapi))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
}

/// The day a view judges by.
#[derive(Debug, Clone, Copy, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AsOf {
    /// Judge as of this day (`YYYY-MM-DD`); today (UTC) when absent.
    pub as_of: Option<chrono::NaiveDate>,
}

/// The rules' context: the day and the staleness limit of the configuration.
pub fn context(state: &AppState, as_of: AsOf) -> storage::views::Context {
    storage::views::Context {
        today: as_of
            .as_of
            .unwrap_or_else(|| chrono::Utc::now().date_naive()),
        stale_after_months: state.stale_after_months,
    }
}

/// Parses a JSON body, naming the offending field on error (422).
pub fn parse_json<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let field = if path == "." {
            "body".to_string()
        } else {
            path
        };
        ApiError::invalid(field, e.into_inner().to_string())
    })
}

/// Applies a JSON merge patch (RFC 7396, top level) to `current`; fields in `read_only` are refused.
pub fn merge_patch(
    current: serde_json::Value,
    patch: &[u8],
    read_only: &[&str],
) -> Result<Vec<u8>, ApiError> {
    let patch: serde_json::Value = serde_json::from_slice(patch)
        .map_err(|e| ApiError::invalid("body", format!("is not JSON: {e}")))?;
    let serde_json::Value::Object(patch) = patch else {
        return Err(ApiError::invalid(
            "body",
            "must be a JSON object of the fields to change",
        ));
    };
    let serde_json::Value::Object(mut merged) = current else {
        return Err(ApiError::internal("stored value is not an object"));
    };
    for (key, value) in patch {
        if read_only.contains(&key.as_str()) {
            return Err(ApiError::invalid(
                key,
                "is set by the server and cannot be corrected",
            ));
        }
        if value.is_null() {
            merged.remove(&key);
        } else {
            merged.insert(key, value);
        }
    }
    serde_json::to_vec(&merged).map_err(ApiError::internal)
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
        corrections::patch,
        corrections::link,
        corrections::unlink,
        systems::create,
        systems::list,
        systems::get,
        systems::patch,
        systems::delete,
        systems::dossier,
        export::export,
        suppliers::list,
        suppliers::overview,
        suppliers::rename,
        reports::reuse,
        reports::compliance,
        reports::deadlines,
        reports::deadlines_ics,
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
