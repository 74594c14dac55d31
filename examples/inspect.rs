//! A look at the numbers of a fresh init: the summary with each param's mean, std, min and
//! max beside the std its initializer is expected to give, and an SVG of per-param
//! histograms with the expected normal curve.
//!
//!     cargo run --release --example inspect -- [out.svg]
//!
//! Without a path the SVG goes to the system's temp directory (`fanin-inspect.svg`).

#[path = "support/histogram_svg.rs"]
mod histogram_svg;

use fanin::ndarray::{Array1, Array2, Array4};
use fanin::params::{Moments, ParamView};
use fanin::{Key, Params};
use histogram_svg::{histograms_svg, Histogram, Panel};

/// A small convnet-and-MLP mix with one param per initializer family.
#[derive(Params)]
struct Conv {
    #[shape(3, 3, 16, 32)]
    #[init(he_normal())]
    kernel: Array4<f32>,
    #[shape(32)]
    #[init(zeros)]
    bias: Array1<f32>,
}

#[derive(Params)]
struct Inspected {
    #[module]
    conv: Conv,
    #[shape(512, 128)]
    #[init(normal().stddev(0.02))]
    embedding: Array2<f32>,
    #[shape(128, 256)]
    #[init(lecun_normal())]
    dense_kernel: Array2<f32>,
    #[shape(256, 64)]
    #[init(glorot_uniform())]
    out_kernel: Array2<f32>,
    #[shape(64, 64)]
    #[init(orthogonal())]
    recurrent: Array2<f32>,
    #[shape(64)]
    #[init(uniform().scale(0.5))]
    gate: Array1<f32>,
    #[shape(64)]
    #[init(ones)]
    scale: Array1<f32>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("fanin-inspect.svg"));

    let model = Inspected::init(Key::new(0), &())?;
    let stats = model.statistics(&())?;
    println!("{stats}");

    // One panel per param, in the summary's order.
    let mut views: Vec<ParamView<'_>> = Vec::new();
    model.walk(&mut |p| views.push(p.view));
    let mut panels = Vec::new();
    for ((view, row), param) in views.iter().zip(&stats.summary.rows).zip(&stats.params) {
        let moments = param.values.or_else(|| Moments::of_view(view));
        let (min, max, mean) = moments.map_or((0.0, 0.0, 0.0), |m| (m.min, m.max, m.mean));
        panels.push(Panel {
            title: param.path.clone(),
            subtitle: row.init.clone(),
            histogram: Histogram::of(values(view).into_iter(), min, max, 40),
            mean,
            expected_std: param.expected_std,
        });
    }
    std::fs::write(&path, histograms_svg(&panels))?;
    println!("histograms of {} params: {}", panels.len(), path.display());
    Ok(())
}

/// A param's values as f64, in row-major order.
fn values(view: &ParamView<'_>) -> Vec<f64> {
    match view {
        ParamView::F32(a) => a.iter().map(|&v| v as f64).collect(),
        ParamView::F64(a) => a.iter().copied().collect(),
        ParamView::BF16(a) => a.iter().map(|v| v.to_f64()).collect(),
        ParamView::F16(a) => a.iter().map(|v| v.to_f64()).collect(),
    }
}
