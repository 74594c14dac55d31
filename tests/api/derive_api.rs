//! The API of `#[derive(Params)]`: init with Flax's keys, plan, walk, summary, load,
//! scoping of initializer names, generics, dynamic rank, lists of submodules.

#![deny(warnings)]

use std::collections::BTreeMap;

use fanin::half::bf16;
use fanin::init::Initializer;
use fanin::ndarray::{Array1, Array2, ArrayD, IxDyn};
use fanin::params::{ModulePath, TensorData};
use fanin::{Dtype, Key, LazyRng, Params};

pub struct DenseConfig {
    pub in_features: usize,
    pub features: usize,
}

#[derive(Params, Debug)]
#[params(config = DenseConfig)]
#[init(kernel = lecun_normal(), bias = zeros_init())]
pub struct Dense {
    #[shape(cfg.in_features, cfg.features)]
    pub kernel: Array2<f32>,
    #[shape(cfg.features)]
    pub bias: Array1<f32>,
}

pub struct MlpConfig {
    pub sizes: Vec<usize>,
}

#[derive(Params)]
#[params(config = MlpConfig)]
pub struct Mlp {
    #[module(config = DenseConfig { in_features: cfg.sizes[0], features: cfg.sizes[1] })]
    pub dense1: Dense,
    #[module(config = DenseConfig { in_features: cfg.sizes[1], features: cfg.sizes[2] })]
    pub dense2: Dense,
    #[skip]
    pub note: String,
}

fn dense_config() -> DenseConfig {
    DenseConfig {
        in_features: 4,
        features: 5,
    }
}

#[test]
fn dense_matches_the_guide() {
    let dense = Dense::init(Key::new(0), &dense_config()).unwrap();
    let first: Vec<f32> = dense.kernel.row(0).to_vec();
    // The guide prints numpy's rounding; tests/models/derive_models.rs checks every bit.
    let guide = [0.0413083, -0.8247015, -0.8536315, 0.38350445, 0.6081429];
    assert!(
        first.iter().zip(guide).all(|(a, b)| (a - b).abs() < 1e-6),
        "{first:?}"
    );
    let expected = fanin::init::lecun_normal()
        .sample::<f32>(LazyRng::new(Key::new(0)).param(1), &[4, 5])
        .unwrap();
    assert_eq!(dense.kernel.clone().into_dyn(), expected);
    assert!(dense.bias.iter().all(|&b| b == 0.0));
    assert_eq!(dense.param_count(), 25);
}

#[test]
fn submodules_use_their_path() {
    let config = MlpConfig {
        sizes: vec![4, 8, 3],
    };
    let mlp = Mlp::init(Key::new(7), &config).unwrap();
    let key = LazyRng::new(Key::new(7)).child("dense2").param(1);
    let expected = fanin::init::lecun_normal()
        .sample::<f32>(key, &[8, 3])
        .unwrap();
    assert_eq!(mlp.dense2.kernel.clone().into_dyn(), expected);
    assert_eq!(mlp.note, "");
    let mut paths = Vec::new();
    mlp.walk(&mut |p| paths.push(p.path.to_string()));
    assert_eq!(
        paths,
        [
            "dense1/kernel",
            "dense1/bias",
            "dense2/kernel",
            "dense2/bias"
        ]
    );
    assert_eq!(mlp.param_count(), 4 * 8 + 8 + 8 * 3 + 3);
}

#[test]
fn plan_generates_the_same_bytes_by_range() {
    let config = MlpConfig {
        sizes: vec![4, 8, 3],
    };
    let root = Key::new(3);
    let mlp = Mlp::init(root, &config).unwrap();
    let plan = Mlp::plan(&config).unwrap();
    assert_eq!(plan.len(), 4);
    let mut i = 0;
    mlp.walk(&mut |p| {
        let entry = &plan[i];
        i += 1;
        assert_eq!(entry.path, p.path);
        assert_eq!(entry.shape, p.view.shape());
        assert_eq!(entry.dtype, p.view.dtype());
        let whole = p.view.to_le_bytes();
        assert_eq!(entry.sample_le(root).unwrap(), whole);
        // any range
        let n = entry.len();
        for (start, len) in [(0, 1), (1, n - 1), (n / 2, n - n / 2)] {
            let mut out = vec![0u8; len * 4];
            entry.fill_le(root, start as u64, &mut out).unwrap();
            assert_eq!(out, whole[start * 4..(start + len) * 4]);
        }
    });
    assert_eq!(
        plan[2].key(root),
        LazyRng::new(root).child("dense2").param(1)
    );
    assert_eq!(plan[0].init, "lecun_normal()");
    assert!(plan[0].elementwise);
    assert!(plan[0].fill_le(root, 0, &mut [0u8; 3]).is_err());
    assert!(plan[0].fill_le(root, 31, &mut [0u8; 8]).is_err());
}

