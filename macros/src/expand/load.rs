//! `Params::from_tensors_at`: every field's value read from a tensor source, then `Self`.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use super::{
    collection_lit, config_let, construct, count_let, len_let, lift_tokens, list_names, name_expr,
    name_lit, nnx_scope, private, shape_let, when_wrap, Idents, Source,
};
use crate::lower::{Lowered, Model, Role};

/// The `from_tensors_at` method.
pub fn generate(model: &Model<'_>, ids: &Idents) -> TokenStream {
    let Idents {
        scope, cfg, source, ..
    } = ids;
    let fields = model.fields.iter().map(|field| {
        let binding = &field.binding;
        let value = value(field, ids);
        quote!(let #binding = #value;)
    });
    let construct = construct(model);
    let nnx = nnx_scope(model, ids);
    quote! {
        fn from_tensors_at(
            #scope: &::fanin::params::Scope,
            #cfg: &Self::Config,
            #source: &mut dyn ::fanin::params::TensorSource,
        ) -> ::fanin::Result<Self> {
            #nnx
            #(#fields)*
            ::core::result::Result::Ok(#construct)
        }
    }
}

fn value(field: &Lowered<'_>, ids: &Idents) -> TokenStream {
    let private = private();
    let Idents {
        scope,
        source,
        shape,
        config: local,
        count: n,
        ..
    } = ids;
    let span = field.member.span();
    match &field.role {
        Role::Param(param) => {
            let name = name_lit(&param.name, span);
            let elem = &param.array.elem;
            let dim = param.array.dim();
            let shape_let = shape_let(param, ids);
            let collection = collection_lit(param, span);
            let value = quote! {{
                #shape_let
                #private::load_param::<#elem, #dim>(#scope, #source, #collection, #name, &#shape)?
            }};
            when_wrap(param.when, ids, value, false)
        }
        Role::Module(module) => {
            let ty = module.ty;
            let (name_let, name) = name_expr(&module.name, ids, span, Source::Config);
            let config = config_let(module.config, ids);
            let value = quote! {{
                #name_let
                #config
                <#ty as ::fanin::Params>::from_tensors_at(&#scope.child(#name), #local, #source)?
            }};
            when_wrap(module.when, ids, value, false)
        }
        Role::List(list) => {
            let item = list.item;
            let names = list_names(list, span, Source::Config);
            let config = config_let(list.config, ids);
            let count = count_let(list, ids, span);
            quote! {{
                #config
                #count
                #private::load_list::<#item>(#scope, #source, #names, #n, #local)?
            }}
        }
        Role::Stacked(stack) => {
            let item = stack.item;
            let (name_let, name) = name_expr(&stack.name, ids, span, Source::Config);
            let config = config_let(stack.config, ids);
            let len = len_let(stack.len, ids);
            let lift = lift_tokens(stack.lift);
            let layers = &ids.len;
            let value = quote! {{
                #name_let
                #config
                #len
                #private::load_stacked::<#item>(#scope, #source, #name, #lift, #layers, #local)?
            }};
            when_wrap(stack.when, ids, value, false)
        }
        Role::Skip => quote_spanned!(field.ty.span()=> ::core::default::Default::default()),
    }
}
