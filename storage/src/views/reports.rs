//! The compliance report (§5.1 and §4.4 gaps) and the deadline radar (notice deadlines, expiries, revisions).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use super::dossier::linked_parts;
use super::{Context, DocSet};
use crate::model::{Document, DocumentKind, Forvaltning, Supplier, System};
use crate::rules::add_months;

/// One gap: a system or a document that breaks a rule of the circular.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Gap {
    /// `5.1` (kontraktstyring) or `4.4` (dokumentation).
    pub rule: &'static str,
    /// `system_without_contract`, `system_without_contract_in_force`, `system_without_current_documentation`,
    /// `contract_without_system`, `addendum_without_parent`.
    pub gap: &'static str,
    pub forvaltning: Forvaltning,
    pub system_id: Option<String>,
    pub system_name: Option<String>,
    pub document_id: Option<String>,
    pub document_title: Option<String>,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ComplianceReport {
    pub forvaltning: Option<Forvaltning>,
    pub as_of: NaiveDate,
    /// Gaps by kind.
    pub summary: BTreeMap<&'static str, usize>,
    pub gaps: Vec<Gap>,
}

fn system_gap(system: &System, rule: &'static str, gap: &'static str, detail: String) -> Gap {
    Gap {
        rule,
        gap,
        forvaltning: system.owner_forvaltning,
        system_id: Some(system.id.clone()),
        system_name: Some(system.name.clone()),
        document_id: None,
        document_title: None,
        detail,
    }
}

fn document_gap(doc: &Document, gap: &'static str, detail: String) -> Gap {
    Gap {
        rule: "5.1",
        gap,
        forvaltning: doc.forvaltning,
        system_id: None,
        system_name: None,
        document_id: Some(doc.id.to_string()),
        document_title: Some(doc.title.clone()),
        detail,
    }
}

/// The gaps of the systems a forvaltning owns and the documents it holds (all, without `forvaltning`).
pub fn compliance(
    set: &DocSet,
    systems: &[System],
    forvaltning: Option<Forvaltning>,
    ctx: &Context,
) -> ComplianceReport {
    let ours = |f: Forvaltning| forvaltning.is_none_or(|x| x == f);
    let mut gaps = Vec::new();
    for system in systems
        .iter()
        .filter(|s| s.lifecycle.in_operation() && ours(s.owner_forvaltning))
    {
        let (families, documentation, _) = linked_parts(set, &system.id);
        if families.is_empty() {
            gaps.push(system_gap(
                system,
                "5.1",
                "system_without_contract",
                "no contract on file".into(),
            ));
        } else if !families.iter().any(|f| {
            f.contract
                .contract_state
                .as_ref()
                .is_some_and(|s| s.in_force)
        }) {
            gaps.push(system_gap(
                system,
                "5.1",
                "system_without_contract_in_force",
                format!("{} contract(s) on file, none in force", families.len()),
            ));
        }
        let current: Vec<&Document> = documentation
            .iter()
            .filter(|d| d.documentation_state.as_ref().is_some_and(|s| s.current))
            .collect();
        let fresh = current
            .iter()
            .any(|d| d.documentation_state.as_ref().is_some_and(|s| !s.stale));
        if !fresh {
            let detail = match current.first() {
                None => "no system documentation on file".to_string(),
                Some(d) => match d.details.next_revision_due {
                    Some(due) if due < ctx.today => {
                        format!("documentation {:?} was due for revision on {due}", d.title)
                    }
                    _ => format!(
                        "documentation {:?} last revised {}, more than {} months ago",
                        d.title,
                        d.date(),
                        ctx.stale_after_months
                    ),
                },
            };
            gaps.push(system_gap(
                system,
                "4.4",
                "system_without_current_documentation",
                detail,
            ));
        }
    }
    let mut docs: Vec<&Document> = set.all().filter(|d| ours(d.forvaltning)).collect();
    docs.sort_by(|a, b| a.id.as_str().cmp(b.id.as_str()));
    for doc in docs {
        match doc.kind {
            DocumentKind::Contract if doc.contract_state.as_ref().is_some_and(|s| s.in_force) => {
                let linked = doc.system_ids.iter().chain(
                    set.children(doc.id.as_str())
                        .flat_map(|c| c.system_ids.iter()),
                );
                if linked.count() == 0 {
                    gaps.push(document_gap(
                        doc,
                        "contract_without_system",
                        "a contract in force linked to no system".into(),
                    ));
                }
            }
            DocumentKind::Addendum => {
                let parent = doc.details.parent_id.as_ref().and_then(|p| set.get(p));
                if parent.is_none_or(|p| p.kind != DocumentKind::Contract) {
                    let detail = match &doc.details.parent_id {
                        Some(p) => format!("its parent contract {p} is missing"),
                        None => "it names no parent contract".into(),
                    };
                    gaps.push(document_gap(doc, "addendum_without_parent", detail));
                }
            }
            _ => {}
        }
    }
    let mut summary = BTreeMap::new();
    for g in &gaps {
        *summary.entry(g.gap).or_insert(0) += 1;
    }
    ComplianceReport {
        forvaltning,
        as_of: ctx.today,
        summary,
        gaps,
    }
}

