//! Lowering a checked syntax tree into what the generators read: one [`Lowered`] field per
//! struct field, with its role resolved once (its Flax name, its Flax counter, the attribute
//! values that apply) and the identifier its value is bound to in the generated code.
//!
//! Lowering runs only when [`crate::check`] found no error, so it assumes the rules hold;
//! where one does not after all, it returns `None` (reported as an internal error) rather than
//! panic.

use proc_macro2::Span;
use syn::{Expr, Ident, Type};

use crate::ast::{vec_item, ArrayType, Container, Field, Kind};

/// The struct, lowered: its fields in declaration order.
pub struct Model<'a> {
    pub fields: Vec<Lowered<'a>>,
}

/// One field, lowered.
pub struct Lowered<'a> {
    /// The field as written (`r#type`), for `self.member` and `Self { member: ... }`.
    pub member: &'a Ident,
    /// The generated local that holds the field's value while `Self` is built. It has
    /// mixed-site hygiene, so no name of the user's (a field named `cfg`) can shadow it or be
    /// shadowed by it.
    pub binding: Ident,
    /// The field's type as written.
    pub ty: &'a Type,
    /// What the field is.
    pub role: Role<'a>,
}

/// What a lowered field is.
pub enum Role<'a> {
    Param(Param<'a>),
    Module(Module<'a>),
    List(List<'a>),
    /// `#[skip]`: `Default::default()`.
    Skip,
}

/// A param array, or a variable of another collection.
pub struct Param<'a> {
    /// Its name in Flax paths (the field name without `r#`).
    pub name: String,
    /// `#[variable("...")]`: the collection of a variable, which draws no key and takes no
    /// counter; `None` for a param, which takes the next of Flax's 1-based counters of its
    /// struct (counted at run time, since a `#[when]` param before it may be absent).
    pub collection: Option<String>,
    /// `#[when(...)]`: the field is an `Option`, `Some` when this is true.
    pub when: Option<&'a Expr>,
    pub array: &'a ArrayType,
    /// One `usize` expression per axis, or one `..axes` (see [`crate::attr::spread`]).
    pub shape: &'a [Expr],
    pub init: &'a Expr,
}

/// A submodule.
pub struct Module<'a> {
    /// Its name in Flax paths: `name = "..."` or the field name.
    pub name: String,
    /// `config = ...`; `None` for `()`.
    pub config: Option<&'a Expr>,
    /// The submodule's type (inside the `Option` of a `#[when]` field).
    pub ty: &'a Type,
    /// `#[when(...)]`: the field is an `Option`, `Some` when this is true.
    pub when: Option<&'a Expr>,
}

/// A list of submodules, `name_0`, `name_1`, ...
pub struct List<'a> {
    /// The field name without `r#`, for messages.
    pub field: String,
    /// The name its items' names start with.
    pub name: String,
    pub config: Option<&'a Expr>,
    pub count: &'a Expr,
    /// The item type `M` of `Vec<M>`.
    pub item: &'a Type,
    /// Siblings whose literal Flax name is `{name}_{index}`: `(index, sibling field)`. The
    /// generated code rejects them at run time when `index < count`.
    pub collisions: Vec<(usize, String)>,
}

/// Lowers a checked struct.
pub fn model<'a>(cont: &'a Container<'a>) -> Option<Model<'a>> {
    let mut fields = Vec::with_capacity(cont.fields.len());
    for (index, field) in cont.fields.iter().enumerate() {
        let role = match field.kind() {
            Kind::Skip => Role::Skip,
            Kind::Param => Role::Param(param(cont, field)?),
            Kind::Module(module) => match &module.count {
                None => Role::Module(Module {
                    name: field.flax_name(),
                    config: module.config.as_ref(),
                    ty: field.inner,
                    when: when(field),
                }),
                Some(count) => Role::List(List {
                    field: field.name.clone(),
                    name: field.flax_name(),
                    config: module.config.as_ref(),
                    count,
                    item: vec_item(field.ty)?,
                    // A literal count was checked at compile time.
                    collisions: match field.literal_count() {
                        Some(_) => Vec::new(),
                        None => cont
                            .item_collisions(field)
                            .into_iter()
                            .map(|(i, sibling)| (i, sibling.name.clone()))
                            .collect(),
                    },
                }),
            },
        };
        fields.push(Lowered {
            member: field.ident,
            binding: Ident::new(&format!("__fanin_field_{index}"), Span::mixed_site()),
            ty: field.ty,
            role,
        });
    }
    Some(Model { fields })
}

fn when<'a>(field: &'a Field<'a>) -> Option<&'a Expr> {
    field.attrs.whens.first().map(|w| &w.expr)
}

fn param<'a>(cont: &'a Container<'a>, field: &'a Field<'a>) -> Option<Param<'a>> {
    Some(Param {
        name: field.name.clone(),
        collection: field.attrs.variables.first().map(|v| v.collection.value()),
        when: when(field),
        array: field.array.as_ref()?,
        shape: &field.attrs.shapes.first()?.dims,
        init: cont.inits_of(field).first().copied()?,
    })
}
