//! Suppliers: the register by CVR (or country and id abroad), and one supplier's overview.

use axum::Json;

use super::extract::{Body, Path, Query};
use axum::extract::State;
use serde::Deserialize;
use storage::catalog::{DocQuery, SupplierEntry};
use storage::views::{self, SupplierOverview};
use utoipa::ToSchema;

use super::auth::Caller;
use super::error::{ApiError, ErrorBody};
use super::params::{AsOf, context, parse_json};
use super::state::AppState;
use storage::access::Action;

/// Every supplier of the register, by name.
#[utoipa::path(get, path = "/api/v1/suppliers", operation_id = "list_suppliers",
    responses((status = 200, description = "suppliers", body = Vec<SupplierEntry>)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<SupplierEntry>>, ApiError> {
    caller.gate(Action::ReadRegister)?;
    Ok(Json(state.catalog.suppliers().await?))
}

/// A supplier's contracts across all forvaltninger, with their systems and what is in force.
#[utoipa::path(get, path = "/api/v1/suppliers/{cvr}", operation_id = "supplier_overview",
    params(("cvr" = String, Path, description = "CVR number, or `<country>-<id>` for a foreign supplier"), AsOf),
    responses(
        (status = 200, description = "the overview", body = SupplierOverview),
        (status = 404, description = "no such supplier", body = ErrorBody)))]
pub async fn overview(
    State(state): State<AppState>,
    caller: Caller,
    Path(cvr): Path<String>,
    Query(as_of): Query<AsOf>,
) -> Result<Json<SupplierOverview>, ApiError> {
    caller.gate(Action::ReadReports)?;
    Ok(Json(load_overview(&state, &caller, &cvr, as_of).await?))
}

/// A supplier's overview over the documents the caller may know of.
pub(super) async fn load_overview(
    state: &AppState,
    caller: &Caller,
    cvr: &str,
    as_of: AsOf,
) -> Result<SupplierOverview, ApiError> {
    let supplier = state.catalog.get_supplier(cvr.trim()).await?;
    let ctx = context(state, as_of);
    let queries = [DocQuery::Supplier(supplier.key.clone())];
    let set = caller.doc_set(state, &queries, &ctx).await?;
    let systems = state.catalog.all_systems().await?;
    Ok(views::supplier_overview(&set, supplier, &systems))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SupplierCorrection {
    /// The supplier's new name; its identity (CVR) stays.
    name: String,
}

/// Rename a supplier (audited); its documents answer and are found under the new name.
#[utoipa::path(patch, path = "/api/v1/suppliers/{cvr}", operation_id = "rename_supplier",
    params(("cvr" = String, Path, description = "CVR number, or `<country>-<id>`")),
    request_body = SupplierCorrection,
    responses(
        (status = 200, description = "renamed", body = SupplierEntry),
        (status = 404, description = "no such supplier", body = ErrorBody),
        (status = 422, description = "invalid name", body = ErrorBody)))]
pub async fn rename(
    State(state): State<AppState>,
    caller: Caller,
    Path(cvr): Path<String>,
    Body(body): Body,
) -> Result<Json<SupplierEntry>, ApiError> {
    caller.gate(Action::ManageRegister)?;
    let correction: SupplierCorrection = parse_json(&body)?;
    let entry = state
        .catalog
        .rename_supplier(cvr.trim(), &correction.name, caller.name())
        .await?;
    state.indexer.notify();
    Ok(Json(entry))
}
