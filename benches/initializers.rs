//! Throughput of whole initializers (a new array each time, as `Module.init` makes them), and
//! of a whole GPT-2-small-shaped model: `cargo bench --bench initializers`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use fanin::init::{
    glorot_uniform, he_normal, lecun_normal, normal, orthogonal, truncated_normal, uniform,
    zeros_init, Initializer,
};
use fanin::Key;

const SHAPE: [usize; 2] = [2048, 2048];

fn bench<I: Initializer>(c: &mut Criterion, name: &str, init: I, shape: &[usize]) {
    let mut group = c.benchmark_group("initializers");
    group.throughput(Throughput::Elements(shape.iter().product::<usize>() as u64));
    group.sample_size(10);
    group.bench_function(name, |b| {
        b.iter(|| black_box(init.sample::<f32>(Key::new(0), shape).unwrap()))
    });
    group.finish();
}

fn initializers(c: &mut Criterion) {
    bench(c, "lecun_normal", lecun_normal(), &SHAPE);
    bench(c, "he_normal", he_normal(), &SHAPE);
    bench(c, "glorot_uniform", glorot_uniform(), &SHAPE);
    bench(c, "normal", normal(), &SHAPE);
    bench(c, "uniform", uniform(), &SHAPE);
    bench(c, "truncated_normal", truncated_normal(), &SHAPE);
    bench(c, "zeros", zeros_init(), &SHAPE);
    // A QR of the whole matrix: not elementwise, so much slower per element.
    bench(c, "orthogonal 256x256", orthogonal(), &[256, 256]);
}

criterion_group!(benches, initializers);
criterion_main!(benches);
