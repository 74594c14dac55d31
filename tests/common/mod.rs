//! Reading the fixtures that `scripts/gen_fixtures.py` made with the real JAX and Flax, and
//! comparing arrays with them bit for bit.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use fanin::half::{bf16, f16};
use fanin::ndarray::ArrayD;
use fanin::{random, Dtype, Key};
use safetensors::{Dtype as StDtype, SafeTensors};
use sha1::{Digest, Sha1};

/// One case: the parameters of the call and the raw bits JAX produced.
pub struct Case {
    pub name: String,
    pub params: BTreeMap<String, String>,
    /// The stored bits (the whole array, or its first 256 elements if `sha1` is set).
    pub bits: Vec<u64>,
}

impl Case {
    /// The `jax.random` sampler the case names (`op`), called with its parameters in this
    /// thread's Threefry mode.
    pub fn sample<T: Dtype>(&self) -> ArrayD<T> {
        let (key, shape) = (self.key(), self.shape());
        match self.get("op") {
            "uniform" => random::uniform::<T>(
                key,
                &shape,
                T::from_f64(self.f64("minval")),
                T::from_f64(self.f64("maxval")),
            ),
            "normal" => random::normal::<T>(key, &shape),
            "truncated_normal" => random::truncated_normal::<T>(
                key,
                T::from_f64(self.f64("lower")),
                T::from_f64(self.f64("upper")),
                &shape,
            ),
            other => panic!("{}: unknown op {other}", self.name),
        }
    }

    pub fn get(&self, key: &str) -> &str {
        self.params
            .get(key)
            .unwrap_or_else(|| panic!("{}: no parameter {key}", self.name))
    }
    pub fn has(&self, key: &str) -> bool {
        self.params.contains_key(key)
    }
    pub fn f64(&self, key: &str) -> f64 {
        self.get(key).parse().unwrap()
    }
    pub fn u64(&self, key: &str) -> u64 {
        self.get(key).parse().unwrap()
    }
    pub fn isizes(&self, key: &str) -> Vec<isize> {
        list(self.get(key)).map(|s| s.parse().unwrap()).collect()
    }
    pub fn usizes(&self, key: &str) -> Vec<usize> {
        list(self.get(key)).map(|s| s.parse().unwrap()).collect()
    }
    pub fn shape(&self) -> Vec<usize> {
        self.usizes("shape")
    }
    pub fn dtype(&self) -> &str {
        self.get("dtype")
    }
    pub fn key(&self) -> Key {
        let words = self.usizes("key");
        Key::from_data([words[0] as u32, words[1] as u32])
    }

    /// Checks `actual` against the case bit for bit; on failure, reports how many elements
    /// differ, the first few, and the worst distance in units in the last place.
    pub fn assert_bits<T: Dtype>(&self, actual: &ArrayD<T>) {
        assert_eq!(actual.shape(), &self.shape()[..], "{}: shape", self.name);
        let values: Vec<T> = actual.iter().copied().collect();
        let got: Vec<u64> = values.iter().map(|&v| to_bits(v)).collect();
        self.assert_raw(&got, T::DTYPE.size());
    }

    /// [`assert_bits`](Case::assert_bits), except for a case marked `orthogonal` (a param
    /// Flax draws with `orthogonal()`, through a QR decomposition): within 1e-5.
    pub fn assert_close_or_bits<T: Dtype>(&self, actual: &ArrayD<T>) {
        if !self.has("orthogonal") {
            return self.assert_bits(actual);
        }
        assert_eq!(actual.shape(), &self.shape()[..], "{}: shape", self.name);
        let width = T::DTYPE.size();
        assert_eq!(self.bits.len(), actual.len(), "{}: length", self.name);
        let worst = self
            .bits
            .iter()
            .zip(actual.iter())
            .map(|(&bits, got)| {
                let mut want = [T::from_f64(0.0)];
                T::read_le(&bits.to_le_bytes()[..width], &mut want);
                (want[0].to_f64() - got.to_f64()).abs()
            })
            .fold(0.0, f64::max);
        assert!(
            worst <= 1e-5,
            "{}: orthogonal differs by {worst}",
            self.name
        );
    }

    /// Checks raw bits (`width` bytes each) against the case.
    pub fn assert_raw(&self, got: &[u64], width: usize) {
        if let Some(digest) = self.params.get("sha1") {
            let prefix = &got[..self.bits.len().min(got.len())];
            self.compare(prefix, width);
            assert_eq!(
                &sha1_hex(got, width),
                digest,
                "{}: SHA-1 of the whole array",
                self.name
            );
        } else {
            assert_eq!(got.len(), self.bits.len(), "{}: length", self.name);
            self.compare(got, width);
        }
    }

    fn compare(&self, got: &[u64], width: usize) {
        let mismatches: Vec<usize> = (0..got.len()).filter(|&i| got[i] != self.bits[i]).collect();
        if mismatches.is_empty() {
            return;
        }
        let worst = mismatches
            .iter()
            .map(|&i| ulp_distance(got[i], self.bits[i], width))
            .max()
            .unwrap();
        let examples: Vec<String> = mismatches
            .iter()
            .take(5)
            .map(|&i| format!("[{i}] got {:#x} want {:#x}", got[i], self.bits[i]))
            .collect();
        panic!(
            "{}: {} of {} elements differ (worst {} ulp): {}",
            self.name,
            mismatches.len(),
            got.len(),
            worst,
            examples.join(", ")
        );
    }
}

