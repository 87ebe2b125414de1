//! The system register (list and one system), a system's dossier with the export, and a supplier.
//!
//! The dossier's contract families take the most mapping; `dossier` makes that view.

use axum::extract::State;
use serde::Deserialize;
use storage::access::{Action, Decision, Resource, decide};
use storage::catalog::SystemFilter;
use storage::model::System;
use storage::views::{Dossier, SupplierOverview};
use templates::Link;
use templates::supplier::{SupplierContract, SupplierView};
use templates::systems::{SystemFilters, SystemListView, SystemRow, SystemView};

use super::dossier::dossier_view;
use super::view::{PageCaller, PageError, PageResult, enc, html, row};
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
    let view = system_list_view(&state, p).await?;
    html(templates::systems::system_list(&caller.chrome(), &view))
}

/// One page of the register, filtered as asked; the paging links keep the filters.
async fn system_list_view(state: &AppState, p: ListParams) -> Result<SystemListView, PageError> {
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
    Ok(SystemListView {
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
    })
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

async fn dossier_of(state: &AppState, caller: &PageCaller, id: &str) -> Result<Dossier, PageError> {
    caller.0.gate(Action::ReadRegister)?;
    Ok(crate::api::systems::load_dossier(state, &caller.0, id, AsOf::default()).await?)
}

pub async fn system(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
) -> PageResult {
    let d = dossier_of(&state, &caller, &id).await?;
    html(templates::systems::system(
        &caller.chrome(),
        &system_view(&d),
    ))
}

/// A system with every document of its dossier in one list; the dossier page has them by family.
fn system_view(d: &Dossier) -> SystemView {
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
    SystemView {
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
    }
}

pub async fn dossier(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(id): Path<String>,
) -> PageResult {
    let d = dossier_of(&state, &caller, &id).await?;
    // The page offers the export only to those the export route would answer.
    let may_export = decide(&caller.0.actor, Action::Export, &Resource::Global) == Decision::Allow;
    let view = dossier_view(&d, may_export);
    html(templates::dossier::dossier(&caller.chrome(), &view))
}

pub async fn supplier(
    State(state): State<AppState>,
    caller: PageCaller,
    Path(cvr): Path<String>,
) -> PageResult {
    caller.0.gate(Action::ReadReports)?;
    let o = crate::api::suppliers::load_overview(&state, &caller.0, &cvr, AsOf::default()).await?;
    html(templates::supplier::supplier(
        &caller.chrome(),
        &supplier_view(&o),
    ))
}

/// A supplier's contracts, each with the systems it is linked to.
fn supplier_view(o: &SupplierOverview) -> SupplierView {
    // The overview names only the systems the register still has; any other linked id shows as itself.
    let system_link = |id: &String| {
        let name = o
            .systems
            .iter()
            .find(|s| &s.id == id)
            .map(|s| s.name.clone())
            .unwrap_or_else(|| id.clone());
        Link::new(name, format!("/systemer/{id}"))
    };
    SupplierView {
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
    }
}
