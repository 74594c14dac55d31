//! Reading an initializer expression as written ([`InitExpr`]): which `fanin::init` builder
//! it starts from and which builder methods it calls, or which known mistake it is. The by-name
//! checks of [`crate::check`] use this; an expression it cannot read is left to the by-type
//! checks of the generated code.

use syn::{Expr, ExprCall, ExprLit, ExprMethodCall, ExprPath, Lit, UnOp};

use crate::ast::strip;
use crate::builtins::{self, Family};

/// What an initializer expression, as written, is.
pub enum InitExpr<'e> {
    /// `name(args).method(args)...` with `name` a builder of `fanin::init` written bare or as
    /// `init::name` / `fanin::init::name`.
    Builder {
        family: Family,
        root: &'e Expr,
        methods: Vec<&'e ExprMethodCall>,
    },
    /// A builder function named but not called: `lecun_normal`, or `lecun_normal.in_axis(0)`.
    Uncalled { name: String },
    /// An array constructor such as `Array::zeros` or `ndarray::Array2::zeros((2, 3))`:
    /// JAX's `kernel_init=jnp.zeros` pitfall.
    ArrayConstructor { written: String },
    /// A closure: JAX takes any callable, fanin takes a type implementing `Initializer`.
    Closure,
    /// A number, string or other literal.
    Literal,
    /// Anything else: checked by type.
    Other,
}

/// Reads `expr`.
pub fn classify(expr: &Expr) -> InitExpr<'_> {
    let expr = strip(expr);
    let mut methods = Vec::new();
    let mut cursor = expr;
    while let Expr::MethodCall(call) = cursor {
        methods.push(call);
        cursor = strip(&call.receiver);
    }
    methods.reverse();
    match cursor {
        Expr::Call(ExprCall { func, .. }) => {
            if let Expr::Path(path) = strip(func) {
                if let Some(name) = fanin_name(path)
                    && let Some(family) = builtins::builder(&name)
                {
                    return InitExpr::Builder {
                        family,
                        root: cursor,
                        methods,
                    };
                }
                if let Some(written) = array_constructor(path) {
                    return InitExpr::ArrayConstructor { written };
                }
            }
            InitExpr::Other
        }
        Expr::Path(path) => {
            if let Some(name) = fanin_name(path)
                && builtins::builder(&name).is_some()
            {
                return InitExpr::Uncalled { name };
            }
            if let Some(written) = array_constructor(path) {
                return InitExpr::ArrayConstructor { written };
            }
            InitExpr::Other
        }
        Expr::Closure(_) if methods.is_empty() => InitExpr::Closure,
        Expr::Lit(_) if methods.is_empty() => InitExpr::Literal,
        Expr::Unary(unary) if methods.is_empty() && matches!(unary.op, UnOp::Neg(_)) => {
            match strip(&unary.expr) {
                Expr::Lit(_) => InitExpr::Literal,
                _ => InitExpr::Other,
            }
        }
        _ => InitExpr::Other,
    }
}

/// `name`, `init::name`, `fanin::init::name` or `::fanin::init::name` -> `name`. Paths that
/// start elsewhere (`self::`, `crate::`, `my_inits::`) are the user's own: no by-name check.
fn fanin_name(path: &ExprPath) -> Option<String> {
    if path.qself.is_some() {
        return None;
    }
    let segments: Vec<String> = path
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    let ok = match segments.len() {
        1 => path.path.leading_colon.is_none(),
        2 => segments[0] == "init" && path.path.leading_colon.is_none(),
        3 => segments[0] == "fanin" && segments[1] == "init",
        _ => false,
    };
    if ok && path.path.segments.iter().all(|s| s.arguments.is_none()) {
        segments.last().cloned()
    } else {
        None
    }
}

/// `Array::zeros`, `Array2::<f32>::ones`, `ndarray::ArrayD::zeros`, `jnp::zeros`: a path of
/// two or more segments that ends in an array constructor and is not `fanin::init`'s.
fn array_constructor(path: &ExprPath) -> Option<String> {
    let segments = &path.path.segments;
    if segments.len() < 2 {
        return None;
    }
    let last = segments.last()?.ident.to_string();
    let owner = segments.iter().nth(segments.len() - 2)?.ident.to_string();
    let constructor = builtins::ARRAY_CONSTRUCTORS.contains(&last.as_str());
    (constructor && builtins::is_array_owner(&owner) && owner != "init")
        .then(|| crate::ast::spelling(path))
}

/// The literal integers of an axis argument: `1`, `-2`, `[0, 1]`, `&[-1]`, `vec![0]`. `None`
/// when any item is not a literal (then the check is left to run time).
pub fn literal_axes(expr: &Expr) -> Option<Vec<i64>> {
    match strip(expr) {
        Expr::Lit(ExprLit {
            lit: Lit::Int(int), ..
        }) => Some(vec![int.base10_parse().ok()?]),
        Expr::Unary(unary) if matches!(unary.op, UnOp::Neg(_)) => {
            let inner = literal_axes(&unary.expr)?;
            match inner.as_slice() {
                [value] => Some(vec![-value]),
                _ => None,
            }
        }
        Expr::Array(array) => {
            let mut out = Vec::new();
            for item in &array.elems {
                match literal_axes(item)?.as_slice() {
                    [value] => out.push(*value),
                    _ => return None,
                }
            }
            Some(out)
        }
        Expr::Reference(reference) => literal_axes(&reference.expr),
        Expr::Macro(mac) if mac.mac.path.is_ident("vec") => {
            let tokens = &mac.mac.tokens;
            let array: syn::ExprArray = syn::parse2(quote::quote!([#tokens])).ok()?;
            literal_axes(&Expr::Array(array))
        }
        _ => None,
    }
}
