//! Credentials beyond the browser session, against the real service: API tokens (expiry, revocation, a
//! disabled user), calendar-feed URLs, no secret in the log, and the audit events of the command line,
//! searches and reads.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{
    BIN, Server, add_user_with_password, browser, cli, client, contract, corpus, set_cookie_of,
    set_cookies,
};
use crate::signin::{PASSWORD, login, login_form, logout, me, post_login, session_csrf};

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
    let r = logout(&s, &b, &session, session_token.as_str()).await;
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
