//! Parsing the attributes of the derive: `#[params]`, `#[init]` on the struct, and `#[init]`,
//! `#[shape]`, `#[module]`, `#[skip]`, `#[variable]`, `#[when]` on fields. Parse errors go to the [`Ctxt`]; parsing goes
//! on with the next attribute, so that one run reports every mistake.

use proc_macro2::Span;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Attribute, Expr, Ident, LitStr, Meta, Token, Type};

use crate::ctxt::Ctxt;

/// `name = EXPR` inside the struct-level `#[init(...)]`.
pub struct InitEntry {
    pub field: Ident,
    pub expr: Expr,
}

impl Parse for InitEntry {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let field: Ident = input.call(syn::ext::IdentExt::parse_any)?;
        input.parse::<Token![=]>()?;
        let expr: Expr = input.parse()?;
        Ok(InitEntry { field, expr })
    }
}

/// The attributes of the struct.
#[derive(Default)]
pub struct ContainerAttrs {
    /// `#[params(config = T)]`.
    pub config: Option<Type>,
    /// `#[params(nnx)]`: the struct is a flax.nnx module.
    pub nnx: Option<Span>,
    /// `#[init(field = EXPR, ...)]`, possibly over several attributes.
    pub inits: Vec<InitEntry>,
    /// `#[params(compact)]`: submodules without `name = ...` are named as Flax's
    /// `nn.compact` names them (`Dense_0`).
    pub compact: Option<Span>,
}

/// `#[module(config = EXPR, name = "...", count = EXPR, names = index, scan = EXPR,
/// vmap = EXPR, jit, remat)]`.
pub struct ModuleAttr {
    /// The whole attribute, for spans.
    pub tokens: proc_macro2::TokenStream,
    pub config: Option<Expr>,
    pub name: Option<LitStr>,
    pub count: Option<Expr>,
    /// `names = index` (items `0`, `1`, ...) or `names = field` (the default, `layers_0`).
    pub names: Option<Ident>,
    /// `scan = EXPR`: `nn.scan` over `EXPR` layers.
    pub scan: Option<Expr>,
    /// `vmap = EXPR`: `nn.vmap` over `EXPR` layers.
    pub vmap: Option<Expr>,
    /// `jit`: `nn.jit(M)`.
    pub jit: Option<Ident>,
    /// `remat`: `nn.remat(M)` (Flax's `nn.checkpoint`).
    pub remat: Option<Ident>,
}

/// `#[shape(e0, e1, ...)]`, or `#[shape(..e)]` (a run-time shape, for `ArrayD` fields).
pub struct ShapeAttr {
    /// The whole attribute, for spans.
    pub tokens: proc_macro2::TokenStream,
    pub dims: Vec<Expr>,
}

impl ShapeAttr {
    /// The `e` of `#[shape(..e)]`: the shape is the value of `e` (a `[usize]` in any form),
    /// its length known only at run time.
    pub fn spread(&self) -> Option<&Expr> {
        match self.dims.as_slice() {
            [dim] => spread_item(dim),
            _ => None,
        }
    }
}

/// `..e` (a range with no start): a spread shape item.
pub fn spread_item(dim: &Expr) -> Option<&Expr> {
    match dim {
        Expr::Range(syn::ExprRange {
            start: None,
            limits: syn::RangeLimits::HalfOpen(_),
            end: Some(end),
            ..
        }) => Some(end),
        _ => None,
    }
}

/// `#[init(EXPR)]` on a field.
pub struct FieldInit {
    pub expr: Expr,
}

/// `#[variable("collection")]`.
pub struct VariableAttr {
    /// The whole attribute, for spans.
    pub tokens: proc_macro2::TokenStream,
    pub collection: LitStr,
}

/// `#[when(EXPR)]`.
pub struct WhenAttr {
    /// The whole attribute, for spans.
    pub tokens: proc_macro2::TokenStream,
    pub expr: Expr,
}

/// The attributes of a field.
#[derive(Default)]
pub struct FieldAttrs {
    pub inits: Vec<FieldInit>,
    pub shapes: Vec<ShapeAttr>,
    pub modules: Vec<ModuleAttr>,
    /// Spans of `#[skip]` attributes.
    pub skips: Vec<Span>,
    pub variables: Vec<VariableAttr>,
    pub whens: Vec<WhenAttr>,
}

const CONTAINER_KEYS: &str = "`config`, `compact`, `nnx`";
const MODULE_KEYS: &str = "`config`, `name`, `count`, `names`, `scan`, `vmap`, `jit`, `remat`";

