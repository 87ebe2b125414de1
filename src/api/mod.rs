//! The HTTP layer: the router with its layers and shared state, the JSON API under `/api/v1`, the HTML
//! pages, the health probes and the OpenAPI document.
//!
//! This file is the root of the HTTP layer: it builds the router and serves it. Handlers import what they
//! share from the leaf modules below (`state`, `error`, `extract`, `params`), never from here, so the
//! imports point one way: `mod.rs` → handlers → leaves.
//!
//! - `state`: [`AppState`]; `error`: the one HTTP error enum; `extract`: extractors that reject through it;
//!   `headers`: the security headers;
//!   `params`: the day a view judges by, JSON bodies and merge patches.
//! - `documents`: upload, metadata, content, text; `corrections`: PATCH and links to systems.
//! - `systems`: the system register, a system's dossier; `export`: its BagIt bag.
//! - `suppliers`: the supplier register and a supplier's overview.
//! - `reports`: compliance (JSON/CSV), deadlines (JSON/iCalendar), reuse; `render`: CSV and iCalendar.
//! - `search`: full-text search. `health`: `/healthz`, `/readyz`. `pages`: the HTML pages.
//! - `auth`: who calls and may they (the one policy); `login`, `oidc`: sign-in by password or single
//!   sign-on; `throttle`: failed logins; `me`: one's own account and feed URL; `audit`: the audit log.
//!
//! Handlers are thin: parse, call one function of `storage`/`index`/`ingest`, map the result.

mod audit;
pub mod auth;
mod corrections;
mod documents;
mod download;
pub mod error;
mod export;
mod extract;
mod headers;
mod health;
mod login;
mod me;
pub mod oidc;
mod pages;
mod params;
mod proposals;
mod render;
mod reports;
mod search;
mod similar;
pub mod state;
mod suppliers;
mod systems;
pub mod throttle;

use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;

use crate::config::Config;
use crate::indexer::Indexer;
use error::ApiError;
use extract::BODY_LIMIT;
use headers::CSP;
use state::{AppState, AuthConfig};

#[derive(clap::Args, Debug, Clone)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free port; the chosen address is printed).
    #[arg(long, env = "KONTRAKTARKIV_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// Largest accepted upload in bytes.
    #[arg(long, env = "KONTRAKTARKIV_MAX_UPLOAD_BYTES", default_value_t = 200 << 20)]
    pub max_upload_bytes: u64,
    /// Seconds a request other than an upload may take before it is answered 408.
    #[arg(long, env = "KONTRAKTARKIV_REQUEST_TIMEOUT", default_value_t = 60)]
    pub request_timeout: u64,
    /// Months after which system documentation without a newer version counts as stale (§4.4).
    #[arg(long, env = "KONTRAKTARKIV_STALE_AFTER_MONTHS", default_value_t = 12)]
    pub stale_after_months: u32,
    /// Minutes a browser session may sit unused before it ends.
    #[arg(long, env = "KONTRAKTARKIV_SESSION_IDLE_MINUTES", default_value_t = 60)]
    pub session_idle_minutes: u64,
    /// Hours after login when a browser session ends, used or not.
    #[arg(long, env = "KONTRAKTARKIV_SESSION_MAX_HOURS", default_value_t = 10)]
    pub session_max_hours: u64,
    /// Mark cookies Secure: set when the service is reached over HTTPS (a proxy that sends
    /// `X-Forwarded-Proto: https` gets them anyway).
    #[arg(long, env = "KONTRAKTARKIV_SECURE_COOKIES")]
    pub secure_cookies: bool,
    #[command(flatten)]
    pub oidc: crate::sso::OidcArgs,
    #[command(flatten)]
    pub limits: crate::sandbox::SandboxLimits,
}

