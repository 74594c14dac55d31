//! Per-param statistics (`Params::statistics`, `Moments`, `Initializer::expected_std`) and
//! the SVG histograms of `examples/inspect.rs`.
//!
//! - Expected stds against `tests/fixtures/statistics.safetensors`, made from JAX's own code
//!   by `scripts/fixtures/statistics_cases.py` (JAX's scale factor times scipy's std of the
//!   distribution JAX draws from; for orthogonal, the RMS of a real JAX draw).
//! - Sample stds of big draws within 6 standard errors of the expected std.
//! - Mean, std, min and max exact on small known arrays.

use crate::common;

#[path = "../../examples/support/histogram_svg.rs"]
mod histogram_svg;

use common::{load, Case};
use fanin::half::{bf16, f16};
use fanin::init::*;
use fanin::ndarray::{Array1, Array2, ArrayD, IxDyn};
use fanin::params::{Moments, ParamView};
use fanin::{Dtype, Key, Params, Result};

// ---------------------------------------------------------------------------------------------
// Building the initializers the fixture names (as in tests/parity/init_parity.rs).

fn axes(case: &Case, name: &str) -> Option<Axes> {
    if case.has(name) {
        Some(Axes::one(case.get(name).parse().unwrap()))
    } else if case.has(&format!("{name}_list")) {
        Some(Axes::list(&case.isizes(&format!("{name}_list"))))
    } else {
        None
    }
}

fn with_axes(case: &Case, init: VarianceScaling) -> Box<dyn DynInitializer> {
    let init = init
        .out_axis(axes(case, "out_axis").unwrap_or(Axes::one(-1)))
        .batch_axis(axes(case, "batch_axis").unwrap_or(Axes::none()));
    match axes(case, "in_axis") {
        Some(a) => Box::new(init.in_axis(a)),
        None => Box::new(init),
    }
}

fn mode(name: &str) -> Mode {
    match name {
        "fan_in" => Mode::FanIn,
        "fan_out" => Mode::FanOut,
        "fan_avg" => Mode::FanAvg,
        "fan_geo_avg" => Mode::FanGeoAvg,
        other => panic!("mode {other}"),
    }
}

fn distribution(name: &str) -> Distribution {
    match name {
        "truncated_normal" => Distribution::TruncatedNormal,
        "normal" => Distribution::Normal,
        "uniform" => Distribution::Uniform,
        other => panic!("distribution {other}"),
    }
}

fn or_default(case: &Case, key: &str, default: f64) -> f64 {
    if case.has(key) {
        case.f64(key)
    } else {
        default
    }
}

fn column_axis(case: &Case) -> isize {
    if case.has("column_axis") {
        case.get("column_axis").parse().unwrap()
    } else {
        -1
    }
}

fn initializer(case: &Case) -> Box<dyn DynInitializer> {
    match case.get("op") {
        "zeros" => Box::new(zeros),
        "ones" => Box::new(ones),
        "constant" => Box::new(constant(case.f64("value"))),
        "uniform" => Box::new(uniform().scale(case.f64("scale"))),
        "normal" => Box::new(normal().stddev(case.f64("stddev"))),
        "truncated_normal" => Box::new(
            truncated_normal()
                .stddev(case.f64("stddev"))
                .lower(case.f64("lower"))
                .upper(case.f64("upper")),
        ),
        "variance_scaling" => with_axes(
            case,
            variance_scaling(
                case.f64("scale"),
                mode(case.get("mode")),
                distribution(case.get("distribution_name")),
            ),
        ),
        "lecun_normal" => with_axes(case, lecun_normal()),
        "lecun_uniform" => with_axes(case, lecun_uniform()),
        "he_normal" => with_axes(case, he_normal()),
        "he_uniform" => with_axes(case, he_uniform()),
        "kaiming_normal" => with_axes(case, kaiming_normal()),
        "glorot_normal" => with_axes(case, glorot_normal()),
        "glorot_uniform" => with_axes(case, glorot_uniform()),
        "xavier_uniform" => with_axes(case, xavier_uniform()),
        "orthogonal" => Box::new(
            orthogonal()
                .scale(or_default(case, "scale", 1.0))
                .column_axis(column_axis(case)),
        ),
        "delta_orthogonal" => Box::new(
            delta_orthogonal()
                .scale(or_default(case, "scale", 1.0))
                .column_axis(column_axis(case)),
        ),
        other => panic!("unknown op {other}"),
    }
}

