//! The runtime's modules form layers: a module uses only the modules of lower layers (and its
//! own). This test reads the sources and fails on any `crate::` path that reaches up, so an
//! import cycle cannot come back unnoticed. ARCHITECTURE.md describes the layers.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Each top-level module of `runtime/src` and its layer, lowest first.
const LAYERS: &[(&str, u32)] = &[
    ("error", 0),
    ("element_type", 0),
    ("lanes", 0),
    ("settings", 0),
    ("size", 1),
    ("alloc", 1),
    ("parallel", 1),
    ("special", 2),
    ("dtype", 3),
    ("key", 4),
    ("random", 5),
    ("init", 6),
    ("rand_bridge", 6),
    ("params", 7),
    ("private_v1", 8),
    ("io", 8),
];

/// Names the crate root re-exports, and the module each comes from.
const ROOT_NAMES: &[(&str, &str)] = &[
    ("Error", "error"),
    ("Result", "error"),
    ("Dtype", "dtype"),
    ("ElementType", "element_type"),
    ("PerDtype", "dtype"),
    ("Settings", "settings"),
    ("Execution", "settings"),
    ("with_execution", "settings"),
    ("with_threefry", "settings"),
    ("with_fix_rng_separator", "settings"),
    ("Threefry", "settings"),
    ("current_execution", "settings"),
    ("Key", "key"),
    ("LazyRng", "key"),
    ("threefry2x32", "key"),
    ("KeyRng", "random"),
    ("Params", "params"),
    ("half", "error"),
    ("ndarray", "error"),
];

fn layer_of(module: &str) -> Option<u32> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|&(_, l)| l)
}

/// The top-level module a `crate::NAME` path starts in.
fn module_of(name: &str) -> Option<&str> {
    if layer_of(name).is_some() {
        return Some(LAYERS.iter().find(|(m, _)| *m == name).unwrap().0);
    }
    ROOT_NAMES.iter().find(|(n, _)| *n == name).map(|&(_, m)| m)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The first segments of the paths that follow `crate::` in one line of code.
fn crate_paths(line: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // `crate::{a, b::c, d}`: the first segment of each item at depth 0.
            let mut depth = 0;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        names.push(first_segment(&item));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                if depth == 0 {
                    item.push(c);
                }
            }
            names.push(first_segment(&item));
        } else {
            names.push(first_segment(rest));
        }
    }
    names.retain(|n| !n.is_empty());
    names
}

fn first_segment(path: &str) -> String {
    path.trim()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

#[test]
fn no_module_uses_a_higher_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime/src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut violations = BTreeMap::new();
    for file in files {
        let relative = file.strip_prefix(&src).unwrap();
        let top = relative
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        if top == "lib" {
            continue;
        }
        let own = layer_of(&top).unwrap_or_else(|| {
            panic!("runtime/src/{top}: a new top-level module; give it a layer in LAYERS")
        });
        let text = fs::read_to_string(&file).unwrap();
        for (number, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            for name in crate_paths(code) {
                let Some(module) = module_of(&name) else {
                    panic!(
                        "{}:{}: `crate::{name}` names no known module",
                        relative.display(),
                        number + 1
                    );
                };
                let used = layer_of(module).unwrap();
                if module != top && used >= own {
                    violations.insert(
                        format!("{}:{}", relative.display(), number + 1),
                        format!(
                            "{top} (layer {own}) uses {module} (layer {used}): {}",
                            code.trim()
                        ),
                    );
                }
            }
        }
    }
    assert!(
        violations.is_empty(),
        "modules reaching up a layer:\n{}",
        violations
            .iter()
            .map(|(at, what)| format!("  {at}: {what}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_path_scanner_reads_groups() {
    assert_eq!(
        crate_paths("use crate::{Dtype, key::threefry::{a, b}, Result};"),
        ["Dtype", "key", "Result"]
    );
    assert_eq!(
        crate_paths("let x = crate::alloc::zeroed_vec(3);"),
        ["alloc"]
    );
}
