//! Writes the seed corpora of the fuzz targets (`corpus/`, not committed):
//! `cargo run --example seed_corpus` from `fuzz/`.
//!
//! * `corpus/load_safetensors/`: valid files of the fuzzed model made by `io::save` (with `.`
//!   and `/` separators, and for other configs), and a few broken ones;
//! * `corpus/derive_attributes/`: the derive inputs of `macros/src/tests.rs` (every string
//!   literal there that mentions `struct`), and a few full structs.

use std::path::Path;

use fanin::io::{self, Options};
use fanin::{Key, Params};
use fanin_fuzz::{Model, CONFIG};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let load = root.join("load_safetensors");
    std::fs::create_dir_all(&load).unwrap();
    for (i, config) in [CONFIG, 1, 0, 7].into_iter().enumerate() {
        let model = Model::init(Key::new(i as u64), &config).unwrap();
        io::save(&model, load.join(format!("valid-{config}.safetensors"))).unwrap();
        let slash = Options::new().separator("/");
        io::save_with(&model, load.join(format!("slash-{config}.safetensors")), &slash).unwrap();
    }
    let valid = std::fs::read(load.join(format!("valid-{CONFIG}.safetensors"))).unwrap();
    std::fs::write(load.join("truncated"), &valid[..valid.len() / 2]).unwrap();
    std::fs::write(load.join("header-only"), &valid[..8]).unwrap();
    let n = u64::from_le_bytes(valid[..8].try_into().unwrap()) as usize;
    let mut header = String::from_utf8(valid[8..8 + n].to_vec()).unwrap();
    header = header.replacen("{", "{\"__metadata__\":{\"format\":\"pt\"},", 1);
    let mut with_metadata = (header.len() as u64).to_le_bytes().to_vec();
    with_metadata.extend_from_slice(header.as_bytes());
    with_metadata.extend_from_slice(&valid[8 + n..]);
    std::fs::write(load.join("metadata.safetensors"), with_metadata).unwrap();

    let derive = root.join("derive_attributes");
    std::fs::create_dir_all(&derive).unwrap();
    let tests = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../macros/src/tests.rs"),
    )
    .unwrap();
    let mut count = 0;
    for literal in string_literals(&tests) {
        if literal.contains("struct") || literal.contains("enum") || literal.contains("union") {
            std::fs::write(derive.join(format!("tests-{count}")), literal).unwrap();
            count += 1;
        }
    }
    let extra = [
        "#[params(config = DenseConfig)] #[init(kernel = lecun_normal(), bias = zeros_init())] pub struct Dense<T: Dtype> { #[shape(cfg.in_features, cfg.features)] pub kernel: Array2<T>, #[shape(cfg.features)] pub bias: Array1<T> }",
        "#[params(config = MlpConfig)] pub struct Mlp { #[module(config = DenseConfig { in_features: 16, features: cfg.width })] pub embed: Dense<f32>, #[module(config = DenseConfig { in_features: cfg.width, features: cfg.width }, count = cfg.depth)] pub layers: Vec<Dense<f32>>, #[module(name = \"Dense_0\", config = DenseConfig { in_features: cfg.width, features: 1 })] pub head: Dense<f32>, #[shape(cfg.width, 4)] #[init(normal().stddev(0.02))] pub extra: ArrayD<f32>, #[skip] pub note: String }",
        "struct M { #[shape(3, 3, 4, 5)] #[init(variance_scaling(2.0, Mode::FanAvg, Distribution::Uniform).in_axis(-2).out_axis(-1).batch_axis([0]))] w: Array4<f32>, #[shape(2, 3)] #[init(dense_general(lecun_normal(), 2))] r#type: Array2<half::bf16> }",
    ];
    for (i, src) in extra.iter().enumerate() {
        std::fs::write(derive.join(format!("extra-{i}")), src).unwrap();
    }
    println!(
        "seeds: {} files in {}, {} in {}",
        std::fs::read_dir(&load).unwrap().count(),
        load.display(),
        count + extra.len(),
        derive.display()
    );
}

/// The contents of the one-line `"..."` string literals of Rust source, unescaped (`\"`, `\\`).
fn string_literals(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in src.lines() {
        let mut chars = line.chars();
        let mut current: Option<String> = None;
        while let Some(c) = chars.next() {
            match (&mut current, c) {
                (None, '"') => current = Some(String::new()),
                (Some(s), '\\') => match chars.next() {
                    Some('n') => s.push('\n'),
                    Some(other) => s.push(other),
                    None => {}
                },
                (Some(_), '"') => out.push(current.take().unwrap()),
                (Some(s), c) => s.push(c),
                (None, _) => {}
            }
        }
    }
    out
}
