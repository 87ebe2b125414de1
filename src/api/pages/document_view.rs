//! The document page's data made from what is stored: the metadata everyone who may know of the document
//! sees, and audit events in words. Only mapping: `document` loads and decides what the caller sees.

use storage::catalog::AuditEvent;
use storage::model::{Document, DocumentKind};
use templates::Link;
use templates::document::{AuditEntry, ContractTerms, DocumentView, DocumentationInfo};

use super::view::date;

/// One event of the document's history, as people read it.
pub(super) fn audit_entry(e: AuditEvent) -> AuditEntry {
    AuditEntry {
        at: e.at,
        actor: e.actor,
        action: e.action,
        details: readable_details(&e.details),
    }
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
pub(super) fn metadata_view(d: &Document) -> DocumentView {
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
