//! [`Simd`]: the instruction sets the sampler loops are compiled for, chosen at run time.
//!
//! Every sampler runs Threefry on blocks of counters and then its element function on each
//! lane, in groups of [`GROUP_LANES`] lanes. The same source is compiled several times with
//! different target features (AVX-512; AVX2 with FMA; the target's baseline) and the best one
//! the CPU supports is picked once, so users get the speed without `-C target-cpu=native`.
//! Every copy computes the same bits as the scalar reference loop: the element functions are
//! the same IEEE operations in the same order, and fused multiply-adds are explicit
//! (`mul_add`), never left to the compiler.

use std::sync::OnceLock;

use crate::key::legacy::LegacyBits;
use crate::key::threefry::{threefry_at, threefry_lanes};
use crate::lanes::GROUP_LANES;

/// Compiles a function for the AVX-512 copy (x86-64 AVX-512 F, VL, DQ, BW, and FMA): the one
/// place that names those features.
macro_rules! avx512_copy {
    ($function:item) => {
        #[cfg(target_arch = "x86_64")]
        #[target_feature(enable = "avx512f,avx512vl,avx512dq,avx512bw,avx2,fma")]
        $function
    };
}
pub(crate) use avx512_copy;

/// Compiles a function for the AVX2 copy (x86-64 AVX2 and FMA).
macro_rules! avx2_copy {
    ($function:item) => {
        #[cfg(target_arch = "x86_64")]
        #[target_feature(enable = "avx2,fma")]
        $function
    };
}

/// A compiled copy of the sampler loops.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Simd {
    /// One element at a time: the reference every other copy is tested against.
    Scalar,
    /// Blocks of lanes, compiled for the target's baseline: SSE2 on x86-64, NEON on aarch64.
    /// x86-64's baseline has no fused multiply-add, so there each `mul_add` is a call to the C
    /// library's `fmaf`: this copy speeds up `bits` and the 16-bit dtypes' tables, not `normal`
    /// in `f32`.
    Baseline,
    /// Blocks of lanes, compiled for x86-64 AVX2 and FMA.
    Avx2,
    /// Blocks of lanes, compiled for x86-64 AVX-512 (F, VL, DQ, BW) and FMA.
    Avx512,
}

impl Simd {
    /// The fastest copy this CPU runs, detected once.
    pub fn detect() -> Simd {
        *Simd::supported().last().unwrap_or(&Simd::Scalar)
    }

    /// Every copy this CPU runs, slowest first.
    pub fn available() -> Vec<Simd> {
        Simd::supported().to_vec()
    }

    /// Whether this CPU runs this copy.
    pub fn is_supported(self) -> bool {
        Simd::supported().contains(&self)
    }

    /// The copies this CPU runs, detected once (every fill asks).
    fn supported() -> &'static [Simd] {
        static SUPPORTED: OnceLock<Vec<Simd>> = OnceLock::new();
        SUPPORTED.get_or_init(Simd::detect_features)
    }

    fn detect_features() -> Vec<Simd> {
        let mut levels = vec![Simd::Scalar, Simd::Baseline];
        #[cfg(target_arch = "x86_64")]
        {
            if is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma") {
                levels.push(Simd::Avx2);
            }
            if is_x86_feature_detected!("avx512f")
                && is_x86_feature_detected!("avx512vl")
                && is_x86_feature_detected!("avx512dq")
                && is_x86_feature_detected!("avx512bw")
                && is_x86_feature_detected!("fma")
            {
                levels.push(Simd::Avx512);
            }
        }
        levels
    }
}

/// A sampler's element function: what it makes from the Threefry words of one element.
///
/// Closures `Fn([u32; 2]) -> T` are the simple case: one element at a time. Samplers with a
/// rarely taken branch implement [`block`](ElementFn::block) to skip it in groups of lanes
/// that do not need it.
pub trait ElementFn<T> {
    /// The element for the words of its counter: the reference.
    fn element(&self, words: [u32; 2]) -> T;

