//! The layout of a safetensors file: tensor order, offsets and header bytes, computed from
//! names, dtypes and shapes alone, exactly as the `safetensors` crate computes them (so a
//! streamed file and a saved one are the same bytes).

use std::cmp::Reverse;
use std::collections::HashSet;

use safetensors::tensor::{Metadata, TensorInfo};
use safetensors::Dtype as StDtype;

use crate::{ElementType, Error, Result};

/// The safetensors header may hold at most this many bytes (the crate's own limit).
pub(crate) const MAX_HEADER_BYTES: usize = 100_000_000;

/// One tensor of a file.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    /// Its position in the list the layout was made from (the model's declaration order).
    pub index: usize,
}

/// Tensors in file order, and the bytes that precede their data.
#[derive(Debug)]
pub(crate) struct Layout {
    /// Sorted as the `safetensors` crate sorts: by dtype alignment (largest first), then name.
    pub entries: Vec<Entry>,
    /// The 8-byte little-endian header length, then the JSON header padded with spaces.
    pub header: Vec<u8>,
    /// The bytes of the data section.
    pub data_bytes: u64,
}

/// The safetensors dtype of a fanin dtype.
pub(crate) fn to_st(dtype: ElementType) -> StDtype {
    match dtype {
        ElementType::F32 => StDtype::F32,
        ElementType::F64 => StDtype::F64,
        ElementType::BF16 => StDtype::BF16,
        ElementType::F16 => StDtype::F16,
    }
}

/// The fanin dtype of a safetensors dtype, if it is one of fanin's.
pub(crate) fn from_st(dtype: StDtype) -> Option<ElementType> {
    match dtype {
        StDtype::F32 => Some(ElementType::F32),
        StDtype::F64 => Some(ElementType::F64),
        StDtype::BF16 => Some(ElementType::BF16),
        StDtype::F16 => Some(ElementType::F16),
        _ => None,
    }
}

/// The bytes of a tensor, or an error if they overflow.
pub(crate) fn tensor_bytes(name: &str, dtype: ElementType, shape: &[usize]) -> Result<u64> {
    shape
        .iter()
        .try_fold(dtype.size() as u64, |acc, &d| acc.checked_mul(d as u64))
        .filter(|&n| n <= isize::MAX as u64)
        .ok_or_else(|| {
            Error::invalid(format!(
                "`{name}`: shape {shape:?} of {dtype} has more bytes than a file can hold"
            ))
        })
}

/// The layout of tensors given in declaration order as `(name, dtype, shape)`.
pub(crate) fn layout(tensors: Vec<(String, ElementType, Vec<usize>)>) -> Result<Layout> {
    let mut seen = HashSet::with_capacity(tensors.len());
    for (name, _, _) in &tensors {
        if !seen.insert(name.as_str()) {
            return Err(Error::invalid(format!(
                "two params have the tensor name `{name}`: choose another separator"
            )));
        }
    }
    let mut order: Vec<usize> = (0..tensors.len()).collect();
    // The `safetensors` crate's order: dtype alignment descending, then name.
    order.sort_by(|&a, &b| {
        let (na, da, _) = &tensors[a];
        let (nb, db, _) = &tensors[b];
        (Reverse(to_st(*da)), na).cmp(&(Reverse(to_st(*db)), nb))
    });
    let mut entries = Vec::with_capacity(tensors.len());
    let mut infos = Vec::with_capacity(tensors.len());
    let mut offset = 0u64;
    for index in order {
        let (name, dtype, shape) = &tensors[index];
        let nbytes = tensor_bytes(name, *dtype, shape)?;
        let end = offset
            .checked_add(nbytes)
            .filter(|&e| e <= isize::MAX as u64)
            .ok_or_else(|| Error::invalid("the model has more bytes than a file can hold"))?;
        infos.push((
            name.clone(),
            TensorInfo {
                dtype: to_st(*dtype),
                shape: shape.clone(),
                data_offsets: (offset as usize, end as usize),
            },
        ));
        entries.push(Entry { index });
        offset = end;
    }
    let metadata = Metadata::new(None, infos)
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
    Ok(Layout {
        entries,
        header,
        data_bytes: offset,
    })
}
