"""Generates every fixture under tests/fixtures with the real JAX and Flax.

Run it in a venv with jax 0.10.2, jaxlib 0.10.2, flax 0.12.8 (CPU):

    python3 -m venv .venv && .venv/bin/pip install -r scripts/requirements.txt
    .venv/bin/python scripts/gen_fixtures.py [group ...]

Groups: keys, random, special, init, models, jit, legacy, separator, nn_layers, nn_cells,
transforms, gallery, nnx, nnx_state, nnx_ports, checkpoints, statistics (one module each in
scripts/fixtures/; nnx and nnx_state share nnx_cases.py).
"""

import sys

import jax

jax.config.update("jax_enable_x64", True)
jax.config.update("jax_platforms", "cpu")

from fixtures import (  # noqa: E402
    checkpoint_cases,
    gallery_cases,
    init_cases,
    jit_cases,
    legacy_cases,
    model_cases,
    nn_cell_cases,
    nn_layer_cases,
    nnx_cases,
    nnx_port_cases,
    random_cases,
    separator_cases,
    statistics_cases,
    transform_cases,
)

GROUPS = {
    "keys": random_cases.keys,
    "random": random_cases.random,
    "special": random_cases.special,
    "init": init_cases.init,
    "models": model_cases.models,
    "jit": jit_cases.jit,
    "legacy": legacy_cases.legacy,
    "separator": separator_cases.separator,
    "statistics": statistics_cases.statistics,
    "nn_layers": nn_layer_cases.nn_layers,
    "nn_cells": nn_cell_cases.nn_cells,
    "transforms": transform_cases.transforms,
    "gallery": gallery_cases.gallery,
    "nnx": nnx_cases.nnx_fixtures,
    "nnx_state": nnx_cases.nnx_state,
    "nnx_ports": nnx_port_cases.nnx_ports,
    "checkpoints": checkpoint_cases.checkpoints,
}


def main(argv):
    assert jax.__version__ == "0.10.2", f"fixtures are made with jax 0.10.2, not {jax.__version__}"
    names = argv or list(GROUPS)
    for name in names:
        GROUPS[name]()


if __name__ == "__main__":
    main(sys.argv[1:])
