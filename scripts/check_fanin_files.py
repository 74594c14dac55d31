"""Shows that Python reads what fanin writes: builds and runs the Rust example
`write_checkpoints` (or reads a directory it filled), then reads each file with
`flax.serialization.msgpack_restore` / `from_bytes`, `safetensors.flax.load_file` and
`safetensors.numpy.load_file`, and compares every array, bit for bit, with the params of
Flax's own `Module.init` (the models of `scripts/fixtures/checkpoint_cases.py` and the
gallery's tiny BERT, same seeds).

    .venv/bin/python scripts/check_fanin_files.py [DIR]

With DIR, the files already in DIR are checked (nothing is built). Exits non-zero on any
difference. Needs `scripts/gallery/upstream/bert.py` (see scripts/gallery/README.md).
"""

import os
import subprocess
import sys
import tempfile

import jax

jax.config.update("jax_enable_x64", True)
jax.config.update("jax_platforms", "cpu")

import flax.linen as nn  # noqa: E402
import flax.serialization  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
import safetensors.flax  # noqa: E402
import safetensors.numpy  # noqa: E402
from flax import traverse_util  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fixtures.checkpoint_cases import MixedMlp  # noqa: E402
from fixtures.gallery_cases import _upstream, bert_model  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def flax_params():
    """The params Flax's `Module.init` makes for each model, by the fanin file's stem."""
    bert, *_ = _upstream()
    mlp = MixedMlp().init(jax.random.PRNGKey(7), jnp.ones((1, 4), jnp.float32))["params"]
    embed = nn.Embed(20, 15).init(jax.random.PRNGKey(3), jnp.zeros((1,), jnp.int32))["params"]
    return {
        "bert": bert_model(bert, 4)["params"],
        "mlp": mlp,
        "mlp_streamed": mlp,
        "embed": embed,
        "embed_chunked": embed,
    }


def same(name, got, want):
    """Compares two flat dicts of arrays: names, dtypes, shapes, bits. Returns the problems."""
    problems = []
    if set(got) != set(want):
        problems.append(f"{name}: names differ: {sorted(set(got) ^ set(want))}")
    for key in sorted(set(got) & set(want)):
        a, b = np.asarray(got[key]), np.asarray(want[key])
        if a.dtype != b.dtype or a.shape != b.shape:
            problems.append(f"{name}/{key}: {a.dtype}{a.shape} != {b.dtype}{b.shape}")
        elif a.tobytes() != b.tobytes():
            problems.append(f"{name}/{key}: values differ")
    return problems


def flat(tree):
    return traverse_util.flatten_dict(tree, sep=".")


def dtypes(tree):
    return sorted({str(np.asarray(v).dtype) for v in flat(tree).values()})


def main(argv):
    if argv:
        directory = argv[0]
    else:
        directory = tempfile.mkdtemp(prefix="fanin-check-")
        subprocess.run(
            ["cargo", "run", "--quiet", "--features", "msgpack", "--example", "write_checkpoints", "--", directory],
            cwd=ROOT,
            check=True,
        )
    reference = flax_params()
    problems = []
    for stem, want in reference.items():
        path = os.path.join(directory, f"{stem}.msgpack")
        with open(path, "rb") as f:
            data = f.read()
        restored = flax.serialization.msgpack_restore(data)
        found = same(f"{stem}.msgpack", flat(restored), flat(want))
        # from_bytes into Flax's own tree as the target (what Hugging Face's from_pretrained does).
        target = jax.tree_util.tree_map(np.zeros_like, want)
        found += same(f"{stem}.msgpack from_bytes", flat(flax.serialization.from_bytes(target, data)), flat(want))
        chunked = b"__msgpack_chunked_array__" in data
        print(
            f"{stem}.msgpack: msgpack_restore and from_bytes give {len(flat(want))} arrays "
            f"({', '.join(dtypes(want))}){' in chunked form' if chunked else ''}, "
            f"{'equal to' if not found else 'DIFFERENT from'} Flax's Module.init bit for bit"
        )
        problems += found
        st = os.path.join(directory, f"{stem}.safetensors")
        if os.path.exists(st):
            found = same(f"{stem}.safetensors (flax)", safetensors.flax.load_file(st), flat(want))
            found += same(f"{stem}.safetensors (numpy)", safetensors.numpy.load_file(st), flat(want))
            print(
                f"{stem}.safetensors: safetensors.flax and safetensors.numpy load_file give "
                f"{len(flat(want))} arrays, {'equal to' if not found else 'DIFFERENT from'} Flax's Module.init bit for bit"
            )
            problems += found
    for p in problems:
        print("PROBLEM:", p)
    print("all equal" if not problems else f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
