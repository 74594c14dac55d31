//! The code paths Miri can run, at sizes it runs in minutes (`scripts/miri.sh`): the scalar and
//! baseline sampler loops of every sampler and dtype, the 16-bit tables (outputs long enough to
//! build one: 4 uses per entry, 512 bf16 and 4096 f16 elements), and the small-buffer path of
//! `alloc.rs` (zeroed, filled and empty buffers through `Params::init`). Under Miri the SIMD
//! copies are not available (`Simd::available()` is Scalar and Baseline), so every fill here
//! runs plain Rust. Also an ordinary test: fast natively.

use fanin::half::{bf16, f16};
use fanin::ndarray::{Array0, Array1, Array2};
use fanin::random::{Bits, Fill, JitNormal, Normal, Simd, TruncatedNormal, Uniform};
use fanin::{Dtype, Key, Params};

/// The scalar and baseline copies of `sampler` agree on `len` elements from `start`.
fn scalar_and_baseline_agree<T: Dtype, S: Fill<T>>(sampler: &S, start: u64, len: usize) {
    let key = Key::new(42).fold_in(7);
    let mut scalar = vec![T::default(); len];
    sampler.fill_simd(Simd::Scalar, key, start, &mut scalar);
    let mut baseline = vec![T::default(); len];
    sampler.fill_simd(Simd::Baseline, key, start, &mut baseline);
    let differ = scalar
        .iter()
        .zip(&baseline)
        .position(|(a, b)| a != b && !(a.to_f64().is_nan() && b.to_f64().is_nan()));
    assert_eq!(differ, None, "{} elements from {start}", len);
    // Scaled fills (the 16-bit tables of products).
    let factor = T::from_f64(0.5);
    sampler.fill_simd_scaled(Simd::Scalar, key, start, &mut scalar, factor);
    sampler.fill_simd_scaled(Simd::Baseline, key, start, &mut baseline, factor);
    let differ = scalar
        .iter()
        .zip(&baseline)
        .position(|(a, b)| a != b && !(a.to_f64().is_nan() && b.to_f64().is_nan()));
    assert_eq!(differ, None, "scaled, {} elements from {start}", len);
}

/// Every sampler of dtype `T` on `len` elements from each of `starts`: unaligned starts,
/// lengths off the blocks.
fn every_sampler<T: Dtype>(len: usize, starts: &[u64]) {
    for &start in starts {
        scalar_and_baseline_agree::<T, _>(
            &Uniform::new(T::from_f64(-1.5), T::from_f64(2.0)),
            start,
            len,
        );
        scalar_and_baseline_agree::<T, _>(&Normal, start, len);
        scalar_and_baseline_agree::<T, _>(&JitNormal::new(T::from_f64(0.3)), start, len);
        scalar_and_baseline_agree::<T, _>(
            &TruncatedNormal::new(T::from_f64(-2.0), T::from_f64(2.0)),
            start,
            len,
        );
    }
}

#[test]
fn f32_and_f64_loops() {
    every_sampler::<f32>(37, &[0, 3, (1 << 32) - 5]);
    every_sampler::<f64>(37, &[0, 3, (1 << 32) - 5]);
    let key = Key::new(1);
    let mut scalar = vec![0u32; 41];
    let mut baseline = vec![0u32; 41];
    Bits.fill_simd(Simd::Scalar, key, 5, &mut scalar);
    Bits.fill_simd(Simd::Baseline, key, 5, &mut baseline);
    assert_eq!(scalar, baseline);
}

#[test]
fn bf16_table() {
    // 128 entries, a table from 512 elements on.
    every_sampler::<bf16>(512 + 21, &[3]);
}

#[test]
fn f16_table() {
    // 1024 entries, a table from 4096 elements on: the largest table, one sampler under Miri
    // (each element costs Miri about a millisecond).
    let start = (1 << 32) - 5;
    scalar_and_baseline_agree::<f16, _>(&Normal, start, 4096 + 3);
    if !cfg!(miri) {
        every_sampler::<f16>(4096 + 3, &[0, start]);
    }
}

#[derive(Params)]
#[init(z = zeros_init(), o = ones_init(), c = constant(0.25), e = zeros_init(), n = normal(), s = zeros_init(), t = truncated_normal())]
pub struct Small {
    #[shape(3, 5)]
    pub z: Array2<f32>,
    #[shape(7)]
    pub o: Array1<bf16>,
    #[shape(4)]
    pub c: Array1<f16>,
    #[shape(0, 3)]
    pub e: Array2<f64>,
    #[shape(9)]
    pub n: Array1<f32>,
    #[shape()]
    pub s: Array0<f64>,
    #[shape(6)]
    pub t: Array1<bf16>,
}

#[test]
fn small_buffers_of_alloc() {
    let m = Small::init(Key::new(0), &()).unwrap();
    assert!(m.z.iter().all(|&x| x == 0.0));
    assert!(m.o.iter().all(|&x| x == bf16::ONE));
    assert!(m.c.iter().all(|&x| x == f16::from_f32(0.25)));
    assert_eq!(m.e.shape(), &[0, 3]);
    assert_eq!(m.s.ndim(), 0);
    assert!(m.n.iter().all(|x| x.is_finite()));
    assert!(m.t.iter().all(|x| x.to_f32().abs() <= 2.0));
    // The whole-array samplers (fanin::random) go through the same buffers.
    let a = fanin::random::normal::<f32>(Key::new(3), &[2, 3]);
    let b = fanin::random::uniform::<f16>(Key::new(3), &[0], f16::ZERO, f16::ONE);
    assert_eq!((a.len(), b.len()), (6, 0));
}
