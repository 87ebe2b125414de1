//! The timeline in server-rendered SVG, shared by the dossier (contract families over their whole life) and
//! Frister (the deadlines of the coming days): one row per contract with its validity bar, options (dashed),
//! marks (tillæg, or option and revision deadlines), the irrevocability end and the last notice day, and a
//! line for today. Shapes and a legend carry the meaning besides colour; each page puts a table or list
//! beside it as the text equivalent.

use maud::{Markup, html};

use crate::chart::{WIDTH, short};
use crate::format::Date;

const LABEL_W: f64 = 190.0;
const ROW_H: f64 = 30.0;
const TOP: f64 = 22.0;
const SHORT_MONTHS: [&str; 12] = [
    "jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec.",
];

/// One contract on the timeline.
#[derive(Clone, Debug, Default)]
pub struct TimelineRow {
    pub label: String,
    /// Gyldig fra; `None` with an `end` draws the bar from the left edge (it runs already).
    pub start: Option<Date>,
    /// Gyldig til; `None` with `ongoing` draws the bar to the right edge.
    pub end: Option<Date>,
    pub ongoing: bool,
    /// End of the period if every remaining option is used (drawn dashed after `end`).
    pub option_end: Option<Date>,
    pub irrevocable_until: Option<Date>,
    pub last_notice_day: Option<Date>,
    /// Diamonds with their label, e.g. a tillæg's signing ("Tillæg 2") or a deadline ("Frist for option").
    pub marks: Vec<(Date, String)>,
    pub in_force: bool,
}

/// A timeline: its rows and how to read them.
#[derive(Clone, Debug)]
pub struct Timeline<'a> {
    /// Prefix of the SVG's title and description ids.
    pub id: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub rows: &'a [TimelineRow],
    pub today: Date,
    /// The axis from–to; `None` spans every date of the rows, in whole years.
    pub window: Option<(Date, Date)>,
    /// What the diamonds are, for the legend (e.g. "Tillæg").
    pub marks: &'a str,
}

fn span(t: &Timeline) -> (i64, i64) {
    if let Some((from, to)) = t.window {
        return (from.days(), to.days().max(from.days() + 1));
    }
    let mut dates = vec![t.today];
    for r in t.rows {
        dates.extend(
            r.start
                .iter()
                .chain(&r.end)
                .chain(&r.option_end)
                .chain(&r.last_notice_day),
        );
        dates.extend(r.marks.iter().map(|(d, _)| *d));
    }
    let lo = dates.iter().map(Date::days).min().unwrap_or(0);
    let hi = dates.iter().map(Date::days).max().unwrap_or(0);
    // Round out to whole years so the axis ticks sit at the edges.
    let lo = Date::new(date_year(lo), 1, 1).days();
    let hi = Date::new(date_year(hi) + 1, 1, 1).days();
    (lo, hi)
}

/// The year of a day number (a walk over Jan 1sts is enough for chart axes).
fn date_year(days: i64) -> i32 {
    let mut y = 1970 + (days / 366) as i32 - 1;
    while Date::new(y + 1, 1, 1).days() <= days {
        y += 1;
    }
    y
}

/// The ticks of the axis: each year, or each month when the axis spans two years or less.
fn ticks(lo: i64, hi: i64) -> Vec<(i64, String)> {
    let (first, last) = (date_year(lo), date_year(hi));
    let mut out = Vec::new();
    if hi - lo > 731 {
        let every = ((last - first) as usize / 8).max(1);
        for (i, y) in (first..=last).enumerate() {
            let d = Date::new(y, 1, 1).days();
            if (lo..=hi).contains(&d) {
                out.push((
                    d,
                    if i % every == 0 {
                        y.to_string()
                    } else {
                        String::new()
                    },
                ));
            }
        }
        return out;
    }
    for y in first..=last {
        for m in 1..=12 {
            let d = Date::new(y, m, 1).days();
            if (lo..=hi).contains(&d) {
                let name = SHORT_MONTHS[m as usize - 1];
                out.push((
                    d,
                    if m == 1 {
                        format!("{name} {y}")
                    } else {
                        name.to_string()
                    },
                ));
            }
        }
    }
    out
}

