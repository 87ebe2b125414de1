//! A supplier's overview across forvaltninger, and reuse: contracts of other forvaltninger that could serve.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use utoipa::ToSchema;

use super::{DocSet, SystemRef, newest_first};
use crate::catalog::SupplierEntry;
use crate::model::{Document, DocumentKind, Forvaltning, System};

/// One contract in an overview, with its family's systems.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ContractEntry {
    pub contract: Document,
    pub addenda: usize,
    /// Systems linked to any document of the family.
    pub system_ids: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SupplierOverview {
    pub supplier: SupplierEntry,
    pub contracts: Vec<ContractEntry>,
    pub contracts_in_force: usize,
    pub systems: Vec<SystemRef>,
    pub forvaltninger: Vec<Forvaltning>,
}

/// Systems linked to a contract or any document under it.
fn family_systems(set: &DocSet, contract: &Document) -> Vec<String> {
    let mut ids: BTreeSet<String> = contract.system_ids.iter().cloned().collect();
    for child in set.children(contract.id.as_str()) {
        ids.extend(child.system_ids.iter().cloned());
    }
    ids.into_iter().collect()
}

fn in_force(d: &Document) -> bool {
    d.contract_state.as_ref().is_some_and(|s| s.in_force)
}

fn entry(set: &DocSet, contract: &Document) -> ContractEntry {
    ContractEntry {
        addenda: set.addenda(contract.id.as_str()).len(),
        system_ids: family_systems(set, contract),
        contract: contract.clone(),
    }
}

/// The supplier's contracts (newest first) with their systems, and the forvaltninger that hold them.
pub fn supplier_overview(
    set: &DocSet,
    supplier: SupplierEntry,
    systems: &[System],
) -> SupplierOverview {
    let mut contracts: Vec<&Document> = set
        .all()
        .filter(|d| {
            d.kind == DocumentKind::Contract
                && d.supplier.as_ref().is_some_and(|s| s.key() == supplier.key)
        })
        .collect();
    contracts.sort_by(|a, b| newest_first(a, b));
    let entries: Vec<ContractEntry> = contracts.iter().map(|c| entry(set, c)).collect();
    let system_ids: BTreeSet<&String> = entries.iter().flat_map(|e| e.system_ids.iter()).collect();
    let forvaltninger: BTreeSet<Forvaltning> = contracts.iter().map(|c| c.forvaltning).collect();
    SupplierOverview {
        contracts_in_force: contracts.iter().filter(|c| in_force(c)).count(),
        systems: systems
            .iter()
            .filter(|s| system_ids.contains(&s.id))
            .map(SystemRef::from)
            .collect(),
        forvaltninger: forvaltninger.into_iter().collect(),
        supplier,
        contracts: entries,
    }
}

/// A contract of another forvaltning that could serve, and why.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReuseCandidate {
    pub contract: Document,
    /// `same_system`, `same_supplier`, `same_category`, `text_match`.
    pub reasons: Vec<String>,
    pub systems: Vec<SystemRef>,
    /// Forvaltninger not yet party to it (neither holding it nor using its systems) that could join.
    pub could_join: Vec<Forvaltning>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReuseView {
    pub system: Option<SystemRef>,
    pub q: Option<String>,
    /// The forvaltninger reuse is sought for.
    pub for_forvaltninger: Vec<Forvaltning>,
    pub candidates: Vec<ReuseCandidate>,
}

/// Contracts in force of forvaltninger outside `asking` that share the system, a supplier or a category
/// with `system`, or that matched a text search (`text_matches`: contract ids).
pub fn reuse(
    set: &DocSet,
    systems: &[System],
    system: Option<&System>,
    q: Option<String>,
    asking: Vec<Forvaltning>,
    text_matches: &BTreeSet<String>,
) -> ReuseView {
    let by_id: BTreeMap<&str, &System> = systems.iter().map(|s| (s.id.as_str(), s)).collect();
    let own_suppliers: BTreeSet<String> = match system {
        Some(sys) => set
            .all()
            .filter(|d| {
                d.kind == DocumentKind::Contract && family_systems(set, d).contains(&sys.id)
            })
            .filter_map(|d| d.supplier.as_ref().map(|s| s.key()))
            .collect(),
        None => BTreeSet::new(),
    };
    let mut candidates = Vec::new();
    for contract in set
        .all()
        .filter(|d| d.kind == DocumentKind::Contract && in_force(d))
    {
        if asking.contains(&contract.forvaltning) {
            continue;
        }
        let linked: Vec<&System> = family_systems(set, contract)
            .iter()
            .filter_map(|id| by_id.get(id.as_str()).copied())
            .collect();
        let mut reasons = Vec::new();
        if let Some(sys) = system {
            if linked.iter().any(|s| s.id == sys.id) {
                reasons.push("same_system".to_string());
            }
            if contract
                .supplier
                .as_ref()
                .is_some_and(|s| own_suppliers.contains(&s.key()))
            {
                reasons.push("same_supplier".to_string());
            }
            if linked.iter().any(|s| s.category == sys.category) {
                reasons.push("same_category".to_string());
            }
        }
        if text_matches.contains(contract.id.as_str()) {
            reasons.push("text_match".to_string());
        }
        if reasons.is_empty() {
            continue;
        }
        let party: BTreeSet<Forvaltning> = std::iter::once(contract.forvaltning)
            .chain(linked.iter().flat_map(|s| s.forvaltninger()))
            .collect();
        let pool: Vec<Forvaltning> = if asking.is_empty() {
            Forvaltning::ALL.to_vec()
        } else {
            asking.clone()
        };
        candidates.push(ReuseCandidate {
            could_join: pool.into_iter().filter(|f| !party.contains(f)).collect(),
            systems: linked.into_iter().map(SystemRef::from).collect(),
            reasons,
            contract: contract.clone(),
        });
    }
    candidates.sort_by(|a, b| {
        b.reasons
            .len()
            .cmp(&a.reasons.len())
            .then_with(|| newest_first(&a.contract, &b.contract))
    });
    ReuseView {
        system: system.map(SystemRef::from),
        q,
        for_forvaltninger: asking,
        candidates,
    }
}
