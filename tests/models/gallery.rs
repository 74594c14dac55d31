//! The gallery: real, public Flax models declared with `#[derive(Params)]` (`examples/gallery/`)
//! give the params and variables of the upstream model's `Module.init`, every tensor, bit for
//! bit (orthogonal initializers within 1e-5). Fixtures: `scripts/fixtures/gallery_cases.py`.

#![deny(warnings)]

use crate::common;

#[allow(dead_code)]
#[path = "../../examples/gallery/bert.rs"]
mod bert;
#[allow(dead_code)]
#[path = "../../examples/gallery/lm1b.rs"]
mod lm1b;
#[allow(dead_code)]
#[path = "../../examples/gallery/resnet.rs"]
mod resnet;
#[allow(dead_code)]
#[path = "../../examples/gallery/seq2seq.rs"]
mod seq2seq;
#[allow(dead_code)]
#[path = "../../examples/gallery/vit.rs"]
mod vit;

use std::collections::BTreeMap;

use fanin::params::{ParamPlan, ParamView};
use fanin::{Dtype, Key, Params};

use common::Case;

/// The largest difference allowed for an orthogonal initializer (QR rounds differently).
const ORTHOGONAL_TOLERANCE: f64 = 1e-5;

/// Checks every tensor of `model` (made from `key`, as the upstream training code makes its
/// key from `seed`) against the fixture cases `<name>/<collection>/<flax path>`, and that
/// the model has exactly the fixture's tensors.
fn check<M: Params>(name: &str, seed: u64, key: Key, config: &M::Config) {
    let cases: BTreeMap<String, Case> = common::load("gallery")
        .into_iter()
        .filter_map(|c| Some((c.name.strip_prefix(&format!("{name}/"))?.to_string(), c)))
        .collect();
    assert!(!cases.is_empty(), "no fixture for {name}");
    let model = M::init(key, config).unwrap();
    let mut seen = Vec::new();
    model
        .walk_planned(config, &mut |p, plan| {
            let path = match p.path.is_param() {
                true => format!("params/{}", p.path),
                false => p.path.to_string(),
            };
            let case = cases
                .get(&path)
                .unwrap_or_else(|| panic!("{name}: Flax has no variable {path}"));
            assert_eq!(case.u64("seed"), seed, "{name}/{path}: seed");
            assert_eq!(case.dtype(), p.view.dtype().name(), "{name}/{path}: dtype");
            match &p.view {
                ParamView::F32(a) => compare(case, &a.to_owned(), plan),
                ParamView::F64(a) => compare(case, &a.to_owned(), plan),
                ParamView::BF16(a) => compare(case, &a.to_owned(), plan),
                ParamView::F16(a) => compare(case, &a.to_owned(), plan),
            }
            if !is_orthogonal(plan) {
                let planned = plan.sample_le(key).unwrap();
                assert!(
                    planned == p.view.to_le_bytes(),
                    "{name}/{path}: the plan's bytes differ from init's"
                );
            }
            seen.push(path);
        })
        .unwrap();
    seen.sort();
    let expected: Vec<&String> = cases.keys().collect();
    assert_eq!(
        seen.iter().collect::<Vec<_>>(),
        expected,
        "{name}: the tensors differ from Flax's"
    );
}

fn is_orthogonal(plan: &ParamPlan) -> bool {
    plan.init.starts_with("orthogonal")
}

fn compare<T: Dtype>(case: &Case, got: &fanin::ndarray::ArrayD<T>, plan: &ParamPlan) {
    if !is_orthogonal(plan) {
        return case.assert_bits(got);
    }
    assert!(
        !case.has("sha1"),
        "{}: an orthogonal case must be stored whole",
        case.name
    );
    assert_eq!(got.shape(), &case.shape()[..], "{}: shape", case.name);
    let width = T::DTYPE.size();
    let worst = got
        .iter()
        .zip(&case.bits)
        .map(|(g, &b)| {
            let mut want = [T::from_f64(0.0)];
            T::read_le(&b.to_le_bytes()[..width], &mut want);
            (g.to_f64() - want[0].to_f64()).abs()
        })
        .fold(0.0, f64::max);
    assert!(
        worst <= ORTHOGONAL_TOLERANCE,
        "{}: off by {worst:e}",
        case.name
    );
}

#[test]
fn flax_imagenet_resnet18() {
    let config = resnet::tiny();
    check::<resnet::ResNet>("resnet18", 0, resnet::init_key(0), &config);
}

#[test]
fn big_vision_vit_scanned() {
    let config = vit::tiny();
    check::<vit::Model>("vit_scan", 1, vit::init_key(1), &config);
}

#[test]
fn flax_lm1b_transformer_lm() {
    let config = lm1b::tiny();
    check::<lm1b::TransformerLM>("lm1b", 2, lm1b::init_key(2), &config);
}

#[test]
fn flax_seq2seq_lstm() {
    let config = seq2seq::tiny();
    check::<seq2seq::Seq2seq>("seq2seq", 3, seq2seq::init_key(3), &config);
}

#[test]
fn transformers_flax_bert() {
    let config = bert::tiny();
    check::<bert::FlaxBertModule>("bert", 4, bert::init_key(4), &config);
}
