//! The model of a struct that derives `Params`: its config type and, per field, its role
//! (a param array, a submodule, or skipped) with the attributes that describe it.
//! Building the model reports what cannot be a model (enums, unions, tuple structs); the
//! rules between attributes are checked in [`crate::check`].

use proc_macro2::{Span, TokenStream};
use quote::{quote, ToTokens};
use syn::{Data, DeriveInput, Expr, Fields, GenericArgument, Generics, Ident, PathArguments, Type};

use crate::attr::{self, ContainerAttrs, FieldAttrs};
use crate::ctxt::Ctxt;

/// A struct with named fields that derives `Params`.
pub struct Container<'a> {
    pub ident: &'a Ident,
    pub generics: &'a Generics,
    pub attrs: ContainerAttrs,
    pub fields: Vec<Field<'a>>,
}

/// One named field.
pub struct Field<'a> {
    pub ident: &'a Ident,
    pub ty: &'a Type,
    pub attrs: FieldAttrs,
    /// The field's type read as an ndarray array, if it is one.
    pub array: Option<ArrayType>,
}

/// An ndarray array type: `Array2<T>`, `Array<T, Ix2>`, `ArrayD<T>`, ...
pub struct ArrayType {
    /// The element type `T`.
    pub elem: Type,
    /// The rank, or `None` for a dynamic rank (`ArrayD`, `IxDyn`).
    pub rank: Option<usize>,
    /// The type as written, for messages: `Array1<f32>`.
    pub spelling: String,
}

impl ArrayType {
    /// The ndarray dimension type of this array.
    pub fn dim(&self) -> TokenStream {
        match self.rank {
            None => quote!(::fanin::ndarray::IxDyn),
            Some(rank) => {
                let ix = Ident::new(&format!("Ix{rank}"), Span::call_site());
                quote!(::fanin::ndarray::#ix)
            }
        }
    }
}

/// The role a field plays once checked.
pub enum Role<'f> {
    /// A param: an array with a shape and an initializer; `counter` is Flax's 1-based index
    /// of the param within the struct.
    Param {
        array: &'f ArrayType,
        shape: &'f [Expr],
        init: &'f Expr,
        counter: u64,
    },
    /// A submodule, or a list of them (`count` set).
    Module {
        config: Option<&'f Expr>,
        name: String,
        count: Option<&'f Expr>,
        /// The submodule type (the item type for a list).
        item: &'f Type,
    },
    /// `#[skip]`: `Default::default()`.
    Skip,
}

impl<'a> Container<'a> {
    /// Reads the struct; `None` (with an error in `cx`) if it cannot derive `Params`.
    pub fn from_ast(cx: &Ctxt, input: &'a DeriveInput) -> Option<Container<'a>> {
        let attrs = attr::container(cx, &input.attrs);
        let fields = match &input.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(named) => &named.named,
                Fields::Unnamed(_) => {
                    cx.error_spanned_by(
                        &input.ident,
                        "#[derive(Params)] needs a struct with named fields: a param's name is its field name (Flax's path); a tuple struct has none",
                    );
                    return None;
                }
                Fields::Unit => {
                    cx.error_spanned_by(
                        &input.ident,
                        "#[derive(Params)] needs a struct with named fields; a unit struct has no params (use `()` or add fields)",
                    );
                    return None;
                }
            },
            Data::Enum(data) => {
                cx.error_at(
                    data.enum_token.span,
                    "#[derive(Params)] is for structs with named fields, not enums: a model has one fixed set of params",
                );
                return None;
            }
            Data::Union(data) => {
                cx.error_at(
                    data.union_token.span,
                    "#[derive(Params)] is for structs with named fields, not unions",
                );
                return None;
            }
        };
        let fields = fields
            .iter()
            .filter_map(|field| {
                let ident = field.ident.as_ref()?;
                Some(Field {
                    ident,
                    ty: &field.ty,
                    attrs: attr::field(cx, &field.attrs),
                    array: array_type(&field.ty),
                })
            })
            .collect();
        Some(Container {
            ident: &input.ident,
            generics: &input.generics,
            attrs,
            fields,
        })
    }

    /// The config type: `#[params(config = T)]`, or `()`.
    pub fn config_type(&self) -> TokenStream {
        match &self.attrs.config {
            Some(ty) => ty.to_token_stream(),
            None => quote!(()),
        }
    }
}

/// Reads `Array1<T>`..`Array6<T>`, `Array0<T>`, `ArrayD<T>`, `Array<T, IxN>` and
/// `Array<T, IxDyn>`, with or without an `ndarray::` (or any other) path prefix.
pub fn array_type(ty: &Type) -> Option<ArrayType> {
    let Type::Path(path) = ty else { return None };
    if path.qself.is_some() {
        return None;
    }
    let last = path.path.segments.last()?;
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    let types: Vec<&Type> = args
        .args
        .iter()
        .filter_map(|a| match a {
            GenericArgument::Type(t) => Some(t),
            _ => None,
        })
        .collect();
    let name = last.ident.to_string();
    let rank = match (name.as_str(), types.as_slice()) {
        ("ArrayD", [_]) => None,
        ("Array", [_, dim]) => dim_rank(dim)?,
        (other, [_]) => {
            let digits = other.strip_prefix("Array")?;
            let rank: usize = digits.parse().ok()?;
            if rank > 6 || digits.len() != 1 {
                return None;
            }
            Some(rank)
        }
        _ => return None,
    };
    Some(ArrayType {
        elem: types[0].clone(),
        rank,
        spelling: spelling(ty),
    })
}

/// `IxN` -> `Some(Some(N))`, `IxDyn` -> `Some(None)`.
fn dim_rank(ty: &Type) -> Option<Option<usize>> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if !last.arguments.is_empty() {
        return None;
    }
    let name = last.ident.to_string();
    if name == "IxDyn" {
        return Some(None);
    }
    let digits = name.strip_prefix("Ix")?;
    let rank: usize = digits.parse().ok()?;
    (rank <= 6 && digits.len() == 1).then_some(Some(rank))
}

/// Tokens as a person writes them: `Array1<f32>`, `ndarray::Array<f32, Ix2>`.
pub fn spelling<T: ToTokens>(tokens: &T) -> String {
    let raw = tokens.to_token_stream().to_string();
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ' ' {
            let prev = out.chars().last();
            let next = chars.peek().copied();
            let tight = matches!(prev, Some('<' | ':' | '(' | '[' | '&' | '.' | '-' | '!'))
                || matches!(
                    next,
                    Some('<' | '>' | ':' | ',' | ')' | ']' | '(' | '.' | '!')
                );
            if !tight {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out
}
