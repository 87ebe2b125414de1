//! PDF → text per page (simple first version on lopdf's `extract_text`; replaced by our own
//! content-stream walk).

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// How an extraction ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExtractStatus {
    Ok,
    Partial,
    NoText,
    Encrypted,
    Failed,
}

/// One page's text.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Page {
    pub text: String,
    pub chars: usize,
    pub image_only: bool,
}

/// The result of extracting one PDF.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Extraction {
    pub status: ExtractStatus,
    pub reason: Option<String>,
    pub pages: Vec<Page>,
}

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

impl Extraction {
    fn failed(reason: impl Into<String>) -> Self {
        Extraction {
            status: ExtractStatus::Failed,
            reason: Some(reason.into()),
            pages: vec![],
        }
    }
}

/// Extracts the text of every page of `bytes`. Never panics.
pub fn extract(bytes: &[u8], limits: &Limits) -> Extraction {
    match std::panic::catch_unwind(|| extract_inner(bytes, limits)) {
        Ok(x) => x,
        Err(_) => Extraction::failed("internal error (panic) while extracting"),
    }
}

fn extract_inner(bytes: &[u8], limits: &Limits) -> Extraction {
    let opts = lopdf::LoadOptions {
        max_decompressed_size: Some(
            usize::try_from(limits.max_decompressed_bytes).unwrap_or(usize::MAX),
        ),
        ..Default::default()
    };
    // lopdf tries the empty user password itself while loading.
    let doc = match lopdf::Document::load_mem_with_options(bytes, opts) {
        Ok(d) => d,
        Err(lopdf::Error::InvalidPassword) => {
            return Extraction {
                status: ExtractStatus::Encrypted,
                reason: Some("encrypted: a password is needed".into()),
                pages: vec![],
            };
        }
        Err(e) => return Extraction::failed(format!("cannot parse PDF: {e}")),
    };
    if doc.is_encrypted() && !doc.was_encrypted() {
        return Extraction {
            status: ExtractStatus::Encrypted,
            reason: Some("encrypted: a password is needed".into()),
            pages: vec![],
        };
    }
    let mut pages = Vec::new();
    for (no, _) in doc.get_pages() {
        let raw = doc.extract_text(&[no]).unwrap_or_default();
        let text: String = raw.nfkc().collect();
        let chars = text.chars().filter(|c| !c.is_whitespace()).count();
        pages.push(Page {
            text,
            chars,
            image_only: false,
        });
    }
    let with_text = pages.iter().filter(|p| p.chars > 0).count();
    let (status, reason) = if pages.is_empty() {
        (ExtractStatus::Failed, Some("no pages".to_string()))
    } else if with_text == pages.len() {
        (ExtractStatus::Ok, None)
    } else if with_text == 0 {
        (
            ExtractStatus::NoText,
            Some("no page yields text".to_string()),
        )
    } else {
        let empty: Vec<String> = pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.chars == 0)
            .map(|(i, _)| (i + 1).to_string())
            .collect();
        (
            ExtractStatus::Partial,
            Some(format!("no text on pages {}", empty.join(", "))),
        )
    };
    Extraction {
        status,
        reason,
        pages,
    }
}
