//! Browser sign-in with a username and password: `/login` (form), `/logout`. Sessions live in the catalog;
//! the cookie holds only their secret. Failed logins are throttled per account and per address.
//!
//! The login form carries its own CSRF token (a random value in a short-lived cookie and a hidden field),
//! because before sign-in there is no session to tie one to.

use std::net::SocketAddr;
use std::time::Instant;

use axum::extract::{ConnectInfo, State};
use axum::http::Extensions;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;

use super::auth::{Caller, SESSION_COOKIE, cookie};
use super::error::ApiError;
use super::extract::{Form, Query};
use super::state::AppState;

/// The pre-login CSRF cookie.
const LOGIN_COOKIE: &str = "ka_login";

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    #[serde(default)]
    csrf_token: String,
    /// Where to go after signing in (a path of ours; anything else is ignored).
    #[serde(default)]
    next: Option<String>,
}

#[derive(Deserialize)]
pub struct LoginQuery {
    #[serde(default)]
    pub next: Option<String>,
}

/// `next` when it is a path on this site; never another site (`//host`, `/\host`, `https://…`).
pub fn local_path(next: Option<&str>) -> Option<String> {
    let next = next?;
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && next.chars().all(|c| c.is_ascii_graphic())
        && !next.starts_with("/login")
        && !next.starts_with("/logout");
    ok.then(|| next.to_string())
}

#[derive(Deserialize)]
pub struct LogoutForm {
    #[serde(default)]
    csrf_token: String,
}

/// A fresh random value in hex (256 bits).
pub fn random_hex() -> Result<String, ApiError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(ApiError::internal)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// `Set-Cookie` for `name`: HttpOnly, SameSite=Lax, Secure when served over TLS or behind a proxy that
/// says so. `max_age` 0 deletes it.
pub fn set_cookie(
    state: &AppState,
    headers: &HeaderMap,
    name: &str,
    value: &str,
    max_age: Option<u64>,
) -> HeaderValue {
    let secure = if state.auth.over_tls(headers) {
        "; Secure"
    } else {
        ""
    };
    let age = max_age
        .map(|a| format!("; Max-Age={a}"))
        .unwrap_or_default();
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax{secure}{age}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The login page, with a fresh form token.
pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<LoginQuery>,
) -> Result<Response, ApiError> {
    let next = local_path(query.next.as_deref());
    form_response(&state, &headers, None, next, StatusCode::OK)
}

/// The form again after a refused attempt, with the name that was typed and the message beside it.
fn refused(
    state: &AppState,
    headers: &HeaderMap,
    form: &LoginForm,
    message: &str,
    status: StatusCode,
) -> Result<Response, ApiError> {
    let next = local_path(form.next.as_deref());
    form_response(
        state,
        headers,
        Some((message, &form.username)),
        next,
        status,
    )
}

fn form_response(
    state: &AppState,
    headers: &HeaderMap,
    error: Option<(&str, &str)>,
    next: Option<String>,
    status: StatusCode,
) -> Result<Response, ApiError> {
    let token = random_hex()?;
    let view = templates::login::LoginView {
        csrf_token: token.clone(),
        error: error.map(|(message, _)| message.to_string()),
        username: error.map(|(_, name)| name.to_string()).unwrap_or_default(),
        sso_url: state.auth.oidc.as_ref().map(|_| sso_url(next.as_deref())),
        next,
        ..Default::default()
    };
    let chrome = templates::view::Chrome::anonymous();
    let html = templates::login::login(&chrome, &view).into_string();
    let mut response = (status, Html(html)).into_response();
    let cookie = set_cookie(state, headers, LOGIN_COOKIE, &token, Some(3600));
    response.headers_mut().append(header::SET_COOKIE, cookie);
    Ok(response)
}

/// The single sign-on button's address, carrying `next` so that sign-on lands where password login would.
fn sso_url(next: Option<&str>) -> String {
    match next {
        Some(next) => {
            let encoded: String =
                openidconnect::url::form_urlencoded::byte_serialize(next.as_bytes()).collect();
            format!("/login/oidc?next={encoded}")
        }
        None => "/login/oidc".to_string(),
    }
}

