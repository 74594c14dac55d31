//! `#[derive(Params)]` for fanin.
//!
//! The derive parses the struct into a model (`ast`, `attr`), validates it and gathers
//! every error (`check`, `ctxt`), then generates the `fanin::Params` impl (`expand`).
//! Users depend on the `fanin` crate, which re-exports this derive next to the trait of the
//! same name.

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

mod ast;
mod attr;
mod check;
mod ctxt;
mod expand;
mod literal;
#[cfg(test)]
mod tests;

/// Derives `fanin::Params`: see the documentation of the `fanin::Params` trait and
/// "The derive" in the design notes for the attributes (`params`, `init`, `shape`, `module`,
/// `skip`).
#[proc_macro_derive(Params, attributes(params, init, shape, module, skip))]
pub fn derive_params(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
