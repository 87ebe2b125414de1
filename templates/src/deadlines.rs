//! Frister (`/frister`): notice deadlines and expiries in the coming days as a timeline grouped by month, with
//! the calendar subscription link. A list rather than an SVG: it reads in order with a screen reader and
//! reflows at 400 % zoom.

use maud::{Markup, html};

use crate::format::Date;
use crate::layout::{Head, Nav, page};
use crate::view::{Chrome, Link, date};

/// The deadlines page.
#[derive(Clone, Debug, Default)]
pub struct DeadlinesView {
    pub today: Option<Date>,
    /// The horizon in days (`?days=`).
    pub days: u32,
    /// Sorted by date.
    pub entries: Vec<Deadline>,
    /// The user's secret iCal feed URL (absolute), for Outlook.
    pub calendar_url: Option<String>,
}

/// One deadline.
#[derive(Clone, Debug, Default)]
pub struct Deadline {
    pub date: Option<Date>,
    /// The storage report's kind: `notice_deadline` (last notice day), `expiry` (Gyldig til), `revision_due`
    /// (documentation revision); also `irrevocable_end` (Uopsigelig til) and `option`.
    pub kind: String,
    /// The report's detail line, e.g. "Opsigelsesfrist 6 måneder til udgangen af en måned".
    pub detail: Option<String>,
    pub contract: Link,
    pub forvaltning: String,
    pub supplier: Option<String>,
    pub systems: Vec<Link>,
}

fn kind_text(kind: &str) -> &str {
    match kind {
        "notice" | "notice_deadline" => "Sidste opsigelsesdag",
        "expiry" => "Udløber (Gyldig til)",
        "irrevocable_end" => "Uopsigelig til",
        "option" => "Frist for option",
        "revision" | "revision_due" => "Dokumentation skal revideres",
        other => other,
    }
}

const HORIZONS: [u32; 4] = [30, 90, 180, 365];

/// The deadlines page.
pub fn deadlines(chrome: &Chrome, v: &DeadlinesView) -> Markup {
    let mut months: Vec<(String, Vec<&Deadline>)> = Vec::new();
    for e in &v.entries {
        let key = e
            .date
            .map(|d| d.month_year())
            .unwrap_or_else(|| "Uden dato".to_owned());
        match months.last_mut() {
            Some((k, list)) if *k == key => list.push(e),
            _ => months.push((key, vec![e])),
        }
    }
    page(
        chrome,
        Head::new("Frister", Nav::Deadlines),
        html! {
            h1 { "Frister: opsigelse og udløb" }
            form.inline-form method="get" action="/frister" {
                div.field {
                    label for="days" { "Vis de næste" }
                    select #days name="days" {
                        @for d in HORIZONS { option value=(d) selected[d == v.days] { (d) " dage" } }
                    }
                }
                button type="submit" { "Vis" }
            }
            @if let Some(url) = &v.calendar_url {
                div.notice {
                    p { strong { "Abonnér i Outlook: " } a href=(url) { "Kalender med fristerne (iCal)" } }
                    p.meta { "Adressen er personlig – del den ikke. Kopiér den til Outlook under "
                        "»Tilføj kalender« → »Fra internettet«." }
                    label for="ical-url" { "Kalenderadresse" }
                    input #ical-url type="text" readonly value=(url);
                }
            }
            @if v.entries.is_empty() {
                p { "Ingen frister de næste " (v.days) " dage." }
            } @else {
                p.meta { (v.entries.len()) " frister de næste " (v.days) " dage." }
                ol.plain.timeline {
                    @for (month, list) in &months {
                        li {
                            h2 { (month) }
                            ul.plain { @for e in list { li.hit {
                                strong { @if let Some(d) = &e.date { (date(d)) } } " · " (kind_text(&e.kind))
                                @if let (Some(d), Some(t)) = (&e.date, &v.today) { " " span.meta { (left(t, d)) } }
                                br;
                                a href=(e.contract.url) { (e.contract.label) } " · " (e.forvaltning)
                                @if let Some(s) = &e.supplier { " · " (s) }
                                @if let Some(d) = &e.detail { br; span.meta { (d) } }
                                @if !e.systems.is_empty() { br; span.meta { "Systemer: "
                                    @for (i, s) in e.systems.iter().enumerate() { @if i > 0 { ", " } a href=(s.url) { (s.label) } }
                                } }
                            } } }
                        }
                    }
                }
            }
        },
    )
}

fn left(today: &Date, d: &Date) -> String {
    match d.days() - today.days() {
        0 => "(i dag)".to_owned(),
        1 => "(i morgen)".to_owned(),
        n if n < 0 => format!("(for {} dage siden)", -n),
        n => format!("(om {n} dage)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{EVIL, check};

    #[test]
    fn grouped_by_month_with_calendar_link() {
        let e = |d: Date, kind: &str| Deadline {
            date: Some(d),
            kind: kind.into(),
            contract: Link::new(EVIL, "/dokumenter/d1"),
            forvaltning: "ØKF".into(),
            supplier: Some("Nordlys Drift A/S".into()),
            systems: vec![Link::new("Løn", "/systemer/SYS-1")],
            detail: Some("6 måneder".into()),
        };
        let v = DeadlinesView {
            today: Some(Date::new(2026, 12, 5)),
            days: 90,
            entries: vec![
                e(Date::new(2026, 12, 31), "notice_deadline"),
                e(Date::new(2027, 1, 31), "expiry"),
            ],
            calendar_url: Some("https://arkiv.kk.dk/api/v1/reports/deadlines.ics?feed=abc".into()),
        };
        let html = deadlines(&Chrome::anonymous(), &v).into_string();
        check(&html);
        for needle in [
            "december 2026",
            "januar 2027",
            "Sidste opsigelsesdag",
            "(om 26 dage)",
            "deadlines.ics?feed=abc",
            "<option value=\"90\" selected>",
            "Udløber",
        ] {
            assert!(html.contains(needle), "{needle}");
        }
        let empty = deadlines(
            &Chrome::anonymous(),
            &DeadlinesView {
                days: 30,
                ..Default::default()
            },
        )
        .into_string();
        check(&empty);
        assert!(empty.contains("Ingen frister de næste 30 dage."));
    }
}
