//! The derive's parser, checks and expansion on arbitrary text: whatever parses as a
//! `syn::DeriveInput` expands to code or to errors (with a fallback impl), never to a panic,
//! and the output is always items.
//!
//! `fanin-macros` is a proc-macro crate, which cannot be linked here; its modules use only
//! `proc_macro2` (all but `lib.rs`), so they are compiled into this target from their files,
//! as the crate root, exactly as `lib.rs` declares them. Nothing is added to the macro crate.

#![no_main]
#![allow(dead_code, unused_imports)]

#[path = "../../macros/src/ast.rs"]
mod ast;
#[path = "../../macros/src/attr.rs"]
mod attr;
#[path = "../../macros/src/builtins.rs"]
mod builtins;
#[path = "../../macros/src/check.rs"]
mod check;
#[path = "../../macros/src/ctxt.rs"]
mod ctxt;
#[path = "../../macros/src/expand/mod.rs"]
mod expand;
#[path = "../../macros/src/literal.rs"]
mod literal;
#[path = "../../macros/src/lower.rs"]
mod lower;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(input) = syn::parse_str::<syn::DeriveInput>(text) else {
        return;
    };
    // The entry point of `derive_params` in lib.rs (and of macros/src/tests.rs).
    let tokens = expand::derive(&input);
    if let Err(e) = syn::parse2::<syn::File>(tokens) {
        panic!("the derive made tokens that are not items ({e})");
    }
});
