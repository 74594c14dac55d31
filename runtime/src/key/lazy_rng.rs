//! Flax's key derivation for params: `flax.core.scope.LazyRng` and `_fold_in_static`.
//!
//! Flax never splits keys along a module tree. A param gets `fold_in(root, h)`, where `h`
//! hashes the whole path from the root: the name of each module scope, then the counter of
//! the `make_rng('params')` call inside the innermost scope. Items are concatenated and
//! hashed with SHA-1; `h` is the first four bytes of the digest, big-endian. Under Flax's
//! `flax_fix_rng_separator=True` each item is preceded by a `\0` byte.

use sha1::{Digest, Sha1};

use super::Key;

/// A root key and the path of scopes below it, hashed lazily as Flax's `LazyRng` does.
///
/// ```
/// use fanin::{Key, LazyRng};
/// let root = LazyRng::new(Key::new(0));
/// // The kernel of `Mlp.dense2`: path "dense2", then counter 1.
/// let kernel_key = root.child("dense2").param(1);
/// assert_eq!(kernel_key, root.child("dense2").param(1));
/// assert_ne!(kernel_key, root.child("dense1").param(1));
/// ```
#[derive(Clone, Debug)]
pub struct LazyRng {
    root: Key,
    path: Vec<u8>,
    items: usize,
    /// `flax_fix_rng_separator`: a `\0` before each item.
    separator: bool,
}

impl LazyRng {
    /// The scope of the top module: no path yet.
    pub fn new(root: Key) -> LazyRng {
        LazyRng {
            root,
            path: Vec::new(),
            items: 0,
            separator: false,
        }
    }

    /// The scope of the top module under `flax_fix_rng_separator=True`: every item hashed
    /// (module name, then counter) is preceded by a `\0` byte.
    ///
    /// ```
    /// use fanin::{Key, LazyRng};
    /// let fixed = LazyRng::with_separator(Key::new(0)).child("dense").param(1);
    /// assert_ne!(fixed, LazyRng::new(Key::new(0)).child("dense").param(1));
    /// ```
    pub fn with_separator(root: Key) -> LazyRng {
        LazyRng {
            separator: true,
            ..LazyRng::new(root)
        }
    }

    /// Appends one hashed item.
    fn push_item(&mut self, bytes: &[u8]) {
        if self.separator {
            self.path.push(0);
        }
        self.path.extend_from_slice(bytes);
        self.items += 1;
    }

    /// The key this path started from.
    pub fn root(&self) -> Key {
        self.root
    }

    /// The scope of a submodule named `name` (its field name, Flax's `name=`, or `layers_0`).
    pub fn child(&self, name: &str) -> LazyRng {
        let mut next = self.clone();
        next.push_item(name.as_bytes());
        next
    }

    /// The key of the `counter`-th param of this scope (Flax counts from 1).
    pub fn param(&self, counter: u64) -> Key {
        let mut scope = self.clone();
        scope.push_item(&int_bytes(counter));
        self.root.fold_in(path_hash(&scope.path))
    }

    /// The key of this scope itself: the root when the path is empty, as in Flax.
    pub fn key(&self) -> Key {
        if self.items == 0 {
            self.root
        } else {
            self.root.fold_in(path_hash(&self.path))
        }
    }
}

/// The integer as its fewest big-endian bytes, as Python's
/// `x.to_bytes((x.bit_length() + 7) // 8, 'big')` (zero is no bytes at all).
fn int_bytes(x: u64) -> Vec<u8> {
    let skip = (x.leading_zeros() / 8) as usize;
    x.to_be_bytes()[skip..].to_vec()
}

/// First four bytes of the SHA-1 digest, big-endian.
fn path_hash(bytes: &[u8]) -> u32 {
    let digest = Sha1::digest(bytes);
    u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ints_take_their_fewest_bytes() {
        assert_eq!(int_bytes(0), Vec::<u8>::new());
        assert_eq!(int_bytes(1), vec![1]);
        assert_eq!(int_bytes(255), vec![255]);
        assert_eq!(int_bytes(256), vec![1, 0]);
    }
}