/// Every initializer's expected std is the one JAX's code gives. Not compared bit for bit:
/// the fixture multiplies JAX's factor by scipy's std of the distribution (for the truncated
/// normal of variance scaling, `sqrt(v) / .87962566103423978 * truncnorm(-2, 2).std()`),
/// fanin computes the same real number in another order of operations, so the two agree to
/// a few units in the last place (relative 1e-12 leaves room for that and nothing else; a
/// wrong fan, scale or correction is off by percents).
#[test]
fn expected_std_matches_jax() {
    let cases = load("statistics");
    assert_eq!(cases.len(), 47);
    for case in &cases {
        assert_eq!(case.bits.len(), 1, "{}", case.name);
        let want = f64::from_bits(case.bits[0]);
        let shape = case.usizes("param_shape");
        let got = initializer(case)
            .expected_std(&shape)
            .unwrap_or_else(|| panic!("{}: no expected std", case.name));
        let close = if want == 0.0 {
            got == 0.0
        } else {
            ((got - want) / want).abs() <= 1e-12
        };
        assert!(close, "{}: fanin {got} vs JAX {want}", case.name);
    }
}

// ---------------------------------------------------------------------------------------------
// Sampling: big draws against the expected std.

/// The sample std of `values` and its standard error by the delta method,
/// `sqrt((m4 - s^4) / (4 n s^2))` (`m4` the sample's fourth central moment): right for any
/// distribution with a finite fourth moment (normal, truncated normal, uniform alike).
fn std_and_standard_error(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let moments = Moments::of_values(values).unwrap();
    let (mean, s) = (moments.mean, moments.std);
    let m4 = values.iter().map(|v| (v - mean).powi(4)).sum::<f64>() / n;
    (s, ((m4 - s.powi(4)) / (4.0 * n * s * s)).sqrt())
}

