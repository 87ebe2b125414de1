//! The single sign-on routes: `/login/oidc` sends the browser to the provider; `/login/oidc/callback` takes
//! the code back, has [`crate::sso::Oidc`] verify it and map the claims to a role and a forvaltning, creates
//! the user at the first login, and starts a session.
//!
//! The flow's `state` also sits in a short-lived cookie, so that a callback only completes in the browser
//! that started it.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::auth::cookie;
use super::error::ApiError;
use super::extract::Query;
use super::login::{LoginQuery, local_path, set_cookie, start_session};
use super::state::AppState;
use crate::sso::{FLOW_TTL, Oidc};

const FLOW_COOKIE: &str = "ka_oidc";

fn provider(state: &AppState) -> Result<&Oidc, ApiError> {
    state
        .auth
        .oidc
        .as_ref()
        .ok_or_else(|| ApiError::NotFound("single sign-on is not configured".into()))
}

/// Starts a login: to the provider, with PKCE and a nonce.
pub async fn start(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<LoginQuery>,
) -> Result<Response, ApiError> {
    let next = local_path(query.next.as_deref());
    let (url, flow_state) = provider(&state)?.begin(next);
    let mut response = Redirect::to(&url).into_response();
    let ttl = Some(FLOW_TTL.as_secs());
    let flow_cookie = set_cookie(&state, &headers, FLOW_COOKIE, &flow_state, ttl);
    response
        .headers_mut()
        .append(header::SET_COOKIE, flow_cookie);
    Ok(response)
}

#[derive(Deserialize)]
pub struct Callback {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// The provider sends the browser back here with a code.
pub async fn callback(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(cb): Query<Callback>,
) -> Result<Response, ApiError> {
    let oidc = provider(&state)?;
    let (claims, next) = match verify(oidc, &headers, cb).await? {
        Ok(verified) => verified,
        Err(message) => return Ok(refused(message)),
    };
    let Some(login) = oidc.login_for(&claims) else {
        return refuse_unmapped(&state, &claims).await;
    };
    let user = state.catalog.upsert_external_user(&login).await?;
    let mut response = start_session(
        &state,
        &headers,
        &user,
        "oidc",
        next.as_deref().unwrap_or("/"),
    )
    .await?;
    // The flow is over: its cookie goes.
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(&state, &headers, FLOW_COOKIE, "", Some(0)),
    );
    Ok(response)
}

/// The verified claims of a callback and where to go next, or the Danish reason to refuse it; a malformed callback is a 400.
async fn verify(
    oidc: &Oidc,
    headers: &HeaderMap,
    cb: Callback,
) -> Result<Result<(serde_json::Value, Option<String>), String>, ApiError> {
    if let Some(error) = cb.error {
        return Ok(Err(format!("Udbyderen afviste login ({error}).")));
    }
    let (Some(code), Some(flow_state)) = (cb.code, cb.state) else {
        return Err(ApiError::BadRequest(
            "the callback needs `code` and `state`".into(),
        ));
    };
    let same_browser =
        cookie(headers, FLOW_COOKIE).is_some_and(|c| super::auth::same_secret(c, &flow_state));
    let Some(flow) = oidc.take_flow(&flow_state).filter(|_| same_browser) else {
        let why = "Login-forløbet var udløbet eller startet i en anden browser. Prøv igen.";
        return Ok(Err(why.into()));
    };
    let next = flow.next.clone();
    match oidc.verified_claims(code, flow).await {
        Ok(claims) => Ok(Ok((claims, next))),
        Err(e) => {
            tracing::warn!(error = %e, "single sign-on failed");
            Ok(Err(
                "Login hos udbyderen kunne ikke bekræftes. Prøv igen.".into()
            ))
        }
    }
}

/// Claims that map to no role: audited, and refused with a message that says whom to ask.
async fn refuse_unmapped(
    state: &AppState,
    claims: &serde_json::Value,
) -> Result<Response, ApiError> {
    let subject = claims["sub"].as_str().unwrap_or("?");
    let details = serde_json::json!({"reason": "no role"});
    let object = format!("oidc/{subject}");
    state
        .catalog
        .audit("anonymous", "login.refused", &object, details)
        .await?;
    Ok(refused(
        "Din konto har ingen rolle i Kontraktarkiv. Bed Koncern IT om adgang.",
    ))
}

/// A refused login, explained in Danish.
fn refused(message: impl AsRef<str>) -> Response {
    let chrome = templates::view::Chrome::anonymous();
    let page = templates::error::error_page(&chrome, 403, Some(message.as_ref()));
    (StatusCode::FORBIDDEN, Html(page.into_string())).into_response()
}
