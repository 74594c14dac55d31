//! Hugging Face sharded checkpoints (`fanin::io::init_to_sharded`, `save_sharded`,
//! `load_sharded`): N workers write byte for byte what one process writes, for several N
//! and caps; the index lists every tensor once; a tensor over the cap gets its own file;
//! the checkpoint loads back equal to init; broken checkpoints and bad options are errors.

#![deny(warnings)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fanin::half::{bf16, f16};
use fanin::io::{self, Options, Progress, ShardLayout, ShardOptions};
use fanin::ndarray::{Array1, Array2, Array3};
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

/// Every dtype, an orthogonal param, a nested module, a list of modules, and an embedding
/// bigger than the others (1280 bytes for config 8).
#[derive(Params)]
#[params(config = usize)]
pub struct Model {
    #[shape(*cfg, 3)]
    #[init(glorot_uniform())]
    pub w64: Array2<f64>,
    #[shape(2, *cfg, 3)]
    #[init(truncated_normal().stddev(0.5))]
    pub w_bf16: Array3<bf16>,
    #[shape(*cfg, *cfg)]
    #[init(orthogonal())]
    pub rotation: Array2<f32>,
    #[shape(*cfg)]
    #[init(uniform())]
    pub w_f16: Array1<f16>,
    #[module(config = (*cfg, 4))]
    pub dense: Dense,
    #[module(config = (4, 4), count = 3, name = "layers")]
    pub layers: Vec<Dense>,
    #[shape(40, *cfg)]
    #[init(normal())]
    pub embedding: Array2<f32>,
}

const CONFIG: usize = 8;
const KEY: u64 = 7;

fn options(cap: u64) -> ShardOptions {
    ShardOptions::new()
        .max_shard_bytes(cap)
        .options(Options::new().progress(Progress::Never).chunk_bytes(64))
}

