//! `Params::plan_at`: every param's plan entry, submodules in place, in declaration order.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};

use super::{
    check_span, config_let, count_let, counter_let, name_lit, private, scoped_initializer,
    shape_let, when_wrap, Idents,
};
use crate::lower::{Lowered, Model, Role};

/// The `plan_at` method.
pub fn generate(model: &Model<'_>, ids: &Idents) -> TokenStream {
    let private = private();
    let Idents {
        scope, cfg, out, ..
    } = ids;
    let steps = model.fields.iter().map(|field| step(field, ids));
    let counter = counter_let(ids);
    quote! {
        fn plan_at(
            #scope: &::fanin::params::Scope,
            #cfg: &Self::Config,
            #out: &mut #private::Vec<::fanin::params::ParamPlan>,
        ) -> ::fanin::Result<()> {
            #counter
            #(#steps)*
            ::core::result::Result::Ok(())
        }
    }
}

fn step(field: &Lowered<'_>, ids: &Idents) -> TokenStream {
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
            let name = name_lit(&module.name, span);
            let config = config_let(module.config, ids);
            let step = quote! {{
                #config
                <#ty as ::fanin::Params>::plan_at(&#scope.child(#name), #local, #out)?;
            }};
            when_wrap(module.when, ids, step, true)
        }
        Role::List(list) => {
            let item = list.item;
            let name = name_lit(&list.name, span);
            let config = config_let(list.config, ids);
            let count = count_let(list, ids, span);
            quote! {{
                #config
                #count
                #private::plan_list::<#item>(#scope, #name, #n, #local, #out)?;
            }}
        }
        Role::Skip => TokenStream::new(),
    }
}
