//! The Compliance page's data: the gaps of the compliance report, each with a way to close it, and the
//! gaps per forvaltning for the chart.

use std::collections::BTreeMap;

use storage::model::Forvaltning;
use storage::views::{ComplianceReport, Gap as ReportGap};
use templates::Link;
use templates::compliance::{ComplianceView, ForvaltningTotals, Gap};

use super::view::{PageCaller, PageError, enc};
use crate::api::reports::ComplianceParams;
use crate::api::state::AppState;

/// The report for the caller, its list narrowed to `forvaltning` (all when empty).
pub(super) async fn compliance_view(
    state: &AppState,
    caller: &PageCaller,
    forvaltning: String,
) -> Result<ComplianceView, PageError> {
    // The chart compares forvaltninger, so the report is made for all, then the list is narrowed.
    let params = ComplianceParams {
        forvaltning: None,
        as_of: None,
        format: None,
    };
    let all = crate::api::reports::load_compliance(state, &caller.0, params).await?;
    let chosen = Some(forvaltning.as_str()).filter(|f| !f.is_empty());
    Ok(ComplianceView {
        gaps: all
            .gaps
            .iter()
            .filter(|g| chosen.is_none_or(|c| g.forvaltning.as_str() == c))
            .map(gap)
            .collect(),
        totals: totals(&all),
        csv_url: format!("/compliance/csv?forvaltning={}", enc(&forvaltning)),
        forvaltning,
    })
}

/// Gaps per forvaltning under §5.1 and §4.4; every forvaltning has a bar, a clean one too.
fn totals(report: &ComplianceReport) -> Vec<ForvaltningTotals> {
    let mut totals: BTreeMap<Forvaltning, (u64, u64)> =
        Forvaltning::ALL.iter().map(|f| (*f, (0, 0))).collect();
    for g in &report.gaps {
        let t = totals.entry(g.forvaltning).or_default();
        if g.rule == "4.4" { t.1 += 1 } else { t.0 += 1 }
    }
    totals
        .into_iter()
        .map(|(f, (a, b))| ForvaltningTotals {
            forvaltning: f.as_str().into(),
            section_5_1: a,
            section_4_4: b,
        })
        .collect()
}

/// One gap: what it is about, and the form that closes it (correcting a document, or uploading what a
/// system lacks).
fn gap(g: &ReportGap) -> Gap {
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
}
