//! The limits one extraction runs under (kept apart from `mod.rs`, which drives the content walker that
//! checks them, so that the walker need not import its parent).

/// Limits enforced inside the extractor (the parent adds rlimits and a wall clock).
#[derive(Debug, Clone)]
pub struct Limits {
    pub max_decompressed_bytes: u64,
    pub max_depth: u32,
    pub max_ops_per_page: u64,
    pub deadline: Option<std::time::Instant>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_decompressed_bytes: 512 << 20,
            max_depth: 12,
            max_ops_per_page: 2_000_000,
            deadline: None,
        }
    }
}
