//! The server-rendered SVG bar chart (compliance), and what every chart shares (the timeline is in
//! `timeline`). Colours come from the stylesheet via classes; meaning is also carried by shape and by the
//! table or description that accompanies each chart, so nothing depends on colour alone.

use maud::{Markup, html};

use crate::format::thousands;

/// The drawing width of every chart (its viewBox; the stylesheet scales it to the page).
pub(crate) const WIDTH: f64 = 900.0;
const TOP: f64 = 22.0;

/// `s` cut to `n` characters with an ellipsis: labels inside a chart have a fixed room.
pub(crate) fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        s.chars().take(n - 1).collect::<String>() + "…"
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
