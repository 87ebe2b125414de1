//! What every handler may need, cheap to clone. It sits beside the router that carries it; handlers
//! import it from here, never from `api/mod.rs`, so the router and its handlers form no circle.

use index::SearchIndex;
use storage::{BlobStore, Catalog};

use crate::indexer;

#[derive(Clone)]
pub struct AppState {
    pub catalog: Catalog,
    pub blobs: BlobStore,
    pub index: SearchIndex,
    pub indexer: indexer::Handle,
    pub max_upload_bytes: u64,
    pub stale_after_months: u32,
}
