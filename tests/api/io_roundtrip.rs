//! `fanin::io`: save/load round trips for every dtype and for nested and list modules, each
//! load error, atomic writes, the `/` separator, and streamed init equal to init-then-save
//! byte for byte.

#![deny(warnings)]

use fanin::half::{bf16, f16};
use fanin::io::{self, Options, Progress};
use fanin::ndarray::{Array1, Array2, Array3, ArrayD};
use fanin::{Error, Key, Params};

use crate::temp_dir::TempDir;

#[derive(Params)]
#[params(config = (usize, usize))]
#[init(kernel = lecun_normal(), bias = normal())]
pub struct Dense {
    #[shape(cfg.0, cfg.1)]
    pub kernel: Array2<f32>,
    #[shape(cfg.1)]
    pub bias: Array1<f32>,
}

/// Every dtype, a nested module and a list of modules.
#[derive(Params)]
#[params(config = usize)]
pub struct Mixed {
    #[shape(*cfg, 3)]
    #[init(glorot_uniform())]
    pub w64: Array2<f64>,
    #[shape(2, *cfg, 3)]
    #[init(truncated_normal().stddev(0.5))]
    pub w_bf16: Array3<bf16>,
    #[shape(*cfg)]
    #[init(uniform())]
    pub w_f16: Array1<f16>,
    #[module(config = (*cfg, 4))]
    pub dense: Dense,
    #[module(config = (4, 4), count = 3, name = "layers")]
    pub layers: Vec<Dense>,
    #[shape(3, 2)]
    #[init(normal())]
    pub tail: ArrayD<f32>,
}

/// With an orthogonal param (not elementwise) and a delta-orthogonal one.
#[derive(Params)]
#[params(config = usize)]
pub struct WithOrthogonal {
    #[shape(*cfg, 2 * *cfg)]
    #[init(orthogonal())]
    pub rotation: Array2<f32>,
    #[shape(3, *cfg, *cfg)]
    #[init(delta_orthogonal())]
    pub conv: Array3<f64>,
    #[module(config = (*cfg, 5))]
    pub head: Dense,
}

fn assert_mixed_eq(a: &Mixed, b: &Mixed) {
    assert_eq!(a.w64, b.w64);
    assert_eq!(a.w_bf16, b.w_bf16);
    assert_eq!(a.w_f16, b.w_f16);
    assert_eq!(a.dense.kernel, b.dense.kernel);
    assert_eq!(a.dense.bias, b.dense.bias);
    assert_eq!(a.layers.len(), b.layers.len());
    for (x, y) in a.layers.iter().zip(&b.layers) {
        assert_eq!(x.kernel, y.kernel);
        assert_eq!(x.bias, y.bias);
    }
    assert_eq!(a.tail, b.tail);
}

#[test]
fn round_trip_every_dtype_nested_and_lists() {
    let dir = TempDir::new("roundtrip");
    let path = dir.path("mixed.safetensors");
    let model = Mixed::init(Key::new(3), &5).unwrap();
    io::save(&model, &path).unwrap();
    let back: Mixed = io::load(&path, &5).unwrap();
    assert_mixed_eq(&model, &back);
    assert_eq!(dir.files(), ["mixed.safetensors"]);
}

