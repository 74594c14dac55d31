//! The expansion function on malformed input: every case gives errors, never a panic; the
//! generated code's names (raw identifiers, collisions, hygiene); the fallback after errors.

use syn::DeriveInput;

use crate::check::{closest, levenshtein};
use crate::ctxt::Ctxt;
use crate::expand::{derive, try_derive};

/// Expands `src`, returning the error messages (empty if it expanded).
fn errors(src: &str) -> Vec<String> {
    let input: DeriveInput = syn::parse_str(src).expect("test input parses as a DeriveInput");
    match try_derive(&input) {
        Ok(_) => Vec::new(),
        Err(failed) => failed.errors.into_iter().map(|e| e.to_string()).collect(),
    }
}

/// Expands `src`, which must expand, to its code as a string.
fn expanded(src: &str) -> String {
    let input: DeriveInput = syn::parse_str(src).expect("test input parses as a DeriveInput");
    match try_derive(&input) {
        Ok(tokens) => tokens.to_string(),
        Err(failed) => panic!("{src}: {:?}", failed.errors.to_string()),
    }
}

#[test]
fn a_good_struct_expands() {
    let src = "#[params(config = C)] #[init(w = lecun_normal())] struct M { #[shape(cfg.a, cfg.b)] w: Array2<f32>, #[module(config = cfg.sub, name = \"Dense_0\")] d: Dense, #[module(count = 3)] l: Vec<Dense>, #[skip] s: String }";
    assert_eq!(errors(src), Vec::<String>::new());
}

#[test]
fn malformed_attributes_are_errors_not_panics() {
    let cases = [
        "#[params] struct M {}",
        "#[params = 1] struct M {}",
        "#[params(config)] struct M {}",
        "#[params(config = )] struct M {}",
        "#[params(config = 1 + )] struct M {}",
        "#[params(config = A, config = B)] struct M {}",
        "#[init] struct M { #[shape(1)] a: Array1<f32> }",
        "#[init = 3] struct M {}",
        "#[init(= x)] struct M {}",
        "#[init(a =)] struct M { #[shape(1)] a: Array1<f32> }",
        "#[init(a b c)] struct M {}",
        "#[init(3 = zeros)] struct M {}",
        "struct M { #[init] a: Array1<f32> }",
        "struct M { #[init()] #[shape(1)] a: Array1<f32> }",
        "struct M { #[init(a = zeros)] #[shape(1)] a: Array1<f32> }",
        "struct M { #[init(zeros, ones)] #[shape(1)] a: Array1<f32> }",
        "struct M { #[shape] #[init(zeros)] a: Array1<f32> }",
        "struct M { #[shape = 3] #[init(zeros)] a: Array1<f32> }",
        "struct M { #[shape(1,,2)] #[init(zeros)] a: Array2<f32> }",
        "struct M { #[shape(1)] #[shape(1)] #[init(zeros)] a: Array1<f32> }",
        "struct M { #[module(name = 3)] a: A }",
        "struct M { #[module(name = \"\")] a: A }",
        "struct M { #[module(count)] a: Vec<A> }",
        "struct M { #[module(config = 1, config = 2)] a: A }",
        "struct M { #[module = 1] a: A }",
        "struct M { #[module] #[module] a: A }",
        "struct M { #[skip(1)] a: A }",
        "struct M { #[skip = 1] a: A }",
        "struct M { #[skip] #[skip] a: A }",
        "struct M { #[skip] #[shape(1)] a: A }",
        "struct M { #[params(config = A)] a: A }",
        "#[shape(1)] #[module] #[skip] struct M { a: A }",
        "struct M { #[shape(1)] #[init(-)] a: Array1<f32> }",
        "struct M { #[shape()] #[init(orthogonal().column_axis(0))] a: Array0<f32> }",
        "struct M { #[shape(1)] #[init(zeros)] a: Array7<f32> }",
        "struct M { #[shape(1)] #[init(zeros)] a: Array<f32> }",
        "struct M { #[shape(1)] #[init(zeros)] a: Array<f32, Ix9> }",
        "struct M { #[shape(1)] #[init(zeros)] a: <T as X>::Array1 }",
        "struct M { #[shape(1)] #[init(zeros)] a: Array1 }",
        "struct M { #[shape(1)] #[init(zeros)] a: [f32; 3] }",
        "struct M { a: Array1<f32>, a2: Array1<f32> }",
        "struct M { #[module(name = \"x\")] a: A, #[module(name = \"x\")] b: A }",
        "struct M(f32);",
        "struct M;",
        "enum E { A }",
        "union U { a: f32 }",
    ];
    for src in cases {
        let found = errors(src);
        assert!(!found.is_empty(), "expected errors for {src}");
        assert!(found.iter().all(|e| !e.is_empty()), "{src}: {found:?}");
    }
}

