"""Compares a checkpoint written by `cargo run --release --example checkpoint` with Flax.

    .venv/bin/python scripts/compare_checkpoint.py PATH [--seed N] [--width W] [--depth D]
        [--vocab V] [--positions P] [--jit]

Loads PATH with `safetensors.flax.load_file`, builds the GPT-2-shaped Flax model of
`scripts/gpt2_flax.py` (`Gpt2`, here with the sizes given; the defaults are GPT-2 small),
runs `model.init(jax.random.PRNGKey(seed), tokens)` (or `jax.jit(model.init)` with `--jit`), and
compares every tensor: names
(Flax paths joined by '.'), dtypes, shapes, and values bit for bit. Exits non-zero on any
difference.
"""

import argparse
import sys

import jax
import jax.numpy as jnp
import numpy as np
from safetensors.flax import load_file

from gpt2_flax import Gpt2


def flatten(tree, prefix=""):
    out = {}
    for name, value in tree.items():
        path = f"{prefix}.{name}" if prefix else name
        if isinstance(value, dict):
            out.update(flatten(value, path))
        else:
            out[path] = value
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--width", type=int, default=768)
    parser.add_argument("--depth", type=int, default=12)
    parser.add_argument("--vocab", type=int, default=50257)
    parser.add_argument("--positions", type=int, default=1024)
    parser.add_argument("--jit", action="store_true",
                        help="compare with jax.jit(model.init) instead of model.init; write the checkpoint "
                             "with `--example checkpoint -- --jit` too (under jit XLA folds sqrt2 * stddev "
                             "of normal initializers, which fanin reproduces with Execution::Jit)")
    args = parser.parse_args()

    print(f"jax {jax.__version__}, flax {__import__('flax').__version__}, backend {jax.default_backend()}")
    stored = load_file(args.path)
    model = Gpt2(args.vocab, args.positions, args.width, args.depth)
    tokens = jnp.zeros((1, 8), jnp.int32)
    init = jax.jit(model.init) if args.jit else model.init
    print(f"reference: {'jax.jit(model.init)' if args.jit else 'model.init (eager)'}")
    params = init(jax.random.PRNGKey(args.seed), tokens)["params"]
    expected = flatten(jax.tree_util.tree_map(np.asarray, params))

    problems = []
    missing = sorted(set(expected) - set(stored))
    extra = sorted(set(stored) - set(expected))
    problems += [f"missing in the checkpoint: {n}" for n in missing]
    problems += [f"extra in the checkpoint: {n}" for n in extra]
    identical = 0
    total_elements = 0
    for name in sorted(set(expected) & set(stored)):
        want = expected[name]
        got = np.asarray(stored[name])
        if got.dtype != want.dtype or got.shape != want.shape:
            problems.append(f"{name}: stored {got.dtype}{list(got.shape)}, Flax {want.dtype}{list(want.shape)}")
            continue
        bits = np.dtype(f"u{want.dtype.itemsize}")
        same = np.array_equal(got.view(bits), want.view(bits))
        if same:
            identical += 1
            total_elements += want.size
        else:
            differ = int(np.sum(got.view(bits) != want.view(bits)))
            worst = float(np.max(np.abs(got.astype(np.float64) - want.astype(np.float64))))
            problems.append(f"{name}: {differ} of {want.size} elements differ (max |diff| {worst:.3g})")
        print(f"  {'identical' if same else 'DIFFERENT'}  {name:28s} {str(want.dtype):8s} {list(want.shape)}")

    print(f"{identical}/{len(expected)} tensors bit-identical to Flax "
          f"({total_elements} params); {len(problems)} problem(s)")
    for p in problems:
        print("  " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
