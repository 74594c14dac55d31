//! Lowering a checked syntax tree into what the generators read: one [`Lowered`] field per
//! struct field, with its role resolved once (its Flax name, its Flax counter, the attribute
//! values that apply) and the identifier its value is bound to in the generated code.
//!
//! Lowering runs only when [`crate::check`] found no error, so it assumes the rules hold;
//! where one does not after all, it returns `None` (reported as an internal error) rather than
//! panic.

use proc_macro2::Span;
use syn::{Expr, Ident, Type};

use crate::ast::{class_name, stacked_item, vec_item, ArrayType, Container, Field, Kind};

/// The struct, lowered: its fields in declaration order.
pub struct Model<'a> {
    pub fields: Vec<Lowered<'a>>,
    /// `#[params(nnx)]`: params draw from the scope's NNX stream, paths as `nnx.state`'s.
    pub nnx: bool,
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

/// A submodule's name in Flax paths.
pub enum Name<'a> {
    /// Known to the macro: the field's name or `name = "..."`.
    Literal(String),
    /// `#[params(compact)]`: `{class}_{k}`, `k` the number of submodules of that class made
    /// before it in this struct, counted at run time (lists and `#[when]` fields may come
    /// before).
    Compact {
        class: String,
        before: Vec<Prior<'a>>,
    },
}

/// A field that came before a compact-named submodule and made submodules of its class.
pub enum Prior<'a> {
    /// One submodule.
    One,
    /// An optional submodule: one when `when` holds (`self.member.is_some()` in a walk).
    When(&'a Expr, &'a Ident),
    /// A list: `count` submodules (`self.member.len()` in a walk).
    Count(&'a Expr, &'a Ident),
}

/// How the items of a list are named.
pub enum ListNaming {
    /// `{name}_{i}`.
    Field,
    /// `{i}`.
    Index,
    /// `{name}/{i}`: an `nnx.List` of an NNX struct.
    Nnx,
}

/// The lifted transform of a stack.
#[derive(Clone, Copy)]
pub enum Lift {
    Scan,
    Vmap,
}

