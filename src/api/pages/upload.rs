//! Indsend: choose a kind, then that kind's form; the upload streams to `ingest` like the API's, and the
//! browser goes on to the document's page, which follows the extraction status.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use futures::StreamExt;
use serde::Deserialize;
use storage::access::{Action, DocFacts, Resource};
use storage::catalog::{DocQuery, Inserted};
use storage::model::DocumentKind;
use templates::Choice;
use templates::forms::FieldMap;
use templates::upload::UploadView;

use super::form;
use super::view::{PageCaller, PageError, PageResult, html};
use crate::api::auth::authorize;
use crate::api::extract::{Multipart, Query};
use crate::api::state::AppState;
use crate::ingest::{IngestError, Upload, ingest};

#[derive(Deserialize)]
pub struct Choose {
    #[serde(rename = "type")]
    kind: Option<String>,
}

pub async fn form(
    State(state): State<AppState>,
    caller: PageCaller,
    Query(c): Query<Choose>,
) -> PageResult {
    caller.0.gate(Action::Upload)?;
    let Some(kind) = c.kind.filter(|k| k.parse::<DocumentKind>().is_ok()) else {
        return html(templates::upload::upload_choose(&caller.chrome()));
    };
    let mut values = FieldMap::new();
    if let Some(f) = caller.0.actor.forvaltning {
        values.insert("forvaltning".into(), f.as_str().into());
    }
    let view = view(&state, &caller, kind, values, FieldMap::new(), Vec::new()).await?;
    html(templates::upload::upload_form(&caller.chrome(), &view))
}

/// The form's choices: known suppliers, contracts to attach to, the register's systems.
async fn view(
    state: &AppState,
    caller: &PageCaller,
    kind: String,
    values: FieldMap,
    errors: FieldMap,
    selected_systems: Vec<String>,
) -> Result<UploadView, PageError> {
    let suppliers = state.catalog.suppliers().await?;
    let contracts = state
        .catalog
        .documents(&DocQuery::Kinds(vec![DocumentKind::Contract]))
        .await?;
    let scope = caller.0.scope();
    let parents = contracts
        .iter()
        .filter(|d| scope.visibility(&DocFacts::from(*d)) != storage::access::Visibility::None)
        .map(|d| {
            Choice::new(
                d.id.to_string(),
                format!("{} ({})", d.title, d.forvaltning.as_str()),
            )
        })
        .collect();
    let systems = state.catalog.all_systems().await?;
    Ok(UploadView {
        kind,
        csrf_token: caller.0.csrf.clone().unwrap_or_default(),
        values,
        errors,
        suppliers: suppliers
            .iter()
            .map(|s| Choice::new(s.key.clone(), s.supplier.name.clone()))
            .collect(),
        parents,
        systems: systems
            .iter()
            .map(|s| Choice::new(s.id.clone(), format!("{} ({})", s.name, s.id)))
            .collect(),
        selected_systems,
        max_upload_mb: Some(state.max_upload_bytes >> 20),
    })
}

/// Receives the form: its text fields, then the file, streamed into the store.
pub async fn submit(
    State(state): State<AppState>,
    caller: PageCaller,
    Multipart(multipart): Multipart,
) -> PageResult {
    caller.0.gate(Action::Upload)?;
    let sent = receive(&state, &caller, multipart).await?;
    let errors = match sent.outcome {
        Some(Ok(id)) => return Ok(Redirect::to(&format!("/dokumenter/{id}")).into_response()),
        Some(Err(errors)) => errors,
        None => FieldMap::from([("file".to_string(), "Vælg en PDF-fil.".to_string())]),
    };
    refused(&state, &caller, sent.fields, sent.systems, errors).await
}

/// What a form brought: its text fields, the systems chosen, and what became of the file (none if the
/// form had no file).
struct Sent {
    fields: BTreeMap<String, String>,
    systems: Vec<String>,
    outcome: Option<Result<String, FieldMap>>,
}