#[test]
fn summary_and_walk_planned() {
    let config = MlpConfig {
        sizes: vec![4, 8, 3],
    };
    let summary = Mlp::summary(&config).unwrap();
    assert_eq!(summary.total_count(), 4 * 8 + 8 + 8 * 3 + 3);
    assert_eq!(summary.total_bytes(), summary.total_count() * 4);
    let text = summary.to_string();
    assert!(
        text.contains("dense1/kernel  (4, 8)  float32  lecun_normal()"),
        "{text}"
    );
    assert!(text.contains("Total"), "{text}");
    let mlp = Mlp::init(Key::new(0), &config).unwrap();
    let mut inits = Vec::new();
    mlp.walk_planned(&config, &mut |_, plan| inits.push(plan.init.clone()))
        .unwrap();
    assert_eq!(inits.len(), 4);
}

#[test]
fn from_tensors_round_trips_and_checks() {
    let config = MlpConfig {
        sizes: vec![2, 3, 1],
    };
    let mlp = Mlp::init(Key::new(1), &config).unwrap();
    let mut map = BTreeMap::new();
    mlp.walk(&mut |p| {
        map.insert(
            p.path.dotted(),
            TensorData {
                dtype: p.view.dtype(),
                shape: p.view.shape().to_vec(),
                data: p.view.to_le_bytes().into(),
            },
        );
    });
    let loaded = Mlp::from_tensors(&config, &mut map.clone()).unwrap();
    assert_eq!(loaded.dense1.kernel, mlp.dense1.kernel);
    assert_eq!(loaded.dense2.bias, mlp.dense2.bias);

    let wrong = MlpConfig {
        sizes: vec![2, 4, 1],
    };
    let error = Mlp::from_tensors(&wrong, &mut map.clone())
        .err()
        .unwrap()
        .to_string();
    assert!(
        error.contains("dense1/kernel") && error.contains("shape"),
        "{error}"
    );

    let mut missing = map.clone();
    missing.remove("dense2.bias");
    let error = Mlp::from_tensors(&config, &mut missing)
        .err()
        .unwrap()
        .to_string();
    assert!(error.contains("dense2.bias"), "{error}");

    let mut retyped = map;
    if let Some(t) = retyped.get_mut("dense1.bias") {
        t.dtype = fanin::ElementType::F64;
    }
    let error = Mlp::from_tensors(&config, &mut retyped)
        .err()
        .unwrap()
        .to_string();
    assert!(error.contains("float64"), "{error}");
}

/// A user initializer: `arange`, implementing `Initializer` only.
#[derive(Clone, Copy)]
pub struct Arange;

impl Initializer for Arange {
    fn sample<T: Dtype>(&self, _key: Key, shape: &[usize]) -> fanin::Result<ArrayD<T>> {
        let n: usize = shape.iter().product();
        let data = (0..n).map(|i| T::from_f64(i as f64)).collect();
        ArrayD::from_shape_vec(IxDyn(shape), data).map_err(|e| fanin::Error::invalid(e.to_string()))
    }
    fn describe(&self) -> String {
        "arange()".into()
    }
}

mod shadowing {
    use super::Arange;
    use fanin::ndarray::Array1;
    use fanin::Params;

    /// The user's own `lecun_normal` shadows fanin's.
    pub fn lecun_normal() -> Arange {
        Arange
    }

    #[derive(Params)]
    pub struct Shadowed {
        #[shape(3)]
        #[init(self::lecun_normal())]
        pub explicit: Array1<f32>,
        #[shape(3)]
        #[init(normal())]
        pub from_fanin: Array1<f32>,
    }

    #[derive(Params)]
    pub struct ShadowedBare {
        #[shape(2, 2)]
        #[init(lecun_normal())]
        pub w: fanin::ndarray::Array2<f32>,
    }
}

#[test]
fn user_names_shadow_fanin_names() {
    let m = shadowing::Shadowed::init(Key::new(0), &()).unwrap();
    assert_eq!(m.explicit.to_vec(), [0.0, 1.0, 2.0]);
    assert!(m.from_fanin.iter().all(|&v| v != 0.0 && v.abs() < 0.1));
    let m = shadowing::ShadowedBare::init(Key::new(0), &()).unwrap();
    assert_eq!(
        m.w.iter().copied().collect::<Vec<_>>(),
        [0.0, 1.0, 2.0, 3.0]
    );
    assert_eq!(
        shadowing::ShadowedBare::plan(&()).unwrap()[0].init,
        "arange()"
    );
}

/// One layer for every dtype, with its initializer taken from the config.
pub struct GenericConfig<I> {
    pub n: usize,
    pub kernel_init: I,
}