/// Parses the attributes of the struct.
pub fn container(cx: &Ctxt, attrs: &[Attribute]) -> ContainerAttrs {
    let mut out = ContainerAttrs::default();
    for attr in attrs {
        if attr.path().is_ident("params") {
            let result = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("config") {
                    let ty: Type = meta.value()?.parse()?;
                    if out.config.is_some() {
                        cx.error_spanned_by(&meta.path, "duplicate `config` in #[params]");
                    }
                    out.config = Some(ty);
                    Ok(())
                } else if meta.path.is_ident("compact") {
                    if !meta.input.is_empty() && !meta.input.peek(Token![,]) {
                        return Err(meta.error("`compact` takes no value: #[params(compact)]"));
                    }
                    if out.compact.is_some() {
                        cx.error_spanned_by(&meta.path, "duplicate `compact` in #[params]");
                    }
                    out.compact = Some(meta.path.span());
                    Ok(())
                } else if meta.path.is_ident("nnx") {
                    if !meta.input.is_empty() && !meta.input.peek(Token![,]) {
                        return Err(meta.error("`nnx` takes no value: #[params(nnx)]"));
                    }
                    if out.nnx.is_some() {
                        cx.error_spanned_by(&meta.path, "duplicate `nnx` in #[params]");
                    }
                    out.nnx = Some(meta.path.span());
                    Ok(())
                } else {
                    Err(meta.error(format!(
                        "unknown key `{}` in #[params]; expected {CONTAINER_KEYS}",
                        path_name(&meta.path)
                    )))
                }
            });
            if let Err(e) = result {
                cx.syn_error(e);
            }
        } else if attr.path().is_ident("init") {
            match list_tokens(attr) {
                Ok(_) => match attr
                    .parse_args_with(Punctuated::<InitEntry, Token![,]>::parse_terminated)
                {
                    Ok(entries) => out.inits.extend(entries),
                    Err(e) => cx.syn_error(syn::Error::new(
                        e.span(),
                        format!("{e}; on the struct, #[init] takes `field = initializer, ...`"),
                    )),
                },
                Err(e) => cx.syn_error(e),
            }
        } else if is_field_only(attr) {
            cx.error_spanned_by(
                attr,
                format!(
                    "#[{}] belongs on a field, not on the struct",
                    path_name(attr.path())
                ),
            );
        }
    }
    out
}

/// Parses the attributes of one field.
pub fn field(cx: &Ctxt, attrs: &[Attribute]) -> FieldAttrs {
    let mut out = FieldAttrs::default();
    for attr in attrs {
        let path = attr.path();
        if path.is_ident("init") {
            if let Err(e) = list_tokens(attr) {
                cx.syn_error(e);
                continue;
            }
            match attr.parse_args::<Expr>() {
                Ok(Expr::Assign(assign)) => cx.error_spanned_by(
                    &assign,
                    "on a field, write #[init(initializer)]; `field = initializer` belongs in the struct's #[init(...)]",
                ),
                Ok(expr) => out.inits.push(FieldInit { expr }),
                Err(e) => cx.syn_error(syn::Error::new(
                    e.span(),
                    format!("{e}; #[init] on a field takes one initializer expression"),
                )),
            }
        } else if path.is_ident("shape") {
            if let Err(e) = list_tokens(attr) {
                cx.syn_error(e);
                continue;
            }
            match attr.parse_args_with(Punctuated::<Expr, Token![,]>::parse_terminated) {
                Ok(dims) => out.shapes.push(ShapeAttr {
                    tokens: quote::ToTokens::to_token_stream(attr),
                    dims: dims.into_iter().collect(),
                }),
                Err(e) => cx.syn_error(syn::Error::new(
                    e.span(),
                    format!("{e}; #[shape] takes one `usize` expression per axis"),
                )),
            }
        } else if path.is_ident("module") {
            out.modules.push(module(cx, attr));
        } else if path.is_ident("skip") {
            match &attr.meta {
                Meta::Path(_) => out.skips.push(attr.span()),
                other => cx.error_spanned_by(other, "#[skip] takes no arguments"),
            }
        } else if path.is_ident("variable") {
            let parsed = match &attr.meta {
                Meta::List(_) => attr.parse_args::<LitStr>().ok(),
                _ => None,
            };
            match parsed {
                Some(collection) => out.variables.push(VariableAttr {
                    tokens: quote::ToTokens::to_token_stream(attr),
                    collection,
                }),
                None => cx.error_spanned_by(
                    attr,
                    "#[variable] takes the name of its collection as a string, e.g. #[variable(\"batch_stats\")] (Flax's `self.variable('batch_stats', name, ...)`)",
                ),
            }
        } else if path.is_ident("when") {
            if !matches!(attr.meta, Meta::List(_)) {
                cx.error_spanned_by(
                    attr,
                    "#[when] takes a `bool` expression, e.g. #[when(cfg.use_bias)]",
                );
                continue;
            }
            match attr.parse_args::<Expr>() {
                Ok(expr) => out.whens.push(WhenAttr {
                    tokens: quote::ToTokens::to_token_stream(attr),
                    expr,
                }),
                Err(e) => cx.syn_error(syn::Error::new(
                    e.span(),
                    format!("{e}; #[when] takes one `bool` expression, e.g. #[when(cfg.use_bias)]"),
                )),
            }
        } else if path.is_ident("params") {
            cx.error_spanned_by(
                attr,
                "#[params(config = ...)] belongs on the struct, not on a field",
            );
        }
    }
    out
}

