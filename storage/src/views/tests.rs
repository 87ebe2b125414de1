use std::collections::HashMap;

use chrono::NaiveDate;

use super::*;
use crate::model::{DocStatus, Forvaltning};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn doc(kind: DocumentKind, details: crate::model::Details) -> Document {
    Document {
        id: crate::ids::DocumentId::generate(),
        kind,
        title: "t".into(),
        forvaltning: Forvaltning::Okf,
        unit: None,
        supplier: None,
        signed_on: None,
        confidential: false,
        system_ids: Vec::new(),
        details,
        sha256: "0".repeat(64).parse().unwrap(),
        file_name: None,
        media_type: "application/pdf".into(),
        bytes: 1,
        pages: None,
        status: DocStatus::Indexed,
        status_message: None,
        uploaded_by: "test".into(),
        uploaded_at: chrono::Utc::now(),
        contract_state: None,
        documentation_state: None,
    }
}

fn set(docs: &[&Document], today: &str) -> DocSet {
    let map: HashMap<String, Document> = docs
        .iter()
        .map(|d| (d.id.to_string(), (*d).clone()))
        .collect();
    DocSet::new(
        map,
        &Context {
            today: d(today),
            stale_after_months: 12,
        },
    )
}

fn state(set: &DocSet, doc: &Document) -> ContractState {
    set.get(doc.id.as_str())
        .unwrap()
        .contract_state
        .clone()
        .unwrap()
}

#[test]
fn a_call_off_contract_inherits_its_frameworks_validity() {
    let framework = doc(
        DocumentKind::Contract,
        crate::model::Details {
            valid_from: Some(d("2022-01-01")),
            valid_to: Some(d("2025-12-31")),
            ..Default::default()
        },
    );
    let call_off = doc(
        DocumentKind::Contract,
        crate::model::Details {
            valid_from: Some(d("2024-01-01")),
            ongoing: Some(true),
            parent_id: Some(framework.id.to_string()),
            ..Default::default()
        },
    );
    let during = set(&[&framework, &call_off], "2025-06-01");
    assert!(state(&during, &call_off).in_force);
    let after = set(&[&framework, &call_off], "2026-01-01");
    assert!(!state(&after, &framework).in_force);
    assert!(
        !state(&after, &call_off).in_force,
        "the framework has expired"
    );
}

#[test]
fn a_tillaeg_is_in_force_with_its_contract_and_changes_its_terms() {
    let contract = doc(
        DocumentKind::Contract,
        crate::model::Details {
            valid_from: Some(d("2024-10-01")),
            valid_to: Some(d("2026-09-30")),
            ..Default::default()
        },
    );
    let mut tillaeg = doc(
        DocumentKind::Addendum,
        crate::model::Details {
            parent_id: Some(contract.id.to_string()),
            addendum_number: Some(1),
            valid_to: Some(d("2027-09-30")),
            ..Default::default()
        },
    );
    tillaeg.signed_on = Some(d("2025-03-01"));
    let before = set(&[&contract, &tillaeg], "2025-01-01");
    assert!(!state(&before, &tillaeg).in_force, "not signed yet");
    assert_eq!(state(&before, &contract).ends_on, Some(d("2026-09-30")));
    let later = set(&[&contract, &tillaeg], "2027-01-01");
    assert!(state(&later, &contract).in_force, "prolonged by tillæg 1");
    assert!(state(&later, &tillaeg).in_force);
    let expired = set(&[&contract, &tillaeg], "2027-10-01");
    assert!(
        !state(&expired, &tillaeg).in_force,
        "its contract has ended"
    );
    // Without its contract in the set a tillæg is not in force.
    assert!(!state(&set(&[&tillaeg], "2025-06-01"), &tillaeg).in_force);
}

#[test]
fn newer_documentation_supersedes_and_only_current_versions_go_stale() {
    let mut v1 = doc(
        DocumentKind::SystemDocumentation,
        crate::model::Details::default(),
    );
    v1.signed_on = Some(d("2023-01-01"));
    let mut v2 = doc(
        DocumentKind::SystemDocumentation,
        crate::model::Details {
            supersedes_id: Some(v1.id.to_string()),
            next_revision_due: Some(d("2025-06-30")),
            ..Default::default()
        },
    );
    v2.signed_on = Some(d("2025-01-01"));
    let s = set(&[&v1, &v2], "2025-03-01");
    let old = s
        .get(v1.id.as_str())
        .unwrap()
        .documentation_state
        .clone()
        .unwrap();
    assert_eq!(old.superseded_by.as_deref(), Some(v2.id.as_str()));
    assert!(!old.current && !old.stale);
    let new = s
        .get(v2.id.as_str())
        .unwrap()
        .documentation_state
        .clone()
        .unwrap();
    assert!(new.current && !new.stale);
    let overdue = set(&[&v1, &v2], "2025-07-01");
    assert!(
        overdue
            .get(v2.id.as_str())
            .unwrap()
            .documentation_state
            .as_ref()
            .unwrap()
            .stale
    );
}

/// The views answer as their OpenAPI schemas say (field names, enum words, derived states).
#[test]
fn views_serialize_as_their_schemas_say() {
    use crate::model::tests::assert_conforms;
    let mut contract = doc(
        DocumentKind::Contract,
        crate::model::Details {
            valid_to: Some(d("2027-06-30")),
            ..Default::default()
        },
    );
    contract.contract_state = Some(ContractState {
        in_force: true,
        last_notice_day: Some(d("2026-12-31")),
        ends_on: Some(d("2027-06-30")),
    });
    let system_ref = SystemRef {
        id: "SYS-0001".into(),
        name: "Løn".into(),
        category: crate::model::SystemCategory::Utility,
        owner_forvaltning: Forvaltning::Buf,
    };
    let reuse = ReuseView {
        system: Some(system_ref.clone()),
        q: Some("drift".into()),
        for_forvaltninger: vec![Forvaltning::Okf],
        candidates: vec![ReuseCandidate {
            contract: contract.clone(),
            reasons: vec!["same_supplier".into()],
            systems: vec![system_ref.clone()],
            could_join: vec![Forvaltning::Tmf],
        }],
    };
    assert_conforms(&reuse);
    let gap = Gap {
        rule: "5.1",
        gap: "contract_without_system",
        forvaltning: Forvaltning::Okf,
        system_id: None,
        system_name: None,
        document_id: Some(contract.id.to_string()),
        document_title: Some("t".into()),
        detail: "x".into(),
    };
    let report = ComplianceReport {
        forvaltning: Some(Forvaltning::Okf),
        as_of: d("2025-01-01"),
        summary: [("contract_without_system", 1)].into_iter().collect(),
        gaps: vec![gap],
    };
    assert_conforms(&report);
    let deadline = Deadline {
        date: d("2026-12-31"),
        kind: "notice_deadline",
        document_id: contract.id.to_string(),
        title: "t".into(),
        document_kind: DocumentKind::Contract,
        forvaltning: Forvaltning::Okf,
        supplier: None,
        system_ids: vec!["SYS-0001".into()],
        detail: "x".into(),
    };
    assert_conforms(&deadline);
}
