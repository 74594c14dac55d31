//! [`GROUP_LANES`]: the width that block code works in.

/// Lanes handled as one group by block code: sixteen 32-bit words, one AVX-512 register.
///
/// Threefry blocks, the element functions and `erf_inv`'s tail skipping all count in groups
/// of this many lanes, so that each group is one register on the widest copy.
pub(crate) const GROUP_LANES: usize = 16;
