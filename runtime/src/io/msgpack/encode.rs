//! Writing Flax's msgpack: the markers as Python's `msgpack.packb` chooses them (the smallest
//! encoding of each length and integer), and the layout of a whole file from tensor specs.

use super::Msgpack;
use crate::io::format::{Piece, TensorSpec};
use crate::size::sizes;
use crate::{Error, Result};

/// Flax's ext type of a numpy array (`_MsgpackExtType.ndarray`).
pub(super) const EXT_NDARRAY: i8 = 1;
/// Flax's ext type of a numpy scalar (`_MsgpackExtType.npscalar`).
pub(super) const EXT_NPSCALAR: i8 = 3;
/// The key that marks a chunked array (`flax.serialization._chunk`).
pub(super) const CHUNKED_KEY: &str = "__msgpack_chunked_array__";

/// Appends msgpack markers to a buffer of bytes.
struct Out<'a>(&'a mut Vec<u8>);

impl Out<'_> {
    /// A length header of the family `(fix, fix limit, 8-bit, 16-bit, 32-bit)`; a marker of
    /// `0` means the family has no member of that width.
    fn header(&mut self, n: u64, fix: Option<(u8, u64)>, wide: [u8; 3]) -> Result<()> {
        match fix {
            Some((marker, limit)) if n < limit => self.0.push(marker | n as u8),
            _ if n < 1 << 8 && wide[0] != 0 => self.0.extend_from_slice(&[wide[0], n as u8]),
            _ if n < 1 << 16 => {
                self.0.push(wide[1]);
                self.0.extend_from_slice(&(n as u16).to_be_bytes());
            }
            _ if n < 1 << 32 => {
                self.0.push(wide[2]);
                self.0.extend_from_slice(&(n as u32).to_be_bytes());
            }
            _ => {
                return Err(Error::invalid(format!(
                    "{n} is over msgpack's limit of 2^32 - 1 for a length"
                )))
            }
        }
        Ok(())
    }

    fn map(&mut self, n: usize) -> Result<()> {
        self.header(n as u64, Some((0x80, 16)), [0, 0xde, 0xdf])
    }

    fn array(&mut self, n: usize) -> Result<()> {
        self.header(n as u64, Some((0x90, 16)), [0, 0xdc, 0xdd])
    }

    fn str(&mut self, s: &str) -> Result<()> {
        self.header(s.len() as u64, Some((0xa0, 32)), [0xd9, 0xda, 0xdb])?;
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }

    fn bin_header(&mut self, n: u64) -> Result<()> {
        self.header(n, None, [0xc4, 0xc5, 0xc6])
    }

    fn ext_header(&mut self, ext: i8, n: u64) -> Result<()> {
        match n {
            1 => self.0.push(0xd4),
            2 => self.0.push(0xd5),
            4 => self.0.push(0xd6),
            8 => self.0.push(0xd7),
            16 => self.0.push(0xd8),
            _ => self.header(n, None, [0xc7, 0xc8, 0xc9])?,
        }
        self.0.push(ext as u8);
        Ok(())
    }

    fn uint(&mut self, v: u64) {
        match v {
            0..0x80 => self.0.push(v as u8),
            0x80..0x100 => self.0.extend_from_slice(&[0xcc, v as u8]),
            0x100..0x1_0000 => {
                self.0.push(0xcd);
                self.0.extend_from_slice(&(v as u16).to_be_bytes());
            }
            0x1_0000..0x1_0000_0000 => {
                self.0.push(0xce);
                self.0.extend_from_slice(&(v as u32).to_be_bytes());
            }
            _ => {
                self.0.push(0xcf);
                self.0.extend_from_slice(&v.to_be_bytes());
            }
        }
    }
}

/// A node of the tree the flat names make: a map of keys in first-seen order, or a tensor.
enum Node {
    Map(Vec<(String, Node)>),
    Tensor(usize),
}

/// Nests the flat names (`a.b.kernel`) into maps, keeping the order in which keys first
/// appear (the params' declaration order, as Flax's dicts keep insertion order).
fn nest(tensors: &[TensorSpec], separator: &str) -> Result<Vec<(String, Node)>> {
    let mut root = Vec::new();
    for (index, t) in tensors.iter().enumerate() {
        let segments: Vec<&str> = match separator.is_empty() {
            true => vec![t.name.as_str()],
            false => t.name.split(separator).collect(),
        };
        let Some((last, modules)) = segments.split_last() else {
            return Err(clash(&t.name));
        };
        let mut map = &mut root;
        for module in modules {
            let at = match map.iter().position(|(k, _)| k == module) {
                Some(at) => at,
                None => {
                    map.push((module.to_string(), Node::Map(Vec::new())));
                    map.len() - 1
                }
            };
            map = match &mut map[at].1 {
                Node::Map(children) => children,
                Node::Tensor(_) => return Err(clash(&t.name)),
            };
        }
        if map.iter().any(|(k, _)| k == last) {
            return Err(clash(&t.name));
        }
        map.push((last.to_string(), Node::Tensor(index)));
    }
    Ok(root)
}

