//! Flax's "Initializers" guide, redone in Rust: `cargo run --release --example quickstart`.
//!
//! Every number printed here is bit-identical to what the Python next to it prints with
//! jax 0.10.2 / flax 0.12.8 on CPU (`tests/models/derive_models.rs` checks every bit against fixtures
//! made by the real Flax).

use fanin::init::{lecun_normal, uniform, Initializer};
use fanin::ndarray::{Array1, Array2};
use fanin::{Key, LazyRng, Params};

/// `nn.Dense(features)` on inputs of `in_features`.
pub struct DenseConfig {
    pub in_features: usize,
    pub features: usize,
}

// Step 1. A layer declares its params and their initializers, as `nn.Dense` does inside:
//   kernel = self.param('kernel', self.kernel_init, (x.shape[-1], self.features))
//   bias   = self.param('bias', self.bias_init, (self.features,))
#[derive(Params)]
#[params(config = DenseConfig)]
#[init(kernel = lecun_normal(), bias = zeros_init())]
pub struct Dense {
    #[shape(cfg.in_features, cfg.features)]
    pub kernel: Array2<f32>,
    #[shape(cfg.features)]
    pub bias: Array1<f32>,
}

// Step 4. Another initializer for the bias, as `nn.Dense(5, bias_init=nn.initializers.uniform())`.
#[derive(Params)]
#[params(config = DenseConfig)]
#[init(kernel = lecun_normal(), bias = uniform())]
pub struct DenseUniformBias {
    #[shape(cfg.in_features, cfg.features)]
    pub kernel: Array2<f32>,
    #[shape(cfg.features)]
    pub bias: Array1<f32>,
}

// The guide's two pitfalls are compile errors here (tests/ui/fail proves both):
//
// 1. `nn.Dense(5, kernel_init=jnp.zeros)`: jnp.zeros makes an array, it is not an initializer.
//    `#[init(kernel = Array2::zeros, ...)]` gives:
//      error: `Array2::zeros` makes an array, not an initializer (JAX's `kernel_init=jnp.zeros`
//             pitfall), for `kernel`: use fanin's `zeros`, which is an initializer as
//             `jax.nn.initializers.zeros` is, or `zeros_init()`
//
// 2. `nn.Dense(5, bias_init=nn.initializers.lecun_normal())`: JAX fails at run time with
//    "Can't compute input and output sizes of a 1-dimensional weights tensor with default
//    in_axis". `#[init(kernel = lecun_normal(), bias = lecun_normal())]` gives:
//      error: `lecun_normal()` needs a parameter of rank >= 2 to compute fan-in and fan-out;
//             `bias` is `Array1<f32>` (rank 1). Use zeros_init() or normal(), or give an
//             explicit in_axis.
//       --> examples/quickstart.rs
//        |
//        | #[init(kernel = lecun_normal(), bias = lecun_normal())]
//        |                                        ^^^^^^^^^^^^^^

fn main() -> fanin::Result<()> {
    let config = DenseConfig {
        in_features: 4,
        features: 5,
    };

    // Step 2. Initialize with key 0.
    //   params = nn.Dense(5).init(jax.random.key(0), jnp.ones((1, 4)))['params']
    let dense = Dense::init(Key::new(0), &config)?;
    println!("params['kernel'] =\n{}", dense.kernel);
    // [[ 0.0413083  -0.8247015  -0.8536315   0.38350445  0.6081429 ]
    //  [ 0.45915502  0.09130077  0.462692    0.45960718 -0.12504216]
    //  [ 0.6136067   0.34637398 -0.46750256  0.26897213  1.0787232 ]
    //  [-0.965948    0.21737082  0.3261385   0.83863074 -0.8955809 ]]
    println!("params['bias'] = {}", dense.bias); // [0. 0. 0. 0. 0.]

    // Step 3. Where the kernel comes from: Flax folds the param's path into the key. The
    // kernel is the first param of the top module (counter 1):
    //   rng = LazyRng.create(key).fold(); key_kernel = fold_in(key, hash(1))
    //   jax.nn.initializers.lecun_normal()(key_kernel, (4, 5)) == params['kernel']
    let kernel_key = LazyRng::new(Key::new(0)).param(1);
    let by_hand = lecun_normal().sample::<f32>(kernel_key, &[4, 5])?;
    assert_eq!(by_hand, dense.kernel.clone().into_dyn());
    println!("lecun_normal()(fold_in(key, hash(1)), (4, 5)) == params['kernel']: true");

    // Step 4. The bias with `uniform()`: the second param, counter 2.
    //   nn.Dense(5, bias_init=nn.initializers.uniform()).init(key, x)['params']['bias']
    //   -> [0.00726332 0.00600763 0.00607834 0.00013992 0.00279429]
    let with_uniform = DenseUniformBias::init(Key::new(0), &config)?;
    println!("bias with uniform() = {}", with_uniform.bias);
    let bias_key = LazyRng::new(Key::new(0)).param(2);
    assert_eq!(
        uniform().sample::<f32>(bias_key, &[5])?,
        with_uniform.bias.clone().into_dyn()
    );
    println!("uniform()(fold_in(key, hash(2)), (5,)) == params['bias']: true");

    // Step 5. What was made: Flax's `tabulate`, without allocating anything.
    println!("\n{}", Dense::summary(&config)?);
    Ok(())
}
