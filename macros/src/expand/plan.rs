//! `Params::plan_at`: every param's plan entry, submodules in place, in declaration order.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};

use super::{
    check_span, config_let, count_let, counter_let, len_let, lift_tokens, list_names, name_expr,
    name_lit, nnx_scope, private, scoped_initializer, shape_let, when_wrap, Idents, Source,
};
use crate::lower::{Lowered, Model, Role};

/// The `plan_at` method.
pub fn generate(model: &Model<'_>, ids: &Idents) -> TokenStream {
    let private = private();
    let Idents {
        scope, cfg, out, ..
    } = ids;
    let steps = model.fields.iter().map(|field| step(model, field, ids));
    let counter = counter_let(model, ids);
    let nnx = nnx_scope(model, ids);
    quote! {
        fn plan_at(
            #scope: &::fanin::params::Scope,
            #cfg: &Self::Config,
            #out: &mut #private::Vec<::fanin::params::ParamPlan>,
        ) -> ::fanin::Result<()> {
            #nnx
            #counter
            #(#steps)*
            ::core::result::Result::Ok(())
        }
    }
}

fn step(model: &Model<'_>, field: &Lowered<'_>, ids: &Idents) -> TokenStream {
    let private = private();
    let Idents {
        scope,
        out,
        shape,
        config: local,
        count: n,
        ..
    } = ids;
    let span = field.member.span();
    match &field.role {
        Role::Param(param) => {
            let name = name_lit(&param.name, span);
            let counter = &ids.counter;
            let elem = &param.array.elem;
            let init = ids.init(param.init);
            let shape_let = shape_let(param, ids);
            let init_value = scoped_initializer(param.init);
            let entry = match &param.collection {
                None if model.nnx => {
                    let plan_call = quote_spanned!(check_span(param.init)=> #private::nnx_plan_param::<#elem, _>);
                    quote!(#plan_call(#scope, #name, &#shape, #init)?)
                }
                None => {
                    let plan_call =
                        quote_spanned!(check_span(param.init)=> #private::plan_param::<#elem, _>);
                    quote! {
                        #counter += 1;
                        #plan_call(#scope, #name, #counter, &#shape, #init)?
                    }
                }
                Some(collection) => {
                    let collection = name_lit(collection, span);
                    let plan_call = quote_spanned!(check_span(param.init)=> #private::plan_variable::<#elem, _>);
                    quote!(#plan_call(#scope, #collection, #name, &#shape, #init)?)
                }
            };
            let step = quote! {{
                #shape_let
                let #init = #init_value;
                #out.push({ #entry });
            }};
            when_wrap(param.when, ids, step, true)
        }
        Role::Module(module) => {
            let ty = module.ty;
            let (name_let, name) = name_expr(&module.name, ids, span, Source::Config);
            let config = config_let(module.config, ids);
            let call = if module.jit {
                quote!(#private::plan_jit::<#ty>(#scope, #name, #local, #out)?;)
            } else {
                quote!(<#ty as ::fanin::Params>::plan_at(&#scope.child(#name), #local, #out)?;)
            };
            let step = quote! {{
                #name_let
                #config
                #call
            }};
            when_wrap(module.when, ids, step, true)
        }
        Role::List(list) => {
            let item = list.item;
            let names = list_names(list, span, Source::Config);
            let config = config_let(list.config, ids);
            let count = count_let(list, ids, span);
            quote! {{
                #config
                #count
                #private::plan_list::<#item>(#scope, #names, #n, #local, #out)?;
            }}
        }
        Role::Stacked(stack) => {
            let item = stack.item;
            let (name_let, name) = name_expr(&stack.name, ids, span, Source::Config);
            let config = config_let(stack.config, ids);
            let len = len_let(stack.len, ids);
            let lift = lift_tokens(stack.lift);
            let layers = &ids.len;
            let step = quote! {{
                #name_let
                #config
                #len
                #private::plan_stacked::<#item>(#scope, #name, #lift, #layers, #local, #out)?;
            }};
            when_wrap(stack.when, ids, step, true)
        }
        Role::Skip => TokenStream::new(),
    }
}
