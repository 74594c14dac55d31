#!/bin/sh
# Runs under Miri (undefined behaviour, out-of-bounds and uninitialized reads, leaks) the code
# paths it can run: the scalar and baseline sampler loops, the 16-bit tables and the
# small-buffer path of runtime/src/alloc.rs (tests/miri_paths.rs), and the runtime's unit tests
# of alloc.rs, size.rs and the f16 conversions. Miri cannot run the SIMD intrinsics: under it
# `Simd::available()` is Scalar and Baseline only. Not part of CI; a few minutes.
#
# Needs: rustup +nightly component add miri rust-src
set -eu
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
# Rayon's pool is never started at these sizes; isolation stays on. By default Miri adds
# random ulp errors to float operations whose precision Rust does not guarantee (fma through
# the C library, log, ...), which makes the scalar and baseline copies differ by design:
# deterministic floats check what this project promises, the same bits from both copies.
export MIRIFLAGS="${MIRIFLAGS:--Zmiri-deterministic-floats}"
start=$(date +%s)
cargo +nightly miri test --test miri_paths
cargo +nightly miri test -p fanin-runtime --lib -- \
    alloc::tests::impossible_sizes_are_errors \
    size::tests \
    dtype::f16_bits::tests::every_f16_converts_exactly
echo "miri.sh: passed in $(( $(date +%s) - start )) s"