fn list(s: &str) -> impl Iterator<Item = &str> {
    s.split(',').filter(|p| !p.is_empty())
}

/// The bit pattern of a value of any dtype, widened to `u64`.
pub fn to_bits<T: Dtype>(v: T) -> u64 {
    let mut bytes = [0u8; 8];
    T::write_le(&[v], &mut bytes[..T::DTYPE.size()]);
    u64::from_le_bytes(bytes)
}

fn sha1_hex(bits: &[u64], width: usize) -> String {
    let mut hasher = Sha1::new();
    for b in bits {
        hasher.update(&b.to_le_bytes()[..width]);
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Distance between two floats of `width` bytes, in units in the last place.
fn ulp_distance(a: u64, b: u64, width: usize) -> u64 {
    let sign = 1u64 << (width * 8 - 1);
    let ordered = |x: u64| -> i128 {
        if x & sign != 0 {
            -((x & (sign - 1)) as i128)
        } else {
            x as i128
        }
    };
    (ordered(a) - ordered(b)).unsigned_abs() as u64
}

/// All cases of `tests/fixtures/<file>.safetensors`, in name order.
pub fn load(file: &str) -> Vec<Case> {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "tests",
        "fixtures",
        &format!("{file}.safetensors"),
    ]
    .iter()
    .collect();
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (_, header) = SafeTensors::read_metadata(&bytes).unwrap();
    let metadata = header.metadata().clone().unwrap_or_default();
    let tensors = SafeTensors::deserialize(&bytes).unwrap();
    let mut cases: Vec<Case> = tensors
        .tensors()
        .into_iter()
        .map(|(name, view)| {
            let data = view.data();
            let bits: Vec<u64> = match view.dtype() {
                StDtype::U16 => data
                    .chunks_exact(2)
                    .map(|c| u16::from_le_bytes([c[0], c[1]]) as u64)
                    .collect(),
                StDtype::U32 => data
                    .chunks_exact(4)
                    .map(|c| u32::from_le_bytes(c.try_into().unwrap()) as u64)
                    .collect(),
                StDtype::U64 => data
                    .chunks_exact(8)
                    .map(|c| u64::from_le_bytes(c.try_into().unwrap()))
                    .collect(),
                other => panic!("{name}: unexpected fixture dtype {other:?}"),
            };
            let params = metadata
                .get(&name)
                .map(|line| {
                    line.split(';')
                        .filter_map(|kv| kv.split_once('='))
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect()
                })
                .unwrap_or_default();
            Case { name, params, bits }
        })
        .collect();
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    assert!(!cases.is_empty(), "{}: no cases", path.display());
    cases
}

/// Calls `f::<T>` with the Rust type named by a fixture's dtype.
#[macro_export]
macro_rules! with_dtype {
    ($dtype:expr, $f:ident ( $($arg:expr),* )) => {
        match $dtype {
            "float32" => $f::<f32>($($arg),*),
            "float64" => $f::<f64>($($arg),*),
            "bfloat16" => $f::<fanin::half::bf16>($($arg),*),
            "float16" => $f::<fanin::half::f16>($($arg),*),
            other => panic!("unknown dtype {other}"),
        }
    };
}

pub type Bf16 = bf16;
pub type F16 = f16;

/// Initializes `M` from `Key::new(seed)` and checks every param and variable against the cases
/// `<name>/<path>` of the fixture file `file` (variables: `<name>/<collection>/<path>`, as
/// `flax.traverse_util.flatten_dict` names them), bit for bit, by init and by the plan; and
/// that the model has exactly Flax's variables. Returns the model.
pub fn check_model<M: fanin::Params>(file: &str, name: &str, seed: u64, config: &M::Config) -> M {
    use fanin::params::ParamView;
    let cases: BTreeMap<String, Case> = load(file)
        .into_iter()
        .filter_map(|c| {
            let path = c.name.strip_prefix(&format!("{name}/"))?.to_string();
            Some((path, c))
        })
        .collect();
    assert!(!cases.is_empty(), "no fixture for {name} in {file}");
    let root = Key::new(seed);
    let model = M::init(root, config).unwrap();
    let plan = M::plan(config).unwrap();
    let mut seen = Vec::new();
    model.walk(&mut |p| {
        let path = p.path.to_string();
        assert_eq!(p.collection, p.path.collection());
        let case = cases
            .get(&path)
            .unwrap_or_else(|| panic!("{name}: Flax has no variable {path}"));
        assert_eq!(case.u64("seed"), seed);
        assert_eq!(case.dtype(), p.view.dtype().name(), "{name}/{path}");
        match &p.view {
            ParamView::F32(a) => case.assert_close_or_bits(&a.to_owned()),
            ParamView::F64(a) => case.assert_close_or_bits(&a.to_owned()),
            ParamView::BF16(a) => case.assert_close_or_bits(&a.to_owned()),
            ParamView::F16(a) => case.assert_close_or_bits(&a.to_owned()),
        }
        let entry = &plan[seen.len()];
        assert_eq!(entry.path, p.path);
        assert_eq!(
            entry.sample_le(root).unwrap(),
            p.view.to_le_bytes(),
            "{name}/{path}: plan"
        );
        seen.push(path);
    });
    let expected: Vec<&String> = cases.keys().collect();
    let mut got: Vec<&String> = seen.iter().collect();
    got.sort();
    assert_eq!(got, expected, "{name}: the variables differ from Flax's");
    assert_eq!(plan.len(), seen.len());
    model
}
