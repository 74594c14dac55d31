//! The user-facing API: the derive's methods, initializer errors, the `rand` bridge, the
//! README's examples, size limits, and reading and writing files.

#[macro_use]
#[path = "../common/mod.rs"]
mod common;

#[cfg(feature = "msgpack")]
mod checkpoints;
mod derive_api;
mod init_errors;
#[cfg(feature = "io")]
mod io_roundtrip;
#[cfg(feature = "io")]
mod io_shards;
#[cfg(feature = "io")]
mod loader_proptest;
mod rand_compat;
mod readme_example;
#[cfg(feature = "io")]
mod sharded;
mod sizes;
mod statistics;
#[cfg(feature = "io")]
#[path = "../support/temp_dir.rs"]
mod temp_dir;
