//! The system register (list and one system), a system's dossier with the export, and a supplier.

use axum::extract::State;
use serde::Deserialize;
use storage::access::{Action, Decision, Resource, decide};
use storage::catalog::SystemFilter;
use storage::model::System;
use storage::rules::Terms;
use storage::views::Dossier;
use templates::Link;
use templates::dossier::{Addendum, ContractFamily, DocumentationVersion, DossierView};
use templates::supplier::{SupplierContract, SupplierView};
use templates::systems::{SystemFilters, SystemListView, SystemRow, SystemView};

use super::view::{PageCaller, PageResult, date, enc, html, row};
use crate::api::extract::{Path, Query};
use crate::api::params::AsOf;
use crate::api::state::AppState;

const PER_PAGE: u32 = 50;

#[derive(Deserialize, Default)]
pub struct ListParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    forvaltning: String,
    #[serde(default)]
    lifecycle: String,
    #[serde(default)]
    network: String,
    side: Option<u32>,
}

fn opt<T: std::str::FromStr>(s: &str) -> Option<T> {
    s.parse().ok().filter(|_| !s.is_empty())
}

pub async fn systems(
    State(state): State<AppState>,
    caller: PageCaller,
    Query(p): Query<ListParams>,
) -> PageResult {
    caller.0.gate(Action::ReadRegister)?;
    let page = p.side.unwrap_or(1).max(1);
    let filter = SystemFilter {
        category: opt(&p.category),
        forvaltning: opt(&p.forvaltning),
        lifecycle: opt(&p.lifecycle),
        network: opt(&p.network),
        q: Some(p.q.clone()).filter(|q| !q.trim().is_empty()),
        limit: PER_PAGE,
        offset: (page - 1) * PER_PAGE,
    };
    let (total, systems) = state.catalog.list_systems(&filter).await?;
    let base = format!(
        "/systemer?q={}&category={}&forvaltning={}&lifecycle={}&network={}",
        enc(&p.q),
        enc(&p.category),
        enc(&p.forvaltning),
        enc(&p.lifecycle),
        enc(&p.network)
    );
    let view = SystemListView {
        filters: SystemFilters {
            q: p.q,
            category: p.category,
            forvaltning: p.forvaltning,
            lifecycle: p.lifecycle,
            network: p.network,
        },
        systems: systems.iter().map(system_row).collect(),
        total,
        prev_url: (page > 1).then(|| format!("{base}&side={}", page - 1)),
        next_url: (u64::from(page * PER_PAGE) < total).then(|| format!("{base}&side={}", page + 1)),
    };
    html(templates::systems::system_list(&caller.chrome(), &view))
}

fn system_row(s: &System) -> SystemRow {
    SystemRow {
        id: s.id.clone(),
        name: s.name.clone(),
        url: format!("/systemer/{}", s.id),
        category: s.category.as_str().into(),
        lifecycle: s.lifecycle.as_str().into(),
        owner_forvaltning: s.owner_forvaltning.as_str().into(),
        owner_unit: s.owner_unit.clone(),
        ..Default::default()
    }
}

async fn dossier_of(
    state: &AppState,
    caller: &PageCaller,
    id: &str,
) -> Result<Dossier, super::view::PageError> {
    caller.0.gate(Action::ReadRegister)?;
    Ok(crate::api::systems::load_dossier(state, &caller.0, id, AsOf::default()).await?)
}

pub async fn system(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
) -> PageResult {
    let d = dossier_of(&state, &caller, &id).await?;
    let s = &d.system;
    let documents = d
        .families
        .iter()
        .flat_map(|f| {
            std::iter::once(&f.contract)
                .chain(&f.addenda)
                .chain(&f.appendices)
                .chain(&f.data_processing_agreements)
        })
        .chain(&d.documentation)
        .chain(&d.other_documents)
        .map(row)
        .collect();
    let view = SystemView {
        id: s.id.clone(),
        name: s.name.clone(),
        description: s.description.clone(),
        category: s.category.as_str().into(),
        network: s.network.as_str().into(),
        owner_forvaltning: s.owner_forvaltning.as_str().into(),
        owner_unit: s.owner_unit.clone(),
        used_by: s.used_by.iter().map(|f| f.as_str().to_string()).collect(),
        lifecycle: s.lifecycle.as_str().into(),
        archive_duty: s.archive_duty.as_str().into(),
        kitos_uuid: s.kitos_uuid.clone(),
        documents,
        missing_contract: !d.flags.has_contract,
        stale_documentation: d.flags.documentation_stale,
        dossier_url: format!("/systemer/{}/dossier", s.id),
        reuse_url: format!("/genbrug?system={}", enc(&s.id)),
    };
    html(templates::systems::system(&caller.chrome(), &view))
}

