//! View data shared by several pages: links, choices, document rows, the signed-in user.

use maud::{Markup, html};

use crate::format::{Date, kind_label};

/// A link: what it says and where it goes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Link {
    pub label: String,
    pub url: String,
}

impl Link {
    pub fn new(label: impl Into<String>, url: impl Into<String>) -> Link {
        Link {
            label: label.into(),
            url: url.into(),
        }
    }
}

/// One option of a `<select>` or `<datalist>`: the submitted value and what a person reads.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

impl Choice {
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> Choice {
        Choice {
            value: value.into(),
            label: label.into(),
        }
    }
}

/// The signed-in user, shown in the header.
#[derive(Clone, Debug, Default)]
pub struct UserView {
    pub name: String,
    /// Role code: `enhed`, `digitaliseringskontor`, `koncern_it`, `revisor`, `admin`.
    pub role: String,
    pub forvaltning: Option<String>,
}

/// What every page needs besides its own data: who is signed in and the session's CSRF token
/// (for the log-out form in the header).
#[derive(Clone, Debug, Default)]
pub struct Chrome {
    pub user: Option<UserView>,
    pub csrf_token: String,
}

impl Chrome {
    /// Nobody signed in: the header shows "Log ind".
    pub fn anonymous() -> Chrome {
        Chrome::default()
    }
}

/// One document in a list (system page, supplier, reuse, family).
#[derive(Clone, Debug, Default)]
pub struct DocumentRow {
    pub url: String,
    pub title: String,
    /// Kind code: `contract`, `addendum`, …
    pub kind: String,
    pub forvaltning: String,
    pub supplier: Option<String>,
    /// Signed, or else uploaded.
    pub date: Option<Date>,
    /// Contracts only: in force today.
    pub in_force: Option<bool>,
}

/// `<time>` with the Danish date visible and ISO in `datetime`.
pub(crate) fn date(d: &Date) -> Markup {
    html! { time datetime=(d.iso()) { (d) } }
}

pub(crate) fn opt_date(d: &Option<Date>) -> Markup {
    html! { @if let Some(d) = d { (date(d)) } @else { "–" } }
}

/// "I kraft" / "Ikke i kraft" as a small badge with words, never colour alone.
pub(crate) fn in_force_badge(in_force: Option<bool>) -> Markup {
    html! {
        @match in_force {
            Some(true) => span.badge.ok { "I kraft" },
            Some(false) => span.badge.off { "Ikke i kraft" },
            None => "",
        }
    }
}

/// A table of documents, the common shape of several pages.
pub(crate) fn document_table(caption: &str, rows: &[DocumentRow]) -> Markup {
    html! {
        div.table-wrap tabindex="0" role="region" aria-label="Tabel" {
            table {
                caption { (caption) }
                thead { tr { th scope="col" { "Titel" } th scope="col" { "Type" } th scope="col" { "Forvaltning" }
                    th scope="col" { "Leverandør" } th scope="col" { "Dato" } th scope="col" { "Status" } } }
                tbody {
                    @for r in rows {
                        tr {
                            td { a href=(r.url) { (r.title) } }
                            td { (kind_label(&r.kind)) }
                            td { (r.forvaltning) }
                            td { (r.supplier.as_deref().unwrap_or("–")) }
                            td { (opt_date(&r.date)) }
                            td { (in_force_badge(r.in_force)) }
                        }
                    }
                }
            }
        }
    }
}
