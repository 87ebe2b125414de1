//! Genbrug, Compliance and Frister: the API's reports over what the caller may know of, as pages.
//!
//! The compliance page's gaps and totals are made in `compliance`.

use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::IntoResponse;
use serde::Deserialize;
use storage::access::Action;
use storage::views::ReuseCandidate;
use templates::deadlines::{Deadline, DeadlinesView};
use templates::reuse::{ReuseHit, ReuseView};
use templates::{Choice, DocumentRow, Link};

use super::compliance::compliance_view;
use super::view::{PageCaller, PageError, PageResult, date, html, row};
use crate::api::download::attachment;
use crate::api::extract::{Form, Query};
use crate::api::reports::{DeadlineParams, ReuseParams};
use crate::api::state::AppState;

#[derive(Deserialize, Default)]
pub struct ReuseForm {
    #[serde(default)]
    system: String,
    #[serde(default)]
    q: String,
}

pub async fn reuse(
    State(state): State<AppState>,
    caller: PageCaller,
    Query(f): Query<ReuseForm>,
) -> PageResult {
    caller.0.gate(Action::ReadReports)?;
    let view = reuse_view(&state, &caller, f).await?;
    html(templates::reuse::reuse(&caller.chrome(), &view))
}

/// The form with the register's systems to choose from; the candidates only once something was asked,
/// since the report refuses an empty question.
async fn reuse_view(
    state: &AppState,
    caller: &PageCaller,
    f: ReuseForm,
) -> Result<ReuseView, PageError> {
    let systems = state.catalog.all_systems().await?;
    let mut view = ReuseView {
        system: f.system.clone(),
        q: f.q.clone(),
        systems: systems
            .iter()
            .map(|s| Choice::new(s.id.clone(), format!("{} ({})", s.name, s.id)))
            .collect(),
        ..Default::default()
    };
    if !f.system.is_empty() || !f.q.trim().is_empty() {
        let params = ReuseParams {
            system: Some(f.system).filter(|s| !s.is_empty()),
            q: Some(f.q).filter(|q| !q.trim().is_empty()),
            forvaltning: caller.0.actor.forvaltning.map(|f| f.as_str().to_string()),
        };
        let found = crate::api::reports::load_reuse(state, &caller.0, params).await?;
        view.searched = true;
        view.results = found.candidates.iter().map(reuse_hit).collect();
    }
    Ok(view)
}

fn reuse_hit(c: &ReuseCandidate) -> ReuseHit {
    ReuseHit {
        // The list's date column is Gyldig til: how long one could join, not when it was signed.
        document: DocumentRow {
            date: c
                .contract
                .contract_state
                .as_ref()
                .and_then(|s| s.ends_on)
                .or(c.contract.details.valid_to)
                .map(date),
            ..row(&c.contract)
        },
        reason: c
            .reasons
            .iter()
            .map(|r| templates::reuse::reason_label(r))
            .collect::<Vec<_>>()
            .join("; "),
        systems: c
            .systems
            .iter()
            .map(|s| Link::new(s.name.clone(), format!("/systemer/{}", s.id)))
            .collect(),
    }
}

/// The compliance list as the Danish CSV of the page (the API's CSV keeps its English details).
pub async fn compliance_csv(
    State(state): State<AppState>,
    caller: PageCaller,
    Query(f): Query<ComplianceForm>,
) -> Result<axum::response::Response, PageError> {
    caller.0.gate(Action::ReadReports)?;
    let view = compliance_view(&state, &caller, f.forvaltning).await?;
    let name = match view.forvaltning.as_str() {
        "" => "compliance.csv".to_string(),
        f => format!("compliance-{f}.csv"),
    };
    let body = templates::compliance::csv(&view).into_response();
    Ok(attachment(body, "text/csv; charset=utf-8", &name))
}

#[derive(Deserialize, Default)]
pub struct ComplianceForm {
    #[serde(default)]
    forvaltning: String,
}

pub async fn compliance(
    State(state): State<AppState>,
    caller: PageCaller,
    Query(f): Query<ComplianceForm>,
) -> PageResult {
    caller.0.gate(Action::ReadReports)?;
    let view = compliance_view(&state, &caller, f.forvaltning).await?;
    html(templates::compliance::compliance(&caller.chrome(), &view))
}

#[derive(Deserialize, Default)]
pub struct DeadlineForm {
    days: Option<u32>,
}

pub async fn deadlines(
    State(state): State<AppState>,
    caller: PageCaller,
    Query(f): Query<DeadlineForm>,
) -> PageResult {
    caller.0.gate(Action::ReadReports)?;
    let view = deadlines_view(&state, &caller, f.days).await?;
    html(templates::deadlines::deadlines(&caller.chrome(), &view))
}

#[derive(Deserialize)]
pub struct CalendarForm {
    #[serde(default)]
    csrf_token: String,
    /// `ny` makes a new personal feed URL (the old one stops working), `luk` closes it.
    handling: String,
}

/// Makes or closes the caller's personal calendar-feed URL, then shows Frister with the new URL (once).
pub async fn calendar(
    State(state): State<AppState>,
    caller: PageCaller,
    headers: HeaderMap,
    Form(f): Form<CalendarForm>,
) -> PageResult {
    caller.0.check_csrf(Some(&f.csrf_token))?;
    caller.0.gate(Action::ReadReports)?;
    let mut view = deadlines_view(&state, &caller, None).await?;
    let name = caller.0.name();
    if f.handling == "luk" {
        state.catalog.revoke_feed_key(name, name).await?;
        view.calendar_closed = true;
    } else {
        let key = state.catalog.rotate_feed_key(name, name).await?;
        view.calendar_url = Some(feed_url(&state, &headers, &key));
    }
    html(templates::deadlines::deadlines(&caller.chrome(), &view))
}

/// The absolute feed URL, as the browser reached this service (Outlook needs the whole address).
fn feed_url(state: &AppState, headers: &HeaderMap, key: &str) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let tls = state.auth.secure_cookies
        || headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|p| p.eq_ignore_ascii_case("https"));
    let scheme = if tls { "https" } else { "http" };
    format!("{scheme}://{host}/api/v1/reports/deadlines.ics?key={key}")
}

async fn deadlines_view(
    state: &AppState,
    caller: &PageCaller,
    days: Option<u32>,
) -> Result<DeadlinesView, PageError> {
    let days = days.unwrap_or(180).clamp(1, 3650);
    let params = DeadlineParams {
        days: Some(days),
        forvaltning: None,
        as_of: None,
        key: None,
    };
    let report = crate::api::reports::load_deadlines(state, &caller.0, params, days).await?;
    Ok(DeadlinesView {
        today: Some(date(report.from)),
        days,
        entries: report
            .deadlines
            .iter()
            .map(|d| Deadline {
                date: Some(date(d.date)),
                kind: d.kind.into(),
                // The report's detail is English (for the API); the page explains the kind in Danish.
                detail: None,
                contract: Link::new(d.title.clone(), format!("/dokumenter/{}", d.document_id)),
                forvaltning: d.forvaltning.as_str().into(),
                supplier: d.supplier.as_ref().map(|s| s.name.clone()),
                systems: d
                    .system_ids
                    .iter()
                    .map(|s| Link::new(s.clone(), format!("/systemer/{s}")))
                    .collect(),
            })
            .collect(),
        calendar_url: None,
        ics_url: Some(format!("/api/v1/reports/deadlines.ics?days={days}")),
        calendar_form: Some((
            "/frister/kalender".into(),
            caller.0.csrf.clone().unwrap_or_default(),
        )),
        calendar_closed: false,
    })
}
