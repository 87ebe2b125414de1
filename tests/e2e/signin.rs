//! Sign-in against the real service: the browser login and its session cookie, logout, throttling, CSRF
//! on forms and on cookie-authenticated API writes, security headers, what is public, token expiry and
//! revocation, no secrets in the log, and the audit events of the command line, searches and reads.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION};
use serde_json::Value;

use crate::helpers::{
    BIN, Server, add_user_with_password, browser, cli, client, contract, cookie_value, corpus,
    hidden_field, set_cookie_of, set_cookies,
};

const PASSWORD: &str = "korrekt hest batteri klips";

/// A fresh login form: the `ka_login` cookie's value and the form's hidden token.
async fn login_form(s: &Server, b: &reqwest::Client) -> (String, String) {
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
async fn post_login(
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
async fn login(s: &Server, b: &reqwest::Client, user: &str, password: &str) -> String {
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

async fn me(s: &Server, b: &reqwest::Client, session: &str) -> (u16, Value) {
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
async fn session_csrf(s: &Server, b: &reqwest::Client, session: &str) -> String {
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
    let r = crate::helpers::with_form(
        b.post(s.url("/logout"))
            .header(COOKIE, format!("ka_session={second}")),
        &[("csrf_token", "")],
    )
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), 403, "logout without the session's token");
    assert_eq!(me(&s, &b, &second).await.0, 200, "still signed in");

    let token = session_csrf(&s, &b, &second).await;
    let r = crate::helpers::with_form(
        b.post(s.url("/logout"))
            .header(COOKIE, format!("ka_session={second}")),
        &[("csrf_token", token.as_str())],
    )
    .send()
    .await
    .unwrap();
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

/// The id `user token` printed on its first line: `token <id> for <name>, shown once:`.
fn token_id(out: &std::process::Output) -> String {
    let text = String::from_utf8_lossy(&out.stdout);
    let first = text.lines().next().unwrap_or_default();
    first
        .strip_prefix("token ")
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("unexpected: {text}"))
        .to_string()
}

#[tokio::test]
async fn tokens_expire_are_revoked_and_die_with_their_disabled_user() {
    let s = Server::start();
    let data = s.data.path();
    let first = crate::helpers::add_user(data, "uffe", "enhed", Some("ØKF")).unwrap();
    let out = cli(
        data,
        &["user", "token", "uffe", "--expires", "1", "--label", "kort"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let id = token_id(&out);
    let second = String::from_utf8_lossy(&out.stdout)
        .lines()
        .last()
        .unwrap()
        .trim()
        .to_string();
    assert_ne!(second, first);
    assert!(second.len() >= 22, "at least 128 bits: {second}");

    let me = |t: String| {
        let url = s.url("/api/v1/me");
        async move { client(&t).get(url).send().await.unwrap().status().as_u16() }
    };
    assert_eq!(me(first.clone()).await, 200);
    assert_eq!(me(second.clone()).await, 200);

    // `user list` shows the token by id and label with its expiry, never a secret.
    let out = cli(data, &["user", "list"]);
    let list = String::from_utf8_lossy(&out.stdout).to_string();
    let line = list
        .lines()
        .find(|l| l.contains(&id))
        .unwrap_or_else(|| panic!("token {id} not listed:\n{list}"));
    assert!(
        line.contains("kort") && !line.contains("no expiry"),
        "{line}"
    );
    assert!(!list.contains(&first) && !list.contains(&second), "{list}");

    let out = cli(data, &["user", "revoke", &id]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(me(second.clone()).await, 401, "a revoked token");
    assert_eq!(me(first.clone()).await, 200, "the other token still works");
    let out = cli(data, &["user", "list"]);
    let list = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        list.lines()
            .any(|l| l.contains(&id) && l.contains("revoked")),
        "{list}"
    );

    let out = cli(data, &["user", "disable", "uffe"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(me(first.clone()).await, 401, "a disabled user's token");

    // Every change is audited with the local actor.
    let (_, events) = s.get_json("/api/v1/audit").await;
    let cli_actor = local_actor();
    let by_cli: Vec<&Value> = events
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["actor"] == cli_actor.as_str())
        .collect();
    assert!(by_cli.len() >= 4, "{events}");
}

/// The command line's actor, as the service names it: `cli:<os user>`.
fn local_actor() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| "unknown".into());
    format!("cli:{user}")
}

#[tokio::test]
async fn no_secret_reaches_the_log() {
    let log_dir = tempfile::tempdir().unwrap();
    let log = log_dir.path().join("service.log");
    let s = Server::start_logged(&log);
    add_user_with_password(s.data.path(), "lis", "koncern_it", None, PASSWORD);
    let b = browser();

    // A failed and a good login, a session call, a logout.
    let (cookie, csrf) = login_form(&s, &b).await;
    let jar = format!("ka_login={cookie}");
    let r = post_login(&s, &b, &jar, &csrf, "lis", "forkert kodeord 42", &[]).await;
    assert_eq!(r.status(), 401);
    let session = login(&s, &b, "lis", PASSWORD).await;
    assert_eq!(me(&s, &b, &session).await.0, 200);
    let session_token = session_csrf(&s, &b, &session).await;

    // Token calls, a bad token, the feed URL.
    assert_eq!(s.get("/api/v1/me").await.status(), 200);
    let r = b
        .get(s.url("/api/v1/me"))
        .header("authorization", "Bearer wrong-secret-0123456789")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let (status, feed) = s.post_json("/api/v1/me/feed", &Value::Null).await;
    assert_eq!(status, 200, "{feed}");
    let url = feed["url"].as_str().unwrap();
    let key = url.split("key=").nth(1).unwrap().to_string();
    let path = &url[url.find("/api/").unwrap()..];
    let r = b.get(s.url(path)).send().await.unwrap();
    assert_eq!(r.status(), 200, "the feed URL works without a token");
    let r = crate::helpers::with_form(
        b.post(s.url("/logout"))
            .header(COOKIE, format!("ka_session={session}")),
        &[("csrf_token", session_token.as_str())],
    )
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    tokio::time::sleep(Duration::from_millis(300)).await;
    // A log written to a file carries no colour codes (they would split a secret from a search for it).
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(!text.contains('\u{1b}'), "colour codes in a log file");
    assert!(text.lines().count() > 5, "the log is written: {text}");
    for (what, secret) in [
        ("the tester's token", s.token.as_str()),
        ("the password", PASSWORD),
        ("the wrong password", "forkert kodeord 42"),
        ("the wrong token", "wrong-secret-0123456789"),
        ("the session id", session.as_str()),
        ("the session's CSRF token", session_token.as_str()),
        ("the login form's token", csrf.as_str()),
        ("the feed key", key.as_str()),
    ] {
        assert!(!text.contains(secret), "{what} is in the log");
    }
    let lower = text.to_ascii_lowercase();
    if let Some(at) = lower.find("authorization") {
        let line = text[..at].rfind('\n').map_or(0, |n| n + 1);
        let end = text[at..].find('\n').map_or(text.len(), |n| at + n);
        panic!(
            "the Authorization header is in the log: {}",
            &text[line..end]
        );
    }
    // The request id and the actor are on the request's span.
    assert!(text.contains("request_id="), "no request_id in the log");
    assert!(
        text.lines()
            .any(|l| l.contains("request_id=") && l.contains("actor=") && l.contains("tester")),
        "no line with the request id and the actor"
    );
}

#[tokio::test]
async fn the_command_line_searches_and_reads_are_audited_with_their_actor() {
    let s = Server::start();
    let pdf = corpus("danish/d01_k02_driftskontrakt__lo-odt.pdf");
    let dir = tempfile::tempdir().unwrap();
    let meta = dir.path().join("m.json");
    std::fs::write(&meta, contract("Driftskontrakt løn", "ØKF").to_string()).unwrap();
    let out = std::process::Command::new(BIN)
        .arg("--data-dir")
        .arg(s.data.path())
        .arg("import")
        .arg("--metadata")
        .arg(&meta)
        .arg(&pdf)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let (_, events) = s.get_json("/api/v1/audit?action=document.upload").await;
    let events = events.as_array().unwrap().clone();
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0]["actor"], local_actor().as_str());
    let id = events[0]["object"]
        .as_str()
        .unwrap()
        .strip_prefix("document/")
        .unwrap()
        .to_string();
    s.wait_indexed(&id).await;

    // The document's history names the command line too.
    let (status, history) = s.get_json(&format!("/api/v1/documents/{id}/history")).await;
    assert_eq!(status, 200, "{history}");
    assert!(
        history
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["actor"] == local_actor().as_str() && e["action"] == "document.upload"),
        "{history}"
    );

    // A search, a content read and a text read, by a BUF enhed (contracts are readable across).
    let reader = s.client_as("rie", "enhed", Some("BUF"));
    let r = reader
        .get(s.url("/api/v1/search?q=oph%C3%A6ve"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = reader
        .get(s.url(&format!("/api/v1/documents/{id}/content")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = reader
        .get(s.url(&format!("/api/v1/documents/{id}/text")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    let (_, searches) = s.get_json("/api/v1/audit?action=search&actor=rie").await;
    let searches = searches.as_array().unwrap();
    assert_eq!(searches.len(), 1, "{searches:?}");
    assert!(
        searches[0]["details"].to_string().contains("ophæve"),
        "the query is recorded: {}",
        searches[0]
    );
    for action in ["document.read_content", "document.read_text"] {
        let (_, reads) = s
            .get_json(&format!("/api/v1/audit?action={action}&actor=rie"))
            .await;
        let reads = reads.as_array().unwrap();
        assert_eq!(reads.len(), 1, "{action}: {reads:?}");
        assert_eq!(reads[0]["object"], format!("document/{id}"));
    }
}

#[tokio::test]
async fn feed_urls_rotate_and_revoke_and_a_disabled_user_loses_session_password_and_feed() {
    let s = Server::start();
    let token = add_user_with_password(s.data.path(), "vera", "koncern_it", None, PASSWORD);
    let b = browser();
    let session = login(&s, &b, "vera", PASSWORD).await;
    let api = client(&token);
    let rotate = || async {
        let r = api.post(s.url("/api/v1/me/feed")).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let body: Value = r.json().await.unwrap();
        body["url"].as_str().unwrap().to_string()
    };
    let fetch = |url: String| {
        let b = b.clone();
        async move { b.get(url).send().await.unwrap().status().as_u16() }
    };

    let first = rotate().await;
    assert_eq!(fetch(first.clone()).await, 200, "{first}");
    let second = rotate().await;
    assert_ne!(first, second);
    assert_eq!(
        fetch(first.clone()).await,
        401,
        "the old feed URL stops working"
    );
    assert_eq!(fetch(second.clone()).await, 200);
    let r = api.delete(s.url("/api/v1/me/feed")).send().await.unwrap();
    assert_eq!(r.status(), 204);
    assert_eq!(fetch(second).await, 401, "a revoked feed URL");
    let third = rotate().await;
    assert_eq!(fetch(third.clone()).await, 200);

    // Behind a proxy that terminates TLS, Outlook must be given an https URL.
    let r = api
        .post(s.url("/api/v1/me/feed"))
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap();
    let body: Value = r.json().await.unwrap();
    let proxied = body["url"].as_str().unwrap().to_string();
    assert!(proxied.starts_with("https://"), "{proxied}");
    assert!(third.starts_with("http://"), "{third}");
    assert_eq!(
        fetch(third.clone()).await,
        401,
        "replaced by the proxied one"
    );
    let third = proxied.replacen("https://", "http://", 1);

    let out = cli(s.data.path(), &["user", "disable", "vera"]);
    assert!(
        out.status.success(),
        "user disable: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        me(&s, &b, &session).await.0,
        401,
        "the session of a disabled user"
    );
    assert_eq!(fetch(third).await, 401, "the feed of a disabled user");
    let (cookie, csrf) = login_form(&s, &b).await;
    let r = post_login(
        &s,
        &b,
        &format!("ka_login={cookie}"),
        &csrf,
        "vera",
        PASSWORD,
        &[],
    )
    .await;
    assert_eq!(r.status(), 401, "a disabled user's password");
    assert!(set_cookie_of(&set_cookies(&r), "ka_session").is_none());
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