#[test]
fn odd_axes_do_not_panic() {
    // Left to rustc (and to the run-time checks): the macro must neither panic nor reject.
    let cases = [
        "struct M { #[shape(1)] #[init(lecun_normal().in_axis(99999999999999999999999))] a: Array1<f32> }",
        "struct M { #[shape(1)] #[init(lecun_normal().in_axis(vec![0, -x]))] a: Array1<f32> }",
        "struct M { #[shape(1)] #[init(lecun_normal().in_axis())] a: Array1<f32> }",
    ];
    for src in cases {
        assert_eq!(errors(src), Vec::<String>::new(), "{src}");
    }
}

#[test]
fn all_errors_are_gathered() {
    let found = errors(
        "#[init(bais = zeros)] struct M { #[shape(4)] #[init(lecun_normal())] kernel: Array1<f32>, #[shape(4, 4)] bias: Array1<f32>, #[init(normal())] scale: Array1<f32> }",
    );
    assert_eq!(found.len(), 5, "{found:#?}");
    assert!(found[0].contains("did you mean `bias`?"));
    assert!(found[1].starts_with("`lecun_normal()` needs a parameter of rank >= 2"));
}

#[test]
fn the_guide_pitfall_message() {
    let found = errors("#[init(bias = lecun_normal())] struct M { #[shape(5)] bias: Array1<f32> }");
    assert_eq!(
        found,
        ["`lecun_normal()` needs a parameter of rank >= 2 to compute fan-in and fan-out; `bias` is `Array1<f32>` (rank 1). Use zeros_init() or normal(), or give an explicit in_axis."]
    );
}

