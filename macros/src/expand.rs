//! Generating the `fanin::Params` impl from a checked model.
//!
//! Every expression of the attributes is evaluated where `cfg: &Config` is in scope; the
//! initializer expressions also see every name of `fanin::init` (an outer glob import) and,
//! in an inner block, every name of the user's module (`use self::*`), so the user's own
//! names shadow fanin's. The generated code names only `::fanin::...` paths.
//!
//! The by-type checks: each initializer goes through `__private::RankCheck`, whose
//! autoref-specialized `check` requires `SupportsRank<D>` of fanin's own initializers
//! (`Builtin`) and accepts any other `Initializer` on every rank.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::{DeriveInput, Expr, Ident, LitStr};

use crate::ast::{Container, Role};
use crate::check;
use crate::ctxt::Ctxt;

/// Parses, checks and expands one derive input: the impl, or every error found.
pub fn derive(input: &DeriveInput) -> syn::Result<TokenStream> {
    let cx = Ctxt::new();
    let Some(cont) = Container::from_ast(&cx, input) else {
        cx.check()?;
        return Ok(TokenStream::new());
    };
    let roles = check::roles(&cx, &cont);
    cx.check()?;
    Ok(expand(&cont, &roles))
}

fn expand(cont: &Container<'_>, roles: &[Role<'_>]) -> TokenStream {
    let ident = cont.ident;
    let (impl_generics, ty_generics, where_clause) = cont.generics.split_for_impl();
    let config = cont.config_type();
    let private = quote!(::fanin::params::__private);

    let mut init_fields = Vec::new();
    let mut plan_steps = Vec::new();
    let mut walk_steps = Vec::new();
    let mut load_fields = Vec::new();
    let mut names = Vec::new();

    for (field, role) in cont.fields.iter().zip(roles) {
        let member = field.ident;
        names.push(member);
        match role {
            Role::Param {
                array,
                shape,
                init,
                counter,
            } => {
                let name = LitStr::new(&member.to_string(), member.span());
                let elem = &array.elem;
                let dim = array.dim();
                let rank = shape.len();
                let shape_let = quote!(let __fanin_shape: [usize; #rank] = [#(#shape),*];);
                let init_value = scoped_initializer(init);
                let init_span = init.span();
                // Located at the initializer, but marked as macro-made so that rustc does not
                // suggest edits to the user's expression (`&lecun_normal()` would pass).
                let check_span = Span::mixed_site().located_at(init_span);
                let init_ident = Ident::new("__fanin_init", Span::call_site());
                let rank_check = array.rank.map(|_| {
                    quote_spanned! {check_span=>
                        {
                            #[allow(unused_imports)]
                            use #private::{AnyInitializerRank as _, BuiltinInitializerRank as _};
                            (&#private::RankCheck::<_, #dim>::new(&#init_ident)).check_rank();
                        }
                    }
                });
                let init_call = quote_spanned!(check_span=> #private::init_param::<#elem, #dim, _>);
                let plan_call = quote_spanned!(check_span=> #private::plan_param::<#elem, _>);
                let elem_check = quote_spanned!(elem.span()=> #private::assert_dtype::<#elem>(););
                init_fields.push(quote! {
                    let #member = {
                        #elem_check
                        #shape_let
                        let __fanin_init = #init_value;
                        #rank_check
                        #init_call(
                            __fanin_rng, __fanin_path, #name, #counter, &__fanin_shape, &__fanin_init,
                        )?
                    };
                });
                plan_steps.push(quote! {
                    {
                        #shape_let
                        let __fanin_init = #init_value;
                        __fanin_out.push(#plan_call(
                            __fanin_path, #name, #counter, &__fanin_shape, __fanin_init,
                        ));
                    }
                });
                walk_steps.push(quote! {
                    #private::walk_param(&self.#member, __fanin_path, #name, __fanin_f);
                });
                load_fields.push(quote! {
                    let #member = {
                        #shape_let
                        #private::load_param::<#elem, #dim>(__fanin_source, __fanin_path, #name, &__fanin_shape)?
                    };
                });
            }
            Role::Module {
                config,
                name,
                count,
                item,
            } => {
                let name = LitStr::new(name, member.span());
                let config_ref = match config {
                    Some(expr) => quote_spanned!(expr.span()=> &(#expr)),
                    None => quote!(&()),
                };
                let item_span = item.span();
                match count {
                    None => {
                        init_fields.push(quote! {
                            let #member = {
                                let __fanin_config = #config_ref;
                                <#item as ::fanin::Params>::init_at(
                                    &__fanin_rng.child(#name), &__fanin_path.child(#name), __fanin_config,
                                )?
                            };
                        });
                        plan_steps.push(quote! {
                            {
                                let __fanin_config = #config_ref;
                                <#item as ::fanin::Params>::plan_at(&__fanin_path.child(#name), __fanin_config, __fanin_out)?;
                            }
                        });
                        walk_steps.push(quote_spanned! {item_span=>
                            <#item as ::fanin::Params>::walk_at(&self.#member, &__fanin_path.child(#name), __fanin_f);
                        });
                        load_fields.push(quote! {
                            let #member = {
                                let __fanin_config = #config_ref;
                                <#item as ::fanin::Params>::from_tensors_at(
                                    &__fanin_path.child(#name), __fanin_config, __fanin_source,
                                )?
                            };
                        });
                    }
                    Some(count) => {
                        let count_let =
                            quote_spanned!(count.span()=> let __fanin_count: usize = #count;);
                        init_fields.push(quote! {
                            let #member = {
                                let __fanin_config = #config_ref;
                                #count_let
                                #private::init_list::<#item>(
                                    __fanin_rng, __fanin_path, #name, __fanin_count, __fanin_config,
                                )?
                            };
                        });
                        plan_steps.push(quote! {
                            {
                                let __fanin_config = #config_ref;
                                #count_let
                                #private::plan_list::<#item>(
                                    __fanin_path, #name, __fanin_count, __fanin_config, __fanin_out,
                                )?;
                            }
                        });
                        walk_steps.push(quote! {
                            #private::walk_list(&self.#member, __fanin_path, #name, __fanin_f);
                        });
                        load_fields.push(quote! {
                            let #member = {
                                let __fanin_config = #config_ref;
                                #count_let
                                #private::load_list::<#item>(
                                    __fanin_source, __fanin_path, #name, __fanin_count, __fanin_config,
                                )?
                            };
                        });
                    }
                }
            }
            Role::Skip => {
                let default = quote_spanned!(field.ty.span()=> #private::Default::default());
                init_fields.push(quote!(let #member = #default;));
                load_fields.push(quote!(let #member = #default;));
            }
        }
    }

    quote! {
        #[automatically_derived]
        #[allow(unused_variables, unused_imports, unused_braces, non_snake_case, clippy::all, clippy::pedantic)]
        impl #impl_generics ::fanin::Params for #ident #ty_generics #where_clause {
            type Config = #config;

            fn init_at(
                __fanin_rng: &::fanin::LazyRng,
                __fanin_path: &::fanin::params::ModulePath,
                cfg: &Self::Config,
            ) -> ::fanin::Result<Self> {
                #(#init_fields)*
                #private::Ok(Self { #(#names),* })
            }

            fn plan_at(
                __fanin_path: &::fanin::params::ModulePath,
                cfg: &Self::Config,
                __fanin_out: &mut #private::Vec<::fanin::params::ParamPlan>,
            ) -> ::fanin::Result<()> {
                #(#plan_steps)*
                #private::Ok(())
            }

            fn walk_at<'__fanin>(
                &'__fanin self,
                __fanin_path: &::fanin::params::ModulePath,
                __fanin_f: &mut dyn FnMut(::fanin::params::ParamRef<'__fanin>),
            ) {
                #(#walk_steps)*
            }

            fn from_tensors_at(
                __fanin_path: &::fanin::params::ModulePath,
                cfg: &Self::Config,
                __fanin_source: &mut dyn ::fanin::params::TensorSource,
            ) -> ::fanin::Result<Self> {
                #(#load_fields)*
                #private::Ok(Self { #(#names),* })
            }
        }
    }
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
