//! Reports: the compliance report (JSON or CSV), the deadline radar (JSON or iCalendar) and reuse.

use std::collections::BTreeSet;

use super::extract::Query;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use storage::catalog::DocQuery;
use storage::model::{DocumentKind, Forvaltning};
use storage::views::{self, ComplianceReport, Deadline, ReuseView};
use utoipa::{IntoParams, ToSchema};

use super::auth::{Caller, FeedCaller};
use super::error::{ApiError, ErrorBody};
use super::params::{AsOf, context};
use super::render;
use super::state::AppState;
use storage::access::Action;

/// The compliance report over the documents the caller may know of.
pub(super) async fn load_compliance(
    state: &AppState,
    caller: &Caller,
    p: ComplianceParams,
) -> Result<ComplianceReport, ApiError> {
    let f = forvaltning(p.forvaltning.as_deref())?;
    let ctx = context(state, AsOf { as_of: p.as_of });
    let systems = state.catalog.all_systems().await?;
    let queries = match f {
        Some(f) => vec![
            DocQuery::Forvaltning(f),
            DocQuery::LinkedTo(
                systems
                    .iter()
                    .filter(|s| s.owner_forvaltning == f)
                    .map(|s| s.id.clone())
                    .collect(),
            ),
        ],
        None => vec![DocQuery::Kinds(DocumentKind::ALL.to_vec())],
    };
    let set = caller.doc_set(state, &queries, &ctx).await?;
    Ok(views::compliance(&set, &systems, f, &ctx))
}

fn forvaltning(value: Option<&str>) -> Result<Option<Forvaltning>, ApiError> {
    value
        .filter(|v| !v.is_empty())
        .map(|v| {
            v.parse()
                .map_err(|_| ApiError::BadRequest(format!("forvaltning: unknown code {v:?}")))
        })
        .transpose()
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ComplianceParams {
    /// The forvaltning whose systems and documents are checked (code); all when absent.
    pub forvaltning: Option<String>,
    /// The day to judge by (`YYYY-MM-DD`); today when absent.
    pub as_of: Option<chrono::NaiveDate>,
    /// `csv` for the CSV download from a link (a browser cannot set `Accept`).
    #[serde(default)]
    pub format: Option<String>,
}

/// §5.1/§4.4 gaps: systems in operation without a contract or current documentation, contracts linked to no
/// system, tillæg without their contract. JSON, or CSV with `Accept: text/csv`.
#[utoipa::path(get, path = "/api/v1/reports/compliance", operation_id = "compliance_report", params(ComplianceParams),
    responses(
        (status = 200, description = "the report", body = ComplianceReport, content_type = "application/json"),
        (status = 200, description = "the gaps as CSV", content_type = "text/csv"),
        (status = 400, description = "bad parameter", body = ErrorBody)))]
pub async fn compliance(
    State(state): State<AppState>,
    caller: Caller,
    Query(p): Query<ComplianceParams>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    caller.gate(Action::ReadReports)?;
    let csv = p.format.as_deref() == Some("csv") || render::wants(&headers, "text/csv");
    let report = load_compliance(&state, &caller, p).await?;
    if csv {
        let response = render::compliance_csv(&report).into_response();
        return Ok(super::download::attachment(
            response,
            "text/csv; charset=utf-8",
            "compliance.csv",
        ));
    }
    Ok(Json(report).into_response())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeadlineParams {
    /// How many days ahead (1–3650; default 90 for JSON, 365 for the calendar feed).
    pub days: Option<u32>,
    /// Only this forvaltning's documents (code).
    pub forvaltning: Option<String>,
    /// The first day of the window (`YYYY-MM-DD`); today when absent.
    pub as_of: Option<chrono::NaiveDate>,
    /// The calendar feed only: the user's secret feed key, in place of a token (Outlook sends none).
    #[allow(dead_code)]
    pub key: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct DeadlineReport {
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    pub deadlines: Vec<Deadline>,
}

pub(super) async fn load_deadlines(
    state: &AppState,
    caller: &Caller,
    p: DeadlineParams,
    default_days: u32,
) -> Result<DeadlineReport, ApiError> {
    let days = p.days.unwrap_or(default_days);
    if !(1..=3650).contains(&days) {
        return Err(ApiError::BadRequest(
            "days: must be between 1 and 3650".into(),
        ));
    }
    let f = forvaltning(p.forvaltning.as_deref())?;
    let ctx = context(state, AsOf { as_of: p.as_of });
    let kinds = vec![DocumentKind::Contract, DocumentKind::SystemDocumentation];
    let set = caller
        .doc_set(state, &[DocQuery::Kinds(kinds)], &ctx)
        .await?;
    Ok(DeadlineReport {
        from: ctx.today,
        to: ctx.today + chrono::Duration::days(i64::from(days)),
        deadlines: views::deadlines(&set, f, days, &ctx),
    })
}

/// Notice deadlines, expiries and documentation revisions in the next `days` days.
#[utoipa::path(get, path = "/api/v1/reports/deadlines", operation_id = "deadline_report", params(DeadlineParams),
    responses((status = 200, description = "deadlines by date", body = DeadlineReport), (status = 400, description = "bad parameter", body = ErrorBody)))]
