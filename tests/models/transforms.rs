//! Flax's lifted transforms (`nn.scan`, `nn.vmap`, `nn.remat`, `nn.jit`, broadcast params) and
//! compact names, against the real Flax 0.12.8 (`scripts/fixtures/transform_cases.py`): every
//! element of every param bit for bit, eagerly, under `jax.jit` and in the legacy Threefry
//! mode; and the plan, summary, walk, save, load, streamed init and shards of stacked models.

#![deny(warnings)]

use crate::common;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use fanin::half::bf16;
use fanin::init::{lecun_normal, normal, zeros_init, DynInitializer};
use fanin::io;
use fanin::ndarray::{Array1, Array2};
use fanin::params::ParamView;
use fanin::{with_threefry, Dtype, Key, Params, Stacked, Threefry};

use common::{to_bits, Case};

// ---------------------------------------------------------------------------------------
// The layers (the Flax modules of transform_cases.py).

pub struct DenseConfig {
    pub features: usize,
    pub kernel: Arc<dyn DynInitializer>,
    pub bias: Arc<dyn DynInitializer>,
}

fn dense(
    features: usize,
    kernel: impl DynInitializer + 'static,
    bias: impl DynInitializer + 'static,
) -> DenseConfig {
    DenseConfig {
        features,
        kernel: Arc::new(kernel),
        bias: Arc::new(bias),
    }
}

fn n(stddev: f64) -> fanin::init::Normal {
    normal().stddev(stddev)
}

/// `nn.Dense(features)` on 8 inputs.
#[derive(Params)]
#[params(config = DenseConfig)]
pub struct Dense<T: Dtype> {
    #[shape(8, cfg.features)]
    #[init(cfg.kernel.clone())]
    pub kernel: Array2<T>,
    #[shape(cfg.features)]
    #[init(cfg.bias.clone())]
    pub bias: Array1<T>,
}

#[derive(Params)]
#[params(compact)]
pub struct Mlp<T: Dtype> {
    #[module(config = dense(8, n(0.3), n(0.2)))]
    pub dense: Dense<T>, // Dense_0
}

/// p, Dense_0, Mlp_0/Dense_0, q.
#[derive(Params)]
#[params(compact)]
#[init(p = normal().stddev(0.3), q = normal().stddev(0.3))]
pub struct Block<T: Dtype> {
    #[shape(8)]
    pub p: Array1<T>,
    #[module(config = dense(8, lecun_normal(), n(0.2)))]
    pub dense: Dense<T>,
    #[module]
    pub mlp: Mlp<T>,
    #[shape(8)]
    pub q: Array1<T>,
}

#[derive(Params)]
#[init(a = normal().stddev(0.3), b = normal().stddev(0.3))]
pub struct ScanModel {
    #[shape(8)]
    pub a: Array1<f32>,
    #[module(scan = 3)]
    pub blocks: Stacked<Block<f32>>,
    #[shape(8)]
    pub b: Array1<f32>,
}

#[derive(Params)]
#[init(r = normal().stddev(0.3), s = normal().stddev(0.3))]
pub struct Outer {
    #[shape(8)]
    pub r: Array1<f32>,
    #[module(scan = 2)]
    pub inner: Stacked<Block<f32>>,
    #[shape(8)]
    pub s: Array1<f32>,
}

#[derive(Params)]
pub struct NestedScan {
    #[module(scan = 2)]
    pub outer: Stacked<Outer>,
}

#[derive(Params)]
pub struct ScanBf16 {
    #[module(scan = 2)]
    pub blocks: Stacked<Block<bf16>>,
}

#[derive(Params)]
#[params(compact)]
pub struct NormBlock {
    #[shape(8)]
    #[init(normal().stddev(0.3))]
    pub scale: Array1<f32>,
    #[variable("batch_stats")]
    #[shape(8)]
    #[init(zeros)]
    pub mean: Array1<f32>,
    #[module(config = dense(8, n(0.3), zeros_init()))]
    pub dense: Dense<f32>,
}