fn check_within_six_standard_errors(
    name: &str,
    init: &(dyn DynInitializer + 'static),
    shape: &[usize],
) {
    let expected = init.expected_std(shape).unwrap();
    let draw = init.sample::<f64>(Key::new(42), shape).unwrap();
    let values: Vec<f64> = draw.iter().copied().collect();
    let (s, se) = std_and_standard_error(&values);
    assert!(
        (s - expected).abs() <= 6.0 * se,
        "{name}: sample std {s} is {:.1} standard errors ({se}) from the expected {expected}",
        (s - expected).abs() / se
    );
    // And in f32, as models usually hold them.
    let draw = init.sample::<f32>(Key::new(43), shape).unwrap();
    let values: Vec<f64> = draw.iter().map(|&v| v as f64).collect();
    let (s, se) = std_and_standard_error(&values);
    assert!(
        (s - expected).abs() <= 6.0 * se,
        "{name} (f32): {s} vs {expected}"
    );
}

/// Each random family on 65,536 draws: a standard error of about 0.3% of the std, so 6 of
/// them (a false alarm about once in 10^9 runs) still catches any missing truncation
/// correction (12%) or wrong fan.
#[test]
fn sample_std_of_every_family_is_within_six_standard_errors() {
    let dense = [256, 256];
    let conv = [4, 4, 64, 64];
    let cases: Vec<(&str, Box<dyn DynInitializer>, &[usize])> = vec![
        ("normal", Box::new(normal().stddev(0.02)), &dense),
        ("uniform", Box::new(uniform().scale(0.5)), &dense),
        ("truncated_normal", Box::new(truncated_normal()), &dense),
        (
            "truncated_normal(-1, 3)",
            Box::new(truncated_normal().stddev(0.7).lower(-1.0).upper(3.0)),
            &dense,
        ),
        ("lecun_normal", Box::new(lecun_normal()), &dense),
        ("lecun_uniform", Box::new(lecun_uniform()), &conv),
        ("he_normal", Box::new(he_normal()), &conv),
        ("he_uniform", Box::new(he_uniform()), &dense),
        ("glorot_normal", Box::new(glorot_normal()), &conv),
        ("glorot_uniform", Box::new(glorot_uniform()), &dense),
        (
            "variance_scaling(0.37, fan_out, normal)",
            Box::new(variance_scaling(0.37, Mode::FanOut, Distribution::Normal)),
            &conv,
        ),
        (
            "variance_scaling(2.5, fan_geo_avg, truncated_normal)",
            Box::new(variance_scaling(
                2.5,
                Mode::FanGeoAvg,
                Distribution::TruncatedNormal,
            )),
            &dense,
        ),
    ];
    for (name, init, shape) in &cases {
        check_within_six_standard_errors(name, init.as_ref(), shape);
    }
}

/// Orthogonal draws have no sampling error in their root mean square: it is the expected std
/// to QR's rounding (within 1e-5, the orthogonal tolerance of the parity tests).
#[test]
fn orthogonal_root_mean_square_is_the_expected_std() {
    let cases: Vec<(Box<dyn DynInitializer>, Vec<usize>)> = vec![
        (Box::new(orthogonal()), vec![64, 32]),
        (Box::new(orthogonal().scale(1.3)), vec![20, 50]),
        (Box::new(orthogonal().column_axis(0)), vec![8, 3, 5]),
        (Box::new(delta_orthogonal()), vec![3, 3, 16, 24]),
    ];
    for (init, shape) in &cases {
        let expected = init.expected_std(shape).unwrap();
        let draw = init.sample::<f64>(Key::new(1), shape).unwrap();
        let rms = (draw.iter().map(|v| v * v).sum::<f64>() / draw.len() as f64).sqrt();
        assert!(
            ((rms - expected) / expected).abs() < 1e-5,
            "{} {shape:?}: rms {rms} vs {expected}",
            init.describe()
        );
    }
}

#[test]
fn constants_spread_zero_and_custom_initializers_say_nothing() {
    for init in [
        Box::new(zeros) as Box<dyn DynInitializer>,
        Box::new(ones_init()),
        Box::new(constant(-7.0)),
    ] {
        assert_eq!(init.expected_std(&[3, 4]), Some(0.0), "{}", init.describe());
    }
    assert_eq!(Arange.expected_std(&[3, 4]), None);
    // Shapes JAX rejects have no expected std either (and no panic).
    assert_eq!(lecun_normal().in_axis(0).expected_std(&[0]), None);
    assert_eq!(orthogonal().expected_std(&[3]), None);
    assert_eq!(delta_orthogonal().expected_std(&[3, 3]), None);
}

// ---------------------------------------------------------------------------------------------
// Exact moments of small known arrays.

#[test]
fn moments_of_small_arrays_are_exact() {
    // Deviations (-2, -1, 0, 3): squares 14, over 4.
    let m = Moments::of_values(&[1.0f32, 2.0, 3.0, 6.0]).unwrap();
    assert_eq!(
        m,
        Moments {
            mean: 3.0,
            std: 3.5f64.sqrt(),
            min: 1.0,
            max: 6.0
        }
    );
    let m = Moments::of_values(&[-0.5f64, 0.25, 2.0, 0.25]).unwrap();
    // Sum 2, mean 0.5; deviations (-1, -0.25, 1.5, -0.25): squares 3.375, over 4.
    assert_eq!((m.mean, m.min, m.max), (0.5, -0.5, 2.0));
    assert_eq!(m.std, (3.375f64 / 4.0).sqrt());
    let halves = [-0.5, 0.25, 2.0, 0.25];
    let m16 = Moments::of_values(&halves.map(bf16::from_f64)).unwrap();
    assert_eq!(m16, m);
    let m16 = Moments::of_values(&halves.map(f16::from_f64)).unwrap();
    assert_eq!(m16, m);
    let one = Moments::of_values(&[-4.0f32]).unwrap();
    assert_eq!(
        one,
        Moments {
            mean: -4.0,
            std: 0.0,
            min: -4.0,
            max: -4.0
        }
    );
    assert_eq!(Moments::of_values::<f32>(&[]), None);
    // A view of a non-contiguous array reads the logical, row-major order.
    let a = Array2::from_shape_vec((2, 2), vec![1.0f32, 2.0, 3.0, 6.0]).unwrap();
    let t = a.t().to_owned().into_dyn();
    let view = ParamView::from_array(t.view());
    assert_eq!(
        Moments::of_view(&view).unwrap(),
        Moments::of_values(&[1.0f32, 2.0, 3.0, 6.0]).unwrap()
    );
}

#[test]
fn nan_spoils_mean_and_std_not_min_and_max() {
    let m = Moments::of_values(&[1.0f32, f32::NAN, 3.0]).unwrap();
    assert!(m.mean.is_nan() && m.std.is_nan());
    assert_eq!((m.min, m.max), (1.0, 3.0));
}

// ---------------------------------------------------------------------------------------------
// A model's statistics.

/// `arange`: element `i` is `i`; a custom initializer with no expected std.
struct Arange;
impl Initializer for Arange {
    fn sample<T: Dtype>(&self, _key: Key, shape: &[usize]) -> Result<ArrayD<T>> {
        let n: usize = shape.iter().product();
        let data = (0..n).map(|i| T::from_f64(i as f64)).collect();
        Ok(ArrayD::from_shape_vec(IxDyn(shape), data).unwrap())
    }
    fn describe(&self) -> String {
        "arange()".into()
    }
}

#[derive(Params)]
struct Dense {
    #[shape(128, 64)]
    #[init(lecun_normal())]
    kernel: Array2<f32>,
    #[shape(64)]
    #[init(constant(0.5))]
    bias: Array1<f32>,
}

#[derive(Params)]
struct Probe {
    #[module]
    dense: Dense,
    #[shape(2, 3)]
    #[init(Arange)]
    counter: Array2<f64>,
    #[shape(0)]
    #[init(zeros)]
    empty: Array1<f32>,
    #[variable("batch_stats")]
    #[shape(4)]
    #[init(ones)]
    mean: Array1<f32>,
}

#[test]
fn model_statistics_follow_the_summary() {
    let model = Probe::init(Key::new(0), &()).unwrap();
    let stats = model.statistics(&()).unwrap();
    assert_eq!(stats.summary, Probe::summary(&()).unwrap());
    let paths: Vec<&str> = stats.params.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "dense/kernel",
            "dense/bias",
            "counter",
            "empty",
            "batch_stats/mean"
        ]
    );
    // The kernel's moments are those of its values; expected sqrt(1 / 128).
    let kernel = &stats.params[0];
    assert_eq!(
        kernel.values,
        Moments::of_values(model.dense.kernel.as_slice().unwrap())
    );
    assert_eq!(kernel.expected_std, lecun_normal().expected_std(&[128, 64]));
    // constant(0.5): exact.
    let bias = stats.params[1].values.unwrap();
    assert_eq!(
        (bias.mean, bias.std, bias.min, bias.max),
        (0.5, 0.0, 0.5, 0.5)
    );
    // arange of 6: mean 2.5, squares of deviations 17.5.
    let counter = &stats.params[2];
    assert_eq!(counter.expected_std, None);
    let m = counter.values.unwrap();
    assert_eq!(
        (m.mean, m.min, m.max, m.std),
        (2.5, 0.0, 5.0, (17.5f64 / 6.0).sqrt())
    );
    assert_eq!(stats.params[3].values, None);
    assert_eq!(stats.params[4].values.unwrap().mean, 1.0);
    // The same model gives the same bits, every time.
    assert_eq!(
        stats,
        fanin::params::Summary::with_statistics(&model, &()).unwrap()
    );
}

