//! `#[derive(Params)]` for fanin.

use proc_macro::TokenStream;

/// Derives `fanin::Params`.
#[proc_macro_derive(Params, attributes(params, init, shape, module, skip))]
pub fn derive_params(_input: TokenStream) -> TokenStream {
    TokenStream::new()
}
