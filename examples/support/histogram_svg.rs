//! A small SVG writer for per-param histograms (no plotting dependency): one panel per param,
//! bars of the values, the normal density of the expected std as a curve, and the expected
//! `mean ± std` as dashed markers.

use std::fmt::Write;

/// Counts of values in `bins` equal bins over `[lo, hi]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Histogram {
    pub lo: f64,
    pub hi: f64,
    pub counts: Vec<u64>,
}

impl Histogram {
    /// The histogram of `values` (NaNs and infinities skipped) over `[min, max]`; a range of
    /// zero width (a constant param) is widened so the one bar has a place.
    pub fn of(values: impl Iterator<Item = f64>, min: f64, max: f64, bins: usize) -> Histogram {
        let bins = bins.max(1);
        let (lo, hi) = if min.is_finite() && max.is_finite() && min < max {
            (min, max)
        } else {
            let centre = if min.is_finite() { min } else { 0.0 };
            let half = (centre.abs() * 0.1).max(0.5);
            (centre - half, centre + half)
        };
        let mut counts = vec![0u64; bins];
        let width = (hi - lo) / bins as f64;
        for v in values.filter(|v| v.is_finite()) {
            let bin = (((v - lo) / width) as usize).min(bins - 1);
            counts[bin] += 1;
        }
        Histogram { lo, hi, counts }
    }

    fn total(&self) -> u64 {
        self.counts.iter().sum()
    }
}

/// One panel: a param's histogram and what its initializer is expected to give.
#[derive(Clone, Debug)]
pub struct Panel {
    /// The param's path (`dense1/kernel`).
    pub title: String,
    /// A second line: the initializer, say.
    pub subtitle: String,
    pub histogram: Histogram,
    /// The sample mean, where the expected curve is centred.
    pub mean: f64,
    /// The initializer's expected std; `None`: no curve.
    pub expected_std: Option<f64>,
}

const PANEL_WIDTH: f64 = 320.0;
const PANEL_HEIGHT: f64 = 200.0;
const COLUMNS: usize = 3;
/// Plot area inside a panel: left, top, right, bottom margins.
const MARGIN: [f64; 4] = [10.0, 42.0, 10.0, 22.0];

/// `&`, `<`, `>`, `"` escaped for SVG text and attributes.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A coordinate with two decimals (finite by construction: callers pass finite numbers).
fn c(v: f64) -> String {
    format!("{:.2}", if v.is_finite() { v } else { 0.0 })
}

/// The SVG document of `panels`, laid out `COLUMNS` to a row.
pub fn histograms_svg(panels: &[Panel]) -> String {
    let rows = panels.len().div_ceil(COLUMNS).max(1);
    let (width, height) = (PANEL_WIDTH * COLUMNS as f64, PANEL_HEIGHT * rows as f64);
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif" font-size="11">"#,
        w = c(width),
        h = c(height)
    );
    let _ = writeln!(
        out,
        r#"<rect x="0" y="0" width="{}" height="{}" fill="white"/>"#,
        c(width),
        c(height)
    );
    for (i, panel) in panels.iter().enumerate() {
        let x = PANEL_WIDTH * (i % COLUMNS) as f64;
        let y = PANEL_HEIGHT * (i / COLUMNS) as f64;
        write_panel(&mut out, panel, x, y);
    }
    out.push_str("</svg>\n");
    out
}

fn write_panel(out: &mut String, panel: &Panel, x: f64, y: f64) {
    let [left, top, right, bottom] = MARGIN;
    let (plot_x, plot_y) = (x + left, y + top);
    let plot_w = PANEL_WIDTH - left - right;
    let plot_h = PANEL_HEIGHT - top - bottom;
    let h = &panel.histogram;
    let bins = h.counts.len();
    let bin_width = (h.hi - h.lo) / bins as f64;
    let total = h.total() as f64;
    // The expected density, in counts per bin, at `v`.
    let expected = |v: f64| -> Option<f64> {
        let s = panel.expected_std.filter(|s| *s > 0.0 && s.is_finite())?;
        let z = (v - panel.mean) / s;
        Some(total * bin_width * (-0.5 * z * z).exp() / (s * (2.0 * std::f64::consts::PI).sqrt()))
    };
    let peak_curve = expected(panel.mean).unwrap_or(0.0);
    let peak = (*h.counts.iter().max().unwrap_or(&0) as f64)
        .max(peak_curve)
        .max(1.0);
    let to_x = |v: f64| plot_x + (v - h.lo) / (h.hi - h.lo) * plot_w;
    let to_y = |count: f64| plot_y + plot_h - count / peak * plot_h;

    let _ = writeln!(out, r#"<g class="panel">"#);
    let _ = writeln!(out, r#"<title>{}</title>"#, escape(&panel.title));
    let _ = writeln!(
        out,
        r#"<text x="{}" y="{}" font-weight="bold">{}</text>"#,
        c(x + left),
        c(y + 15.0),
        escape(&panel.title)
    );
    let _ = writeln!(
        out,
        r##"<text x="{}" y="{}" fill="#555">{}</text>"##,
        c(x + left),
        c(y + 30.0),
        escape(&panel.subtitle)
    );
    let _ = writeln!(
        out,
        r##"<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#999"/>"##,
        c(plot_x),
        c(plot_y),
        c(plot_w),
        c(plot_h)
    );
    for (i, &count) in h.counts.iter().enumerate() {
        if count == 0 {
            continue;
        }
        let x0 = to_x(h.lo + i as f64 * bin_width);
        let top = to_y(count as f64);
        let _ = writeln!(
            out,
            r##"<rect x="{}" y="{}" width="{}" height="{}" fill="#4c78a8"/>"##,
            c(x0),
            c(top),
            c(plot_w / bins as f64),
            c(plot_y + plot_h - top)
        );
    }
    if panel.expected_std.is_some_and(|s| s > 0.0 && s.is_finite()) {
        let steps = 120;
        let points: Vec<String> = (0..=steps)
            .map(|k| {
                let v = h.lo + (h.hi - h.lo) * k as f64 / steps as f64;
                format!("{},{}", c(to_x(v)), c(to_y(expected(v).unwrap_or(0.0))))
            })
            .collect();
        let _ = writeln!(
            out,
            r##"<polyline points="{}" fill="none" stroke="#e45756" stroke-width="1.5"/>"##,
            points.join(" ")
        );
        let s = panel.expected_std.unwrap_or(0.0);
        for v in [panel.mean - s, panel.mean + s] {
            if v >= h.lo && v <= h.hi {
                let _ = writeln!(
                    out,
                    r##"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="#e45756" stroke-dasharray="4 3"/>"##,
                    c(plot_y),
                    c(plot_y + plot_h),
                    x = c(to_x(v))
                );
            }
        }
    }
    let _ = writeln!(
        out,
        r##"<text x="{}" y="{}" fill="#555">{}</text>"##,
        c(plot_x),
        c(plot_y + plot_h + 15.0),
        escape(&format!("{:.3e}", h.lo))
    );
    let _ = writeln!(
        out,
        r##"<text x="{}" y="{}" fill="#555" text-anchor="end">{}</text>"##,
        c(plot_x + plot_w),
        c(plot_y + plot_h + 15.0),
        escape(&format!("{:.3e}", h.hi))
    );
    let _ = writeln!(out, "</g>");
}
