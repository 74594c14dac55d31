//! `io::load` on generated safetensors-like files: random valid headers for a small model,
//! then random mutations (truncation, wrong offsets, wrong dtypes, duplicate keys, garbage
//! bytes, a lying header length). `load` returns `Ok` or `Err`, never panics; valid files
//! round-trip (what loads saves to the same bytes, and loads again to the same values).

#![deny(warnings)]

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use fanin::half::f16;
use fanin::io;
use fanin::ndarray::{Array1, Array2};
use fanin::Params;
use proptest::prelude::*;

#[derive(Params)]
#[init(bias = zeros_init())]
pub struct Sub {
    #[shape(2)]
    pub bias: Array1<f16>,
}

/// Two dtypes, two ranks, a submodule.
#[derive(Params)]
#[params(config = usize)]
#[init(kernel = lecun_normal())]
pub struct Model {
    #[shape(*cfg, 3)]
    pub kernel: Array2<f32>,
    #[module]
    pub sub: Sub,
}

const CONFIG: usize = 2;

/// One tensor of a generated header.
#[derive(Clone, Debug)]
struct Entry {
    name: String,
    dtype: String,
    shape: Vec<u64>,
    /// Bytes per element of `dtype`.
    size: u64,
}

/// The model's tensors, in a random order.
fn model_entries() -> impl Strategy<Value = Vec<Entry>> {
    let entries = vec![
        Entry {
            name: "kernel".into(),
            dtype: "F32".into(),
            shape: vec![CONFIG as u64, 3],
            size: 4,
        },
        Entry {
            name: "sub.bias".into(),
            dtype: "F16".into(),
            shape: vec![2],
            size: 2,
        },
    ];
    Just(entries).prop_shuffle()
}

/// A mutation of a valid file.
#[derive(Clone, Debug)]
enum Mutation {
    None,
    Truncate(usize),
    Append(Vec<u8>),
    FlipByte(usize, u8),
    WrongOffset(usize, i64),
    /// A tensor's start set to this value (its end follows from its length, wrapping).
    AbsoluteOffset(usize, u64),
    WrongDtype(usize, &'static str),
    WrongShape(usize, Vec<u64>),
    Duplicate(usize),
    Rename(usize, String),
    ExtraTensor(String, u64),
    HeaderLength(u64),
    Metadata,
    Garbage(Vec<u8>),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        2 => Just(Mutation::None),
        1 => any::<usize>().prop_map(Mutation::Truncate),
        1 => proptest::collection::vec(any::<u8>(), 1..16).prop_map(Mutation::Append),
        2 => (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::FlipByte(i, b)),
        2 => (0..2usize, prop_oneof![Just(i64::MIN), Just(-1i64), Just(1i64), Just(8i64), any::<i64>()])
            .prop_map(|(i, d)| Mutation::WrongOffset(i, d)),
        2 => (0..2usize, prop_oneof![Just(u64::MAX - 32), (u64::MAX - 4096)..=u64::MAX, Just(1u64 << 63), any::<u64>()])
            .prop_map(|(i, o)| Mutation::AbsoluteOffset(i, o)),
        1 => (0..2usize, prop_oneof![Just("F64"), Just("BF16"), Just("I8"), Just("U64"), Just("BOOL"), Just("F8_E4M3"), Just("X")])
            .prop_map(|(i, d)| Mutation::WrongDtype(i, d)),
        1 => (0..2usize, proptest::collection::vec(prop_oneof![0..5u64, Just(u64::MAX), Just(1u64 << 62)], 0..4))
            .prop_map(|(i, s)| Mutation::WrongShape(i, s)),
        1 => (0..2usize).prop_map(Mutation::Duplicate),
        1 => (0..2usize, "[a-z._/]{0,8}").prop_map(|(i, n)| Mutation::Rename(i, n)),
        1 => ("[a-z]{1,6}", 0..64u64).prop_map(|(n, len)| Mutation::ExtraTensor(n, len)),
        1 => prop_oneof![Just(0u64), Just(7), Just(u64::MAX), Just(100_000_001), 0..200u64]
            .prop_map(Mutation::HeaderLength),
        1 => Just(Mutation::Metadata),
        1 => proptest::collection::vec(any::<u8>(), 0..300).prop_map(Mutation::Garbage),
    ]
}

