//! The compile-time checks of `#[derive(Params)]`: every rule has a case under
//! `tests/ui/fail` with its committed `.stderr`, and `tests/ui/pass` shows what compiles.
//! Regenerate the `.stderr` files with `TRYBUILD=overwrite cargo test -p fanin-ui-tests`.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("pass/*.rs");
    t.compile_fail("fail/*.rs");
}
