//! The HTML pages: the service maps its state into the view data of `templates` and serves the markup.
//!
//! Every page asks the same policy as the JSON API (`auth`), so a page shows exactly what the API would
//! answer the same user. A browser without a session is sent to `/login`; errors are Danish pages.
//!
//! - `search`: Søg (`/`); `upload`: Indsend (`/indsend`); `document`: one document (`/dokumenter/{id}`).
//! - `register`: the system register, a system and its dossier; the supplier page.
//! - `reports`: Genbrug, Compliance, Frister.

mod document;
mod form;
mod register;
mod reports;
mod search;
mod upload;

use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use templates::{Chrome, UserView};

use super::auth::Caller;
use super::error::ApiError;
use super::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(search::search))
        .route("/hjaelp", get(help))
        .route("/indsend", get(upload::form).post(upload::submit))
        .route("/dokumenter/{id}", get(document::page))
        .route("/dokumenter/{id}/ret", post(document::correct))
        .route("/dokumenter/{id}/systemer", post(document::link))
        .route(
            "/dokumenter/{id}/systemer/{system_id}/fjern",
            post(document::unlink),
        )
        .route("/systemer", get(register::systems))
        .route("/systemer/{id}", get(register::system))
        .route("/systemer/{id}/dossier", get(register::dossier))
        .route("/leverandoerer/{cvr}", get(register::supplier))
        .route("/genbrug", get(reports::reuse))
        .route("/compliance", get(reports::compliance))
        .route("/frister", get(reports::deadlines))
        .route("/static/style.css", get(stylesheet))
        .route("/static/app.js", get(script))
}

/// The signed-in caller of a page; without a session the browser goes to the login page.
pub struct PageCaller(pub Caller);

impl FromRequestParts<AppState> for PageCaller {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        match Caller::from_request_parts(parts, state).await {
            Ok(caller) => Ok(PageCaller(caller)),
            Err(ApiError::Unauthorized(_)) => Err(Redirect::to("/login").into_response()),
            Err(e) => Err(PageError(e).into_response()),
        }
    }
}

impl PageCaller {
    /// The header's data: who is signed in, and the session's CSRF token for the log-out form.
    pub fn chrome(&self) -> Chrome {
        let a = &self.0.actor;
        Chrome {
            user: Some(UserView {
                name: a.name.clone(),
                role: a.role.as_str().to_string(),
                forvaltning: a.forvaltning.map(|f| f.as_str().to_string()),
            }),
            csrf_token: self.0.csrf.clone().unwrap_or_default(),
        }
    }
}

/// An error of a page, answered as a Danish page with the same status the API would give. The cause is
/// logged by `ApiError`, never shown.
pub struct PageError(pub ApiError);

impl<E: Into<ApiError>> From<E> for PageError {
    fn from(e: E) -> Self {
        PageError(e.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        // Let the API error log itself and pick the status; then replace its body.
        let status = self.0.into_response().status();
        error_response(status, None)
    }
}

/// A Danish error page for `status`.
pub fn error_response(status: StatusCode, message: Option<&str>) -> Response {
    let html = templates::error::error_page(&Chrome::anonymous(), status.as_u16(), message);
    (status, Html(html.into_string())).into_response()
}

pub type PageResult = Result<Response, PageError>;

/// Markup as a response.
pub fn html(markup: templates::Markup) -> PageResult {
    Ok(Html(markup.into_string()).into_response())
}

async fn help(caller: Result<PageCaller, Response>) -> Html<String> {
    let chrome = caller.map(|c| c.chrome()).unwrap_or_default();
    Html(templates::help_for(&chrome).into_string())
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    response
}

async fn stylesheet() -> Response {
    asset("text/css; charset=utf-8", templates::STYLESHEET)
}

async fn script() -> Response {
    asset("text/javascript; charset=utf-8", templates::SCRIPT)
}

/// Percent-encodes a query value.
pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// A date of the storage model as the templates' date.
pub fn date(d: chrono::NaiveDate) -> templates::Date {
    use chrono::Datelike;
    templates::Date::new(d.year(), d.month(), d.day())
}

/// A document as one row of a list.
pub fn row(d: &storage::model::Document) -> templates::DocumentRow {
    templates::DocumentRow {
        url: format!("/dokumenter/{}", d.id),
        title: d.title.clone(),
        kind: d.kind.as_str().to_string(),
        forvaltning: d.forvaltning.as_str().to_string(),
        supplier: d.supplier.as_ref().map(|s| s.name.clone()),
        date: Some(date(
            d.signed_on.unwrap_or_else(|| d.uploaded_at.date_naive()),
        )),
        in_force: d.contract_state.as_ref().map(|c| c.in_force),
    }
}
