//! Validation of the syntax tree: every rule the macro can decide from the tokens. Each broken
//! rule adds an error to the [`Ctxt`]; checking goes on, so that one compile reports all of
//! them. Nothing here builds what the generators read: that is [`crate::lower`], run only
//! when no error was found.
//!
//! The rank rules of initializers live in the runtime: each initializer of `fanin::init`
//! implements `SupportsRank<D>` for the dimensions it accepts, and the generated code requires
//! it through `fanin::__private_v1::RankCheck` (see [`crate::expand`]), which covers any
//! expression: an alias, a helper function, a config field. The by-name checks below repeat
//! those rules for fanin's own builders, written as calls, because they can say more and say
//! it earlier (the field, its type, the fix). A new initializer needs no change to the macro:
//! the by-type check covers it, and the names this crate knows are all in
//! [`crate::builtins`].

use std::collections::BTreeMap;

use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Expr, Ident, Type};

use crate::ast::{is_stacked, spelling, vec_item, ArrayType, Container, Field, Kind};
use crate::attr::{self, ModuleAttr};
use crate::builtins::{self, Family};
use crate::ctxt::Ctxt;
use crate::literal::{self, InitExpr};

/// Checks the whole struct.
pub fn container(cx: &Ctxt, cont: &Container<'_>) {
    check_init_keys(cx, cont);
    check_nnx_container(cx, cont);
    for field in &cont.fields {
        check_when(cx, field);
        check_variable(cx, cont, field);
        check_nnx_field(cx, cont, field);
        match field.kind() {
            Kind::Skip => check_skip(cx, cont, field),
            Kind::Module(_) => check_module(cx, cont, field),
            Kind::Param => check_param(cx, cont, field),
        }
    }
    check_names(cx, cont);
}

/// Flax paths must be unique: no two params or submodules of one struct with one name, and no
/// item of a list with a literal count at the name of a sibling. A sibling that only may
/// collide (the count is an expression) is checked at run time.
fn check_names(cx: &Ctxt, cont: &Container<'_>) {
    let mut names: BTreeMap<String, &Ident> = BTreeMap::new();
    for field in &cont.fields {
        if let Kind::Skip = field.kind() {
            continue;
        }
        if field.compact_named(cont.attrs.compact.is_some()) {
            continue; // `{class}_{k}`, unique among themselves by construction
        }
        let name = field.flax_name();
        if names.insert(name.clone(), field.ident).is_some() {
            cx.error_at(
                field.ident.span(),
                format!("two params or submodules of this struct are named `{name}`; Flax paths must be unique (set another `name = \"...\"`)"),
            );
        }
    }
    if cont.attrs.nnx.is_some() {
        // NNX names list items `name/index`: no sibling can sit there.
        return;
    }
    for list in &cont.fields {
        let Some(count) = list.literal_count() else {
            continue;
        };
        for (index, sibling) in cont.item_collisions(list) {
            if index < count {
                cx.error_at(
                    sibling.ident.span(),
                    format!(
                        "`{}` is also item {index} of the list `{}` ({count} items, named `{}_0`..): Flax paths must be unique; give one of them another `name = \"...\"`",
                        sibling.flax_name(),
                        list.ident,
                        list.flax_name(),
                    ),
                );
            }
        }
    }
}

/// `#[when(cond)]` goes with an `Option<..>` field, and an `Option<..>` field (not skipped)
/// needs its `#[when]`.
fn check_when(cx: &Ctxt, field: &Field<'_>) {
    let attrs = &field.attrs;
    let name = field.ident;
    let skipped = !attrs.skips.is_empty();
    let Some((when, extras)) = attrs.whens.split_first() else {
        if field.optional && !skipped {
            cx.error_spanned_by(
                field.ty,
                format!("`{name}` is an `Option`: say when it exists with #[when(condition)], e.g. #[when(cfg.use_bias)] (Flax's `if self.use_bias: self.param(...)`); a field that is always there is not an `Option`"),
            );
        }
        return;
    };
    for extra in extras {
        cx.error_spanned_by(
            &extra.tokens,
            format!("two #[when] attributes on `{name}`; join the conditions with `&&` in one"),
        );
    }
    if skipped {
        cx.error_spanned_by(
            &when.tokens,
            format!("`{name}` is #[skip]: it takes no #[when]"),
        );
    } else if !field.optional {
        cx.error_spanned_by(
            &when.tokens,
            format!(
                "#[when] makes `{name}` optional: its type must be `Option<{}>`, which is `None` when the condition is false",
                spelling(field.ty)
            ),
        );
    } else if let Kind::Module(module) = field.kind()
        && let Some(count) = &module.count
    {
        cx.error_spanned_by(
            count,
            format!("#[when] does not apply to a list of submodules: make `{name}` a `Vec<M>` and give `count = if condition {{ n }} else {{ 0 }}`"),
        );
    }
}

