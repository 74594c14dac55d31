"""fanin vs JAX, side by side in one run, on the same machine and the same shape.

    .venv/bin/python scripts/bench_vs_jax.py [rows cols]

Times `jax.jit` of each sampler/initializer (best of 5, after compilation, with
`block_until_ready`) and runs `cargo run --release --example throughput` for fanin, then prints a
table of M elements/s and the ratio. Compare ratios, not absolute numbers: machines are noisy.
"""

import os
import platform
import subprocess
import sys
import time

import jax
import jax.numpy as jnp

from gpt2_flax import Gpt2

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def best_of(runs, f):
    f().block_until_ready()
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        f().block_until_ready()
        best = min(best, time.perf_counter() - start)
    return best


def jax_rates(shape):
    key = jax.random.PRNGKey(0)
    n = 1
    for d in shape:
        n *= d
    ops = {
        "bits": jax.jit(lambda k: jax.random.bits(k, shape, jnp.uint32)),
        "uniform": jax.jit(lambda k: jax.random.uniform(k, shape, jnp.float32)),
        "normal": jax.jit(lambda k: jax.random.normal(k, shape, jnp.float32)),
        "truncated_normal": jax.jit(lambda k: jax.random.truncated_normal(k, -2.0, 2.0, shape, jnp.float32)),
        "lecun_normal": jax.jit(lambda k: jax.nn.initializers.lecun_normal()(k, shape, jnp.float32)),
    }
    return {name: n / best_of(5, lambda: f(key)) / 1e6 for name, f in ops.items()}


def gpt2_init_seconds():
    model = Gpt2()
    tokens = jnp.zeros((1, 8), jnp.int32)
    init = jax.jit(model.init)
    key = jax.random.PRNGKey(0)
    return best_of(3, lambda: jax.tree_util.tree_reduce(lambda a, b: b, init(key, tokens)))


def fanin_rates(shape):
    out = subprocess.run(
        ["cargo", "run", "--release", "--quiet", "--example", "throughput", "--"] + [str(d) for d in shape],
        cwd=ROOT, check=True, capture_output=True, text=True).stdout
    rates = {}
    for line in out.splitlines():
        name, _, rate = line.split("\t")
        rates[name] = float(rate)
    return rates


def fanin_gpt2_seconds():
    out = subprocess.run(["cargo", "run", "--release", "--quiet", "--example", "gpt2", "--", "--seconds"],
                         cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return float(out.strip().splitlines()[-1])


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def main(argv):
    shape = tuple(int(a) for a in argv) or (4096, 4096)
    theirs = jax_rates(shape)
    # Let the kernel settle after JAX's arrays are freed: fresh memory right after is slower.
    time.sleep(3)
    ours = fanin_rates(shape)
    print(f"shape {shape}, float32, {cpu_name()}, {os.cpu_count()} cores, jax {jax.__version__}")
    print(f"| {'operation':<48} | {'JAX M/s':>9} | {'fanin M/s':>9} | {'ratio':>6} |")
    print(f"|{'-' * 50}|{'-' * 11}|{'-' * 11}|{'-' * 8}|")
    gpt2_jax = gpt2_init_seconds()
    gpt2_ours = fanin_gpt2_seconds()
    print(f"| {'GPT-2-small init (jax.jit(model.init)), seconds':<48} | {gpt2_jax:>9.3f} | "
          f"{gpt2_ours:>9.3f} | {gpt2_jax / gpt2_ours:>5.1f}x |")
    for name, rate in ours.items():
        jax_rate = theirs.get(name)
        if jax_rate is None:
            print(f"| {name:<48} | {'':>9} | {rate:>9.1f} | {'':>6} |")
        else:
            print(f"| {name:<48} | {jax_rate:>9.1f} | {rate:>9.1f} | {rate / jax_rate:>5.1f}x |")


if __name__ == "__main__":
    main(sys.argv[1:])
