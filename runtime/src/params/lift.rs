//! Flax's lifted transforms over params (`nn.scan`, `nn.vmap`, `nn.jit`): which key, key
//! suffix, counters and execution a lifted body's params get, and the plan entries of a
//! lifted body seen from outside it. The one place these rules live.
//!
//! Measured with flax 0.12.8 (the fixtures of `tests/models/transforms.rs` hold them):
//! - `nn.scan(M, variable_axes={'params': 0}, split_rngs={'params': True}, length=n)`: layer
//!   `i` folds its params from `split(rng, n)[i]`, `rng` the raw key of the enclosing scope
//!   (not folded with the path); the path stays in the key suffix. The body is traced twice
//!   with shared counters, the second trace's values are kept, so every module inside `d`
//!   nested scans counts its params after `(2^d - 1) * draws`. The body runs compiled, so its
//!   initializers give `jax.jit`'s values ([`Execution::Jit`]).
//! - `nn.vmap(M, ..., axis_size=n)`: the same split, one trace, op by op.
//! - `nn.jit(M)`: the body's key is the scope's key with counter 1; inside, module names are
//!   folded from that key anew (empty suffix), the body's own params count from 2, and the
//!   body runs compiled.
//! - flax.nnx's `nnx.split_rngs(splits=n)` + `nnx.vmap` construction (a `vmap` stack of an
//!   NNX module): the stack draws one key `s` of the module's stream, layer `i` gets a fresh
//!   stream on `split(s, n)[i]`, op by op; the module's stream goes on at the next count.
//! - `nn.remat(M)`, and `nn.scan`/`nn.vmap` that broadcast params (`variable_broadcast=
//!   'params'`, `variable_axes={'params': None}` with `split_rngs={'params': False}`): keys,
//!   counters and values of a plain submodule.

use std::sync::Arc;

use super::{ParamPlan, Scope};
use crate::key::legacy;
use crate::{Error, Execution, Key, Result, Settings, Threefry};

/// The lifted transform that stacks a module's params on a new leading axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lift {
    /// `nn.scan(M, variable_axes={'params': 0}, split_rngs={'params': True}, length=n)`.
    Scan,
    /// `nn.vmap(M, variable_axes={'params': 0}, split_rngs={'params': True}, axis_size=n)`.
    Vmap,
}

impl Lift {
    /// The prefix Flax gives the class it makes (`ScanBlock`, `VmapCritic`).
    pub fn class_prefix(self) -> &'static str {
        match self {
            Lift::Scan => "Scan",
            Lift::Vmap => "Vmap",
        }
    }
}

/// Key `index` of `jax.random.split(root, n)` in the Threefry mode of `settings`.
pub(crate) fn layer_key(settings: Settings, root: Key, n: usize, index: usize) -> Key {
    match settings.threefry {
        Threefry::Partitionable => root.split_at(index as u64),
        Threefry::Legacy => Key::from_data(legacy::split(root.data(), n)[index]),
    }
}

/// The scope of the body of a stack lifted by `lift`, sitting at `scope` (the stack's own
/// scope), for layer key `root` (`None`: a plan, whose fills receive the layer's key).
pub(crate) fn stacked_body(scope: &Scope, lift: Lift, root: Option<Key>) -> Scope {
    let (scans, settings) = match lift {
        Lift::Scan => (
            scope.scan_depth().saturating_add(1),
            scope.settings().execution(Execution::Jit),
        ),
        Lift::Vmap => (scope.scan_depth(), scope.settings()),
    };
    scope.lifted(root, scope.key_suffix().to_vec(), scans, 0, settings)
}

/// The key `nn.jit` hands the body sitting at `scope` (the module's own scope), from the raw
/// key `root`.
fn jit_key(suffix: &[String], root: Key, separator: bool) -> Key {
    super::path::param_key(suffix, root, 1, separator)
}

