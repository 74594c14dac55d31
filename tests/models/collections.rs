//! Variables of other collections (`#[variable("batch_stats")]`) and optional fields
//! (`#[when(...)]`): parity with real Flax 0.12.8 models (`nn.BatchNorm`, a variable between
//! two params, `nn.Dense(use_bias=False)`, an optional param and submodule in both settings;
//! fixtures made by `scripts/fixtures/model_cases.py`), and the walk, plan, summary, save and
//! load of such models.

#![deny(warnings)]

use crate::common;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use fanin::init::{lecun_normal, normal, zeros_init, DynInitializer};
use fanin::io;
use fanin::ndarray::{Array1, Array2};
use fanin::{Error, Key, Params};

/// `nn.Dense`, its bias optional (`use_bias`), its bias initializer from the config.
pub struct DenseConfig {
    pub in_features: usize,
    pub features: usize,
    pub use_bias: bool,
    pub bias_init: Arc<dyn DynInitializer>,
}

fn dense(in_features: usize, features: usize) -> DenseConfig {
    DenseConfig {
        in_features,
        features,
        use_bias: true,
        bias_init: Arc::new(zeros_init()),
    }
}

fn normal_bias(in_features: usize, features: usize) -> DenseConfig {
    DenseConfig {
        bias_init: Arc::new(normal()),
        ..dense(in_features, features)
    }
}

#[derive(Params)]
#[params(config = DenseConfig)]
pub struct Dense {
    #[shape(cfg.in_features, cfg.features)]
    #[init(lecun_normal())]
    pub kernel: Array2<f32>,
    #[when(cfg.use_bias)]
    #[shape(cfg.features)]
    #[init(cfg.bias_init.clone())]
    pub bias: Option<Array1<f32>>,
}

/// `nn.BatchNorm`: batch_stats mean (zeros) and var (ones), params scale and bias.
#[derive(Params)]
#[params(config = usize)]
pub struct BatchNorm {
    #[variable("batch_stats")]
    #[shape(*cfg)]
    #[init(zeros)]
    pub mean: Array1<f32>,
    #[variable("batch_stats")]
    #[shape(*cfg)]
    #[init(ones)]
    pub var: Array1<f32>,
    #[shape(*cfg)]
    #[init(ones)]
    pub scale: Array1<f32>,
    #[shape(*cfg)]
    #[init(zeros)]
    pub bias: Array1<f32>,
}

/// `Dense(4) -> BatchNorm -> Dense(3)`, compact names.
#[derive(Params)]
pub struct BnDense {
    #[module(name = "Dense_0", config = normal_bias(5, 4))]
    pub first: Dense,
    #[module(name = "BatchNorm_0", config = 4)]
    pub bn: BatchNorm,
    #[module(name = "Dense_1", config = normal_bias(4, 3))]
    pub second: Dense,
}

/// A variable between two params: `b` takes counter 2.
#[derive(Params)]
pub struct VarBetween {
    #[shape(3)]
    #[init(normal())]
    pub a: Array1<f32>,
    #[variable("batch_stats")]
    #[shape(3)]
    #[init(zeros_init())]
    pub count: Array1<f32>,
    #[shape(3)]
    #[init(normal())]
    pub b: Array1<f32>,
}

/// An optional param and an optional submodule between params.
#[derive(Params)]
#[params(config = bool)]
#[init(w1 = normal(), b = normal(), w2 = normal())]
pub struct Optional {
    #[shape(3)]
    pub w1: Array1<f32>,
    #[when(*cfg)]
    #[shape(3)]
    pub b: Option<Array1<f32>>,
    #[when(*cfg)]
    #[module(config = normal_bias(3, 2))]
    pub p: Option<Dense>,
    #[shape(3)]
    pub w2: Array1<f32>,
    #[module(config = dense(3, 2))]
    pub head: Dense,
}

/// Every param and variable of the Flax model `name` of the `models` fixtures, bit for bit.
fn check<M: Params>(name: &str, seed: u64, config: &M::Config) -> M {
    common::check_model("models", name, seed, config)
}

