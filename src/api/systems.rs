//! The system register (§0.5, §6): create, list, read, correct, delete; a system's dossier and export.

use axum::Json;

use super::extract::{Body, Path, Query};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use storage::catalog::{DocQuery, SystemFilter};
use storage::model::{NewSystem, System};
use storage::views::{self, Dossier};
use utoipa::{IntoParams, ToSchema};

use super::auth::Caller;
use super::error::{ApiError, ErrorBody};
use super::params::{AsOf, context, parse_json};
use super::state::AppState;
use storage::access::Action;

/// Add a system to the register; without `id` it gets the next `SYS-nnnn`.
#[utoipa::path(post, path = "/api/v1/systems", operation_id = "create_system", request_body = NewSystem,
    responses(
        (status = 201, description = "created", body = System),
        (status = 409, description = "the id or KITOS UUID exists", body = ErrorBody),
        (status = 422, description = "invalid; the message names the field", body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    Body(body): Body,
) -> Result<Response, ApiError> {
    caller.gate(Action::ManageRegister)?;
    let new: NewSystem = parse_json(&body)?;
    let system = state.catalog.create_system(&new, caller.name()).await?;
    Ok((StatusCode::CREATED, Json(system)).into_response())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// §6 category, e.g. `specialist`.
    category: Option<String>,
    /// Owned or used by this forvaltning (code).
    forvaltning: Option<String>,
    /// `phasing_in`, `operational`, `phasing_out`, `not_in_use`.
    lifecycle: Option<String>,
    /// `administrative` or `pedagogical`.
    network: Option<String>,
    /// Part of the name or id.
    q: Option<String>,
    /// 1–500, default 100.
    limit: Option<u32>,
    offset: Option<u32>,
}

#[derive(Serialize, ToSchema)]
pub struct SystemList {
    total: u64,
    systems: Vec<System>,
}

fn param<T: std::str::FromStr>(name: &str, value: Option<String>) -> Result<Option<T>, ApiError>
where
    T::Err: std::fmt::Display,
{
    value
        .filter(|v| !v.is_empty())
        .map(|v| {
            v.parse::<T>()
                .map_err(|e| ApiError::BadRequest(format!("{name}: {e}")))
        })
        .transpose()
}

/// The register, filtered and paged, by id.
#[utoipa::path(get, path = "/api/v1/systems", operation_id = "list_systems", params(ListParams),
    responses((status = 200, description = "systems", body = SystemList), (status = 400, description = "bad filter", body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    Query(p): Query<ListParams>,
) -> Result<Json<SystemList>, ApiError> {
    caller.gate(Action::ReadRegister)?;
    let limit = p.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        return Err(ApiError::BadRequest(
            "limit: must be between 1 and 500".into(),
        ));
    }
    let filter = SystemFilter {
        category: param("category", p.category)?,
        forvaltning: param("forvaltning", p.forvaltning)?,
        lifecycle: param("lifecycle", p.lifecycle)?,
        network: param("network", p.network)?,
        q: p.q.filter(|q| !q.trim().is_empty()),
        limit,
        offset: p.offset.unwrap_or(0),
    };
    let (total, systems) = state.catalog.list_systems(&filter).await?;
    Ok(Json(SystemList { total, systems }))
}

#[utoipa::path(get, path = "/api/v1/systems/{id}", operation_id = "get_system", params(("id" = String, Path, description = "system id")),
    responses((status = 200, description = "the system", body = System), (status = 404, description = "no such system", body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<System>, ApiError> {
    caller.gate(Action::ReadRegister)?;
    Ok(Json(state.catalog.get_system(&id).await?))
}

/// Correct a system: the fields given replace the stored ones (`null` clears); audited with old and new values.
#[utoipa::path(patch, path = "/api/v1/systems/{id}", operation_id = "correct_system", params(("id" = String, Path, description = "system id")),
    request_body(content = Object, description = "fields of the system to change"),
    responses(
        (status = 200, description = "the corrected system", body = System),
        (status = 404, description = "no such system", body = ErrorBody),
        (status = 422, description = "invalid; the message names the field", body = ErrorBody)))]
pub async fn patch(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Body(body): Body,
) -> Result<Json<System>, ApiError> {
    caller.gate(Action::ManageRegister)?;
    let old = state.catalog.get_system(&id).await?;
    let merged = super::params::merge_patch(
        serde_json::to_value(old.as_new()).map_err(ApiError::internal)?,
        &body,
        &["created_at", "updated_at"],
    )?;
    let new: NewSystem = parse_json(&merged)?;
    Ok(Json(
        state
            .catalog
            .update_system(&id, &new, caller.name())
            .await?,
    ))
}

/// Remove a system; refused with 409 while documents are linked to it.
#[utoipa::path(delete, path = "/api/v1/systems/{id}", operation_id = "delete_system", params(("id" = String, Path, description = "system id")),
    responses(
        (status = 204, description = "deleted"),
        (status = 404, description = "no such system", body = ErrorBody),
        (status = 409, description = "documents are linked to it", body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    caller.gate(Action::ManageRegister)?;
    state.catalog.delete_system(&id, caller.name()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Everything about one system: contract families, documentation versions newest first, flags.
#[utoipa::path(get, path = "/api/v1/systems/{id}/dossier", operation_id = "system_dossier", params(("id" = String, Path, description = "system id"), AsOf),
    responses((status = 200, description = "the dossier", body = Dossier), (status = 404, description = "no such system", body = ErrorBody)))]
pub async fn dossier(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(as_of): Query<AsOf>,
) -> Result<Json<Dossier>, ApiError> {
    caller.gate(Action::ReadRegister)?;
    Ok(Json(load_dossier(&state, &caller, &id, as_of).await?))
}

/// A system's dossier over the documents the caller may know of.
pub(super) async fn load_dossier(
    state: &AppState,
    caller: &Caller,
    id: &str,
    as_of: AsOf,
) -> Result<Dossier, ApiError> {
    let system = state.catalog.get_system(id).await?;
    let ctx = context(state, as_of);
    let queries = [DocQuery::LinkedTo(vec![system.id.clone()])];
    let set = caller.doc_set(state, &queries, &ctx).await?;
    Ok(views::dossier(&set, system, &ctx))
}
