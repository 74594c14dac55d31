//! The config shared by the cells whose params are set by `kernel_init`,
//! `recurrent_kernel_init` and `bias_init` (`LSTMCell`, `OptimizedLSTMCell`, `GRUCell`,
//! `SimpleCell`): one macro, so the four stay alike.

/// Defines `$name`, the config of the cell `$flax` (a Flax path for the docs), with
/// `new(in_features, features)`, Flax's defaults, its setters, a `Debug` that describes the
/// initializers, and the configs of its inner Denses (which reject `features == 0`).
macro_rules! cell_config {
    ($(#[$doc:meta])* $name:ident, $flax:literal) => {
        $(#[$doc])*
        #[derive(Clone)]
        pub struct $name {
            /// The size of the input's last axis (Flax infers it from the first call).
            pub in_features: usize,
            /// `features`: the size of the hidden state.
            pub features: usize,
            /// `kernel_init`: the input kernels' initializer (default `lecun_normal()`).
            pub kernel_init: $crate::nn::InitFn,
            /// `recurrent_kernel_init`: the hidden kernels' initializer (default
            /// `orthogonal()`).
            pub recurrent_kernel_init: $crate::nn::InitFn,
            /// `bias_init`: the biases' initializer (default `zeros_init()`).
            pub bias_init: $crate::nn::InitFn,
        }

        impl $name {
            #[doc = concat!("`", $flax, "(features)` on inputs of `in_features`, with Flax's defaults.")]
            pub fn new(in_features: usize, features: usize) -> Self {
                $name {
                    in_features,
                    features,
                    kernel_init: $crate::nn::init_fn($crate::init::lecun_normal()),
                    recurrent_kernel_init: $crate::nn::init_fn($crate::init::orthogonal()),
                    bias_init: $crate::nn::init_fn($crate::init::zeros_init()),
                }
            }

            /// Flax's `kernel_init=`.
            pub fn kernel_init(mut self, init: impl $crate::init::DynInitializer + 'static) -> Self {
                self.kernel_init = $crate::nn::init_fn(init);
                self
            }

            /// Flax's `recurrent_kernel_init=`.
            pub fn recurrent_kernel_init(
                mut self,
                init: impl $crate::init::DynInitializer + 'static,
            ) -> Self {
                self.recurrent_kernel_init = $crate::nn::init_fn(init);
                self
            }

            /// Flax's `bias_init=`.
            pub fn bias_init(mut self, init: impl $crate::init::DynInitializer + 'static) -> Self {
                self.bias_init = $crate::nn::init_fn(init);
                self
            }

            /// An input Dense (`i*`): `(in_features, features)`, biased or not.
            fn input_dense(&self, use_bias: bool) -> $crate::Result<$crate::nn::DenseConfig> {
                super::dense(
                    stringify!($name),
                    self.in_features,
                    self.features,
                    use_bias,
                    &self.kernel_init,
                    &self.bias_init,
                )
            }

            /// A hidden Dense (`h*`): `(features, features)`, biased or not.
            fn hidden_dense(&self, use_bias: bool) -> $crate::Result<$crate::nn::DenseConfig> {
                super::dense(
                    stringify!($name),
                    self.features,
                    self.features,
                    use_bias,
                    &self.recurrent_kernel_init,
                    &self.bias_init,
                )
            }
        }

        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(stringify!($name))
                    .field("in_features", &self.in_features)
                    .field("features", &self.features)
                    .field("kernel_init", &$crate::init::DynInitializer::dyn_describe(&*self.kernel_init))
                    .field("recurrent_kernel_init", &$crate::init::DynInitializer::dyn_describe(&*self.recurrent_kernel_init))
                    .field("bias_init", &$crate::init::DynInitializer::dyn_describe(&*self.bias_init))
                    .finish()
            }
        }
    };
}

pub(crate) use cell_config;