/// The names and bytes of the files of `dir`, sorted.
fn files_of(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn assert_model_eq(a: &Model, b: &Model) {
    assert_eq!(a.w64, b.w64);
    assert_eq!(a.w_bf16, b.w_bf16);
    assert_eq!(a.rotation, b.rotation);
    assert_eq!(a.w_f16, b.w_f16);
    assert_eq!(a.dense.kernel, b.dense.kernel);
    assert_eq!(a.dense.bias, b.dense.bias);
    for (x, y) in a.layers.iter().zip(&b.layers) {
        assert_eq!(x.kernel, y.kernel);
        assert_eq!(x.bias, y.bias);
    }
    assert_eq!(a.embedding, b.embedding);
}

/// The plan's tensor names and bytes, in declaration order.
fn plan_sizes() -> Vec<(String, u64)> {
    Model::plan(&CONFIG)
        .unwrap()
        .iter()
        .map(|p| (p.path.dotted(), p.nbytes() as u64))
        .collect()
}

#[test]
fn n_workers_write_the_bytes_of_one_process() {
    for cap in [1, 200, 300, 700, 1000, 1300, 1_000_000] {
        let one = TempDir::new("one");
        let layout =
            io::init_to_sharded::<Model>(Key::new(KEY), &CONFIG, &one.0, &options(cap)).unwrap();
        let expected = files_of(&one.0);
        let files = layout.files.len();
        assert_eq!(expected.len(), files + usize::from(files > 1), "cap {cap}");
        for n in [1, 2, 3, 5, files + 3] {
            let many = TempDir::new("many");
            let mut written = BTreeSet::new();
            for k in 0..n {
                let mine = io::init_to_sharded::<Model>(
                    Key::new(KEY),
                    &CONFIG,
                    &many.0,
                    &options(cap).worker(k, n),
                )
                .unwrap();
                let names = |l: &ShardLayout| -> Vec<(String, Vec<String>)> {
                    l.files
                        .iter()
                        .map(|f| (f.name.clone(), f.tensors.clone()))
                        .collect()
                };
                assert_eq!(names(&mine), names(&layout), "every worker, the same files");
                for file in mine.mine() {
                    assert!(
                        written.insert(file.name.clone()),
                        "{} written twice",
                        file.name
                    );
                }
            }
            assert_eq!(written.len(), files, "cap {cap}, {n} workers");
            assert_eq!(files_of(&many.0), expected, "cap {cap}, {n} workers");
        }
    }
}

#[test]
fn the_workers_split_the_files_round_robin() {
    let layout = ShardLayout::of::<Model>(&CONFIG, &options(1).worker(2, 3)).unwrap();
    assert_eq!(layout.files.len(), plan_sizes().len());
    for (i, file) in layout.files.iter().enumerate() {
        assert_eq!(file.worker, i % 3);
    }
    let mine: Vec<&str> = layout.mine().map(|f| f.name.as_str()).collect();
    let count = layout.files.len();
    assert_eq!(mine[0], format!("model-00003-of-{count:05}.safetensors"));
    assert!(!layout.writes_index());
    assert!(ShardLayout::of::<Model>(&CONFIG, &options(1).worker(0, 3))
        .unwrap()
        .writes_index());
}

#[test]
fn the_index_names_every_tensor_once_as_transformers_writes_it() {
    let dir = TempDir::new("index");
    let layout =
        io::init_to_sharded::<Model>(Key::new(KEY), &CONFIG, &dir.0, &options(700)).unwrap();
    assert!(layout.is_sharded());
    let text = std::fs::read_to_string(dir.path(io::INDEX_FILE_NAME)).unwrap();
    let index: serde_json::Value = serde_json::from_str(&text).unwrap();
    let sizes = plan_sizes();
    let total: u64 = sizes.iter().map(|s| s.1).sum();
    assert_eq!(index["metadata"]["total_size"].as_u64(), Some(total));
    assert_eq!(layout.total_size, total);
    let weight_map = index["weight_map"].as_object().unwrap();
    let names: BTreeSet<&String> = weight_map.keys().collect();
    assert_eq!(names, sizes.iter().map(|s| &s.0).collect());
    // Sorted keys, two-space indent, a final newline: `json.dumps(indent=2, sort_keys=True)`.
    let pretty = serde_json::to_string_pretty(&index).unwrap() + "\n";
    assert_eq!(text, pretty);
    // Each file holds exactly the tensors the index gives it, tagged as Flax's layout.
    for file in &layout.files {
        let bytes = std::fs::read(dir.path(&file.name)).unwrap();
        let (_, metadata) = safetensors::SafeTensors::read_metadata(&bytes).unwrap();
        let stored: BTreeSet<String> = metadata.tensors().into_keys().collect();
        let indexed: BTreeSet<String> = weight_map
            .iter()
            .filter(|(_, f)| f.as_str() == Some(&file.name))
            .map(|(t, _)| t.clone())
            .collect();
        assert_eq!(stored, indexed, "{}", file.name);
        assert_eq!(
            metadata
                .metadata()
                .as_ref()
                .and_then(|m| m.get("format"))
                .map(String::as_str),
            Some("flax")
        );
        let bytes_in_file: u64 = file
            .tensors
            .iter()
            .map(|t| sizes.iter().find(|s| &s.0 == t).unwrap().1)
            .sum();
        assert_eq!(file.bytes, bytes_in_file);
        assert!(file.bytes <= 700 || file.tensors.len() == 1, "{file:?}");
    }
}

#[test]
fn a_tensor_over_the_cap_gets_a_file_of_its_own_where_it_is_met() {
    // The embedding (1280 bytes) is over a cap of 1000; the file being filled stays open.
    let layout = ShardLayout::of::<Model>(&CONFIG, &options(1000)).unwrap();
    let alone: Vec<&io::ShardFile> = layout
        .files
        .iter()
        .filter(|f| f.tensors == ["embedding"])
        .collect();
    assert_eq!(alone.len(), 1);
    assert_eq!(alone[0].bytes, 1280);
    for file in &layout.files {
        assert!(
            file.bytes <= 1000 || file.tensors == ["embedding"],
            "{file:?}"
        );
    }
    // Concatenated, the files give the tensors in declaration order but for the big one,
    // whose file comes before the one still open when it was met.
    let last = layout.files.last().unwrap();
    assert_eq!(
        last.tensors.last().map(String::as_str),
        Some("layers_2.bias")
    );
    let position = layout
        .files
        .iter()
        .position(|f| f.tensors == ["embedding"])
        .unwrap();
    assert_eq!(position, layout.files.len() - 2);
    let dir = TempDir::new("big");
    io::init_to_sharded::<Model>(Key::new(KEY), &CONFIG, &dir.0, &options(1000)).unwrap();
    let back: Model = io::load_sharded(&dir.0, &CONFIG).unwrap();
    assert_eq!(
        back.embedding,
        Model::init(Key::new(KEY), &CONFIG).unwrap().embedding
    );
}

#[test]
fn loads_back_equal_to_init_and_save_sharded_writes_the_same_bytes() {
    let init = Model::init(Key::new(KEY), &CONFIG).unwrap();
    for cap in [1, 500, 1_000_000] {
        let streamed = TempDir::new("streamed");
        let saved = TempDir::new("saved");
        io::init_to_sharded::<Model>(Key::new(KEY), &CONFIG, &streamed.0, &options(cap)).unwrap();
        io::save_sharded(&init, &saved.0, &options(cap)).unwrap();
        assert_eq!(files_of(&streamed.0), files_of(&saved.0), "cap {cap}");
        assert_model_eq(&io::load_sharded(&streamed.0, &CONFIG).unwrap(), &init);
        if cap < 1_000_000 {
            let index = streamed.path(io::INDEX_FILE_NAME);
            assert_model_eq(&io::load_sharded(&index, &CONFIG).unwrap(), &init);
        } else {
            assert_eq!(
                files_of(&streamed.0).into_keys().collect::<Vec<_>>(),
                ["model.safetensors"]
            );
        }
    }
    let slash = Options::new().separator("/");
    let dir = TempDir::new("slash");
    io::save_sharded(&init, &dir.0, &options(300).options(slash.clone())).unwrap();
    assert_model_eq(
        &io::load_sharded_with(&dir.0, &CONFIG, &slash).unwrap(),
        &init,
    );
    assert!(matches!(
        io::load_sharded::<Model>(&dir.0, &CONFIG),
        Err(Error::Mismatch(_))
    ));
}

#[test]
fn a_new_checkpoint_removes_the_files_of_an_earlier_one() {
    let dir = TempDir::new("stale");
    std::fs::write(dir.path("notes.txt"), "kept").unwrap();
    io::init_to_sharded::<Model>(Key::new(KEY), &CONFIG, &dir.0, &options(300)).unwrap();
    io::init_to_sharded::<Model>(Key::new(KEY), &CONFIG, &dir.0, &options(1_000_000)).unwrap();
    let names: Vec<String> = files_of(&dir.0).into_keys().collect();
    assert_eq!(names, ["model.safetensors", "notes.txt"]);
    let layout =
        io::init_to_sharded::<Model>(Key::new(KEY), &CONFIG, &dir.0, &options(2000)).unwrap();
    let mut expected: Vec<String> = layout.files.iter().map(|f| f.name.clone()).collect();
    expected.extend([io::INDEX_FILE_NAME.to_string(), "notes.txt".to_string()]);
    expected.sort();
    assert_eq!(files_of(&dir.0).into_keys().collect::<Vec<_>>(), expected);
}

/// A sharded checkpoint of the model in a fresh directory (cap 700: several files).
fn checkpoint(name: &str) -> (TempDir, ShardLayout) {
    let dir = TempDir::new(name);
    let layout =
        io::init_to_sharded::<Model>(Key::new(KEY), &CONFIG, &dir.0, &options(700)).unwrap();
    (dir, layout)
}

fn edit_index(dir: &TempDir, edit: impl FnOnce(String) -> String) {
    let path = dir.path(io::INDEX_FILE_NAME);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, edit(text)).unwrap();
}

