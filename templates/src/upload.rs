//! Indsend (`/indsend`): choose the kind first, then that kind's form; after upload, the status page that
//! follows extraction (`pending` → `indexed`, `no_text` or `failed`) and explains each outcome.

use maud::{Markup, html};

pub use crate::fields::field_names;
use crate::fields::{Options, fieldsets, label_of, systems_picker};
use crate::format::{KINDS, kind_label, status_label};
use crate::forms::{Field, FieldMap, Input, csrf, error_summary, field};
use crate::layout::{Head, Nav, page};
use crate::view::{Choice, Chrome};

fn kind_description(kind: &str) -> &'static str {
    match kind {
        "contract" => "En underskreven it-kontrakt med en leverandør (§5.1).",
        "addendum" => "En underskreven ændring til en kontrakt, der allerede er indsendt.",
        "appendix" => "Et bilag til en kontrakt, fx en kravspecifikation eller prisbilag.",
        "data_processing_agreement" => "En databehandleraftale efter GDPR art. 28.",
        "system_documentation" => "Systemteknisk dokumentation af et system i drift (§4.4).",
        _ => "",
    }
}

/// Step 1: choose the kind. Plain links (`/indsend?type=…`), so it works without JavaScript.
pub fn upload_choose(chrome: &Chrome) -> Markup {
    page(
        chrome,
        Head::new("Indsend – vælg type", Nav::Upload),
        html! {
            h1 { "Indsend et dokument" }
            p { "Trin 1 af 2: Hvad vil du indsende?" }
            ul.kinds {
                @for k in KINDS {
                    li { a href=(format!("/indsend?type={k}")) { strong { (kind_label(k)) } br; span.meta { (kind_description(k)) } } }
                }
            }
        },
    )
}

/// Step 2: the form of one kind. Posts `multipart/form-data` to `/indsend` with the fields of
/// [`field_names`], `kind`, `system_ids` (repeated), `file` and `csrf_token`.
#[derive(Clone, Debug, Default)]
pub struct UploadView {
    /// Kind code, e.g. `contract`.
    pub kind: String,
    pub csrf_token: String,
    /// What was typed, by field name (kept after a failed submit).
    pub values: FieldMap,
    /// Danish error messages by field name (`file` for the PDF itself).
    pub errors: FieldMap,
    /// Known suppliers: value = CVR, label = name.
    pub suppliers: Vec<Choice>,
    /// Contracts a tillæg, bilag or databehandleraftale can belong to: value = id, label = title.
    pub parents: Vec<Choice>,
    /// The system register: value = system id, label = name.
    pub systems: Vec<Choice>,
    pub selected_systems: Vec<String>,
    /// The upload limit, shown next to the file field.
    pub max_upload_mb: Option<u64>,
}

/// The upload form.
pub fn upload_form(chrome: &Chrome, v: &UploadView) -> Markup {
    let title = format!("Indsend {}", kind_label(&v.kind).to_lowercase());
    let hint = v.max_upload_mb.map(|mb| format!("Kun PDF, højst {mb} MB."));
    let opts = Options {
        suppliers: &v.suppliers,
        parents: &v.parents,
    };
    page(
        chrome,
        Head::new(&title, Nav::Upload),
        html! {
            h1 { (title) }
            p { "Trin 2 af 2. " a href="/indsend" { "Vælg en anden type" } }
            p.meta { "Felter med " abbr.req title="skal udfyldes" { "*" } " skal udfyldes." }
            (error_summary(&v.errors, &label_of))
            form method="post" action="/indsend" enctype="multipart/form-data" data-upload {
                (csrf(&v.csrf_token))
                input type="hidden" name="kind" value=(v.kind);
                (fieldsets(&v.kind, &v.values, &v.errors, &opts))
                fieldset {
                    legend { "Systemer" }
                    (systems_picker(&v.systems, &v.selected_systems, v.errors.get("system_ids")))
                }
                fieldset {
                    legend { "Fil" }
                    (field(&Field { name: "file", label: "PDF-fil", input: Input::File, required: true,
                        hint: hint.as_deref() }, &v.values, &v.errors))
                }
                div.progress hidden {
                    progress max="100" value="0" aria-label="Upload" {}
                    span data-progress-text aria-live="polite" {}
                }
                button type="submit" { "Indsend" }
            }
        },
    )
}

/// After upload: the document's extraction status.
#[derive(Clone, Debug, Default)]
pub struct UploadStatusView {
    pub title: String,
    /// `pending`, `indexed`, `no_text` or `failed`.
    pub status: String,
    pub status_message: Option<String>,
    /// The document page, e.g. `/dokumenter/{id}`.
    pub document_url: String,
    /// The JSON the script polls while pending: `/api/v1/documents/{id}`.
    pub status_api_url: String,
    /// The same bytes were already here: the existing document is shown.
    pub duplicate: bool,
    /// Optional `<meta http-equiv=refresh>` while pending (see [`Head::refresh_seconds`]).
    pub refresh_seconds: Option<u32>,
}