#[test]
fn names_dtypes_and_shapes_are_flax_paths() {
    let dir = TempDir::new("names");
    let path = dir.path("mixed.safetensors");
    io::save(&Mixed::init(Key::new(0), &2).unwrap(), &path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let file = safetensors::SafeTensors::deserialize(&bytes).unwrap();
    let mut names = file.names();
    names.sort();
    assert_eq!(
        names,
        [
            "dense.bias",
            "dense.kernel",
            "layers_0.bias",
            "layers_0.kernel",
            "layers_1.bias",
            "layers_1.kernel",
            "layers_2.bias",
            "layers_2.kernel",
            "tail",
            "w64",
            "w_bf16",
            "w_f16"
        ]
    );
    let t = file.tensor("w_bf16").unwrap();
    assert_eq!(t.dtype(), safetensors::Dtype::BF16);
    assert_eq!(t.shape(), &[2, 2, 3]);
    assert_eq!(file.tensor("w64").unwrap().dtype(), safetensors::Dtype::F64);
    assert_eq!(
        file.tensor("w_f16").unwrap().dtype(),
        safetensors::Dtype::F16
    );
}

/// The bytes are those of the `safetensors` crate's own `serialize`.
#[test]
fn save_equals_the_safetensors_crate() {
    let dir = TempDir::new("crate");
    let path = dir.path("m.safetensors");
    let model = Mixed::init(Key::new(9), &4).unwrap();
    io::save(&model, &path).unwrap();
    let mut owned = Vec::new();
    model.walk(&mut |p| {
        let dtype = match p.view.dtype() {
            fanin::ElementType::F32 => safetensors::Dtype::F32,
            fanin::ElementType::F64 => safetensors::Dtype::F64,
            fanin::ElementType::BF16 => safetensors::Dtype::BF16,
            fanin::ElementType::F16 => safetensors::Dtype::F16,
        };
        owned.push((
            p.path.dotted(),
            dtype,
            p.view.shape().to_vec(),
            p.view.to_le_bytes(),
        ));
    });
    let views: Vec<(String, safetensors::tensor::TensorView<'_>)> = owned
        .iter()
        .map(|(n, d, s, b)| {
            (
                n.clone(),
                safetensors::tensor::TensorView::new(*d, s.clone(), b).unwrap(),
            )
        })
        .collect();
    let expected = safetensors::serialize(views, None).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), expected);
}

// --- load errors ---------------------------------------------------------------------------

#[derive(Params)]
#[params(config = usize)]
#[init(a = normal(), b = zeros_init())]
pub struct Two {
    #[shape(*cfg, 2)]
    pub a: Array2<f32>,
    #[shape(*cfg)]
    pub b: Array1<f32>,
}

#[derive(Params)]
#[params(config = usize)]
#[init(a = normal(), b = zeros_init(), c = ones_init())]
pub struct Three {
    #[shape(*cfg, 2)]
    pub a: Array2<f32>,
    #[shape(*cfg)]
    pub b: Array1<f32>,
    #[shape(*cfg)]
    pub c: Array1<f32>,
}

#[derive(Params)]
#[params(config = usize)]
#[init(a = normal(), b = zeros_init())]
pub struct TwoF64 {
    #[shape(*cfg, 2)]
    pub a: Array2<f64>,
    #[shape(*cfg)]
    pub b: Array1<f32>,
}

fn mismatch<T>(result: fanin::Result<T>) -> String {
    match result {
        Err(Error::Mismatch(message)) => message,
        Err(other) => panic!("expected Error::Mismatch, got {other:?}"),
        Ok(_) => panic!("expected Error::Mismatch, got Ok"),
    }
}

fn format<T>(result: fanin::Result<T>) -> String {
    match result {
        Err(Error::Format(message)) => message,
        Err(other) => panic!("expected Error::Format, got {other:?}"),
        Ok(_) => panic!("expected Error::Format, got Ok"),
    }
}

#[test]
fn load_names_a_missing_param() {
    let dir = TempDir::new("missing");
    let path = dir.path("two.safetensors");
    io::save(&Two::init(Key::new(0), &3).unwrap(), &path).unwrap();
    let message = mismatch(io::load::<Three>(&path, &3));
    assert!(message.contains("missing: no tensor `c`"), "{message}");
    assert!(message.contains("(1 problem)"), "{message}");
}

#[test]
fn load_names_an_extra_tensor() {
    let dir = TempDir::new("extra");
    let path = dir.path("three.safetensors");
    io::save(&Three::init(Key::new(0), &3).unwrap(), &path).unwrap();
    let message = mismatch(io::load::<Two>(&path, &3));
    assert!(message.contains("extra: the tensor `c`"), "{message}");
}

#[test]
fn load_names_a_wrong_dtype() {
    let dir = TempDir::new("dtype");
    let path = dir.path("two.safetensors");
    io::save(&Two::init(Key::new(0), &3).unwrap(), &path).unwrap();
    let message = mismatch(io::load::<TwoF64>(&path, &3));
    assert!(
        message.contains("dtype: `a` is stored as float32 but the model declares float64"),
        "{message}"
    );
}

