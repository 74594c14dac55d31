//! Sharded init: any block of a param (a flat index range, or a range of rows of its leading
//! axis) generated on its own, bit-identical to the same slice of the whole param, so that
//! each host of a tensor-parallel setup makes only its shard.
//!
//! Element `i` of a param drawn by an elementwise initializer depends only on the key and
//! `i` (Threefry with `jax_threefry_partitionable=True`), so a shard costs only its size.
//! Orthogonal-family initializers (`orthogonal`, `delta_orthogonal`; [`ParamPlan::elementwise`]
//! is `false`) need the whole matrix for its QR: for those params every function here
//! generates the whole param and keeps the slice, so each shard costs the whole param.

use std::ops::Range;

use crate::alloc::try_zeroed_vec;
use crate::parallel::try_for_each_chunk_of;
use crate::params::{ParamPath, ParamPlan};
use crate::{ElementType, Error, Key, Params, Result};

/// Elements `range` of the row-major flattening of the param `plan`, drawn with the root key
/// `root`, as little-endian bytes: the same bytes as that slice of the whole param.
/// Elementwise params cost only the range (filled in parallel); orthogonal-family params are
/// generated whole and sliced (see the [module docs](self)).
///
/// ```
/// use fanin::{io::shard, Key, Params};
/// use fanin::ndarray::Array2;
///
/// #[derive(Params)]
/// #[init(kernel = lecun_normal())]
/// struct Dense { #[shape(8, 4)] kernel: Array2<f32> }
///
/// let plan = Dense::plan(&())?;
/// let part = shard::range_le(&plan[0], Key::new(0), 5..13)?;
/// let whole = plan[0].sample_le(Key::new(0))?;
/// assert_eq!(part, whole[5 * 4..13 * 4]);
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn range_le(plan: &ParamPlan, root: Key, range: Range<usize>) -> Result<Vec<u8>> {
    let len = plan.len();
    if range.start > range.end || range.end > len {
        return Err(Error::invalid(format!(
            "{}: the element range {range:?} is not within the {len} elements of shape {:?}",
            plan.path, plan.shape
        )));
    }
    let size = plan.dtype.size();
    let mut out = try_zeroed_vec((range.end - range.start) * size)
        .map_err(|e| Error::invalid(format!("{}: {e}", plan.path)))?;
    if !plan.elementwise {
        plan.fill_le(root, range.start as u64, &mut out)?;
        return Ok(out);
    }
    try_for_each_chunk_of(range.start as u64, &mut out, size, &|at, chunk| {
        plan.fill_le(root, at, chunk)
    })?;
    Ok(out)
}

/// Rows `rows` of the leading axis of the param `plan` (a rank-0 param has one row), as
/// little-endian bytes: the same bytes as `whole[rows]` of the param made whole. See
/// [`range_le`] for the cost.
///
/// ```
/// use fanin::{io::shard, Key, Params};
/// use fanin::ndarray::{s, Array2};
///
/// #[derive(Params)]
/// #[init(embedding = normal())]
/// struct Embed { #[shape(10, 3)] embedding: Array2<f32> }
///
/// let plan = Embed::plan(&())?;
/// let rows = shard::rows_le(&plan[0], Key::new(0), 4..7)?;
/// let whole = Embed::init(Key::new(0), &())?.embedding;
/// let expected: Vec<u8> = whole.slice(s![4..7, ..]).iter().flat_map(|v| v.to_le_bytes()).collect();
/// assert_eq!(rows, expected);
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn rows_le(plan: &ParamPlan, root: Key, rows: Range<usize>) -> Result<Vec<u8>> {
    let (count, row_len) = row_geometry(&plan.shape);
    if rows.start > rows.end || rows.end > count {
        return Err(Error::invalid(format!(
            "{}: the row range {rows:?} is not within the {count} rows of shape {:?}",
            plan.path, plan.shape
        )));
    }
    range_le(plan, root, rows.start * row_len..rows.end * row_len)
}

/// The number of rows (leading axis; 1 for a scalar) and the elements per row.
fn row_geometry(shape: &[usize]) -> (usize, usize) {
    match shape.split_first() {
        Some((&rows, rest)) => (rows, rest.iter().product()),
        None => (1, 1),
    }
}