fn explanation(status: &str) -> &'static str {
    match status {
        "pending" => {
            "Dokumentet er gemt. Teksten trækkes nu ud af PDF'en og gøres søgbar; det tager normalt \
                      under et minut. Siden følger med af sig selv, når JavaScript er slået til – ellers tryk \
                      »Opdater status«."
        }
        "indexed" => "Dokumentet er gemt, og teksten er søgbar.",
        "no_text" => {
            "Dokumentet er gemt, men PDF'en indeholder ingen tekst – den er formentlig scannet. Den kan \
                      hentes og ses, men dens indhold kan ikke søges. Indsend gerne den digitalt underskrevne \
                      udgave, eller få filen tekstgenkendt (OCR) og indsend den igen."
        }
        "failed" => {
            "Dokumentet er gemt uændret og kan hentes, men teksten kunne ikke trækkes ud, så indholdet \
                     kan ikke søges. Titel og metadata kan stadig findes. Kontakt Koncern IT, hvis PDF'en åbner \
                     normalt hos dig."
        }
        _ => "",
    }
}

/// The upload's result page.
pub fn upload_status(chrome: &Chrome, v: &UploadStatusView) -> Markup {
    let pending = v.status == "pending";
    let head = Head {
        refresh_seconds: if pending { v.refresh_seconds } else { None },
        ..Head::new("Dokumentet er modtaget", Nav::Upload)
    };
    page(
        chrome,
        head,
        html! {
            h1 { "Dokumentet er modtaget" }
            @if v.duplicate { p.notice { "Den samme fil var allerede indsendt; her er det eksisterende dokument." } }
            p { strong { (v.title) } }
            div data-status-url=[pending.then_some(&v.status_api_url)] {
                p { "Status: " span.status data-status-text role="status" { (status_label(&v.status)) } }
            }
            p { (explanation(&v.status)) }
            @if let Some(m) = &v.status_message { p.warning { "Besked fra tekstudtrækket: " (m) } }
            ul {
                @if pending { li { a href="" { "Opdater status" } } }
                li { a href=(v.document_url) { "Åbn dokumentet" } }
                li { a href="/indsend" { "Indsend endnu et dokument" } }
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{EVIL, check};

    #[test]
    fn choose_kind_lists_every_kind() {
        let html = upload_choose(&Chrome::anonymous()).into_string();
        check(&html);
        assert!(html.contains("/indsend?type=addendum"));
        assert!(html.contains("Databehandleraftale"));
    }

    #[test]
    fn contract_form_keeps_values_and_shows_errors() {
        let mut v = UploadView {
            kind: "contract".into(),
            csrf_token: "t0k".into(),
            suppliers: vec![Choice::new("38009877", "Nordlys Drift A/S")],
            systems: vec![Choice::new("SYS-0042", "Løn")],
            selected_systems: vec!["SYS-0042".into()],
            max_upload_mb: Some(100),
            ..Default::default()
        };
        v.values.insert("title".into(), EVIL.into());
        v.values.insert("notice_months".into(), "6".into());
        v.errors.insert(
            "supplier_cvr".into(),
            "CVR-nummeret skal have 8 cifre.".into(),
        );
        let html = upload_form(&Chrome::anonymous(), &v).into_string();
        check(&html);
        for needle in [
            "enctype=\"multipart/form-data\"",
            "name=\"csrf_token\" value=\"t0k\"",
            "Gyldig fra",
            "Gyldig til",
            "Uopsigelig til",
            "Opsigelsesfrist",
            "Kontraktskabelon",
            "Indkøbsform",
            "CVR-nummeret skal have 8 cifre.",
            "aria-invalid=\"true\"",
            "value=\"6\"",
            "<option value=\"SYS-0042\" selected>",
            "role=\"alert\"",
            "højst 100 MB",
        ] {
            assert!(html.contains(needle), "{needle}");
        }
        assert!(!html.contains("Tillægsnummer"));
        for name in field_names("contract") {
            assert!(html.contains(&format!("name=\"{name}\"")), "{name}");
        }
        assert!(field_names("addendum").contains(&"parent_id"));
    }

    #[test]
    fn addendum_and_documentation_have_their_fields() {
        for (kind, needle) in [
            ("addendum", "Tillægsnummer"),
            ("system_documentation", "Næste revision"),
        ] {
            let v = UploadView {
                kind: kind.into(),
                ..Default::default()
            };
            let html = upload_form(&Chrome::anonymous(), &v).into_string();
            check(&html);
            assert!(html.contains(needle), "{needle}");
        }
    }

    #[test]
    fn status_page_explains_each_status() {
        for (status, needle) in [
            ("pending", "Opdater status"),
            ("indexed", "teksten er søgbar"),
            ("no_text", "scannet"),
            ("failed", "kunne ikke trækkes ud"),
        ] {
            let v = UploadStatusView {
                title: EVIL.into(),
                status: status.into(),
                status_api_url: "/api/v1/documents/d1".into(),
                document_url: "/dokumenter/d1".into(),
                refresh_seconds: Some(5),
                ..Default::default()
            };
            let html = upload_status(&Chrome::anonymous(), &v).into_string();
            check(&html);
            assert!(html.contains(needle), "{needle}");
            assert_eq!(html.contains("data-status-url"), status == "pending");
            assert_eq!(html.contains("http-equiv=\"refresh\""), status == "pending");
        }
    }
}
