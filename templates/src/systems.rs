//! Systemregister (`/systemer`): the list with filters (a GET form) and one page per system.

use maud::{Markup, html};

use crate::format::{
    CATEGORIES, FORVALTNINGER, LIFECYCLES, NETWORKS, archive_duty_label, category_label,
    lifecycle_label, network_label, thousands,
};
use crate::layout::{Head, Nav, page};
use crate::view::{Chrome, DocumentRow, document_table};

/// The register's filters, as typed (codes; empty = all).
#[derive(Clone, Debug, Default)]
pub struct SystemFilters {
    pub q: String,
    pub category: String,
    pub forvaltning: String,
    pub lifecycle: String,
    pub network: String,
}

/// One row of the register.
#[derive(Clone, Debug, Default)]
pub struct SystemRow {
    pub id: String,
    pub name: String,
    /// `/systemer/{id}`
    pub url: String,
    pub category: String,
    pub lifecycle: String,
    pub owner_forvaltning: String,
    pub owner_unit: Option<String>,
    pub documents: u32,
    /// §5.1: in operation without a contract in force.
    pub missing_contract: bool,
    /// §4.4: no current documentation.
    pub stale_documentation: bool,
}

/// The register list.
#[derive(Clone, Debug, Default)]
pub struct SystemListView {
    pub filters: SystemFilters,
    pub systems: Vec<SystemRow>,
    pub total: u64,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
}

fn select(
    id: &str,
    label: &str,
    codes: &[&str],
    labels: fn(&str) -> &str,
    current: &str,
) -> Markup {
    html! {
        div.field {
            label for=(id) { (label) }
            select id=(id) name=(id) {
                option value="" { "Alle" }
                @for c in codes { option value=(c) selected[*c == current] { (labels(c)) } }
            }
        }
    }
}

fn same(s: &str) -> &str {
    s
}

