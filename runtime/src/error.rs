//! [`Error`]: everything that can go wrong in fanin, as values (fanin never panics on bad input).

use std::fmt;
use std::path::PathBuf;

/// The result type of fanin.
pub type Result<T> = std::result::Result<T, Error>;

/// An error of fanin. Every message names what was wrong and how to fix it.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// An argument JAX would reject: a shape, an axis, a rank, a value.
    InvalidArgument(String),
    /// A checkpoint does not match the model: a param missing, extra, of the wrong dtype or shape.
    Mismatch(String),
    /// A file is not valid safetensors, or is truncated.
    Format(String),
    /// Reading or writing a file failed.
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
}

impl Error {
    /// An [`Error::InvalidArgument`] with this message.
    pub fn invalid(message: impl Into<String>) -> Error {
        Error::InvalidArgument(message.into())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidArgument(message) | Error::Mismatch(message) | Error::Format(message) => {
                f.write_str(message)
            }
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
