//! Single sign-on against a real OpenID provider process (`oidc-provider-mock`, PyPI): the whole
//! authorization-code flow with PKCE through a browser that follows no redirect on its own, the
//! claim-to-role mapping, the user made at first login, and a login refused for want of a role.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION};
use serde_json::{Value, json};

use crate::helpers::{Server, browser, cookie_value, free_port, set_cookie_of, set_cookies};

/// The provider process; killed when dropped.
struct Provider {
    base: String,
    child: Child,
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Provider {
    async fn start() -> Provider {
        let port = free_port();
        let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
        let child = Command::new(python)
            .args(["-m", "oidc_provider_mock", "--port", &port.to_string()])
            .env("NO_COLOR", "1")
            .env("PYTHONWARNINGS", "ignore")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 -m oidc_provider_mock (pip install oidc-provider-mock)");
        let provider = Provider {
            base: format!("http://127.0.0.1:{port}"),
            child,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        let discovery = format!("{}/.well-known/openid-configuration", provider.base);
        loop {
            if let Ok(r) = reqwest::get(&discovery).await
                && r.status().is_success()
            {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "the OpenID provider did not start (is oidc-provider-mock installed?)"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        provider
    }

    /// Registers the claims the provider will put in `sub`'s ID token.
    async fn user(&self, sub: &str, claims: Value) {
        let r = reqwest::Client::new()
            .put(format!("{}/users/{sub}", self.base))
            .json(&claims)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "PUT /users/{sub}: {}", r.status());
    }
}

/// A service configured for the provider, on a port chosen first (the redirect URL names it).
fn service(provider: &Provider) -> Server {
    let port = free_port();
    let redirect = format!("http://127.0.0.1:{port}/login/oidc/callback");
    Server::launch(
        tempfile::tempdir().unwrap(),
        &format!("127.0.0.1:{port}"),
        &[
            "--oidc-issuer",
            &provider.base,
            "--oidc-client-id",
            "kontraktarkiv",
            "--oidc-client-secret",
            "s",
            "--oidc-redirect-url",
            &redirect,
            "--oidc-role",
            "g-kit=koncern_it",
            "--oidc-role",
            "g-buf=enhed:BUF",
        ],
        "warn",
        None,
    )
}

fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get(LOCATION)
        .unwrap_or_else(|| panic!("no Location: {}", r.status()))
        .to_str()
        .unwrap()
        .to_string()
}

/// Walks the flow as `sub` and answers the service's answer to the callback.
async fn sign_on(s: &Server, provider: &Provider, sub: &str) -> reqwest::Response {
    sign_on_from(s, provider, sub, "/login/oidc").await
}

/// [`sign_on`], starting at `start` (the button's address, which may carry `next`).
async fn sign_on_from(
    s: &Server,
    provider: &Provider,
    sub: &str,
    start: &str,
) -> reqwest::Response {
    let b = browser();
    let r = b.get(s.url(start)).send().await.unwrap();
    assert!(r.status().is_redirection(), "/login/oidc: {}", r.status());
    let flow = set_cookie_of(&set_cookies(&r), "ka_oidc").expect("ka_oidc cookie");
    let authorize = location(&r);
    assert!(
        authorize.starts_with(&format!("{}/oauth2/authorize?", provider.base)),
        "{authorize}"
    );
    for param in [
        "response_type=code",
        "client_id=kontraktarkiv",
        "code_challenge=",
        "code_challenge_method=S256",
        "nonce=",
        "state=",
    ] {
        assert!(authorize.contains(param), "{param} missing: {authorize}");
    }
    // The user picks their identity at the provider.
    let r = crate::helpers::with_form(b.post(&authorize), &[("sub", sub)])
        .send()
        .await
        .unwrap();
    assert!(r.status().is_redirection(), "authorize: {}", r.status());
    let callback = location(&r);
    assert!(
        callback.starts_with(&s.url("/login/oidc/callback?")),
        "{callback}"
    );
    assert!(callback.contains("code="), "{callback}");
    b.get(&callback)
        .header(COOKIE, format!("ka_oidc={}", cookie_value(&flow)))
        .send()
        .await
        .unwrap()
}

async fn me(s: &Server, session: &str) -> (u16, Value) {
    let r = browser()
        .get(s.url("/api/v1/me"))
        .header(COOKIE, format!("ka_session={session}"))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn sign_on_through_a_real_provider_gives_the_mapped_role() {
    let provider = Provider::start().await;
    provider
        .user(
            "kit-sub",
            json!({"groups": ["g-other", "g-kit"], "name": "Kit Tester", "preferred_username": "kit"}),
        )
        .await;
    provider
        .user(
            "bente-sub",
            json!({"groups": ["g-buf"], "name": "Bente Buf", "preferred_username": "bente"}),
        )
        .await;
    let s = service(&provider);

    let r = sign_on(&s, &provider, "kit-sub").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", r.status());
    assert_eq!(location(&r), "/");
    let set = set_cookie_of(&set_cookies(&r), "ka_session").expect("a session");
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax"),
        "{set}"
    );
    let flow = set_cookie_of(&set_cookies(&r), "ka_oidc").expect("the flow cookie is cleared");
    assert!(
        cookie_value(&flow).is_empty() && flow.contains("Max-Age=0"),
        "{flow}"
    );
    let session = cookie_value(&set);
    let (status, who) = me(&s, &session).await;
    assert_eq!(status, 200, "{who}");
    assert_eq!(who["name"], "kit");
    assert_eq!(who["role"], "koncern_it");

    let r = sign_on(&s, &provider, "bente-sub").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let session = cookie_value(&set_cookie_of(&set_cookies(&r), "ka_session").unwrap());
    let (status, who) = me(&s, &session).await;
    assert_eq!(status, 200, "{who}");
    assert_eq!(who["name"], "bente");
    assert_eq!(who["role"], "enhed");
    assert_eq!(who["forvaltning"], "BUF");

    // The users were made at first login; a second login finds the same user. It started from a page
    // that needed sign-in, and lands there again; another site is never a destination.
    let r = sign_on_from(
        &s,
        &provider,
        "kit-sub",
        "/login/oidc?next=%2Fsystemer%3Fq%3Dl%25C3%25B8n",
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/systemer?q=l%C3%B8n");
    let r = sign_on_from(
        &s,
        &provider,
        "kit-sub",
        "/login/oidc?next=%2F%2Fevil.example",
    )
    .await;
    assert_eq!(location(&r), "/");
    let out = crate::helpers::cli(s.data.path(), &["user", "list"]);
    let list = String::from_utf8_lossy(&out.stdout).to_string();
    assert_eq!(
        list.lines().filter(|l| l.starts_with("kit\t")).count(),
        1,
        "{list}"
    );
    assert!(
        list.lines()
            .any(|l| l.starts_with("bente\tenhed\tBUF\tBente Buf")),
        "{list}"
    );
    let (_, events) = s.get_json("/api/v1/audit?action=login&actor=kit").await;
    let events = events.as_array().unwrap();
    assert_eq!(events.len(), 3, "{events:?}");
    assert!(events[0]["details"].to_string().contains("oidc"));
}

#[tokio::test]
async fn a_login_whose_groups_map_to_no_role_is_refused_and_a_foreign_callback_too() {
    let provider = Provider::start().await;
    provider
        .user(
            "nobody-sub",
            json!({"groups": ["g-other"], "name": "Nogen Andre", "preferred_username": "nobody"}),
        )
        .await;
    provider
        .user(
            "kit-sub",
            json!({"groups": ["g-kit"], "preferred_username": "kit"}),
        )
        .await;
    let s = service(&provider);

    let r = sign_on(&s, &provider, "nobody-sub").await;
    assert_eq!(r.status(), 403);
    assert!(set_cookie_of(&set_cookies(&r), "ka_session").is_none());
    let html = r.text().await.unwrap();
    assert!(html.contains("ingen rolle i Kontraktarkiv"), "{html}");
    let out = crate::helpers::cli(s.data.path(), &["user", "list"]);
    let list = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(!list.contains("nobody"), "no user was made: {list}");
    let (_, events) = s.get_json("/api/v1/audit?action=login.refused").await;
    assert_eq!(events.as_array().unwrap().len(), 1, "{events}");

    // A callback without the browser's flow cookie (a link someone else started) is refused.
    let b = browser();
    let r = b.get(s.url("/login/oidc")).send().await.unwrap();
    let authorize = location(&r);
    let r = crate::helpers::with_form(b.post(&authorize), &[("sub", "kit-sub")])
        .send()
        .await
        .unwrap();
    let callback = location(&r);
    let r = b.get(&callback).send().await.unwrap();
    assert_eq!(r.status(), 403);
    assert!(set_cookie_of(&set_cookies(&r), "ka_session").is_none());
    let html = r.text().await.unwrap();
    assert!(html.contains("Prøv igen"), "{html}");

    // The provider's own refusal is shown, not a session.
    let r = b
        .get(s.url("/login/oidc/callback?error=access_denied&state=x"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert!(set_cookie_of(&set_cookies(&r), "ka_session").is_none());
}