#[derive(Params)]
#[params(compact)]
pub struct ScanNorm {
    #[module(scan = 3)]
    pub layers: Stacked<NormBlock>, // ScanNormBlock_0
}

#[derive(Params)]
#[params(compact)]
pub struct Critic {
    #[module(config = dense(8, n(0.3), n(0.2)))]
    pub hidden: Dense<f32>, // Dense_0
    #[module(config = dense(1, lecun_normal(), zeros_init()))]
    pub out: Dense<f32>, // Dense_1
}

#[derive(Params)]
#[params(compact)]
pub struct VmapModel {
    #[module(vmap = 4)]
    pub critics: Stacked<Critic>, // VmapCritic_0
    #[module(name = "ens", vmap = 2)]
    pub ens: Stacked<Block<f32>>,
}

/// Params broadcast over `nn.scan` / `nn.vmap`: plain submodules with Flax's class names.
#[derive(Params)]
pub struct Broadcast {
    #[module(name = "ScanBlock_0")]
    pub scanned: Block<f32>,
    #[module(name = "VmapBlock_0")]
    pub mapped: Block<f32>,
}

#[derive(Params)]
#[params(config = usize)]
#[init(scale = ones, bias = zeros)]
pub struct LayerNorm {
    #[shape(*cfg)]
    pub scale: Array1<f32>,
    #[shape(*cfg)]
    pub bias: Array1<f32>,
}

/// Compact names across classes, a list and transformed classes.
#[derive(Params)]
#[params(compact)]
pub struct CompactModel {
    #[module(config = dense(8, lecun_normal(), zeros_init()))]
    pub first: Dense<f32>, // Dense_0
    #[module(config = dense(8, lecun_normal(), n(0.2)), count = 2)]
    pub hidden: Vec<Dense<f32>>, // Dense_1, Dense_2
    #[module(config = 8)]
    pub norm: LayerNorm, // LayerNorm_0
    #[module(remat)]
    pub checkpointed: Block<f32>, // CheckpointBlock_0
    #[module(jit)]
    pub jitted: Block<f32>, // JitBlock_0
    #[module]
    pub plain: Block<f32>, // Block_0
    #[module(scan = 2)]
    pub scanned: Stacked<Block<f32>>, // ScanBlock_0
    #[module(config = dense(8, n(0.3), zeros_init()))]
    pub last: Dense<f32>, // Dense_3
    #[module]
    pub tail: Block<f32>, // Block_1
}

#[derive(Params)]
pub struct IndexList {
    #[module(config = dense(8, lecun_normal(), n(0.2)), count = 3, names = index)]
    pub layers: Vec<Dense<f32>>, // 0, 1, 2
}

#[derive(Params)]
pub struct Keywords {
    #[shape(8)]
    #[init(normal().stddev(0.3))]
    pub r#type: Array1<f32>,
    #[module(name = "self", config = dense(8, lecun_normal(), n(0.2)))]
    pub me: Dense<f32>,
}

// ---------------------------------------------------------------------------------------
// Checking a model against its fixture cases.

fn cases() -> BTreeMap<String, Case> {
    common::load("transforms")
        .into_iter()
        .map(|c| (c.name.clone(), c))
        .collect()
}

fn view_bits(view: &ParamView<'_>) -> (Vec<u64>, usize) {
    fn bits<T: Dtype>(a: &fanin::ndarray::ArrayViewD<'_, T>) -> Vec<u64> {
        a.iter().map(|&v| to_bits(v)).collect()
    }
    let width = view.dtype().size();
    let values = match view {
        ParamView::F32(a) => bits(a),
        ParamView::F64(a) => bits(a),
        ParamView::BF16(a) => bits(a),
        ParamView::F16(a) => bits(a),
    };
    (values, width)
}