/// `#[variable("collection")]` goes on a param array, once, with a collection other than
/// `params`, except in an NNX struct, where `#[variable("params")]` is a param made without a
/// key (`nnx.Param(jnp.asarray(c))`, as `nnx.PReLU` makes its slope).
fn check_variable(cx: &Ctxt, cont: &Container<'_>, field: &Field<'_>) {
    let attrs = &field.attrs;
    let name = field.ident;
    let Some((variable, extras)) = attrs.variables.split_first() else {
        return;
    };
    for extra in extras {
        cx.error_spanned_by(
            &extra.tokens,
            format!("two #[variable] attributes on `{name}`; keep one"),
        );
    }
    let collection = variable.collection.value();
    match field.kind() {
        Kind::Skip => cx.error_spanned_by(
            &variable.tokens,
            format!("`{name}` is #[skip]: it takes no #[variable]"),
        ),
        Kind::Module(_) => cx.error_spanned_by(
            &variable.tokens,
            format!("#[variable] is for an array field; `{name}` is a #[module], whose variables are declared in its own #[derive(Params)] struct"),
        ),
        Kind::Param if collection == "params" && cont.attrs.nnx.is_none() => cx.error_spanned_by(
            &variable.collection,
            format!("`params` is the collection of params: `{name}` is a param without any #[variable]; drop the attribute (in a #[params(nnx)] struct, #[variable(\"params\")] is a param that draws no key)"),
        ),
        Kind::Param if collection.is_empty() => cx.error_spanned_by(
            &variable.collection,
            "the name of a collection cannot be empty; e.g. #[variable(\"batch_stats\")]",
        ),
        Kind::Param => {}
    }
}

/// linen's spellings that an NNX struct has no use for: NNX paths are attribute names.
fn check_nnx_field(cx: &Ctxt, cont: &Container<'_>, field: &Field<'_>) {
    if cont.attrs.nnx.is_none() {
        return;
    }
    let field_name = field.ident;
    for module in &field.attrs.modules {
        if let Some(name) = &module.name {
            cx.error_spanned_by(
                name,
                format!("a #[params(nnx)] struct names its submodules by their fields, as `nnx.state` does: drop `name = ...` from `{field_name}` (it is linen's)"),
            );
        }
        if let Some(names) = &module.names {
            cx.error_spanned_by(
                names,
                format!("a #[params(nnx)] struct names list items `{field_name}/0`, `{field_name}/1`, as an `nnx.List` is named: drop `names = ...` (it is linen's)"),
            );
        }
        if let Some(scan) = &module.scan {
            cx.error_spanned_by(
                scan,
                format!("`scan` is linen's `nn.scan` over params; a #[params(nnx)] struct stacks layers with `vmap = n` (`nnx.split_rngs(splits=n)` + `nnx.vmap` construction): use it on `{field_name}`"),
            );
        }
        for (ident, what) in [(&module.jit, "nn.jit"), (&module.remat, "nn.remat")] {
            if let Some(ident) = ident {
                cx.error_spanned_by(
                    ident,
                    format!("`{ident}` is linen's `{what}`, which changes a linen module's keys; a #[params(nnx)] struct's keys do not depend on it: drop it from `{field_name}`"),
                );
            }
        }
    }
}

/// `#[params(nnx)]` with `compact`: NNX modules have no compact names.
fn check_nnx_container(cx: &Ctxt, cont: &Container<'_>) {
    if let (Some(_), Some(compact)) = (cont.attrs.nnx, cont.attrs.compact) {
        cx.error_at(
            compact,
            "`compact` names submodules as linen's `nn.compact` does (`Dense_0`); a #[params(nnx)] struct names them by their fields: drop `compact`",
        );
    }
}

