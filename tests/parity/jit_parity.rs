//! `jax.jit`-compiled init (`fanin::Execution::Jit`, `Params::init_jit`) against fixtures made
//! by the real `jax.jit` (scripts/fixtures/jit_cases.py); and op-by-op results differ from them
//! where XLA folds constants, so these tests can tell the two apart.

use crate::common;

use common::{load, Case};
use fanin::half::{bf16, f16};
use fanin::init::*;
use fanin::ndarray::{Array1, Array2};
use fanin::{io, with_execution, Dtype, Execution, Key, Params};

fn initializer(name: &str) -> Box<dyn DynInitializer> {
    match name {
        "normal" => Box::new(normal().stddev(0.02)),
        "embed" => Box::new(variance_scaling(1.0, Mode::FanIn, Distribution::Normal).out_axis(0)),
        "fan_avg_normal" => Box::new(variance_scaling(1.3, Mode::FanAvg, Distribution::Normal)),
        "lecun_normal" => Box::new(lecun_normal()),
        "uniform" => Box::new(uniform().scale(0.1)),
        other => panic!("unknown initializer {other}"),
    }
}

/// Returns whether the op-by-op result differs from the jit fixture.
fn check_init<T: Dtype>(case: &Case) -> bool {
    let init = initializer(case.get("init"));
    let key = Key::new(case.u64("seed"));
    let shape = case.shape();
    let jit = with_execution(Execution::Jit, || init.sample::<T>(key, &shape)).unwrap();
    case.assert_bits(&jit);
    let eager = init.sample::<T>(key, &shape).unwrap();
    eager != jit
}

#[test]
fn initializers_match_jax_jit() {
    for case in load("jit").iter().filter(|c| c.get("op") == "init") {
        let differs = with_dtype!(case.dtype(), check_init(case));
        // XLA folds sqrt2 * stddev of the normal ones, except in bf16.
        let folds = ["normal", "embed", "fan_avg_normal"].contains(&case.get("init"))
            && case.dtype() != "bfloat16";
        assert_eq!(
            differs, folds,
            "{}: eager and jit differ: {differs}",
            case.name
        );
    }
}

pub struct EmbedConfig(usize, usize);

#[derive(Params)]
#[params(config = EmbedConfig)]
pub struct Embed<T: Dtype> {
    #[shape(cfg.0, cfg.1)]
    #[init(variance_scaling(1.0, Mode::FanIn, Distribution::Normal).out_axis(0))]
    pub embedding: Array2<T>,
}

#[derive(Params)]
#[params(config = (usize, usize))]
#[init(kernel = lecun_normal(), bias = normal().stddev(0.05))]
pub struct Dense<T: Dtype> {
    #[shape(cfg.0, cfg.1)]
    pub kernel: Array2<T>,
    #[shape(cfg.1)]
    pub bias: Array1<T>,
}

#[derive(Params)]
#[params(config = usize)]
#[init(scale = ones_init(), bias = zeros_init())]
pub struct LayerNorm<T: Dtype> {
    #[shape(*cfg)]
    pub scale: Array1<T>,
    #[shape(*cfg)]
    pub bias: Array1<T>,
}

/// The `Lm` of jit_cases.py: `setup` assigns embed, dense, norm, then the param `bias`.
#[derive(Params)]
pub struct Lm<T: Dtype> {
    #[module(config = EmbedConfig(50, 16))]
    pub embed: Embed<T>,
    #[module(config = (16, 24))]
    pub dense: Dense<T>,
    #[module(config = 24)]
    pub norm: LayerNorm<T>,
    #[shape(24)]
    #[init(normal().stddev(0.02))]
    pub bias: Array1<T>,
}

fn check_model<T: Dtype>(dtype: &str) {
    let cases: Vec<Case> = load("jit")
        .into_iter()
        .filter(|c| c.get("op") == "model" && c.dtype() == dtype)
        .collect();
    let model = Lm::<T>::init_jit(Key::new(3), &()).unwrap();
    let mut checked = 0;
    model.walk(&mut |p| {
        let name = format!("model/{dtype}/{}", p.path);
        let case = cases
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("no case {name}"));
        let bits: Vec<u64> = p
            .view
            .to_le_bytes()
            .chunks(T::DTYPE.size())
            .map(|b| {
                let mut raw = [0u8; 8];
                raw[..b.len()].copy_from_slice(b);
                u64::from_le_bytes(raw)
            })
            .collect();
        case.assert_raw(&bits, T::DTYPE.size());
        checked += 1;
    });
    assert_eq!(checked, cases.len());

    // Streamed to a file under the same execution: the same bytes as init_jit then save.
    let dir = std::env::temp_dir();
    let saved = dir.join(format!(
        "fanin-jit-saved-{dtype}-{}.safetensors",
        std::process::id()
    ));
    let streamed = dir.join(format!(
        "fanin-jit-streamed-{dtype}-{}.safetensors",
        std::process::id()
    ));
    io::save(&model, &saved).unwrap();
    let options = io::Options::new().execution(Execution::Jit);
    io::init_to_file_with::<Lm<T>>(Key::new(3), &(), &streamed, &options).unwrap();
    assert_eq!(
        std::fs::read(&saved).unwrap(),
        std::fs::read(&streamed).unwrap()
    );
    std::fs::remove_file(saved).unwrap();
    std::fs::remove_file(streamed).unwrap();
}

#[test]
fn model_init_jit_matches_jax_jit_model_init() {
    check_model::<f32>("float32");
    check_model::<f64>("float64");
    check_model::<bf16>("bfloat16");
    check_model::<f16>("float16");
}

#[test]
fn execution_is_scoped() {
    assert_eq!(fanin::current_execution(), Execution::Eager);
    with_execution(Execution::Jit, || {
        assert_eq!(fanin::current_execution(), Execution::Jit);
        with_execution(Execution::Eager, || {
            assert_eq!(fanin::current_execution(), Execution::Eager)
        });
        assert_eq!(fanin::current_execution(), Execution::Jit);
    });
    assert_eq!(fanin::current_execution(), Execution::Eager);
}