/// Opens the stores, starts the indexer and serves until Ctrl-C.
pub async fn serve(config: Config, args: ServeArgs) -> anyhow::Result<()> {
    let state = app_state(&config, &args).await?;
    sweep_sessions(state.clone());
    let listener = tokio::net::TcpListener::bind(&args.listen).await?;
    let addr = listener.local_addr()?;
    // Tests and scripts read this line to find a port chosen with `--listen 127.0.0.1:0`.
    println!("listening on http://{addr}");
    tracing::info!(%addr, data_dir = %config.data_dir.display(), storage = %config.storage_url, "serving");
    axum::serve(
        listener,
        router(state, Duration::from_secs(args.request_timeout)),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}

/// The stores, the running indexer and the sign-in settings. Made before the port is bound, so that a
/// store or the sign-on provider that cannot be reached stops the start before anything listens.
async fn app_state(config: &Config, args: &ServeArgs) -> anyhow::Result<AppState> {
    let stores = config.open().await?;
    let indexer = Indexer {
        catalog: stores.catalog.clone(),
        blobs: stores.blobs.clone(),
        index: stores.index.clone(),
        limits: args.limits.clone(),
    }
    .spawn()?;
    let auth = AuthConfig {
        idle: Duration::from_secs(args.session_idle_minutes * 60),
        absolute: Duration::from_secs(args.session_max_hours * 3600),
        secure_cookies: args.secure_cookies,
        oidc: crate::sso::Oidc::discover(&args.oidc).await?,
    };
    Ok(AppState {
        catalog: stores.catalog,
        blobs: stores.blobs,
        index: stores.index,
        indexer,
        max_upload_bytes: args.max_upload_bytes,
        stale_after_months: args.stale_after_months,
        auth: std::sync::Arc::new(auth),
        throttle: throttle::Throttle::default(),
    })
}

/// Deletes expired sessions now and then (they are refused anyway; this keeps the table small).
fn sweep_sessions(state: AppState) {
    tokio::spawn(async move {
        loop {
            let (idle, absolute) = (state.auth.idle, state.auth.absolute);
            if let Err(e) = state.catalog.delete_expired_sessions(idle, absolute).await {
                tracing::warn!(error = %e, "deleting expired sessions failed");
            }
            tokio::time::sleep(Duration::from_secs(600)).await;
        }
    });
}

/// Every route with its layers: body limits, timeouts, panics and unknown routes all answer as JSON errors.
pub fn router(state: AppState, timeout: Duration) -> Router {
    // Uploads stream for as long as the bytes keep coming; everything else must answer promptly.
    let upload_limit = usize::try_from(state.max_upload_bytes)
        .unwrap_or(usize::MAX)
        .saturating_add(1 << 20);
    let uploads = Router::new()
        .route("/api/v1/documents", post(documents::upload))
        .layer(DefaultBodyLimit::max(upload_limit))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(3600),
        ));
    let rest = routes()
        .merge(pages::routes())
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        ));
    let request_id = HeaderName::from_static("x-request-id");
    let timeout_secs = timeout.as_secs();
    uploads
        .merge(rest)
        .fallback(unknown_route)
        .method_not_allowed_fallback(|| async {
            ApiError::MethodNotAllowed("this route does not take that method".into())
        })
        .with_state(state)
        .layer(axum::middleware::map_response(
            move |r: Response| async move { json_errors(r, timeout_secs) },
        ))
        .layer(CatchPanicLayer::custom(|_| {
            ApiError::internal("handler panicked").into_response()
        }))
        .layer(security_header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(security_header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(security_header(header::REFERRER_POLICY, "same-origin"))
        .layer(security_header(header::CONTENT_SECURITY_POLICY, CSP))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
                let id = req
                    .headers()
                    .get("x-request-id")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-");
                // The path only: query strings carry secrets (the calendar feed's key, the sign-on's code).
                // `actor` is filled in once the caller is known (`auth::Caller`).
                tracing::info_span!("request", method = %req.method(), path = %req.uri().path(),
                request_id = %id, actor = tracing::field::Empty)
            }),
        )
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
}

/// The safety net of the error contract: an error response that some layer made without a body of ours
/// (the timeout's bare 408, a body limit hit inside a layer) is answered in the JSON error shape.
/// An unknown path: the Danish 404 page for a browser (it asks for HTML) outside `/api/`, where a person
/// followed a link; the JSON error for everyone else, whose clients read JSON.
async fn unknown_route(uri: axum::http::Uri, headers: axum::http::HeaderMap) -> Response {
    let wants_html = headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains("text/html"));
    if wants_html && !uri.path().starts_with("/api/") {
        return pages::error_response(StatusCode::NOT_FOUND, None);
    }
    ApiError::NotFound("no such route; the API is described at /api/v1/openapi.json".into())
        .into_response()
}

