//! Compliance (`/compliance`): the §5.1 and §4.4 gaps of a forvaltning as a list a person can act on (each with a
//! fix link), a bar chart across forvaltninger with a table equivalent, and the CSV download.

use maud::{Markup, html};

use crate::chart::{BarGroup, bar_chart};
use crate::format::FORVALTNINGER;
use crate::layout::{Head, Nav, page};
use crate::view::{Chrome, Link};

/// The compliance report.
#[derive(Clone, Debug, Default)]
pub struct ComplianceView {
    /// The chosen forvaltning code; empty = all the user may see.
    pub forvaltning: String,
    pub gaps: Vec<Gap>,
    /// One entry per forvaltning for the chart.
    pub totals: Vec<ForvaltningTotals>,
    /// The Danish CSV of the list: `/compliance/csv?forvaltning=…`.
    pub csv_url: String,
}

/// One gap.
#[derive(Clone, Debug, Default)]
pub struct Gap {
    /// The storage report's `gap`: `system_without_contract`, `system_without_contract_in_force`,
    /// `system_without_current_documentation`, `contract_without_system`, `addendum_without_parent`.
    pub kind: String,
    /// `5.1` or `4.4` as the report gives it; empty = derived from `kind`.
    pub rule: String,
    /// The system or document concerned.
    pub subject: Link,
    pub forvaltning: String,
    /// A detail, e.g. "Næste revision var 1. marts 2026".
    pub detail: Option<String>,
    /// Where to fix it: the upload form preset, the document's link form, …
    pub fix: Link,
}

#[derive(Clone, Debug, Default)]
pub struct ForvaltningTotals {
    pub forvaltning: String,
    /// §5.1 gaps (contracts).
    pub section_5_1: u64,
    /// §4.4 gaps (documentation).
    pub section_4_4: u64,
}

/// (rule, Danish description) of a gap kind.
fn describe(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "system_without_contract" => ("§5.1", "System i drift uden kontrakt"),
        "system_without_contract_in_force" => ("§5.1", "System i drift uden gældende kontrakt"),
        "system_without_current_documentation" => (
            "§4.4",
            "System i drift uden gældende systemteknisk dokumentation",
        ),
        "contract_without_system" => ("§5.1", "Kontrakt uden tilknyttet system"),
        "addendum_without_parent" => ("§5.1", "Tillæg uden hovedkontrakt"),
        "system_without_documentation" => {
            ("§4.4", "System i drift uden systemteknisk dokumentation")
        }
        "stale_documentation" => ("§4.4", "Systemteknisk dokumentation er forældet"),
        _ => ("", "Mangel"),
    }
}

/// What to do about a gap of `kind`, in Danish (the report's own detail is for the API, in English).
fn advice(kind: &str) -> &'static str {
    match kind {
        "system_without_contract" => {
            "Der er ingen kontrakt på systemet. Indsend kontrakten, og knyt den til systemet."
        }
        "system_without_contract_in_force" => {
            "Ingen af systemets kontrakter er i kraft. Indsend den gældende kontrakt eller det tillæg, der forlænger den."
        }
        "system_without_current_documentation"
        | "system_without_documentation"
        | "stale_documentation" => {
            "Dokumentationen mangler eller er ikke revideret i tide. Indsend en opdateret version."
        }
        "contract_without_system" => {
            "Kontrakten er i kraft, men ikke knyttet til et system. Knyt den til systemet på dokumentets side."
        }
        "addendum_without_parent" => {
            "Tillægget mangler sin hovedkontrakt. Angiv hovedkontrakten, eller indsend den først."
        }
        _ => "",
    }
}

fn rule(g: &Gap) -> &str {
    if g.rule.is_empty() {
        describe(&g.kind).0.trim_start_matches('§')
    } else {
        g.rule.trim_start_matches('§')
    }
}

/// The list as CSV for a spreadsheet in Danish: the page's words, semicolons between fields (Danish
/// Excel reads the comma as the decimal mark and would put a whole line in one cell), a UTF-8 byte order
/// mark so that æøå come through, CRLF line ends.
pub fn csv(v: &ComplianceView) -> String {
    let mut out =
        String::from("\u{feff}Regel;Mangel;Forvaltning;Vedrører;Detalje;Hvad skal gøres\r\n");
    for g in &v.gaps {
        let fields = [
            format!("§{}", rule(g)),
            describe(&g.kind).1.to_string(),
            g.forvaltning.clone(),
            g.subject.label.clone(),
            g.detail.clone().unwrap_or_default(),
            advice(&g.kind).to_string(),
        ];
        let line: Vec<String> = fields.iter().map(|f| crate::csv::field(f)).collect();
        out.push_str(&line.join(";"));
        out.push_str("\r\n");
    }
    out
}

