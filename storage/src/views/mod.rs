//! The views of the register, built from a loaded set of documents (see `Catalog::close_over_families`):
//! each document gets its derived state (in force, last notice day, current, stale), then the views
//! arrange them. Everything here is pure; loading is the caller's.
//!
//! - `dossier`: contract families and a system's dossier.
//! - `overview`: a supplier's overview and reuse candidates.
//! - `reports`: the compliance report and the deadline radar.

mod dossier;
mod overview;
mod reports;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

pub use dossier::{Dossier, DossierFlags, Family, dossier, family};
pub use overview::{
    ContractEntry, ReuseCandidate, ReuseView, SupplierOverview, reuse, supplier_overview,
};
pub use reports::{ComplianceReport, Deadline, Gap, compliance, deadlines};

use crate::model::{ContractState, Document, DocumentKind, DocumentationState, System};
use crate::rules::{self, Terms};

/// The day asked about and the staleness limit.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    pub today: NaiveDate,
    pub stale_after_months: u32,
}

/// A short reference to a system, for lists.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct SystemRef {
    pub id: String,
    pub name: String,
    pub category: crate::model::SystemCategory,
    pub owner_forvaltning: crate::model::Forvaltning,
}

impl From<&System> for SystemRef {
    fn from(s: &System) -> Self {
        SystemRef {
            id: s.id.clone(),
            name: s.name.clone(),
            category: s.category,
            owner_forvaltning: s.owner_forvaltning,
        }
    }
}

/// Documents by id, with their derived states filled in.
pub struct DocSet {
    docs: HashMap<String, Document>,
    children: HashMap<String, Vec<String>>,
    superseded_by: HashMap<String, String>,
}

/// Parent chains followed at most this deep (cycles are refused on write, but stored data is not trusted).
const MAX_DEPTH: usize = 16;

impl DocSet {
    pub fn new(docs: HashMap<String, Document>, ctx: &Context) -> DocSet {
        let mut children: HashMap<String, Vec<String>> = HashMap::new();
        let mut superseded_by: HashMap<String, String> = HashMap::new();
        for d in docs.values() {
            if let Some(p) = &d.details.parent_id {
                children
                    .entry(p.clone())
                    .or_default()
                    .push(d.id.to_string());
            }
            if let Some(old) = &d.details.supersedes_id {
                let newer = superseded_by
                    .entry(old.clone())
                    .or_insert_with(|| d.id.to_string());
                if d.id.as_str() < newer.as_str() {
                    *newer = d.id.to_string();
                }
            }
        }
        let mut set = DocSet {
            docs,
            children,
            superseded_by,
        };
        for list in set.children.values_mut() {
            list.sort();
        }
        let ids: Vec<String> = set.docs.keys().cloned().collect();
        let states: Vec<_> = ids
            .iter()
            .map(|id| {
                (
                    set.contract_state(id, ctx, 0),
                    set.documentation_state(id, ctx),
                )
            })
            .collect();
        for (id, (c, d)) in ids.iter().zip(states) {
            if let Some(doc) = set.docs.get_mut(id) {
                doc.contract_state = c;
                doc.documentation_state = d;
            }
        }
        set
    }

    pub fn get(&self, id: &str) -> Option<&Document> {
        self.docs.get(id)
    }

    pub fn all(&self) -> impl Iterator<Item = &Document> {
        self.docs.values()
    }

    pub fn into_document(mut self, id: &str) -> Option<Document> {
        self.docs.remove(id)
    }

    /// Children of a document (tillæg, bilag, DPAs, call-off contracts) sorted by id.
    pub fn children(&self, id: &str) -> impl Iterator<Item = &Document> {
        self.children
            .get(id)
            .into_iter()
            .flatten()
            .filter_map(|c| self.docs.get(c))
    }

    /// A contract's tillæg in their order (`rules::addendum_order`).
    pub fn addenda(&self, contract: &str) -> Vec<&Document> {
        let mut list: Vec<&Document> = self
            .children(contract)
            .filter(|d| d.kind == DocumentKind::Addendum)
            .collect();
        list.sort_by(|a, b| {
            rules::addendum_order(
                (a.details.addendum_number, a.date(), a.id.as_str()),
                (b.details.addendum_number, b.date(), b.id.as_str()),
            )
        });
        list
    }

    /// The contract a document's family hangs under: itself if a contract, else its parent if that is one.
    pub fn family_root(&self, doc: &Document) -> Option<String> {
        match doc.kind {
            DocumentKind::Contract => Some(doc.id.to_string()),
            DocumentKind::SystemDocumentation => None,
            _ => doc
                .details
                .parent_id
                .as_ref()
                .filter(|p| {
                    self.docs
                        .get(*p)
                        .is_some_and(|d| d.kind == DocumentKind::Contract)
                })
                .cloned(),
        }
    }

    fn contract_state(&self, id: &str, ctx: &Context, depth: usize) -> Option<ContractState> {
        let doc = self.docs.get(id)?;
        let parent_state = |p: &Option<String>| -> Option<ContractState> {
            if depth >= MAX_DEPTH {
                return None;
            }
            p.as_ref()
                .and_then(|p| self.contract_state(p, ctx, depth + 1))
        };
        match doc.kind {
            DocumentKind::Contract => {
                let terms = self
                    .addenda(id)
                    .iter()
                    .filter(|a| a.date() <= ctx.today)
                    .fold(Terms::of(&doc.details, doc.signed_on), |t, a| {
                        t.amended_by(&a.details)
                    });
                let parent = doc
                    .details
                    .parent_id
                    .as_ref()
                    .map(|_| parent_state(&doc.details.parent_id).is_some_and(|s| s.in_force));
                Some(ContractState {
                    in_force: rules::in_force(&terms, parent, ctx.today),
                    last_notice_day: terms.last_notice_day(ctx.today),
                    ends_on: terms.ends_on(),
                })
            }
            DocumentKind::Addendum => {
                let parent = parent_state(&doc.details.parent_id);
                let own = Terms {
                    valid_from: doc.details.valid_from.or(doc.signed_on),
                    ..Terms::default()
                };
                Some(ContractState {
                    in_force: rules::in_force(
                        &own,
                        Some(parent.as_ref().is_some_and(|p| p.in_force)),
                        ctx.today,
                    ),
                    last_notice_day: parent.as_ref().and_then(|p| p.last_notice_day),
                    ends_on: parent.and_then(|p| p.ends_on),
                })
            }
            _ => None,
        }
    }

    fn documentation_state(&self, id: &str, ctx: &Context) -> Option<DocumentationState> {
        let doc = self.docs.get(id)?;
        if doc.kind != DocumentKind::SystemDocumentation {
            return None;
        }
        let superseded_by = self.superseded_by.get(id).cloned();
        let current = superseded_by.is_none();
        Some(DocumentationState {
            current,
            stale: current
                && rules::documentation_stale(
                    doc.details.next_revision_due,
                    doc.date(),
                    ctx.today,
                    ctx.stale_after_months,
                ),
            superseded_by,
        })
    }
}

/// Newest first: by the document's date, then upload time.
pub(crate) fn newest_first(a: &Document, b: &Document) -> std::cmp::Ordering {
    b.date()
        .cmp(&a.date())
        .then(b.uploaded_at.cmp(&a.uploaded_at))
}