#[test]
fn user_paths_are_not_checked_by_name() {
    let found = errors("struct M { #[shape(5)] #[init(self::lecun_normal())] b: Array1<f32>, #[shape(5)] #[init(my::orthogonal())] c: Array1<f32> }");
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn suggestions() {
    assert_eq!(levenshtein("kernal", "kernel"), 1);
    assert_eq!(levenshtein("", "abc"), 3);
    let fields = ["kernel".to_string(), "bias".to_string()];
    assert_eq!(closest("kernal", &fields), Some("kernel"));
    assert_eq!(closest("bais", &fields), Some("bias"));
    assert_eq!(closest("zzzzzzzz", &fields), None);
}

/// Random structs assembled from fragments of valid and broken attribute syntax: whatever
/// parses as a `DeriveInput` expands to code or to errors, never to a panic.
#[test]
fn random_inputs_never_panic() {
    const STRUCT_ATTRS: &[&str] = &[
        "",
        "#[params(config = C)]",
        "#[params(config = )]",
        "#[params(cfg = C)]",
        "#[init(w = lecun_normal())]",
        "#[init(w = lecun_normal, b = zeros)]",
        "#[init(x = 1)]",
        "#[init(w = orthogonal().column_axis(-3))]",
        "#[init(b = he_uniform().in_axis(0))]",
        "#[init]",
        "#[init(w)]",
        "#[shape(1)]",
        "#[module]",
        "#[skip]",
        "#[init(w = a, w = b)]",
    ];
    const FIELD_ATTRS: &[&str] = &[
        "",
        "#[shape(4)]",
        "#[shape(4, 5)]",
        "#[shape(cfg.a, cfg.b, 3)]",
        "#[shape()]",
        "#[shape]",
        "#[init(zeros)]",
        "#[init(lecun_normal())]",
        "#[init(delta_orthogonal())]",
        "#[init(variance_scaling(1.0, Mode::FanIn, Distribution::Normal).out_axis(7))]",
        "#[init(glorot_normal().in_axis(-9))]",
        "#[init(|k| k)]",
        "#[init(3)]",
        "#[init()]",
        "#[module]",
        "#[module(config = cfg.sub)]",
        "#[module(count = 2, name = \"L\")]",
        "#[module(name = 1)]",
        "#[skip]",
        "#[skip(x)]",
        "#[params(config = X)]",
        "#[module(count = cfg.n)]",
        "#[module(count = 2, config = cfg.sub)]",
        "#[module(name = \"w_1\")]",
        "#[module(name = \"w_01\")]",
        "#[module(name = \"w\", count = cfg.n)]",
    ];
    const TYPES: &[&str] = &[
        "Array0<f32>",
        "Array1<f32>",
        "Array2<bf16>",
        "Array3<f64>",
        "Array4<T>",
        "Array5<f16>",
        "Array6<f32>",
        "ArrayD<f32>",
        "Array<f32, Ix2>",
        "Array<f32, IxDyn>",
        "ndarray::Array1<f32>",
        "Vec<Dense>",
        "Dense",
        "String",
        "[f32; 2]",
        "(f32, f32)",
        "Array1<i32>",
        "Array9<f32>",
        "Array<f32>",
        "&'static str",
    ];
    const NAMES: &[&str] = &[
        "w", "b", "kernel", "bias", "r#type", "scale", "w", "w_0", "w_1", "cfg", "r#struct",
    ];
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = |n: usize| {
        // xorshift64*: a fixed, dependency-free stream of test cases.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        (state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n
    };
    let mut parsed = 0;
    for _ in 0..3000 {
        let mut src = String::new();
        for _ in 0..next(3) {
            src.push_str(STRUCT_ATTRS[next(STRUCT_ATTRS.len())]);
        }
        src.push_str(if next(8) == 0 {
            " struct M<T: Dtype> {"
        } else {
            " struct M {"
        });
        for _ in 0..next(5) {
            for _ in 0..next(4) {
                src.push_str(FIELD_ATTRS[next(FIELD_ATTRS.len())]);
            }
            src.push_str(&format!(
                " {}: {},",
                NAMES[next(NAMES.len())],
                TYPES[next(TYPES.len())]
            ));
        }
        src.push('}');
        let Ok(input) = syn::parse_str::<DeriveInput>(&src) else {
            continue;
        };
        parsed += 1;
        let outcome = std::panic::catch_unwind(|| derive(&input));
        let Ok(tokens) = outcome else {
            panic!("the derive panicked on: {src}");
        };
        // Code or errors, the output is always items: the impl, or errors and the fallback.
        if let Err(e) = syn::parse2::<syn::File>(tokens) {
            panic!("the derive made tokens that are not items ({e}) for: {src}");
        }
    }
    assert!(parsed > 2000, "only {parsed} inputs parsed");
}

#[test]
fn raw_identifiers_are_named_without_r_hash() {
    let code = expanded(
        "#[init(type = zeros)] struct M { #[shape(2)] r#type: Array1<f32>, #[module] r#struct: Sub, #[module(count = cfg.n)] r#loop: Vec<Sub> }",
    );
    assert!(code.contains("\"type\""), "{code}");
    assert!(code.contains("\"struct\""), "{code}");
    assert!(code.contains("\"loop\""), "{code}");
    assert!(!code.contains("\"r#"), "{code}");
    // The member keeps its spelling.
    assert!(code.contains("r#type :"), "{code}");
    // The struct-level key may be written either way.
    assert!(
        errors("#[init(r#type = zeros)] struct M { #[shape(2)] r#type: Array1<f32> }").is_empty()
    );
}

#[test]
fn certain_collisions_are_compile_errors() {
    let cases = [
        // A name twice.
        "struct M { #[module(name = \"x\")] a: A, #[module(name = \"x\")] b: A }",
        "struct M { #[shape(2)] #[init(zeros)] x: Array1<f32>, #[module(name = \"x\")] b: A }",
        // A raw identifier and a name that spell the same.
        "struct M { #[shape(2)] #[init(zeros)] r#type: Array1<f32>, #[module(name = \"type\")] b: A }",
        // An item of a list of literal length.
        "struct M { #[module(count = 3)] l: Vec<A>, #[module(name = \"l_2\")] b: A }",
        "struct M { #[shape(2)] #[init(zeros)] l_0: Array1<f32>, #[module(count = (1))] l: Vec<A> }",
        "struct M { #[module(count = 2, name = \"h\")] l: Vec<A>, #[module] h_1: A }",
    ];
    for src in cases {
        let found = errors(src);
        assert_eq!(found.len(), 1, "{src}: {found:?}");
        assert!(
            found[0].contains("Flax paths must be unique"),
            "{src}: {found:?}"
        );
    }
}

#[test]
fn possible_collisions_are_checked_at_run_time() {
    // Not a collision: beyond a literal count, not an index (`l_01`, `l_x`), another list.
    for src in [
        "struct M { #[module(count = 2)] l: Vec<A>, #[module(name = \"l_2\")] b: A }",
        "struct M { #[module(count = cfg.n)] l: Vec<A>, #[module(name = \"l_01\")] b: A, #[module(name = \"l_x\")] c: A, #[module(name = \"l_\")] d: A }",
        "struct M { #[module(count = cfg.n)] l: Vec<A>, #[module(count = cfg.n, name = \"l_1\")] b: Vec<A> }",
        "struct M { #[module(count = cfg.n)] l: Vec<A>, #[module(name = \"l_99999999999999999999999\")] b: A }",
    ] {
        let code = expanded(src);
        assert!(!code.contains("check_list_names"), "{src}: {code}");
    }
    // A count that is an expression: checked when it is known.
    let code = expanded(
        "struct M { #[module(count = cfg.n)] l: Vec<A>, #[module(name = \"l_1\")] b: A, #[shape(2)] #[init(zeros)] l_10: Array1<f32> }",
    );
    assert_eq!(code.matches("check_list_names").count(), 3, "{code}"); // init, plan, load
    assert!(
        code.contains("(1usize , \"b\") , (10usize , \"l_10\")"),
        "{code}"
    );
}

#[test]
fn generated_code_is_hygienic_and_fully_qualified() {
    let code = expanded(
        "#[params(config = C)] struct M { #[shape(cfg.n)] #[init(zeros)] cfg: Array1<f32>, #[shape(cfg.n)] #[init(zeros)] b: Array1<f32>, #[skip] s: String, #[module(count = cfg.n)] l: Vec<A> }",
    );
    // Field values go to generated locals, so the field `cfg` shadows nothing.
    assert!(!code.contains("let cfg"), "{code}");
    assert!(
        code.contains("Self { cfg : __fanin_field_0 , b : __fanin_field_1"),
        "{code}"
    );
    // Nothing of the prelude is named bare.
    let tokens: Vec<&str> = code.split(' ').collect();
    for (i, token) in tokens.iter().enumerate() {
        if ["FnMut", "Ok", "Default", "Vec", "Result", "usize"].contains(token) {
            assert!(
                i > 0 && tokens[i - 1] == "::",
                "`{token}` named without a path in {code}"
            );
        }
    }
    assert!(code.contains(":: core :: ops :: FnMut"), "{code}");
}

#[test]
fn errors_come_with_a_fallback_impl() {
    let input: DeriveInput =
        syn::parse_str("#[params(config = C)] struct M<T: Dtype> { #[shape(2)] w: Array1<T> }")
            .unwrap();
    let code = derive(&input).to_string();
    assert!(code.contains("compile_error"), "{code}");
    assert!(
        code.contains("impl < T : Dtype > :: fanin :: Params for M < T >"),
        "{code}"
    );
    assert!(code.contains("type Config = C"), "{code}");
    assert!(code.contains(":: core :: unreachable"), "{code}");
    // Also for what is not a struct with named fields.
    let input: DeriveInput = syn::parse_str("enum E { A }").unwrap();
    let code = derive(&input).to_string();
    assert!(
        code.contains("compile_error") && code.contains("type Config = ()"),
        "{code}"
    );
}

#[test]
#[should_panic(expected = "dropped without Ctxt::check")]
fn an_unchecked_ctxt_panics_on_drop() {
    let cx = Ctxt::new();
    cx.error_at(proc_macro2::Span::call_site(), "lost");
    drop(cx);
}

#[test]
fn a_checked_ctxt_drops_quietly() {
    let cx = Ctxt::new();
    assert!(cx.check().is_ok());
    let cx = Ctxt::new();
    cx.error_at(proc_macro2::Span::call_site(), "kept");
    assert_eq!(cx.check().unwrap_err().to_string(), "kept");
}

#[test]
fn a_run_time_shape_expands_on_a_dynamic_rank_field() {
    let src =
        "#[init(w = lecun_normal())] struct M { #[shape(..cfg.kernel_shape()?)] w: ArrayD<f32> }";
    let code = expanded(src);
    assert!(code.contains("run_time_shape"), "{code}");
}

#[test]
fn a_run_time_shape_on_a_static_rank_is_an_error() {
    let src = "#[init(w = lecun_normal())] struct M { #[shape(..cfg.shape)] w: Array2<f32> }";
    let errors = errors(src);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("run-time shape, for `ArrayD` fields"),
        "{errors:?}"
    );
}

#[test]
fn a_run_time_shape_beside_other_axes_is_an_error() {
    let src = "#[init(w = lecun_normal())] struct M { #[shape(3, ..cfg.shape)] w: ArrayD<f32> }";
    let errors = errors(src);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("must be the only item"), "{errors:?}");
}
