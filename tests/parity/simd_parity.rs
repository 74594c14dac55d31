//! Every compiled copy of the sampler loops (scalar, baseline, AVX2, AVX-512) gives the same
//! bits, on random keys, random index ranges and unaligned lengths; and so does any number of
//! threads.

use fanin::half::{bf16, f16};
use fanin::random::{Bits, Fill, JitNormal, Normal, Simd, TruncatedNormal, Uniform};
use fanin::{Dtype, Key};
use rand::{Rng, SeedableRng};

/// Fills `len` elements from `start` with every available copy and checks they all agree.
fn copies_agree<T: Dtype, S: Fill<T>>(sampler: &S, key: Key, start: u64, len: usize) {
    let mut reference = vec![T::default(); len];
    sampler.fill_simd(Simd::Scalar, key, start, &mut reference);
    let what = format!("key {key:?}, start {start}");
    every_copy_gives(&reference, &what, |simd, out| {
        sampler.fill_simd(simd, key, start, out)
    });
}

/// `fill_simd_scaled` with every copy equals the scalar sample times the factor, one multiply
/// in the dtype (the default `fill_simd_scaled`, which the samplers override).
fn scaled_agrees<T: Dtype, S: Fill<T>>(sampler: &S, key: Key, start: u64, len: usize) {
    let factor = T::from_f64(0.037);
    let mut reference = vec![T::default(); len];
    sampler.fill_simd(Simd::Scalar, key, start, &mut reference);
    for x in reference.iter_mut() {
        *x = x.mul(factor);
    }
    let what = format!("scaled by {factor}, key {key:?}, start {start}");
    every_copy_gives(&reference, &what, |simd, out| {
        sampler.fill_simd_scaled(simd, key, start, out, factor)
    });
}

/// Checks that `fill(simd, out)` writes `reference` with every available copy (NaNs match
/// NaNs: their signs are not reproduced); `what` names the case in the failure message.
fn every_copy_gives<T: Dtype>(reference: &[T], what: &str, fill: impl Fn(Simd, &mut [T])) {
    for simd in Simd::available() {
        let mut got = vec![T::default(); reference.len()];
        fill(simd, &mut got);
        let mismatch = got
            .iter()
            .zip(reference)
            .position(|(a, b)| a != b && !(a.to_f64().is_nan() && b.to_f64().is_nan()));
        assert_eq!(
            mismatch,
            None,
            "{simd:?} differs from the scalar loop at this index of {} elements ({what})",
            reference.len()
        );
    }
}

fn random_ranges(seed: u64, check: impl Fn(Key, u64, usize)) {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    for _ in 0..40 {
        let key = Key::from_data([rng.r#gen(), rng.r#gen()]);
        // Counters near 2^32 cross into the high word; lengths are rarely multiples of 16.
        let start = match rng.gen_range(0..3) {
            0 => rng.gen_range(0..100),
            1 => (1u64 << 32) - rng.gen_range(0..40),
            _ => rng.r#gen(),
        } & ((1u64 << 62) - 1);
        check(key, start, rng.gen_range(0..300));
    }
}

fn samplers_agree<T: Dtype>() {
    let (lo, hi) = (T::from_f64(-3.3), T::from_f64(7.1));
    random_ranges(1, |key, start, len| {
        copies_agree::<T, _>(&Uniform::new(lo, hi), key, start, len);
        // Reversed bounds: the final `max(minval, .)` is not dropped there.
        copies_agree::<T, _>(&Uniform::new(hi, lo), key, start, len);
        copies_agree::<T, _>(&Normal, key, start, len);
        copies_agree::<T, _>(
            &TruncatedNormal::new(T::from_f64(-2.0), T::from_f64(2.0)),
            key,
            start,
            len,
        );
        copies_agree::<T, _>(
            &TruncatedNormal::new(T::from_f64(-0.5), T::from_f64(3.0)),
            key,
            start,
            len,
        );
    });
}

#[test]
fn bits_copies_agree() {
    random_ranges(0, copies_agree_bits);
}

fn copies_agree_bits(key: Key, start: u64, len: usize) {
    let mut reference = vec![0u32; len];
    Bits.fill_simd(Simd::Scalar, key, start, &mut reference);
    for simd in Simd::available() {
        let mut got = vec![0u32; len];
        Bits.fill_simd(simd, key, start, &mut got);
        assert_eq!(got, reference, "{simd:?}");
    }
}

#[test]
fn f32_copies_agree() {
    samplers_agree::<f32>();
}

#[test]
fn f64_copies_agree() {
    samplers_agree::<f64>();
}

#[test]
fn bf16_copies_agree() {
    samplers_agree::<bf16>();
}

#[test]
fn f16_copies_agree() {
    samplers_agree::<f16>();
}

/// Long ranges, where the block loops run many blocks, groups of lanes that skip `erf_inv`'s
/// tail polynomial meet groups that need it (and bounds where every lane does), and 16-bit
/// dtypes fill through tables of their values.
fn long_ranges_agree<T: Dtype>() {
    let f = T::from_f64;
    for (seed, start) in [(3u64, 0u64), (4, 77), (5, (1 << 32) - 1000)] {
        let key = Key::new(seed);
        let len = 20_000 + seed as usize;
        copies_agree::<T, _>(&Uniform::new(f(-3.3), f(7.1)), key, start, len);
        copies_agree::<T, _>(&Uniform::new(f(7.1), f(-3.3)), key, start, len);
        copies_agree::<T, _>(&Normal, key, start, len);
        copies_agree::<T, _>(&JitNormal::new(f(0.37)), key, start, len);
        for (lo, hi) in [(-2.0, 2.0), (-6.0, 6.0), (2.5, 9.0), (-9.0, -3.0)] {
            copies_agree::<T, _>(&TruncatedNormal::new(f(lo), f(hi)), key, start, len);
        }
        let infinite = TruncatedNormal::new(f(f64::NEG_INFINITY), f(f64::INFINITY));
        copies_agree::<T, _>(&infinite, key, start, len);
        scaled_agrees::<T, _>(&Normal, key, start, len);
        scaled_agrees::<T, _>(&Uniform::new(f(-1.0), f(1.0)), key, start, len);
        for (lo, hi) in [(-2.0, 2.0), (0.0, 2.0)] {
            scaled_agrees::<T, _>(&TruncatedNormal::new(f(lo), f(hi)), key, start, len);
        }
    }
}

#[test]
fn long_ranges_agree_in_every_dtype() {
    long_ranges_agree::<f32>();
    long_ranges_agree::<f64>();
    long_ranges_agree::<bf16>();
    long_ranges_agree::<f16>();
}

#[test]
fn thread_count_does_not_change_bytes() {
    let key = Key::new(11);
    let len = 300_001;
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let mut out = vec![0f32; len];
            Normal.fill_parallel(key, 5, &mut out);
            out
        })
    };
    let one = run(1);
    for threads in [2, 3, 8] {
        assert_eq!(run(threads), one, "{threads} threads");
    }
    let mut sequential = vec![0f32; len];
    Normal.fill_simd(Simd::Scalar, key, 5, &mut sequential);
    assert_eq!(one, sequential);
}
