//! A progress bar on stderr for streamed init (indicatif, feature `progress`), drawn only when
//! it helps. Without the feature the bar is a no-op with the same methods, so the streaming
//! code is written once.

#[cfg(feature = "progress")]
pub(crate) use with_indicatif::bar;
#[cfg(not(feature = "progress"))]
pub(crate) use without_indicatif::bar;

#[cfg(not(feature = "progress"))]
mod without_indicatif {
    use super::super::options::Progress;

    /// Draws nothing: the `progress` feature is off.
    pub(crate) struct NoBar;

    impl NoBar {
        pub(crate) fn inc(&self, _bytes: u64) {}
        pub(crate) fn finish_and_clear(&self) {}
    }

    pub(crate) fn bar(_total: u64, _progress: Progress) -> NoBar {
        NoBar
    }
}

#[cfg(feature = "progress")]
mod with_indicatif {
    use std::io::IsTerminal;

    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

    use super::super::options::{Progress, PROGRESS_MIN_BYTES};

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
}
