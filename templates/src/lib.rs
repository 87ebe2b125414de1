//! HTML pages as pure functions from view data to markup (maud). No database, no index, no HTTP here.
//!
//! - [`landing`]: the front page with the search box.
//! - [`help()`]: the search query language.
//! - [`layout`]: the shared page frame and stylesheet.

mod help;

pub use help::help;
use maud::{DOCTYPE, Markup, html};

/// The stylesheet, served inline so the pages work with a strict CSP and no extra request.
const CSS: &str = include_str!("style.css");

/// The shared page frame.
pub fn layout(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="da" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " – Kontraktarkiv" }
                style { (maud::PreEscaped(CSS)) }
            }
            body {
                header { a href="/" { "Kontraktarkiv" } span.sub { "Koncern IT · Københavns Kommune" } }
                main { (body) }
            }
        }
    }
}

/// Facts shown on the front page.
pub struct LandingView {
    pub indexed_documents: u64,
}

/// The front page: what this is, and a search box that uses the JSON API.
pub fn landing(view: &LandingView) -> Markup {
    layout(
        "Forside",
        html! {
            h1 { "Kontrakter og systemdokumentation" }
            p {
                "Alle underskrevne it-kontrakter, tillæg og systemteknisk dokumentation i Københavns Kommune "
                "(Forretningscirkulære for it-anskaffelser §5.1 og §4.4)."
            }
            form action="/api/v1/search" method="get" {
                label for="q" { "Søg i klausuler" }
                input #q type="search" name="q" placeholder="fx ansvarsbegrænsning leverandør:38009877";
                button type="submit" { "Søg" }
            }
            p.meta { (view.indexed_documents) " dokumenter er søgbare. " a href="/hjaelp" { "Sådan søger du" } }
            p.meta { a href="/api/v1/openapi.json" { "API-beskrivelse (OpenAPI)" } }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn landing_is_danish_and_escapes() {
        let html = landing(&LandingView {
            indexed_documents: 7,
        })
        .into_string();
        assert!(html.contains("lang=\"da\""));
        assert!(html.contains("7 dokumenter er søgbare."));
        let page = layout("<x>", html! {}).into_string();
        assert!(page.contains("&lt;x&gt;"));
    }
}