/// The scope of the body of `nn.jit(M)` sitting at `scope` (the module's own scope).
pub(crate) fn jit_body(scope: &Scope) -> Scope {
    let root = scope
        .root_key()
        .map(|root| jit_key(scope.key_suffix(), root, scope.settings().fix_rng_separator));
    let settings = scope.settings().execution(Execution::Jit);
    scope.lifted(root, Vec::new(), scope.scan_depth(), 1, settings)
}

/// The plan entries of a jit body (planned in [`jit_body`]) as the parent sees them: each
/// fill first derives the body's key from the parent's raw key.
pub(crate) fn rebase_jit(scope: &Scope, body: Vec<ParamPlan>) -> Vec<ParamPlan> {
    let suffix: Arc<[String]> = scope.key_suffix().into();
    let separator = scope.settings().fix_rng_separator;
    body.into_iter()
        .map(|entry| {
            let (fill, key_of) = (Arc::clone(&entry.fill), Arc::clone(&entry.key_of));
            let (s1, s2) = (Arc::clone(&suffix), Arc::clone(&suffix));
            ParamPlan {
                fill: Arc::new(move |root, start, out: &mut [u8]| {
                    fill(jit_key(&s1, root, separator), start, out)
                }),
                key_of: Arc::new(move |root| key_of(jit_key(&s2, root, separator))),
                ..entry
            }
        })
        .collect()
}

/// The plan entry of a stack of an NNX module (planned from the stack's key) as the module
/// sees it: each fill first draws the stack's key `fold_in(stream_key, count)` from the
/// stream's key it receives (`nnx.split_rngs` draws one key, then splits it).
pub(crate) fn rebase_nnx(count: u64, entry: ParamPlan) -> ParamPlan {
    let (fill, key_of) = (Arc::clone(&entry.fill), Arc::clone(&entry.key_of));
    ParamPlan {
        fill: Arc::new(move |root, start, out: &mut [u8]| {
            fill(super::Stream::key(root, count), start, out)
        }),
        key_of: Arc::new(move |root| key_of(super::Stream::key(root, count))),
        ..entry
    }
}

/// The plan entry of a param of a stack of `n` layers: `entry` (planned in
/// [`stacked_body`], its fills taking a layer's key) with a leading axis `n`, whose fills
/// derive each layer's key from the parent's raw key and fill layer by layer.
pub(crate) fn stack_entry(settings: Settings, n: usize, entry: ParamPlan) -> Result<ParamPlan> {
    let mut shape = Vec::with_capacity(entry.shape.len() + 1);
    shape.push(n);
    shape.extend_from_slice(&entry.shape);
    crate::size::sizes(&shape, entry.dtype).map_err(|e| super::path::in_param(&entry.path, e))?;
    let layer_len = entry.len() as u64;
    let size = entry.dtype.size();
    let path = entry.path.clone();
    let (fill, key_of) = (Arc::clone(&entry.fill), Arc::clone(&entry.key_of));
    let layered = move |root: Key, start: u64, out: &mut [u8]| -> Result<()> {
        let mut at = start;
        let mut rest = out;
        while !rest.is_empty() {
            if layer_len == 0 {
                break;
            }
            let layer = at / layer_len;
            let offset = at % layer_len;
            if layer >= n as u64 {
                return Err(super::path::in_param(
                    &path,
                    Error::invalid(format!(
                        "elements from {start} run past the {n} layers of {layer_len} elements"
                    )),
                ));
            }
            let take = ((layer_len - offset) as usize)
                .saturating_mul(size)
                .min(rest.len());
            let (part, tail) = rest.split_at_mut(take);
            fill(layer_key(settings, root, n, layer as usize), offset, part)?;
            at += (take / size) as u64;
            rest = tail;
        }
        Ok(())
    };
    Ok(ParamPlan {
        shape,
        fill: Arc::new(layered),
        key_of: Arc::new(move |root| key_of(layer_key(settings, root, n, 0))),
        ..entry
    })
}
