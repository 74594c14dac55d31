//! [`Summary`]: a table of a model's params, like Flax's `Module.tabulate`.

use std::fmt;

use super::ParamPlan;
use crate::ElementType;

/// One row of a [`Summary`].
#[derive(Clone, Debug, PartialEq)]
pub struct SummaryRow {
    /// Flax path (`dense1/kernel`).
    pub path: String,
    /// Shape.
    pub shape: Vec<usize>,
    /// Element type.
    pub dtype: ElementType,
    /// Initializer, described.
    pub init: String,
    /// Number of elements.
    pub count: usize,
    /// Number of bytes.
    pub bytes: usize,
}

/// The params of a model: path | shape | dtype | initializer | count | bytes, with totals.
/// Made from the plan, so it allocates no param. `Display` prints the table.
///
/// ```
/// use fanin::Params;
/// use fanin::ndarray::{Array1, Array2};
///
/// #[derive(Params)]
/// #[init(kernel = lecun_normal(), bias = zeros_init())]
/// struct Dense {
///     #[shape(4, 5)]
///     kernel: Array2<f32>,
///     #[shape(5)]
///     bias: Array1<f32>,
/// }
///
/// let summary = Dense::summary(&())?;
/// assert_eq!((summary.total_count(), summary.total_bytes()), (25, 100));
/// println!("{summary}");
/// // path    shape   dtype    initializer     count  bytes
/// // ------  ------  -------  --------------  -----  -----
/// // kernel  (4, 5)  float32  lecun_normal()     20   80 B
/// // bias    (5,)    float32  zeros              5   20 B
/// // ...
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// The rows, in declaration order.
    pub rows: Vec<SummaryRow>,
}

impl Summary {
    /// The summary of a plan.
    pub fn from_plan(plan: &[ParamPlan]) -> Summary {
        Summary {
            rows: plan
                .iter()
                .map(|p| SummaryRow {
                    path: p.path.to_string(),
                    shape: p.shape.clone(),
                    dtype: p.dtype,
                    init: p.init.clone(),
                    count: p.len(),
                    bytes: p.nbytes(),
                })
                .collect(),
        }
    }

    /// The number of params (elements) in all.
    pub fn total_count(&self) -> usize {
        self.rows.iter().map(|r| r.count).sum()
    }

    /// The number of bytes in all.
    pub fn total_bytes(&self) -> usize {
        self.rows.iter().map(|r| r.bytes).sum()
    }
}

/// A shape as Python prints a tuple: `(4, 5)`, `(5,)`, `()`.
fn tuple(shape: &[usize]) -> String {
    match shape {
        [one] => format!("({one},)"),
        _ => format!(
            "({})",
            shape
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// `1234` -> `1,234`.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Bytes as Flax prints them: `80 B`, `1.5 KB`, `497.8 MB`.
fn human(bytes: usize) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let header = ["path", "shape", "dtype", "initializer", "count", "bytes"];
        let mut cells: Vec<[String; 6]> = self
            .rows
            .iter()
            .map(|r| {
                [
                    r.path.clone(),
                    tuple(&r.shape),
                    r.dtype.name().to_string(),
                    r.init.clone(),
                    grouped(r.count),
                    human(r.bytes),
                ]
            })
            .collect();
        let total = [
            "Total".to_string(),
            String::new(),
            String::new(),
            String::new(),
            grouped(self.total_count()),
            human(self.total_bytes()),
        ];
        let mut widths = header.map(str::len);
        for row in cells.iter().chain(std::iter::once(&total)) {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let rule = |f: &mut fmt::Formatter<'_>| -> fmt::Result {
            let parts: Vec<String> = widths.iter().map(|&w| "-".repeat(w)).collect();
            writeln!(f, "{}", parts.join("  "))
        };
        let line = |f: &mut fmt::Formatter<'_>, row: &[String]| -> fmt::Result {
            let mut parts = Vec::with_capacity(6);
            for (i, (cell, &w)) in row.iter().zip(&widths).enumerate() {
                // Numbers right-aligned, text left-aligned.
                if i >= 4 {
                    parts.push(format!("{cell:>w$}"));
                } else {
                    parts.push(format!("{cell:<w$}"));
                }
            }
            writeln!(f, "{}", parts.join("  ").trim_end())
        };
        line(f, &header.map(String::from))?;
        rule(f)?;
        for row in cells.drain(..) {
            line(f, &row)?;
        }
        rule(f)?;
        line(f, &total)
    }
}