fn json_errors(response: Response, timeout_secs: u64) -> Response {
    let mut response = json_error_body(response, timeout_secs);
    // A 413 or 408 leaves the request body unread, so the connection cannot carry another request: say
    // so, or a client puts it back in its pool and its next request fails on a closed socket.
    if matches!(
        response.status(),
        StatusCode::PAYLOAD_TOO_LARGE | StatusCode::REQUEST_TIMEOUT
    ) {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

fn json_error_body(response: Response, timeout_secs: u64) -> Response {
    let status = response.status();
    let typed = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/json") || t.starts_with("text/html"));
    if !(status.is_client_error() || status.is_server_error()) || typed {
        return response;
    }
    let error = match status {
        StatusCode::REQUEST_TIMEOUT => ApiError::Timeout(timeout_secs),
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge(BODY_LIMIT as u64),
        StatusCode::NOT_FOUND => ApiError::NotFound("no such route".into()),
        StatusCode::METHOD_NOT_ALLOWED => {
            ApiError::MethodNotAllowed("this route does not take that method".into())
        }
        s if s.is_client_error() => ApiError::BadRequest("the request could not be handled".into()),
        s => ApiError::internal(format!("a layer answered {s} without a body")),
    };
    error.into_response()
}

fn security_header(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}

fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/documents/{id}",
            get(documents::get).patch(corrections::patch),
        )
        .route("/api/v1/documents/{id}/content", get(documents::content))
        .route("/api/v1/documents/{id}/text", get(documents::text))
        .route("/api/v1/documents/{id}/history", get(audit::history))
        .route("/api/v1/documents/{id}/similar", get(similar::similar))
        .route("/api/v1/audit", get(audit::log))
        .route("/api/v1/me", get(me::me))
        .route(
            "/api/v1/me/feed",
            post(me::rotate_feed).delete(me::revoke_feed),
        )
        .route("/login", get(login::page).post(login::login))
        .route("/logout", post(login::logout))
        .route("/login/oidc", get(oidc::start))
        .route("/login/oidc/callback", get(oidc::callback))
        .route(
            "/api/v1/documents/{id}/systems/{system_id}",
            put(corrections::link).delete(corrections::unlink),
        )
        .route("/api/v1/systems", get(systems::list).post(systems::create))
        .route(
            "/api/v1/systems/{id}",
            get(systems::get)
                .patch(systems::patch)
                .delete(systems::delete),
        )
        .route("/api/v1/systems/{id}/dossier", get(systems::dossier))
        .route(
            "/api/v1/register/proposals",
            get(proposals::list).post(proposals::propose),
        )
        .route(
            "/api/v1/register/proposals/{id}/decision",
            post(proposals::decide_one),
        )
        .route("/api/v1/systems/{id}/export", get(export::export))
        .route("/api/v1/suppliers", get(suppliers::list))
        .route(
            "/api/v1/suppliers/{cvr}",
            get(suppliers::overview).patch(suppliers::rename),
        )
        .route("/api/v1/reuse", get(reports::reuse))
        .route("/api/v1/reports/compliance", get(reports::compliance))
        .route("/api/v1/reports/deadlines", get(reports::deadlines))
        .route("/api/v1/reports/deadlines.ics", get(reports::deadlines_ics))
        .route("/api/v1/search", get(search::search))
        .route("/api/v1/openapi.json", get(openapi))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Kontraktarkiv API",
        description = "Koncern IT's repository of signed IT contracts, tillæg and system documentation (§5.1, §4.4). \
            Errors answer `{\"error\": {\"code\", \"message\"}}`."
    ),
    paths(
        documents::upload,
        documents::get,
        documents::content,
        documents::text,
        corrections::patch,
        corrections::link,
        corrections::unlink,
        systems::create,
        systems::list,
        systems::get,
        systems::patch,
        systems::delete,
        systems::dossier,
        proposals::propose,
        proposals::list,
        proposals::decide_one,
        export::export,
        suppliers::list,
        suppliers::overview,
        suppliers::rename,
        reports::reuse,
        reports::compliance,
        reports::deadlines,
        reports::deadlines_ics,
        search::search,
        health::healthz,
        health::readyz,
        audit::history,
        similar::similar,
        audit::log,
        me::me,
        me::rotate_feed,
        me::revoke_feed
    ),
    components(schemas(error::ErrorBody)),
    modifiers(&BearerAuth),
    security(("bearer" = []))
)]
pub struct ApiDoc;

/// Every call needs `Authorization: Bearer <token>` (from `kontraktarkiv user add` or `user token`), or
/// the browser's session cookie; the health probes and this document are public.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = doc.components.get_or_insert_with(Default::default);
        let scheme = HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build();
        components.add_security_scheme("bearer", SecurityScheme::Http(scheme));
    }
}

async fn openapi() -> axum::Json<utoipa::openapi::OpenApi> {
    axum::Json(ApiDoc::openapi())
}