    /// The elements of `L` consecutive counters, `L` a multiple of [`GROUP_LANES`]. Must give the
    /// same bits as [`element`](ElementFn::element) lane by lane (tests compare them).
    #[inline(always)]
    fn block<const L: usize>(&self, x0: &[u32; L], x1: &[u32; L], out: &mut [T; L]) {
        for lane in 0..L {
            out[lane] = self.element([x0[lane], x1[lane]]);
        }
    }
}

impl<T, F: Fn([u32; 2]) -> T> ElementFn<T> for F {
    #[inline(always)]
    fn element(&self, words: [u32; 2]) -> T {
        self(words)
    }
}

/// Counters one AVX-512 block hashes at once. Threefry is a chain of dependent additions and
/// rotations; eight registers of independent counters keep the vector units busy where one
/// register waits on latency.
pub(crate) const AVX512_BLOCK: usize = 8 * GROUP_LANES;

/// Counters one AVX2 block hashes at once (AVX2 has half the registers of AVX-512).
const AVX2_BLOCK: usize = 4 * GROUP_LANES;

/// Counters one baseline block hashes at once (SSE2 and NEON registers hold 4 lanes).
const BASELINE_BLOCK: usize = 2 * GROUP_LANES;

/// Where the Threefry words of an array's elements come from (see
/// [`Threefry`](crate::Threefry)).
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub enum Counters<'a> {
    /// Element `i` hashes the counter `i` under this key: any range on its own, in blocks.
    Partitionable([u32; 2]),
    /// The legacy stream of one whole array: element by element.
    Legacy(&'a LegacyBits),
}

/// Writes `lanes.element(words(start + i))` to `out[i]`, with the copy `simd` (legacy streams
/// run one element at a time whatever the copy).
///
/// `simd` must be one of [`Simd::available`]; others fall back to the scalar loop.
#[inline(always)]
pub(crate) fn fill_elements<T, F: ElementFn<T>>(
    simd: Simd,
    counters: Counters<'_>,
    start: u64,
    out: &mut [T],
    lanes: F,
) {
    let key = match counters {
        Counters::Partitionable(key) => key,
        Counters::Legacy(bits) => {
            for (i, slot) in out.iter_mut().enumerate() {
                *slot = lanes.element(bits.element_words(start + i as u64));
            }
            return;
        }
    };
    #[cfg(target_arch = "x86_64")]
    {
        if simd == Simd::Avx512 && simd.is_supported() {
            // SAFETY: the CPU supports every feature the function is compiled with.
            return unsafe { fill_avx512(key, start, out, &lanes) };
        }
        if simd == Simd::Avx2 && simd.is_supported() {
            // SAFETY: as above.
            return unsafe { fill_avx2(key, start, out, &lanes) };
        }
    }
    if simd == Simd::Baseline {
        return fill_baseline(key, start, out, &lanes);
    }
    fill_scalar(key, start, out, &lanes)
}

/// The baseline copy: a function of its own, not inlined into every sampler's `fill_simd`.
#[inline(never)]
fn fill_baseline<T, F: ElementFn<T>>(key: [u32; 2], start: u64, out: &mut [T], lanes: &F) {
    fill_blocks::<BASELINE_BLOCK, false, _, _>(key, start, out, lanes)
}

/// `out[i] = lanes.element(words(i))`, with the copy `simd`, through [`ElementFn::block`] on
/// blocks of [`TABLE_BLOCK`] (so that it runs as fast as the sampler loops).
pub(crate) fn map_words<T: Copy + Default, F: ElementFn<T>, W: Fn(usize) -> [u32; 2]>(
    simd: Simd,
    lanes: &F,
    words: W,
    out: &mut [T],
) {
    #[cfg(target_arch = "x86_64")]
    {
        if simd == Simd::Avx512 && simd.is_supported() {
            // SAFETY: the CPU supports every feature the function is compiled with.
            return unsafe { map_avx512(lanes, &words, out) };
        }
        if simd == Simd::Avx2 && simd.is_supported() {
            // SAFETY: as above.
            return unsafe { map_avx2(lanes, &words, out) };
        }
    }
    map_blocks(lanes, &words, out)
}

