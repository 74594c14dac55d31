//! Validation of the model: every rule of "Compile-time checks" that the macro can decide from
//! the tokens. Each broken rule adds an error to the [`Ctxt`]; checking goes on, so that one
//! compile reports all of them. The rules that need types (an initializer reached through an
//! alias, a helper function or a config field) are enforced by trait bounds in the generated
//! code instead; see [`crate::expand`].

use std::collections::BTreeMap;

use syn::spanned::Spanned;
use syn::{Expr, GenericArgument, PathArguments, Type};

use crate::ast::{spelling, ArrayType, Container, Field, Role};
use crate::ctxt::Ctxt;
use crate::literal::{self, Shape, VARIANCE};

/// Element types that are certainly not a `fanin::Dtype` (the others are checked by type).
const NOT_DTYPES: &[&str] = &[
    "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize", "bool",
    "char", "str", "String",
];

/// Checks the container and returns the role of each field, in declaration order. The roles
/// are meaningful only if `cx` holds no error afterwards.
pub fn roles<'f>(cx: &Ctxt, cont: &'f Container<'_>) -> Vec<Role<'f>> {
    check_init_keys(cx, cont);
    let mut counter = 0u64;
    let mut names: BTreeMap<String, ()> = BTreeMap::new();
    let mut roles = Vec::with_capacity(cont.fields.len());
    for field in &cont.fields {
        let role = field_role(cx, cont, field, &mut counter);
        let name = match &role {
            Role::Param { .. } => Some((field.ident.to_string(), field.ident.span())),
            Role::Module { name, .. } => Some((name.clone(), field.ident.span())),
            Role::Skip => None,
        };
        if let Some((name, span)) = name {
            if names.insert(name.clone(), ()).is_some() {
                cx.error_at(
                    span,
                    format!("two params or submodules of this struct are named `{name}`; Flax paths must be unique (set another `name = \"...\"`)"),
                );
            }
        }
        roles.push(role);
    }
    roles
}