/// The JSON header of `entries`, with their offsets (each tensor after the previous one,
/// unless `shift` moves one of them).
fn header(
    entries: &[Entry],
    shift: Option<(usize, i64)>,
    absolute: Option<(usize, u64)>,
    metadata: bool,
) -> (String, u64) {
    let mut parts = Vec::new();
    if metadata {
        parts.push(r#""__metadata__":{"format":"np"}"#.to_string());
    }
    let mut at = 0u64;
    for (i, e) in entries.iter().enumerate() {
        let len = e.shape.iter().fold(e.size, |a, &d| a.saturating_mul(d));
        let mut start = at;
        if let Some((j, d)) = shift
            && i == j
        {
            start = start.wrapping_add_signed(d);
        }
        if let Some((j, o)) = absolute
            && i == j
        {
            start = o;
        }
        parts.push(format!(
            r#""{}":{{"dtype":"{}","shape":{:?},"data_offsets":[{},{}]}}"#,
            e.name,
            e.dtype,
            e.shape,
            start,
            start.wrapping_add(len)
        ));
        at = at.saturating_add(len);
    }
    (format!("{{{}}}", parts.join(",")), at)
}

fn file_bytes(json: &str, data: &[u8]) -> Vec<u8> {
    let mut json = json.as_bytes().to_vec();
    json.resize(json.len().next_multiple_of(8), b' ');
    let mut out = (json.len() as u64).to_le_bytes().to_vec();
    out.extend_from_slice(&json);
    out.extend_from_slice(data);
    out
}

/// A file from entries, data and a mutation.
fn build(mut entries: Vec<Entry>, data_seed: Vec<u8>, m: &Mutation) -> Vec<u8> {
    let mut shift = None;
    let mut absolute = None;
    let mut metadata = false;
    match m {
        Mutation::WrongOffset(i, d) => shift = Some((*i, *d)),
        Mutation::AbsoluteOffset(i, o) => absolute = Some((*i, *o)),
        Mutation::WrongDtype(i, d) => entries[*i].dtype = d.to_string(),
        Mutation::WrongShape(i, s) => entries[*i].shape = s.clone(),
        Mutation::Duplicate(i) => {
            let copy = entries[*i].clone();
            entries.push(copy);
        }
        Mutation::Rename(i, n) => entries[*i].name = n.clone(),
        Mutation::ExtraTensor(n, len) => entries.push(Entry {
            name: n.clone(),
            dtype: "U8".into(),
            shape: vec![*len],
            size: 1,
        }),
        Mutation::Metadata => metadata = true,
        _ => {}
    }
    let (json, data_len) = header(&entries, shift, absolute, metadata);
    let data_len = data_len.min(1 << 16) as usize;
    let data: Vec<u8> = (0..data_len)
        .map(|i| data_seed[i % data_seed.len()])
        .collect();
    let mut bytes = file_bytes(&json, &data);
    match m {
        Mutation::Truncate(n) => bytes.truncate(n % (bytes.len() + 1)),
        Mutation::Append(tail) => bytes.extend_from_slice(tail),
        Mutation::FlipByte(i, b) => {
            let i = i % bytes.len();
            bytes[i] ^= b | 1;
        }
        Mutation::HeaderLength(n) => bytes[..8].copy_from_slice(&n.to_le_bytes()),
        Mutation::Garbage(g) => bytes = g.clone(),
        _ => {}
    }
    bytes
}

fn temp(name: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    std::env::temp_dir().join(format!(
        "fanin-proptest-{name}-{}-{}.safetensors",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ))
}

/// Loads `bytes`: `Ok` or `Err` (a panic fails the test); what loads round-trips.
fn check(bytes: &[u8], must_load: bool) -> Result<(), TestCaseError> {
    let path = temp("in");
    std::fs::write(&path, bytes).unwrap();
    let result = std::panic::catch_unwind(|| io::load::<Model>(&path, &CONFIG));
    std::fs::remove_file(&path).unwrap();
    let result = match result {
        Ok(result) => result,
        Err(_) => return Err(TestCaseError::fail("io::load panicked")),
    };
    match result {
        Ok(model) => {
            let a = temp("a");
            let b = temp("b");
            io::save(&model, &a).unwrap();
            let back = io::load::<Model>(&a, &CONFIG).unwrap();
            io::save(&back, &b).unwrap();
            let (sa, sb) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
            std::fs::remove_file(&a).unwrap();
            std::fs::remove_file(&b).unwrap();
            prop_assert_eq!(sa, sb);
            let bits = |m: &Model| m.kernel.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            prop_assert_eq!(bits(&model), bits(&back));
        }
        Err(e) => {
            prop_assert!(!must_load, "a valid file failed to load: {}", e);
            let message = e.to_string();
            prop_assert!(!message.is_empty() && message.len() < 4096, "{}", message);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn load_never_panics_and_valid_files_round_trip(
        entries in model_entries(),
        data in proptest::collection::vec(any::<u8>(), 1..64),
        m in mutation(),
    ) {
        let bytes = build(entries, data, &m);
        let valid = matches!(m, Mutation::None | Mutation::Metadata);
        check(&bytes, valid)?;
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        check(&bytes, false)?;
    }
}

/// A valid file of the generator loads and equals what fanin saves for the same values.
#[test]
fn the_generator_makes_valid_files() {
    let entries = vec![
        Entry {
            name: "sub.bias".into(),
            dtype: "F16".into(),
            shape: vec![2],
            size: 2,
        },
        Entry {
            name: "kernel".into(),
            dtype: "F32".into(),
            shape: vec![2, 3],
            size: 4,
        },
    ];
    let bytes = build(entries, (0..=255).collect(), &Mutation::None);
    let path = temp("gen");
    std::fs::write(&path, &bytes).unwrap();
    let model = io::load::<Model>(&path, &CONFIG).unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(model.sub.bias.len(), 2);
}
