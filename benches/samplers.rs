//! Throughput of the samplers on 2^22 elements (f32, and `normal` in every dtype), per compiled
//! copy and in parallel.
//!
//! `cargo bench --bench samplers`; criterion reports elements per second.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use fanin::half::{bf16, f16};
use fanin::random::{Bits, Fill, Normal, Simd, TruncatedNormal, Uniform};
use fanin::Key;

const LEN: usize = 1 << 22;

fn one_thread<T: Send + Default + Clone, S: Fill<T>>(c: &mut Criterion, name: &str, sampler: S) {
    let mut group = c.benchmark_group(format!("{name}/1-thread"));
    group.throughput(Throughput::Elements(LEN as u64));
    group.sample_size(10);
    let mut out = vec![T::default(); LEN];
    for simd in Simd::available() {
        group.bench_with_input(
            BenchmarkId::from_parameter(format!("{simd:?}")),
            &simd,
            |b, &simd| b.iter(|| sampler.fill_simd(simd, black_box(Key::new(0)), 0, &mut out)),
        );
    }
    group.finish();
}

fn all_threads<T: Send + Default + Clone, S: Fill<T>>(c: &mut Criterion, name: &str, sampler: S) {
    let mut group = c.benchmark_group(format!("{name}/all-threads"));
    group.throughput(Throughput::Elements(LEN as u64));
    group.sample_size(10);
    let mut out = vec![T::default(); LEN];
    group.bench_function("best", |b| {
        b.iter(|| sampler.fill_parallel(black_box(Key::new(0)), 0, &mut out))
    });
    group.finish();
}

fn samplers(c: &mut Criterion) {
    one_thread::<u32, _>(c, "bits", Bits);
    one_thread::<f32, _>(c, "uniform", Uniform::new(-1.0f32, 1.0));
    one_thread::<f32, _>(c, "normal", Normal);
    one_thread::<f32, _>(c, "truncated_normal", TruncatedNormal::new(-2.0f32, 2.0));
    // 16-bit dtypes fill through a table of their values; f64 calls the C library's `log`.
    one_thread::<bf16, _>(c, "normal-bf16", Normal);
    one_thread::<f16, _>(c, "normal-f16", Normal);
    one_thread::<f64, _>(c, "normal-f64", Normal);
    all_threads::<u32, _>(c, "bits", Bits);
    all_threads::<f32, _>(c, "uniform", Uniform::new(-1.0f32, 1.0));
    all_threads::<f32, _>(c, "normal", Normal);
    all_threads::<f32, _>(c, "truncated_normal", TruncatedNormal::new(-2.0f32, 2.0));
}

criterion_group!(benches, samplers);
criterion_main!(benches);