/// A date on the radar.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Deadline {
    pub date: NaiveDate,
    /// `notice_deadline`, `expiry` or `revision_due`.
    pub kind: &'static str,
    pub document_id: String,
    pub title: String,
    pub document_kind: DocumentKind,
    pub forvaltning: Forvaltning,
    pub supplier: Option<Supplier>,
    pub system_ids: Vec<String>,
    pub detail: String,
}

/// Deadlines from `ctx.today` to `days` later, by date.
pub fn deadlines(
    set: &DocSet,
    forvaltning: Option<Forvaltning>,
    days: u32,
    ctx: &Context,
) -> Vec<Deadline> {
    let until = ctx.today + chrono::Duration::days(i64::from(days));
    let window = |d: NaiveDate| d >= ctx.today && d <= until;
    let mut out = Vec::new();
    let push = |out: &mut Vec<Deadline>, doc: &Document, date, kind, detail: String| {
        out.push(Deadline {
            date,
            kind,
            document_id: doc.id.to_string(),
            title: doc.title.clone(),
            document_kind: doc.kind,
            forvaltning: doc.forvaltning,
            supplier: doc.supplier.clone(),
            system_ids: doc.system_ids.clone(),
            detail,
        })
    };
    for doc in set
        .all()
        .filter(|d| forvaltning.is_none_or(|f| f == d.forvaltning))
    {
        if let (DocumentKind::Contract, Some(state)) = (doc.kind, &doc.contract_state) {
            if !state.in_force {
                continue;
            }
            if let Some(day) = state.last_notice_day.filter(|d| window(*d)) {
                let months = doc.details.notice_months.unwrap_or(0);
                let detail = format!(
                    "last day to give notice ({months} months) to end it at the earliest possible date"
                );
                push(&mut out, doc, day, "notice_deadline", detail);
            }
            if let Some(end) = state.ends_on.filter(|d| window(*d)) {
                push(
                    &mut out,
                    doc,
                    end,
                    "expiry",
                    format!("the contract ends on {end}"),
                );
            }
        }
        if let Some(state) = &doc.documentation_state
            && state.current
        {
            let due = doc.details.next_revision_due;
            let aged = add_months(doc.date(), ctx.stale_after_months);
            if let Some(day) = due
                .filter(|d| window(*d))
                .or(Some(aged).filter(|d| due.is_none() && window(*d)))
            {
                push(
                    &mut out,
                    doc,
                    day,
                    "revision_due",
                    "the documentation is due for revision".into(),
                );
            }
        }
    }
    out.sort_by(|a, b| {
        a.date
            .cmp(&b.date)
            .then(a.document_id.cmp(&b.document_id))
            .then(a.kind.cmp(b.kind))
    });
    out
}
