//! Sign-in against the real service: the browser login and its session cookie, logout, throttling, CSRF
//! on forms and on cookie-authenticated API writes, security headers, what is public, session limits and
//! the way back after sign-in. Tokens, feeds and the log are in `credentials`.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION};
use serde_json::Value;

use crate::helpers::{
    Server, add_user_with_password, browser, client, cookie_value, hidden_field, set_cookie_of,
    set_cookies,
};

pub(crate) const PASSWORD: &str = "korrekt hest batteri klips";

/// `POST /logout` with the session cookie and the form's token.
pub(crate) async fn logout(
    s: &Server,
    b: &reqwest::Client,
    session: &str,
    csrf_token: &str,
) -> reqwest::Response {
    crate::helpers::with_form(
        b.post(s.url("/logout"))
            .header(COOKIE, format!("ka_session={session}")),
        &[("csrf_token", csrf_token)],
    )
    .send()
    .await
    .unwrap()
}

/// A fresh login form: the `ka_login` cookie's value and the form's hidden token.
pub(crate) async fn login_form(s: &Server, b: &reqwest::Client) -> (String, String) {
    let r = b.get(s.url("/login")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let cookie = set_cookie_of(&set_cookies(&r), "ka_login").expect("ka_login cookie");
    let html = r.text().await.unwrap();
    let token = hidden_field(&html, "csrf_token").expect("csrf_token field");
    assert_eq!(
        cookie_value(&cookie),
        token,
        "cookie and field carry the same token"
    );
    (cookie_value(&cookie), token)
}

/// Posts the login form with `cookies` (a `Cookie` header value) and `extra` headers.
pub(crate) async fn post_login(
    s: &Server,
    b: &reqwest::Client,
    cookies: &str,
    csrf: &str,
    user: &str,
    password: &str,
    extra: &[(&str, &str)],
) -> reqwest::Response {
    let mut req = crate::helpers::with_form(
        b.post(s.url("/login")),
        &[
            ("username", user),
            ("password", password),
            ("csrf_token", csrf),
        ],
    );
    if !cookies.is_empty() {
        req = req.header(COOKIE, cookies);
    }
    for (k, v) in extra {
        req = req.header(*k, *v);
    }
    req.send().await.unwrap()
}

/// Logs in and answers the `ka_session` cookie's value.
pub(crate) async fn login(s: &Server, b: &reqwest::Client, user: &str, password: &str) -> String {
    let (cookie, csrf) = login_form(s, b).await;
    let r = post_login(
        s,
        b,
        &format!("ka_login={cookie}"),
        &csrf,
        user,
        password,
        &[],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "login of {user}");
    let set = set_cookie_of(&set_cookies(&r), "ka_session").expect("ka_session cookie");
    cookie_value(&set)
}

pub(crate) async fn me(s: &Server, b: &reqwest::Client, session: &str) -> (u16, Value) {
    let r = b
        .get(s.url("/api/v1/me"))
        .header(COOKIE, format!("ka_session={session}"))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// The session's CSRF token, from the log-out form in the header of a page.
pub(crate) async fn session_csrf(s: &Server, b: &reqwest::Client, session: &str) -> String {
    let r = b
        .get(s.url("/hjaelp"))
        .header(COOKIE, format!("ka_session={session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    let logout = html.find("action=\"/logout\"").expect("a log-out form");
    hidden_field(&html[logout..], "csrf_token").expect("the log-out form's csrf_token")
}

fn attributes(set_cookie: &str) -> Vec<String> {
    set_cookie
        .split(';')
        .skip(1)
        .map(|a| a.trim().to_ascii_lowercase())
        .collect()
}

#[tokio::test]
async fn browser_login_gives_a_safe_session_cookie_a_new_id_each_time_and_logout_ends_it() {
    let s = Server::start();
    add_user_with_password(s.data.path(), "bo", "enhed", Some("BUF"), PASSWORD);
    let b = browser();

    let (cookie, csrf) = login_form(&s, &b).await;
    let r = post_login(
        &s,
        &b,
        &format!("ka_login={cookie}"),
        &csrf,
        "bo",
        PASSWORD,
        &[],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[LOCATION], "/");
    let set = set_cookie_of(&set_cookies(&r), "ka_session").expect("ka_session cookie");
    let attrs = attributes(&set);
    for want in ["httponly", "samesite=lax", "path=/"] {
        assert!(attrs.contains(&want.to_string()), "{want} missing: {set}");
    }
    assert!(!attrs.contains(&"secure".to_string()), "plain HTTP: {set}");
    let first = cookie_value(&set);
    assert!(first.len() >= 32, "a long random session id: {set}");

    let (status, who) = me(&s, &b, &first).await;
    assert_eq!(status, 200, "{who}");
    assert_eq!(who["name"], "bo");
    assert_eq!(who["role"], "enhed");
    assert_eq!(who["forvaltning"], "BUF");

    // Behind a proxy that says the browser came over TLS, the cookie is Secure.
    let (cookie, csrf) = login_form(&s, &b).await;
    let https = [("x-forwarded-proto", "https")];
    let r = post_login(
        &s,
        &b,
        &format!("ka_login={cookie}"),
        &csrf,
        "bo",
        PASSWORD,
        &https,
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let set = set_cookie_of(&set_cookies(&r), "ka_session").unwrap();
    assert!(attributes(&set).contains(&"secure".to_string()), "{set}");

    // A new login from the browser that holds `first`: a new id, and the old one ends.
    let (cookie, csrf) = login_form(&s, &b).await;
    let both = format!("ka_login={cookie}; ka_session={first}");
    let r = post_login(&s, &b, &both, &csrf, "bo", PASSWORD, &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let second = cookie_value(&set_cookie_of(&set_cookies(&r), "ka_session").unwrap());
    assert_ne!(second, first, "a new session id at login");
    assert_eq!(me(&s, &b, &first).await.0, 401, "the old session ended");
    assert_eq!(me(&s, &b, &second).await.0, 200);

    // Logout needs the session's CSRF token.
    let r = logout(&s, &b, &second, "").await;
    assert_eq!(r.status(), 403, "logout without the session's token");
    assert_eq!(me(&s, &b, &second).await.0, 200, "still signed in");

    let token = session_csrf(&s, &b, &second).await;
    let r = logout(&s, &b, &second, token.as_str()).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[LOCATION], "/login");
    let cleared = set_cookie_of(&set_cookies(&r), "ka_session").expect("the cookie is cleared");
    assert!(
        cookie_value(&cleared).is_empty() && cleared.to_ascii_lowercase().contains("max-age=0"),
        "{cleared}"
    );
    assert_eq!(me(&s, &b, &second).await.0, 401, "logout ended the session");

    // Login and logout are audit events.
    let (_, events) = s.get_json("/api/v1/audit?actor=bo").await;
    let actions: Vec<&str> = events
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert!(actions.contains(&"login"), "{actions:?}");
    assert!(actions.contains(&"logout"), "{actions:?}");
}

#[tokio::test]
async fn wrong_passwords_are_refused_then_throttled_for_a_while_not_for_good() {
    let s = Server::start();
    add_user_with_password(s.data.path(), "ea", "enhed", Some("BUF"), PASSWORD);
    let b = browser();
    let (cookie, csrf) = login_form(&s, &b).await;
    let jar = format!("ka_login={cookie}");

    for attempt in 1..=5 {
        let r = post_login(&s, &b, &jar, &csrf, "ea", "forkert kodeord!", &[]).await;
        assert_eq!(r.status(), 401, "attempt {attempt}");
        assert!(set_cookie_of(&set_cookies(&r), "ka_session").is_none());
        let html = r.text().await.unwrap();
        assert!(
            html.contains("Forkert brugernavn eller adgangskode"),
            "{html}"
        );
    }
    // The sixth attempt waits, even with the right password.
    let r = post_login(&s, &b, &jar, &csrf, "ea", PASSWORD, &[]).await;
    assert_eq!(r.status(), 429);
    assert!(set_cookie_of(&set_cookies(&r), "ka_session").is_none());
    let html = r.text().await.unwrap();
    assert!(html.contains("Vent") && html.contains("sekunder"), "{html}");

    // Not for good: the first wait is a second.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let r = post_login(&s, &b, &jar, &csrf, "ea", PASSWORD, &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(set_cookie_of(&set_cookies(&r), "ka_session").is_some());

    // Failed logins are audit events, by an anonymous actor.
    let (_, events) = s.get_json("/api/v1/audit?action=login.failed").await;
    let events = events.as_array().unwrap();
    assert_eq!(events.len(), 5, "{events:?}");
    assert!(events.iter().all(|e| e["actor"] == "anonymous"));
    assert!(events.iter().all(|e| e["object"] == "user/ea"));
    assert!(
        !events
            .iter()
            .any(|e| e.to_string().contains("forkert kodeord")),
        "no password in the log"
    );
}

#[tokio::test]
async fn login_without_the_forms_csrf_token_is_refused() {
    let s = Server::start();
    add_user_with_password(s.data.path(), "ib", "enhed", Some("BUF"), PASSWORD);
    let b = browser();
    let (cookie, csrf) = login_form(&s, &b).await;
    // No cookie.
    let r = post_login(&s, &b, "", &csrf, "ib", PASSWORD, &[]).await;
    assert_eq!(r.status(), 403);
    assert!(set_cookie_of(&set_cookies(&r), "ka_session").is_none());
    // No field.
    let r = post_login(
        &s,
        &b,
        &format!("ka_login={cookie}"),
        "",
        "ib",
        PASSWORD,
        &[],
    )
    .await;
    assert_eq!(r.status(), 403);
    assert!(set_cookie_of(&set_cookies(&r), "ka_session").is_none());
    // A field that is not the cookie's.
    let (other, _) = login_form(&s, &b).await;
    let r = post_login(
        &s,
        &b,
        &format!("ka_login={other}"),
        &csrf,
        "ib",
        PASSWORD,
        &[],
    )
    .await;
    assert_eq!(r.status(), 403);
    assert!(set_cookie_of(&set_cookies(&r), "ka_session").is_none());
    // Both: in.
    let r = post_login(
        &s,
        &b,
        &format!("ka_login={cookie}"),
        &csrf,
        "ib",
        PASSWORD,
        &[],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn cookie_api_writes_need_the_csrf_header_and_bearer_writes_do_not() {
    let s = Server::start();
    let token = add_user_with_password(s.data.path(), "kit", "koncern_it", None, PASSWORD);
    let b = browser();
    let session = login(&s, &b, "kit", PASSWORD).await;
    let jar = format!("ka_session={session}");

    let r = b
        .post(s.url("/api/v1/me/feed"))
        .header(COOKIE, &jar)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403, "cookie write without X-CSRF-Token");
    let r = b
        .post(s.url("/api/v1/me/feed"))
        .header(COOKIE, &jar)
        .header("x-csrf-token", "0123456789abcdef")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403, "cookie write with a wrong X-CSRF-Token");
    let r = b
        .post(s.url("/api/v1/systems"))
        .header(COOKIE, &jar)
        .json(&serde_json::json!({"name": "Uden token"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403, "no system is made without the token");

    let csrf = session_csrf(&s, &b, &session).await;
    let r = b
        .post(s.url("/api/v1/me/feed"))
        .header(COOKIE, &jar)
        .header("x-csrf-token", &csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "with the session's token");

    // A bearer token is no cookie a browser sends on its own: no CSRF token needed.
    let r = client(&token)
        .post(s.url("/api/v1/me/feed"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // Reads need none either.
    let r = b
        .get(s.url("/api/v1/systems"))
        .header(COOKIE, &jar)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn html_pages_and_api_answers_carry_the_security_headers() {
    let s = Server::start();
    for (path, authed) in [
        ("/login", false),
        ("/hjaelp", true),
        ("/api/v1/me", true),
        ("/api/v1/me", false),
    ] {
        let r = if authed {
            s.get(path).await
        } else {
            browser().get(s.url(path)).send().await.unwrap()
        };
        let h = r.headers();
        let csp = h
            .get("content-security-policy")
            .unwrap_or_else(|| panic!("{path}: no CSP"))
            .to_str()
            .unwrap();
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-eval"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "same-origin", "{path}");
        assert!(h.contains_key("x-request-id"), "{path}");
    }
}

#[tokio::test]
async fn without_credentials_the_api_answers_401_and_the_public_routes_stay_open() {
    let s = Server::start();
    let b = browser();
    for path in [
        "/api/v1/me",
        "/api/v1/search?q=kontrakt",
        "/api/v1/systems",
        "/api/v1/audit",
        "/api/v1/reports/deadlines.ics",
        "/api/v1/documents/00000000-0000-0000-0000-000000000000",
    ] {
        let r = b.get(s.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 401, "{path}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["error"]["code"], "unauthorized", "{path}: {body}");
    }
    // Unknown, malformed and bad credentials alike.
    for auth in ["Bearer not-a-token", "Basic dGVzdDp0ZXN0", "Bearer "] {
        let r = b
            .get(s.url("/api/v1/me"))
            .header("authorization", auth)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401, "{auth}");
    }
    let r = b
        .get(s.url("/api/v1/me"))
        .header(COOKIE, "ka_session=0123456789abcdef")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401, "an unknown session");
    let r = b
        .post(s.url("/api/v1/systems"))
        .json(&serde_json::json!({"name": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401, "a write without credentials");

    for path in ["/healthz", "/readyz", "/login", "/api/v1/openapi.json"] {
        let r = b.get(s.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 200, "{path} is public");
    }
}

#[tokio::test]
async fn guesses_sent_all_at_once_are_throttled_too() {
    let s = Server::start();
    add_user_with_password(s.data.path(), "olga", "enhed", Some("BUF"), PASSWORD);
    let b = browser();
    let (cookie, csrf) = login_form(&s, &b).await;
    let jar = format!("ka_login={cookie}");
    // Twenty guesses in parallel: checking the password takes a while, and an attempt still being checked
    // must count, or an attacker gets as many guesses as they can send at once.
    let guesses = (0..20).map(|i| {
        let (s, b, jar, csrf) = (&s, &b, &jar, &csrf);
        async move {
            let guess = format!("gæt nummer {i:02}");
            post_login(s, b, jar, csrf, "olga", &guess, &[])
                .await
                .status()
                .as_u16()
        }
    });
    let statuses = futures::future::join_all(guesses).await;
    let checked = statuses.iter().filter(|&&st| st == 401).count();
    let refused = statuses.iter().filter(|&&st| st == 429).count();
    assert_eq!(checked + refused, 20, "{statuses:?}");
    assert!(checked <= 5, "{checked} guesses were checked: {statuses:?}");
}

#[tokio::test]
async fn sessions_end_when_idle_and_at_their_absolute_limit() {
    for flags in [
        ["--session-idle-minutes", "0"],
        ["--session-max-hours", "0"],
    ] {
        let s = Server::start_with(&flags);
        add_user_with_password(s.data.path(), "tove", "enhed", Some("BUF"), PASSWORD);
        let b = browser();
        let session = login(&s, &b, "tove", PASSWORD).await;
        tokio::time::sleep(Duration::from_millis(1100)).await;
        assert_eq!(me(&s, &b, &session).await.0, 401, "{flags:?}");
    }
    // With the defaults the same session lives on.
    let s = Server::start();
    add_user_with_password(s.data.path(), "tove", "enhed", Some("BUF"), PASSWORD);
    let b = browser();
    let session = login(&s, &b, "tove", PASSWORD).await;
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(me(&s, &b, &session).await.0, 200);
}

#[tokio::test]
async fn login_goes_back_to_the_page_asked_for_but_never_to_another_site() {
    let s = Server::start();
    add_user_with_password(s.data.path(), "ulla", "enhed", Some("BUF"), PASSWORD);
    let b = browser();
    let r = b
        .get(s.url("/login?next=%2Fsystemer"))
        .send()
        .await
        .unwrap();
    let html = r.text().await.unwrap();
    assert_eq!(
        hidden_field(&html, "next").as_deref(),
        Some("/systemer"),
        "{html}"
    );
    for (next, to) in [
        ("/systemer?side=2", "/systemer?side=2"),
        ("//evil.example/", "/"),
        ("/\\evil.example/", "/"),
        ("https://evil.example/", "/"),
        ("/logout", "/"),
        ("", "/"),
    ] {
        let (cookie, csrf) = login_form(&s, &b).await;
        let r = crate::helpers::with_form(
            b.post(s.url("/login")),
            &[
                ("username", "ulla"),
                ("password", PASSWORD),
                ("csrf_token", &csrf),
                ("next", next),
            ],
        )
        .header(COOKIE, format!("ka_login={cookie}"))
        .send()
        .await
        .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{next}");
        assert_eq!(r.headers()[LOCATION], to, "{next}");
    }
}
