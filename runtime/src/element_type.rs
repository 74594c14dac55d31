//! [`ElementType`]: the name of a dtype at run time, for summaries, plans, files and sizes.

use std::fmt;

/// The runtime name of a [`Dtype`](crate::Dtype), for summaries, plans and files.
///
/// ```
/// use fanin::{Dtype, ElementType};
/// assert_eq!(<half::bf16 as Dtype>::DTYPE, ElementType::BF16);
/// assert_eq!((ElementType::BF16.name(), ElementType::BF16.size()), ("bfloat16", 2));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum ElementType {
    /// `float32`
    F32,
    /// `float64`
    F64,
    /// `bfloat16`
    BF16,
    /// `float16`
    F16,
}

impl ElementType {
    /// The NumPy/JAX name: `float32`, `float64`, `bfloat16`, `float16`.
    pub fn name(self) -> &'static str {
        match self {
            ElementType::F32 => "float32",
            ElementType::F64 => "float64",
            ElementType::BF16 => "bfloat16",
            ElementType::F16 => "float16",
        }
    }

    /// Bytes per element.
    pub fn size(self) -> usize {
        match self {
            ElementType::F32 => 4,
            ElementType::F64 => 8,
            ElementType::BF16 | ElementType::F16 => 2,
        }
    }
}

impl fmt::Display for ElementType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