fn field_role<'f>(
    cx: &Ctxt,
    cont: &'f Container<'_>,
    field: &'f Field<'_>,
    counter: &mut u64,
) -> Role<'f> {
    let attrs = &field.attrs;
    let name = field.ident;
    let struct_inits: Vec<&Expr> = cont
        .attrs
        .inits
        .iter()
        .filter(|entry| entry.field == *name)
        .map(|entry| &entry.expr)
        .collect();
    let inits: Vec<&Expr> = attrs
        .inits
        .iter()
        .map(|init| &init.expr)
        .chain(struct_inits.iter().copied())
        .collect();

    if !attrs.skips.is_empty() {
        if attrs.skips.len() > 1 {
            cx.error_at(attrs.skips[1], "duplicate #[skip]");
        }
        if !attrs.modules.is_empty() || !attrs.shapes.is_empty() || !inits.is_empty() {
            cx.error_spanned_by(
                name,
                format!("`{name}` is #[skip]: it takes no #[init], #[shape] or #[module]"),
            );
        }
        return Role::Skip;
    }

    if let Some(module) = attrs.modules.first() {
        for extra in &attrs.modules[1..] {
            cx.error_spanned_by(
                &extra.tokens,
                "duplicate #[module] attribute; put every key in one #[module(...)]",
            );
        }
        if !attrs.shapes.is_empty() || !inits.is_empty() {
            cx.error_spanned_by(
                name,
                format!("`{name}` is a #[module]: its params take their shapes and initializers from its own #[derive(Params)]; remove #[shape]/#[init] here"),
            );
        }
        let vec_item = vec_item(field.ty);
        let item = match (&module.count, vec_item) {
            (Some(_), Some(item)) => item,
            (Some(count), None) => {
                cx.error_spanned_by(
                    count,
                    format!(
                        "`count` makes a list of submodules: `{name}` must be a `Vec<M>`, not `{}`",
                        spelling(field.ty)
                    ),
                );
                field.ty
            }
            (None, Some(_)) => {
                cx.error_spanned_by(
                    field.ty,
                    format!("`{name}` is a list of submodules: give their number, e.g. #[module(config = ..., count = cfg.layers)]"),
                );
                field.ty
            }
            (None, None) => field.ty,
        };
        return Role::Module {
            config: module.config.as_ref(),
            name: module
                .name
                .as_ref()
                .map(|n| n.value())
                .unwrap_or_else(|| name.to_string()),
            count: module.count.as_ref(),
            item,
        };
    }

    // A param.
    *counter += 1;
    let Some(array) = &field.array else {
        cx.error_spanned_by(
            field.ty,
            format!(
                "`{name}` has type `{}`, which is neither an ndarray array nor a submodule. A param is `Array1<T>`..`Array6<T>`, `Array<T, IxN>` or `ArrayD<T>` with `T` one of f32, f64, bf16, f16 (write the array type itself, not an alias); mark a submodule with #[module(config = ...)] and any other field with #[skip]",
                spelling(field.ty)
            ),
        );
        return Role::Skip;
    };
    if let Some(elem) = plain_ident(&array.elem) {
        if NOT_DTYPES.contains(&elem.as_str()) {
            cx.error_spanned_by(
                &array.elem,
                format!("`{name}` has element type `{elem}`, which is not a fanin::Dtype: params are f32, f64, half::bf16 or half::f16"),
            );
        }
    }
    let shape = match attrs.shapes.as_slice() {
        [] => {
            cx.error_spanned_by(
                name,
                format!(
                    "param `{name}` (`{}`) has no #[shape(...)]: give one usize expression per axis, e.g. #[shape({})]",
                    array.spelling,
                    example_shape(array.rank)
                ),
            );
            None
        }
        [shape, rest @ ..] => {
            for extra in rest {
                cx.error_spanned_by(
                    &extra.tokens,
                    format!("two #[shape] attributes on `{name}`; keep one"),
                );
            }
            if let Some(rank) = array.rank {
                if shape.dims.len() != rank {
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
            Some(&shape.dims[..])
        }
    };
    let init = match inits.as_slice() {
        [] => {
            cx.error_spanned_by(
                name,
                format!("param `{name}` has no initializer: add #[init(...)] on the field, e.g. #[init(lecun_normal())], or `{name} = ...` to the struct's #[init(...)]"),
            );
            None
        }
        [init, rest @ ..] => {
            for extra in rest {
                cx.error_spanned_by(
                    extra,
                    format!("two initializers for `{name}`: it has #[init] on the field or in the struct's #[init(...)] more than once; keep one"),
                );
            }
            check_initializer(cx, name, array, init);
            Some(*init)
        }
    };
    match (shape, init) {
        (Some(shape), Some(init)) => Role::Param {
            array,
            shape,
            init,
            counter: *counter,
        },
        _ => Role::Skip,
    }
}

/// The by-name checks of one initializer expression on a field of known rank.
fn check_initializer(cx: &Ctxt, field: &syn::Ident, array: &ArrayType, init: &Expr) {
    let rank = array.rank;
    let ty = &array.spelling;
    match literal::classify(init) {
        Shape::Uncalled { name } => cx.error_spanned_by(
            init,
            format!("`{name}` is the function that builds the initializer, not an initializer: call it, `{name}()` (for `{field}`)"),
        ),
        Shape::Closure => cx.error_spanned_by(
            init,
            format!("a closure is not an initializer (for `{field}`): JAX's `kernel_init=` takes any callable, fanin takes a value whose type implements `fanin::init::Initializer`; use a builder such as normal(), or implement `Initializer` for a type of your own"),
        ),
        Shape::Literal => {
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
        Shape::ArrayConstructor { written } => cx.error_spanned_by(
            init,
            format!("`{written}` makes an array, not an initializer (JAX's `kernel_init=jnp.zeros` pitfall), for `{field}`: use fanin's `zeros`, which is an initializer as `jax.nn.initializers.zeros` is, or `zeros_init()`"),
        ),
        Shape::Other => {}
        Shape::Builder { name, root, methods } => {
            let written = spelling(root);
            let Some(rank) = rank else { return };
            let variance = VARIANCE.contains(&name.as_str());
            if variance && rank <= 1 && !methods.iter().any(|m| m.method == "in_axis") {
                cx.error_spanned_by(
                    init,
                    format!("`{written}` needs a parameter of rank >= 2 to compute fan-in and fan-out; `{field}` is `{ty}` (rank {rank}). Use zeros_init() or normal(), or give an explicit in_axis."),
                );
            }
            if (name == "orthogonal") && rank < 2 {
                cx.error_spanned_by(
                    init,
                    format!("`{written}` needs a parameter of rank >= 2 (it makes orthogonal columns); `{field}` is `{ty}` (rank {rank}). Use normal() or zeros_init() for rank {rank}."),
                );
            }
            if name == "delta_orthogonal" && !(3..=5).contains(&rank) {
                cx.error_spanned_by(
                    init,
                    format!("`{written}` needs a parameter of rank 3, 4 or 5 (a 1-, 2- or 3-D convolution kernel); `{field}` is `{ty}` (rank {rank}). Use orthogonal() for a matrix, normal() otherwise."),
                );
            }
            let axis_methods: &[&str] = if variance {
                &["in_axis", "out_axis", "batch_axis"]
            } else if name == "orthogonal" || name == "delta_orthogonal" {
                &["column_axis"]
            } else {
                &[]
            };
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
    let fields: Vec<String> = cont.fields.iter().map(|f| f.ident.to_string()).collect();
    for entry in &cont.attrs.inits {
        let key = entry.field.to_string();
        match cont.fields.iter().find(|f| f.ident == &entry.field) {
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

/// `Vec<M>` -> `M`.
fn vec_item(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != "Vec" {
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
