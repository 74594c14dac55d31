//! The syntax tree of a struct that derives `Params`: its config type and, per field, its
//! kind (a param array, a submodule, or skipped) with the attributes that describe it.
//! Building it reports what cannot derive `Params` (enums, unions, tuple structs); the rules
//! between attributes are checked in [`crate::check`], and [`crate::lower`] turns a checked
//! tree into what the generators read.

use proc_macro2::{Span, TokenStream};
use quote::{quote, ToTokens};
use syn::ext::IdentExt;
use syn::{Data, DeriveInput, Expr, Fields, GenericArgument, Ident, LitInt, PathArguments, Type};

use crate::attr::{self, ContainerAttrs, FieldAttrs, ModuleAttr};
use crate::ctxt::Ctxt;

/// A struct with named fields that derives `Params`.
pub struct Container<'a> {
    pub ident: &'a Ident,
    pub attrs: ContainerAttrs,
    pub fields: Vec<Field<'a>>,
}

/// One named field.
pub struct Field<'a> {
    pub ident: &'a Ident,
    /// The field's name without `r#`: its name in Flax paths, tensor names and key hashes.
    pub name: String,
    pub ty: &'a Type,
    /// `T` for a field of type `Option<T>` (a `#[when]` field), else the type itself.
    pub inner: &'a Type,
    /// Whether the type is `Option<T>`.
    pub optional: bool,
    pub attrs: FieldAttrs,
    /// The field's type (inside its `Option`) read as an ndarray array, if it is one.
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

/// What a field is, by its attributes alone: `#[skip]` wins over `#[module]`, which wins over
/// a param (the attributes that conflict are reported by [`crate::check`]).
pub enum Kind<'f> {
    /// `#[skip]`.
    Skip,
    /// `#[module(...)]`, the first one if there are several.
    Module(&'f ModuleAttr),
    /// Anything else: a param.
    Param,
}

impl<'a> Container<'a> {
    /// Reads the struct, whose own attributes `attrs` are already parsed; `None` (with an
    /// error in `cx`) if it cannot derive `Params`.
    pub fn from_ast(
        cx: &Ctxt,
        input: &'a DeriveInput,
        attrs: ContainerAttrs,
    ) -> Option<Container<'a>> {
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
                let inner = option_inner(&field.ty);
                Some(Field {
                    ident,
                    name: ident.unraw().to_string(),
                    ty: &field.ty,
                    inner: inner.unwrap_or(&field.ty),
                    optional: inner.is_some(),
                    attrs: attr::field(cx, &field.attrs),
                    array: array_type(inner.unwrap_or(&field.ty)),
                })
            })
            .collect();
        Some(Container {
            ident: &input.ident,
            attrs,
            fields,
        })
    }

    /// The initializers given for `field`: its own `#[init(...)]`s, then the struct's
    /// `#[init(field = ...)]` entries that name it.
    pub fn inits_of<'s>(&'s self, field: &'s Field<'_>) -> Vec<&'s Expr> {
        field
            .attrs
            .inits
            .iter()
            .map(|init| &init.expr)
            .chain(
                self.attrs
                    .inits
                    .iter()
                    .filter(|entry| entry.field.unraw() == field.name)
                    .map(|entry| &entry.expr),
            )
            .collect()
    }

    /// The siblings of the list `list` (a `#[module(count = ...)]` field) whose Flax name is
    /// one of the list's item names, `{name}_{index}`, with that index. Lists do not count:
    /// their own items never meet this list's.
    pub fn item_collisions(&self, list: &Field<'_>) -> Vec<(usize, &Field<'a>)> {
        let Kind::Module(module) = list.kind() else {
            return Vec::new();
        };
        let by_index = module.names.as_ref().is_some_and(|style| style == "index");
        if module.count.is_none() || by_index || list.compact_named(self.attrs.compact.is_some()) {
            return Vec::new();
        }
        let prefix = format!("{}_", list.flax_name());
        self.fields
            .iter()
            .filter(|other| match other.kind() {
                Kind::Param => true,
                Kind::Module(attr) => attr.count.is_none(),
                Kind::Skip => false,
            })
            .filter_map(|other| {
                let index = item_index(other.flax_name().strip_prefix(&prefix)?)?;
                Some((index, other))
            })
            .collect()
    }
}

