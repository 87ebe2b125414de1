//! Søg, the start page (`/`): one search field, facets with counts, clause hits with highlighted snippets,
//! paging, clause/document level, the corrected-query line and a no-hits state that says why.

use maud::{Markup, PreEscaped, html};

use crate::format::{kind_label, thousands};
use crate::layout::{Head, Nav, page};
use crate::view::{Chrome, Link};

/// Clause hits or one hit per document.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Level {
    #[default]
    Clause,
    Document,
}

/// The search page's data. An empty `query` shows the start page.
#[derive(Clone, Debug, Default)]
pub struct SearchView {
    pub query: String,
    /// Current filters and level as hidden fields, so a new query keeps them (name, value).
    pub hidden: Vec<(String, String)>,
    pub level: Level,
    /// URLs of this search at clause level and at document level.
    pub clause_level_url: String,
    pub document_level_url: String,
    /// Sort order: by relevance or newest first, with the URLs of both (empty hides the switch).
    pub sort_by_date: bool,
    pub sort_relevance_url: String,
    pub sort_date_url: String,
    pub total: u64,
    pub hits: Vec<SearchHit>,
    pub facets: Vec<Facet>,
    /// Filters in force, each with the URL of the search without it.
    pub active_filters: Vec<Link>,
    /// Set when the index searched corrected or decompounded words.
    pub corrected_query: Option<String>,
    /// The search for exactly what was typed (e.g. with `=` before the words).
    pub original_query_url: Option<String>,
    /// 1-based current page and the number of pages.
    pub page: u32,
    pub pages: u32,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
    /// Why nothing was found, e.g. "Ingen klausuler med alle ordene i BUF's kontrakter.".
    pub no_hits_reason: Option<String>,
    /// Looser queries: without a filter, with a prefix, …
    pub suggestions: Vec<Link>,
    /// A query syntax error (the 400 message, already Danish), shown next to the field.
    pub error: Option<String>,
    pub indexed_documents: u64,
}

/// One hit.
#[derive(Clone, Debug, Default)]
pub struct SearchHit {
    /// The document opened at the hit's page, e.g. `/dokumenter/abc?side=4#page=4`.
    pub url: String,
    pub title: String,
    pub kind: String,
    pub clause_number: Option<String>,
    pub clause_heading: Option<String>,
    pub page_from: Option<u32>,
    pub page_to: Option<u32>,
    /// Trusted HTML from the index: escaped text with `<mark>` only. `None` for metadata-only hits.
    pub snippet: Option<PreEscaped<String>>,
    pub supplier: Option<String>,
    pub forvaltning: String,
}

/// One facet: a heading and its values with counts.
#[derive(Clone, Debug, Default)]
pub struct Facet {
    pub title: String,
    pub values: Vec<FacetValue>,
}

#[derive(Clone, Debug, Default)]
pub struct FacetValue {
    pub label: String,
    pub count: u64,
    /// The search with this value toggled.
    pub url: String,
    pub selected: bool,
}

/// The search page.
pub fn search(chrome: &Chrome, v: &SearchView) -> Markup {
    let title = if v.query.is_empty() {
        "Søg".to_owned()
    } else {
        format!("{} – Søg", v.query)
    };
    page(
        chrome,
        Head::new(&title, Nav::Search),
        html! {
            h1 { "Søg i kontrakter og dokumentation" }
            (form(v))
            @if v.query.is_empty() {
                p.meta { (thousands(v.indexed_documents)) " dokumenter er søgbare." }
            } @else if v.error.is_none() {
                (results(v))
            }
        },
    )
}

fn form(v: &SearchView) -> Markup {
    let described = match &v.error {
        Some(_) => "q-hint q-error",
        None => "q-hint",
    };
    html! {
        form.search role="search" action="/" method="get" {
            label for="q" { "Søg i klausuler" }
            p.hint id="q-hint" {
                "Skriv ord fra kontrakten, fx »ansvarsbegrænsning Nordlys«. "
                a href="/hjaelp" { "Sådan søger du" }
            }
            @if let Some(e) = &v.error { p.error id="q-error" role="alert" { (e) } }
            div.searchbar {
                input #q type="search" name="q" value=(v.query) aria-describedby=(described)
                    aria-invalid=[v.error.as_ref().map(|_| "true")];
                @for (name, value) in &v.hidden { input type="hidden" name=(name) value=(value); }
                button type="submit" { "Søg" }
            }
        }
    }
}

