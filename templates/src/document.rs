//! Dokument (`/dokumenter/{id}`): metadata, status and extraction report, the PDF in the browser's viewer at
//! the requested page, the text per page, the contract family, systems, similar contracts, the audit history
//! (for those who may see it) and the correction and link forms (for those who may change it).

use maud::{Markup, html};

use crate::fields::{Options, fieldsets, label_of};
use crate::format::{
    Date, amount_dkk, bytes, kind_label, notice_anchor_label, status_label, template_label,
    timestamp,
};
use crate::forms::{FieldMap, csrf, error_summary};
use crate::layout::{Head, Nav, page};
use crate::view::{
    Choice, Chrome, DocumentRow, Link, date, document_table, in_force_badge, opt_date,
};

/// One document's page.
#[derive(Clone, Debug, Default)]
pub struct DocumentView {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub forvaltning: String,
    pub unit: Option<String>,
    /// Supplier name and the supplier page.
    pub supplier: Option<Link>,
    pub supplier_cvr: Option<String>,
    pub confidential: bool,
    pub signed_on: Option<Date>,
    pub sha256: String,
    pub bytes: u64,
    pub pages: Option<u32>,
    pub file_name: Option<String>,
    pub uploaded_by: String,
    /// RFC 3339.
    pub uploaded_at: String,
    /// `pending`, `indexed`, `no_text`, `failed`.
    pub status: String,
    pub status_message: Option<String>,
    /// `/api/v1/documents/{id}`: while `pending`, the script polls it and reloads when extraction ends.
    pub status_api_url: Option<String>,
    pub extraction: Option<ExtractionReport>,
    pub contract: Option<ContractTerms>,
    pub documentation: Option<DocumentationInfo>,
    /// `/api/v1/documents/{id}/content`; `None` when the user may see metadata only (no viewer, no text).
    pub content_url: Option<String>,
    /// The page to open the viewer at (`#page=N`).
    pub open_page: Option<u32>,
    /// Extracted text, page 1 first.
    pub text_pages: Vec<String>,
    /// Parent, tillæg, bilag, databehandleraftaler of the same family (this document included or not).
    pub family: Vec<DocumentRow>,
    pub systems: Vec<LinkedSystem>,
    /// Contracts of other forvaltninger most like this one that the user may read; `None` when not looked
    /// for (not a contract, or the user may not read this one's text).
    pub similar: Option<Vec<DocumentRow>>,
    /// `Some` only for users who may read the audit log.
    pub history: Option<Vec<AuditEntry>>,
    /// `Some` only for users who may correct and link.
    pub edit: Option<EditForms>,
}

/// Per-document extraction report.
#[derive(Clone, Debug, Default)]
pub struct ExtractionReport {
    pub pages_with_text: u32,
    pub characters: u64,
    /// Pages that look like images without text.
    pub image_only_pages: Vec<u32>,
    pub clauses: Option<u32>,
    /// Limits that tripped, fonts that could not be decoded, …
    pub notes: Vec<String>,
}

/// Contract and tillæg terms (KITOS's words).
#[derive(Clone, Debug, Default)]
pub struct ContractTerms {
    pub contract_number: Option<String>,
    pub valid_from: Option<Date>,
    pub valid_to: Option<Date>,
    pub ongoing: bool,
    pub irrevocable_until: Option<Date>,
    pub terminated_on: Option<Date>,
    pub notice_months: Option<u32>,
    /// `running`, `end_of_month`, `end_of_quarter`, `end_of_year`.
    pub notice_anchor: Option<String>,
    pub last_notice_day: Option<Date>,
    /// (count, months each), and how many are used.
    pub options: Option<(u32, u32)>,
    pub options_used: Option<u32>,
    pub template: Option<String>,
    pub procurement_form: Option<String>,
    pub framework_agreement: Option<String>,
    pub value_expected_dkk: Option<i64>,
    pub value_max_dkk: Option<i64>,
    pub in_force: Option<bool>,
    /// Tillæg: the parent contract, number and changed clauses.
    pub parent: Option<Link>,
    pub addendum_number: Option<u32>,
    pub changed_clauses: Vec<String>,
}

