//! Throughput of fanin's samplers and initializers on one shape, for `scripts/bench_vs_jax.py`
//! (and a quick look by hand): `cargo run --release --example throughput -- 4096 4096`.
//!
//! Prints one line per operation: `name <TAB> best seconds <TAB> M elements/s`.

use std::time::Instant;

use fanin::init::{lecun_normal, Initializer};
use fanin::random::{self, Fill};
use fanin::Key;
use rand::SeedableRng;
use rand_distr::{Distribution, StandardNormal};

/// The best of `runs` timings of `f`, in seconds.
fn best_of(runs: usize, mut f: impl FnMut()) -> f64 {
    f(); // warm up: page in the output, start rayon's threads
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    let shape: Vec<usize> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("an axis length"))
        .collect();
    let shape = if shape.is_empty() {
        vec![4096, 4096]
    } else {
        shape
    };
    let len: usize = shape.iter().product();
    let key = Key::new(0);
    let mut out32 = vec![0u32; len];
    let mut out = vec![0f32; len];
    let report = |name: &str, seconds: f64| {
        println!("{name}\t{seconds:.6}\t{:.1}", len as f64 / seconds / 1e6);
    };
    report(
        "bits",
        best_of(5, || random::Bits.fill_parallel(key, 0, &mut out32)),
    );
    report(
        "uniform",
        best_of(5, || {
            random::Uniform::new(0.0f32, 1.0).fill_parallel(key, 0, &mut out)
        }),
    );
    report(
        "normal",
        best_of(5, || random::Normal.fill_parallel(key, 0, &mut out)),
    );
    report(
        "truncated_normal",
        best_of(5, || {
            random::TruncatedNormal::new(-2.0f32, 2.0).fill_parallel(key, 0, &mut out)
        }),
    );
    report(
        "lecun_normal",
        best_of(5, || {
            std::hint::black_box(
                lecun_normal()
                    .sample::<f32>(key, &shape)
                    .expect("a valid shape"),
            );
        }),
    );
    // What a Rust user would pick otherwise: rand_distr's StandardNormal with SmallRng, one thread.
    report(
        "rand_distr StandardNormal (SmallRng, 1 thread)",
        best_of(3, || {
            let mut rng = rand::rngs::SmallRng::seed_from_u64(0);
            out.iter_mut()
                .for_each(|x| *x = StandardNormal.sample(&mut rng));
        }),
    );
}
