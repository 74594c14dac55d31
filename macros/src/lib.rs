//! `#[derive(Params)]` for fanin.
//!
//! The stages, one module each:
//! 1. `attr`, `ast`: parse the struct and its attributes into a syntax tree;
//! 2. `check`: validate it, gathering every error in a `ctxt::Ctxt` (the by-name rules use
//!    `literal`, which reads initializer expressions, and `builtins`, the names of fanin
//!    this crate knows);
//! 3. `lower`: turn the checked tree into one lowered field per struct field;
//! 4. `expand`: generate the `fanin::Params` impl, one generator per method, or, after errors,
//!    the errors and a fallback impl.
//!
//! Users depend on the `fanin` crate, which re-exports this derive next to the trait of the
//! same name.

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

mod ast;
mod attr;
mod builtins;
mod check;
mod ctxt;
mod expand;
mod literal;
mod lower;
#[cfg(test)]
mod tests;

/// Derives `fanin::Params`: the attributes (`params`, `init`, `shape`, `module`, `skip`,
/// `variable`, `when`) are documented on the `fanin::Params` trait.
#[proc_macro_derive(Params, attributes(params, init, shape, module, skip, variable, when))]
pub fn derive_params(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive(&input).into()
}
