//! `fanin::io::load` on arbitrary bytes: any `Err` is fine; a panic, an abort, a hang or an
//! allocation beyond libFuzzer's `-rss_limit_mb` is a finding.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use fanin_fuzz::{Model, CONFIG};
use libfuzzer_sys::fuzz_target;

fn path() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        std::env::temp_dir().join(format!("fanin-fuzz-load-{}.safetensors", std::process::id()))
    })
}

fuzz_target!(|data: &[u8]| {
    std::fs::write(path(), data).expect("writing the fuzz input");
    match fanin::io::load::<Model>(path(), &CONFIG) {
        Ok(model) => {
            // What loads saves and loads again to the same bytes (bit for bit, NaNs included).
            let (a, b) = (path().with_extension("a"), path().with_extension("b"));
            fanin::io::save(&model, &a).expect("saving what was loaded");
            let back = fanin::io::load::<Model>(&a, &CONFIG).expect("loading what was saved");
            fanin::io::save(&back, &b).expect("saving it again");
            assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
        }
        Err(error) => {
            // Bounded messages, however many problems the header has.
            let message = error.to_string();
            assert!(message.len() < 64 << 10, "an error of {} bytes", message.len());
        }
    }
});
