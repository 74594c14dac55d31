//! Every run-time rule of `fanin::init` is an error (never a panic) whose message names the
//! rule, the shape and the remedy.

use fanin::init::*;
use fanin::Key;

/// The message of the error `result` must be.
fn message<T: std::fmt::Debug>(result: fanin::Result<T>) -> String {
    match result {
        Ok(v) => panic!("expected an error, got {v:?}"),
        Err(e) => e.to_string(),
    }
}

fn assert_mentions(message: &str, parts: &[&str]) {
    for part in parts {
        assert!(
            message.contains(part),
            "{message:?} does not mention {part:?}"
        );
    }
}

#[test]
fn variance_scaling_on_rank_1_with_the_default_in_axis() {
    let key = Key::new(0);
    for init in [
        lecun_normal(),
        he_uniform(),
        glorot_normal(),
        variance_scaling(1.0, Mode::FanOut, Distribution::Normal),
    ] {
        let m = message(init.sample::<f32>(key, &[5]));
        assert_mentions(
            &m,
            &[
                "Can't compute input and output sizes of a 1-dimensional weights tensor with default in_axis. Must be at least 2D or specify in_axis explicitly.",
                "[5]",
                ".in_axis(..)",
                "zeros_init()",
            ],
        );
    }
    let m = message(lecun_normal().sample::<f64>(key, &[]));
    assert_mentions(&m, &["0-dimensional weights tensor", "[]"]);
    // `fill` and trait objects check the same rule.
    let m = message(lecun_normal().fill::<f32>(key, &[5], 0, &mut [0.0; 2]));
    assert_mentions(&m, &["1-dimensional", "[5]"]);
    let boxed: Box<dyn DynInitializer> = Box::new(lecun_normal());
    assert_mentions(
        &message(boxed.sample::<fanin::half::bf16>(key, &[5])),
        &["1-dimensional"],
    );
    // An explicit in_axis is accepted on rank 1, as in JAX.
    assert!(lecun_normal().in_axis(0).sample::<f32>(key, &[5]).is_ok());
}

#[test]
fn axes_out_of_range() {
    let key = Key::new(0);
    let m = message(lecun_normal().in_axis(2).sample::<f32>(key, &[3, 4]));
    assert_mentions(
        &m,
        &[
            "in_axis",
            "axis 2 is out of range",
            "[3, 4]",
            "rank 2",
            "-2..2",
        ],
    );
    let m = message(he_normal().out_axis(-3).sample::<f32>(key, &[3, 4]));
    assert_mentions(&m, &["out_axis", "axis -3 is out of range", "[3, 4]"]);
    let m = message(
        glorot_uniform()
            .batch_axis([0, 7])
            .sample::<f32>(key, &[2, 3, 4]),
    );
    assert_mentions(&m, &["batch_axis", "axis 7", "[2, 3, 4]"]);
    // JAX's -2 on rank 1 given as a list is an out-of-range axis, not the default.
    let m = message(lecun_normal().in_axis([-2]).sample::<f32>(key, &[4]));
    assert_mentions(&m, &["axis -2 is out of range", "[4]"]);
    let m = message(orthogonal().column_axis(2).sample::<f32>(key, &[3, 4]));
    assert_mentions(
        &m,
        &["orthogonal column_axis", "axis 2 is out of range", "[3, 4]"],
    );
    let m = message(
        delta_orthogonal()
            .column_axis(-3)
            .sample::<f32>(key, &[3, 4, 4]),
    );
    assert_mentions(&m, &["delta_orthogonal column_axis", "axis -3", "[4, 4]"]);
    let m = message(lecun_normal().in_axis([0; 9]).sample::<f32>(key, &[2, 2]));
    assert_mentions(&m, &["9 axes", "at most 8"]);
}

#[test]
fn orthogonal_below_2d() {
    let key = Key::new(0);
    for shape in [&[4][..], &[]] {
        let m = message(orthogonal().sample::<f32>(key, shape));
        assert_mentions(
            &m,
            &[
                "orthogonal initializer requires at least a 2D shape",
                &format!("{shape:?}"),
                "normal()",
            ],
        );
    }
}

