//! Dokument: one document with what the caller may see of it; correcting and linking for those who may.
//!
//! This file loads and decides; `document_view` maps the stored document and its history to view data.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect};
use serde::Deserialize;
use storage::access::{Action, Decision, Resource, decide};
use storage::catalog::DocQuery;
use storage::model::{Document, DocumentKind};
use templates::document::{DocumentView, EditForms, ExtractionReport, LinkedSystem};
use templates::forms::FieldMap;
use templates::{Choice, Link};

use super::document_view::{audit_entry, metadata_view};
use super::view::{PageCaller, PageError, PageResult, html, row};
use crate::api::auth::{Caller, document_for};
use crate::api::extract::{Form, Path, Query};
use crate::api::state::AppState;

#[derive(Deserialize)]
pub struct Open {
    /// The page to open the PDF at (a search hit's page).
    side: Option<u32>,
}

pub async fn page(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
    Query(open): Query<Open>,
) -> PageResult {
    let doc = document_for(&state, &caller.0, &id, Action::ReadMetadata).await?;
    let view = document_view(&state, &caller.0, doc, open.side).await?;
    html(templates::document::document(&caller.chrome(), &view))
}

/// The page's data: each part only for those who may have it, by the policy the API's route for that
/// part asks, so the page shows no more than the API would.
async fn document_view(
    state: &AppState,
    caller: &Caller,
    doc: Document,
    open_page: Option<u32>,
) -> Result<DocumentView, PageError> {
    let doc = crate::api::documents::derived(state, doc).await?;
    let may = |action| {
        decide(&caller.actor, action, &Resource::Document((&doc).into())) == Decision::Allow
    };
    let mut view = metadata_view(&doc);
    view.open_page = open_page;
    if may(Action::ReadContent) {
        content(state, caller, &doc, &mut view).await?;
    }
    related(state, caller, &doc, may(Action::Link), &mut view).await?;
    if may(Action::ReadAudit) {
        let events = state
            .catalog
            .audit_events(&format!("document/{}", doc.id))
            .await?;
        view.history = Some(events.into_iter().map(audit_entry).collect());
    }
    if may(Action::Correct) {
        view.edit = Some(edit_forms(state, caller, &doc).await?);
    }
    Ok(view)
}

/// The PDF, its text per page and the extraction report: for those who may read the content.
async fn content(
    state: &AppState,
    caller: &Caller,
    d: &Document,
    view: &mut DocumentView,
) -> Result<(), PageError> {
    view.content_url = Some(format!("/api/v1/documents/{}/content", d.id));
    let Some(extraction) = state.catalog.extraction(&d.sha256).await? else {
        return Ok(());
    };
    state
        .catalog
        .audit(
            caller.name(),
            "document.read_text",
            &format!("document/{}", d.id),
            serde_json::json!({"page": true}),
        )
        .await?;
    view.extraction = Some(ExtractionReport {
        pages_with_text: extraction.pages.iter().filter(|p| p.chars > 0).count() as u32,
        characters: extraction.pages.iter().map(|p| p.chars as u64).sum(),
        image_only_pages: extraction
            .pages
            .iter()
            .filter(|p| p.image_only)
            .map(|p| p.page)
            .collect(),
        clauses: None,
        notes: extraction.message.iter().cloned().collect(),
    });
    view.text_pages = extraction.pages.into_iter().map(|p| p.text).collect();
    if matches!(d.kind, DocumentKind::Contract) {
        let among = crate::api::similar::Among::OtherForvaltningersContracts;
        let found = crate::api::similar::load_similar(state, caller, d, 5, among).await?;
        let mut rows = Vec::new();
        for (similar, _) in found {
            // With its derived state, so that the list says whether it is in force.
            rows.push(row(&crate::api::documents::derived(state, similar).await?));
        }
        view.similar = Some(rows);
    }
    Ok(())
}

