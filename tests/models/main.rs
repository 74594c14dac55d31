//! Whole models against Flax: collections, derived models, lifted transforms, `fanin::nn`,
//! `fanin::nnx`, the gallery's ports and the RNG separator, each checked tensor by tensor
//! against fixtures made by `scripts/gen_fixtures.py` with the real Flax.

#[macro_use]
#[path = "../common/mod.rs"]
mod common;

mod collections;
mod derive_models;
mod transforms;
mod nn_layers;
mod nn_cells;
mod gallery;
mod nnx;
mod nnx_stacked;
mod nnx_ports;
mod rng_separator;
