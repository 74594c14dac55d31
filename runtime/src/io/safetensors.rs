//! The safetensors format: [`Safetensors`] lays a file out from names, dtypes and shapes
//! alone, exactly as the `safetensors` crate does (so a streamed file and a saved one are the
//! same bytes), and reads a file's header into the list of its tensors.

use std::cmp::Reverse;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::Path;

use safetensors::tensor::{Metadata, TensorInfo};
use safetensors::Dtype as StDtype;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};

use super::format::{Piece, Reader, StoredTensor, TensorSpec, Writer};
use crate::size::sizes;
use crate::{ElementType, Error, Result};

/// The largest header the format allows.
const MAX_HEADER_BYTES: usize = 100_000_000;

/// Hugging Face's safetensors: an 8-byte little-endian header length, a JSON header (names,
/// dtypes, shapes, offsets), then the tensors' bytes.
#[derive(Clone, Copy, Debug, Default)]
pub struct Safetensors;

fn to_st(dtype: ElementType) -> StDtype {
    match dtype {
        ElementType::F32 => StDtype::F32,
        ElementType::F64 => StDtype::F64,
        ElementType::BF16 => StDtype::BF16,
        ElementType::F16 => StDtype::F16,
    }
}

fn from_st(dtype: StDtype) -> Option<ElementType> {
    match dtype {
        StDtype::F32 => Some(ElementType::F32),
        StDtype::F64 => Some(ElementType::F64),
        StDtype::BF16 => Some(ElementType::BF16),
        StDtype::F16 => Some(ElementType::F16),
        _ => None,
    }
}

/// The bytes of a stored tensor of `shape` in elements of `bits` bits (any of the format's
/// dtypes, fanin's or not), if they fit a file.
fn tensor_bytes(bits: usize, shape: &[usize]) -> Option<u64> {
    let elements = shape
        .iter()
        .try_fold(1u64, |acc, &d| acc.checked_mul(d as u64))?;
    elements
        .checked_mul(bits as u64)
        .map(|b| b.div_ceil(8))
        .filter(|&n| n <= isize::MAX as u64)
}

impl Writer for Safetensors {
    fn layout(&self, tensors: &[TensorSpec]) -> Result<Vec<Piece>> {
        layout_with(tensors, None)
    }
}

/// Safetensors with `{"format": "flax"}` in the header's `__metadata__`: Hugging Face's
/// loaders refuse (or, before transformers 4.48.2, crash on) a file without a format tag,
/// and the tensors are in Flax's layout (kernels `(in, out)`).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct FlaxTaggedSafetensors;

impl Writer for FlaxTaggedSafetensors {
    fn layout(&self, tensors: &[TensorSpec]) -> Result<Vec<Piece>> {
        let tag = HashMap::from([("format".to_string(), "flax".to_string())]);
        layout_with(tensors, Some(tag))
    }
}

/// The layout of the `safetensors` crate's `serialize` with `metadata`.
fn layout_with(
    tensors: &[TensorSpec],
    metadata: Option<HashMap<String, String>>,
) -> Result<Vec<Piece>> {
    let mut seen = HashSet::with_capacity(tensors.len());
    for t in tensors {
        if !seen.insert(t.name.as_str()) {
            return Err(Error::invalid(format!(
                "two params have the tensor name `{}`: choose another separator",
                t.name
            )));
        }
    }
    let mut order: Vec<usize> = (0..tensors.len()).collect();
    // The `safetensors` crate's order: dtype alignment descending, then name.
    order.sort_by(|&a, &b| {
        let (a, b) = (&tensors[a], &tensors[b]);
        (Reverse(to_st(a.dtype)), &a.name).cmp(&(Reverse(to_st(b.dtype)), &b.name))
    });
    let mut infos = Vec::with_capacity(tensors.len());
    let mut offset = 0u64;
    for &index in &order {
        let t = &tensors[index];
        let (_, nbytes) =
            sizes(&t.shape, t.dtype).map_err(|e| Error::invalid(format!("`{}`: {e}", t.name)))?;
        let nbytes = nbytes as u64;
        let end = offset
            .checked_add(nbytes)
            .filter(|&e| e <= isize::MAX as u64)
            .ok_or_else(|| Error::invalid("the model has more bytes than a file can hold"))?;
        infos.push((
            t.name.clone(),
            TensorInfo {
                dtype: to_st(t.dtype),
                shape: t.shape.clone(),
                data_offsets: (offset as usize, end as usize),
            },
        ));
        offset = end;
    }
    let metadata = Metadata::new(metadata, infos)
        .map_err(|e| Error::invalid(format!("cannot describe the tensors: {e}")))?;
    let mut json = serde_json::to_string(&metadata)
        .map_err(|e| Error::invalid(format!("cannot write the safetensors header: {e}")))?
        .into_bytes();
    // Padded with spaces to a multiple of 8, as the `safetensors` crate does.
    json.resize(json.len().next_multiple_of(8), b' ');
    if json.len() > MAX_HEADER_BYTES {
        return Err(Error::invalid(format!(
                "the safetensors header would be {} bytes, over the format's limit of {MAX_HEADER_BYTES}",
                json.len()
            )));
    }
    let mut header = Vec::with_capacity(8 + json.len());
    header.extend_from_slice(&(json.len() as u64).to_le_bytes());
    header.extend_from_slice(&json);
    let mut pieces = Vec::with_capacity(1 + order.len());
    pieces.push(Piece::Bytes(header));
    pieces.extend(order.into_iter().map(Piece::Tensor));
    Ok(pieces)
}