/// The compliance page.
pub fn compliance(chrome: &Chrome, v: &ComplianceView) -> Markup {
    let groups: Vec<BarGroup> = v
        .totals
        .iter()
        .map(|t| BarGroup {
            label: t.forvaltning.clone(),
            values: vec![t.section_5_1, t.section_4_4],
        })
        .collect();
    let (s51, s44): (Vec<&Gap>, Vec<&Gap>) = v.gaps.iter().partition(|g| rule(g) != "4.4");
    page(
        chrome,
        Head::new("Compliance", Nav::Compliance),
        html! {
            h1 { "Compliance: §5.1 og §4.4" }
            form.inline-form method="get" action="/compliance" {
                div.field {
                    label for="compliance-forvaltning" { "Forvaltning" }
                    select #compliance-forvaltning name="forvaltning" {
                        option value="" { "Alle" }
                        @for f in FORVALTNINGER { option value=(f) selected[f == v.forvaltning] { (f) } }
                    }
                }
                button type="submit" { "Vis" }
            }
            p { a href=(v.csv_url) download { "Hent som CSV" } }
            (gap_list("§5.1 Kontrakter", "Alle it-kontrakter og tillæg skal sendes til Koncern IT og knyttes til systemerne.", &s51))
            (gap_list("§4.4 Systemteknisk dokumentation", "Alle systemer i drift skal have opdateret systemteknisk dokumentation.", &s44))
            @if !v.totals.is_empty() {
                h2 { "På tværs af forvaltninger" }
                figure {
                    figcaption { "Antal mangler pr. forvaltning" }
                    (bar_chart("mangler", "Antal mangler pr. forvaltning", &["§5.1 kontrakter", "§4.4 dokumentation"], &groups))
                    div.table-wrap tabindex="0" role="region" aria-label="Tabel" { table {
                        thead { tr { th scope="col" { "Forvaltning" } th.num scope="col" { "§5.1" } th.num scope="col" { "§4.4" } } }
                        tbody { @for t in &v.totals { tr {
                            th scope="row" { (t.forvaltning) } td.num { (t.section_5_1) } td.num { (t.section_4_4) }
                        } } }
                    } }
                }
            }
        },
    )
}

fn gap_list(title: &str, rule: &str, gaps: &[&Gap]) -> Markup {
    html! {
        h2 { (title) " (" (gaps.len()) ")" }
        p.meta { (rule) }
        @if gaps.is_empty() { p { span.badge.ok { "Ingen mangler" } } } @else {
            ul.plain { @for g in gaps { li.hit {
                strong { (describe(&g.kind).1) } ": " a href=(g.subject.url) { (g.subject.label) }
                " · " (g.forvaltning)
                @if let Some(d) = &g.detail { br; span.meta { (d) } }
                @else if !advice(&g.kind).is_empty() { br; span.meta { (advice(&g.kind)) } }
                br; a href=(g.fix.url) { (g.fix.label) }
            } } }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{EVIL, check};

    #[test]
    fn gaps_with_fix_links_chart_and_csv() {
        let v = ComplianceView {
            forvaltning: "ØKF".into(),
            gaps: vec![
                Gap {
                    kind: "system_without_contract".into(),
                    subject: Link::new(EVIL, "/systemer/SYS-1"),
                    forvaltning: "ØKF".into(),
                    fix: Link::new("Indsend kontrakten", "/indsend?type=contract&system=SYS-1"),
                    ..Default::default()
                },
                Gap {
                    kind: "system_without_current_documentation".into(),
                    rule: "4.4".into(),
                    subject: Link::new("Løn", "/systemer/SYS-2"),
                    forvaltning: "ØKF".into(),
                    detail: Some("Næste revision var 1. marts 2026".into()),
                    fix: Link::new("Indsend ny version", "/indsend?type=system_documentation"),
                },
            ],
            totals: vec![ForvaltningTotals {
                forvaltning: "ØKF".into(),
                section_5_1: 1,
                section_4_4: 1,
            }],
            csv_url: "/compliance/csv?forvaltning=%C3%98KF".into(),
        };
        let html = compliance(&Chrome::anonymous(), &v).into_string();
        check(&html);
        for needle in [
            "System i drift uden kontrakt",
            "Indsend kontrakten",
            "uden gældende systemteknisk dokumentation",
            "Hent som CSV",
            "<svg",
            "§5.1 Kontrakter (1)",
            "§4.4 Systemteknisk dokumentation (1)",
            "<option value=\"ØKF\" selected>",
        ] {
            assert!(html.contains(needle), "{needle}");
        }
        let csv = csv(&v);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(
            lines[0],
            "\u{feff}Regel;Mangel;Forvaltning;Vedrører;Detalje;Hvad skal gøres"
        );
        assert!(
            lines[1].starts_with("§5.1;System i drift uden kontrakt;ØKF;<script>"),
            "{csv}"
        );
        assert!(
            lines[2].contains(";Næste revision var 1. marts 2026;"),
            "{csv}"
        );
        // A field with the separator is quoted: the advice has no semicolon, the row has six fields.
        assert_eq!(lines[2].matches(';').count(), 5, "{csv}");
        assert_eq!(lines[3], "");
    }
}