/// What a lowered field is.
pub enum Role<'a> {
    Param(Param<'a>),
    Module(Module<'a>),
    List(List<'a>),
    Stacked(Stacked<'a>),
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
    /// Its shape expressions.
    pub shape: Shape<'a>,
    pub init: &'a Expr,
}

/// A param's shape.
pub enum Shape<'a> {
    /// `#[shape(e0, e1, ...)]`: one `usize` expression per axis.
    Dims(&'a [Expr]),
    /// `#[shape(..e)]`: the whole shape from one expression, its rank known at run time.
    Spread(&'a Expr),
}

/// A submodule.
pub struct Module<'a> {
    /// Its name in Flax paths: `name = "..."`, the field name, or a compact name.
    pub name: Name<'a>,
    /// `jit`: `nn.jit(M)`, whose body folds keys anew and runs compiled.
    pub jit: bool,
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
    /// The name its items' names start with (a compact list: `{class}_{k}` counts on).
    pub name: Name<'a>,
    pub naming: ListNaming,
    pub config: Option<&'a Expr>,
    pub count: &'a Expr,
    /// The item type `M` of `Vec<M>`.
    pub item: &'a Type,
    /// Siblings whose literal Flax name is `{name}_{index}`: `(index, sibling field)`. The
    /// generated code rejects them at run time when `index < count`.
    pub collisions: Vec<(usize, String)>,
}

/// A stack of layers lifted by `nn.scan` or `nn.vmap`.
pub struct Stacked<'a> {
    pub name: Name<'a>,
    pub config: Option<&'a Expr>,
    /// The number of layers.
    pub len: &'a Expr,
    pub lift: Lift,
    /// The layer type `M` of `Stacked<M>`.
    pub item: &'a Type,
    pub when: Option<&'a Expr>,
}

/// Lowers a checked struct.
pub fn model<'a>(cont: &'a Container<'a>) -> Option<Model<'a>> {
    let mut fields = Vec::with_capacity(cont.fields.len());
    let compact = cont.attrs.compact.is_some();
    // Per class: the fields before this one that made submodules of it (compact names).
    let mut made: Vec<(String, Vec<Prior<'a>>)> = Vec::new();
    for (index, field) in cont.fields.iter().enumerate() {
        let name = match field.kind() {
            Kind::Module(_) if field.compact_named(compact) => {
                let class = compact_class(field)?;
                let before = made
                    .iter()
                    .find(|(c, _)| *c == class)
                    .map(|(_, priors)| priors.iter().map(Prior::copy).collect())
                    .unwrap_or_default();
                let prior = match field.kind() {
                    Kind::Module(m) if m.count.is_some() => {
                        Prior::Count(m.count.as_ref()?, field.ident)
                    }
                    _ => match when(field) {
                        Some(expr) => Prior::When(expr, field.ident),
                        None => Prior::One,
                    },
                };
                match made.iter_mut().find(|(c, _)| *c == class) {
                    Some((_, priors)) => priors.push(prior),
                    None => made.push((class.clone(), vec![prior])),
                }
                Name::Compact { class, before }
            }
            _ => Name::Literal(field.flax_name()),
        };
        let role = match field.kind() {
            Kind::Skip => Role::Skip,
            Kind::Param => Role::Param(param(cont, field)?),
            Kind::Module(module) if module.scan.is_some() || module.vmap.is_some() => {
                let (len, lift) = match (&module.scan, &module.vmap) {
                    (Some(n), _) => (n, Lift::Scan),
                    (None, Some(n)) => (n, Lift::Vmap),
                    (None, None) => return None,
                };
                Role::Stacked(Stacked {
                    name,
                    config: module.config.as_ref(),
                    len,
                    lift,
                    item: stacked_item(field.inner)?,
                    when: when(field),
                })
            }
            Kind::Module(module) => match &module.count {
                None => Role::Module(Module {
                    name,
                    jit: module.jit.is_some(),
                    config: module.config.as_ref(),
                    ty: field.inner,
                    when: when(field),
                }),
                Some(count) => Role::List(List {
                    field: field.name.clone(),
                    naming: match &module.names {
                        _ if cont.attrs.nnx.is_some() => ListNaming::Nnx,
                        Some(style) if style == "index" => ListNaming::Index,
                        _ => ListNaming::Field,
                    },
                    name,
                    config: module.config.as_ref(),
                    count,
                    item: vec_item(field.ty)?,
                    // A literal count was checked at compile time.
                    collisions: match field.literal_count() {
                        Some(_) => Vec::new(),
                        None if module.names.is_some() || field.compact_named(compact) => {
                            Vec::new()
                        }
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
    Some(Model {
        fields,
        nnx: cont.attrs.nnx.is_some(),
    })
}

impl Prior<'_> {
    fn copy(&self) -> Self {
        match self {
            Prior::One => Prior::One,
            Prior::When(e, i) => Prior::When(e, i),
            Prior::Count(e, i) => Prior::Count(e, i),
        }
    }
}

/// The class Flax names a compact submodule after: the module type's name, with the prefix
/// of the class a lifted transform makes (`ScanBlock`, `VmapCritic`, `CheckpointBlock`,
/// `JitBlock`).
fn compact_class(field: &Field<'_>) -> Option<String> {
    let Kind::Module(module) = field.kind() else {
        return None;
    };
    let (ty, prefix) = if module.scan.is_some() {
        (stacked_item(field.inner)?, "Scan")
    } else if module.vmap.is_some() {
        (stacked_item(field.inner)?, "Vmap")
    } else if module.count.is_some() {
        let prefix = if module.remat.is_some() {
            "Checkpoint"
        } else {
            ""
        };
        (vec_item(field.inner)?, prefix)
    } else if module.jit.is_some() {
        (field.inner, "Jit")
    } else if module.remat.is_some() {
        (field.inner, "Checkpoint")
    } else {
        (field.inner, "")
    };
    Some(format!("{prefix}{}", class_name(ty)?))
}

fn when<'a>(field: &'a Field<'a>) -> Option<&'a Expr> {
    field.attrs.whens.first().map(|w| &w.expr)
}

fn shape(attr: &crate::attr::ShapeAttr) -> Shape<'_> {
    match attr.spread() {
        Some(expr) => Shape::Spread(expr),
        None => Shape::Dims(&attr.dims),
    }
}

fn param<'a>(cont: &'a Container<'a>, field: &'a Field<'a>) -> Option<Param<'a>> {
    Some(Param {
        name: field.name.clone(),
        collection: field.attrs.variables.first().map(|v| v.collection.value()),
        when: when(field),
        array: field.array.as_ref()?,
        shape: shape(field.attrs.shapes.first()?),
        init: cont.inits_of(field).first().copied()?,
    })
}