/// Systemteknisk dokumentation.
#[derive(Clone, Debug, Default)]
pub struct DocumentationInfo {
    pub doc_type: String,
    pub version: Option<String>,
    pub supersedes: Option<Link>,
    pub next_revision_due: Option<Date>,
    pub current: bool,
    pub stale: bool,
}

/// A linked system; `unlink_url` set when the user may unlink (POST with csrf_token).
#[derive(Clone, Debug, Default)]
pub struct LinkedSystem {
    pub system: Link,
    pub unlink_url: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct AuditEntry {
    /// RFC 3339.
    pub at: String,
    pub actor: String,
    pub action: String,
    pub details: String,
}

/// The forms for correcting metadata (POST `correct_url`, the upload form's field names) and linking a
/// system (POST `link_url` with `system_id`).
#[derive(Clone, Debug, Default)]
pub struct EditForms {
    pub csrf_token: String,
    pub correct_url: String,
    pub values: FieldMap,
    pub errors: FieldMap,
    pub suppliers: Vec<Choice>,
    pub parents: Vec<Choice>,
    pub link_url: String,
    pub systems: Vec<Choice>,
}

/// The document page.
pub fn document(chrome: &Chrome, v: &DocumentView) -> Markup {
    page(
        chrome,
        Head::new(&v.title, Nav::None),
        html! {
            h1 { (v.title) }
            p.meta { (kind_label(&v.kind)) " · " (v.forvaltning) @if v.confidential { " · " span.badge.bad { "Fortrolig" } } }
            (metadata(v))
            (status(v))
            (content(v))
            @if !v.family.is_empty() { h2 { "Kontraktfamilie" } (document_table("Dokumenter i samme familie", &v.family)) }
            h2 { "Systemer" }
            @if v.systems.is_empty() { p { "Dokumentet er ikke knyttet til et system." } }
            ul { @for s in &v.systems { li {
                a href=(s.system.url) { (s.system.label) }
                @if let (Some(u), Some(e)) = (&s.unlink_url, &v.edit) {
                    " " form.inline-form method="post" action=(u) { (csrf(&e.csrf_token)) button.secondary type="submit" { "Fjern " span.visually-hidden { (s.system.label) } } }
                }
            } } }
            @if let Some(e) = &v.edit { (link_form(e)) }
            @if let Some(similar) = &v.similar { (similar_contracts(similar)) }
            @if let Some(h) = &v.history { (history(h)) }
            @if let Some(e) = &v.edit { (correction_form(&v.kind, e)) }
        },
    )
}

fn similar_contracts(similar: &[DocumentRow]) -> Markup {
    html! {
        h2 { "Lignende kontrakter i andre forvaltninger" }
        @if similar.is_empty() {
            p { "Ingen andre forvaltninger har en kontrakt, du kan læse, med lignende tekst. "
                a href="/genbrug" { "Søg efter genbrug" } " med et system eller en beskrivelse af behovet." }
        } @else {
            p.meta { "Kontrakter med lignende tekst, som en anden forvaltning har indgået – måske kan de genbruges (§5.1)." }
            (document_table("Lignende kontrakter i andre forvaltninger", similar))
        }
    }
}

fn row(label: &str, value: Markup) -> Markup {
    html! { dt { (label) } dd { (value) } }
}

fn metadata(v: &DocumentView) -> Markup {
    html! {
        h2 { "Metadata" }
        dl.meta-table {
            @if let Some(s) = &v.supplier { (row("Leverandør", html! { a href=(s.url) { (s.label) } @if let Some(c) = &v.supplier_cvr { " (CVR " (c) ")" } })) }
            @if let Some(u) = &v.unit { (row("Enhed", html! { (u) })) }
            @if let Some(d) = &v.signed_on { (row("Underskrevet", date(d))) }
            @if let Some(c) = &v.contract { (contract_rows(c)) }
            @if let Some(d) = &v.documentation {
                (row("Dokumentationstype", html! { (crate::format::doc_type_label(&d.doc_type)) }))
                @if let Some(x) = &d.version { (row("Version", html! { (x) })) }
                @if let Some(x) = &d.supersedes { (row("Erstatter", html! { a href=(x.url) { (x.label) } })) }
                (row("Næste revision", opt_date(&d.next_revision_due)))
                (row("Aktualitet", html! {
                    @if d.stale { span.badge.bad { "Forældet" } } @else if d.current { span.badge.ok { "Gældende version" } } @else { span.badge.off { "Afløst" } }
                }))
            }
            (row("Fil", html! { (v.file_name.as_deref().unwrap_or("–")) ", " (bytes(v.bytes)) @if let Some(p) = v.pages { ", " (p) " sider" } }))
            (row("SHA-256", html! { code { (v.sha256) } }))
            (row("Indsendt", html! { (timestamp(&v.uploaded_at)) " af " (v.uploaded_by) }))
        }
    }
}

fn contract_rows(c: &ContractTerms) -> Markup {
    html! {
        @if let Some(p) = &c.parent { (row("Hovedkontrakt", html! { a href=(p.url) { (p.label) } })) }
        @if let Some(n) = c.addendum_number { (row("Tillægsnummer", html! { (n) })) }
        @if !c.changed_clauses.is_empty() { (row("Ændrede klausuler", html! { (c.changed_clauses.join(", ")) })) }
        @if let Some(n) = &c.contract_number { (row("Kontraktnummer", html! { (n) })) }
        (row("Gyldig fra", opt_date(&c.valid_from)))
        (row("Gyldig til", html! { @if c.ongoing { "Løbende" } @else { (opt_date(&c.valid_to)) } }))
        @if let Some(d) = &c.irrevocable_until { (row("Uopsigelig til", date(d))) }
        @if let Some(m) = c.notice_months { (row("Opsigelsesfrist", html! {
            (m) " måneder" @if let Some(a) = &c.notice_anchor { " " (notice_anchor_label(a)) }
        })) }
        @if let Some(d) = &c.last_notice_day { (row("Sidste opsigelsesdag", date(d))) }
        @else if c.parent.is_none() { (row("Sidste opsigelsesdag", no_notice_day(c))) }
        @if let Some(d) = &c.terminated_on { (row("Opsagt", date(d))) }
        @if let Some((n, m)) = c.options { (row("Optioner", html! { (n) " × " (m) " måneder, " (c.options_used.unwrap_or(0)) " udnyttet" })) }
        @if let Some(t) = &c.template { (row("Kontraktskabelon", html! { (template_label(t)) })) }
        @if let Some(p) = &c.procurement_form { (row("Indkøbsform", html! { (p) @if let Some(f) = &c.framework_agreement { " (" (f) ")" } })) }
        @if let Some(x) = c.value_expected_dkk { (row("Forventet værdi", html! { (amount_dkk(x)) " ekskl. moms" })) }
        @if let Some(x) = c.value_max_dkk { (row("Maksimal værdi", html! { (amount_dkk(x)) " ekskl. moms" })) }
        @if c.in_force.is_some() { (row("Status", in_force_badge(c.in_force))) }
    }
}

fn status(v: &DocumentView) -> Markup {
    html! {
        h2 { "Tekstudtræk" }
        div data-status-url=[v.status_api_url.as_ref().filter(|_| v.status == "pending")] {
            p { "Status: " span.status data-status-text role="status" { (status_label(&v.status)) } }
        }
        @if let Some(m) = &v.status_message { p.warning { (m) } }
        @if let Some(r) = &v.extraction {
            ul {
                li { "Sider med tekst: " (r.pages_with_text) @if let Some(p) = v.pages { " af " (p) } }
                li { "Tegn: " (crate::format::thousands(r.characters)) }
                @if let Some(c) = r.clauses { li { "Klausuler: " (c) } }
                @if !r.image_only_pages.is_empty() {
                    li { "Sider der ligner billeder uden tekst: "
                        (r.image_only_pages.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")) }
                }
                @for n in &r.notes { li { (n) } }
            }
        }
    }
}

fn content(v: &DocumentView) -> Markup {
    let Some(url) = &v.content_url else {
        return html! { p.notice { "Du kan kun se dette dokuments metadata, ikke dets indhold." } };
    };
    let viewer = match v.open_page {
        Some(p) => format!("{url}#page={p}"),
        None => url.clone(),
    };
    html! {
        h2 { "Dokumentet" }
        p { a.button href=(url) download { "Hent PDF" } }
        // Chromium shows a PDF in a frame with its own viewer and honours `#page=N`; the frame has no fallback
        // content in HTML, so the link below is the fallback.
        iframe.viewer src=(viewer) title=(format!("PDF: {}", v.title)) {}
        p.meta { "Vises PDF'en ikke? " a href=(url) { "Hent PDF'en" } }
        @if !v.text_pages.is_empty() {
            h2 { "Tekst pr. side" }
            @for (i, t) in v.text_pages.iter().enumerate() {
                details open[v.open_page == Some(i as u32 + 1)] {
                    summary { "Side " (i + 1) }
                    pre { (t) }
                }
            }
        }
    }
}

fn history(h: &[AuditEntry]) -> Markup {
    html! {
        h2 { "Historik" }
        div.table-wrap tabindex="0" role="region" aria-label="Tabel" { table {
            thead { tr { th scope="col" { "Tidspunkt" } th scope="col" { "Hvem" } th scope="col" { "Handling" } th scope="col" { "Detaljer" } } }
            tbody { @for e in h { tr { td { (timestamp(&e.at)) } td.nowrap { (e.actor) } td { (crate::format::audit_action_label(&e.action)) } td { (e.details) } } } }
        } }
    }
}

fn link_form(e: &EditForms) -> Markup {
    html! {
        form.inline-form method="post" action=(e.link_url) {
            (csrf(&e.csrf_token))
            div.field {
                label for="link-system" { "Knyt til system" }
                select #link-system name="system_id" required {
                    option value="" { "Vælg system …" }
                    @for c in &e.systems { option value=(c.value) { (c.label) } }
                }
            }
            button type="submit" { "Knyt" }
        }
    }
}

fn correction_form(kind: &str, e: &EditForms) -> Markup {
    let opts = Options {
        suppliers: &e.suppliers,
        parents: &e.parents,
    };
    html! {
        h2 { "Ret metadata" }
        p.meta { "Rettelser logges med gammel og ny værdi. Selve filen ændres aldrig." }
        (error_summary(&e.errors, &label_of))
        details open[!e.errors.is_empty()] {
            summary { "Vis formularen" }
            form method="post" action=(e.correct_url) {
                (csrf(&e.csrf_token))
                (fieldsets(kind, &e.values, &e.errors, &opts))
                button type="submit" { "Gem rettelser" }
            }
        }
    }
}

/// In words why a contract has no last notice day, as the dossier says it (which also knows today).
fn no_notice_day(c: &ContractTerms) -> Markup {
    html! {
        @if let Some(d) = &c.terminated_on { "Ingen – opsagt " (date(d)) }
        @else if c.notice_months.is_none() { "Ikke angivet (ingen opsigelsesfrist registreret)" }
        @else if let Some(end) = c.valid_to.as_ref().filter(|_| !c.ongoing) {
            "Ingen – kontrakten ophører " (date(end)) " uden opsigelse"
        }
        @else { "Ingen fast dag: løbende opsigelse med " (c.notice_months.unwrap_or(0)) " måneders varsel" }
    }
}
