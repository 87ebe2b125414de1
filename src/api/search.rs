//! Full-text search over clauses and documents.

use super::extract::Query;
use axum::Json;
use axum::extract::State;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::auth::Caller;
use super::error::{ApiError, ErrorBody};
use super::state::AppState;
use storage::access::Action;

/// Query parameters of a search. List-valued filters take comma-separated values.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// The query (see the help page: words, "phrases", prefix*, fuzzy~, field:value, AND/OR/NOT).
    #[serde(default)]
    q: String,
    /// Document kinds, e.g. `contract,addendum`.
    kind: Option<String>,
    /// Forvaltning codes, e.g. `ØKF,BUF`.
    forvaltning: Option<String>,
    /// Supplier CVR number.
    supplier: Option<String>,
    /// System id.
    system: Option<String>,
    /// Earliest date (signed, else uploaded), `YYYY-MM-DD`.
    from: Option<NaiveDate>,
    /// Latest date, `YYYY-MM-DD`.
    to: Option<NaiveDate>,
    /// `clause` (default): one hit per clause; `document`: one hit per document.
    level: Option<String>,
    /// `relevance` (default) or `date` (newest first).
    sort: Option<String>,
    /// Hits per page, 1–100 (default 20).
    limit: Option<usize>,
    /// Hits to skip (default 0).
    offset: Option<usize>,
    /// `true` searches the words exactly as typed: no typo correction, no splitting of compounds, no
    /// synonyms (the way back from `corrected_query`).
    exact: Option<bool>,
}

#[derive(Serialize, ToSchema)]
pub struct SearchResponse {
    /// What was searched for when a word was corrected (e.g. `leverandøerne` → `leverandørerne`);
    /// absent when the query was searched as typed. `exact=true` searches the original.
    #[serde(skip_serializing_if = "Option::is_none")]
    corrected_query: Option<String>,
    total: usize,
    hits: Vec<SearchHit>,
    facets: Facets,
}

#[derive(Serialize, ToSchema)]
pub struct SearchHit {
    document_id: String,
    title: String,
    kind: String,
    clause: Option<Clause>,
    /// HTML-escaped text with the matches in `<mark>`.
    snippet: String,
    score: f32,
}

#[derive(Serialize, ToSchema)]
pub struct Clause {
    number: Option<String>,
    heading: Option<String>,
    page_from: u32,
    page_to: u32,
}

#[derive(Serialize, ToSchema)]
pub struct Facets {
    kind: Vec<FacetCount>,
    forvaltning: Vec<FacetCount>,
    supplier: Vec<FacetCount>,
    system: Vec<FacetCount>,
    year: Vec<FacetCount>,
}

#[derive(Serialize, ToSchema)]
pub struct FacetCount {
    value: String,
    count: u64,
}

/// Search clauses (or documents) across all contracts and documentation.
#[utoipa::path(get, path = "/api/v1/search", params(SearchParams),
    responses(
        (status = 200, description = "hits, total and facets", body = SearchResponse),
        (status = 400, description = "query syntax error; the message says where", body = ErrorBody)))]
pub async fn search(
    State(state): State<AppState>,
    caller: Caller,
    Query(params): Query<SearchParams>,
) -> Result<Json<SearchResponse>, ApiError> {
    caller.gate(Action::Search)?;
    let options = options(params.exact.unwrap_or(false));
    let mut request = params.into_request()?;
    // Permissions apply inside the index query, so hits, totals, facets and snippets never count what
    // the caller may not read.
    request.scope = caller.index_scope();
    let details = serde_json::json!({"q": request.q, "kind": request.kinds, "forvaltning": request.forvaltninger,
        "supplier": request.supplier, "system": request.system});
    state
        .catalog
        .audit(caller.name(), "search", "search", details)
        .await?;
    let index = state.index.clone();
    let results = tokio::task::spawn_blocking(move || index.search_with(&request, &options))
        .await
        .map_err(ApiError::internal)??;
    Ok(Json(SearchResponse::from(results)))
}

/// The search's options: all of the index's help, or (`exact`) the words as typed.
pub fn options(exact: bool) -> index::SearchOptions {
    let help = !exact;
    index::SearchOptions {
        correct: help,
        decompound: help,
        synonyms: help,
        ..Default::default()
    }
}

impl SearchParams {
    fn into_request(self) -> Result<index::SearchRequest, ApiError> {
        let list = |s: Option<String>| -> Vec<String> {
            s.map(|s| {
                s.split(',')
                    .map(|v| v.trim().to_string())
                    .filter(|v| !v.is_empty())
                    .collect()
            })
            .unwrap_or_default()
        };
        let kinds = list(self.kind);
        for k in &kinds {
            k.parse::<storage::model::DocumentKind>()
                .map_err(|e| ApiError::BadRequest(format!("kind: {e}")))?;
        }
        let forvaltninger = list(self.forvaltning);
        for f in &forvaltninger {
            f.parse::<storage::model::Forvaltning>()
                .map_err(|e| ApiError::BadRequest(format!("forvaltning: {e}")))?;
        }
        let level = match self.level.as_deref() {
            None | Some("clause") => index::Level::Clause,
            Some("document") => index::Level::Document,
            Some(other) => {
                return Err(ApiError::BadRequest(format!(
                    "level: {other:?} is not `clause` or `document`"
                )));
            }
        };
        let sort = match self.sort.as_deref() {
            None | Some("relevance") => index::Sort::Relevance,
            Some("date") => index::Sort::Date,
            Some(other) => {
                return Err(ApiError::BadRequest(format!(
                    "sort: {other:?} is not `relevance` or `date`"
                )));
            }
        };
        let limit = self.limit.unwrap_or(20);
        if !(1..=100).contains(&limit) {
            return Err(ApiError::BadRequest(
                "limit: must be between 1 and 100".into(),
            ));
        }
        Ok(index::SearchRequest {
            q: self.q,
            kinds,
            forvaltninger,
            supplier: self.supplier,
            system: self.system,
            from: self.from,
            to: self.to,
            level,
            sort,
            limit,
            offset: self.offset.unwrap_or(0).min(10_000),
            ..Default::default()
        })
    }
}

impl From<index::SearchResults> for SearchResponse {
    fn from(r: index::SearchResults) -> Self {
        let facets = |v: Vec<index::FacetCount>| {
            v.into_iter()
                .map(|f| FacetCount {
                    value: f.value,
                    count: f.count,
                })
                .collect()
        };
        SearchResponse {
            corrected_query: r.corrected_query,
            total: r.total,
            hits: r
                .hits
                .into_iter()
                .map(|h| SearchHit {
                    document_id: h.document_id,
                    title: h.title,
                    kind: h.kind,
                    clause: h.clause.map(|c| Clause {
                        number: c.number,
                        heading: c.heading,
                        page_from: c.page_from,
                        page_to: c.page_to,
                    }),
                    snippet: h.snippet,
                    score: h.score,
                })
                .collect(),
            facets: Facets {
                kind: facets(r.facets.kind),
                forvaltning: facets(r.facets.forvaltning),
                supplier: facets(r.facets.supplier),
                system: facets(r.facets.system),
                year: facets(r.facets.year),
            },
        }
    }
}
