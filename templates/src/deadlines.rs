//! Frister (`/frister`): notice deadlines and expiries in the coming days, drawn as an SVG timeline (one row
//! per contract) and listed by month, with the calendar subscription. The list is the timeline's text
//! equivalent: it reads in order with a screen reader and reflows at 400 % zoom.

use maud::{Markup, html};

use crate::format::Date;
use crate::forms::csrf;
use crate::layout::{Head, Nav, page};
use crate::timeline::{Timeline, TimelineRow, timeline};
use crate::view::{Chrome, Link, date};

/// The deadlines page.
#[derive(Clone, Debug, Default)]
pub struct DeadlinesView {
    pub today: Option<Date>,
    /// The horizon in days (`?days=`).
    pub days: u32,
    /// Sorted by date.
    pub entries: Vec<Deadline>,
    /// The user's secret iCal feed URL (absolute), for Outlook: shown once, right after it was made.
    pub calendar_url: Option<String>,
    /// The same deadlines as an iCal file, with the session (`/api/v1/reports/deadlines.ics?days=…`).
    pub ics_url: Option<String>,
    /// The form that makes (or replaces) and the one that closes the personal feed URL: where it posts
    /// and the session's CSRF token. `None` for a user who may not subscribe.
    pub calendar_form: Option<(String, String)>,
    /// After the feed URL was closed.
    pub calendar_closed: bool,
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

/// What a deadline of `kind` means, in Danish.
fn kind_detail(kind: &str) -> &str {
    match kind {
        "notice" | "notice_deadline" => {
            "Sidste dag at opsige kontrakten, hvis den skal ophøre så tidligt som muligt."
        }
        "expiry" => "Kontrakten ophører denne dag, medmindre den forlænges, f.eks. ved en option.",
        "irrevocable_end" => "Herefter kan kontrakten opsiges.",
        "option" => "Sidste dag at udnytte en option.",
        "revision" | "revision_due" => "Den systemtekniske dokumentation skal revideres (§4.4).",
        _ => "",
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
                        @for d in horizons(v.days) { option value=(d) selected[d == v.days] { (d) " dage" } }
                    }
                }
                button type="submit" { "Vis" }
            }
            (calendar(v))
            @if v.entries.is_empty() {
                p { "Ingen frister de næste " (v.days) " dage." }
            } @else {
                p.meta { (v.entries.len()) " frister de næste " (v.days) " dage." }
                @if let Some(today) = v.today {
                    figure {
                        figcaption { "Fristerne på en tidslinje" }
                        (timeline(&Timeline {
                            id: "frister-tidslinje",
                            title: &format!("Frister de næste {} dage, én række pr. kontrakt", v.days),
                            description: &chart_description(v),
                            rows: &rows(&v.entries),
                            today,
                            window: Some((today, today.add_days(i64::from(v.days)))),
                            marks: "Frist for option eller revision",
                        }))
                    }
                }
                h2 { "Alle frister" }
                ol.plain.timeline {
                    @for (month, list) in &months {
                        li {
                            h3 { (month) }
                            ul.plain { @for e in list { li.hit {
                                strong { @if let Some(d) = &e.date { (date(d)) } } " · " (kind_text(&e.kind))
                                @if let (Some(d), Some(t)) = (&e.date, &v.today) { " " span.meta { (left(t, d)) } }
                                br;
                                a href=(e.contract.url) { (e.contract.label) } " · " (e.forvaltning)
                                @if let Some(s) = &e.supplier { " · " (s) }
                                @if let Some(d) = &e.detail { br; span.meta { (d) } }
                                @else if !kind_detail(&e.kind).is_empty() { br; span.meta { (kind_detail(&e.kind)) } }
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

/// The choices of the horizon, with the one asked for (`?days=3650`) among them.
fn horizons(days: u32) -> Vec<u32> {
    let mut all = HORIZONS.to_vec();
    if !all.contains(&days) && days > 0 {
        all.push(days);
        all.sort_unstable();
    }
    all
}

/// Rows shown on the timeline at most; the list below it has them all.
const MAX_ROWS: usize = 25;

/// One row per contract, in the order of its first deadline.
fn rows(entries: &[Deadline]) -> Vec<TimelineRow> {
    let mut rows: Vec<(String, TimelineRow)> = Vec::new();
    for e in entries {
        let Some(d) = e.date else { continue };
        let at = match rows.iter().position(|(url, _)| *url == e.contract.url) {
            Some(at) => at,
            None if rows.len() < MAX_ROWS => {
                let row = TimelineRow {
                    label: e.contract.label.clone(),
                    in_force: true,
                    ..Default::default()
                };
                rows.push((e.contract.url.clone(), row));
                rows.len() - 1
            }
            None => continue,
        };
        let r = &mut rows[at].1;
        let slot = match e.kind.as_str() {
            "notice" | "notice_deadline" => &mut r.last_notice_day,
            "expiry" => &mut r.end,
            "irrevocable_end" => &mut r.irrevocable_until,
            _ => {
                r.marks.push((d, kind_text(&e.kind).to_owned()));
                continue;
            }
        };
        match slot {
            None => *slot = Some(d),
            Some(_) => r.marks.push((d, kind_text(&e.kind).to_owned())),
        }
    }
    rows.into_iter().map(|(_, r)| r).collect()
}

fn chart_description(v: &DeadlinesView) -> String {
    let contracts = rows(&v.entries).len();
    let mut text = format!(
        "Tidslinjen går fra i dag og {} dage frem. Hver række er en kontrakt: en bjælke til den udløber, en rød \
         streg på sidste opsigelsesdag og en rombe for en frist for option eller revision.",
        v.days
    );
    if contracts >= MAX_ROWS {
        text.push_str(&format!(" Kun de første {MAX_ROWS} kontrakter er tegnet."));
    }
    text.push_str(" Alle frister står i listen under tidslinjen.");
    text
}

/// The calendar: the deadlines as a file, and a personal address that Outlook can subscribe to.
fn calendar(v: &DeadlinesView) -> Markup {
    html! {
        section.notice aria-labelledby="kalender" {
            h2 #kalender { "Kalender" }
            @if let Some(url) = &v.ics_url {
                p { a href=(url) download { "Hent fristerne som kalenderfil (iCal)" } }
            }
            @if let Some(url) = &v.calendar_url {
                p role="status" { strong { "Din personlige kalenderadresse er lavet." }
                    " Kopiér den nu – den vises kun denne ene gang." }
                div.field {
                    label for="ical-url" { "Kalenderadresse til Outlook" }
                    input #ical-url type="text" readonly value=(url);
                }
                p.meta { "Adressen er personlig – del den ikke. Indsæt den i Outlook under "
                    "»Tilføj kalender« → »Fra internettet«. Den viser de frister, du selv må se." }
            }
            @if v.calendar_closed {
                p role="status" { "Din personlige kalenderadresse er lukket. Kalendere, der bruger den, får ikke flere frister." }
            }
            @if let Some((action, token)) = &v.calendar_form {
                @if v.calendar_url.is_none() {
                    p.meta { "Vil du have fristerne i Outlook, så laver du en personlig adresse at abonnere på. "
                        "En ny adresse afløser den gamle." }
                }
                form.inline-form method="post" action=(action) {
                    (csrf(token))
                    button type="submit" name="handling" value="ny" { "Lav ny kalenderadresse" }
                    " "
                    button.secondary type="submit" name="handling" value="luk" { "Luk kalenderadressen" }
                }
            }
        }
    }
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
            ics_url: Some("/api/v1/reports/deadlines.ics?days=90".into()),
            calendar_form: Some(("/frister/kalender".into(), "tok".into())),
            calendar_closed: false,
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
            "<svg",
            "Frister de næste 90 dage",
            "Alle frister står i listen",
            "<line class=\"notice\"",
            "<rect class=\"bar\"",
            "action=\"/frister/kalender\"",
            "name=\"csrf_token\" value=\"tok\"",
            "kun denne ene gang",
            "deadlines.ics?days=90",
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
        // Both deadlines are of one contract: one row, its expiry the end of the bar.
        assert_eq!(html.matches("<rect class=\"bar\"").count(), 1);
        assert!(empty.contains("Ingen frister de næste 30 dage."));
        let long = deadlines(
            &Chrome::anonymous(),
            &DeadlinesView {
                days: 3650,
                ..Default::default()
            },
        )
        .into_string();
        assert!(
            long.contains("<option value=\"3650\" selected>"),
            "the horizon asked for is chosen"
        );
        assert!(!empty.contains("<svg"));
        assert!(
            !empty.contains("<form method=\"post\""),
            "no calendar form without one"
        );
    }
}
