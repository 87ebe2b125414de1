//! Server-rendered SVG charts with text equivalents: the contract timeline (dossier) and a grouped bar chart
//! (compliance). Colours come from the stylesheet via classes; meaning is also carried by shape and by the
//! table or description that accompanies each chart, so nothing depends on colour alone.

use maud::{Markup, html};

use crate::format::{Date, thousands};

const WIDTH: f64 = 900.0;
const LABEL_W: f64 = 190.0;
const ROW_H: f64 = 30.0;
const TOP: f64 = 22.0;

/// One contract on the timeline.
#[derive(Clone, Debug, Default)]
pub struct TimelineRow {
    pub label: String,
    pub start: Option<Date>,
    /// Gyldig til; `None` with `ongoing` draws the bar to the right edge.
    pub end: Option<Date>,
    pub ongoing: bool,
    /// End of the period if every remaining option is used (drawn dashed after `end`).
    pub option_end: Option<Date>,
    pub irrevocable_until: Option<Date>,
    pub last_notice_day: Option<Date>,
    /// Tillæg: signing date and label (e.g. "Tillæg 2").
    pub marks: Vec<(Date, String)>,
    pub in_force: bool,
}

fn span(rows: &[TimelineRow], today: Date) -> (i64, i64) {
    let mut dates = vec![today];
    for r in rows {
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

/// The year of a day number (binary search over Jan 1sts is enough for chart axes).
fn date_year(days: i64) -> i32 {
    let mut y = 1970 + (days / 366) as i32 - 1;
    while Date::new(y + 1, 1, 1).days() <= days {
        y += 1;
    }
    y
}

fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        s.chars().take(n - 1).collect::<String>() + "…"
    }
}

/// The contract timeline. `id` prefixes the SVG's title and description ids.
pub fn timeline(
    id: &str,
    title: &str,
    description: &str,
    rows: &[TimelineRow],
    today: Date,
) -> Markup {
    let (lo, hi) = span(rows, today);
    let scale = (WIDTH - LABEL_W - 10.0) / ((hi - lo).max(1) as f64);
    let x = |d: &Date| LABEL_W + (d.days() - lo) as f64 * scale;
    let right = WIDTH - 10.0;
    let height = TOP + ROW_H * rows.len().max(1) as f64 + 8.0;
    let years: Vec<i32> = (date_year(lo)..=date_year(hi)).collect();
    let every = (years.len() / 8).max(1);
    html! {
        svg.chart viewBox=(format!("0 0 {WIDTH} {height}")) role="img"
            aria-labelledby=(format!("{id}-title {id}-desc")) {
            title id=(format!("{id}-title")) { (title) }
            desc id=(format!("{id}-desc")) { (description) }
            @for (i, y) in years.iter().enumerate() {
                @let gx = x(&Date::new(*y, 1, 1));
                line.grid x1=(gx) x2=(gx) y1=(TOP - 6.0) y2=(height) {}
                @if i % every == 0 && gx < right - 20.0 { text x=(gx + 2.0) y="12" { (y) } }
            }
            @for (i, r) in rows.iter().enumerate() {
                @let y = TOP + ROW_H * i as f64;
                text x="4" y=(y + 17.0) { (short(&r.label, 30)) }
                @if let Some(s) = &r.start {
                    @let x0 = x(s);
                    @let x1 = match (&r.end, r.ongoing) { (Some(e), _) => x(e), (None, _) => right };
                    rect.bar.off[!r.in_force] x=(x0) y=(y + 6.0) width=((x1 - x0).max(2.0)) height="14" {}
                    @if let (Some(e), Some(o)) = (&r.end, &r.option_end) {
                        rect.bar.option x=(x(e)) y=(y + 6.0) width=((x(o) - x(e)).max(0.0)) height="14" {}
                    }
                }
                @if let Some(d) = &r.irrevocable_until {
                    line.irrevocable x1=(x(d)) x2=(x(d)) y1=(y + 3.0) y2=(y + 23.0) {}
                }
                @if let Some(d) = &r.last_notice_day {
                    line.notice x1=(x(d)) x2=(x(d)) y1=(y + 1.0) y2=(y + 25.0) {}
                }
                @for (d, label) in &r.marks {
                    @let mx = x(d);
                    path.addendum d=(format!("M{mx} {} l6 7 l-6 7 l-6 -7 z", y + 6.0)) { title { (label) } }
                }
            }
            line.today x1=(x(&today)) x2=(x(&today)) y1=(TOP - 6.0) y2=(height) {}
        }
        ul.legend {
            li { span.swatch.bar {} "Gyldighedsperiode" }
            li { span.swatch.option {} "Optioner (stiplet)" }
            li { span.swatch.addendum {} "Tillæg (rombe)" }
            li { span.swatch.notice {} "Sidste opsigelsesdag (rød streg)" }
            li { span.swatch.today {} "I dag (stiplet grøn)" }
        }
    }
}

