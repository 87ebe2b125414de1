//! The HTML pages: the service maps its state into the view data of `templates` and serves the markup.
//!
//! Every page asks the same policy as the JSON API (`auth`), so a page shows exactly what the API would
//! answer the same user. A browser without a session is sent to `/login`; errors are Danish pages.
//!
//! - `search`: Søg (`/`); `upload`: Indsend (`/indsend`); `document`: one document (`/dokumenter/{id}`).
//! - `document_view`: the document page's metadata and history as view data.
//! - `register`: the system register, a system and its dossier; the supplier page. `dossier`: the
//!   dossier's contract families and documentation as view data.
//! - `reports`: Genbrug, Compliance, Frister (with the personal calendar address). `compliance`: the
//!   compliance report's gaps and totals as view data.
//! - `view`: what the pages share (the page caller, Danish error pages, rows and dates); a leaf.
//!
//! A handler parses, authorises, calls one function that makes the page's view data, and draws it; the
//! mapping from storage to view data lives in those functions, so the handlers stay short.

mod compliance;
mod document;
mod document_view;
mod dossier;
mod form;
mod register;
mod reports;
mod search;
mod upload;
mod view;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};

use super::state::AppState;
use view::PageCaller;
pub(super) use view::error_response;

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
        .route("/compliance/csv", get(reports::compliance_csv))
        .route("/frister", get(reports::deadlines))
        .route("/frister/kalender", post(reports::calendar))
        .route("/static/style.css", get(stylesheet))
        .route("/static/app.js", get(script))
        .layer(axum::middleware::from_fn(view::errors_with_user))
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
