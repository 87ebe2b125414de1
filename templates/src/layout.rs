//! The shared page frame: skip link, header with navigation and the signed-in user, main, footer.
//!
//! Styles and scripts are external files (`/static/style.css`, `/static/app.js`) because the CSP is
//! `default-src 'self'` without `unsafe-inline`.

use maud::{DOCTYPE, Markup, html};

use crate::format::role_label;
use crate::view::Chrome;

/// The navigation entries; the current one gets `aria-current="page"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nav {
    Search,
    Upload,
    Systems,
    Compliance,
    Deadlines,
    Reuse,
    /// A page outside the menu (help, login, errors, a supplier).
    None,
}

const MENU: [(Nav, &str, &str); 6] = [
    (Nav::Search, "/", "Søg"),
    (Nav::Upload, "/indsend", "Indsend"),
    (Nav::Systems, "/systemer", "Systemregister"),
    (Nav::Compliance, "/compliance", "Compliance"),
    (Nav::Deadlines, "/frister", "Frister"),
    (Nav::Reuse, "/genbrug", "Genbrug"),
];

/// Page-level settings besides the body.
#[derive(Clone, Copy, Debug)]
pub struct Head<'a> {
    pub title: &'a str,
    pub nav: Nav,
    /// Reload after this many seconds (used while an upload is `pending`). A `<meta>` refresh is no inline
    /// script, but axe's `meta-refresh` rule flags delays under 20 hours, so the service should prefer None.
    pub refresh_seconds: Option<u32>,
}

impl<'a> Head<'a> {
    pub fn new(title: &'a str, nav: Nav) -> Head<'a> {
        Head {
            title,
            nav,
            refresh_seconds: None,
        }
    }
}

/// The whole HTML document around a page body.
pub fn page(chrome: &Chrome, head: Head<'_>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="da" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                @if let Some(s) = head.refresh_seconds { meta http-equiv="refresh" content=(s); }
                title { (head.title) " – Kontraktarkiv" }
                link rel="stylesheet" href="/static/style.css";
                script src="/static/app.js" defer {}
            }
            body {
                a.skip href="#indhold" { "Gå til indhold" }
                header.site {
                    div.brand {
                        a href="/" { "Kontraktarkiv" }
                        span.sub { "Koncern IT · Københavns Kommune" }
                    }
                    (user_box(chrome))
                    nav aria-label="Hovedmenu" {
                        ul {
                            @for (nav, url, label) in MENU {
                                li { a href=(url) aria-current=[(nav == head.nav).then_some("page")] { (label) } }
                            }
                        }
                    }
                }
                main id="indhold" tabindex="-1" { (body) }
                footer.site {
                    p {
                        "Kontraktarkiv efter it-anskaffelsescirkulærets §5.1 og §4.4 · "
                        a href="/hjaelp" { "Søgehjælp" } " · "
                        a href="/api/v1/openapi.json" { "API-beskrivelse" }
                    }
                }
            }
        }
    }
}

fn user_box(chrome: &Chrome) -> Markup {
    html! {
        div.user {
            @if let Some(u) = &chrome.user {
                span.who {
                    strong { (u.name) } " · " (role_label(&u.role))
                    @if let Some(f) = &u.forvaltning { " · " (f) }
                }
                form method="post" action="/logout" {
                    (crate::forms::csrf(&chrome.csrf_token))
                    button.link type="submit" { "Log ud" }
                }
            } @else {
                a href="/login" { "Log ind" }
            }
        }
    }
}
