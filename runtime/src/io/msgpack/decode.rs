//! Reading Flax's msgpack: the file's structure is parsed (nested maps, numpy arrays as ext
//! types, chunked arrays) without reading the tensors' data, which stays in the file.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use super::encode::{CHUNKED_KEY, EXT_NDARRAY, EXT_NPSCALAR};
use crate::io::format::StoredTensor;
use crate::{ElementType, Error, Result};

/// Deeper nesting than this is refused (a corrupt file must not exhaust the stack).
const MAX_DEPTH: usize = 64;
/// The longest dtype name accepted in an array's payload.
const MAX_DTYPE_NAME: u64 = 64;

/// A parsed value, the data of arrays left in the file.
enum Value {
    Map(Vec<(String, Value)>),
    /// A numpy array or scalar (ext 1 or 3): dtype name, shape, where its data lies.
    Array {
        dtype: String,
        shape: Vec<usize>,
        offset: u64,
        len: u64,
    },
    Bool,
    Uint(u64),
    /// Anything else, by what it is (`an int`, `a string`, `msgpack ext type 2`).
    Other(String),
}

/// What a marker announces.
enum Head {
    Map(u64),
    Array(u64),
    Str(u64),
    Bin(u64),
    Ext(i8, u64),
    Uint(u64),
    Int(i64),
    Bool,
    Nil,
    Float,
}

/// The file being parsed, and where in it.
struct Input<'a> {
    reader: BufReader<&'a mut File>,
    pos: u64,
    len: u64,
    path: &'a Path,
}

