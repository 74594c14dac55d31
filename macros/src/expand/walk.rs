//! `Params::walk_at`: every param's path and view, submodules in place, in declaration order.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use super::{collection_lit, list_names, name_expr, name_lit, nnx_scope, private, Idents, Source};
use crate::lower::{Lowered, Model, Role};

/// The `walk_at` method.
pub fn generate(model: &Model<'_>, ids: &Idents) -> TokenStream {
    let Idents { scope, f, .. } = ids;
    let steps = model.fields.iter().map(|field| step(field, ids));
    let nnx = nnx_scope(model, ids);
    quote! {
        fn walk_at<'__fanin>(
            &'__fanin self,
            #scope: &::fanin::params::Scope,
            #f: &mut dyn ::core::ops::FnMut(::fanin::params::ParamRef<'__fanin>),
        ) {
            #nnx
            #(#steps)*
        }
    }
}

fn step(field: &Lowered<'_>, ids: &Idents) -> TokenStream {
    let private = private();
    let Idents { scope, f, .. } = ids;
    let value = &field.binding;
    let member = field.member;
    let span = member.span();
    match &field.role {
        Role::Param(param) => {
            let name = name_lit(&param.name, span);
            let collection = collection_lit(param, span);
            match param.when {
                None => {
                    quote!(#private::walk_param(&self.#member, #scope, #collection, #name, #f);)
                }
                Some(_) => quote! {
                    if let ::core::option::Option::Some(#value) = &self.#member {
                        #private::walk_param(#value, #scope, #collection, #name, #f);
                    }
                },
            }
        }
        Role::Module(module) => {
            let ty = module.ty;
            let (name_let, name) = name_expr(&module.name, ids, span, Source::Values);
            match module.when {
                None => {
                    let call = quote_spanned! {ty.span()=>
                        <#ty as ::fanin::Params>::walk_at(&self.#member, &#scope.child(#name), #f);
                    };
                    quote!({ #name_let #call })
                }
                Some(_) => {
                    let call = quote_spanned! {ty.span()=>
                        <#ty as ::fanin::Params>::walk_at(#value, &#scope.child(#name), #f);
                    };
                    quote! {
                        if let ::core::option::Option::Some(#value) = &self.#member {
                            #name_let
                            #call
                        }
                    }
                }
            }
        }
        Role::List(list) => {
            let names = list_names(list, span, Source::Values);
            quote!(#private::walk_list(&self.#member, #scope, #names, #f);)
        }
        Role::Stacked(stack) => {
            let (name_let, name) = name_expr(&stack.name, ids, span, Source::Values);
            match stack.when {
                None => quote!({
                    #name_let
                    #private::walk_stacked(&self.#member, #scope, #name, #f);
                }),
                Some(_) => quote! {
                    if let ::core::option::Option::Some(#value) = &self.#member {
                        #name_let
                        #private::walk_stacked(#value, #scope, #name, #f);
                    }
                },
            }
        }
        Role::Skip => TokenStream::new(),
    }
}