pub async fn login(
    State(state): State<AppState>,
    extensions: Extensions,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, ApiError> {
    // The client's address is known when the server was started with connection info; without it the
    // account's record alone throttles (one shared record for every address would let anyone lock
    // everyone out).
    let address = extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(a)| a.ip().to_string());
    match check_login(&state, &headers, &form, address).await? {
        Ok(user) => {
            let next = local_path(form.next.as_deref());
            let to = next.as_deref().unwrap_or("/");
            start_session(&state, &headers, &user, "password", to).await
        }
        Err((message, status)) => refused(&state, &headers, &form, &message, status),
    }
}

/// The account the form signs in to, or the Danish reason it does not with the status to answer: an
/// expired form, too many failed attempts (per account and per address), or a wrong password (audited).
async fn check_login(
    state: &AppState,
    headers: &HeaderMap,
    form: &LoginForm,
    address: Option<String>,
) -> Result<Result<storage::catalog::User, (String, StatusCode)>, ApiError> {
    let sent = cookie(headers, LOGIN_COOKIE).unwrap_or("");
    if sent.is_empty() || !super::auth::same_secret(sent, &form.csrf_token) {
        let message = "Formularen var udløbet. Prøv igen.".to_string();
        return Ok(Err((message, StatusCode::FORBIDDEN)));
    }
    let mut keys = vec![format!("user:{}", form.username)];
    keys.extend(address.iter().map(|a| format!("ip:{a}")));
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    let attempt = match state.throttle.begin(&keys, Instant::now()) {
        Ok(attempt) => attempt,
        Err(wait) => {
            let message = format!("For mange forkerte forsøg. Vent {wait} sekunder, og prøv igen.");
            return Ok(Err((message, StatusCode::TOO_MANY_REQUESTS)));
        }
    };
    let verified = state
        .catalog
        .verify_password(&form.username, &form.password)
        .await?;
    let Some(user) = verified else {
        attempt.failed(Instant::now());
        // The actor is unknown: the name is only what someone typed.
        let details = json!({"username": form.username, "address": address});
        let object = format!("user/{}", form.username);
        state
            .catalog
            .audit("anonymous", "login.failed", &object, details)
            .await?;
        let message = "Forkert brugernavn eller adgangskode.".to_string();
        return Ok(Err((message, StatusCode::UNAUTHORIZED)));
    };
    attempt.succeeded();
    Ok(Ok(user))
}

/// Starts a new session for `user` (a new id at every login; the browser's old session, if any, ends),
/// audits the login, and sends the browser to `to` (a path of ours).
pub async fn start_session(
    state: &AppState,
    headers: &HeaderMap,
    user: &storage::catalog::User,
    method: &str,
    to: &str,
) -> Result<Response, ApiError> {
    if let Some(old) = cookie(headers, SESSION_COOKIE) {
        state.catalog.delete_session(old).await?;
    }
    let session = state.catalog.create_session(&user.id).await?;
    let object = format!("user/{}", user.name);
    let details = json!({"method": method});
    state
        .catalog
        .audit(&user.name, "login", &object, details)
        .await?;
    let mut response = Redirect::to(to).into_response();
    let session_cookie = set_cookie(state, headers, SESSION_COOKIE, &session.secret, None);
    let form_cookie = set_cookie(state, headers, LOGIN_COOKIE, "", Some(0));
    let cookies = response.headers_mut();
    cookies.append(header::SET_COOKIE, session_cookie);
    cookies.append(header::SET_COOKIE, form_cookie);
    Ok(response)
}

pub async fn logout(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Form(form): Form<LogoutForm>,
) -> Result<Response, ApiError> {
    caller.check_csrf(Some(&form.csrf_token))?;
    if let Some(secret) = cookie(&headers, SESSION_COOKIE) {
        state.catalog.delete_session(secret).await?;
    }
    state
        .catalog
        .audit(
            caller.name(),
            "logout",
            &format!("user/{}", caller.name()),
            json!({}),
        )
        .await?;
    let mut response = Redirect::to("/login").into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(&state, &headers, SESSION_COOKIE, "", Some(0)),
    );
    Ok(response)
}