#[test]
fn statistics_table_adds_the_columns() {
    let model = Probe::init(Key::new(0), &()).unwrap();
    let table = model.statistics(&()).unwrap().to_string();
    let lines: Vec<&str> = table.lines().collect();
    for column in ["mean", "std", "expected std", "min", "max"] {
        assert!(lines[0].contains(column), "{}", lines[0]);
    }
    let row = |path: &str| *lines.iter().find(|l| l.starts_with(path)).unwrap();
    // The custom initializer has no expected std; the empty param no moments (but zeros'
    // expected std, 0).
    assert!(row("counter").split_whitespace().any(|c| c == "-"));
    assert_eq!(
        row("empty ")
            .split_whitespace()
            .filter(|c| *c == "-")
            .count(),
        4
    );
    assert!(
        row("dense/bias").ends_with("0.5000"),
        "{}",
        row("dense/bias")
    );
    assert!(lines.iter().any(|l| l.starts_with("Total params")));
    // The plain summary is unchanged by the statistics.
    assert!(!Probe::summary(&())
        .unwrap()
        .to_string()
        .contains("expected std"));
}

/// Statistics of a model with a config other than its own: an error, no panic.
#[test]
fn a_mismatched_config_is_an_error() {
    #[derive(Params)]
    #[params(config = usize)]
    struct Sized {
        #[shape(*cfg)]
        #[init(zeros)]
        w: Array1<f32>,
    }
    let model = Sized::init(Key::new(0), &3).unwrap();
    assert!(model.statistics(&4).is_err());
}

