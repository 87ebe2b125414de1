//! Systemdossier (`/systemer/{id}/dossier`), the auditor's page: contract families on an SVG timeline with a
//! table as its text equivalent, documentation versions, the §5.1/§4.4 flags and the BagIt export.

use maud::{Markup, html};

use crate::format::{Date, category_label, doc_type_label, lifecycle_label};
use crate::layout::{Head, Nav, page};
use crate::systems::flags;
use crate::timeline::{Timeline, TimelineRow, timeline};
use crate::view::{Chrome, DocumentRow, Link, date, document_table, in_force_badge, opt_date};

/// The dossier of one system.
#[derive(Clone, Debug, Default)]
pub struct DossierView {
    pub system: Link,
    pub system_id: String,
    pub category: String,
    pub lifecycle: String,
    pub owner_forvaltning: String,
    pub today: Option<Date>,
    pub families: Vec<ContractFamily>,
    /// Newest first.
    pub documentation: Vec<DocumentationVersion>,
    pub missing_contract: bool,
    pub stale_documentation: bool,
    /// `/api/v1/systems/{id}/export` (a zip); `None` when the user may not export.
    pub export_url: Option<String>,
}

/// A contract with its tillæg (in order) and its bilag and databehandleraftaler.
#[derive(Clone, Debug, Default)]
pub struct ContractFamily {
    pub contract: Link,
    pub contract_number: Option<String>,
    pub supplier: Option<String>,
    pub forvaltning: String,
    pub valid_from: Option<Date>,
    pub valid_to: Option<Date>,
    pub ongoing: bool,
    pub irrevocable_until: Option<Date>,
    pub last_notice_day: Option<Date>,
    /// What explains a missing last notice day: the notice period, a notice already given, the day it
    /// ends, and when a notice given today would take effect.
    pub notice_months: Option<u32>,
    pub terminated_on: Option<Date>,
    pub ends_on: Option<Date>,
    pub notice_effect: Option<Date>,
    /// (count, months each) and how many are used.
    pub options: Option<(u32, u32)>,
    pub options_used: u32,
    pub in_force: bool,
    pub addenda: Vec<Addendum>,
    pub appendices: Vec<DocumentRow>,
}

#[derive(Clone, Debug, Default)]
pub struct Addendum {
    pub link: Link,
    pub number: Option<u32>,
    pub signed_on: Option<Date>,
    pub changed_clauses: Vec<String>,
}

#[derive(Clone, Debug, Default)]
pub struct DocumentationVersion {
    pub link: Link,
    pub doc_type: String,
    pub version: Option<String>,
    pub uploaded_on: Option<Date>,
    pub next_revision_due: Option<Date>,
    pub current: bool,
    pub stale: bool,
}

fn option_end(f: &ContractFamily) -> Option<Date> {
    let (count, months) = f.options?;
    let left = count.saturating_sub(f.options_used);
    (left > 0)
        .then(|| f.valid_to.map(|d| d.add_months(left * months)))
        .flatten()
}

fn rows(v: &DossierView) -> Vec<TimelineRow> {
    v.families
        .iter()
        .map(|f| TimelineRow {
            label: f.contract.label.clone(),
            start: f.valid_from,
            end: f.valid_to,
            ongoing: f.ongoing,
            option_end: option_end(f),
            irrevocable_until: f.irrevocable_until,
            last_notice_day: f.last_notice_day,
            marks: f
                .addenda
                .iter()
                .filter_map(|a| a.signed_on.map(|d| (d, a.link.label.clone())))
                .collect(),
            in_force: f.in_force,
        })
        .collect()
}

/// The dossier page.
pub fn dossier(chrome: &Chrome, v: &DossierView) -> Markup {
    let title = format!("Systemdossier: {}", v.system.label);
    let today = v.today.unwrap_or(Date::new(2026, 1, 1));
    page(
        chrome,
        Head::new(&title, Nav::Systems),
        html! {
            h1 { "Systemdossier: " (v.system.label) }
            p.meta {
                a href=(v.system.url) { (v.system_id) } " · " (category_label(&v.category)) " · "
                (lifecycle_label(&v.lifecycle)) " · Systemejer " (v.owner_forvaltning)
            }
            p { "Mangler: " (flags(v.missing_contract, v.stale_documentation)) }
            @if let Some(u) = &v.export_url {
                p { a.button href=(u) download { "Hent revisionspakke (BagIt, zip)" } }
            }
            h2 { "Kontrakter" }
            @if v.families.is_empty() {
                p.warning { "Der er ingen kontrakt knyttet til systemet (§5.1)." }
            } @else {
                figure {
                    figcaption { "Kontrakternes gyldighed, tillæg, optioner og sidste opsigelsesdag" }
                    (timeline(&Timeline {
                        id: "tidslinje",
                        title: "Tidslinje over systemets kontrakter",
                        description: "Hver række er en kontrakt. Datoerne står i tabellen under tidslinjen.",
                        rows: &rows(v),
                        today,
                        window: None,
                        marks: "Tillæg",
                    }))
                }
                (families_table(v))
                @for f in &v.families {
                    @if !f.appendices.is_empty() {
                        (document_table(&format!("Bilag og databehandleraftaler til {}", f.contract.label), &f.appendices))
                    }
                }
            }
            h2 { "Systemteknisk dokumentation" }
            @if v.documentation.is_empty() {
                p.warning { "Der er ingen systemteknisk dokumentation (§4.4)." }
            } @else { (documentation_table(&v.documentation)) }
        },
    )
}