fn load_error(dir: &TempDir) -> Error {
    match io::load_sharded::<Model>(&dir.0, &CONFIG) {
        Ok(_) => panic!("the broken checkpoint loaded"),
        Err(e) => e,
    }
}

#[test]
fn a_missing_shard_is_an_io_error_naming_it() {
    let (dir, layout) = checkpoint("missing");
    std::fs::remove_file(dir.path(&layout.files[1].name)).unwrap();
    match load_error(&dir) {
        Error::Io { path, .. } => assert_eq!(path, dir.path(&layout.files[1].name)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_index_naming_a_missing_file_is_an_error() {
    let (dir, layout) = checkpoint("unknown-file");
    let first = &layout.files[0];
    let entry = format!("\"{}\": \"{}\"", first.tensors[0], first.name);
    edit_index(&dir, |t| {
        t.replace(
            &entry,
            &format!(
                "\"{}\": \"model-00099-of-00099.safetensors\"",
                first.tensors[0]
            ),
        )
    });
    match load_error(&dir) {
        Error::Io { path, .. } => assert_eq!(path, dir.path("model-00099-of-00099.safetensors")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_tensor_in_two_shards_is_an_error() {
    let (dir, layout) = checkpoint("two");
    // The second file holds, besides its own tensors, a copy of one of the first's.
    let first = std::fs::read(dir.path(&layout.files[0].name)).unwrap();
    let second = std::fs::read(dir.path(&layout.files[1].name)).unwrap();
    let (first, second) = (
        safetensors::SafeTensors::deserialize(&first).unwrap(),
        safetensors::SafeTensors::deserialize(&second).unwrap(),
    );
    let copied = &layout.files[0].tensors[0];
    let mut tensors = second.tensors();
    tensors.push((copied.clone(), first.tensor(copied).unwrap()));
    let bytes = safetensors::serialize(tensors, None).unwrap();
    std::fs::write(dir.path(&layout.files[1].name), bytes).unwrap();
    match load_error(&dir) {
        Error::Format(message) => {
            assert!(
                message.contains("a tensor must be in one file"),
                "{message}"
            )
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn index_errors_are_format_errors() {
    let (dir, layout) = checkpoint("index-errors");
    let file = &layout.files[0];
    let entry = format!("\"{}\": \"{}\"", file.tensors[0], file.name);
    let cases: Vec<(String, &str)> = vec![
        // The tensor given twice.
        (format!("{entry},\n    {entry}"), "appears twice"),
        // A file outside the directory.
        (
            format!("\"{}\": \"../{}\"", file.tensors[0], file.name),
            "not a file name",
        ),
        // Put in a file that does not have it.
        (
            format!("\"{}\": \"{}\"", file.tensors[0], layout.files[1].name),
            "has no such tensor",
        ),
    ];
    let original = std::fs::read_to_string(dir.path(io::INDEX_FILE_NAME)).unwrap();
    for (replacement, expected) in cases {
        edit_index(&dir, |t| t.replace(&entry, &replacement));
        match load_error(&dir) {
            Error::Format(message) => assert!(message.contains(expected), "{message}"),
            other => panic!("{expected}: {other:?}"),
        }
        std::fs::write(dir.path(io::INDEX_FILE_NAME), &original).unwrap();
    }
    // A tensor the index does not name.
    edit_index(&dir, |t| t.replace(&format!("{entry},\n"), ""));
    match load_error(&dir) {
        Error::Format(message) => assert!(message.contains("does not name"), "{message}"),
        other => panic!("{other:?}"),
    }
    std::fs::write(dir.path(io::INDEX_FILE_NAME), "{\"metadata\": {}}").unwrap();
    assert!(matches!(load_error(&dir), Error::Format(_)));
    std::fs::write(dir.path(io::INDEX_FILE_NAME), &original).unwrap();
    // Another model's config: the usual mismatch.
    assert!(matches!(
        io::load_sharded::<Model>(&dir.0, &4),
        Err(Error::Mismatch(_))
    ));
}

#[test]
fn bad_options_are_errors() {
    let dir = TempDir::new("options");
    let init = Model::init(Key::new(KEY), &CONFIG).unwrap();
    for bad in [
        options(0),
        options(100).worker(3, 3),
        options(100).worker(0, 0),
    ] {
        let streamed = io::init_to_sharded::<Model>(Key::new(KEY), &CONFIG, &dir.0, &bad);
        assert!(
            matches!(streamed, Err(Error::InvalidArgument(_))),
            "{bad:?}"
        );
        let saved = io::save_sharded(&init, &dir.0, &bad);
        assert!(matches!(saved, Err(Error::InvalidArgument(_))), "{bad:?}");
    }
    assert_eq!(
        std::fs::read_dir(&dir.0).unwrap().count(),
        0,
        "nothing written"
    );
}
