//! [`KeySource`]: what [`Key::from_rng`](crate::Key::from_rng) draws a key from. The impls,
//! one per `rand_core` version behind its feature, are in `rand_bridge`.

/// A generator that [`Key::from_rng`](crate::Key::from_rng) can draw a key from: any
/// `RngCore` of `rand_core` 0.6 (rand 0.8), 0.9 (rand 0.9) or 0.10 (`Rng`, rand 0.10) whose
/// feature is on. `Version` is a marker the compiler infers; the trait is sealed.
///
/// A type that implements several versions at once (as [`KeyRng`](crate::KeyRng) does with
/// several features on) leaves `Version` ambiguous; write
/// `Key::from_data([rng.next_u32(), rng.next_u32()])` for it.
///
/// ```
/// # #[cfg(feature = "rand_core_0_6")] {
/// use fanin::Key;
/// use rand::{rngs::StdRng, SeedableRng};   // rand 0.8, feature `rand_core_0_6`
/// let mut rng = StdRng::seed_from_u64(1);
/// let mut copy = rng.clone();
/// use rand::RngCore;
/// assert_eq!(Key::from_rng(&mut rng).data(), [copy.next_u32(), copy.next_u32()]);
/// # }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a generator of a `rand_core` version enabled in fanin",
    label = "a generator of rand 0.8, 0.9 or 0.10 whose fanin feature is on",
    note = "enable the fanin feature of your `rand`: rand 0.8 (rand_core 0.6) needs `rand_core_0_6`, rand 0.9 needs `rand_core_0_9`, rand 0.10 needs `rand_core_0_10`"
)]
pub trait KeySource<Version>: sealed::Sealed<Version> {
    /// The next 32-bit word of the generator (its `next_u32`).
    ///
    /// ```
    /// # #[cfg(feature = "rand_core_0_6")] {
    /// use fanin::random::KeySource;
    /// use rand::{rngs::StdRng, RngCore, SeedableRng};
    /// let word = KeySource::next_key_word(&mut StdRng::seed_from_u64(1));
    /// assert_eq!(word, StdRng::seed_from_u64(1).next_u32());
    /// # }
    /// ```
    fn next_key_word(&mut self) -> u32;
}

/// Keeps [`KeySource`] to the bridges' impls.
pub(crate) mod sealed {
    pub trait Sealed<Version> {}
}

/// The version markers; unnameable outside, so no one else implements [`KeySource`].
#[allow(dead_code, unreachable_pub)]
pub(crate) mod version {
    pub struct RandCore0_6;
    pub struct RandCore0_9;
    pub struct RandCore0_10;
}
