//! [`LoadReport`]: what a load did with each tensor and param.

/// What [`load_with_report`](crate::io::load_with_report) did: which params were read from
/// the file, which were initialized (a [partial](crate::io::Options::partial) load), which
/// tensors of the file were ignored ([`allow_extra`](crate::io::Options::allow_extra), or
/// dropped by a [`remap`](crate::io::Options::remap)). Names of params are the model's
/// tensor names (joined by the [separator](crate::io::Options::separator)); names of ignored
/// tensors are as the file has them. Each list is in the model's order, or the file's
/// name order for ignored tensors.
///
/// ```
/// use fanin::{io, Key, Params};
/// use fanin::ndarray::Array1;
///
/// #[derive(Params)]
/// #[init(bias = zeros_init())]
/// struct Dense { #[shape(2)] bias: Array1<f32> }
///
/// let path = std::env::temp_dir().join(format!("fanin-doc-report-{}.safetensors", std::process::id()));
/// io::save(&Dense::init(Key::new(0), &())?, &path)?;
/// let (_, report) = io::load_with_report::<Dense>(&path, &(), &io::Options::new())?;
/// assert_eq!(report.loaded, [("bias".to_string(), "bias".to_string())]);
/// assert!(report.initialized.is_empty() && report.ignored.is_empty());
/// # std::fs::remove_file(&path).unwrap();
/// # Ok::<(), fanin::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadReport {
    /// Params read from the file: `(name in the file, name in the model)`.
    pub loaded: Vec<(String, String)>,
    /// Params the file does not hold, initialized as `M::init` makes them.
    pub initialized: Vec<String>,
    /// Tensors of the file no param took, by their names in the file.
    pub ignored: Vec<String>,
}
