//! Shared state, the router with its layers, and `serve`.

use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use index::SearchIndex;
use storage::{BlobStore, Catalog};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::cli::{Config, ServeArgs};
use crate::indexer::{self, Indexer};

/// Everything a handler may need; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub catalog: Catalog,
    pub blobs: BlobStore,
    pub index: SearchIndex,
    pub indexer: indexer::Handle,
    pub max_upload_bytes: u64,
    pub stale_after_months: u32,
}

/// Opens the catalog, the blob store and the index. A changed index schema means a rebuild, never a crash:
/// the fresh index is empty and the indexer replays the whole job log into it.
pub async fn open(config: &Config) -> anyhow::Result<(Catalog, BlobStore, SearchIndex)> {
    let catalog = Catalog::open(&config.catalog_path()).await?;
    let blobs = BlobStore::open(&config.storage_url, &config.staging_dir())?;
    let index = match SearchIndex::open(&config.index_dir()) {
        Err(index::Error::SchemaVersion { found, expected }) => {
            tracing::warn!(%found, %expected, "search index schema changed; rebuilding it from the catalog");
            SearchIndex::recreate(&config.index_dir())?
        }
        other => other?,
    };
    Ok((catalog, blobs, index))
}

pub async fn serve(config: Config, args: ServeArgs) -> anyhow::Result<()> {
    let (catalog, blobs, index) = open(&config).await?;
    let indexer = Indexer {
        catalog: catalog.clone(),
        blobs: blobs.clone(),
        index: index.clone(),
        limits: args.limits,
    }
    .spawn()?;
    let state = AppState {
        catalog,
        blobs,
        index,
        indexer,
        max_upload_bytes: args.max_upload_bytes,
        stale_after_months: args.stale_after_months,
    };
    let listener = tokio::net::TcpListener::bind(&args.listen).await?;
    let addr = listener.local_addr()?;
    // Tests and scripts read this line to find a port chosen with `--listen 127.0.0.1:0`.
    println!("listening on http://{addr}");
    tracing::info!(%addr, data_dir = %config.data_dir.display(), storage = %config.storage_url, "serving");
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown())
        .await?;
    Ok(())
}

pub fn router(state: AppState) -> Router {
    // Uploads stream for as long as the bytes keep coming; everything else must answer promptly.
    let upload_limit = usize::try_from(state.max_upload_bytes)
        .unwrap_or(usize::MAX)
        .saturating_add(1 << 20);
    let uploads = crate::api::upload_routes()
        .layer(DefaultBodyLimit::max(upload_limit))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(3600),
        ));
    let rest = crate::api::routes()
        .merge(crate::pages::routes())
        .layer(DefaultBodyLimit::max(1 << 20))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(60),
        ));
    let request_id = HeaderName::from_static("x-request-id");
    uploads
        .merge(rest)
        .with_state(state)
        .layer(CatchPanicLayer::custom(|_| {
            crate::error::ApiError::internal("handler panicked").into_response()
        }))
        .layer(security_header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(security_header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(security_header(header::REFERRER_POLICY, "no-referrer"))
        .layer(security_header(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
        ))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
            let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", method = %req.method(), uri = %req.uri(), request_id = %id)
        }))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
}

fn security_header(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}

async fn shutdown() {
    let _ = tokio::signal::ctrl_c().await;
}