fn format_error(path: &Path, what: impl fmt::Display) -> Error {
    Error::Format(format!(
        "{} is not a valid safetensors file: {what}",
        path.display()
    ))
}

impl Reader for Safetensors {
    fn index(&self, file: &mut File, path: &Path, len: u64) -> Result<Vec<StoredTensor>> {
        let io = |source| Error::Io {
            path: path.to_path_buf(),
            source,
        };
        if len < 8 {
            return Err(format_error(
                path,
                format!(
                    "it is {len} bytes long, shorter than the 8-byte header length (truncated?)"
                ),
            ));
        }
        let mut n = [0u8; 8];
        file.read_exact(&mut n).map_err(io)?;
        let n = u64::from_le_bytes(n);
        if n > MAX_HEADER_BYTES as u64 {
            return Err(format_error(
                path,
                format!("its header length {n} is over the format's limit of {MAX_HEADER_BYTES} bytes (corrupt?)"),
            ));
        }
        if 8 + n > len {
            return Err(format_error(
                path,
                format!("its header claims {n} bytes but the file is only {len} bytes long (truncated?)"),
            ));
        }
        let mut header = vec![0u8; n as usize];
        file.read_exact(&mut header).map_err(io)?;
        let text = std::str::from_utf8(&header)
            .map_err(|e| format_error(path, format!("its header is not UTF-8 ({e})")))?;
        let entries = serde_json::Deserializer::from_str(text)
            .deserialize_map(HeaderVisitor)
            .map_err(|e| {
                format_error(
                    path,
                    format!("its header is not a valid safetensors header ({e})"),
                )
            })?;
        let data_start = 8 + n;
        let tensors = check_offsets(entries, data_start, len).map_err(|e| format_error(path, e))?;
        Ok(tensors)
    }
}

/// The tensors of a header, checked: each tensor's bytes match its dtype and shape, and the
/// tensors cover the data section exactly, without gaps or overlaps.
fn check_offsets(
    entries: Vec<(String, TensorInfo)>,
    data_start: u64,
    len: u64,
) -> std::result::Result<Vec<StoredTensor>, String> {
    let mut tensors = Vec::with_capacity(entries.len());
    for (name, info) in entries {
        let (start, end) = info.data_offsets;
        let expected = tensor_bytes(info.dtype.bitsize(), &info.shape)
            .ok_or_else(|| format!("the tensor `{name}` has a shape too large for a file"))?;
        if end < start || (end - start) as u64 != expected {
            return Err(format!(
                "the tensor `{name}` ({:?} {:?}) takes {expected} bytes but its offsets {start}..{end} hold {}",
                info.dtype,
                info.shape,
                end.saturating_sub(start)
            ));
        }
        // Offsets past the end of any file (and of u64) are caught here, not by overflow.
        let offset = (start as u64)
            .checked_add(data_start)
            .filter(|&o| o <= len)
            .ok_or_else(|| {
                format!(
                    "the tensor `{name}` starts at byte {start} of the data section, past the end of the file ({} bytes of data)",
                    len.saturating_sub(data_start)
                )
            })?;
        tensors.push(StoredTensor {
            dtype: from_st(info.dtype),
            dtype_name: format!("{:?}", info.dtype),
            shape: info.shape,
            offset,
            len: expected,
            chunks: Vec::new(),
            name,
        });
    }
    tensors.sort_by_key(|t| t.offset);
    let mut at = data_start;
    for t in &tensors {
        if t.offset != at {
            return Err(format!(
                "the tensor `{}` starts at byte {} of the data section, where {} was expected (offsets leave a gap or overlap)",
                t.name,
                t.offset - data_start,
                at - data_start
            ));
        }
        at += t.len;
    }
    if at != len {
        return Err(format!(
            "its header describes {at} bytes but the file is {len} bytes long ({})",
            if len < at {
                "truncated"
            } else {
                "trailing bytes"
            }
        ));
    }
    Ok(tensors)
}

/// Reads the header's map into its entries in order, rejecting a name given twice (JSON
/// parsers keep the last, which would load a tensor the writer did not mean) and skipping
/// `__metadata__`.
struct HeaderVisitor;

impl<'de> Visitor<'de> for HeaderVisitor {
    type Value = Vec<(String, TensorInfo)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object of tensor names")
    }

    fn visit_map<A: MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<Self::Value, A::Error> {
        let mut entries = Vec::new();
        let mut seen = HashSet::new();
        while let Some(name) = map.next_key::<String>()? {
            if name == "__metadata__" {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            if !seen.insert(name.clone()) {
                return Err(de::Error::custom(format!(
                    "the tensor name `{name}` appears twice"
                )));
            }
            entries.push((name, map.next_value::<TensorInfo>()?));
        }
        Ok(entries)
    }
}
