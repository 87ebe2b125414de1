//! Error pages (404, 403, 500 and any other status) in Danish, with a way back.

use maud::{Markup, html};

use crate::layout::{Head, Nav, page};
use crate::view::Chrome;

fn heading(status: u16) -> &'static str {
    match status {
        400 => "Forespørgslen kunne ikke forstås",
        401 => "Du skal logge ind",
        403 => "Du har ikke adgang",
        404 => "Siden findes ikke",
        409 => "Konflikt",
        413 => "Filen er for stor",
        415 => "Filen er ikke en PDF",
        s if s >= 500 => "Der opstod en fejl hos os",
        _ => "Noget gik galt",
    }
}

fn explanation(status: u16) -> &'static str {
    match status {
        403 => {
            "Din rolle giver ikke adgang til denne side. Kontakt dit digitaliseringskontor, hvis du mener, \
                du burde have adgang."
        }
        404 => "Adressen er forkert, eller det du leder efter findes ikke (længere).",
        s if s >= 500 => {
            "Fejlen er logget. Prøv igen om lidt; fortsætter den, så kontakt Koncern IT og nævn \
                          tidspunktet."
        }
        _ => "Gå tilbage og prøv igen.",
    }
}

/// An error page. `message` is an extra, already Danish sentence (e.g. the API error's message); it is escaped.
pub fn error_page(chrome: &Chrome, status: u16, message: Option<&str>) -> Markup {
    let title = format!("{} ({status})", heading(status));
    page(
        chrome,
        Head::new(&title, Nav::None),
        html! {
            h1 { (heading(status)) }
            p.meta { "Fejlkode " (status) }
            @if let Some(m) = message { p { (m) } }
            p { (explanation(status)) }
            ul {
                li { a href="/" { "Til forsiden (Søg)" } }
                @if status == 401 || (status == 403 && chrome.user.is_none()) {
                    li { a href="/login" { "Log ind" } }
                }
                li { a href="/hjaelp" { "Søgehjælp" } }
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{EVIL, check};

    #[test]
    fn danish_errors_with_a_way_back() {
        for (status, words) in [
            (404, "Siden findes ikke"),
            (403, "Du har ikke adgang"),
            (500, "Der opstod en fejl hos os"),
        ] {
            let html = error_page(&Chrome::anonymous(), status, Some(EVIL)).into_string();
            check(&html);
            assert!(html.contains(words));
            assert!(html.contains("Til forsiden"));
            assert!(html.contains("&lt;script&gt;"));
        }
    }
}
