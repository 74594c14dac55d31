//! [`Summary`]: a table of a model's params, like Flax's `Module.tabulate`.

use std::fmt;

use super::ParamPlan;
use crate::ElementType;

/// One row of a [`Summary`].
#[derive(Clone, Debug, PartialEq)]
pub struct SummaryRow {
    /// Flax path (`dense1/kernel`; `batch_stats/bn/mean` for a variable of another
    /// collection).
    pub path: String,
    /// Flax's collection: `params`, or that of a `#[variable("...")]` field.
    pub collection: String,
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
                    collection: p.collection().to_string(),
                    shape: p.shape.clone(),
                    dtype: p.dtype,
                    init: p.init.clone(),
                    count: p.len(),
                    bytes: p.nbytes(),
                })
                .collect(),
        }
    }

    /// The number of elements in all, every collection included.
    pub fn total_count(&self) -> usize {
        self.rows.iter().map(|r| r.count).sum()
    }

    /// The collections of the rows, in order of first appearance (`params` first when the
    /// model has params).
    ///
    /// ```
    /// use fanin::Params;
    /// use fanin::ndarray::Array1;
    ///
    /// #[derive(Params)]
    /// struct Norm {
    ///     #[shape(3)] #[init(ones)] scale: Array1<f32>,
    ///     #[variable("batch_stats")] #[shape(3)] #[init(zeros)] mean: Array1<f32>,
    /// }
    ///
    /// let summary = Norm::summary(&())?;
    /// assert_eq!(summary.collections(), ["params", "batch_stats"]);
    /// assert_eq!(summary.count_in("params"), 3);
    /// assert_eq!(summary.bytes_in("batch_stats"), 12);
    /// println!("{summary}");
    /// // path              shape  dtype    initializer  count  bytes
    /// // ----------------  -----  -------  -----------  -----  -----
    /// // scale             (3,)   float32  ones             3   12 B
    /// // batch_stats/mean  (3,)   float32  zeros            3   12 B
    /// // ----------------  -----  -------  -----------  -----  -----
    /// // Total params                                       3   12 B
    /// // Total batch_stats                                  3   12 B
    /// # Ok::<(), fanin::Error>(())
    /// ```
    pub fn collections(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for row in &self.rows {
            if !out.contains(&row.collection.as_str()) {
                out.push(&row.collection);
            }
        }
        out
    }

    /// The number of elements of the collection `collection` (`params`: the param count).
    pub fn count_in(&self, collection: &str) -> usize {
        self.rows
            .iter()
            .filter(|r| r.collection == collection)
            .map(|r| r.count)
            .sum()
    }

    /// The number of bytes of the collection `collection`.
    pub fn bytes_in(&self, collection: &str) -> usize {
        self.rows
            .iter()
            .filter(|r| r.collection == collection)
            .map(|r| r.bytes)
            .sum()
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

/// A statistic as the statistics table prints it: 4 significant digits, in scientific
/// notation outside `[1e-3, 1e4)`, `0` for zero.
pub(crate) fn number(v: f64) -> String {
    let magnitude = v.abs();
    if v == 0.0 {
        "0".to_string()
    } else if !v.is_finite() || (1e-3..1e4).contains(&magnitude) {
        let decimals = (3 - magnitude.log10().floor() as i32).max(0) as usize;
        if v.is_finite() {
            format!("{v:.decimals$}")
        } else {
            v.to_string()
        }
    } else {
        format!("{v:.3e}")
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_table(f, self, &[], &[])
    }
}

/// Writes the table of `summary`, with the columns `extra_header` added after `bytes`
/// (`extra[i]`: the cells of row `i`; numbers, so right-aligned).
pub(crate) fn write_table(
    f: &mut fmt::Formatter<'_>,
    summary: &Summary,
    extra_header: &[&str],
    extra: &[Vec<String>],
) -> fmt::Result {
    let mut header: Vec<String> = ["path", "shape", "dtype", "initializer", "count", "bytes"]
        .iter()
        .chain(extra_header)
        .map(|s| s.to_string())
        .collect();
    let mut cells: Vec<Vec<String>> = summary
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut row = vec![
                r.path.clone(),
                tuple(&r.shape),
                r.dtype.name().to_string(),
                r.init.clone(),
                grouped(r.count),
                human(r.bytes),
            ];
            row.extend(extra.get(i).into_iter().flatten().cloned());
            row.resize(header.len(), String::new());
            row
        })
        .collect();
    let total = |label: String, count: usize, bytes: usize| {
        let mut row = vec![
            label,
            String::new(),
            String::new(),
            String::new(),
            grouped(count),
            human(bytes),
        ];
        row.resize(header.len(), String::new());
        row
    };
    // One total, or one per collection when there are variables of other collections.
    let collections = summary.collections();
    let totals: Vec<Vec<String>> = if collections.iter().all(|c| *c == "params") {
        vec![total(
            "Total".to_string(),
            summary.total_count(),
            summary.total_bytes(),
        )]
    } else {
        collections
            .iter()
            .map(|c| {
                total(
                    format!("Total {c}"),
                    summary.count_in(c),
                    summary.bytes_in(c),
                )
            })
            .collect()
    };
    let mut widths: Vec<usize> = header.iter().map(|h| h.len()).collect();
    for row in cells.iter().chain(&totals) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let rule = |f: &mut fmt::Formatter<'_>| -> fmt::Result {
        let parts: Vec<String> = widths.iter().map(|&w| "-".repeat(w)).collect();
        writeln!(f, "{}", parts.join("  "))
    };
    let line = |f: &mut fmt::Formatter<'_>, row: &[String]| -> fmt::Result {
        let mut parts = Vec::with_capacity(row.len());
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
    line(f, &std::mem::take(&mut header))?;
    rule(f)?;
    for row in cells.drain(..) {
        line(f, &row)?;
    }
    rule(f)?;
    for row in &totals {
        line(f, row)?;
    }
    Ok(())
}
