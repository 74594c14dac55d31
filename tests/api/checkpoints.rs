//! Checkpoints made elsewhere: Flax msgpack files written by Flax itself
//! (`scripts/fixtures/checkpoint_cases.py`: Hugging Face's `flax_model.msgpack` of a tiny
//! BERT, an MLP of four dtypes, a training state, a chunked array) load into fanin's structs
//! with every tensor equal to Flax's; fanin writes the same bytes as Flax; the load options
//! (renames, extra tensors, partial loads) on those files; bad files are errors, not panics.

#![deny(warnings)]

use crate::common;

#[allow(dead_code)]
#[path = "../../examples/gallery/bert.rs"]
mod bert;
#[path = "../../examples/models/mixed_mlp.rs"]
mod mixed_mlp;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use fanin::io::msgpack::Msgpack;
use fanin::io::{self, Options};
use fanin::nn::{Dense, DenseConfig, Embed, EmbedConfig, LayerNorm, LayerNormConfig};
use fanin::params::ParamView;
use fanin::{Dtype, Error, Key, Params};
use mixed_mlp::{Block, MixedMlp};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A file in the temp dir, removed when dropped.
struct Temp(PathBuf);

impl Temp {
    fn new(name: &str) -> Temp {
        Temp(std::env::temp_dir().join(format!("fanin-checkpoints-{}-{name}", std::process::id())))
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Every param of a model: its dotted name, dtype name, shape and raw bits.
fn tensors<M: Params>(model: &M) -> BTreeMap<String, (String, Vec<usize>, Vec<u64>)> {
    fn bits<T: Dtype>(a: &fanin::ndarray::ArrayViewD<'_, T>) -> Vec<u64> {
        a.iter().map(|&v| common::to_bits(v)).collect()
    }
    let mut out = BTreeMap::new();
    model.walk(&mut |r| {
        let values = match &r.view {
            ParamView::F32(a) => bits(a),
            ParamView::F64(a) => bits(a),
            ParamView::BF16(a) => bits(a),
            ParamView::F16(a) => bits(a),
        };
        let entry = (
            r.view.dtype().name().to_string(),
            r.view.shape().to_vec(),
            values,
        );
        out.insert(r.path.dotted(), entry);
    });
    out
}

// --- The models of the fixtures --------------------------------------------------------------

/// `MixedMlp` with other names for two layers (loaded through renames).
#[derive(Params)]
struct RenamedMlp {
    #[module(config = DenseConfig::new(4, 8))]
    first: Dense<f32>,
    #[module]
    block: Block,
    #[module(config = LayerNormConfig::new([5]))]
    norm_f64: LayerNorm<f64>,
    #[module(config = DenseConfig::new(5, 3))]
    out: Dense<f64>,
}

/// A pretrained BERT body with a new classification head (as
/// `FlaxBertForSequenceClassification` nests `bert` and `classifier`).
#[derive(Params)]
#[params(config = bert::BertConfig)]
struct BertClassifier {
    #[module(config = cfg.clone())]
    bert: bert::FlaxBertModule,
    #[module(config = DenseConfig::new(cfg.hidden_size, 3))]
    classifier: Dense<f32>,
}

const MIXED_SEED: u64 = 7;
const EMBED_SEED: u64 = 3;
const BERT_SEED: u64 = 4;

// --- Flax's files load, and fanin writes Flax's bytes -------------------------------------------

#[test]
fn hugging_face_bert_msgpack_loads_into_the_gallery_struct() {
    let config = bert::tiny();
    let path = fixture("checkpoints_bert.msgpack");
    let loaded: bert::FlaxBertModule = io::load_msgpack(&path, &config).unwrap();
    // Every tensor against the gallery's fixture of the same model (Flax's init, seed 4).
    let cases: BTreeMap<String, common::Case> = common::load("gallery")
        .into_iter()
        .filter_map(|c| Some((c.name.strip_prefix("bert/params/")?.to_string(), c)))
        .collect();
    let mut checked = 0;
    loaded.walk(&mut |r| {
        let case = &cases[&r.path.to_string()];
        match &r.view {
            ParamView::F32(a) => case.assert_bits(&a.to_owned()),
            other => panic!("{}: BERT's params are f32, not {}", r.path, other.dtype()),
        }
        checked += 1;
    });
    assert_eq!(
        checked,
        cases.len(),
        "the file and the fixture hold the same params"
    );
    let init = bert::FlaxBertModule::init(bert::init_key(BERT_SEED), &config).unwrap();
    assert_eq!(tensors(&loaded), tensors(&init));
    // fanin writes the same encodings: a file of the same size that reads back the same. Not
    // the same bytes: Flax's dicts keep the order in which `__call__` first uses each layer
    // (`query`, `value`, `key` in FlaxBertSelfAttention), fanin the declaration order
    // (`query`, `key`, `value`, as `setup` assigns them).
    let ours = Temp::new("bert.msgpack");
    io::save_msgpack(&init, &ours.0).unwrap();
    let (ours_len, flax_len) = (
        std::fs::metadata(&ours.0).unwrap().len(),
        std::fs::metadata(&path).unwrap().len(),
    );
    assert_eq!(ours_len, flax_len);
    let back: bert::FlaxBertModule = io::load_msgpack(&ours.0, &config).unwrap();
    assert_eq!(tensors(&back), tensors(&init));
}

#[test]
fn mixed_dtype_msgpack_loads_and_fanin_writes_the_same_bytes() {
    let path = fixture("checkpoints_mlp.msgpack");
    let loaded: MixedMlp = io::load_msgpack(&path, &()).unwrap();
    let init = MixedMlp::init(Key::new(MIXED_SEED), &()).unwrap();
    let dtypes: Vec<String> = tensors(&loaded).values().map(|t| t.0.clone()).collect();
    for dtype in ["float32", "bfloat16", "float16", "float64"] {
        assert!(dtypes.iter().any(|d| d == dtype), "{dtype} in {dtypes:?}");
    }
    assert_eq!(tensors(&loaded), tensors(&init));
    let ours = Temp::new("mlp.msgpack");
    io::save_msgpack(&init, &ours.0).unwrap();
    assert_eq!(
        std::fs::read(&ours.0).unwrap(),
        std::fs::read(&path).unwrap()
    );
    // Streamed straight to a file, the same bytes.
    let streamed = Temp::new("mlp-streamed.msgpack");
    let format = Msgpack::new();
    io::format::init_to_file::<MixedMlp>(
        &format,
        Key::new(MIXED_SEED),
        &(),
        &streamed.0,
        &Options::new(),
    )
    .unwrap();
    assert_eq!(
        std::fs::read(&streamed.0).unwrap(),
        std::fs::read(&path).unwrap()
    );
}

#[test]
fn flax_chunked_array_is_read_and_written_as_flax_does() {
    let path = fixture("checkpoints_chunked.msgpack");
    let config = EmbedConfig::new(20, 15);
    let loaded: Embed<f32> = io::load_msgpack(&path, &config).unwrap();
    let init = Embed::<f32>::init(Key::new(EMBED_SEED), &config).unwrap();
    assert_eq!(tensors(&loaded), tensors(&init));
    // Flax's MAX_CHUNK_SIZE was 256 bytes when it wrote the file: 5 chunks of 64 elements.
    let format = Msgpack::new().max_chunk_bytes(256);
    let saved = Temp::new("chunked.msgpack");
    io::format::save(&format, &init, &saved.0, &Options::new()).unwrap();
    assert_eq!(
        std::fs::read(&saved.0).unwrap(),
        std::fs::read(&path).unwrap()
    );
    let streamed = Temp::new("chunked-streamed.msgpack");
    let options = Options::new().chunk_bytes(100);
    io::format::init_to_file::<Embed<f32>>(
        &format,
        Key::new(EMBED_SEED),
        &config,
        &streamed.0,
        &options,
    )
    .unwrap();
    assert_eq!(
        std::fs::read(&streamed.0).unwrap(),
        std::fs::read(&path).unwrap()
    );
    // Under Flax's own limit, the same table is one ndarray, and reads back.
    let plain = Temp::new("plain.msgpack");
    io::save_msgpack(&init, &plain.0).unwrap();
    assert!(std::fs::metadata(&plain.0).unwrap().len() < std::fs::metadata(&path).unwrap().len());
    assert_eq!(
        tensors(&io::load_msgpack::<Embed<f32>>(&plain.0, &config).unwrap()),
        tensors(&init)
    );
}

// --- Load options on real files -------------------------------------------------------------

fn mismatch<T>(result: fanin::Result<T>) -> String {
    match result {
        Err(Error::Mismatch(message)) => message,
        Err(other) => panic!("expected a mismatch, got {other}"),
        Ok(_) => panic!("expected a mismatch, got a model"),
    }
}

#[test]
fn training_state_loads_with_its_prefix_stripped_and_its_step_ignored() {
    let path = fixture("checkpoints_state.msgpack");
    let init = MixedMlp::init(Key::new(MIXED_SEED), &()).unwrap();
    let message = mismatch(io::load_msgpack::<MixedMlp>(&path, &()));
    assert!(
        message.contains("missing: no tensor `dense_f32.kernel`"),
        "{message}"
    );
    assert!(
        message.contains("`params.dense_f32.kernel` is no param"),
        "{message}"
    );

    let stripped = Options::new().strip_prefix("params.");
    let message = mismatch(io::load_msgpack_with::<MixedMlp>(&path, &(), &stripped));
    assert!(
        message.contains("extra: the tensor `step` is no param"),
        "{message}"
    );
    assert_eq!(message.matches("\n  ").count(), 1, "one problem: {message}");

    let (model, report) =
        io::load_msgpack_with_report::<MixedMlp>(&path, &(), &stripped.clone().allow_extra(true))
            .unwrap();
    assert_eq!(tensors(&model), tensors(&init));
    assert_eq!(report.ignored, ["step"]);
    assert!(report.initialized.is_empty());
    assert_eq!(report.loaded.len(), tensors(&init).len());
    assert!(report
        .loaded
        .contains(&("params.head.kernel".into(), "head.kernel".into())));

    // A remap that drops the step: ignored too, without allow_extra.
    let dropping = stripped.remap(|name: &str| (name != "step").then(|| name.to_string()));
    let (model, report) = io::load_msgpack_with_report::<MixedMlp>(&path, &(), &dropping).unwrap();
    assert_eq!(tensors(&model), tensors(&init));
    assert_eq!(report.ignored, ["step"]);
}

#[test]
fn renames_by_table_and_by_function() {
    let path = fixture("checkpoints_mlp.msgpack");
    let options = Options::new()
        .remap(|name: &str| name.replacen("dense_f32.", "first.", 1))
        .rename([("head.kernel", "out.kernel"), ("head.bias", "out.bias")]);
    let renamed: RenamedMlp = io::load_msgpack_with(&path, &(), &options).unwrap();
    let loaded: MixedMlp = io::load_msgpack(&path, &()).unwrap();
    let by_old_name = |name: &String| {
        name.replacen("first.", "dense_f32.", 1)
            .replacen("out.", "head.", 1)
    };
    let renamed: BTreeMap<String, _> = tensors(&renamed)
        .into_iter()
        .map(|(k, v)| (by_old_name(&k), v))
        .collect();
    assert_eq!(renamed, tensors(&loaded));
    // Two names renamed to one are an error naming both.
    let clash = Options::new().rename([("head.bias", "head.kernel")]);
    let message = mismatch(io::load_msgpack_with::<MixedMlp>(&path, &(), &clash));
    assert!(
        message.contains("`head.bias`") && message.contains("`head.kernel`"),
        "{message}"
    );
}

#[test]
fn partial_load_initializes_a_new_head_as_init_does() {
    let config = bert::tiny();
    let path = fixture("checkpoints_bert.msgpack");
    let into_bert = || Options::new().remap(|name: &str| format!("bert.{name}"));
    let message = mismatch(io::load_msgpack_with::<BertClassifier>(
        &path,
        &config,
        &into_bert(),
    ));
    assert!(
        message.contains("missing: no tensor `classifier.kernel`"),
        "{message}"
    );
    assert!(
        message.contains("missing: no tensor `classifier.bias`"),
        "{message}"
    );

    let key = Key::new(11);
    let options = into_bert().partial(key);
    let (model, report) =
        io::load_msgpack_with_report::<BertClassifier>(&path, &config, &options).unwrap();
    assert_eq!(report.initialized, ["classifier.kernel", "classifier.bias"]);
    assert!(report.ignored.is_empty());
    let pretrained = bert::FlaxBertModule::init(bert::init_key(BERT_SEED), &config).unwrap();
    assert_eq!(report.loaded.len(), tensors(&pretrained).len());
    assert_eq!(tensors(&model.bert), tensors(&pretrained));
    let fresh = BertClassifier::init(key, &config).unwrap();
    assert_eq!(tensors(&model.classifier), tensors(&fresh.classifier));
    assert_ne!(
        tensors(&model.bert),
        tensors(&fresh.bert),
        "the body is the file's, not init's"
    );
}

#[test]
fn shape_and_dtype_mismatches_name_the_tensor() {
    let mut config = bert::tiny();
    config.vocab_size = 33;
    let path = fixture("checkpoints_bert.msgpack");
    let message = mismatch(io::load_msgpack::<bert::FlaxBertModule>(&path, &config));
    assert!(
        message.contains("`embeddings.word_embeddings.embedding` is stored with shape [32, 16] but the config gives [33, 16]"),
        "{message}"
    );
    // A partial load does not paper over a wrong shape.
    let partial = Options::new().partial(Key::new(0));
    let message = mismatch(io::load_msgpack_with::<bert::FlaxBertModule>(
        &path, &config, &partial,
    ));
    assert!(
        message.contains("shape: `embeddings.word_embeddings.embedding`"),
        "{message}"
    );
    let chunked = fixture("checkpoints_chunked.msgpack");
    let message = mismatch(io::load_msgpack::<Embed<f64>>(
        &chunked,
        &EmbedConfig::new(20, 15),
    ));
    assert!(
        message.contains("`embedding` is stored as float32 but the model declares float64"),
        "{message}"
    );
}

// --- Bad files: errors, never panics --------------------------------------------------------

fn load_bytes(bytes: &[u8]) -> fanin::Result<MixedMlp> {
    let file = Temp::new(&format!("bad-{}.msgpack", bytes.len()));
    std::fs::write(&file.0, bytes).unwrap();
    io::load_msgpack::<MixedMlp>(&file.0, &())
}

fn format_error(bytes: &[u8]) -> String {
    match load_bytes(bytes) {
        Err(Error::Format(message)) => message,
        Err(other) => panic!("expected a format error, got {other}"),
        Ok(_) => panic!("expected a format error, got a model"),
    }
}

#[test]
fn every_truncation_of_a_flax_file_is_a_format_error() {
    let bytes = std::fs::read(fixture("checkpoints_mlp.msgpack")).unwrap();
    for n in 0..bytes.len() {
        let message = format_error(&bytes[..n]);
        assert!(
            message.contains("not a valid Flax msgpack file"),
            "{n}: {message}"
        );
    }
    let mut longer = bytes.clone();
    longer.push(0xc0);
    assert!(format_error(&longer).contains("1 bytes follow the root value"));
}

#[test]
fn malformed_structures_are_format_errors() {
    // The root is a list, an int, nothing.
    assert!(format_error(b"\x92\x01\x02").contains("the root is not a map"));
    assert!(format_error(b"\x07").contains("the root is not a map"));
    // 0xc1 is never used; a map key that is a list; a key that is not UTF-8.
    assert!(format_error(b"\x81\xa1a\xc1").contains("0xc1"));
    assert!(format_error(b"\x81\x90\x01").contains("map key"));
    assert!(format_error(b"\x81\xa1\xff\x01").contains("UTF-8"));
    // Maps nested deeper than the limit.
    let mut deep = Vec::new();
    for _ in 0..200 {
        deep.extend_from_slice(b"\x81\xa1a");
    }
    deep.push(0x01);
    assert!(format_error(&deep).contains("nested deeper"));
    // A map announcing 2^32 - 1 entries in a few bytes.
    assert!(format_error(b"\xdf\xff\xff\xff\xff\xa1a\x01").contains("truncated"));
}

/// `{'k': ext(1, payload)}`.
fn with_payload(payload: &[u8]) -> Vec<u8> {
    let mut out = b"\x81\xa1k\xc7".to_vec();
    out.push(payload.len() as u8);
    out.push(1);
    out.extend_from_slice(payload);
    out
}

#[test]
fn wrong_ndarray_payloads_are_format_errors() {
    // A good payload: ((2,), 'float32', 8 bytes).
    let good = b"\x93\x91\x02\xa7float32\xc4\x08\x00\x00\x80\x3f\x00\x00\x00\x40";
    match load_bytes(&with_payload(good)) {
        Err(Error::Mismatch(message)) => assert!(message.contains("`k`"), "{message}"),
        other => panic!(
            "a readable file of the wrong model: {:?}",
            other.map(|_| ())
        ),
    }
    let wrong: [&[u8]; 6] = [
        b"\x92\x91\x02\xa7float32",                             // a 2-tuple
        b"\x93\x02\xa7float32\xc4\x00",                         // the shape is an int
        b"\x93\x91\xff\xa7float32\xc4\x00",                     // a negative dimension
        b"\x93\x91\x02\xa7float32\xc4\x04\x00\x00\x80\x3f",     // 4 bytes for 2 float32
        b"\x93\x91\x01\x01\xc4\x04\x00\x00\x80\x3f",            // the dtype is an int
        b"\x93\x91\x01\xa7float32\xc4\x04\x00\x00\x80\x3f\x00", // a byte after the contents
    ];
    for payload in wrong {
        let message = format_error(&with_payload(payload));
        assert!(message.contains("ext payload"), "{payload:?}: {message}");
    }
    // The contents run past the ext's end.
    let mut short = with_payload(good);
    short[4] -= 2;
    short.truncate(short.len() - 2);
    short.extend_from_slice(b"\xa1z\x01");
    assert!(format_error(&short).contains("ext payload"));
}

#[test]
fn broken_chunked_arrays_are_format_errors() {
    let chunk = b"\x93\x91\x01\xa7float32\xc4\x04\x00\x00\x80\x3f";
    let mut ext = b"\xc7".to_vec();
    ext.push(chunk.len() as u8);
    ext.push(1);
    ext.extend_from_slice(chunk);
    let chunked = |shape: &[u8], chunks: &[u8]| {
        let mut out = b"\x81\xa1k\x83\xb9__msgpack_chunked_array__\xc3\xa5shape".to_vec();
        out.extend_from_slice(shape);
        out.extend_from_slice(b"\xa6chunks");
        out.extend_from_slice(chunks);
        out
    };
    let two_chunks = [&b"\x82\xa10"[..], &ext, b"\xa11", &ext].concat();
    // Shape (2,) in two chunks of one element: readable (then the model does not match).
    assert!(matches!(
        load_bytes(&chunked(b"\x81\xa10\x02", &two_chunks)),
        Err(Error::Mismatch(_))
    ));
    // Shape (3,) for two elements; a chunk missing; a dimension missing.
    assert!(format_error(&chunked(b"\x81\xa10\x03", &two_chunks)).contains("chunks hold 8 bytes"));
    let gap = [&b"\x82\xa10"[..], &ext, b"\xa12", &ext].concat();
    assert!(format_error(&chunked(b"\x81\xa10\x02", &gap)).contains("no chunk `1`"));
    assert!(format_error(&chunked(b"\x81\xa11\x02", &two_chunks)).contains("no dimension `0`"));
}

#[test]
fn corrupted_bytes_never_panic() {
    let bytes = std::fs::read(fixture("checkpoints_mlp.msgpack")).unwrap();
    let init = MixedMlp::init(Key::new(MIXED_SEED), &()).unwrap();
    for at in 0..bytes.len() {
        for value in [0x00, 0xc1, 0xdf, 0xff, bytes[at] ^ 0x01] {
            let mut bad = bytes.clone();
            bad[at] = value;
            // A changed data byte still loads (other values); anything else is an error.
            if let Ok(model) = load_bytes(&bad) {
                assert_eq!(tensors(&model).len(), tensors(&init).len());
            }
        }
    }
}