/// [`map_words`]' loop. Inlined into each compiled copy: a closure would not be, and would
/// run without the copy's features (`mul_add` as a call to the C library's `fmaf`).
#[inline(always)]
fn map_blocks<T: Copy + Default, F: ElementFn<T>, W: Fn(usize) -> [u32; 2]>(
    lanes: &F,
    words: &W,
    out: &mut [T],
) {
    let (blocks, rest) = out.as_chunks_mut::<TABLE_BLOCK>();
    for (b, block) in blocks.iter_mut().enumerate() {
        let first = b * TABLE_BLOCK;
        let mut x0 = [0u32; TABLE_BLOCK];
        let mut x1 = [0u32; TABLE_BLOCK];
        for lane in 0..TABLE_BLOCK {
            [x0[lane], x1[lane]] = words(first + lane);
        }
        lanes.block(&x0, &x1, block);
    }
    let first = blocks.len() * TABLE_BLOCK;
    for (i, slot) in rest.iter_mut().enumerate() {
        *slot = lanes.element(words(first + i));
    }
}

avx512_copy! {
    unsafe fn map_avx512<T: Copy + Default, F: ElementFn<T>, W: Fn(usize) -> [u32; 2]>(
        lanes: &F,
        words: &W,
        out: &mut [T],
    ) {
        map_blocks(lanes, words, out)
    }
}

avx2_copy! {
    unsafe fn map_avx2<T: Copy + Default, F: ElementFn<T>, W: Fn(usize) -> [u32; 2]>(
        lanes: &F,
        words: &W,
        out: &mut [T],
    ) {
        map_blocks(lanes, words, out)
    }
}

/// The block [`map_words`] works in.
const TABLE_BLOCK: usize = 8 * GROUP_LANES;

/// The reference: one counter at a time.
fn fill_scalar<T, F: ElementFn<T>>(key: [u32; 2], start: u64, out: &mut [T], lanes: &F) {
    for (i, slot) in out.iter_mut().enumerate() {
        *slot = lanes.element(threefry_at(key, start + i as u64));
    }
}

/// Blocks of `BLOCK` counters (a multiple of [`GROUP_LANES`]), then the tail one at a time.
/// `VECTOR_ROTATE` as in [`threefry_lanes`].
#[inline(always)]
fn fill_blocks<const BLOCK: usize, const VECTOR_ROTATE: bool, T, F: ElementFn<T>>(
    key: [u32; 2],
    start: u64,
    out: &mut [T],
    lanes: &F,
) {
    let mut blocks = out.chunks_exact_mut(BLOCK);
    let mut index = start;
    for block in &mut blocks {
        let (x0, x1) = threefry_lanes::<BLOCK, VECTOR_ROTATE>(key, index);
        lanes.block(&x0, &x1, block.try_into().expect("chunks of BLOCK"));
        index += BLOCK as u64;
    }
    fill_scalar(key, index, blocks.into_remainder(), lanes);
}

avx512_copy! {
    unsafe fn fill_avx512<T, F: ElementFn<T>>(key: [u32; 2], start: u64, out: &mut [T], lanes: &F) {
        fill_blocks::<AVX512_BLOCK, true, _, _>(key, start, out, lanes)
    }
}

avx2_copy! {
    unsafe fn fill_avx2<T, F: ElementFn<T>>(key: [u32; 2], start: u64, out: &mut [T], lanes: &F) {
        fill_blocks::<AVX2_BLOCK, false, _, _>(key, start, out, lanes)
    }
}
