//! HTML pages as pure functions from view data to markup (maud). No database, no index, no HTTP here:
//! the service fills the plain view structs and serves the strings. All text is Danish and uses KITOS's words.
//!
//! Shared pieces:
//! - [`format`](mod@format) – dates (`5. december 2026`), amounts (`1.250.000 kr.`), Danish labels of API codes.
//! - [`view`] – view data used by several pages ([`Chrome`], [`Link`], [`Choice`], [`DocumentRow`]).
//! - [`layout`](mod@layout) – the page frame (skip link, header with user and log-out, navigation, footer).
//! - [`forms`] – labelled fields with errors next to them, the CSRF field.
//! - [`chart`] – the server-rendered SVG bar chart; [`timeline`](mod@timeline) – the SVG timeline of contracts
//!   and deadlines. Each comes with a text equivalent on its page.
//! - [`csv`] – CSV fields (quoting, no formulas), for the pages' Danish CSV and the API's reports.
//! - [`STYLESHEET`] and [`SCRIPT`] – the static assets for `/static/style.css` and `/static/app.js`.
//!
//! Pages, one module each:
//! - [`search`] – Søg, the start page.
//! - [`upload`] – Indsend, choosing a kind, the form, and the status page after upload.
//! - [`document`] – one document.
//! - [`systems`] – the system register and one system.
//! - [`dossier`] – the auditor's system dossier.
//! - [`supplier`] – one supplier across forvaltninger.
//! - [`reuse`] – Genbrug.
//! - [`compliance`] – §5.1 and §4.4 gaps.
//! - [`deadlines`] – Frister.
//! - [`login`] – Log ind.
//! - [`error`] – 404, 403, 500.
//! - [`help()`] – the search query language.

pub mod chart;
pub mod compliance;
pub mod csv;
pub mod deadlines;
pub mod document;
#[cfg(test)]
mod document_tests;
pub mod dossier;
pub mod error;
mod fields;
pub mod format;
pub mod forms;
mod help;
pub mod layout;
pub mod login;
pub mod reuse;
pub mod search;
#[cfg(test)]
mod search_tests;
pub mod supplier;
pub mod systems;
pub mod timeline;
pub mod upload;
pub mod view;

#[cfg(test)]
mod testutil;

pub use format::Date;
pub use help::{help, help_for};
pub use layout::{Head, Nav, page};
pub use maud::{Markup, PreEscaped};
pub use view::{Choice, Chrome, DocumentRow, Link, UserView};

/// The stylesheet, served by the service at `/static/style.css`.
pub const STYLESHEET: &str = include_str!("style.css");

/// Progressive enhancement (upload progress, live status, system picker), served at `/static/app.js`.
pub const SCRIPT: &str = include_str!("app.js");

/// Kept for the service's current call: the start page without a query.
pub struct LandingView {
    pub indexed_documents: u64,
}

/// Kept for the service's current call; new code calls [`search::search`].
pub fn landing(view: &LandingView) -> Markup {
    search::search(
        &Chrome::anonymous(),
        &search::SearchView {
            indexed_documents: view.indexed_documents,
            ..Default::default()
        },
    )
}

/// Kept for the service's current call; new code calls [`page`].
pub fn layout(title: &str, body: Markup) -> Markup {
    page(&Chrome::anonymous(), Head::new(title, Nav::None), body)
}
