#!/bin/sh
# Runs both fuzz targets in parallel, one core each, at the lowest priority, for SECONDS
# (default 1800) each: `fuzz/run.sh [SECONDS]` (after `cargo run --example seed_corpus`).
# Logs in fuzz/logs/, findings in fuzz/artifacts/<target>/.
set -u
cd "$(dirname "$0")"
secs="${1:-1800}"
mkdir -p logs
export RAYON_NUM_THREADS=1
nice -n 19 cargo +nightly fuzz run load_safetensors corpus/load_safetensors -- \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    > logs/load_safetensors.log 2>&1 &
nice -n 19 cargo +nightly fuzz run derive_attributes corpus/derive_attributes -- \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -dict=derive_attributes.dict -max_len=2048 \
    > logs/derive_attributes.log 2>&1 &
wait