#[test]
fn load_names_a_wrong_shape() {
    let dir = TempDir::new("shape");
    let path = dir.path("two.safetensors");
    io::save(&Two::init(Key::new(0), &3).unwrap(), &path).unwrap();
    let message = mismatch(io::load::<Two>(&path, &4));
    assert!(
        message.contains("shape: `a` is stored with shape [3, 2] but the config gives [4, 2]"),
        "{message}"
    );
    assert!(message.contains("shape: `b`"), "{message}");
    assert!(message.contains("(2 problems)"), "{message}");
}

#[test]
fn load_names_every_problem_of_a_nested_model() {
    let dir = TempDir::new("nested-errors");
    let path = dir.path("mixed.safetensors");
    io::save(&Mixed::init(Key::new(0), &2).unwrap(), &path).unwrap();
    let message = mismatch(io::load::<WithOrthogonal>(&path, &2));
    assert!(
        message.contains("missing: no tensor `head.kernel`"),
        "{message}"
    );
    assert!(
        message.contains("extra: the tensor `layers_1.bias`"),
        "{message}"
    );
}

#[test]
fn load_rejects_a_truncated_file() {
    let dir = TempDir::new("truncated");
    let path = dir.path("m.safetensors");
    io::save(&Two::init(Key::new(0), &3).unwrap(), &path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let n = u64::from_le_bytes(bytes[..8].try_into().unwrap()) as usize;
    // Cut in the data, in the header, in the length prefix, and to nothing.
    for cut in [bytes.len() - 1, bytes.len() - 8, 8 + n, 8 + n / 2, 5, 0] {
        std::fs::write(&path, &bytes[..cut]).unwrap();
        let message = format(io::load::<Two>(&path, &3));
        assert!(message.contains("m.safetensors"), "{message}");
        if cut >= 8 + n {
            assert!(message.contains("truncated"), "{cut}: {message}");
        }
    }
    // Trailing bytes are corrupt too.
    let mut longer = bytes.clone();
    longer.extend_from_slice(&[0; 4]);
    std::fs::write(&path, &longer).unwrap();
    format(io::load::<Two>(&path, &3));
}

#[test]
fn load_rejects_garbage() {
    let dir = TempDir::new("garbage");
    let path = dir.path("g.safetensors");
    let mut state = 0x9e3779b97f4a7c15u64;
    let garbage: Vec<u8> = (0..4096)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect();
    std::fs::write(&path, &garbage).unwrap();
    format(io::load::<Two>(&path, &3));
    // A plausible length with a broken JSON header.
    let mut bad = 16u64.to_le_bytes().to_vec();
    bad.extend_from_slice(b"{\"a\": [1, 2, 3]}");
    std::fs::write(&path, &bad).unwrap();
    let message = format(io::load::<Two>(&path, &3));
    assert!(message.contains("header"), "{message}");
    // Not UTF-8.
    let mut bad = 8u64.to_le_bytes().to_vec();
    bad.extend_from_slice(&[0xff; 8]);
    std::fs::write(&path, &bad).unwrap();
    format(io::load::<Two>(&path, &3));
    // Offsets that overlap.
    let header = br#"{"a":{"dtype":"F32","shape":[3,2],"data_offsets":[0,24]},"b":{"dtype":"F32","shape":[3],"data_offsets":[0,12]}}"#;
    let mut bad = (header.len() as u64).to_le_bytes().to_vec();
    bad.extend_from_slice(header);
    bad.extend_from_slice(&[0; 36]);
    std::fs::write(&path, &bad).unwrap();
    format(io::load::<Two>(&path, &3));
    // A huge claimed header.
    std::fs::write(&path, u64::MAX.to_le_bytes()).unwrap();
    format(io::load::<Two>(&path, &3));
}

#[test]
fn load_rejects_unsupported_dtypes_by_name() {
    let dir = TempDir::new("i32");
    let path = dir.path("i.safetensors");
    let header = br#"{"a":{"dtype":"I32","shape":[3,2],"data_offsets":[0,24]},"b":{"dtype":"F32","shape":[3],"data_offsets":[24,36]}}"#;
    let mut file = (header.len() as u64).to_le_bytes().to_vec();
    file.extend_from_slice(header);
    file.extend_from_slice(&[0; 36]);
    std::fs::write(&path, &file).unwrap();
    let message = mismatch(io::load::<Two>(&path, &3));
    assert!(message.contains("`a` is stored as I32"), "{message}");
}

#[test]
fn load_of_a_nonexistent_path_is_an_io_error() {
    let dir = TempDir::new("nonexistent");
    let path = dir.path("nope.safetensors");
    match io::load::<Two>(&path, &3) {
        Err(Error::Io { path: p, source }) => {
            assert_eq!(p, path);
            assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
        }
        other => panic!("expected Error::Io, got {:?}", other.map(|_| ())),
    }
}

// --- atomic writes -------------------------------------------------------------------------

#[test]
fn writes_are_atomic_and_replace_the_file() {
    let dir = TempDir::new("atomic");
    let path = dir.path("m.safetensors");
    std::fs::write(&path, b"old contents").unwrap();
    let first = Two::init(Key::new(1), &3).unwrap();
    io::save(&first, &path).unwrap();
    assert_eq!(dir.files(), ["m.safetensors"]);
    assert_eq!(io::load::<Two>(&path, &3).unwrap().a, first.a);
    let second = Two::init(Key::new(2), &3).unwrap();
    io::save(&second, &path).unwrap();
    assert_eq!(io::load::<Two>(&path, &3).unwrap().a, second.a);
    io::init_to_file::<Two>(Key::new(1), &3, &path).unwrap();
    assert_eq!(io::load::<Two>(&path, &3).unwrap().a, first.a);
    assert_eq!(dir.files(), ["m.safetensors"], "no temporary file is left");
}

#[test]
fn a_failed_write_leaves_nothing() {
    let dir = TempDir::new("failed");
    let missing_dir = dir.path("no/such/dir/m.safetensors");
    assert!(matches!(
        io::save(&Two::init(Key::new(1), &3).unwrap(), &missing_dir),
        Err(Error::Io { .. })
    ));
    // Two params named alike with the chosen separator: refused before writing anything.
    #[derive(Params)]
    #[init(b = zeros_init())]
    pub struct Inner {
        #[shape(2)]
        pub b: Array1<f32>,
    }
    #[derive(Params)]
    #[init(a_b = zeros_init())]
    pub struct Clash {
        #[module]
        pub a: Inner,
        #[shape(2)]
        pub a_b: Array1<f32>,
    }
    let path = dir.path("clash.safetensors");
    let options = Options::new().separator("_");
    let err = io::init_to_file_with::<Clash>(Key::new(0), &(), &path, &options).unwrap_err();
    assert!(err.to_string().contains("`a_b`"), "{err}");
    assert!(io::save_with(&Clash::init(Key::new(0), &()).unwrap(), &path, &options).is_err());
    assert!(dir.files().is_empty(), "{:?}", dir.files());
}

#[test]
fn a_failed_streamed_init_leaves_no_file() {
    let dir = TempDir::new("failed-init");
    let path = dir.path("m.safetensors");
    // orthogonal of a shape it rejects at run time (a zero axis is fine for JAX; a rank-2
    // `ArrayD` declared with rank 1 is caught by the derive, so use a custom initializer).
    struct Failing;
    impl fanin::init::Initializer for Failing {
        fn sample<T: fanin::Dtype>(&self, _key: Key, _shape: &[usize]) -> fanin::Result<ArrayD<T>> {
            Err(Error::invalid("always fails"))
        }
    }
    #[derive(Params)]
    pub struct Bad {
        #[shape(100)]
        #[init(zeros_init())]
        pub ok: Array1<f32>,
        #[shape(4, 4)]
        #[init(Failing)]
        pub bad: Array2<f32>,
    }
    let err = io::init_to_file::<Bad>(Key::new(0), &(), &path).unwrap_err();
    assert!(err.to_string().contains("always fails"), "{err}");
    assert!(dir.files().is_empty(), "{:?}", dir.files());
}

// --- separators ----------------------------------------------------------------------------

#[test]
fn slash_separator() {
    let dir = TempDir::new("slash");
    let path = dir.path("m.safetensors");
    let slash = Options::new().separator("/");
    let model = Mixed::init(Key::new(5), &3).unwrap();
    io::save_with(&model, &path, &slash).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let file = safetensors::SafeTensors::deserialize(&bytes).unwrap();
    assert!(file.tensor("layers_2/kernel").is_ok());
    assert!(file.tensor("layers_2.kernel").is_err());
    drop(file);
    assert_mixed_eq(&model, &io::load_with(&path, &3, &slash).unwrap());
    let message = mismatch(io::load::<Mixed>(&path, &3));
    assert!(
        message.contains("missing: no tensor `dense.kernel`"),
        "{message}"
    );
    assert!(
        message.contains("extra: the tensor `dense/kernel`"),
        "{message}"
    );
    // Streamed with `/` equals saved with `/`.
    let streamed = dir.path("s.safetensors");
    io::init_to_file_with::<Mixed>(Key::new(5), &3, &streamed, &slash).unwrap();
    assert_eq!(std::fs::read(&streamed).unwrap(), bytes);
}

// --- streaming -----------------------------------------------------------------------------

fn assert_stream_equals_save<M: Params>(key: Key, config: &M::Config, name: &str) {
    let dir = TempDir::new(name);
    let saved = dir.path("saved.safetensors");
    io::save(&M::init(key, config).unwrap(), &saved).unwrap();
    let expected = std::fs::read(&saved).unwrap();
    // Chunks of one element, odd sizes, and the default.
    for chunk in [1usize, 6, 100, 4096, 4 << 20] {
        let streamed = dir.path(&format!("streamed-{chunk}.safetensors"));
        let options = Options::new().chunk_bytes(chunk).progress(Progress::Never);
        io::init_to_file_with::<M>(key, config, &streamed, &options).unwrap();
        assert_eq!(
            std::fs::read(&streamed).unwrap(),
            expected,
            "{name}, chunks of {chunk} bytes"
        );
    }
}

#[test]
fn streamed_init_equals_init_then_save() {
    assert_stream_equals_save::<Dense>(Key::new(0), &(17, 33), "stream-dense");
    assert_stream_equals_save::<Mixed>(Key::new(1), &7, "stream-mixed");
    assert_stream_equals_save::<Three>(Key::new(2), &0, "stream-empty-axes");
    assert_stream_equals_save::<WithOrthogonal>(Key::new(3), &6, "stream-orthogonal");
    assert_stream_equals_save::<Three>(Key::from_data([7, 11]), &1000, "stream-three");
}

/// Random corruption (flipped bytes, truncation, bytes appended, a forged header length) gives
/// an error or, where the damage only hits values, a model; never a panic.
#[test]
fn random_corruption_never_panics() {
    use rand::{Rng, SeedableRng};
    let dir = TempDir::new("fuzz");
    let good = dir.path("good.safetensors");
    io::init_to_file::<Mixed>(Key::new(5), &3, &good).unwrap();
    let bytes = std::fs::read(&good).unwrap();
    let header_len = u64::from_le_bytes(bytes[..8].try_into().unwrap()) as usize;
    let mut rng = rand::rngs::StdRng::seed_from_u64(17);
    let bad = dir.path("bad.safetensors");
    for round in 0..400 {
        let mut damaged = bytes.clone();
        match round % 4 {
            0 => {
                // Flip a few bytes, mostly in the header where they matter.
                for _ in 0..rng.gen_range(1..4) {
                    let at = rng.gen_range(0..(8 + header_len + 16).min(damaged.len()));
                    damaged[at] ^= 1 << rng.gen_range(0..8);
                }
            }
            1 => damaged.truncate(rng.gen_range(0..bytes.len())),
            2 => damaged.extend((0..rng.gen_range(1..64)).map(|_| rng.r#gen::<u8>())),
            _ => {
                let bits = rng.gen_range(1..64);
                let forged: u64 = rng.gen_range(0..(1u64 << bits));
                damaged[..8].copy_from_slice(&forged.to_le_bytes());
            }
        }
        std::fs::write(&bad, &damaged).unwrap();
        let outcome = std::panic::catch_unwind(|| io::load::<Mixed>(&bad, &3).map(|_| ()));
        assert!(outcome.is_ok(), "round {round}: load panicked");
    }
}