pub async fn dossier(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
) -> PageResult {
    let d = dossier_of(&state, &caller, &id).await?;
    let may_export = decide(&caller.0.actor, Action::Export, &Resource::Global) == Decision::Allow;
    let families = d
        .families
        .iter()
        .map(|f| {
            let c = &f.contract;
            let x = &c.details;
            let terms = terms_today(f, d.as_of);
            ContractFamily {
                contract: Link::new(c.title.clone(), format!("/dokumenter/{}", c.id)),
                contract_number: x.contract_number.clone(),
                supplier: c.supplier.as_ref().map(|s| s.name.clone()),
                forvaltning: c.forvaltning.as_str().into(),
                valid_from: x.valid_from.or(c.signed_on).map(date),
                valid_to: x.valid_to.map(date),
                ongoing: x.ongoing.unwrap_or(false),
                irrevocable_until: x.irrevocable_until.map(date),
                last_notice_day: c
                    .contract_state
                    .as_ref()
                    .and_then(|s| s.last_notice_day)
                    .map(date),
                notice_months: terms.notice_months,
                terminated_on: terms.terminated_on.map(date),
                ends_on: c.contract_state.as_ref().and_then(|s| s.ends_on).map(date),
                notice_effect: terms
                    .notice_months
                    .map(|_| date(terms.notice_takes_effect(d.as_of))),
                options: x.options.as_ref().map(|o| (o.count, o.months)),
                options_used: x.options_used.unwrap_or(0),
                in_force: c.contract_state.as_ref().is_some_and(|s| s.in_force),
                addenda: f
                    .addenda
                    .iter()
                    .map(|a| Addendum {
                        link: Link::new(a.title.clone(), format!("/dokumenter/{}", a.id)),
                        number: a.details.addendum_number,
                        signed_on: a.signed_on.map(date),
                        changed_clauses: a.details.changed_clauses.clone().unwrap_or_default(),
                    })
                    .collect(),
                appendices: f
                    .appendices
                    .iter()
                    .chain(&f.data_processing_agreements)
                    .map(row)
                    .collect(),
            }
        })
        .collect();
    let documentation = d
        .documentation
        .iter()
        .map(|doc| DocumentationVersion {
            link: Link::new(doc.title.clone(), format!("/dokumenter/{}", doc.id)),
            doc_type: doc
                .details
                .doc_type
                .map(|t| t.as_str().to_string())
                .unwrap_or_default(),
            version: doc.details.version.clone(),
            uploaded_on: Some(date(doc.uploaded_at.date_naive())),
            next_revision_due: doc.details.next_revision_due.map(date),
            current: doc.documentation_state.as_ref().is_some_and(|s| s.current),
            stale: doc.documentation_state.as_ref().is_some_and(|s| s.stale),
        })
        .collect();
    let s = &d.system;
    let view = DossierView {
        system: Link::new(s.name.clone(), format!("/systemer/{}", s.id)),
        system_id: s.id.clone(),
        category: s.category.as_str().into(),
        lifecycle: s.lifecycle.as_str().into(),
        owner_forvaltning: s.owner_forvaltning.as_str().into(),
        today: Some(date(d.as_of)),
        families,
        documentation,
        missing_contract: !d.flags.has_contract,
        stale_documentation: d.flags.documentation_stale,
        export_url: may_export.then(|| format!("/api/v1/systems/{}/export", s.id)),
    };
    html(templates::dossier::dossier(&caller.chrome(), &view))
}

/// The contract's terms as its tillæg signed so far have left them (what the notice rules reason about).
fn terms_today(f: &storage::views::Family, today: chrono::NaiveDate) -> Terms {
    f.addenda.iter().filter(|a| a.date() <= today).fold(
        Terms::of(&f.contract.details, f.contract.signed_on),
        |t, a| t.amended_by(&a.details),
    )
}

pub async fn supplier(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(cvr): Path<String>,
) -> PageResult {
    caller.0.gate(Action::ReadReports)?;
    let o = crate::api::suppliers::load_overview(&state, &caller.0, &cvr, AsOf::default()).await?;
    let system_link = |id: &String| {
        let name = o
            .systems
            .iter()
            .find(|s| &s.id == id)
            .map(|s| s.name.clone())
            .unwrap_or_else(|| id.clone());
        Link::new(name, format!("/systemer/{id}"))
    };
    let view = SupplierView {
        cvr: o.supplier.key.clone(),
        name: o.supplier.supplier.name.clone(),
        contracts: o
            .contracts
            .iter()
            .map(|c| SupplierContract {
                document: row(&c.contract),
                systems: c.system_ids.iter().map(system_link).collect(),
            })
            .collect(),
        other_documents: Vec::new(),
        search_url: format!("/?q=*&supplier={}", enc(&o.supplier.key)),
    };
    html(templates::supplier::supplier(&caller.chrome(), &view))
}