/// The timeline with its legend (only the symbols it uses).
pub fn timeline(t: &Timeline) -> Markup {
    let (lo, hi) = span(t);
    let right = WIDTH - 10.0;
    let scale = (right - LABEL_W) / ((hi - lo).max(1) as f64);
    let x = |d: &Date| (LABEL_W + (d.days() - lo) as f64 * scale).clamp(LABEL_W, right);
    let inside = |d: &Date| (lo..=hi).contains(&d.days());
    let height = TOP + ROW_H * t.rows.len().max(1) as f64 + 8.0;
    let any = |f: &dyn Fn(&TimelineRow) -> bool| t.rows.iter().any(f);
    let id = t.id;
    html! {
        svg.chart viewBox=(format!("0 0 {WIDTH} {height}")) role="img"
            aria-labelledby=(format!("{id}-title {id}-desc")) {
            title id=(format!("{id}-title")) { (t.title) }
            desc id=(format!("{id}-desc")) { (t.description) }
            @for (d, label) in ticks(lo, hi) {
                @let gx = LABEL_W + (d - lo) as f64 * scale;
                line.grid x1=(gx) x2=(gx) y1=(TOP - 6.0) y2=(height) {}
                @if !label.is_empty() && gx < right - 30.0 { text x=(gx + 2.0) y="12" { (label) } }
            }
            @for (i, r) in t.rows.iter().enumerate() {
                @let y = TOP + ROW_H * i as f64;
                text x="4" y=(y + 17.0) { (short(&r.label, 30)) }
                @if r.start.is_some() || r.end.is_some() {
                    @let x0 = r.start.as_ref().map_or(LABEL_W, x);
                    @let x1 = r.end.as_ref().map_or(right, x);
                    rect.bar.off[!r.in_force] x=(x0) y=(y + 6.0) width=((x1 - x0).max(2.0)) height="14" {}
                    @if let (Some(e), Some(o)) = (&r.end, &r.option_end) {
                        rect.bar.option x=(x(e)) y=(y + 6.0) width=((x(o) - x(e)).max(0.0)) height="14" {}
                    }
                }
                @if let Some(d) = r.irrevocable_until.as_ref().filter(|d| inside(d)) {
                    line.irrevocable x1=(x(d)) x2=(x(d)) y1=(y + 3.0) y2=(y + 23.0) {}
                }
                @if let Some(d) = r.last_notice_day.as_ref().filter(|d| inside(d)) {
                    line.notice x1=(x(d)) x2=(x(d)) y1=(y + 1.0) y2=(y + 25.0) {}
                }
                @for (d, label) in r.marks.iter().filter(|(d, _)| inside(d)) {
                    @let mx = x(d);
                    path.addendum d=(format!("M{mx} {} l6 7 l-6 7 l-6 -7 z", y + 6.0)) { title { (label) } }
                }
            }
            @if inside(&t.today) {
                line.today x1=(x(&t.today)) x2=(x(&t.today)) y1=(TOP - 6.0) y2=(height) {}
            }
        }
        ul.legend {
            @if any(&|r| r.start.is_some() || r.end.is_some()) { li { span.swatch.bar {} "Gyldighedsperiode" } }
            @if any(&|r| r.option_end.is_some()) { li { span.swatch.option {} "Optioner (stiplet)" } }
            @if any(&|r| !r.marks.is_empty()) { li { span.swatch.addendum {} (t.marks) " (rombe)" } }
            @if any(&|r| r.irrevocable_until.is_some()) { li { span.swatch.irrevocable {} "Uopsigelig til (sort streg)" } }
            @if any(&|r| r.last_notice_day.is_some()) { li { span.swatch.notice {} "Sidste opsigelsesdag (rød streg)" } }
            li { span.swatch.today {} "I dag (stiplet grøn)" }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> TimelineRow {
        TimelineRow {
            label: "Driftskontrakt <løn>".into(),
            start: Some(Date::new(2022, 1, 1)),
            end: Some(Date::new(2025, 12, 31)),
            option_end: Some(Date::new(2027, 12, 31)),
            last_notice_day: Some(Date::new(2025, 6, 30)),
            marks: vec![(Date::new(2023, 5, 1), "Tillæg 1".into())],
            in_force: true,
            ..Default::default()
        }
    }

    fn chart(rows: &[TimelineRow], window: Option<(Date, Date)>) -> String {
        timeline(&Timeline {
            id: "t",
            title: "Kontrakter",
            description: "Beskrivelse",
            rows,
            today: Date::new(2026, 12, 5),
            window,
            marks: "Tillæg",
        })
        .into_string()
    }

    #[test]
    fn places_bars_marks_and_year_ticks() {
        let svg = chart(&[row()], None);
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("Driftskontrakt &lt;løn&gt;"));
        assert!(svg.contains("class=\"addendum\""));
        assert!(svg.contains("class=\"bar option\""));
        assert!(svg.contains("class=\"notice\""));
        assert!(svg.contains(">2022<"));
        assert!(svg.contains("Tillæg (rombe)"));
        assert!(!svg.contains("Uopsigelig til"), "only the symbols used");
        assert!(!svg.contains("style="));
        assert_eq!(date_year(Date::new(2026, 12, 31).days()), 2026);
        assert_eq!(date_year(Date::new(1969, 12, 31).days()), 1969);
    }

    #[test]
    fn a_window_shows_months_and_leaves_out_what_falls_outside() {
        let window = (Date::new(2025, 1, 1), Date::new(2025, 7, 1));
        let svg = chart(&[row()], Some(window));
        assert!(
            svg.contains(">jan. 2025<") && svg.contains(">jun.<"),
            "{svg}"
        );
        assert!(!svg.contains(">2022<"));
        // The tillæg of 2023 and today (2026) lie outside; the notice day inside.
        assert!(!svg.contains("<path"));
        assert!(!svg.contains("class=\"today\""));
        assert!(svg.contains("class=\"notice\""), "{svg}");
        // A bar that runs already starts at the left edge.
        let running = TimelineRow {
            start: None,
            ..row()
        };
        assert!(chart(&[running], Some(window)).contains("<rect class=\"bar\" x=\"190\""));
    }
}
