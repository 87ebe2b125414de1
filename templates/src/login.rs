//! Log ind (`/login`): username and password, and single sign-on when it is configured.

use maud::{Markup, html};

use crate::forms::csrf;
use crate::layout::{Head, Nav, page};
use crate::view::Chrome;

/// The login page's data.
#[derive(Clone, Debug, Default)]
pub struct LoginView {
    pub csrf_token: String,
    /// What was typed, kept after a failed attempt (never the password).
    pub username: String,
    /// "Forkert brugernavn eller adgangskode.", "For mange forsøg – prøv igen om 5 minutter.", …
    pub error: Option<String>,
    /// Where to go after login (a local path), sent back as a hidden field.
    pub next: Option<String>,
    /// The OpenID Connect start URL, when single sign-on is configured.
    pub sso_url: Option<String>,
    /// A message after logout or an expired session.
    pub notice: Option<String>,
}

/// The login page.
pub fn login(chrome: &Chrome, v: &LoginView) -> Markup {
    let described = v.error.as_ref().map(|_| "login-error");
    page(
        chrome,
        Head::new("Log ind", Nav::None),
        html! {
            h1 { "Log ind" }
            @if let Some(n) = &v.notice { p.notice role="status" { (n) } }
            @if let Some(url) = &v.sso_url {
                p { a.button href=(url) { "Log ind med Microsoft (SSO)" } }
                p.meta { "Eller log ind med brugernavn og adgangskode:" }
            }
            form method="post" action="/login" {
                (csrf(&v.csrf_token))
                @if let Some(next) = &v.next { input type="hidden" name="next" value=(next); }
                @if let Some(e) = &v.error { p.error id="login-error" role="alert" { (e) } }
                div.field {
                    label for="username" { "Brugernavn" }
                    input #username type="text" name="username" value=(v.username) autocomplete="username"
                        required aria-describedby=[described] aria-invalid=[described.map(|_| "true")];
                }
                div.field {
                    label for="password" { "Adgangskode" }
                    input #password type="password" name="password" autocomplete="current-password" required
                        aria-describedby=[described] aria-invalid=[described.map(|_| "true")];
                }
                button type="submit" { "Log ind" }
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{EVIL, check};

    #[test]
    fn form_posts_username_password_and_csrf() {
        let v = LoginView {
            csrf_token: "tok123".into(),
            username: EVIL.into(),
            error: Some("Forkert brugernavn eller adgangskode.".into()),
            sso_url: Some("/login/oidc".into()),
            next: Some("/systemer".into()),
            notice: None,
        };
        let html = login(&Chrome::anonymous(), &v).into_string();
        check(&html);
        for needle in [
            "action=\"/login\"",
            "name=\"username\"",
            "name=\"password\"",
            "name=\"csrf_token\" value=\"tok123\"",
            "Log ind med Microsoft (SSO)",
            "Forkert brugernavn",
            "href=\"/login\"",
        ] {
            assert!(html.contains(needle), "{needle}");
        }
    }

    #[test]
    fn no_sso_button_without_config() {
        let html = login(&Chrome::anonymous(), &LoginView::default()).into_string();
        check(&html);
        assert!(!html.contains("SSO"));
    }
}
