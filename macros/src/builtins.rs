//! Every name of fanin that the macro recognizes, in one place: the builders of `fanin::init`
//! and the rank family each belongs to, the builder methods that take axes, the array
//! constructors that are not initializers, and the element types that are certainly not a
//! `fanin::Dtype`.
//!
//! These names only sharpen messages. The rules themselves live in the runtime (the
//! `SupportsRank` impls of `fanin::init`, the `Dtype` trait) and hold by type for any
//! expression; see [`crate::check`].

/// The variance-scaling family: fans from `in_axis`/`out_axis`, so rank >= 2 by default.
const VARIANCE: &[&str] = &[
    "variance_scaling",
    "lecun_normal",
    "lecun_uniform",
    "he_normal",
    "he_uniform",
    "kaiming_normal",
    "kaiming_uniform",
    "glorot_normal",
    "glorot_uniform",
    "xavier_normal",
    "xavier_uniform",
];

/// The other functions of `fanin::init` that build an initializer (and so must be called).
const OTHER_BUILDERS: &[&str] = &[
    "orthogonal",
    "delta_orthogonal",
    "dense_general",
    "zeros_init",
    "ones_init",
    "constant",
    "uniform",
    "normal",
    "truncated_normal",
];

/// Which rank rule a builder of `fanin::init` follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// The variance-scaling family: rank >= 2 unless an explicit `in_axis` is given.
    Variance,
    /// `orthogonal()`: rank >= 2.
    Orthogonal,
    /// `delta_orthogonal()`: rank 3, 4 or 5.
    DeltaOrthogonal,
    /// Any rank.
    AnyRank,
}

impl Family {
    /// The builder methods of this family that take axes.
    pub fn axis_methods(self) -> &'static [&'static str] {
        match self {
            Family::Variance => &["in_axis", "out_axis", "batch_axis"],
            Family::Orthogonal | Family::DeltaOrthogonal => &["column_axis"],
            Family::AnyRank => &[],
        }
    }
}

/// The builder method that lifts the variance-scaling family's rank rule.
pub const IN_AXIS: &str = "in_axis";

/// The family of the builder `name` of `fanin::init`, or `None` if `name` builds no
/// initializer.
pub fn builder(name: &str) -> Option<Family> {
    if VARIANCE.contains(&name) {
        Some(Family::Variance)
    } else if name == "orthogonal" {
        Some(Family::Orthogonal)
    } else if name == "delta_orthogonal" {
        Some(Family::DeltaOrthogonal)
    } else if OTHER_BUILDERS.contains(&name) {
        Some(Family::AnyRank)
    } else {
        None
    }
}

/// Associated functions that make an array (`Array2::zeros`, `jnp.zeros`), not an initializer.
pub const ARRAY_CONSTRUCTORS: &[&str] = &[
    "zeros",
    "ones",
    "from_elem",
    "default",
    "eye",
    "from_shape_vec",
];

/// Whether a path segment names an array type or an array library (`Array2`, `jnp`, ...).
pub fn is_array_owner(owner: &str) -> bool {
    owner.starts_with("Array") || owner == "jnp" || owner == "np" || owner == "ndarray"
}

/// Element types that are certainly not a `fanin::Dtype` (the others are checked by type).
pub const NOT_DTYPES: &[&str] = &[
    "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize", "bool",
    "char", "str", "String",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builder_has_one_family() {
        for name in VARIANCE.iter().chain(OTHER_BUILDERS) {
            assert!(builder(name).is_some(), "{name}");
        }
        assert_eq!(builder("lecun_normal"), Some(Family::Variance));
        assert_eq!(builder("orthogonal"), Some(Family::Orthogonal));
        assert_eq!(builder("delta_orthogonal"), Some(Family::DeltaOrthogonal));
        assert_eq!(builder("normal"), Some(Family::AnyRank));
        assert_eq!(builder("my_init"), None);
    }
}