fn clash(name: &str) -> Error {
    Error::invalid(format!(
        "the tensor `{name}` clashes with another one in the nested maps (a name that is also a module, or twice): choose another separator"
    ))
}

/// Lays out a whole file.
pub(super) fn layout(format: &Msgpack, tensors: &[TensorSpec]) -> Result<Vec<Piece>> {
    let root = nest(tensors, &format.separator)?;
    let mut pieces = Vec::new();
    let mut bytes = Vec::new();
    write_map(format, tensors, &root, &mut bytes, &mut pieces)?;
    if !bytes.is_empty() {
        pieces.push(Piece::Bytes(bytes));
    }
    Ok(pieces)
}

fn write_map(
    format: &Msgpack,
    tensors: &[TensorSpec],
    map: &[(String, Node)],
    bytes: &mut Vec<u8>,
    pieces: &mut Vec<Piece>,
) -> Result<()> {
    Out(bytes).map(map.len())?;
    for (key, node) in map {
        Out(bytes).str(key)?;
        match node {
            Node::Map(children) => write_map(format, tensors, children, bytes, pieces)?,
            Node::Tensor(index) => write_tensor(format, tensors, *index, bytes, pieces)?,
        }
    }
    Ok(())
}

/// A tensor: one ndarray ext, or Flax's chunked form when it is over the chunk limit.
fn write_tensor(
    format: &Msgpack,
    tensors: &[TensorSpec],
    index: usize,
    bytes: &mut Vec<u8>,
    pieces: &mut Vec<Piece>,
) -> Result<()> {
    let t = &tensors[index];
    let (len, nbytes) =
        sizes(&t.shape, t.dtype).map_err(|e| Error::invalid(format!("`{}`: {e}", t.name)))?;
    if nbytes as u64 <= format.max_chunk_bytes {
        ndarray_ext(&t.shape, t.dtype.name(), nbytes as u64, bytes)?;
        pieces.push(Piece::Bytes(std::mem::take(bytes)));
        pieces.push(Piece::Tensor(index));
        return Ok(());
    }
    // `_chunk`: {'__msgpack_chunked_array__': True, 'shape': {'0': d0, ..},
    // 'chunks': {'0': flat[0:c], '1': flat[c:2c], ..}}, c = max(1, limit // itemsize).
    let size = t.dtype.size();
    let per_chunk = (format.max_chunk_bytes / size as u64).max(1) as usize;
    let mut out = Out(bytes);
    out.map(3)?;
    out.str(CHUNKED_KEY)?;
    out.0.push(0xc3);
    out.str("shape")?;
    out.map(t.shape.len())?;
    for (i, &d) in t.shape.iter().enumerate() {
        out.str(&i.to_string())?;
        out.uint(d as u64);
    }
    out.str("chunks")?;
    out.map(len.div_ceil(per_chunk))?;
    for (i, start) in (0..len).step_by(per_chunk).enumerate() {
        let count = per_chunk.min(len - start);
        Out(bytes).str(&i.to_string())?;
        ndarray_ext(&[count], t.dtype.name(), (count * size) as u64, bytes)?;
        pieces.push(Piece::Bytes(std::mem::take(bytes)));
        pieces.push(Piece::Part {
            tensor: index,
            start,
            len: count,
        });
    }
    Ok(())
}

/// The ext header and payload prefix of `_ndarray_to_bytes`: `packb((shape, dtype_name,
/// data), use_bin_type=True)`, up to the data, which follows.
fn ndarray_ext(shape: &[usize], dtype: &str, nbytes: u64, bytes: &mut Vec<u8>) -> Result<()> {
    let mut prefix = Vec::new();
    let mut out = Out(&mut prefix);
    out.array(3)?;
    out.array(shape.len())?;
    for &d in shape {
        out.uint(d as u64);
    }
    out.str(dtype)?;
    out.bin_header(nbytes)?;
    Out(bytes).ext_header(EXT_NDARRAY, prefix.len() as u64 + nbytes)?;
    bytes.extend_from_slice(&prefix);
    Ok(())
}