fn check_skip(cx: &Ctxt, cont: &Container<'_>, field: &Field<'_>) {
    let attrs = &field.attrs;
    let name = field.ident;
    if attrs.skips.len() > 1 {
        cx.error_at(attrs.skips[1], "duplicate #[skip]");
    }
    if !attrs.modules.is_empty() || !attrs.shapes.is_empty() || !cont.inits_of(field).is_empty() {
        cx.error_spanned_by(
            name,
            format!("`{name}` is #[skip]: it takes no #[init], #[shape] or #[module]"),
        );
    }
}

fn check_module(cx: &Ctxt, cont: &Container<'_>, field: &Field<'_>) {
    let attrs = &field.attrs;
    let name = field.ident;
    let Some((module, extras)) = attrs.modules.split_first() else {
        return;
    };
    for extra in extras {
        cx.error_spanned_by(
            &extra.tokens,
            "duplicate #[module] attribute; put every key in one #[module(...)]",
        );
    }
    if !attrs.shapes.is_empty() || !cont.inits_of(field).is_empty() {
        cx.error_spanned_by(
            name,
            format!("`{name}` is a #[module]: its params take their shapes and initializers from its own #[derive(Params)]; remove #[shape]/#[init] here"),
        );
    }
    check_lift(cx, field, module);
    if module.scan.is_some() || module.vmap.is_some() {
        return;
    }
    match (&module.count, vec_item(field.inner)) {
        (Some(count), None) => cx.error_spanned_by(
            count,
            format!(
                "`count` makes a list of submodules: `{name}` must be a `Vec<M>`, not `{}`",
                spelling(field.inner)
            ),
        ),
        (None, Some(_)) => cx.error_spanned_by(
            field.inner,
            format!("`{name}` is a list of submodules: give their number, e.g. #[module(config = ..., count = cfg.layers)]"),
        ),
        _ => {}
    }
}

/// `scan`/`vmap` go with a `Stacked<M>` field and each other's absence; `jit` and `remat`
/// with one submodule; `names` with a list.
fn check_lift(cx: &Ctxt, field: &Field<'_>, module: &ModuleAttr) {
    let name = field.ident;
    let stacked = is_stacked(field.inner);
    let lift = module.scan.as_ref().or(module.vmap.as_ref());
    if let (Some(_), Some(vmap)) = (&module.scan, &module.vmap) {
        cx.error_spanned_by(
            vmap,
            format!("`{name}` has both `scan` and `vmap`: a stack is made by one of them (nn.scan or nn.vmap)"),
        );
    }
    match (lift, stacked) {
        (Some(n), false) => cx.error_spanned_by(
            n,
            format!(
                "`scan`/`vmap` stack the params of `{name}` on a new leading axis: its type must be `fanin::Stacked<M>`, not `{}`",
                spelling(field.inner)
            ),
        ),
        (None, true) => cx.error_spanned_by(
            field.inner,
            format!("`{name}` is a `Stacked<..>`: say how it is stacked, #[module(scan = n)] (nn.scan) or #[module(vmap = n)] (nn.vmap)"),
        ),
        _ => {}
    }
    if let (Some(count), Some(_)) = (&module.count, lift) {
        cx.error_spanned_by(
            count,
            format!("`count` makes a list and `scan`/`vmap` a stack: `{name}` is one or the other"),
        );
    }
    if let Some(jit) = &module.jit
        && (module.count.is_some() || lift.is_some() || module.remat.is_some())
    {
        cx.error_spanned_by(
            jit,
            format!("`jit` applies to one submodule (nn.jit(M)); `{name}` also has `count`, `scan`, `vmap` or `remat`"),
        );
    }
    if let (Some(remat), Some(_)) = (&module.remat, lift) {
        cx.error_spanned_by(
            remat,
            format!(
                "`remat` together with `scan`/`vmap` on `{name}` is not supported; use one of them"
            ),
        );
    }
    if let (Some(names), None) = (&module.names, &module.count) {
        cx.error_spanned_by(
            names,
            format!("`names` says how the items of a list are named; `{name}` has no `count`"),
        );
    }
}