/// Shard `index` of `count` near-equal consecutive ranges of `0..len`, as NumPy's
/// `array_split`: the first `len % count` shards have one more item.
///
/// ```
/// use fanin::io::shard::split;
/// assert_eq!(split(10, 3, 0)?, 0..4);
/// assert_eq!(split(10, 3, 1)?, 4..7);
/// assert_eq!(split(10, 3, 2)?, 7..10);
/// assert_eq!(split(2, 4, 3)?, 2..2);   // more shards than rows: empty shards
/// assert!(split(10, 3, 3).is_err());
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn split(len: usize, count: usize, index: usize) -> Result<Range<usize>> {
    if index >= count {
        return Err(Error::invalid(format!(
            "shard {index} of {count}: the index must be below the number of shards"
        )));
    }
    let (base, extra) = (len / count, len % count);
    let start = index * base + index.min(extra);
    let end = start + base + usize::from(index < extra);
    Ok(start..end)
}

/// One shard of one param: rows `rows` of its leading axis.
#[derive(Clone, Debug, PartialEq)]
pub struct Shard {
    /// The param's path.
    pub path: ParamPath,
    /// The param's element type.
    pub dtype: ElementType,
    /// The shape of the whole param.
    pub full_shape: Vec<usize>,
    /// The rows of the leading axis this shard holds (`0..1` of a scalar).
    pub rows: Range<usize>,
    /// The values, little-endian, row-major: `rows.len()` rows of the whole param.
    pub data: Vec<u8>,
}

impl Shard {
    /// The shape of this block: the whole shape with the leading axis cut to `rows` (a
    /// scalar's shard `0..1` has the shape `[]`, its empty shards `[0]`).
    ///
    /// ```
    /// use fanin::{io::shard, Key, Params};
    /// use fanin::ndarray::Array2;
    ///
    /// #[derive(Params)]
    /// #[init(kernel = lecun_normal())]
    /// struct Dense { #[shape(10, 3)] kernel: Array2<f32> }
    ///
    /// let shards = shard::init_shard::<Dense>(Key::new(0), &(), 1, 3)?;
    /// assert_eq!(shards[0].shape(), vec![3, 3]);
    /// # Ok::<(), fanin::Error>(())
    /// ```
    pub fn shape(&self) -> Vec<usize> {
        let mut shape = self.full_shape.clone();
        match shape.first_mut() {
            Some(first) => *first = self.rows.len(),
            None if self.rows.is_empty() => shape.push(0),
            None => {}
        }
        shape
    }
}

/// Shard `index` of `count` of every param of the model of `config` drawn with `key`: each
/// param's leading axis split as [`split`] does, in declaration order. Concatenating the
/// shards `0..count` of a param gives the whole param, bit for bit, so each process of a
/// tensor-parallel setup calls this with its own index and makes only its rows.
/// Orthogonal-family params are generated whole in every process (see the
/// [module docs](self)). A scalar param belongs to shard 0 (the others hold `0..0` of it).
///
/// ```
/// use fanin::{io::shard, Key, Params};
/// use fanin::ndarray::{Array1, Array2};
///
/// #[derive(Params)]
/// #[init(kernel = lecun_normal(), bias = zeros_init())]
/// struct Dense {
///     #[shape(7, 4)]
///     kernel: Array2<f32>,
///     #[shape(4)]
///     bias: Array1<f32>,
/// }
///
/// let whole = Dense::plan(&())?[0].sample_le(Key::new(0))?;
/// let mut kernel = Vec::new();
/// for index in 0..3 {
///     let shards = shard::init_shard::<Dense>(Key::new(0), &(), index, 3)?;
///     assert_eq!(shards[0].path.to_string(), "kernel");
///     kernel.extend_from_slice(&shards[0].data);
/// }
/// assert_eq!(kernel, whole);
/// # Ok::<(), fanin::Error>(())
/// ```
pub fn init_shard<M: Params>(
    key: Key,
    config: &M::Config,
    index: usize,
    count: usize,
) -> Result<Vec<Shard>> {
    M::plan(config)?
        .iter()
        .map(|plan| {
            let (rows_total, _) = row_geometry(&plan.shape);
            let rows = split(rows_total, count, index)?;
            Ok(Shard {
                path: plan.path.clone(),
                dtype: plan.dtype,
                full_shape: plan.shape.clone(),
                data: rows_le(plan, key, rows.clone())?,
                rows,
            })
        })
        .collect()
}