fn module(cx: &Ctxt, attr: &Attribute) -> ModuleAttr {
    let mut out = ModuleAttr {
        tokens: quote::ToTokens::to_token_stream(attr),
        config: None,
        name: None,
        count: None,
        names: None,
        scan: None,
        vmap: None,
        jit: None,
        remat: None,
    };
    if let Meta::Path(_) = attr.meta {
        return out; // `#[module]`: the submodule's config is `()`.
    }
    let result = attr.parse_nested_meta(|meta| {
        let key = path_name(&meta.path);
        match key.as_str() {
            "config" => {
                let expr: Expr = meta.value()?.parse()?;
                set_once(cx, &meta.path, &mut out.config, expr);
            }
            "name" => {
                let name: LitStr = meta.value()?.parse()?;
                if name.value().is_empty() {
                    cx.error_spanned_by(&name, "a module name cannot be empty");
                }
                set_once(cx, &meta.path, &mut out.name, name);
            }
            "count" => {
                let expr: Expr = meta.value()?.parse()?;
                set_once(cx, &meta.path, &mut out.count, expr);
            }
            "names" => {
                let style: Ident = meta.value()?.parse()?;
                if style != "index" && style != "field" {
                    cx.error_spanned_by(
                        &style,
                        format!("unknown list naming `{style}`; expected `names = field` (`layers_0`, the default) or `names = index` (`0`, `1`, ..., Hugging Face's `name=str(i)`)"),
                    );
                }
                set_once(cx, &meta.path, &mut out.names, style);
            }
            "scan" => {
                let expr: Expr = meta.value()?.parse()?;
                set_once(cx, &meta.path, &mut out.scan, expr);
            }
            "vmap" => {
                let expr: Expr = meta.value()?.parse()?;
                set_once(cx, &meta.path, &mut out.vmap, expr);
            }
            "jit" | "remat" => {
                if meta.input.peek(Token![=]) {
                    return Err(meta.error(format!("`{key}` takes no value: #[module({key})]")));
                }
                let ident = meta.path.get_ident().cloned();
                let slot = if key == "jit" { &mut out.jit } else { &mut out.remat };
                if let Some(ident) = ident {
                    set_once(cx, &meta.path, slot, ident);
                }
            }
            _ => {
                return Err(meta.error(format!(
                    "unknown key `{key}` in #[module]; expected {MODULE_KEYS}"
                )))
            }
        }
        Ok(())
    });
    if let Err(e) = result {
        cx.syn_error(e);
    }
    out
}

fn set_once<T>(cx: &Ctxt, path: &syn::Path, slot: &mut Option<T>, value: T) {
    if slot.is_some() {
        cx.error_spanned_by(
            path,
            format!("duplicate `{}` in #[module]", path_name(path)),
        );
    }
    *slot = Some(value);
}

/// `#[init]` and `#[shape]` need a parenthesized list: `#[init = x]` or a bare `#[init]` is an error.
fn list_tokens(attr: &Attribute) -> syn::Result<()> {
    match &attr.meta {
        Meta::List(_) => Ok(()),
        _ => {
            let name = path_name(attr.path());
            let hint = if name == "shape" {
                "#[shape(d0, d1, ...)]"
            } else {
                "#[init(initializer)] on a field or #[init(field = initializer, ...)] on the struct"
            };
            Err(syn::Error::new_spanned(attr, format!("expected {hint}")))
        }
    }
}

fn is_field_only(attr: &Attribute) -> bool {
    ["shape", "module", "skip", "variable", "when"]
        .iter()
        .any(|name| attr.path().is_ident(name))
}

/// A path as written, for messages.
pub fn path_name(path: &syn::Path) -> String {
    path.segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect::<Vec<_>>()
        .join("::")
}
