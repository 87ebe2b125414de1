//! Leverandør (`/leverandoerer/{cvr}`): one supplier's contracts across forvaltninger, so a forvaltning can see
//! what others already buy from the same company.

use maud::{Markup, html};

use crate::layout::{Head, Nav, page};
use crate::view::{Chrome, DocumentRow, Link, document_table};

/// One supplier's page.
#[derive(Clone, Debug, Default)]
pub struct SupplierView {
    /// CVR number, or `<country>-<id>` for a foreign supplier.
    pub cvr: String,
    pub name: String,
    /// The supplier's contracts (and tillæg) the user may see, across forvaltninger.
    pub contracts: Vec<SupplierContract>,
    /// Other documents (bilag, databehandleraftaler, dokumentation).
    pub other_documents: Vec<DocumentRow>,
    /// Clause search within this supplier, e.g. `/?q=&supplier=38009877`.
    pub search_url: String,
}

/// A contract and the systems it is linked to.
#[derive(Clone, Debug, Default)]
pub struct SupplierContract {
    pub document: DocumentRow,
    pub systems: Vec<Link>,
}

/// The supplier page.
pub fn supplier(chrome: &Chrome, v: &SupplierView) -> Markup {
    let mut forvaltninger: Vec<(&str, usize)> = Vec::new();
    for c in &v.contracts {
        match forvaltninger
            .iter_mut()
            .find(|(f, _)| *f == c.document.forvaltning)
        {
            Some((_, n)) => *n += 1,
            None => forvaltninger.push((&c.document.forvaltning, 1)),
        }
    }
    let in_force = v
        .contracts
        .iter()
        .filter(|c| c.document.in_force == Some(true))
        .count();
    page(
        chrome,
        Head::new(&v.name, Nav::None),
        html! {
            h1 { (v.name) }
            dl.meta-table {
                dt { "CVR-nummer" } dd { (v.cvr) }
                dt { "Kontrakter" } dd { (v.contracts.len()) ", heraf " (in_force) " i kraft" }
                dt { "Forvaltninger" } dd {
                    @if forvaltninger.is_empty() { "–" }
                    @for (i, (f, n)) in forvaltninger.iter().enumerate() {
                        @if i > 0 { ", " } (f) " (" (n) ")"
                    }
                }
            }
            p { a href=(v.search_url) { "Søg i denne leverandørs klausuler" } }
            h2 { "Kontrakter på tværs af forvaltninger" }
            @if v.contracts.is_empty() { p { "Ingen kontrakter, du har adgang til." } } @else {
                div.table-wrap tabindex="0" role="region" aria-label="Tabel" { table {
                    thead { tr {
                        th scope="col" { "Titel" } th scope="col" { "Forvaltning" } th scope="col" { "Dato" }
                        th scope="col" { "Status" } th scope="col" { "Systemer" }
                    } }
                    tbody { @for c in &v.contracts { tr {
                        td { a href=(c.document.url) { (c.document.title) } }
                        td { (c.document.forvaltning) }
                        td { (crate::view::opt_date(&c.document.date)) }
                        td { (crate::view::in_force_badge(c.document.in_force)) }
                        td { @for (i, s) in c.systems.iter().enumerate() { @if i > 0 { ", " } a href=(s.url) { (s.label) } } }
                    } } }
                } }
            }
            @if !v.other_documents.is_empty() {
                h2 { "Øvrige dokumenter" }
                (document_table("Bilag, databehandleraftaler og dokumentation", &v.other_documents))
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::Date;
    use crate::testutil::{EVIL, check};

    #[test]
    fn contracts_across_forvaltninger() {
        let row = |f: &str| DocumentRow {
            url: "/dokumenter/d1".into(),
            title: EVIL.into(),
            kind: "contract".into(),
            forvaltning: f.into(),
            date: Some(Date::new(2024, 6, 28)),
            in_force: Some(true),
            ..Default::default()
        };
        let v = SupplierView {
            cvr: "38009877".into(),
            name: "Nordlys Drift A/S".into(),
            contracts: vec![
                SupplierContract {
                    document: row("ØKF"),
                    systems: vec![Link::new("Løn", "/systemer/SYS-1")],
                },
                SupplierContract {
                    document: row("BUF"),
                    systems: vec![],
                },
            ],
            other_documents: vec![row("ØKF")],
            search_url: "/?supplier=38009877".into(),
        };
        let html = supplier(&Chrome::anonymous(), &v).into_string();
        check(&html);
        for needle in [
            "ØKF (1), BUF (1)",
            "28. juni 2024",
            "I kraft",
            "2, heraf 2 i kraft",
            "Øvrige dokumenter",
        ] {
            assert!(html.contains(needle), "{needle}");
        }
    }
}