/// The contract family and the linked systems.
async fn related(
    state: &AppState,
    caller: &Caller,
    d: &Document,
    may_link: bool,
    view: &mut DocumentView,
) -> Result<(), PageError> {
    let ctx = crate::api::params::context(state, Default::default());
    let set = caller
        .doc_set(state, &[DocQuery::Ids(vec![d.id.to_string()])], &ctx)
        .await?;
    if let Some(root) = set.family_root(d) {
        let members = set.get(&root).into_iter().chain(set.children(&root));
        view.family = members.filter(|m| m.id != d.id).map(row).collect();
    }
    let systems = state.catalog.all_systems().await?;
    view.systems = d
        .system_ids
        .iter()
        .map(|sid| LinkedSystem {
            system: Link::new(
                systems
                    .iter()
                    .find(|s| &s.id == sid)
                    .map(|s| format!("{} ({sid})", s.name))
                    .unwrap_or_else(|| sid.clone()),
                format!("/systemer/{sid}"),
            ),
            unlink_url: may_link.then(|| format!("/dokumenter/{}/systemer/{sid}/fjern", d.id)),
        })
        .collect();
    Ok(())
}

async fn edit_forms(
    state: &AppState,
    caller: &Caller,
    d: &Document,
) -> Result<EditForms, PageError> {
    let json = serde_json::to_value(d.metadata()).map_err(crate::api::error::ApiError::internal)?;
    let mut values = FieldMap::new();
    for (k, v) in json.as_object().into_iter().flatten() {
        let text = match v {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Bool(true) => "true".into(),
            serde_json::Value::Number(n) => n.to_string(),
            _ => continue,
        };
        values.insert(k.clone(), text);
    }
    if let Some(s) = &d.supplier {
        values.insert("supplier_cvr".into(), s.key());
        values.insert("supplier_name".into(), s.name.clone());
    }
    let systems = state.catalog.all_systems().await?;
    Ok(EditForms {
        csrf_token: caller.csrf.clone().unwrap_or_default(),
        correct_url: format!("/dokumenter/{}/ret", d.id),
        values,
        link_url: format!("/dokumenter/{}/systemer", d.id),
        systems: systems
            .iter()
            .map(|s| Choice::new(s.id.clone(), format!("{} ({})", s.name, s.id)))
            .collect(),
        ..Default::default()
    })
}

#[derive(Deserialize)]
pub struct LinkForm {
    csrf_token: String,
    #[serde(default)]
    system_id: String,
}

pub async fn link(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
    Form(f): Form<LinkForm>,
) -> PageResult {
    relink(
        &state,
        &caller,
        &id,
        f.system_id.trim(),
        &f.csrf_token,
        true,
    )
    .await
}

pub async fn unlink(
    State(state): State<AppState>,
    caller: PageCaller,
    Path((id, system_id)): Path<(String, String)>,
    Form(f): Form<LinkForm>,
) -> PageResult {
    relink(&state, &caller, &id, &system_id, &f.csrf_token, false).await
}

/// Links (or unlinks) a document and a system, then shows the document again.
async fn relink(
    state: &AppState,
    caller: &PageCaller,
    id: &str,
    system_id: &str,
    csrf: &str,
    link: bool,
) -> PageResult {
    caller.0.check_csrf(Some(csrf))?;
    let doc = document_for(state, &caller.0, id, Action::Link).await?;
    let changed = if link {
        state
            .catalog
            .link_system(&doc.id, system_id, caller.0.name())
            .await?
    } else {
        state
            .catalog
            .unlink_system(&doc.id, system_id, caller.0.name())
            .await?
    };
    if changed {
        state.indexer.notify();
    }
    Ok(Redirect::to(&format!("/dokumenter/{}", doc.id)).into_response())
}

/// A correction from the form: the fields of the document's kind replace the stored ones.
pub async fn correct(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
    Form(fields): Form<std::collections::BTreeMap<String, String>>,
) -> PageResult {
    caller
        .0
        .check_csrf(fields.get("csrf_token").map(String::as_str))?;
    let old = document_for(&state, &caller.0, &id, Action::Correct).await?;
    let json = match super::form::metadata(old.kind.as_str(), &fields, &old.system_ids) {
        Ok(json) => json,
        Err(_) => {
            return Err(
                crate::api::error::ApiError::invalid("form", "a field is not valid").into(),
            );
        }
    };
    let new = crate::ingest::parse_metadata(json.to_string().as_bytes())?;
    state
        .catalog
        .correct_document(&old.id, &new, caller.0.name())
        .await?;
    state.indexer.notify();
    Ok(Redirect::to(&format!("/dokumenter/{}", old.id)).into_response())
}