/// Every param of `model` equals the case `<name>/<path>`, and every case of `name` is met.
fn check<M: Params>(name: &str, model: &M, cases: &BTreeMap<String, Case>) {
    let mut seen = Vec::new();
    model.walk(&mut |p| {
        let case_name = format!("{name}/{}", p.path);
        let case = cases
            .get(&case_name)
            .unwrap_or_else(|| panic!("no fixture case {case_name}"));
        assert_eq!(p.view.shape(), &case.shape()[..], "{case_name}: shape");
        let (bits, width) = view_bits(&p.view);
        case.assert_raw(&bits, width);
        seen.push(case_name);
    });
    let expected: Vec<&String> = cases
        .keys()
        .filter(|k| k.starts_with(&format!("{name}/")))
        .collect();
    assert_eq!(
        seen.len(),
        expected.len(),
        "{name}: {seen:?} vs {expected:?}"
    );
}

fn seed(cases: &BTreeMap<String, Case>, name: &str) -> Key {
    let case = cases
        .iter()
        .find(|(k, _)| k.starts_with(&format!("{name}/")))
        .map(|(_, c)| c)
        .unwrap_or_else(|| panic!("no cases of {name}"));
    Key::new(case.u64("seed"))
}

fn eager<M: Params<Config = ()>>(name: &str) {
    let cases = cases();
    let model = M::init(seed(&cases, name), &()).unwrap();
    check(name, &model, &cases);
}

#[test]
fn scan_with_direct_params_and_a_nested_submodule() {
    eager::<ScanModel>("scan");
}

#[test]
fn nested_scans() {
    eager::<NestedScan>("nested_scan");
}

#[test]
fn scan_of_bf16_params() {
    eager::<ScanBf16>("scan_bf16");
}

#[test]
fn scan_with_a_batch_stats_variable() {
    eager::<ScanNorm>("scan_norm");
}

#[test]
fn vmap() {
    eager::<VmapModel>("vmap");
}

#[test]
fn broadcast_params_are_plain_submodules() {
    eager::<Broadcast>("broadcast");
}

#[test]
fn compact_names_lists_remat_and_jit() {
    eager::<CompactModel>("compact");
}

#[test]
fn list_named_by_index() {
    eager::<IndexList>("index_list");
}

#[test]
fn keyword_names() {
    eager::<Keywords>("keywords");
}

#[test]
fn scan_and_vmap_under_jax_jit() {
    let cases = cases();
    check(
        "scan_jit",
        &ScanModel::init_jit(seed(&cases, "scan_jit"), &()).unwrap(),
        &cases,
    );
    check(
        "vmap_jit",
        &VmapModel::init_jit(seed(&cases, "vmap_jit"), &()).unwrap(),
        &cases,
    );
}

#[test]
fn scan_and_vmap_in_legacy_threefry() {
    let cases = cases();
    with_threefry(Threefry::Legacy, || {
        let scan = ScanModel::init(seed(&cases, "scan_legacy"), &()).unwrap();
        check("scan_legacy", &scan, &cases);
        let vmap = VmapModel::init(seed(&cases, "vmap_legacy"), &()).unwrap();
        check("vmap_legacy", &vmap, &cases);
        let nested = NestedScan::init(seed(&cases, "nested_scan_legacy"), &()).unwrap();
        check("nested_scan_legacy", &nested, &cases);
    });
}

// ---------------------------------------------------------------------------------------
// A stacked model through plan, summary, walk, save, load, streamed init and shards.

fn temp(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("fanin-transforms-{}-{name}", std::process::id()))
}

fn walked<M: Params>(model: &M) -> Vec<(String, Vec<usize>, Vec<u8>)> {
    let mut out = Vec::new();
    model.walk(&mut |p| {
        out.push((
            p.path.to_string(),
            p.view.shape().to_vec(),
            p.view.to_le_bytes(),
        ))
    });
    out
}