/// Reads the form in its order. The form puts the file last and a browser sends fields in the form's
/// order, so the metadata is known when the file's bytes arrive, and they stream straight into the store.
async fn receive(
    state: &AppState,
    caller: &PageCaller,
    mut multipart: axum::extract::Multipart,
) -> Result<Sent, PageError> {
    let mut fields = BTreeMap::new();
    let mut systems = Vec::new();
    let mut outcome = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| bad(&e.body_text()))?
    {
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            outcome = Some(store(state, caller, &fields, &systems, field).await?);
            break;
        }
        let value = field.text().await.map_err(|e| bad(&e.body_text()))?;
        match name.as_str() {
            "system_ids" if !value.is_empty() => systems.push(value),
            _ => {
                fields.insert(name, value);
            }
        }
    }
    // Drain what follows the file, so the browser sees the answer.
    while let Ok(Some(mut rest)) = multipart.next_field().await {
        while let Ok(Some(_)) = rest.chunk().await {}
    }
    Ok(Sent {
        fields,
        systems,
        outcome,
    })
}

/// The form again, as it was filled in and with what to fix, answered 422.
async fn refused(
    state: &AppState,
    caller: &PageCaller,
    fields: BTreeMap<String, String>,
    systems: Vec<String>,
    errors: FieldMap,
) -> PageResult {
    let kind = fields.get("kind").cloned().unwrap_or_default();
    // The token is the session's own; the form gets it afresh, not echoed back.
    let values: FieldMap = fields
        .into_iter()
        .filter(|(k, _)| k != "csrf_token")
        .collect();
    let view = view(state, caller, kind, values, errors, systems).await?;
    let page = templates::upload::upload_form(&caller.chrome(), &view);
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        axum::response::Html(page.into_string()),
    )
        .into_response())
}

fn bad(detail: &str) -> PageError {
    PageError(crate::api::error::ApiError::BadRequest(format!(
        "malformed form: {detail}"
    )))
}

/// Checks the form and stores the file: the document id, or the form's errors.
async fn store(
    state: &AppState,
    caller: &PageCaller,
    fields: &BTreeMap<String, String>,
    systems: &[String],
    file: axum::extract::multipart::Field<'_>,
) -> Result<Result<String, FieldMap>, PageError> {
    caller
        .0
        .check_csrf(fields.get("csrf_token").map(String::as_str))?;
    let kind = fields.get("kind").map(String::as_str).unwrap_or_default();
    let json = match form::metadata(kind, fields, systems) {
        Ok(json) => json,
        Err(errors) => return Ok(Err(errors)),
    };
    let metadata = match crate::ingest::parse_metadata(json.to_string().as_bytes()) {
        Ok(m) => m,
        Err(e) => return Ok(Err(form::errors(&e).ok_or_else(|| PageError::from(e))?)),
    };
    let facts = DocFacts {
        kind: metadata.kind,
        forvaltning: metadata.forvaltning,
        confidential: metadata.confidential,
    };
    authorize(&caller.0.actor, Action::Upload, &Resource::Document(facts))?;
    let upload = Upload {
        metadata: &metadata,
        file_name: file.file_name().map(str::to_string),
        max_bytes: state.max_upload_bytes,
        actor: caller.0.name(),
    };
    let mut body = file.map(|c| c.map_err(|e| IngestError::Read(e.body_text())));
    match ingest(&state.catalog, &state.blobs, upload, &mut body).await {
        Ok(Inserted::Created(d)) => {
            state.indexer.notify();
            Ok(Ok(d.id.to_string()))
        }
        Ok(Inserted::Existing(d)) => Ok(Ok(d.id.to_string())),
        Err(e) => {
            while let Some(Ok(_)) = body.next().await {}
            Ok(Err(form::errors(&e).ok_or_else(|| PageError::from(e))?))
        }
    }
}