impl Field<'_> {
    /// What the field is, by its attributes.
    pub fn kind(&self) -> Kind<'_> {
        if !self.attrs.skips.is_empty() {
            Kind::Skip
        } else if let Some(module) = self.attrs.modules.first() {
            Kind::Module(module)
        } else {
            Kind::Param
        }
    }

    /// The name of the field in Flax paths: `name = "..."` for a submodule, else the field's
    /// name (without `r#`). A list's items are named `{flax_name}_{index}`.
    pub fn flax_name(&self) -> String {
        match self.kind() {
            Kind::Module(ModuleAttr {
                name: Some(name), ..
            }) => name.value(),
            _ => self.name.clone(),
        }
    }

    /// Whether `#[params(compact)]` names this field at run time (`Dense_0`): a submodule,
    /// list or stack without `name = ...`.
    pub fn compact_named(&self, compact: bool) -> bool {
        compact
            && matches!(self.kind(), Kind::Module(module) if module.name.is_none() && module.names.is_none())
    }

    /// The number of items of a list written as a literal integer (`count = 3`), if it is.
    pub fn literal_count(&self) -> Option<usize> {
        let Kind::Module(module) = self.kind() else {
            return None;
        };
        match strip(module.count.as_ref()?) {
            Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Int(int),
                ..
            }) => parse_usize(int),
            _ => None,
        }
    }
}

fn parse_usize(int: &LitInt) -> Option<usize> {
    int.base10_parse().ok()
}

/// `"12"` -> `Some(12)`, as `format!("{name}_{i}")` writes an index: digits only, no leading
/// zero, within `usize`.
fn item_index(digits: &str) -> Option<usize> {
    let canonical = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    if canonical {
        digits.parse().ok()
    } else {
        None
    }
}

/// Removes parentheses and invisible groups.
pub fn strip(mut expr: &Expr) -> &Expr {
    loop {
        match expr {
            Expr::Paren(p) => expr = &p.expr,
            Expr::Group(g) => expr = &g.expr,
            _ => return expr,
        }
    }
}

/// `Vec<M>` -> `M`.
pub fn vec_item(ty: &Type) -> Option<&Type> {
    generic_item(ty, "Vec")
}

/// `Stacked<M>` (any path prefix) -> `M`.
pub fn stacked_item(ty: &Type) -> Option<&Type> {
    generic_item(ty, "Stacked")
}

/// Whether the type is written `Stacked<..>` (any path prefix, any arguments).
pub fn is_stacked(ty: &Type) -> bool {
    match ty {
        Type::Path(path) => path
            .path
            .segments
            .last()
            .is_some_and(|last| last.ident == "Stacked"),
        _ => false,
    }
}

/// The class name of a module type, as Flax names its instances: the last path segment
/// (`Dense` of `layers::Dense<f32>`).
pub fn class_name(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(path) if path.qself.is_none() => {
            Some(path.path.segments.last()?.ident.unraw().to_string())
        }
        Type::Group(group) => class_name(&group.elem),
        Type::Paren(paren) => class_name(&paren.elem),
        _ => None,
    }
}

/// `Option<T>` -> `T`.
pub fn option_inner(ty: &Type) -> Option<&Type> {
    generic_item(ty, "Option")
}

/// `Name<T>` (any path prefix) -> `T`.
fn generic_item<'t>(ty: &'t Type, name: &str) -> Option<&'t Type> {
    let Type::Path(path) = ty else { return None };
    if path.qself.is_some() {
        return None;
    }
    let last = path.path.segments.last()?;
    if last.ident != name {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        GenericArgument::Type(item) if args.args.len() == 1 => Some(item),
        _ => None,
    }
}

/// The config type: `#[params(config = T)]`, or `()`.
pub fn config_type(attrs: &ContainerAttrs) -> TokenStream {
    match &attrs.config {
        Some(ty) => ty.to_token_stream(),
        None => quote!(()),
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