impl Input<'_> {
    fn error(&self, what: impl std::fmt::Display) -> Error {
        Error::Format(format!(
            "{} is not a valid Flax msgpack file: {what} (at byte {})",
            self.path.display(),
            self.pos
        ))
    }

    /// Fails unless `n` more bytes lie in the file.
    fn need(&self, n: u64) -> Result<()> {
        if n > self.len - self.pos {
            return Err(self.error(format!(
                "{n} bytes are needed but the file ends {} bytes further (truncated?)",
                self.len - self.pos
            )));
        }
        Ok(())
    }

    fn bytes<const N: usize>(&mut self) -> Result<[u8; N]> {
        self.need(N as u64)?;
        let mut out = [0u8; N];
        self.reader
            .read_exact(&mut out)
            .map_err(|source| Error::Io {
                path: self.path.to_path_buf(),
                source,
            })?;
        self.pos += N as u64;
        Ok(out)
    }

    fn take(&mut self, n: u64) -> Result<Vec<u8>> {
        self.need(n)?;
        let mut out = vec![0u8; n as usize];
        self.reader
            .read_exact(&mut out)
            .map_err(|source| Error::Io {
                path: self.path.to_path_buf(),
                source,
            })?;
        self.pos += n;
        Ok(out)
    }

    fn skip(&mut self, n: u64) -> Result<()> {
        self.need(n)?;
        // `n` is at most the file's length, far below i64::MAX.
        self.reader
            .seek_relative(n as i64)
            .map_err(|source| Error::Io {
                path: self.path.to_path_buf(),
                source,
            })?;
        self.pos += n;
        Ok(())
    }

    fn be(&mut self, width: usize) -> Result<u64> {
        Ok(match width {
            1 => self.bytes::<1>()?[0] as u64,
            2 => u16::from_be_bytes(self.bytes()?) as u64,
            4 => u32::from_be_bytes(self.bytes()?) as u64,
            _ => u64::from_be_bytes(self.bytes()?),
        })
    }

    fn head(&mut self) -> Result<Head> {
        let [m] = self.bytes::<1>()?;
        Ok(match m {
            0x00..=0x7f => Head::Uint(m as u64),
            0x80..=0x8f => Head::Map((m & 0x0f) as u64),
            0x90..=0x9f => Head::Array((m & 0x0f) as u64),
            0xa0..=0xbf => Head::Str((m & 0x1f) as u64),
            0xc0 => Head::Nil,
            0xc2 | 0xc3 => Head::Bool,
            0xc4..=0xc6 => Head::Bin(self.be(1 << (m - 0xc4))?),
            0xc7..=0xc9 => {
                let n = self.be(1 << (m - 0xc7))?;
                Head::Ext(self.bytes::<1>()?[0] as i8, n)
            }
            0xca => {
                self.skip(4)?;
                Head::Float
            }
            0xcb => {
                self.skip(8)?;
                Head::Float
            }
            0xcc..=0xcf => Head::Uint(self.be(1 << (m - 0xcc))?),
            0xd0..=0xd3 => {
                let width = 1 << (m - 0xd0);
                let v = self.be(width)?;
                let shift = 64 - 8 * width as u32;
                Head::Int(((v << shift) as i64) >> shift)
            }
            0xd4..=0xd8 => Head::Ext(self.bytes::<1>()?[0] as i8, 1 << (m - 0xd4)),
            0xd9..=0xdb => Head::Str(self.be(1 << (m - 0xd9))?),
            0xdc | 0xdd => Head::Array(self.be(2 << (m - 0xdc))?),
            0xde | 0xdf => Head::Map(self.be(2 << (m - 0xde))?),
            0xe0..=0xff => Head::Int(m as i8 as i64),
            0xc1 => return Err(self.error("the byte 0xc1, which msgpack never uses")),
        })
    }

    /// A value, maps and arrays parsed, the bytes of strings, bins and exts skipped.
    fn value(&mut self, depth: usize) -> Result<Value> {
        if depth > MAX_DEPTH {
            return Err(self.error(format!("maps nested deeper than {MAX_DEPTH}")));
        }
        Ok(match self.head()? {
            Head::Map(n) => {
                let mut entries = Vec::new();
                for _ in 0..n {
                    let key = self.key()?;
                    entries.push((key, self.value(depth + 1)?));
                }
                Value::Map(entries)
            }
            Head::Array(n) => {
                for _ in 0..n {
                    self.value(depth + 1)?;
                }
                Value::Other("a list".into())
            }
            Head::Str(n) => {
                self.skip(n)?;
                Value::Other("a string".into())
            }
            Head::Bin(n) => {
                self.skip(n)?;
                Value::Other("bytes".into())
            }
            Head::Ext(EXT_NDARRAY | EXT_NPSCALAR, n) => self.ndarray(n)?,
            Head::Ext(code, n) => {
                self.skip(n)?;
                Value::Other(format!("msgpack ext type {code}"))
            }
            Head::Uint(v) => Value::Uint(v),
            Head::Int(_) => Value::Other("an int".into()),
            Head::Bool => Value::Bool,
            Head::Nil => Value::Other("None".into()),
            Head::Float => Value::Other("a float".into()),
        })
    }

    /// A map key: a string (or an int, which Python's msgpack reads as one).
    fn key(&mut self) -> Result<String> {
        match self.head()? {
            Head::Str(n) => {
                let bytes = self.take(n)?;
                String::from_utf8(bytes).map_err(|_| self.error("a map key is not UTF-8"))
            }
            Head::Uint(v) => Ok(v.to_string()),
            Head::Int(v) => Ok(v.to_string()),
            _ => Err(self.error("a map key is neither a string nor an int")),
        }
    }

    /// The payload of `_ndarray_to_bytes`, `n` bytes: `(shape, dtype name, data)`.
    fn ndarray(&mut self, n: u64) -> Result<Value> {
        self.need(n)?;
        let end = self.pos + n;
        let wrong = |input: &Input, what: &str| {
            input.error(format!(
                "an array's ext payload is not (shape, dtype, data): {what}"
            ))
        };
        if !matches!(self.head()?, Head::Array(3)) {
            return Err(wrong(self, "not a 3-tuple"));
        }
        let Head::Array(rank) = self.head()? else {
            return Err(wrong(self, "the shape is not a tuple"));
        };
        let mut shape = Vec::new();
        for _ in 0..rank {
            match self.head()? {
                Head::Uint(d) if d <= isize::MAX as u64 => shape.push(d as usize),
                _ => return Err(wrong(self, "a dimension is not a non-negative int")),
            }
        }
        let dtype = match self.head()? {
            Head::Str(k) | Head::Bin(k) if k <= MAX_DTYPE_NAME => {
                let bytes = self.take(k)?;
                String::from_utf8(bytes).map_err(|_| wrong(self, "the dtype is not UTF-8"))?
            }
            _ => return Err(wrong(self, "the dtype is not a short string")),
        };
        let len = match self.head()? {
            Head::Bin(k) | Head::Str(k) => k,
            _ => return Err(wrong(self, "the data is not bytes")),
        };
        let offset = self.pos;
        self.skip(len)?;
        if self.pos != end {
            return Err(wrong(
                self,
                &format!(
                    "its contents end at byte {} but the ext ends at byte {end}",
                    self.pos
                ),
            ));
        }
        if let Some(t) = element_type(&dtype) {
            let expected = shape
                .iter()
                .try_fold(t.size() as u64, |acc, &d| acc.checked_mul(d as u64));
            if expected != Some(len) {
                return Err(wrong(
                    self,
                    &format!("{len} bytes of data for a {dtype} array of shape {shape:?}"),
                ));
            }
        }
        Ok(Value::Array {
            dtype,
            shape,
            offset,
            len,
        })
    }
}

/// fanin's dtype of a numpy dtype name.
fn element_type(name: &str) -> Option<ElementType> {
    match name {
        "float32" => Some(ElementType::F32),
        "float64" => Some(ElementType::F64),
        "bfloat16" => Some(ElementType::BF16),
        "float16" => Some(ElementType::F16),
        _ => None,
    }
}