pub async fn deadlines(
    State(state): State<AppState>,
    caller: Caller,
    Query(p): Query<DeadlineParams>,
) -> Result<Json<DeadlineReport>, ApiError> {
    caller.gate(Action::ReadReports)?;
    Ok(Json(load_deadlines(&state, &caller, p, 90).await?))
}

/// The same deadlines as an iCalendar feed (all-day events) that Outlook can subscribe to.
#[utoipa::path(get, path = "/api/v1/reports/deadlines.ics", operation_id = "deadline_calendar", params(DeadlineParams),
    responses((status = 200, description = "the calendar", content_type = "text/calendar"), (status = 400, description = "bad parameter", body = ErrorBody)))]
pub async fn deadlines_ics(
    State(state): State<AppState>,
    FeedCaller(caller): FeedCaller,
    Query(p): Query<DeadlineParams>,
) -> Result<Response, ApiError> {
    caller.gate(Action::ReadReports)?;
    let report = load_deadlines(&state, &caller, p, 365).await?;
    let mut response = render::calendar(&report.deadlines, chrono::Utc::now()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/calendar; charset=utf-8"),
    );
    Ok(response)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReuseParams {
    /// A system whose need other forvaltninger' contracts could meet.
    pub system: Option<String>,
    /// A free-text need, searched in contracts.
    pub q: Option<String>,
    /// The forvaltning asking (code); with `system`, its owner and users ask.
    pub forvaltning: Option<String>,
}

/// Contracts in force of other forvaltninger with the same supplier, for systems of the same category, or
/// matching a free-text need; and the forvaltninger that could join them.
#[utoipa::path(get, path = "/api/v1/reuse", operation_id = "reuse", params(ReuseParams),
    responses(
        (status = 200, description = "candidates, best first", body = ReuseView),
        (status = 400, description = "neither system nor q, or a query syntax error", body = ErrorBody),
        (status = 404, description = "no such system", body = ErrorBody)))]
pub async fn reuse(
    State(state): State<AppState>,
    caller: Caller,
    Query(p): Query<ReuseParams>,
) -> Result<Json<ReuseView>, ApiError> {
    caller.gate(Action::ReadReports)?;
    Ok(Json(load_reuse(&state, &caller, p).await?))
}

/// Reuse candidates over the documents the caller may know of.
pub(super) async fn load_reuse(
    state: &AppState,
    caller: &Caller,
    p: ReuseParams,
) -> Result<ReuseView, ApiError> {
    let q = p.q.filter(|q| !q.trim().is_empty());
    if p.system.is_none() && q.is_none() {
        return Err(ApiError::BadRequest("give `system` or `q`".into()));
    }
    let system = match &p.system {
        Some(id) => Some(state.catalog.get_system(id).await?),
        None => None,
    };
    let mut asking: Vec<Forvaltning> = system
        .as_ref()
        .map(|s| s.forvaltninger())
        .unwrap_or_default();
    if let Some(f) = forvaltning(p.forvaltning.as_deref())? {
        asking.push(f);
        asking.sort();
        asking.dedup();
    }
    let hits = match &q {
        Some(q) => search_contracts(state, caller, q).await?,
        None => Vec::new(),
    };
    let ctx = context(state, AsOf::default());
    let mut queries = vec![
        DocQuery::Kinds(vec![DocumentKind::Contract]),
        DocQuery::Ids(hits.clone()),
    ];
    if let Some(s) = &system {
        queries.push(DocQuery::LinkedTo(vec![s.id.clone()]));
    }
    let set = caller.doc_set(state, &queries, &ctx).await?;
    let matches: BTreeSet<String> = hits
        .iter()
        .filter_map(|id| set.get(id))
        .filter_map(|d| set.family_root(d))
        .collect();
    let systems = state.catalog.all_systems().await?;
    Ok(views::reuse(
        &set,
        &systems,
        system.as_ref(),
        q,
        asking,
        &matches,
    ))
}

/// Ids of contract documents (and their tillæg and bilag) matching a free-text need.
async fn search_contracts(
    state: &AppState,
    caller: &Caller,
    q: &str,
) -> Result<Vec<String>, ApiError> {
    let request = index::SearchRequest {
        q: q.to_string(),
        kinds: [
            "contract",
            "addendum",
            "appendix",
            "data_processing_agreement",
        ]
        .map(String::from)
        .to_vec(),
        level: index::Level::Document,
        limit: 100,
        scope: caller.index_scope(),
        ..Default::default()
    };
    let index = state.index.clone();
    let results = tokio::task::spawn_blocking(move || index.search(&request))
        .await
        .map_err(ApiError::internal)??;
    Ok(results.hits.into_iter().map(|h| h.document_id).collect())
}
