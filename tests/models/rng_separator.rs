//! Flax's `flax_fix_rng_separator=True` (`with_fix_rng_separator`): parity with a Flax 0.12.8
//! model initialized under the flag (fixtures made by `scripts/fixtures/separator_cases.py`),
//! by init and by the plan, and through a streamed file.

#![deny(warnings)]

use crate::common;

use fanin::half::bf16;
use fanin::ndarray::{Array1, Array2};
use fanin::{io, with_fix_rng_separator, Key, Params};

#[derive(Params)]
#[init(kernel = lecun_normal(), bias = normal())]
pub struct Dense4 {
    #[shape(3, 4)]
    pub kernel: Array2<f32>,
    #[shape(4)]
    pub bias: Array1<f32>,
}

#[derive(Params)]
pub struct Inner {
    #[module]
    pub dense: Dense4,
}

#[derive(Params)]
#[init(kernel = lecun_normal(), bias = zeros_init())]
pub struct DenseBf16 {
    #[shape(4, 2)]
    pub kernel: Array2<bf16>,
    #[shape(2)]
    pub bias: Array1<bf16>,
}

/// `Separated` of the fixture script: a param, a named submodule, a compact `Dense_0`.
#[derive(Params)]
pub struct Separated {
    #[shape(3)]
    #[init(normal().stddev(0.5))]
    pub scale: Array1<f32>,
    #[module]
    pub inner: Inner,
    #[module(name = "Dense_0")]
    pub head: DenseBf16,
}

#[test]
fn every_param_as_flax_makes_it_with_the_separator() {
    with_fix_rng_separator(true, || {
        common::check_model::<Separated>("separator", "separated", 7, &());
    });
}

#[test]
fn the_separator_changes_every_key() {
    let fixed = with_fix_rng_separator(true, || Separated::init(Key::new(7), &())).unwrap();
    let plain = Separated::init(Key::new(7), &()).unwrap();
    assert_ne!(fixed.scale, plain.scale);
    assert_ne!(fixed.inner.dense.kernel, plain.inner.dense.kernel);
    assert_ne!(fixed.head.kernel, plain.head.kernel);
}

#[test]
fn a_streamed_file_keeps_the_setting() {
    let dir = std::env::temp_dir().join(format!("fanin-separator-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let streamed = dir.join("streamed.safetensors");
    let saved = dir.join("saved.safetensors");
    with_fix_rng_separator(true, || {
        io::init_to_file::<Separated>(Key::new(7), &(), &streamed).unwrap();
        io::save(&Separated::init(Key::new(7), &()).unwrap(), &saved).unwrap();
    });
    assert_eq!(
        std::fs::read(&streamed).unwrap(),
        std::fs::read(&saved).unwrap()
    );
    let plain = dir.join("plain.safetensors");
    io::init_to_file::<Separated>(Key::new(7), &(), &plain).unwrap();
    assert_ne!(
        std::fs::read(&plain).unwrap(),
        std::fs::read(&saved).unwrap()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
