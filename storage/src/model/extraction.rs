//! What text extraction found in a blob, as the catalog keeps it: written by the indexer, read by the API's
//! `/text` and by re-indexing, so neither parses the PDF again nor re-declares the record.
//!
//! The record belongs to the bytes (one per SHA-256), not to a document.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::DocStatus;

/// One page's extracted text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PageText {
    /// 1-based page number. Records written before it was stored lack it; reading numbers them.
    #[serde(default)]
    pub page: u32,
    pub text: String,
    /// Characters found on the page.
    #[serde(default)]
    pub chars: usize,
    /// The page draws an image and no text (a scanned page).
    #[serde(default)]
    pub image_only: bool,
}

/// The outcome of extracting one blob: the status its documents get, why (for `no_text`, `failed`, or an
/// `indexed` document whose text is partial), and the pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Extraction {
    pub status: DocStatus,
    pub message: Option<String>,
    pub pages: Vec<PageText>,
}

impl Extraction {
    /// The page count a document answers with: `None` when nothing was read.
    pub fn page_count(&self) -> Option<u32> {
        (!self.pages.is_empty()).then_some(self.pages.len() as u32)
    }

    /// Numbers the pages 1, 2, … in order (pages are stored in document order).
    pub(crate) fn number_pages(mut self) -> Self {
        for (i, p) in self.pages.iter_mut().enumerate() {
            p.page = i as u32 + 1;
        }
        self
    }
}
