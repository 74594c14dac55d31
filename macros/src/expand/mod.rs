//! Generating the `fanin::Params` impl: [`derive`] runs the stages (parse, check, lower) and
//! assembles the impl from one generator per method ([`init`], [`plan`], [`walk`], [`load`]),
//! or, after errors, the errors and a [`fallback`] impl.
//!
//! Every expression of the attributes is evaluated where `cfg: &Config` is in scope; the
//! initializer expressions also see every name of `fanin::init` (an outer glob import) and,
//! in an inner block, every name of the user's module (`use self::*`), so the user's own
//! names shadow fanin's. The generated code names only absolute paths (`::fanin::...`,
//! `::core::...`), so it compiles under `#![no_implicit_prelude]`, and its own locals have
//! mixed-site hygiene ([`Idents`]), so a field named `cfg` or `__fanin_scope` shadows nothing.
//!
//! The by-type checks: each initializer goes through `__private_v1::RankCheck`, whose
//! autoref-specialized `check_rank` requires `SupportsRank<D>` of fanin's own initializers
//! (`Builtin`) and accepts any other `Initializer` on every rank.

mod fallback;
mod init;
mod load;
mod plan;
mod walk;

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::{DeriveInput, Expr, Ident, LitStr};

use crate::ast::{self, Container};
use crate::attr;
use crate::check;
use crate::ctxt::Ctxt;
use crate::lower::{self, List, ListNaming, Model, Name, Param, Prior, Role, Shape};

/// The path of the runtime's module for generated code.
fn private() -> TokenStream {
    quote!(::fanin::__private_v1)
}

/// Parses, checks and expands one derive input: the impl, or every error found followed by a
/// fallback impl (so that uses of the type report no error of their own).
pub fn derive(input: &DeriveInput) -> TokenStream {
    match try_derive(input) {
        Ok(tokens) => tokens,
        Err(failed) => fallback::with_errors(input, &failed.config, failed.errors),
    }
}

/// Why a derive failed: every error, and the config type for the fallback impl.
pub struct Failed {
    pub errors: syn::Error,
    pub config: TokenStream,
}

/// Parses, checks, lowers and expands: the impl, or every error found.
pub fn try_derive(input: &DeriveInput) -> Result<TokenStream, Failed> {
    let cx = Ctxt::new();
    let attrs = attr::container(&cx, &input.attrs);
    let config = ast::config_type(&attrs);
    let cont = Container::from_ast(&cx, input, attrs);
    if let Some(cont) = &cont {
        check::container(&cx, cont);
    }
    if let Err(errors) = cx.check() {
        return Err(Failed { errors, config });
    }
    match cont.as_ref().and_then(lower::model) {
        Some(model) => Ok(expand(input, &config, &model)),
        None => Err(Failed {
            errors: syn::Error::new_spanned(
                &input.ident,
                "internal error in #[derive(Params)]: the struct passed the checks but could not be lowered; please report it",
            ),
            config,
        }),
    }
}

/// The identifiers the generated methods declare for themselves. All but `cfg` have
/// mixed-site hygiene: the user's expressions cannot see them, and the user's names cannot
/// shadow them.
pub struct Idents {
    /// The `&Scope` parameter.
    pub scope: Ident,
    /// The config parameter, `cfg`: call-site, since the user's expressions name it.
    pub cfg: Ident,
    /// `plan_at`'s output vector.
    pub out: Ident,
    /// `walk_at`'s callback.
    pub f: Ident,
    /// `from_tensors_at`'s tensor source.
    pub source: Ident,
    /// A param's shape array.
    pub shape: Ident,
    /// A submodule's config reference.
    pub config: Ident,
    /// A list's item count.
    pub count: Ident,
    /// Flax's counter of the params of this struct, counted as they are made.
    pub counter: Ident,
    /// The value of a `#[when]` condition.
    pub when: Ident,
    /// A submodule's compact name.
    pub name: Ident,
    /// A stack's number of layers.
    pub len: Ident,
}