fn check_param(cx: &Ctxt, cont: &Container<'_>, field: &Field<'_>) {
    let attrs = &field.attrs;
    let name = field.ident;
    let Some(array) = &field.array else {
        cx.error_spanned_by(
            field.ty,
            format!(
                "`{name}` has type `{}`, which is neither an ndarray array nor a submodule. A param is `Array1<T>`..`Array6<T>`, `Array<T, IxN>` or `ArrayD<T>` with `T` one of f32, f64, bf16, f16 (write the array type itself, not an alias); mark a submodule with #[module(config = ...)] and any other field with #[skip]",
                spelling(field.ty)
            ),
        );
        return;
    };
    if let Some(elem) = plain_ident(&array.elem)
        && builtins::NOT_DTYPES.contains(&elem.as_str())
    {
        cx.error_spanned_by(
            &array.elem,
            format!("`{name}` has element type `{elem}`, which is not a fanin::Dtype: params are f32, f64, half::bf16 or half::f16"),
        );
    }
    match attrs.shapes.split_first() {
        None => cx.error_spanned_by(
            name,
            format!(
                "param `{name}` (`{}`) has no #[shape(...)]: give one usize expression per axis, e.g. #[shape({})]",
                array.spelling,
                example_shape(array.rank)
            ),
        ),
        Some((shape, rest)) => {
            for extra in rest {
                cx.error_spanned_by(
                    &extra.tokens,
                    format!("two #[shape] attributes on `{name}`; keep one"),
                );
            }
            let spreads = shape.dims.iter().filter(|d| attr::spread_item(d).is_some());
            if shape.dims.len() > 1 && spreads.count() > 0 {
                cx.error_spanned_by(
                    &shape.tokens,
                    format!("a run-time shape `..expr` must be the only item of #[shape] on `{name}`: #[shape(..cfg.kernel_shape())]"),
                );
            } else if let (Some(rank), Some(_)) = (array.rank, shape.spread()) {
                cx.error_spanned_by(
                    &shape.tokens,
                    format!(
                        "#[shape(..expr)] is a run-time shape, for `ArrayD` fields; `{name}` is `{}` (rank {rank}): give {rank} usize {} or make it `ArrayD`",
                        array.spelling,
                        if rank == 1 { "expression" } else { "expressions" },
                    ),
                );
            } else if let Some(rank) = array.rank
                && shape.dims.len() != rank
            {
                cx.error_spanned_by(
                    &shape.tokens,
                    format!(
                        "#[shape] gives {} {} but `{name}` is `{}` (rank {rank}); give exactly {rank}",
                        shape.dims.len(),
                        if shape.dims.len() == 1 { "axis" } else { "axes" },
                        array.spelling
                    ),
                );
            }
        }
    }
    match cont.inits_of(field).split_first() {
        None => cx.error_spanned_by(
            name,
            format!("param `{name}` has no initializer: add #[init(...)] on the field, e.g. #[init(lecun_normal())], or `{name} = ...` to the struct's #[init(...)]"),
        ),
        Some((init, rest)) => {
            for extra in rest {
                cx.error_spanned_by(
                    extra,
                    format!("two initializers for `{name}`: it has #[init] on the field or in the struct's #[init(...)] more than once; keep one"),
                );
            }
            check_initializer(cx, name, array, init);
        }
    }
}

