//! `Params::init_at`: every field's value, made in declaration order, then `Self`.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use super::{
    check_span, config_let, construct, count_let, counter_let, flavor_check, len_let, lift_tokens,
    list_names, name_expr, name_lit, nnx_scope, private, scoped_initializer, shape_let, when_wrap,
    Idents, Source,
};
use crate::lower::{Lowered, Model, Param, Role};

/// The `init_at` method.
pub fn generate(model: &Model<'_>, ids: &Idents) -> TokenStream {
    let Idents { scope, cfg, .. } = ids;
    let fields = model.fields.iter().map(|field| {
        let binding = &field.binding;
        let value = value(model, field, ids);
        quote!(let #binding = #value;)
    });
    let construct = construct(model);
    let counter = counter_let(model, ids);
    let nnx = nnx_scope(model, ids);
    quote! {
        fn init_at(
            #scope: &::fanin::params::Scope,
            #cfg: &Self::Config,
        ) -> ::fanin::Result<Self> {
            #nnx
            #counter
            #(#fields)*
            ::core::result::Result::Ok(#construct)
        }
    }
}

fn value(model: &Model<'_>, field: &Lowered<'_>, ids: &Idents) -> TokenStream {
    let private = private();
    let scope = &ids.scope;
    let span = field.member.span();
    match &field.role {
        Role::Param(param) => param_value(model, param, ids, span),
        Role::Module(module) => {
            let ty = module.ty;
            let (name_let, name) = name_expr(&module.name, ids, span, Source::Config);
            let config = config_let(module.config, ids);
            let local = &ids.config;
            let call = if module.jit {
                quote!(#private::init_jit::<#ty>(#scope, #name, #local)?)
            } else {
                quote!(<#ty as ::fanin::Params>::init_at(&#scope.child(#name), #local)?)
            };
            let flavor = flavor_check(model, ty);
            let value = quote! {{
                #flavor
                #name_let
                #config
                #call
            }};
            when_wrap(module.when, ids, value, false)
        }
        Role::List(list) => {
            let item = list.item;
            let names = list_names(list, span, Source::Config);
            let config = config_let(list.config, ids);
            let count = count_let(list, ids, span);
            let (local, n) = (&ids.config, &ids.count);
            let flavor = flavor_check(model, item);
            quote! {{
                #flavor
                #config
                #count
                #private::init_list::<#item>(#scope, #names, #n, #local)?
            }}
        }
        Role::Stacked(stack) => {
            let item = stack.item;
            let (name_let, name) = name_expr(&stack.name, ids, span, Source::Config);
            let config = config_let(stack.config, ids);
            let len = len_let(stack.len, ids);
            let lift = lift_tokens(stack.lift);
            let (local, n) = (&ids.config, &ids.len);
            let flavor = flavor_check(model, item);
            let value = quote! {{
                #flavor
                #name_let
                #config
                #len
                #private::init_stacked::<#item>(#scope, #name, #lift, #n, #local)?
            }};
            when_wrap(stack.when, ids, value, false)
        }
        Role::Skip => quote_spanned!(field.ty.span()=> ::core::default::Default::default()),
    }
}

fn param_value(
    model: &Model<'_>,
    param: &Param<'_>,
    ids: &Idents,
    span: proc_macro2::Span,
) -> TokenStream {
    let private = private();
    let (scope, shape) = (&ids.scope, &ids.shape);
    let name = name_lit(&param.name, span);
    let counter = &ids.counter;
    let elem = &param.array.elem;
    let dim = param.array.dim();
    let init = ids.init(param.init);
    let shape_let = shape_let(param, ids);
    let init_value = scoped_initializer(param.init);
    let check_span = check_span(param.init);
    let rank_check = param.array.rank.map(|_| {
        quote_spanned! {check_span=>
            {
                #[allow(unused_imports)]
                use #private::{AnyInitializerRank as _, BuiltinInitializerRank as _};
                (&#private::RankCheck::<_, #dim>::new(&#init)).check_rank();
            }
        }
    });
    let elem_check = quote_spanned!(elem.span()=> #private::assert_dtype::<#elem>(););
    let call = match &param.collection {
        None if model.nnx => {
            let init_call = quote_spanned!(check_span=> #private::nnx_init_param::<#elem, #dim, _>);
            quote!(#init_call(#scope, #name, &#shape, &#init)?)
        }
        None => {
            let init_call = quote_spanned!(check_span=> #private::init_param::<#elem, #dim, _>);
            quote! {
                #counter += 1;
                #init_call(#scope, #name, #counter, &#shape, &#init)?
            }
        }
        Some(collection) => {
            let collection = name_lit(collection, span);
            let init_call = quote_spanned!(check_span=> #private::init_variable::<#elem, #dim, _>);
            quote!(#init_call(#scope, #collection, #name, &#shape, &#init)?)
        }
    };
    let value = quote! {{
        #shape_let
        let #init = #init_value;
        #rank_check
        #call
    }};
    let value = when_wrap(param.when, ids, value, false);
    quote! {{
        #elem_check
        #value
    }}
}