/// The last notice day, or in words why there is none.
fn last_notice(f: &ContractFamily, today: Date) -> Markup {
    html! {
        @if let Some(d) = &f.last_notice_day { (date(d)) }
        @else if let Some(d) = &f.terminated_on { "Ingen – opsagt " (date(d)) }
        @else if f.notice_months.is_none() { "Ikke angivet (ingen opsigelsesfrist registreret)" }
        @else if let Some(end) = f.ends_on.filter(|e| *e < today) { "Ingen – udløb " (date(&end)) }
        @else if let (Some(end), Some(effect)) = (&f.ends_on, &f.notice_effect) {
            @if effect >= end { "Ingen – udløber " (date(end)) ", før en opsigelse kan få virkning" }
            @else { (running_notice(f.notice_months, effect)) }
        }
        @else if let Some(effect) = &f.notice_effect { (running_notice(f.notice_months, effect)) }
        @else { "Ikke angivet" }
    }
}

fn running_notice(months: Option<u32>, effect: &Date) -> Markup {
    html! {
        "Ingen fast dag: løbende opsigelse med " (months.unwrap_or(0)) " måneders varsel; opsagt i dag ophører den "
        (date(effect))
    }
}

fn families_table(v: &DossierView) -> Markup {
    let today = v.today.unwrap_or(Date::new(2026, 1, 1));
    html! {
        div.table-wrap tabindex="0" role="region" aria-label="Tabel" { table {
            caption { "Kontrakter og tillæg" }
            thead { tr {
                th scope="col" { "Kontrakt" } th scope="col" { "Leverandør" } th scope="col" { "Gyldig fra" }
                th scope="col" { "Gyldig til" } th scope="col" { "Uopsigelig til" }
                th scope="col" { "Sidste opsigelsesdag" } th scope="col" { "Optioner" } th scope="col" { "Tillæg" }
                th scope="col" { "Status" }
            } }
            tbody { @for f in &v.families { tr {
                th scope="row" { a href=(f.contract.url) { (f.contract.label) }
                    @if let Some(n) = &f.contract_number { br; span.meta { (n) } } }
                td { (f.supplier.as_deref().unwrap_or("–")) }
                td { (opt_date(&f.valid_from)) }
                td { @if f.ongoing { "Løbende" } @else { (opt_date(&f.valid_to)) } }
                td { (opt_date(&f.irrevocable_until)) }
                td { (last_notice(f, today)) }
                td { @match f.options {
                    Some((n, m)) => { (n) " × " (m) " mdr., " (f.options_used) " udnyttet"
                        @if let Some(e) = option_end(f) { br; "til " (date(&e)) } },
                    None => "–",
                } }
                td { @if f.addenda.is_empty() { "–" } ul.plain { @for a in &f.addenda { li {
                    a href=(a.link.url) { (a.link.label) }
                    @if let Some(d) = &a.signed_on { ", " (date(d)) }
                    @if !a.changed_clauses.is_empty() { " (ændrer " (a.changed_clauses.join(", ")) ")" }
                } } } }
                td { (in_force_badge(Some(f.in_force))) }
            } } }
        } }
    }
}

