//! XLA's `maximum`, `minimum` and `nextafter`, on the bits of IEEE floats.

/// XLA's `maximum` and `minimum` for one float type: a NaN operand propagates (with its
/// sign), and `+0` is above `-0`. Written as selects so that the lane loops vectorize.
macro_rules! xla_max_min {
    ($t:ident, $max:ident, $min:ident) => {
        #[inline(always)]
        pub(super) fn $max(a: $t, b: $t) -> $t {
            let larger = if a > b { a } else { b };
            let larger = if a == b {
                $t::from_bits(a.to_bits() & b.to_bits())
            } else {
                larger
            };
            let larger = if b.is_nan() { b } else { larger };
            if a.is_nan() {
                a
            } else {
                larger
            }
        }

        #[inline(always)]
        pub(super) fn $min(a: $t, b: $t) -> $t {
            -$max(-a, -b)
        }
    };
}

xla_max_min!(f32, max_f32, min_f32);
xla_max_min!(f64, max_f64, min_f64);

/// `nextafter` on the bit pattern of an IEEE number of `width` bits (as XLA's `nextafter`),
/// for finite inputs and NaN; the caller handles infinities.
#[inline(always)]
pub(super) fn next_bits(bits: u64, width: u32, is_nan: bool, up: bool) -> u64 {
    let sign = 1u64 << (width - 1);
    let magnitude = bits & (sign - 1);
    if is_nan {
        return bits;
    }
    if magnitude == 0 {
        // From zero, the smallest denormal toward the target.
        return if up { 1 } else { sign | 1 };
    }
    let negative = bits & sign != 0;
    if negative == up {
        bits - 1
    } else {
        bits + 1
    }
}
