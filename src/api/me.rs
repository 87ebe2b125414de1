//! The caller's own account: who am I, and the secret calendar-feed URL (made, rotated, revoked here).

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use serde::Serialize;
use storage::access::{Action, Role};
use storage::model::Forvaltning;
use utoipa::ToSchema;

use super::auth::Caller;
use super::error::{ApiError, ErrorBody};
use super::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct Me {
    name: String,
    role: Role,
    forvaltning: Option<Forvaltning>,
    unit: Option<String>,
}

/// Who the caller is.
#[utoipa::path(get, path = "/api/v1/me", operation_id = "me",
    responses((status = 200, description = "the caller", body = Me), (status = 401, description = "not signed in", body = ErrorBody)))]
pub async fn me(caller: Caller) -> Json<Me> {
    let a = caller.actor;
    Json(Me {
        name: a.name,
        role: a.role,
        forvaltning: a.forvaltning,
        unit: a.unit,
    })
}

#[derive(Serialize, ToSchema)]
pub struct Feed {
    /// Subscribe to this in Outlook; it works without a token. Shown once: a new one replaces it.
    url: String,
}

/// A new secret calendar-feed URL for the caller; the previous one stops working.
#[utoipa::path(post, path = "/api/v1/me/feed", operation_id = "rotate_feed",
    responses((status = 200, description = "the new feed URL", body = Feed), (status = 401, description = "not signed in", body = ErrorBody)))]
pub async fn rotate_feed(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
) -> Result<Json<Feed>, ApiError> {
    caller.gate(Action::ReadReports)?;
    let key = state
        .catalog
        .rotate_feed_key(caller.name(), caller.name())
        .await?;
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    // Outlook fetches the feed itself, so the URL must name the scheme the user reached us by.
    let scheme = if state.auth.over_tls(&headers) {
        "https"
    } else {
        "http"
    };
    Ok(Json(Feed {
        url: format!("{scheme}://{host}/api/v1/reports/deadlines.ics?key={key}"),
    }))
}

/// Revokes the caller's calendar-feed URL.
#[utoipa::path(delete, path = "/api/v1/me/feed", operation_id = "revoke_feed",
    responses((status = 204, description = "revoked"), (status = 401, description = "not signed in", body = ErrorBody)))]
pub async fn revoke_feed(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<StatusCode, ApiError> {
    state
        .catalog
        .revoke_feed_key(caller.name(), caller.name())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