impl Idents {
    fn new() -> Idents {
        let hidden = |name: &str| Ident::new(name, Span::mixed_site());
        Idents {
            scope: hidden("__fanin_scope"),
            cfg: Ident::new("cfg", Span::call_site()),
            out: hidden("__fanin_out"),
            f: hidden("__fanin_f"),
            source: hidden("__fanin_source"),
            shape: hidden("__fanin_shape"),
            config: hidden("__fanin_config"),
            count: hidden("__fanin_count"),
            counter: hidden("__fanin_counter"),
            when: hidden("__fanin_when"),
            name: hidden("__fanin_name"),
            len: hidden("__fanin_len"),
        }
    }

    /// The local holding an initializer: mixed-site hygiene, located at the initializer so
    /// that the by-type checks point at it.
    fn init(&self, init: &Expr) -> Ident {
        Ident::new("__fanin_init", check_span(init))
    }
}

fn expand(input: &DeriveInput, config: &TokenStream, model: &Model<'_>) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let ids = Idents::new();
    let init_at = init::generate(model, &ids);
    let plan_at = plan::generate(model, &ids);
    let walk_at = walk::generate(model, &ids);
    let from_tensors_at = load::generate(model, &ids);
    let private = private();
    let flavor = if model.nnx {
        quote!(#private::NnxModule)
    } else {
        quote!(#private::LinenModule)
    };
    quote! {
        #[automatically_derived]
        #[allow(unused_variables, unused_imports, unused_braces, unused_mut, unused_assignments, non_snake_case, clippy::all, clippy::pedantic)]
        impl #impl_generics ::fanin::Params for #ident #ty_generics #where_clause {
            type Config = #config;
            #init_at
            #plan_at
            #walk_at
            #from_tensors_at
        }

        #[automatically_derived]
        impl #impl_generics #flavor for #ident #ty_generics #where_clause {}
    }
}

/// In an NNX struct, `let scope = &scope.nnx();`: its params draw from the stream, its paths
/// are `nnx.state`'s. Nothing for a linen struct.
fn nnx_scope(model: &Model<'_>, ids: &Idents) -> TokenStream {
    let scope = &ids.scope;
    if model.nnx {
        quote!(let #scope = &#scope.nnx();)
    } else {
        TokenStream::new()
    }
}

/// The check that a submodule of type `ty` has the struct's flavor: an NNX struct holds NNX
/// modules, a linen struct no NNX module. Located at the type.
fn flavor_check(model: &Model<'_>, ty: &syn::Type) -> TokenStream {
    let private = private();
    if model.nnx {
        quote_spanned!(ty.span()=> #private::assert_nnx_submodule::<#ty>();)
    } else {
        quote_spanned! {ty.span()=>
            {
                #[allow(unused_imports)]
                use #private::{AnyInLinen as _, NnxInLinen as _};
                (&#private::LinenSubmodule::<#ty>::new()).check_linen();
            }
        }
    }
}

/// `Self { member: binding, ... }`, after every field is bound.
fn construct(model: &Model<'_>) -> TokenStream {
    let members = model.fields.iter().map(|f| f.member);
    let bindings = model.fields.iter().map(|f| &f.binding);
    quote!(Self { #(#members: #bindings),* })
}

/// `value` when the field has no `#[when]`; else `Some(value)` when the condition holds and
/// `None` (nothing made, read, planned or counted) when it does not. With `unit`, the value is
/// a statement (plan) and nothing is wrapped.
fn when_wrap(when: Option<&Expr>, ids: &Idents, value: TokenStream, unit: bool) -> TokenStream {
    let Some(expr) = when else { return value };
    let local = &ids.when;
    let cond = quote_spanned!(expr.span()=> #expr);
    if unit {
        quote! {{
            let #local: ::core::primitive::bool = #cond;
            if #local { #value }
        }}
    } else {
        quote! {{
            let #local: ::core::primitive::bool = #cond;
            if #local {
                ::core::option::Option::Some(#value)
            } else {
                ::core::option::Option::None
            }
        }}
    }
}

/// `let mut __fanin_counter: u64 = scope.counter_start(draws);`: Flax counts a module's
/// params from 1 as they are made, after the counters a lifted transform shifts them by
/// (which depend on `draws`, the number of params the module makes).
fn counter_let(model: &Model<'_>, ids: &Idents) -> TokenStream {
    let (counter, scope) = (&ids.counter, &ids.scope);
    let draws = model.fields.iter().filter_map(|field| match &field.role {
        Role::Param(param) if param.collection.is_none() => Some(match param.when {
            None => quote!(1u64),
            Some(expr) => {
                let cond = quote_spanned!(expr.span()=> #expr);
                quote!((if #cond { 1u64 } else { 0u64 }))
            }
        }),
        _ => None,
    });
    quote!(let mut #counter: ::core::primitive::u64 = #scope.counter_start(0u64 #(+ #draws)*);)
}

/// Where a compact name's count is read from: the config (init, plan, load), or the values
/// (a walk, which has no config).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Source {
    Config,
    Values,
}

/// The number of submodules of a compact name's class made before it.
fn compact_index(before: &[Prior<'_>], source: Source) -> TokenStream {
    let terms = before.iter().map(|prior| match (prior, source) {
        (Prior::One, _) => quote!(1usize),
        (Prior::When(expr, _), Source::Config) => {
            let cond = quote_spanned!(expr.span()=> #expr);
            quote!((if #cond { 1usize } else { 0usize }))
        }
        (Prior::When(_, member), Source::Values) => {
            quote!((if ::core::option::Option::is_some(&self.#member) { 1usize } else { 0usize }))
        }
        (Prior::Count(expr, _), Source::Config) => {
            let count = quote_spanned!(expr.span()=> #expr);
            quote!({ let __n: ::core::primitive::usize = #count; __n })
        }
        (Prior::Count(_, member), Source::Values) => quote!(self.#member.len()),
    });
    quote!(0usize #(+ #terms)*)
}

/// A submodule's or stack's name: `(statements, expr)`, `expr` a `&str` valid after the
/// statements.
fn name_expr(
    name: &Name<'_>,
    ids: &Idents,
    span: Span,
    source: Source,
) -> (TokenStream, TokenStream) {
    match name {
        Name::Literal(name) => {
            let lit = name_lit(name, span);
            (TokenStream::new(), quote!(#lit))
        }
        Name::Compact { class, before } => {
            let private = private();
            let local = &ids.name;
            let class = name_lit(class, span);
            let k = compact_index(before, source);
            (
                quote!(let #local: ::std::string::String = #private::compact_name(#class, #k);),
                quote!(&#local),
            )
        }
    }
}

/// A list's `__private_v1::ListNames`.
fn list_names(list: &List<'_>, span: Span, source: Source) -> TokenStream {
    let private = private();
    match (&list.naming, &list.name) {
        (ListNaming::Index, _) => quote!(#private::ListNames::Index),
        (ListNaming::Nnx, Name::Literal(name)) => {
            let lit = name_lit(name, span);
            quote!(#private::ListNames::Nnx(#lit))
        }
        (ListNaming::Nnx, Name::Compact { class, .. }) => {
            // Checked out (no compact names in an NNX struct); named by the class regardless.
            let lit = name_lit(class, span);
            quote!(#private::ListNames::Nnx(#lit))
        }
        (ListNaming::Field, Name::Literal(name)) => {
            let lit = name_lit(name, span);
            quote!(#private::ListNames::Field(#lit))
        }
        (ListNaming::Field, Name::Compact { class, before }) => {
            let class = name_lit(class, span);
            let k = compact_index(before, source);
            quote!(#private::ListNames::Compact(#class, #k))
        }
    }
}

/// `__private_v1::SCAN` or `VMAP`.
fn lift_tokens(lift: lower::Lift) -> TokenStream {
    let private = private();
    match lift {
        lower::Lift::Scan => quote!(#private::SCAN),
        lower::Lift::Vmap => quote!(#private::VMAP),
    }
}

/// `let __fanin_len: usize = expr;`
fn len_let(expr: &Expr, ids: &Idents) -> TokenStream {
    let local = &ids.len;
    let value = quote_spanned!(expr.span()=> #expr);
    quote!(let #local: ::core::primitive::usize = #value;)
}

/// The collection of a param or variable as a string literal: `"params"` for a param.
fn collection_lit(param: &Param<'_>, span: Span) -> LitStr {
    LitStr::new(param.collection.as_deref().unwrap_or("params"), span)
}

/// A Flax name as a string literal, spanned at the field.
fn name_lit(name: &str, span: Span) -> LitStr {
    LitStr::new(name, span)
}

/// Located at the initializer, but marked as macro-made (mixed-site) so that rustc does not
/// suggest edits to the user's expression (`&lecun_normal()` would pass).
fn check_span(init: &Expr) -> Span {
    Span::mixed_site().located_at(init.span())
}

/// `let __fanin_shape: [usize; N] = [dims];` (the primitive named by path: a user type named
/// `usize` cannot shadow it), or, for `#[shape(..e)]`, a `Vec<usize>` copied from `e`.
fn shape_let(param: &Param<'_>, ids: &Idents) -> TokenStream {
    let shape = &ids.shape;
    match param.shape {
        Shape::Dims(dims) => {
            let rank = dims.len();
            quote!(let #shape: [::core::primitive::usize; #rank] = [#(#dims),*];)
        }
        Shape::Spread(expr) => {
            let private = private();
            let value = quote_spanned!(expr.span()=> #private::run_time_shape(#expr));
            quote!(let #shape: #private::Vec<::core::primitive::usize> = #value;)
        }
    }
}

/// `let __fanin_config = &(expr);` (or `&()`).
fn config_let(config: Option<&Expr>, ids: &Idents) -> TokenStream {
    let local = &ids.config;
    match config {
        Some(expr) => {
            let value = quote_spanned!(expr.span()=> &(#expr));
            quote!(let #local = #value;)
        }
        None => quote!(let #local = &();),
    }
}

/// `let __fanin_count: usize = expr;`, then the run-time check of the list's possible
/// collisions with its siblings (see [`crate::lower::List::collisions`]).
fn count_let(list: &List<'_>, ids: &Idents, span: Span) -> TokenStream {
    let count = &ids.count;
    let expr = list.count;
    let value = quote_spanned!(expr.span()=> #expr);
    let mut out = quote!(let #count: ::core::primitive::usize = #value;);
    if let (false, Name::Literal(name)) = (list.collisions.is_empty(), &list.name) {
        let private = private();
        let scope = &ids.scope;
        let field = name_lit(&list.field, span);
        let name = name_lit(name, span);
        let indices = list.collisions.iter().map(|(i, _)| i);
        let siblings = list.collisions.iter().map(|(_, s)| name_lit(s, span));
        out.extend(quote! {
            #private::check_list_names(#scope, #field, #name, #count, &[#((#indices, #siblings)),*])?;
        });
    }
    out
}

/// The initializer expression with the names of `fanin::init` in scope, shadowed by the
/// names of the user's module.
fn scoped_initializer(expr: &Expr) -> TokenStream {
    let span = expr.span();
    let mut body = TokenStream::new();
    expr.to_tokens(&mut body);
    quote_spanned! {span=>
        {
            #[allow(unused_imports)]
            use ::fanin::init::*;
            {
                #[allow(unused_imports)]
                use self::*;
                #body
            }
        }
    }
}
