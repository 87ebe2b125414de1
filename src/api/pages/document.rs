//! Dokument: one document with what the caller may see of it; correcting and linking for those who may.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect};
use serde::Deserialize;
use storage::access::{Action, Decision, Resource, decide};
use storage::catalog::DocQuery;
use storage::model::{Document, DocumentKind};
use templates::document::{
    AuditEntry, ContractTerms, DocumentView, DocumentationInfo, EditForms, ExtractionReport,
    LinkedSystem,
};
use templates::forms::FieldMap;
use templates::{Choice, Link};

use super::view::{PageCaller, PageError, PageResult, date, html, row};
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
    let doc = crate::api::documents::derived(&state, doc).await?;
    let may = |action| {
        decide(&caller.0.actor, action, &Resource::Document((&doc).into())) == Decision::Allow
    };
    let mut view = metadata_view(&doc);
    view.open_page = open.side;
    if may(Action::ReadContent) {
        content(&state, &caller.0, &doc, &mut view).await?;
    }
    related(&state, &caller.0, &doc, may(Action::Link), &mut view).await?;
    if may(Action::ReadAudit) {
        view.history = Some(history(&state, doc.id.as_str()).await?);
    }
    if may(Action::Correct) {
        view.edit = Some(edit_forms(&state, &caller.0, &doc).await?);
    }
    html(templates::document::document(&caller.chrome(), &view))
}

/// The document's audit events, oldest first, for people.
async fn history(state: &AppState, id: &str) -> Result<Vec<AuditEntry>, PageError> {
    let events = state
        .catalog
        .audit_events(&format!("document/{id}"))
        .await?;
    Ok(events
        .into_iter()
        .map(|e| AuditEntry {
            at: e.at,
            actor: e.actor,
            action: e.action,
            details: readable_details(&e.details),
        })
        .collect())
}

/// An audit event's details as "Felt: værdi" pairs for people (the log keeps its JSON). The fingerprint is
/// left out: the metadata shows it, and it tells a reader nothing here.
fn readable_details(json: &str) -> String {
    let Ok(serde_json::Value::Object(fields)) = serde_json::from_str(json) else {
        return json.to_string();
    };
    fields
        .iter()
        .filter(|(k, _)| k.as_str() != "sha256")
        .map(|(k, v)| {
            let value = match v {
                serde_json::Value::String(s) if k == "kind" => {
                    templates::format::kind_label(s).into()
                }
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Number(n) if n.is_u64() => {
                    templates::format::thousands(n.as_u64().unwrap_or_default())
                }
                serde_json::Value::Bool(true) => "ja".into(),
                serde_json::Value::Bool(false) => "nej".into(),
                other => other.to_string(),
            };
            format!("{}: {value}", templates::format::audit_field_label(k))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// What everyone who may know of the document sees.
fn metadata_view(d: &Document) -> DocumentView {
    let x = &d.details;
    let contract =
        matches!(d.kind, DocumentKind::Contract | DocumentKind::Addendum).then(|| ContractTerms {
            contract_number: x.contract_number.clone(),
            valid_from: x.valid_from.map(date),
            valid_to: x.valid_to.map(date),
            ongoing: x.ongoing.unwrap_or(false),
            irrevocable_until: x.irrevocable_until.map(date),
            terminated_on: x.terminated_on.map(date),
            notice_months: x.notice_months,
            notice_anchor: x.notice_anchor.map(|a| a.as_str().to_string()),
            last_notice_day: d
                .contract_state
                .as_ref()
                .and_then(|c| c.last_notice_day)
                .map(date),
            options: x.options.as_ref().map(|o| (o.count, o.months)),
            options_used: x.options_used,
            template: x.template.map(|t| t.as_str().to_string()),
            procurement_form: x
                .procurement
                .as_ref()
                .map(|p| p.form.label_da().to_string()),
            framework_agreement: x
                .procurement
                .as_ref()
                .and_then(|p| p.framework_agreement.clone()),
            value_expected_dkk: x.value_expected_dkk.map(|v| v as i64),
            value_max_dkk: x.value_max_dkk.map(|v| v as i64),
            in_force: d.contract_state.as_ref().map(|c| c.in_force),
            parent: x
                .parent_id
                .as_ref()
                .map(|p| Link::new("Hovedkontrakt", format!("/dokumenter/{p}"))),
            addendum_number: x.addendum_number,
            changed_clauses: x.changed_clauses.clone().unwrap_or_default(),
        });
    let documentation = (d.kind == DocumentKind::SystemDocumentation).then(|| DocumentationInfo {
        doc_type: x
            .doc_type
            .map(|t| t.as_str().to_string())
            .unwrap_or_default(),
        version: x.version.clone(),
        supersedes: x
            .supersedes_id
            .as_ref()
            .map(|s| Link::new("Forrige version", format!("/dokumenter/{s}"))),
        next_revision_due: x.next_revision_due.map(date),
        current: d.documentation_state.as_ref().is_some_and(|s| s.current),
        stale: d.documentation_state.as_ref().is_some_and(|s| s.stale),
    });
    DocumentView {
        id: d.id.to_string(),
        title: d.title.clone(),
        kind: d.kind.as_str().into(),
        forvaltning: d.forvaltning.as_str().into(),
        unit: d.unit.clone(),
        supplier: d
            .supplier
            .as_ref()
            .map(|s| Link::new(s.name.clone(), format!("/leverandoerer/{}", s.key()))),
        supplier_cvr: d.supplier.as_ref().map(|s| s.key()),
        confidential: d.confidential,
        signed_on: d.signed_on.map(date),
        sha256: d.sha256.to_string(),
        bytes: d.bytes,
        pages: d.pages,
        file_name: d.file_name.clone(),
        uploaded_by: d.uploaded_by.clone(),
        uploaded_at: d.uploaded_at.to_rfc3339(),
        status: d.status.as_str().into(),
        status_message: d.status_message.clone(),
        status_api_url: Some(format!("/api/v1/documents/{}", d.id)),
        contract,
        documentation,
        ..Default::default()
    }
}

/// The PDF, its text per page and the extraction report: for those who may read the content.
async fn content(
    state: &AppState,
    caller: &Caller,
    d: &Document,
    view: &mut DocumentView,
) -> Result<(), super::view::PageError> {
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
) -> Result<(), super::view::PageError> {
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
) -> Result<EditForms, super::view::PageError> {
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