fn collections_and_paths<M: Params>(model: &M) -> Vec<(String, String)> {
    let mut out = Vec::new();
    model.walk(&mut |p| out.push((p.collection.to_string(), p.path.to_string())));
    out
}

#[test]
fn batch_norm_between_denses() {
    let model = check::<BnDense>("bn_dense", 13, &());
    let walked = collections_and_paths(&model);
    let walked: Vec<(&str, &str)> = walked
        .iter()
        .map(|(c, p)| (c.as_str(), p.as_str()))
        .collect();
    assert_eq!(
        walked,
        [
            ("params", "Dense_0/kernel"),
            ("params", "Dense_0/bias"),
            ("batch_stats", "batch_stats/BatchNorm_0/mean"),
            ("batch_stats", "batch_stats/BatchNorm_0/var"),
            ("params", "BatchNorm_0/scale"),
            ("params", "BatchNorm_0/bias"),
            ("params", "Dense_1/kernel"),
            ("params", "Dense_1/bias"),
        ]
    );
    // batch_stats are not params.
    assert_eq!(model.param_count(), 5 * 4 + 4 + 4 + 4 + 4 * 3 + 3);
    let plan = BnDense::plan(&()).unwrap();
    let counters: Vec<(&str, u64)> = plan.iter().map(|p| (p.collection(), p.counter)).collect();
    assert_eq!(
        counters,
        [
            ("params", 1),
            ("params", 2),
            ("batch_stats", 0),
            ("batch_stats", 0),
            ("params", 1),
            ("params", 2),
            ("params", 1),
            ("params", 2),
        ]
    );
}

#[test]
fn a_variable_takes_no_counter() {
    check::<VarBetween>("var_between", 14, &());
    let plan = VarBetween::plan(&()).unwrap();
    assert_eq!(plan[2].counter, 2, "b is Flax's 2nd param");
}

#[test]
fn dense_without_bias() {
    let config = DenseConfig {
        use_bias: false,
        ..dense(4, 5)
    };
    let model = check::<Dense>("dense_no_bias", 15, &config);
    assert!(model.bias.is_none());
}

#[test]
fn optional_param_and_submodule_present() {
    let model = check::<Optional>("optional_on", 16, &true);
    assert!(model.b.is_some() && model.p.is_some());
    let plan = Optional::plan(&true).unwrap();
    assert_eq!(
        (plan[4].path.to_string(), plan[4].counter),
        ("w2".into(), 3)
    );
}

#[test]
fn optional_param_and_submodule_absent() {
    let model = check::<Optional>("optional_off", 16, &false);
    assert!(model.b.is_none() && model.p.is_none());
    let plan = Optional::plan(&false).unwrap();
    assert_eq!(
        (plan[1].path.to_string(), plan[1].counter),
        ("w2".into(), 2)
    );
}

#[test]
fn summary_marks_collections() {
    let summary = BnDense::summary(&()).unwrap();
    assert_eq!(summary.collections(), ["params", "batch_stats"]);
    assert_eq!(summary.count_in("batch_stats"), 8);
    assert_eq!(summary.count_in("params"), 47);
    assert_eq!(summary.rows[2].collection, "batch_stats");
    let text = summary.to_string();
    assert_eq!(
        text,
        "\
path                          shape   dtype    initializer          count  bytes
----------------------------  ------  -------  -------------------  -----  -----
Dense_0/kernel                (5, 4)  float32  lecun_normal()          20   80 B
Dense_0/bias                  (4,)    float32  normal(stddev=0.01)      4   16 B
batch_stats/BatchNorm_0/mean  (4,)    float32  zeros                    4   16 B
batch_stats/BatchNorm_0/var   (4,)    float32  ones                     4   16 B
BatchNorm_0/scale             (4,)    float32  ones                     4   16 B
BatchNorm_0/bias              (4,)    float32  zeros                    4   16 B
Dense_1/kernel                (4, 3)  float32  lecun_normal()          12   48 B
Dense_1/bias                  (3,)    float32  normal(stddev=0.01)      3   12 B
----------------------------  ------  -------  -------------------  -----  -----
Total params                                                           47  188 B
Total batch_stats                                                       8   32 B
"
    );
    // Without other collections the summary keeps its one total; an absent field has no row.
    let text = Optional::summary(&false).unwrap().to_string();
    assert!(text.lines().last().unwrap().starts_with("Total "), "{text}");
    assert!(!text.contains("Total params"), "{text}");
    assert!(
        !text.contains("p/kernel") && !text.contains("\nb "),
        "{text}"
    );
}

