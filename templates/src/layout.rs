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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{EVIL, check};
    use crate::view::UserView;

    #[test]
    fn header_shows_user_and_log_out_form() {
        let chrome = Chrome {
            user: Some(UserView {
                name: EVIL.into(),
                role: "digitaliseringskontor".into(),
                forvaltning: Some("BUF".into()),
            }),
            csrf_token: "c5rf".into(),
        };
        let html = page(
            &chrome,
            Head::new("Titel", Nav::Upload),
            html! { h1 { "Titel" } },
        )
        .into_string();
        check(&html);
        for needle in [
            "&lt;script&gt;alert(1)&lt;/script&gt;",
            "Digitaliseringskontor",
            "BUF",
            "action=\"/logout\"",
            "name=\"csrf_token\" value=\"c5rf\"",
            "href=\"#indhold\"",
            "<main id=\"indhold\"",
            "<nav aria-label=\"Hovedmenu\">",
            "<footer",
            "href=\"/indsend\" aria-current=\"page\"",
            "href=\"/static/style.css\"",
            "<script src=\"/static/app.js\" defer></script>",
        ] {
            assert!(html.contains(needle), "{needle}");
        }
        for word in [
            "Søg",
            "Indsend",
            "Systemregister",
            "Compliance",
            "Frister",
            "Genbrug",
        ] {
            assert!(html.contains(&format!(">{word}</a>")), "{word}");
        }
    }

    #[test]
    fn anonymous_header_links_to_login() {
        let html = page(
            &Chrome::anonymous(),
            Head::new("x", Nav::None),
            html! { h1 { "x" } },
        )
        .into_string();
        check(&html);
        assert!(html.contains("href=\"/login\""));
        assert!(!html.contains("/logout"));
    }

    #[test]
    fn assets_have_no_inline_tricks() {
        assert!(crate::STYLESHEET.contains(":focus-visible"));
        assert!(crate::STYLESHEET.contains("@media"));
        assert!(crate::SCRIPT.contains("/api/v1/systems"));
        assert!(!crate::SCRIPT.contains("eval("));
        assert!(!crate::SCRIPT.contains("innerHTML"));
    }
}
