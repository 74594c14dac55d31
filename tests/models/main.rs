//! Whole models against Flax: collections, derived models, lifted transforms, `fanin::nn`,
//! `fanin::nnx`, the gallery's ports and the RNG separator, each checked tensor by tensor
//! against fixtures made by `scripts/gen_fixtures.py` with the real Flax.

#[macro_use]
#[path = "../common/mod.rs"]
mod common;

#[cfg(feature = "io")]
mod collections;
mod derive_models;
mod gallery;
mod nn_cells;
mod nn_layers;
#[cfg(feature = "io")]
mod nnx;
mod nnx_ports;
mod nnx_stacked;
#[cfg(feature = "io")]
mod rng_separator;
#[cfg(feature = "io")]
mod transforms;
