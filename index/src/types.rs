//! The search API's plain data types (see notes/search_api.md): what the service hands in and gets back.

use chrono::NaiveDate;
use serde::Serialize;

/// One document's filter/display fields, copied onto every clause entry so filters run inside the index.
#[derive(Debug, Clone, Default)]
pub struct DocFields {
    /// Opaque document id.
    pub id: String,
    pub title: String,
    /// contract | addendum | appendix | data_processing_agreement | system_documentation
    pub kind: String,
    /// ØKF BUF KFF SUF SOF TMF BIF
    pub forvaltning: String,
    pub supplier_cvr: Option<String>,
    pub supplier_name: Option<String>,
    pub system_ids: Vec<String>,
    /// signed_on, else upload date: year facet, date range and date sort.
    pub date: Option<NaiveDate>,
    pub confidential: bool,
}

/// Clause hits (default) or one hit per document with its best clause as snippet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Level {
    #[default]
    Clause,
    Document,
}

/// Relevance (default) or date, newest first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    #[default]
    Relevance,
    Date,
}

/// What a searcher may see. `Forvaltning(f)`: f's own documents plus other forvaltninger's
/// non-confidential contracts, tillæg and bilag (their documentation and data processing agreements are
/// metadata only, so their text must not match).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Scope {
    #[default]
    All,
    Forvaltning(String),
}

#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub q: String,
    pub kinds: Vec<String>,
    pub forvaltninger: Vec<String>,
    /// CVR.
    pub supplier: Option<String>,
    /// System id.
    pub system: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub level: Level,
    pub sort: Sort,
    pub limit: usize,
    pub offset: usize,
    pub scope: Scope,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct SearchResults {
    /// Matching clauses (Level::Clause) or documents (Level::Document).
    pub total: usize,
    pub hits: Vec<Hit>,
    pub facets: Facets,
    /// The query as searched when words of it were corrected ("Viste resultater for …"); the original
    /// is searched as typed with `=` before each corrected word, or with `SearchOptions::correct` off.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub corrected_query: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub document_id: String,
    pub title: String,
    pub kind: String,
    pub clause: Option<ClauseRef>,
    /// HTML-escaped text with `<mark>…</mark>` around matches.
    pub snippet: String,
    pub score: f32,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ClauseRef {
    pub number: Option<String>,
    pub heading: Option<String>,
    /// 1-based.
    pub page_from: u32,
    pub page_to: u32,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct Facets {
    pub kind: Vec<FacetCount>,
    pub forvaltning: Vec<FacetCount>,
    pub supplier: Vec<FacetCount>,
    pub system: Vec<FacetCount>,
    pub year: Vec<FacetCount>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}
