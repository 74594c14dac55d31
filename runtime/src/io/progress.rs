//! A progress bar on stderr for streamed init (indicatif), drawn only when it helps.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::options::{Progress, PROGRESS_MIN_BYTES};

/// A bar of `total` bytes, or a hidden one when stderr is no terminal, when the model is
/// small (with [`Progress::Auto`]) or when [`Progress::Never`] is asked for.
pub(crate) fn bar(total: u64, progress: Progress) -> ProgressBar {
    let wanted = match progress {
        Progress::Never => false,
        Progress::Always => true,
        Progress::Auto => total >= PROGRESS_MIN_BYTES,
    };
    if !wanted || !std::io::stderr().is_terminal() {
        return ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} init [{elapsed_precise}] [{wide_bar}] {bytes}/{total_bytes} ({bytes_per_sec}, {eta})",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}
