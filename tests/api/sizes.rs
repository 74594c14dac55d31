//! Sizes no machine can hold are errors, not panics or aborts: a param of a terabyte at
//! `init`, a list of a trillion submodules at `plan`.

use fanin::ndarray::{Array1, Array2};
use fanin::{Key, Params};

#[derive(Params)]
#[params(config = usize)]
#[init(w = normal())]
struct Wide {
    #[shape(*cfg)]
    w: Array1<f32>,
}

#[derive(Params)]
#[init(kernel = lecun_normal())]
struct Dense {
    #[shape(4, 4)]
    kernel: Array2<f32>,
}

#[derive(Params)]
#[params(config = usize)]
struct Deep {
    #[module(count = *cfg)]
    layers: Vec<Dense>,
}

/// Whether the kernel grants any allocation (`vm.overcommit_memory = 1`): then a terabyte is
/// granted and only touching it fails, which no library can turn into an error.
fn kernel_grants_everything() -> bool {
    std::fs::read_to_string("/proc/sys/vm/overcommit_memory").is_ok_and(|mode| mode.trim() == "1")
}

#[test]
fn a_terabyte_param_is_an_error_at_init() {
    if kernel_grants_everything() {
        eprintln!("skipped: vm.overcommit_memory = 1 grants a terabyte");
        return;
    }
    // 2^38 f32 elements: 1 TiB, representable, more than the machine's memory.
    let error = Wide::init(Key::new(0), &(1 << 38))
        .err()
        .expect("no machine here has 1 TiB");
    let message = error.to_string();
    assert!(message.starts_with("w: "), "{message}");
    assert!(message.contains("1099511627776 bytes"), "{message}");
}

#[test]
fn a_trillion_submodules_are_an_error_at_plan() {
    let error = Deep::plan(&1_000_000_000_000).unwrap_err().to_string();
    assert!(error.contains("more than this machine can plan"), "{error}");
    assert!(error.starts_with("layers: "), "{error}");
    // A plan of a size the machine holds still works.
    assert_eq!(Deep::plan(&3).unwrap().len(), 3);
}
