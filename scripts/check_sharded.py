"""Reads a sharded checkpoint written by fanin as transformers' loader does and checks it.

Run `cargo run --release --example sharded -- --dir DIR [--workers N] [--cap BYTES]`, then
`/work/venv-hf/bin/python scripts/check_sharded.py DIR` (a venv with `safetensors`, `numpy`
and `huggingface_hub`). Checks, for DIR/workers (written by N processes):

- the index is the text transformers' `save_pretrained` writes
  (`json.dumps(index, indent=2, sort_keys=True) + "\\n"`), and every shard carries the
  `format` metadata transformers requires;
- loading every shard with `safetensors.numpy.load_file` through the `weight_map` gives every
  tensor once, equal (dtype, shape, bytes) to fanin's one-file `DIR/model.safetensors`;
- the files hold the tensors `huggingface_hub.split_state_dict_into_shards_factory` assigns
  them, for the same tensors in declaration order (DIR/plan_order.txt) and the same cap;
- DIR/workers and DIR/one (one process) are the same files, byte for byte.
"""

import json
import os
import sys

import numpy as np
from huggingface_hub import split_state_dict_into_shards_factory
from huggingface_hub import __version__ as hf_version
from safetensors import safe_open
from safetensors.numpy import load_file


def load_like_transformers(directory):
    """The state dict of a sharded checkpoint, read file by file through the index."""
    with open(os.path.join(directory, "model.safetensors.index.json")) as f:
        text = f.read()
    index = json.loads(text)
    weight_map = index["weight_map"]
    state = {}
    for shard in sorted(set(weight_map.values())):
        path = os.path.join(directory, shard)
        with safe_open(path, framework="numpy") as f:
            fmt = (f.metadata() or {}).get("format")
            assert fmt in ["pt", "tf", "flax", "mlx"], f"{shard}: format {fmt!r}"
        for name, array in load_file(path).items():
            assert weight_map.get(name) == shard, f"{name} is in {shard}, index says {weight_map.get(name)}"
            assert name not in state, f"{name} twice"
            state[name] = array
    missing = set(weight_map) - set(state)
    assert not missing, f"missing: {sorted(missing)}"
    return text, index, state


def main(root):
    workers = os.path.join(root, "workers")
    if not os.path.exists(os.path.join(workers, "model.safetensors.index.json")):
        sys.exit("no index: the model fits one file under this cap; give a smaller --cap")
    text, index, sharded = load_like_transformers(workers)
    assert text == json.dumps(index, indent=2, sort_keys=True) + "\n", "index text"
    print(f"index: {len(index['weight_map'])} tensors in {len(set(index['weight_map'].values()))} files, "
          f"total_size {index['metadata']['total_size']}; text equals json.dumps(indent=2, sort_keys=True)")

    one_file = load_file(os.path.join(root, "model.safetensors"))
    assert set(one_file) == set(sharded), "the same tensor names"
    for name, array in one_file.items():
        other = sharded[name]
        assert array.dtype == other.dtype and array.shape == other.shape, name
        assert array.tobytes() == other.tobytes(), name
    print(f"safetensors.numpy through the weight_map: {len(sharded)} tensors, each bit-identical "
          f"to fanin's model.safetensors (init_to_file)")

    with open(os.path.join(root, "plan_order.txt")) as f:
        lines = f.read().split("\n")
    cap = int(lines[0].split()[1])
    order = [line.split()[0] for line in lines[1:] if line]
    assert sorted(order) == sorted(one_file)
    state_dict = {name: one_file[name] for name in order}
    split = split_state_dict_into_shards_factory(
        state_dict,
        get_storage_size=lambda a: a.nbytes,
        filename_pattern="model{suffix}.safetensors",
        max_shard_size=cap,
    )
    assert split.tensor_to_filename == index["weight_map"], "assignment"
    assert split.metadata == index["metadata"], "metadata"
    files_on_disk = sorted(n for n in os.listdir(workers) if n.endswith(".safetensors"))
    assert sorted(split.filename_to_tensors) == files_on_disk, "file names"
    print(f"huggingface_hub {hf_version} split_state_dict_into_shards_factory (cap {cap}): "
          f"the same {len(files_on_disk)} files, the same tensor -> file map, the same total_size")

    one = os.path.join(root, "one")
    names = sorted(os.listdir(workers))
    assert names == sorted(os.listdir(one)), "file lists"
    for name in names:
        with open(os.path.join(workers, name), "rb") as a, open(os.path.join(one, name), "rb") as b:
            assert a.read() == b.read(), name
    print(f"workers/ and one/: the same {len(names)} files, byte for byte")
    print("OK")


if __name__ == "__main__":
    main(sys.argv[1])