fn temp(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!(
        "fanin-collections-{name}-{}.safetensors",
        std::process::id()
    ))
}

fn tensor_names(path: &PathBuf) -> Vec<String> {
    let bytes = std::fs::read(path).unwrap();
    let file = safetensors::SafeTensors::deserialize(&bytes).unwrap();
    let mut names: Vec<String> = file.names().into_iter().map(String::from).collect();
    names.sort();
    names
}

#[test]
fn save_and_load_batch_stats() {
    let path = temp("bn");
    let model = BnDense::init(Key::new(13), &()).unwrap();
    io::save(&model, &path).unwrap();
    assert_eq!(
        tensor_names(&path),
        [
            "BatchNorm_0.bias",
            "BatchNorm_0.scale",
            "Dense_0.bias",
            "Dense_0.kernel",
            "Dense_1.bias",
            "Dense_1.kernel",
            "batch_stats.BatchNorm_0.mean",
            "batch_stats.BatchNorm_0.var",
        ]
    );
    let mut back: BnDense = io::load(&path, &()).unwrap();
    assert_eq!(back.bn.var, model.bn.var);
    assert_eq!(back.first.bias, model.first.bias);
    // Streamed init writes the same bytes.
    let streamed = temp("bn-stream");
    io::init_to_file::<BnDense>(Key::new(13), &(), &streamed).unwrap();
    assert_eq!(
        std::fs::read(&path).unwrap(),
        std::fs::read(&streamed).unwrap()
    );
    // Loaded values are the file's, not the initializer's.
    back.bn.mean.fill(0.25);
    io::save(&back, &path).unwrap();
    let again: BnDense = io::load(&path, &()).unwrap();
    assert!(again.bn.mean.iter().all(|&m| m == 0.25));
    std::fs::remove_file(&path).unwrap();
    std::fs::remove_file(&streamed).unwrap();
}

#[test]
fn save_and_load_optional_fields() {
    for on in [true, false] {
        let path = temp(&format!("optional-{on}"));
        let model = Optional::init(Key::new(16), &on).unwrap();
        io::save(&model, &path).unwrap();
        let names = tensor_names(&path);
        assert_eq!(names.contains(&"b".to_string()), on, "{names:?}");
        assert_eq!(names.contains(&"p.kernel".to_string()), on, "{names:?}");
        let back: Optional = io::load(&path, &on).unwrap();
        assert_eq!(back.b, model.b);
        assert_eq!(back.p.map(|p| p.kernel), model.p.map(|p| p.kernel));
        // The other setting does not match the file: names missing or extra.
        match io::load::<Optional>(&path, &!on) {
            Err(Error::Mismatch(message)) => {
                assert!(
                    message.contains("`b`") && message.contains("`p.kernel`"),
                    "{message}"
                )
            }
            other => panic!("{:?}", other.map(|_| ())),
        }
        std::fs::remove_file(&path).unwrap();
    }
}

#[test]
fn walk_planned_and_from_tensors_map() {
    let model = BnDense::init(Key::new(13), &()).unwrap();
    let mut entries = 0;
    model
        .walk_planned(&(), &mut |r, p| {
            assert_eq!(r.path, p.path);
            entries += 1;
        })
        .unwrap();
    assert_eq!(entries, 8);
    // A map keyed by dotted names (`batch_stats.BatchNorm_0.mean`) loads the model.
    let mut map = BTreeMap::new();
    model.walk(&mut |p| {
        map.insert(
            p.path.dotted(),
            fanin::params::TensorData {
                dtype: p.view.dtype(),
                shape: p.view.shape().to_vec(),
                data: p.view.to_le_bytes().into(),
            },
        );
    });
    assert!(map.contains_key("batch_stats.BatchNorm_0.mean"));
    let back = BnDense::from_tensors(&(), &mut map).unwrap();
    assert_eq!(back.bn.mean, model.bn.mean);
}
