//! Keys and samples that print the same numbers as `jax.random` (run: `cargo run --release --example quickstart`).

use fanin::{random, Key};

fn main() {
    // key = jax.random.PRNGKey(0)
    let key = Key::new(0);
    println!(
        "jax.random.key_data(jax.random.PRNGKey(0))      = {:?}",
        key.data()
    );
    // k1, k2 = jax.random.split(key)
    let keys = key.split(2);
    println!(
        "jax.random.split(key)                          = {:?}",
        keys.iter().map(|k| k.data()).collect::<Vec<_>>()
    );
    // jax.random.fold_in(key, 42)
    println!(
        "jax.random.fold_in(key, 42)                    = {:?}",
        key.fold_in(42).data()
    );
    // jax.random.normal(key, (3,))
    println!(
        "jax.random.normal(key, (3,))                   = {}",
        random::normal::<f32>(key, &[3])
    );
    // jax.random.uniform(key, (3,), minval=-1, maxval=1)
    println!(
        "jax.random.uniform(key, (3,), minval=-1.0, maxval=1.0) = {}",
        random::uniform::<f32>(key, &[3], -1.0, 1.0)
    );
    // jax.random.truncated_normal(key, -2, 2, (3,))
    println!(
        "jax.random.truncated_normal(key, -2, 2, (3,))  = {}",
        random::truncated_normal::<f32>(key, -2.0, 2.0, &[3])
    );
}
