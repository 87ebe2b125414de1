//! What every handler may need, cheap to clone. It sits beside the router that carries it; handlers
//! import it from here, never from `api/mod.rs`, so the router and its handlers form no circle.

use std::sync::Arc;
use std::time::Duration;

use index::SearchIndex;
use storage::{BlobStore, Catalog};

use super::throttle::Throttle;
use crate::indexer;

#[derive(Clone)]
pub struct AppState {
    pub catalog: Catalog,
    pub blobs: BlobStore,
    pub index: SearchIndex,
    pub indexer: indexer::Handle,
    pub max_upload_bytes: u64,
    pub stale_after_months: u32,
    pub auth: Arc<AuthConfig>,
    pub throttle: Throttle,
}

/// How sign-in behaves.
pub struct AuthConfig {
    /// A session unused this long ends.
    pub idle: Duration,
    /// A session ends this long after login, used or not.
    pub absolute: Duration,
    /// Mark cookies Secure (the service is served over TLS, or behind a proxy that terminates it).
    pub secure_cookies: bool,
    /// Single sign-on, when configured.
    pub oidc: Option<crate::sso::Oidc>,
}

impl AuthConfig {
    /// Whether the browser reached us over HTTPS: configured so, or a proxy that terminates TLS says so.
    /// Decides Secure cookies and the scheme of the URLs we hand out (the calendar feed).
    pub fn over_tls(&self, headers: &axum::http::HeaderMap) -> bool {
        self.secure_cookies
            || headers
                .get("x-forwarded-proto")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|p| p.eq_ignore_ascii_case("https"))
    }
}
