//! The auditor's export of one system: a zipped BagIt bag with every document's original file, its metadata,
//! the dossier and the audit events, streamed as it is written (assembled by `storage::bagit::system::SystemBag`).

use axum::body::Body;
use axum::extract::State;
use axum::response::Response;
use storage::access::Action;
use storage::bagit::system::SystemBag;

use super::auth::Caller;
use super::error::{ApiError, ErrorBody};
use super::extract::{Path, Query};
use super::params::AsOf;
use super::state::AppState;

/// Who wrote the bag (`Bag-Software-Agent`).
pub const AGENT: &str = concat!("kontraktarkiv ", env!("CARGO_PKG_VERSION"));

/// The system's BagIt bag (RFC 8493) as a zip: `data/dossier.json`, `data/documents/<id>/` with the original
/// file and `metadata.json`, and `data/audit-events.json`; SHA-256 manifests for payload and tag files.
#[utoipa::path(get, path = "/api/v1/systems/{id}/export", operation_id = "export_system", params(("id" = String, Path, description = "system id"), AsOf),
    responses(
        (status = 200, description = "the bag, zipped", content_type = "application/zip"),
        (status = 404, description = "no such system", body = ErrorBody)))]
pub async fn export(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(as_of): Query<AsOf>,
) -> Result<Response, ApiError> {
    caller.gate(Action::Export)?;
    let dossier = super::systems::load_dossier(&state, &caller, &id, as_of).await?;
    let bag = SystemBag::export(&state.catalog, &dossier, caller.name(), AGENT).await?;
    let name = bag.zip_name();
    // A blob that fails mid-way breaks the stream off, so the client never gets a zip that looks whole.
    let body = Body::from_stream(bag.into_stream(state.blobs.clone()));
    Ok(super::download::attachment(
        Response::new(body),
        "application/zip",
        &name,
    ))
}
