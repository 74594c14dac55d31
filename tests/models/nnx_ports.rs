//! Two NNX models of the Flax repository's `examples/`, ported as `#[params(nnx)]` structs
//! (`examples/models/nnx_*.rs`), against fixtures made by running the copied Python
//! (`scripts/nnx_ports/README.md`, `scripts/fixtures/nnx_port_cases.py`): tensor for tensor.

#![deny(warnings)]

use crate::common;

#[path = "../../examples/models/nnx_mnist_cnn.rs"]
mod nnx_mnist_cnn;
#[path = "../../examples/models/nnx_scan_mlp.rs"]
mod nnx_scan_mlp;

use std::collections::BTreeMap;

use common::Case;
use fanin::params::ParamView;
use fanin::{Key, Params};

const FILE: &str = "nnx_ports";

/// The cases of `model`, by path, and the RNG state NNX keeps beside the variables
/// (`RngKey`, `RngCount` of a Dropout's forked stream), which is not a param.
fn cases(model: &str) -> (BTreeMap<String, Case>, BTreeMap<String, Case>) {
    let (mut variables, mut rng_state) = (BTreeMap::new(), BTreeMap::new());
    for case in common::load(FILE) {
        let Some(path) = case
            .name
            .strip_prefix(&format!("{model}/"))
            .map(String::from)
        else {
            continue;
        };
        match case.get("vtype") {
            "RngKey" | "RngCount" => rng_state.insert(path, case),
            _ => variables.insert(path, case),
        };
    }
    (variables, rng_state)
}

/// Checks every param and variable of `M::init(Key::new(seed))` against the cases, bit for
/// bit (by init and by the plan), and that the model holds exactly NNX's variables.
fn check<M: Params>(model_name: &str, seed: u64, config: &M::Config) -> BTreeMap<String, Case> {
    let (cases, rng_state) = cases(model_name);
    let model = M::init(Key::new(seed), config).unwrap();
    let plan = M::plan(config).unwrap();
    let mut seen = Vec::new();
    model.walk(&mut |p| {
        let path = p.path.to_string();
        let case = cases
            .get(&path)
            .unwrap_or_else(|| panic!("NNX has no variable {path}"));
        match &p.view {
            ParamView::F32(a) => case.assert_bits(&a.to_owned()),
            other => panic!("{path}: unexpected dtype {:?}", other.dtype()),
        }
        let entry = &plan[seen.len()];
        assert_eq!(
            entry.sample_le(Key::new(seed)).unwrap(),
            p.view.to_le_bytes(),
            "{path}: plan"
        );
        seen.push(path);
    });
    seen.sort();
    assert_eq!(seen, cases.keys().cloned().collect::<Vec<_>>());
    rng_state
}

#[test]
fn mnist_cnn_matches_nnx() {
    let rng_state = check::<nnx_mnist_cnn::Cnn>("mnist_cnn", 0, &());
    assert!(rng_state.is_empty());
}

#[test]
fn scan_mlp_matches_nnx() {
    let config = nnx_scan_mlp::ScanMlpConfig {
        dim: 10,
        n_layers: 5,
    };
    let rng_state = check::<nnx_scan_mlp::ScanMlp>("scan_mlp", 0, &config);
    // Each block's Dropout forked the member's stream after its 4 params: its key is
    // fold_in(split(fold_in(key(0), 0), 5)[i], 4), its count 0.
    let keys = &rng_state["layers/dropout/rngs/key"];
    let stack = Key::new(0).fold_in(0).split(5);
    let expected: Vec<u64> = stack
        .iter()
        .flat_map(|k| k.fold_in(4).data())
        .map(u64::from)
        .collect();
    assert_eq!(keys.bits, expected);
    assert!(rng_state["layers/dropout/rngs/count"]
        .bits
        .iter()
        .all(|&c| c == 0));
}