fn results(v: &SearchView) -> Markup {
    let unit = match v.level {
        Level::Clause => "klausuler",
        Level::Document => "dokumenter",
    };
    html! {
        @if let Some(c) = &v.corrected_query {
            p.notice {
                "Viste resultater for »" strong { (c) } "«. "
                @if let Some(u) = &v.original_query_url { a href=(u) { "Søg i stedet efter »" (v.query) "«" } }
            }
        }
        div.search-layout {
            (facets(v))
            section aria-labelledby="resultater" {
                h2 #resultater aria-live="polite" { (thousands(v.total)) " " (unit) }
                nav.level-switch aria-label="Visning" {
                    (level_link(v.level == Level::Clause, &v.clause_level_url, "Vis klausuler"))
                    (level_link(v.level == Level::Document, &v.document_level_url, "Vis dokumenter"))
                }
                @if !v.sort_date_url.is_empty() {
                    nav.level-switch aria-label="Sortering" {
                        (level_link(!v.sort_by_date, &v.sort_relevance_url, "Mest relevante først"))
                        (level_link(v.sort_by_date, &v.sort_date_url, "Nyeste først"))
                    }
                }
                @if !v.active_filters.is_empty() {
                    p { "Filtre: " @for f in &v.active_filters {
                        a.badge href=(f.url) { (f.label) span.visually-hidden { " (fjern)" } " ×" } " "
                    } }
                }
                @if v.hits.is_empty() { (no_hits(v)) } @else {
                    ol.hits { @for h in &v.hits { li.hit { (hit(h)) } } }
                    (pager(v))
                }
            }
        }
    }
}

fn level_link(current: bool, url: &str, label: &str) -> Markup {
    html! {
        @if current { strong aria-current="true" { (label) } } @else { a href=(url) { (label) } }
    }
}

fn facets(v: &SearchView) -> Markup {
    html! {
        aside.facets aria-labelledby="filtre" {
            h2 #filtre { "Afgræns" }
            @for f in &v.facets {
                h3 { (f.title) }
                ul { @for val in &f.values {
                    li { a href=(val.url) aria-current=[val.selected.then_some("true")] {
                        @if val.selected { "✓ " } (val.label)
                    } " " span.count { "(" (thousands(val.count)) ")" } }
                } }
            }
        }
    }
}

fn hit(h: &SearchHit) -> Markup {
    let pages = match (h.page_from, h.page_to) {
        (Some(a), Some(b)) if b > a => format!("side {a}–{b}"),
        (Some(a), _) => format!("side {a}"),
        _ => String::new(),
    };
    html! {
        h3 { a href=(h.url) {
            @if let Some(n) = &h.clause_number { (n) " " }
            @if let Some(t) = &h.clause_heading { (t) } @else { (h.title) }
        } }
        p.meta {
            @if !pages.is_empty() { (pages) " · " }
            @if h.clause_heading.is_some() { strong { (h.title) } " · " }
            (kind_label(&h.kind)) " · " (h.forvaltning)
            @if let Some(s) = &h.supplier { " · " (s) }
        }
        @if let Some(s) = &h.snippet { p.snippet { (s) } }
    }
}

fn pager(v: &SearchView) -> Markup {
    html! {
        @if v.pages > 1 {
            nav.pager aria-label="Sider" {
                @if let Some(u) = &v.prev_url { a href=(u) rel="prev" { "← Forrige" } }
                span { "Side " (v.page) " af " (v.pages) }
                @if let Some(u) = &v.next_url { a href=(u) rel="next" { "Næste →" } }
            }
        }
    }
}

fn no_hits(v: &SearchView) -> Markup {
    html! {
        div.warning {
            p { strong { "Ingen resultater for »" (v.query) "«." } }
            p { (v.no_hits_reason.as_deref().unwrap_or("Ingen klausuler indeholder ordene med de valgte filtre.")) }
            @if !v.suggestions.is_empty() {
                p { "Prøv en løsere søgning:" }
                ul { @for s in &v.suggestions { li { a href=(s.url) { (s.label) } } } }
            }
            p { a href="/hjaelp" { "Se hvordan du søger" } }
        }
    }
}
