//! Throughput of fanin's samplers and initializers on one shape, for `scripts/bench_vs_jax.py`
//! (and a quick look by hand): `cargo run --release --example throughput -- 4096 4096`.
//!
//! Prints one line per operation: `name <TAB> best seconds <TAB> M elements/s`.

use std::hint::black_box;
use std::time::Instant;

use fanin::init::{lecun_normal, Initializer};
use fanin::random::{self, Fill};
use fanin::Key;
use rand::SeedableRng;
use rand_distr::{Distribution, StandardNormal};
use rayon::prelude::*;

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
    let report = |name: &str, seconds: f64| {
        println!("{name}\t{seconds:.6}\t{:.1}", len as f64 / seconds / 1e6);
    };
    // A new array each time, as `jax.jit` returns one: these rows include the kernel's cost of
    // mapping fresh memory, which varies from run to run on a virtual machine.
    report(
        "bits",
        best_of(RUNS, || drop(black_box(random::bits(key, &shape)))),
    );
    report(
        "uniform",
        best_of(RUNS, || {
            drop(black_box(random::uniform::<f32>(key, &shape, 0.0, 1.0)))
        }),
    );
    report(
        "normal",
        best_of(RUNS, || drop(black_box(random::normal::<f32>(key, &shape)))),
    );
    report(
        "truncated_normal",
        best_of(RUNS, || {
            drop(black_box(random::truncated_normal::<f32>(
                key, -2.0, 2.0, &shape,
            )))
        }),
    );
    let lecun = lecun_normal();
    report(
        "lecun_normal",
        best_of(RUNS, || {
            drop(black_box(
                lecun.sample::<f32>(key, &shape).expect("a valid shape"),
            ))
        }),
    );
    // The same draws into an existing array: the sampling alone.
    let mut out = vec![0f32; len];
    report(
        "normal, into an existing array",
        best_of(RUNS, || random::Normal.fill_parallel(key, 0, &mut out)),
    );
    report(
        "lecun_normal, into an existing array",
        best_of(RUNS, || {
            out.par_chunks_mut(1 << 15)
                .enumerate()
                .for_each(|(i, chunk)| {
                    let start = (i << 15) as u64;
                    lecun
                        .fill(key, &shape, start, chunk)
                        .expect("a valid range")
                })
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

/// Timings per operation; the best one is reported.
const RUNS: usize = 10;