/// The tensors of a Flax msgpack file: every leaf of the root map, named by its keys joined
/// by `separator`, in file order. Leaves that are not arrays (a step count, a string) are
/// listed with no dtype, so that a load names them.
pub(super) fn index(
    file: &mut File,
    path: &Path,
    len: u64,
    separator: &str,
) -> Result<Vec<StoredTensor>> {
    let mut input = Input {
        reader: BufReader::new(file),
        pos: 0,
        len,
        path,
    };
    let root = input.value(0)?;
    if input.pos != len {
        return Err(input.error(format!("{} bytes follow the root value", len - input.pos)));
    }
    let Value::Map(entries) = root else {
        return Err(input.error("the root is not a map (Flax writes a state dict)"));
    };
    let mut out = Vec::new();
    flatten(&input, entries, &mut Vec::new(), separator, &mut out)?;
    Ok(out)
}

fn flatten(
    input: &Input,
    entries: Vec<(String, Value)>,
    prefix: &mut Vec<String>,
    separator: &str,
    out: &mut Vec<StoredTensor>,
) -> Result<()> {
    for (key, value) in entries {
        prefix.push(key);
        let name = prefix.join(separator);
        match value {
            Value::Map(children) if children.iter().any(|(k, _)| k == CHUNKED_KEY) => {
                out.push(unchunk(input, &name, children)?)
            }
            Value::Map(children) => flatten(input, children, prefix, separator, out)?,
            Value::Array {
                dtype,
                shape,
                offset,
                len,
            } => out.push(StoredTensor {
                name,
                dtype: element_type(&dtype),
                dtype_name: dtype,
                shape,
                offset,
                len,
                chunks: Vec::new(),
            }),
            Value::Bool => out.push(not_an_array(name, "a bool")),
            Value::Uint(_) => out.push(not_an_array(name, "an int")),
            Value::Other(what) => out.push(not_an_array(name, &what)),
        }
        prefix.pop();
    }
    Ok(())
}

fn not_an_array(name: String, what: &str) -> StoredTensor {
    StoredTensor {
        name,
        dtype: None,
        dtype_name: format!("{what} (not an array)"),
        shape: Vec::new(),
        offset: 0,
        len: 0,
        chunks: Vec::new(),
    }
}

/// A chunked array (`flax.serialization._chunk`): `shape` and `chunks` maps keyed `'0'`,
/// `'1'`, .., the chunks flat pieces of the row-major data, in order.
fn unchunk(input: &Input, name: &str, entries: Vec<(String, Value)>) -> Result<StoredTensor> {
    let wrong = |what: String| input.error(format!("the chunked array `{name}`: {what}"));
    let mut shape_map = None;
    let mut chunk_map = None;
    for (key, value) in entries {
        match (key.as_str(), value) {
            (CHUNKED_KEY, _) => {}
            ("shape", Value::Map(m)) => shape_map = Some(m),
            ("chunks", Value::Map(m)) => chunk_map = Some(m),
            (other, _) => return Err(wrong(format!("an unexpected entry `{other}`"))),
        }
    }
    let (Some(shape_map), Some(chunk_map)) = (shape_map, chunk_map) else {
        return Err(wrong("no `shape` or no `chunks` map".into()));
    };
    let mut shape = Vec::with_capacity(shape_map.len());
    for i in 0..shape_map.len() {
        match shape_map.iter().find(|(k, _)| *k == i.to_string()) {
            Some((_, Value::Uint(d))) if *d <= isize::MAX as u64 => shape.push(*d as usize),
            _ => return Err(wrong(format!("no dimension `{i}` of int value"))),
        }
    }
    let mut dtype_name = None;
    let mut chunks = Vec::with_capacity(chunk_map.len());
    for i in 0..chunk_map.len() {
        match chunk_map.iter().find(|(k, _)| *k == i.to_string()) {
            Some((
                _,
                Value::Array {
                    dtype, offset, len, ..
                },
            )) => {
                if dtype_name.get_or_insert_with(|| dtype.clone()) != dtype {
                    return Err(wrong(format!("chunk `{i}` is {dtype}, another dtype")));
                }
                chunks.push((*offset, *len));
            }
            _ => return Err(wrong(format!("no chunk `{i}` that is an array"))),
        }
    }
    let dtype_name = dtype_name.unwrap_or_else(|| "float32".to_string());
    let dtype = element_type(&dtype_name);
    let total = chunks
        .iter()
        .try_fold(0u64, |acc, &(_, l)| acc.checked_add(l))
        .ok_or_else(|| wrong("its chunks are too large".into()))?;
    if let Some(t) = dtype {
        let expected = shape
            .iter()
            .try_fold(t.size() as u64, |acc, &d| acc.checked_mul(d as u64));
        if expected != Some(total) {
            return Err(wrong(format!(
                "its chunks hold {total} bytes, not those of a {dtype_name} array of shape {shape:?}"
            )));
        }
    }
    Ok(StoredTensor {
        name: name.to_string(),
        dtype,
        dtype_name,
        shape,
        offset: chunks.first().map_or(0, |c| c.0),
        len: total,
        chunks,
    })
}