/// A group of bars, e.g. one forvaltning with a value per series.
#[derive(Clone, Debug, Default)]
pub struct BarGroup {
    pub label: String,
    pub values: Vec<u64>,
}

/// A horizontal grouped bar chart; `series` names the values of each group (at most two colours are styled,
/// the second with class `s44`).
pub fn bar_chart(id: &str, title: &str, series: &[&str], groups: &[BarGroup]) -> Markup {
    let max = groups
        .iter()
        .flat_map(|g| g.values.iter())
        .copied()
        .max()
        .unwrap_or(0)
        .max(1);
    let bar_h = 12.0;
    let group_h = bar_h * series.len().max(1) as f64 + 10.0;
    let height = TOP + group_h * groups.len().max(1) as f64;
    let label_w = 80.0;
    let scale = (WIDTH - label_w - 60.0) / max as f64;
    html! {
        svg.chart viewBox=(format!("0 0 {WIDTH} {height}")) role="img"
            aria-labelledby=(format!("{id}-title")) {
            title id=(format!("{id}-title")) { (title) " – tallene står i tabellen under diagrammet" }
            line.axis x1=(label_w) x2=(label_w) y1=(TOP - 6.0) y2=(height) {}
            @for (i, g) in groups.iter().enumerate() {
                @let y = TOP + group_h * i as f64;
                text x="4" y=(y + group_h / 2.0) { (short(&g.label, 12)) }
                @for (s, v) in g.values.iter().enumerate() {
                    @let w = *v as f64 * scale;
                    @let by = y + bar_h * s as f64;
                    rect.bar.s44[s % 2 == 1] x=(label_w) y=(by) width=(w.max(1.0)) height=(bar_h - 1.0) {}
                    text x=(label_w + w + 4.0) y=(by + bar_h - 2.0) { (thousands(*v)) }
                }
            }
        }
        ul.legend {
            @for (s, name) in series.iter().enumerate() {
                li { span.swatch.bar.s44[s % 2 == 1] {} (name) }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeline_places_bars_and_marks() {
        let rows = [TimelineRow {
            label: "Driftskontrakt <løn>".into(),
            start: Some(Date::new(2022, 1, 1)),
            end: Some(Date::new(2025, 12, 31)),
            option_end: Some(Date::new(2027, 12, 31)),
            last_notice_day: Some(Date::new(2025, 6, 30)),
            marks: vec![(Date::new(2023, 5, 1), "Tillæg 1".into())],
            in_force: true,
            ..Default::default()
        }];
        let svg = timeline(
            "t",
            "Kontrakter",
            "Beskrivelse",
            &rows,
            Date::new(2026, 12, 5),
        )
        .into_string();
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("Driftskontrakt &lt;løn&gt;"));
        assert!(svg.contains("class=\"addendum\""));
        assert!(svg.contains("class=\"bar option\""));
        assert!(svg.contains(">2022<"));
        assert!(!svg.contains("style="));
        assert_eq!(date_year(Date::new(2026, 12, 31).days()), 2026);
        assert_eq!(date_year(Date::new(1969, 12, 31).days()), 1969);
    }

    #[test]
    fn bars_scale_to_the_largest_value() {
        let groups = [BarGroup {
            label: "ØKF".into(),
            values: vec![4, 2],
        }];
        let svg = bar_chart("b", "Mangler", &["§5.1", "§4.4"], &groups).into_string();
        assert!(svg.contains("width=\"760\""));
        assert!(svg.contains("class=\"bar s44\""));
        assert!(svg.contains("§4.4"));
    }
}
