//! Contract families (contract → tillæg in order → bilag, databehandleraftaler) and a system's dossier.

use std::collections::BTreeSet;

use serde::Serialize;
use utoipa::ToSchema;

use super::{Context, DocSet, newest_first};
use crate::model::{Document, DocumentKind, System};
use crate::rules;

/// A contract with everything that hangs under it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Family {
    pub contract: Document,
    /// Tillæg in order (by number, then date).
    pub addenda: Vec<Document>,
    pub appendices: Vec<Document>,
    pub data_processing_agreements: Vec<Document>,
    /// Contracts made under this one (call-offs under a framework), by id.
    pub call_offs: Vec<String>,
    /// Tillæg numbers absent from the family (nr. 1 and 3 on file, 2 missing).
    pub missing_addendum_numbers: Vec<u32>,
}

/// The family under a contract.
pub fn family(set: &DocSet, contract_id: &str) -> Option<Family> {
    let contract = set.get(contract_id)?.clone();
    let addenda: Vec<Document> = set.addenda(contract_id).into_iter().cloned().collect();
    let of_kind = |kind: DocumentKind| -> Vec<Document> {
        let mut list: Vec<Document> = set
            .children(contract_id)
            .filter(|d| d.kind == kind)
            .cloned()
            .collect();
        list.sort_by(|a, b| {
            let number = |d: &Document| {
                let n = d.details.appendix_number.clone().unwrap_or_default();
                (n.parse::<u32>().unwrap_or(u32::MAX), n)
            };
            number(a)
                .cmp(&number(b))
                .then(a.id.as_str().cmp(b.id.as_str()))
        });
        list
    };
    let numbers: Vec<u32> = addenda
        .iter()
        .filter_map(|a| a.details.addendum_number)
        .collect();
    Some(Family {
        missing_addendum_numbers: rules::addendum_gaps(&numbers).0,
        appendices: of_kind(DocumentKind::Appendix),
        data_processing_agreements: of_kind(DocumentKind::DataProcessingAgreement),
        call_offs: set
            .children(contract_id)
            .filter(|d| d.kind == DocumentKind::Contract)
            .map(|d| d.id.to_string())
            .collect(),
        addenda,
        contract,
    })
}

/// What a dossier flags at a glance.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DossierFlags {
    /// §5.1: some contract is on file for the system.
    pub has_contract: bool,
    pub contract_in_force: bool,
    /// The earliest last notice day of its contracts in force.
    pub next_notice_day: Option<chrono::NaiveDate>,
    /// §4.4: some current documentation that is not stale.
    pub has_current_documentation: bool,
    pub documentation_stale: bool,
    /// Some family lacks a tillæg number.
    pub addendum_missing: bool,
}

/// Everything about one system.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Dossier {
    pub system: System,
    pub as_of: chrono::NaiveDate,
    pub families: Vec<Family>,
    /// Every version of its documentation, newest first.
    pub documentation: Vec<Document>,
    /// Linked documents in no family (e.g. a bilag without a contract).
    pub other_documents: Vec<Document>,
    pub flags: DossierFlags,
}

/// The families and documentation of the documents linked to `system_id` in `set`.
pub(crate) fn linked_parts(
    set: &DocSet,
    system_id: &str,
) -> (Vec<Family>, Vec<Document>, Vec<Document>) {
    let linked: Vec<&Document> = set
        .all()
        .filter(|d| d.system_ids.iter().any(|s| s == system_id))
        .collect();
    let mut roots = BTreeSet::new();
    let mut others = Vec::new();
    let mut doc_ids = BTreeSet::new();
    for d in &linked {
        if d.kind == DocumentKind::SystemDocumentation {
            doc_ids.insert(d.id.to_string());
        } else if let Some(root) = set.family_root(d) {
            roots.insert(root);
        } else {
            others.push((*d).clone());
        }
    }
    // Every version of linked documentation counts, linked or not: a new version supersedes for the system.
    loop {
        let mut add = Vec::new();
        for d in set
            .all()
            .filter(|d| d.kind == DocumentKind::SystemDocumentation)
        {
            let id = d.id.to_string();
            let older = d
                .details
                .supersedes_id
                .clone()
                .filter(|s| set.get(s).is_some());
            match (doc_ids.contains(&id), older) {
                (true, Some(o)) if !doc_ids.contains(&o) => add.push(o),
                (false, Some(o)) if doc_ids.contains(&o) => add.push(id),
                _ => {}
            }
        }
        if add.is_empty() {
            break;
        }
        doc_ids.extend(add);
    }
    let mut families: Vec<Family> = roots.iter().filter_map(|r| family(set, r)).collect();
    families.sort_by(|a, b| newest_first(&a.contract, &b.contract));
    let mut documentation: Vec<Document> = doc_ids
        .iter()
        .filter_map(|id| set.get(id).cloned())
        .collect();
    documentation.sort_by(newest_first);
    others.sort_by(newest_first);
    (families, documentation, others)
}

pub fn dossier(set: &DocSet, system: System, ctx: &Context) -> Dossier {
    let (families, documentation, other_documents) = linked_parts(set, &system.id);
    let in_force: Vec<&Family> = families
        .iter()
        .filter(|f| {
            f.contract
                .contract_state
                .as_ref()
                .is_some_and(|s| s.in_force)
        })
        .collect();
    let current: Vec<&Document> = documentation
        .iter()
        .filter(|d| d.documentation_state.as_ref().is_some_and(|s| s.current))
        .collect();
    let flags = DossierFlags {
        has_contract: !families.is_empty(),
        contract_in_force: !in_force.is_empty(),
        next_notice_day: in_force
            .iter()
            .filter_map(|f| f.contract.contract_state.as_ref()?.last_notice_day)
            .min(),
        has_current_documentation: current
            .iter()
            .any(|d| d.documentation_state.as_ref().is_some_and(|s| !s.stale)),
        documentation_stale: current
            .iter()
            .any(|d| d.documentation_state.as_ref().is_some_and(|s| s.stale)),
        addendum_missing: families
            .iter()
            .any(|f| !f.missing_addendum_numbers.is_empty()),
    };
    Dossier {
        system,
        as_of: ctx.today,
        families,
        documentation,
        other_documents,
        flags,
    }
}