#[derive(Params)]
#[params(config = GenericConfig<I>)]
pub struct Generic<T: Dtype, I: Initializer + Clone + Send + Sync + 'static> {
    #[shape(cfg.n, cfg.n)]
    #[init(cfg.kernel_init.clone())]
    pub kernel: Array2<T>,
    #[shape(cfg.n)]
    #[init(ones)]
    pub scale: ndarray_alias::Array1<T>,
    #[skip]
    pub marker: std::marker::PhantomData<I>,
}

mod ndarray_alias {
    pub use fanin::ndarray::Array1;
}

#[test]
fn generic_structs_and_config_initializers() {
    let config = GenericConfig {
        n: 3,
        kernel_init: fanin::init::normal().stddev(0.5),
    };
    let m = Generic::<bf16, _>::init(Key::new(0), &config).unwrap();
    let expected = fanin::init::normal()
        .stddev(0.5)
        .sample::<bf16>(LazyRng::new(Key::new(0)).param(1), &[3, 3])
        .unwrap();
    assert_eq!(m.kernel.into_dyn(), expected);
    assert!(m.scale.iter().all(|&v| v == bf16::ONE));
    let plan = Generic::<bf16, fanin::init::Normal>::plan(&config).unwrap();
    assert_eq!(plan[0].dtype, fanin::ElementType::BF16);
}

#[derive(Params)]
pub struct Dynamic {
    #[shape(2, 3, 4)]
    #[init(he_normal())]
    pub w: ArrayD<f64>,
    #[shape(2)]
    #[init(he_normal())]
    pub bad: ArrayD<f64>,
}

#[derive(Params)]
pub struct DynamicOk {
    #[shape(2, 3, 4)]
    #[init(he_normal())]
    pub w: ArrayD<f64>,
}

#[test]
fn dynamic_rank_is_checked_at_run_time() {
    let m = DynamicOk::init(Key::new(0), &()).unwrap();
    assert_eq!(m.w.shape(), &[2, 3, 4]);
    let error = Dynamic::init(Key::new(0), &()).err().unwrap().to_string();
    assert!(error.starts_with("bad: "), "{error}");
}

pub struct StackConfig {
    pub layers: usize,
}

#[derive(Params)]
#[params(config = StackConfig)]
pub struct Stack {
    #[module(config = DenseConfig { in_features: 2, features: 2 }, count = cfg.layers)]
    pub layers: Vec<Dense>,
    #[module(config = dense_config(), name = "Dense_0")]
    pub head: Dense,
}

#[test]
fn lists_and_names() {
    let stack = Stack::init(Key::new(0), &StackConfig { layers: 3 }).unwrap();
    assert_eq!(stack.layers.len(), 3);
    let mut paths = Vec::new();
    stack.walk(&mut |p| paths.push(p.path.to_string()));
    assert_eq!(
        paths,
        [
            "layers_0/kernel",
            "layers_0/bias",
            "layers_1/kernel",
            "layers_1/bias",
            "layers_2/kernel",
            "layers_2/bias",
            "Dense_0/kernel",
            "Dense_0/bias"
        ]
    );
    let key = LazyRng::new(Key::new(0)).child("layers_1").param(1);
    let expected = fanin::init::lecun_normal()
        .sample::<f32>(key, &[2, 2])
        .unwrap();
    assert_eq!(stack.layers[1].kernel.clone().into_dyn(), expected);
    let path = ModulePath::root().child("Dense_0").param("bias");
    assert_eq!(
        Stack::plan(&StackConfig { layers: 3 }).unwrap()[7].path,
        path
    );
}

/// Raw identifiers: a field `r#type` is `type` in Flax paths, tensor names and key hashes.
pub mod raw {
    use fanin::ndarray::Array1;
    use fanin::Params;

    #[derive(Params)]
    #[init(r#type = normal())]
    pub struct Inner {
        #[shape(3)]
        pub r#type: Array1<f32>,
    }

    #[derive(Params)]
    #[init(type = normal())]
    pub struct Outer {
        #[shape(2)]
        #[init(zeros)]
        pub bias: Array1<f32>,
        #[shape(2)]
        pub r#type: Array1<f32>,
        #[module]
        pub r#struct: Inner,
    }
}