// ---------------------------------------------------------------------------------------------
// The SVG histograms of examples/inspect.rs.

/// Checks that every tag is closed in order (parse-free: a stack of tag names) and returns
/// how many `<g class="panel">` groups the document has.
fn check_well_formed(svg: &str) -> usize {
    let mut stack: Vec<String> = Vec::new();
    let mut panels = 0;
    let mut rest = svg;
    while let Some(open) = rest.find('<') {
        let close = rest[open..].find('>').expect("a tag left open") + open;
        let tag = &rest[open + 1..close];
        assert!(!tag.contains('<'), "a tag inside a tag: {tag}");
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name.trim()), "closing {name}");
        } else if !tag.ends_with('/') {
            let name = tag.split_whitespace().next().unwrap().to_string();
            if tag.starts_with("g class=\"panel\"") {
                panels += 1;
            }
            stack.push(name);
        }
        rest = &rest[close + 1..];
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    panels
}

/// Every number in an attribute (coordinates, sizes, points) is finite.
fn check_numbers_finite(svg: &str) {
    let mut count = 0;
    for (i, value) in svg.split('"').enumerate() {
        if i % 2 == 0 {
            continue; // outside quotes
        }
        for token in value.split([' ', ',']) {
            if let Ok(v) = token.parse::<f64>() {
                assert!(v.is_finite(), "{token} in {value}");
                count += 1;
            }
        }
    }
    assert!(count > 0);
    for bad in ["NaN", "inf"] {
        assert!(!svg.contains(bad), "{bad} in the SVG");
    }
}

#[test]
fn histogram_svg_has_one_well_formed_panel_per_param() {
    use histogram_svg::{histograms_svg, Histogram, Panel};
    let model = Probe::init(Key::new(0), &()).unwrap();
    let stats = model.statistics(&()).unwrap();
    let mut views = Vec::new();
    model.walk(&mut |p| views.push(p.view));
    let panels: Vec<Panel> = views
        .iter()
        .zip(&stats.params)
        .map(|(view, param)| {
            let values: Vec<f64> = match view {
                ParamView::F32(a) => a.iter().map(|&v| v as f64).collect(),
                ParamView::F64(a) => a.iter().copied().collect(),
                _ => unreachable!("Probe holds f32 and f64"),
            };
            let m = param.values;
            Panel {
                title: format!("{} <&>", param.path),
                subtitle: "\"quoted\"".into(),
                histogram: Histogram::of(
                    values.into_iter(),
                    m.map_or(f64::NAN, |m| m.min),
                    m.map_or(f64::NAN, |m| m.max),
                    30,
                ),
                mean: m.map_or(0.0, |m| m.mean),
                expected_std: param.expected_std,
            }
        })
        .collect();
    let svg = histograms_svg(&panels);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert_eq!(check_well_formed(&svg), stats.params.len());
    check_numbers_finite(&svg);
    // The kernel's panel has its expected curve; the custom initializer's has none.
    assert_eq!(svg.matches("<polyline").count(), 1);
    // Every value is counted once, a constant param in one bar.
    assert_eq!(panels[0].histogram.counts.iter().sum::<u64>(), 128 * 64);
    let bias = &panels[1].histogram.counts;
    assert_eq!(
        (
            bias.iter().sum::<u64>(),
            bias.iter().filter(|&&c| c > 0).count()
        ),
        (64, 1)
    );
    // An empty document of no panel is still well formed.
    assert_eq!(check_well_formed(&histograms_svg(&[])), 0);
}

/// A stacked param (`nn.scan`) keeps the expected std of one layer: its leading axis is not a
/// fan.
#[test]
fn stacked_params_keep_the_expected_std_of_a_layer() {
    #[derive(Params)]
    struct Layer {
        #[shape(64, 32)]
        #[init(lecun_normal())]
        kernel: Array2<f32>,
    }
    #[derive(Params)]
    struct Deep {
        #[module(scan = 4)]
        layers: fanin::Stacked<Layer>,
    }
    let model = Deep::init(Key::new(0), &()).unwrap();
    let stats = model.statistics(&()).unwrap();
    assert_eq!(stats.summary.rows[0].shape, [4, 64, 32]);
    assert_eq!(
        stats.params[0].expected_std,
        lecun_normal().expected_std(&[64, 32])
    );
    let plan = Deep::plan(&()).unwrap();
    assert_eq!(plan[0].expected_std, stats.params[0].expected_std);
}
