//! The expansion function on malformed input: every case gives errors, never a panic.

use syn::DeriveInput;

use crate::check::{closest, levenshtein};
use crate::expand::derive;

/// Expands `src`, returning the error messages (empty if it expanded).
fn errors(src: &str) -> Vec<String> {
    let input: DeriveInput = syn::parse_str(src).expect("test input parses as a DeriveInput");
    match derive(&input) {
        Ok(_) => Vec::new(),
        Err(e) => e.into_iter().map(|e| e.to_string()).collect(),
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
    const NAMES: &[&str] = &["w", "b", "kernel", "bias", "r#type", "scale", "w"];
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
        let outcome = std::panic::catch_unwind(|| derive(&input).map(|tokens| tokens.to_string()));
        assert!(outcome.is_ok(), "the derive panicked on: {src}");
    }
    assert!(parsed > 2000, "only {parsed} inputs parsed");
}