#[test]
fn raw_identifiers_are_flax_names_without_r_hash() {
    use fanin::init::normal;
    let root = Key::new(5);
    let m = raw::Outer::init(root, &()).unwrap();
    let mut paths = Vec::new();
    m.walk(&mut |p| paths.push((p.path.to_string(), p.path.dotted())));
    assert_eq!(
        paths,
        [
            ("bias".to_string(), "bias".to_string()),
            ("type".to_string(), "type".to_string()),
            ("struct/type".to_string(), "struct.type".to_string())
        ]
    );
    // The keys hash `type` and `struct`, as Flax does for attributes of those names.
    let own = normal()
        .sample::<f32>(LazyRng::new(root).param(2), &[2])
        .unwrap();
    assert_eq!(m.r#type.clone().into_dyn(), own);
    let inner = normal()
        .sample::<f32>(LazyRng::new(root).child("struct").param(1), &[3])
        .unwrap();
    assert_eq!(m.r#struct.r#type.clone().into_dyn(), inner);
    let plan = raw::Outer::plan(&()).unwrap();
    assert_eq!(
        plan[2].path,
        ModulePath::root().child("struct").param("type")
    );
    assert_eq!(
        plan[2].key(root),
        LazyRng::new(root).child("struct").param(1)
    );
    // Tensor names: `struct.type`.
    let mut map = BTreeMap::new();
    m.walk(&mut |p| {
        map.insert(
            p.path.dotted(),
            TensorData {
                dtype: p.view.dtype(),
                shape: p.view.shape().to_vec(),
                data: p.view.to_le_bytes().into(),
            },
        );
    });
    assert!(map.contains_key("struct.type"));
    let back = raw::Outer::from_tensors(&(), &mut map).unwrap();
    assert_eq!(back.r#struct.r#type, m.r#struct.r#type);
}

pub struct CollideConfig {
    pub n: usize,
}

/// `layers_1` may be an item of `layers`: that depends on the count, so it is checked when
/// the count is known.
#[derive(Params)]
#[params(config = CollideConfig)]
pub struct MayCollide {
    #[module(config = DenseConfig { in_features: 2, features: 2 }, count = cfg.n)]
    pub layers: Vec<Dense>,
    #[module(config = dense_config(), name = "layers_1")]
    pub head: Dense,
}

#[test]
fn possible_collisions_are_errors_at_run_time() {
    let fine = CollideConfig { n: 1 };
    assert!(MayCollide::init(Key::new(0), &fine).is_ok());
    assert_eq!(MayCollide::plan(&fine).unwrap().len(), 4);
    let clash = CollideConfig { n: 2 };
    for error in [
        MayCollide::init(Key::new(0), &clash).err().unwrap(),
        MayCollide::plan(&clash).err().unwrap(),
        MayCollide::from_tensors(&clash, &mut BTreeMap::new())
            .err()
            .unwrap(),
    ] {
        let text = error.to_string();
        assert!(matches!(error, fanin::Error::InvalidArgument(_)), "{text}");
        assert!(
            text.starts_with(
                "`layers_1` is both the field `head` and item 1 of the list `layers` (2 items)"
            ),
            "{text}"
        );
    }
}

#[derive(Params)]
#[params(config = CollideConfig)]
pub struct Huge {
    #[shape(cfg.n, cfg.n)]
    #[init(zeros)]
    pub w: Array2<f32>,
}

#[test]
fn plan_rejects_what_init_rejects() {
    // 2^31 x 2^31 f32 elements: the count fits in isize, the bytes do not.
    let config = CollideConfig { n: 1 << 31 };
    let plan = Huge::plan(&config).err().unwrap().to_string();
    let init = Huge::init(Key::new(0), &config).err().unwrap().to_string();
    assert_eq!(plan, init);
    assert!(
        plan.starts_with(
            "w: shape [2147483648, 2147483648] of float32 needs 18446744073709551616 bytes"
        ),
        "{plan}"
    );
    let load = Huge::from_tensors(&config, &mut BTreeMap::new())
        .err()
        .unwrap()
        .to_string();
    assert_eq!(load, plan);
}

#[test]
fn walks_name_the_collection_and_plans_keep_their_settings() {
    use fanin::{with_execution, Execution};
    let dense = Dense::init(Key::new(0), &dense_config()).unwrap();
    dense.walk(&mut |p| assert_eq!(p.collection, "params"));

    #[derive(Params)]
    struct Normal {
        #[shape(16, 16)]
        #[init(normal().stddev(0.02))]
        w: Array2<f32>,
    }
    let root = Key::new(0);
    let jit = Normal::init_jit(root, &()).unwrap();
    let eager = Normal::init(root, &()).unwrap();
    assert_ne!(jit.w, eager.w);
    assert_eq!(
        with_execution(Execution::Jit, || Normal::init(root, &()))
            .unwrap()
            .w,
        jit.w
    );
    // A plan made under Jit fills Jit's bits, wherever and whenever it runs.
    let plan = with_execution(Execution::Jit, || Normal::plan(&())).unwrap();
    let bytes = std::thread::spawn(move || plan[0].sample_le(root).unwrap())
        .join()
        .unwrap();
    let expected: Vec<u8> = jit.w.iter().flat_map(|v| v.to_le_bytes()).collect();
    assert_eq!(bytes, expected);
}