/// The by-name checks of one initializer expression on a field of known rank.
fn check_initializer(cx: &Ctxt, field: &Ident, array: &ArrayType, init: &Expr) {
    let rank = array.rank;
    let ty = &array.spelling;
    match literal::classify(init) {
        InitExpr::Uncalled { name } => cx.error_spanned_by(
            init,
            format!("`{name}` is the function that builds the initializer, not an initializer: call it, `{name}()` (for `{field}`)"),
        ),
        InitExpr::Closure => cx.error_spanned_by(
            init,
            format!("a closure is not an initializer (for `{field}`): JAX's `kernel_init=` takes any callable, fanin takes a value whose type implements `fanin::init::Initializer`; use a builder such as normal(), or implement `Initializer` for a type of your own"),
        ),
        InitExpr::Literal => {
            let written = spelling(init);
            let value = if written.chars().all(|c| c.is_ascii_digit() || c == '-') {
                format!("{written}.0")
            } else {
                written.clone()
            };
            cx.error_spanned_by(
                init,
                format!("`{written}` is not an initializer (for `{field}`): for a constant write `constant({value})`, or `zeros` / `ones`"),
            )
        }
        InitExpr::ArrayConstructor { written } => cx.error_spanned_by(
            init,
            format!("`{written}` makes an array, not an initializer (JAX's `kernel_init=jnp.zeros` pitfall), for `{field}`: use fanin's `zeros`, which is an initializer as `jax.nn.initializers.zeros` is, or `zeros_init()`"),
        ),
        InitExpr::Other => {}
        InitExpr::Builder { family, root, methods } => {
            let written = spelling(root);
            let Some(rank) = rank else { return };
            if family == Family::Variance
                && rank <= 1
                && !methods.iter().any(|m| m.method == builtins::IN_AXIS)
            {
                cx.error_spanned_by(
                    init,
                    format!("`{written}` needs a parameter of rank >= 2 to compute fan-in and fan-out; `{field}` is `{ty}` (rank {rank}). Use zeros_init() or normal(), or give an explicit in_axis."),
                );
            }
            if family == Family::Orthogonal && rank < 2 {
                cx.error_spanned_by(
                    init,
                    format!("`{written}` needs a parameter of rank >= 2 (it makes orthogonal columns); `{field}` is `{ty}` (rank {rank}). Use normal() or zeros_init() for rank {rank}."),
                );
            }
            if family == Family::DeltaOrthogonal && !(3..=5).contains(&rank) {
                cx.error_spanned_by(
                    init,
                    format!("`{written}` needs a parameter of rank 3, 4 or 5 (a 1-, 2- or 3-D convolution kernel); `{field}` is `{ty}` (rank {rank}). Use orthogonal() for a matrix, normal() otherwise."),
                );
            }
            let axis_methods = family.axis_methods();
            for method in methods {
                let method_name = method.method.to_string();
                if !axis_methods.contains(&method_name.as_str()) {
                    continue;
                }
                let Some(arg) = method.args.first() else { continue };
                let Some(axes) = literal::literal_axes(arg) else { continue };
                let rank_i = rank as i64;
                for axis in axes {
                    if axis < -rank_i || axis >= rank_i {
                        let range = if rank == 0 {
                            "a rank-0 param has no axis".to_string()
                        } else {
                            format!("axes run from {} to {}", -rank_i, rank_i - 1)
                        };
                        cx.error_at(
                            arg.span(),
                            format!("`{method_name}({axis})` is out of range for `{field}`, `{ty}` (rank {rank}): {range}"),
                        );
                    }
                }
            }
        }
    }
}

/// Struct-level `#[init(key = ...)]` keys must name a param field.
fn check_init_keys(cx: &Ctxt, cont: &Container<'_>) {
    let fields: Vec<String> = cont.fields.iter().map(|f| f.name.clone()).collect();
    for entry in &cont.attrs.inits {
        let key = entry.field.unraw().to_string();
        match cont.fields.iter().find(|f| f.name == key) {
            None => {
                let hint = closest(&key, &fields)
                    .map(|best| format!("; did you mean `{best}`?"))
                    .unwrap_or_default();
                cx.error_spanned_by(
                    &entry.field,
                    format!(
                        "#[init] names `{key}`, which is not a field of `{}`{hint}",
                        cont.ident
                    ),
                );
            }
            Some(field) if !field.attrs.modules.is_empty() || !field.attrs.skips.is_empty() => {
                // Reported by the field itself.
            }
            Some(_) => {}
        }
    }
}

/// The candidate nearest to `word` by edit distance, if it is near enough to be a typo.
pub fn closest<'c>(word: &str, candidates: &'c [String]) -> Option<&'c str> {
    candidates
        .iter()
        .map(|c| (levenshtein(word, c), c))
        .filter(|(d, c)| *d <= (word.len().max(c.len()) / 2).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.as_str())
}

/// Edit distance between two strings (insertions, deletions, substitutions).
pub fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for j in 0..b.len() {
            let cost = usize::from(ca != b[j]);
            let next = (row[j] + 1).min(row[j + 1] + 1).min(prev + cost);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

fn plain_ident(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(path) if path.qself.is_none() && path.path.segments.len() == 1 => {
            Some(path.path.segments[0].ident.to_string())
        }
        _ => None,
    }
}

fn example_shape(rank: Option<usize>) -> String {
    let examples = [
        "cfg.in_features",
        "cfg.features",
        "cfg.c",
        "cfg.d",
        "cfg.e",
        "cfg.f",
    ];
    match rank {
        Some(0) => String::new(),
        Some(1) => "cfg.features".to_string(),
        Some(rank) => examples[..rank.min(6)].join(", "),
        None => "cfg.in_features, cfg.features".to_string(),
    }
}
