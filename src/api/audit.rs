//! Reading the audit log: one document's history, and the log for a period (JSON, or CSV with
//! `Accept: text/csv`). For `revisor` and `koncern_it`; a `digitaliseringskontor` sees its own forvaltning's.

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use storage::access::{Action, Resource, Role};
use storage::catalog::{AuditEvent, AuditQuery};
use storage::model::Forvaltning;
use utoipa::IntoParams;

use super::auth::{Caller, authorize, document_for};
use super::error::{ApiError, ErrorBody};
use super::extract::{Path, Query};
use super::state::AppState;

/// One document's audit events, oldest first.
#[utoipa::path(get, path = "/api/v1/documents/{id}/history", operation_id = "document_history",
    params(("id" = String, Path, description = "document id")),
    responses(
        (status = 200, description = "the events", body = Vec<AuditEvent>),
        (status = 403, description = "the role may not read the audit log", body = ErrorBody),
        (status = 404, description = "no such document", body = ErrorBody)))]
pub async fn history(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Vec<AuditEvent>>, ApiError> {
    let doc = document_for(&state, &caller, &id, Action::ReadAudit).await?;
    Ok(Json(
        state
            .catalog
            .audit_events(&format!("document/{}", doc.id))
            .await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    /// From this time on (RFC 3339, e.g. `2026-01-01T00:00:00Z`).
    from: Option<chrono::DateTime<chrono::Utc>>,
    /// Before this time (RFC 3339).
    to: Option<chrono::DateTime<chrono::Utc>>,
    /// Only this actor's events (a login name, or `cli:<user>`).
    actor: Option<String>,
    /// Only this action, e.g. `document.read_content`, `search`, `login.failed`.
    action: Option<String>,
    /// Events after this sequence number (paging).
    after_seq: Option<i64>,
    /// At most this many events, 1–10000 (default 1000).
    limit: Option<u32>,
}

impl AuditParams {
    fn into_query(self, forvaltning: Option<Forvaltning>) -> Result<AuditQuery, ApiError> {
        let limit = self.limit.unwrap_or(1000);
        if !(1..=10_000).contains(&limit) {
            return Err(ApiError::BadRequest(
                "limit: must be between 1 and 10000".into(),
            ));
        }
        Ok(AuditQuery {
            from: self.from,
            to: self.to,
            actor: self.actor,
            action: self.action,
            forvaltning,
            after_seq: self.after_seq,
            limit,
        })
    }
}

/// The audit log for a period, oldest first: JSON, or CSV with `Accept: text/csv`.
#[utoipa::path(get, path = "/api/v1/audit", operation_id = "audit_log", params(AuditParams),
    responses(
        (status = 200, description = "the events", body = Vec<AuditEvent>, content_type = "application/json"),
        (status = 200, description = "the events as CSV", content_type = "text/csv"),
        (status = 403, description = "the role may not read the audit log", body = ErrorBody)))]
pub async fn log(
    State(state): State<AppState>,
    caller: Caller,
    Query(p): Query<AuditParams>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    // A digitaliseringskontor reads its own forvaltning's part of the log; the others all of it.
    let own = match caller.actor.role {
        Role::Digitaliseringskontor => caller.actor.forvaltning,
        _ => None,
    };
    authorize(&caller.actor, Action::ReadAudit, &Resource::Audit(own))?;
    let query = p.into_query(own)?;
    let events = state.catalog.audit_log(&query).await?;
    if super::render::wants(&headers, "text/csv") {
        let response = super::render::audit_csv(&events).into_response();
        return Ok(super::download::attachment(
            response,
            "text/csv; charset=utf-8",
            "audit.csv",
        ));
    }
    Ok(Json(events).into_response())
}
