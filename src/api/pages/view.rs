//! What the pages share: the signed-in caller (or a redirect to the login page), Danish error pages, and
//! the small mappings from the storage model to the templates' view data. A leaf of `pages`.

use std::sync::{Arc, Mutex};

use axum::extract::{FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use templates::{Chrome, UserView};

use crate::api::auth::Caller;
use crate::api::error::ApiError;
use crate::api::state::AppState;

/// The signed-in caller of a page; without a session the browser goes to the login page.
pub struct PageCaller(pub Caller);

impl FromRequestParts<AppState> for PageCaller {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        match Caller::from_request_parts(parts, state).await {
            Ok(caller) => {
                let caller = PageCaller(caller);
                if let Some(ChromeSlot(slot)) = parts.extensions.get::<ChromeSlot>()
                    && let Ok(mut slot) = slot.lock()
                {
                    *slot = Some(caller.chrome());
                }
                Ok(caller)
            }
            Err(ApiError::Unauthorized(_)) => Err(Redirect::to(&login_url(parts)).into_response()),
            Err(e) => Err(PageError(e).into_response()),
        }
    }
}

/// The login page, coming back to the page asked for after sign-in. Only a page read comes back: a form
/// post's address would be fetched with GET afterwards, which it does not answer.
fn login_url(parts: &Parts) -> String {
    match parts.uri.path_and_query() {
        Some(pq) if parts.method == axum::http::Method::GET && pq.as_str() != "/" => {
            format!("/login?next={}", enc(pq.as_str()))
        }
        _ => "/login".to_string(),
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
    let mut response = drawn_error(&Chrome::anonymous(), status, message);
    response
        .extensions_mut()
        .insert(ErrorPage(message.map(str::to_string)));
    response
}

fn drawn_error(chrome: &Chrome, status: StatusCode, message: Option<&str>) -> Response {
    let html = templates::error::error_page(chrome, status.as_u16(), message);
    (status, Html(html.into_string())).into_response()
}

/// Where the page's caller leaves the header's data for an error page drawn after the handler failed.
#[derive(Clone, Default)]
struct ChromeSlot(Arc<Mutex<Option<Chrome>>>);

/// Marks an answer as a Danish error page (with its message), to be drawn again with the signed-in user.
#[derive(Clone)]
struct ErrorPage(Option<String>);

/// A layer over the pages: an error page shows who is signed in, like every other page. The error arises
/// where the user is not at hand (`PageError`), so the caller is kept aside as the request passes.
pub async fn errors_with_user(mut request: Request, next: Next) -> Response {
    let slot = ChromeSlot::default();
    request.extensions_mut().insert(slot.clone());
    let response = next.run(request).await;
    let Some(ErrorPage(message)) = response.extensions().get::<ErrorPage>().cloned() else {
        return response;
    };
    let chrome = slot.0.lock().ok().and_then(|c| c.clone());
    match chrome {
        Some(chrome) => drawn_error(&chrome, response.status(), message.as_deref()),
        None => response,
    }
}

pub type PageResult = Result<Response, PageError>;

/// Markup as a response.
pub fn html(markup: templates::Markup) -> PageResult {
    Ok(Html(markup.into_string()).into_response())
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