#[test]
fn delta_orthogonal_outside_3_to_5_d() {
    let key = Key::new(0);
    for shape in [&[3, 3][..], &[1, 1, 1, 1, 3, 3]] {
        let m = message(delta_orthogonal().sample::<f32>(key, shape));
        assert_mentions(
            &m,
            &[
                "requires a 3D, 4D or 5D shape",
                &format!("{shape:?}"),
                "orthogonal()",
            ],
        );
    }
}

#[test]
fn delta_orthogonal_with_fan_in_above_fan_out() {
    let m = message(delta_orthogonal().sample::<f32>(Key::new(0), &[3, 3, 8, 4]));
    assert_mentions(
        &m,
        &[
            "`fan_in` must be less or equal than `fan_out`",
            "[3, 3, 8, 4]",
            "shape[-2] = 8 > shape[-1] = 4",
        ],
    );
}

#[test]
fn zero_size_dimensions_as_jax() {
    let key = Key::new(0);
    // Variance scaling divides by a zero fan: JAX raises ZeroDivisionError.
    for shape in [&[0, 3][..], &[3, 0], &[2, 0, 3]] {
        let m = message(lecun_normal().sample::<f32>(key, shape));
        assert_mentions(
            &m,
            &[
                "divides by zero",
                "ZeroDivisionError",
                &format!("{shape:?}"),
            ],
        );
    }
    // Orthogonal gives zeros; the elementwise ones an empty array.
    assert_eq!(
        orthogonal().sample::<f32>(key, &[0, 3]).unwrap().shape(),
        &[0, 3]
    );
    assert_eq!(normal().sample::<f32>(key, &[0, 3]).unwrap().len(), 0);
    assert_eq!(
        delta_orthogonal()
            .sample::<f32>(key, &[1, 0, 3])
            .unwrap()
            .shape(),
        &[1, 0, 3]
    );
    // A spatial axis of size 0 has no centre (JAX: index out of bounds).
    let m = message(delta_orthogonal().sample::<f32>(key, &[0, 3, 3]));
    assert_mentions(&m, &["spatial axis of size 0", "[0, 3, 3]"]);
}

#[test]
fn fill_outside_the_array() {
    let m = message(normal().fill::<f32>(Key::new(0), &[2, 3], 5, &mut [0.0; 2]));
    assert_mentions(&m, &["outside shape [2, 3]", "6 elements"]);
    let m = message(orthogonal().fill::<f32>(Key::new(0), &[2, 3], u64::MAX, &mut [0.0; 2]));
    assert_mentions(&m, &["outside shape [2, 3]"]);
}

#[test]
fn shapes_too_large() {
    let m = message(zeros.sample::<f32>(Key::new(0), &[usize::MAX, 2]));
    assert_mentions(&m, &["overflows", "smaller dimensions"]);
    assert!(orthogonal()
        .sample::<f32>(Key::new(0), &[usize::MAX, 3])
        .is_err());
}

/// JAX's QR has no 16-bit kernel, so its orthogonal initializers raise for bf16/f16; so do ours.
#[test]
fn orthogonal_in_16_bits_as_jax() {
    let key = Key::new(0);
    let m = message(orthogonal().sample::<fanin::half::bf16>(key, &[4, 3]));
    assert_mentions(&m, &["bfloat16", "Unsupported dtype", "float32"]);
    let m = message(delta_orthogonal().sample::<fanin::half::f16>(key, &[3, 3, 4]));
    assert_mentions(&m, &["float16", "Unsupported dtype", "float32"]);
}

/// `dense_general` needs at least one input axis and one feature axis.
#[test]
fn dense_general_axes() {
    let key = Key::new(0);
    let m = message(dense_general(lecun_normal(), 0).sample::<f32>(key, &[4, 5]));
    assert_mentions(&m, &["dense_general", "[4, 5]", "between 1 and 1"]);
    let m = message(dense_general(lecun_normal(), 3).sample::<f32>(key, &[4, 5, 6]));
    assert_mentions(&m, &["dense_general", "[4, 5, 6]", "feature"]);
}