#[test]
fn stacked_len_walk_and_layers() {
    let model = NestedScan::init(Key::new(1), &()).unwrap();
    assert_eq!(model.outer.len(), 2);
    let paths: Vec<String> = walked(&model).into_iter().map(|(p, _, _)| p).collect();
    assert_eq!(
        paths,
        [
            "outer/r",
            "outer/inner/p",
            "outer/inner/Dense_0/kernel",
            "outer/inner/Dense_0/bias",
            "outer/inner/Mlp_0/Dense_0/kernel",
            "outer/inner/Mlp_0/Dense_0/bias",
            "outer/inner/q",
            "outer/s",
        ]
    );
    // Layer 1 as an `Outer`: its own params are row 1 of the stack, its inner stack too.
    let layer: Outer = model.outer.layer(1, &()).unwrap();
    let stacked = model.outer.get("inner/Dense_0/kernel").unwrap();
    let ParamView::F32(all) = stacked.view() else {
        panic!("f32")
    };
    let ParamView::F32(row) = &layer.inner.get("Dense_0/kernel").unwrap().view() else {
        panic!("f32")
    };
    assert_eq!(all.index_axis(fanin::ndarray::Axis(0), 1), row.view());
    let views = model.outer.layer_views(1).unwrap();
    assert_eq!(views[0].path.to_string(), "r");
    assert_eq!(views[0].view.shape(), &[8]);
    assert!(model.outer.layer_views(2).is_none());
    assert!(model.outer.layer(2, &()).is_err());
    assert_eq!(
        model.param_count(),
        2 * (8 + 8 + 2 * (8 + 8 + 2 * (64 + 8)))
    );
}

#[test]
fn stacked_plan_summary_save_load_stream_and_shards() {
    let key = Key::new(42);
    let model = NestedScan::init(key, &()).unwrap();
    let plan = NestedScan::plan(&()).unwrap();
    let walk = walked(&model);
    assert_eq!(plan.len(), walk.len());
    for (entry, (path, shape, bytes)) in plan.iter().zip(&walk) {
        assert_eq!(&entry.path.to_string(), path);
        assert_eq!(&entry.shape, shape);
        assert_eq!(&entry.sample_le(key).unwrap(), bytes, "{path}: plan fill");
        // A range across the layer boundary, and rows of the stacked axis.
        let len = entry.len();
        let range = io::shard::range_le(entry, key, len / 3..len - 1).unwrap();
        let size = entry.dtype.size();
        assert_eq!(
            &range[..],
            &bytes[len / 3 * size..(len - 1) * size],
            "{path}: range"
        );
        let rows = io::shard::rows_le(entry, key, 1..2).unwrap();
        assert_eq!(&rows[..], &bytes[len / 2 * size..], "{path}: rows");
    }
    let summary = NestedScan::summary(&()).unwrap();
    assert_eq!(summary.total_count(), model.param_count());
    assert!(summary.to_string().contains("outer/inner/Dense_0/kernel"));

    let (saved, streamed) = (temp("saved.safetensors"), temp("streamed.safetensors"));
    io::save(&model, &saved).unwrap();
    io::init_to_file::<NestedScan>(key, &(), &streamed).unwrap();
    assert_eq!(
        std::fs::read(&saved).unwrap(),
        std::fs::read(&streamed).unwrap()
    );
    let back: NestedScan = io::load(&saved, &()).unwrap();
    assert_eq!(walked(&back), walk);
    // A file of another depth does not load.
    assert!(io::load::<ScanModel>(&saved, &()).is_err());
    std::fs::remove_file(saved).unwrap();
    std::fs::remove_file(streamed).unwrap();
}

#[test]
fn stacked_plan_keeps_jit_and_legacy_settings() {
    let key = Key::new(9);
    let jit = fanin::with_execution(fanin::Execution::Jit, || {
        let plan = VmapModel::plan(&()).unwrap();
        plan.iter()
            .map(|e| e.sample_le(key).unwrap())
            .collect::<Vec<_>>()
    });
    let model = VmapModel::init_jit(key, &()).unwrap();
    let walk: Vec<Vec<u8>> = walked(&model).into_iter().map(|(_, _, b)| b).collect();
    assert_eq!(jit, walk);
    with_threefry(Threefry::Legacy, || {
        let plan = ScanModel::plan(&()).unwrap();
        let model = ScanModel::init(key, &()).unwrap();
        for (entry, (_, _, bytes)) in plan.iter().zip(walked(&model)) {
            assert_eq!(entry.sample_le(key).unwrap(), bytes);
        }
    });
}
