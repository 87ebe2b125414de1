//! Genbrug, Compliance and Frister: the API's reports over what the caller may know of, as pages.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::{HeaderMap, header};
use serde::Deserialize;
use storage::access::Action;
use storage::model::Forvaltning;
use templates::compliance::{ComplianceView, ForvaltningTotals, Gap};
use templates::deadlines::{Deadline, DeadlinesView};
use templates::reuse::{ReuseHit, ReuseView};
use templates::{Choice, DocumentRow, Link};

use super::view::{PageCaller, PageError, PageResult, date, enc, html, row};
use crate::api::extract::{Form, Query};
use crate::api::reports::{ComplianceParams, DeadlineParams, ReuseParams};
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
        let found = crate::api::reports::load_reuse(&state, &caller.0, params).await?;
        view.searched = true;
        view.results = found
            .candidates
            .iter()
            .map(|c| ReuseHit {
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
            })
            .collect();
    }
    html(templates::reuse::reuse(&caller.chrome(), &view))
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
    let chosen = Some(f.forvaltning.clone()).filter(|f| !f.is_empty());
    // The chart compares forvaltninger, so the report is made for all, then the list is narrowed.
    let all = crate::api::reports::load_compliance(
        &state,
        &caller.0,
        ComplianceParams {
            forvaltning: None,
            as_of: None,
            format: None,
        },
    )
    .await?;
    let mut totals: BTreeMap<Forvaltning, (u64, u64)> =
        Forvaltning::ALL.iter().map(|f| (*f, (0, 0))).collect();
    for g in &all.gaps {
        let t = totals.entry(g.forvaltning).or_default();
        if g.rule == "4.4" { t.1 += 1 } else { t.0 += 1 }
    }
    let gaps = all
        .gaps
        .iter()
        .filter(|g| {
            chosen
                .as_deref()
                .is_none_or(|c| g.forvaltning.as_str() == c)
        })
        .map(|g| {
            let (subject, fix) = match (&g.document_id, &g.system_id) {
                (Some(id), _) => (
                    Link::new(
                        g.document_title.clone().unwrap_or_else(|| id.clone()),
                        format!("/dokumenter/{id}"),
                    ),
                    Link::new("Ret dokumentet", format!("/dokumenter/{id}#ret")),
                ),
                (None, Some(id)) => (
                    Link::new(
                        g.system_name.clone().unwrap_or_else(|| id.clone()),
                        format!("/systemer/{id}"),
                    ),
                    Link::new(
                        "Indsend det manglende",
                        format!(
                            "/indsend?type={}",
                            if g.rule == "4.4" {
                                "system_documentation"
                            } else {
                                "contract"
                            }
                        ),
                    ),
                ),
                (None, None) => (
                    Link::new("–", "/compliance"),
                    Link::new("Indsend", "/indsend"),
                ),
            };
            Gap {
                kind: g.gap.into(),
                rule: g.rule.into(),
                subject,
                forvaltning: g.forvaltning.as_str().into(),
                // The report's detail is English (for the API and CSV); the page says what to do in Danish.
                detail: None,
                fix,
            }
        })
        .collect();
    let view = ComplianceView {
        forvaltning: f.forvaltning.clone(),
        gaps,
        totals: totals
            .into_iter()
            .map(|(f, (a, b))| ForvaltningTotals {
                forvaltning: f.as_str().into(),
                section_5_1: a,
                section_4_4: b,
            })
            .collect(),
        csv_url: format!(
            "/api/v1/reports/compliance?forvaltning={}&format=csv",
            enc(&f.forvaltning)
        ),
    };
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