/// The system register.
pub fn system_list(chrome: &Chrome, v: &SystemListView) -> Markup {
    let f = &v.filters;
    page(
        chrome,
        Head::new("Systemregister", Nav::Systems),
        html! {
            h1 { "Systemregister" }
            form.inline-form method="get" action="/systemer" role="search" aria-label="Filtrér systemer" {
                div.field { label for="q" { "Navn eller id" } input #q type="search" name="q" value=(f.q); }
                (select("category", "Kategori (§6)", &CATEGORIES, category_label, &f.category))
                (select("forvaltning", "Systemejer (forvaltning)", &FORVALTNINGER, same, &f.forvaltning))
                (select("lifecycle", "Livscyklus", &LIFECYCLES, lifecycle_label, &f.lifecycle))
                (select("network", "Netværk", &NETWORKS, network_label, &f.network))
                button type="submit" { "Filtrér" }
            }
            p.meta aria-live="polite" { (thousands(v.total)) " systemer" }
            div.table-wrap tabindex="0" role="region" aria-label="Tabel" { table {
                thead { tr {
                    th scope="col" { "System" } th scope="col" { "Kategori" } th scope="col" { "Livscyklus" }
                    th scope="col" { "Systemejer" } th scope="col".num { "Dokumenter" } th scope="col" { "Mangler" }
                } }
                tbody { @for s in &v.systems { tr {
                    td { a href=(s.url) { (s.name) } " " span.meta { (s.id) } }
                    td { (category_label(&s.category)) }
                    td { (lifecycle_label(&s.lifecycle)) }
                    td { (s.owner_forvaltning) @if let Some(u) = &s.owner_unit { ", " (u) } }
                    td.num { (s.documents) }
                    td { (flags(s.missing_contract, s.stale_documentation)) }
                } } }
            } }
            @if v.prev_url.is_some() || v.next_url.is_some() {
                nav.pager aria-label="Sider" {
                    @if let Some(u) = &v.prev_url { a href=(u) rel="prev" { "← Forrige" } }
                    @if let Some(u) = &v.next_url { a href=(u) rel="next" { "Næste →" } }
                }
            }
        },
    )
}

pub(crate) fn flags(missing_contract: bool, stale_documentation: bool) -> Markup {
    html! {
        @if missing_contract { span.badge.bad { "Mangler kontrakt (§5.1)" } " " }
        @if stale_documentation { span.badge.bad { "Dokumentation forældet (§4.4)" } }
        @if !missing_contract && !stale_documentation { "–" }
    }
}

/// One system.
#[derive(Clone, Debug, Default)]
pub struct SystemView {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub category: String,
    pub network: String,
    pub owner_forvaltning: String,
    pub owner_unit: Option<String>,
    pub used_by: Vec<String>,
    pub lifecycle: String,
    pub archive_duty: String,
    pub kitos_uuid: Option<String>,
    pub documents: Vec<DocumentRow>,
    pub missing_contract: bool,
    pub stale_documentation: bool,
    /// `/systemer/{id}/dossier`
    pub dossier_url: String,
    /// `/genbrug?system={id}`
    pub reuse_url: String,
}

/// A system's page.
pub fn system(chrome: &Chrome, v: &SystemView) -> Markup {
    page(
        chrome,
        Head::new(&v.name, Nav::Systems),
        html! {
            h1 { (v.name) }
            p.meta { (v.id) " · " (category_label(&v.category)) }
            @if let Some(d) = &v.description { p { (d) } }
            dl.meta-table {
                dt { "Systemejer" } dd { (v.owner_forvaltning) @if let Some(u) = &v.owner_unit { ", " (u) } }
                dt { "Anvendes af" } dd { @if v.used_by.is_empty() { "–" } @else { (v.used_by.join(", ")) } }
                dt { "Livscyklus" } dd { (lifecycle_label(&v.lifecycle)) }
                dt { "Netværk" } dd { (network_label(&v.network)) }
                dt { "Arkivpligt" } dd { (archive_duty_label(&v.archive_duty)) }
                @if let Some(k) = &v.kitos_uuid { dt { "KITOS-UUID" } dd { code { (k) } } }
                dt { "Mangler" } dd { (flags(v.missing_contract, v.stale_documentation)) }
            }
            p {
                a.button href=(v.dossier_url) { "Systemdossier" } " "
                a.button.secondary href=(v.reuse_url) { "Find kontrakter til genbrug" }
            }
            h2 { "Dokumenter" }
            @if v.documents.is_empty() { p { "Ingen dokumenter er knyttet til systemet." } }
            @else { (document_table("Dokumenter knyttet til systemet", &v.documents)) }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{EVIL, check};

    #[test]
    fn list_has_filters_and_flags() {
        let v = SystemListView {
            filters: SystemFilters {
                q: EVIL.into(),
                category: "specialist".into(),
                ..Default::default()
            },
            systems: vec![SystemRow {
                id: "SYS-0042".into(),
                name: EVIL.into(),
                url: "/systemer/SYS-0042".into(),
                category: "specialist".into(),
                lifecycle: "operational".into(),
                owner_forvaltning: "ØKF".into(),
                missing_contract: true,
                ..Default::default()
            }],
            total: 1,
            next_url: Some("/systemer?offset=50".into()),
            ..Default::default()
        };
        let html = system_list(&Chrome::anonymous(), &v).into_string();
        check(&html);
        for needle in [
            "<option value=\"specialist\" selected>",
            "I drift",
            "Systemejer",
            "Mangler kontrakt",
            "Næste",
        ] {
            assert!(html.contains(needle), "{needle}");
        }
    }

    #[test]
    fn system_page_links_dossier() {
        let v = SystemView {
            id: "SYS-0042".into(),
            name: EVIL.into(),
            category: "joint_public".into(),
            network: "pedagogical".into(),
            owner_forvaltning: "BUF".into(),
            lifecycle: "phasing_out".into(),
            archive_duty: "preserve".into(),
            dossier_url: "/systemer/SYS-0042/dossier".into(),
            stale_documentation: true,
            ..Default::default()
        };
        let html = system(&Chrome::anonymous(), &v).into_string();
        check(&html);
        for needle in [
            "Fællesoffentligt system",
            "Pædagogisk",
            "B – bevares",
            "Under udfasning",
            "Systemdossier",
            "forældet",
        ] {
            assert!(html.contains(needle), "{needle}");
        }
    }
}