fn documentation_table(docs: &[DocumentationVersion]) -> Markup {
    html! {
        div.table-wrap tabindex="0" role="region" aria-label="Tabel" { table {
            caption { "Versioner, nyeste først" }
            thead { tr {
                th scope="col" { "Dokument" } th scope="col" { "Type" } th scope="col" { "Version" }
                th scope="col" { "Indsendt" } th scope="col" { "Næste revision" } th scope="col" { "Status" }
            } }
            tbody { @for d in docs { tr {
                td { a href=(d.link.url) { (d.link.label) } }
                td { (doc_type_label(&d.doc_type)) }
                td { (d.version.as_deref().unwrap_or("–")) }
                td { (opt_date(&d.uploaded_on)) }
                td { (opt_date(&d.next_revision_due)) }
                td { @if d.stale { span.badge.bad { "Forældet" } } @else if d.current { span.badge.ok { "Gældende" } }
                    @else { span.badge.off { "Afløst" } } }
            } } }
        } }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{EVIL, check};

    #[test]
    fn timeline_table_documentation_and_export() {
        let v = DossierView {
            system: Link::new(EVIL, "/systemer/SYS-1"),
            system_id: "SYS-1".into(),
            category: "specialist".into(),
            lifecycle: "operational".into(),
            owner_forvaltning: "ØKF".into(),
            today: Some(Date::new(2026, 12, 5)),
            families: vec![ContractFamily {
                contract: Link::new("Driftskontrakt løn", "/dokumenter/d1"),
                valid_from: Some(Date::new(2024, 7, 1)),
                valid_to: Some(Date::new(2027, 6, 30)),
                last_notice_day: Some(Date::new(2026, 12, 31)),
                options: Some((2, 12)),
                options_used: 1,
                in_force: true,
                addenda: vec![Addendum {
                    link: Link::new("Tillæg 1", "/dokumenter/d2"),
                    signed_on: Some(Date::new(2025, 3, 1)),
                    changed_clauses: vec!["4.2".into()],
                    ..Default::default()
                }],
                ..Default::default()
            }],
            documentation: vec![DocumentationVersion {
                link: Link::new("Systembeskrivelse", "/dokumenter/d3"),
                doc_type: "system_description".into(),
                stale: true,
                ..Default::default()
            }],
            stale_documentation: true,
            export_url: Some("/api/v1/systems/SYS-1/export".into()),
            ..Default::default()
        };
        let html = dossier(&Chrome::anonymous(), &v).into_string();
        check(&html);
        for needle in [
            "<svg",
            "<desc",
            "<figcaption>",
            "Sidste opsigelsesdag",
            "31. december 2026",
            "30. juni 2028</time>",
            "ændrer 4.2",
            "Forældet",
            "BagIt",
            "/api/v1/systems/SYS-1/export",
            "Gyldig fra",
            "Uopsigelig til",
        ] {
            assert!(html.contains(needle), "{needle}");
        }
    }

    #[test]
    fn a_missing_last_notice_day_is_explained() {
        let today = Date::new(2026, 12, 5);
        let family = |f: ContractFamily| ContractFamily {
            contract: Link::new("K", "/dokumenter/k"),
            valid_from: Some(Date::new(2024, 1, 1)),
            ..f
        };
        let cases = [
            (
                ContractFamily::default(),
                "Ikke angivet (ingen opsigelsesfrist registreret)",
            ),
            (
                ContractFamily {
                    notice_months: Some(3),
                    terminated_on: Some(Date::new(2026, 10, 1)),
                    ..Default::default()
                },
                "Ingen – opsagt <time datetime=\"2026-10-01\">1. oktober 2026</time>",
            ),
            (
                ContractFamily {
                    notice_months: Some(3),
                    ends_on: Some(Date::new(2027, 1, 31)),
                    notice_effect: Some(Date::new(2027, 3, 5)),
                    ..Default::default()
                },
                "før en opsigelse kan få virkning",
            ),
            (
                ContractFamily {
                    notice_months: Some(3),
                    ends_on: Some(Date::new(2027, 6, 30)),
                    notice_effect: Some(Date::new(2027, 3, 5)),
                    ..Default::default()
                },
                "løbende opsigelse med 3 måneders varsel; opsagt i dag ophører den <time datetime=\"2027-03-05\">",
            ),
            (
                ContractFamily {
                    notice_months: Some(3),
                    ends_on: Some(Date::new(2026, 6, 30)),
                    ..Default::default()
                },
                "Ingen – udløb <time datetime=\"2026-06-30\">",
            ),
        ];
        for (f, want) in cases {
            let v = DossierView {
                today: Some(today),
                families: vec![family(f)],
                ..Default::default()
            };
            let html = dossier(&Chrome::anonymous(), &v).into_string();
            check(&html);
            assert!(html.contains(want), "{want}");
        }
    }

    #[test]
    fn empty_dossier_flags_gaps() {
        let v = DossierView {
            system: Link::new("Løn", "/systemer/SYS-1"),
            system_id: "SYS-1".into(),
            missing_contract: true,
            ..Default::default()
        };
        let html = dossier(&Chrome::anonymous(), &v).into_string();
        check(&html);
        assert!(html.contains("ingen kontrakt"));
        assert!(html.contains("ingen systemteknisk dokumentation"));
        assert!(!html.contains("BagIt"));
    }
}
