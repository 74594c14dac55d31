//! After errors: the errors, and an impl of `fanin::Params` for the type whose methods are
//! never run (as thiserror's `fallback`). Without it every use of the type (`M::init(..)`,
//! `M: Params` bounds) would add an error of its own to the real one.

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

use super::private;

/// `errors` as compile errors, then the fallback impl with `Config = config`.
pub fn with_errors(input: &DeriveInput, config: &TokenStream, errors: syn::Error) -> TokenStream {
    let private = private();
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let errors = errors.into_compile_error();
    quote! {
        #errors

        #[automatically_derived]
        #[allow(unused_variables, clippy::all, clippy::pedantic)]
        impl #impl_generics ::fanin::Params for #ident #ty_generics #where_clause {
            type Config = #config;

            fn init_at(
                _: &::fanin::params::Scope,
                _: &Self::Config,
            ) -> ::fanin::Result<Self> {
                ::core::unreachable!()
            }

            fn plan_at(
                _: &::fanin::params::Scope,
                _: &Self::Config,
                _: &mut #private::Vec<::fanin::params::ParamPlan>,
            ) -> ::fanin::Result<()> {
                ::core::unreachable!()
            }

            fn walk_at<'__fanin>(
                &'__fanin self,
                _: &::fanin::params::Scope,
                _: &mut dyn ::core::ops::FnMut(::fanin::params::ParamRef<'__fanin>),
            ) {
                ::core::unreachable!()
            }

            fn from_tensors_at(
                _: &::fanin::params::Scope,
                _: &Self::Config,
                _: &mut dyn ::fanin::params::TensorSource,
            ) -> ::fanin::Result<Self> {
                ::core::unreachable!()
            }
        }

        // Both flavors: whichever the struct meant, its uses add no error of their own.
        #[automatically_derived]
        impl #impl_generics #private::NnxModule for #ident #ty_generics #where_clause {}
        #[automatically_derived]
        impl #impl_generics #private::LinenModule for #ident #ty_generics #where_clause {}
    }
}
