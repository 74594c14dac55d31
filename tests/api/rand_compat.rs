//! `rand` integration: `KeyRng` draws the Threefry bit stream of a key (inherent methods, no
//! feature), implements the generator traits of rand_core 0.6 / 0.9 / 0.10 under each
//! feature, and `Key::from_rng` makes a key from a generator of any enabled version.
//! Each version's module runs only with its feature (`cargo test --all-features` runs all).

#![deny(warnings)]

use fanin::{random, Key, KeyRng};

#[test]
fn words_are_jax_random_bits() {
    for key in [Key::new(0), Key::new(42), Key::from_data([0xdead_beef, 7])] {
        let bits = random::bits(key, &[1000]);
        let mut rng = KeyRng::new(key);
        let words: Vec<u32> = (0..1000).map(|_| rng.next_u32()).collect();
        assert_eq!(words, bits.as_slice().unwrap());
        assert_eq!(rng.word_pos(), 1000);
    }
}

#[test]
fn next_u64_and_fill_bytes_follow_the_documented_order() {
    let key = Key::new(7);
    let bits = random::bits(key, &[64]);
    let mut rng = KeyRng::new(key);
    let expected = |i: usize| bits[i] as u64 | (bits[i + 1] as u64) << 32;
    assert_eq!(rng.next_u64(), expected(0));
    assert_eq!(rng.next_u64(), expected(2));
    // Mixed with next_u32: the stream goes on word by word.
    assert_eq!(rng.next_u32(), bits[4]);
    assert_eq!(rng.next_u64(), expected(5));
    // fill_bytes: words as little-endian bytes; a partial word uses one whole word.
    let mut bytes = [0u8; 10];
    rng.fill_bytes(&mut bytes);
    let mut expected_bytes = Vec::new();
    for i in 7..10 {
        expected_bytes.extend_from_slice(&bits[i].to_le_bytes());
    }
    assert_eq!(&bytes[..], &expected_bytes[..10]);
    assert_eq!(rng.word_pos(), 10);
    // Eight bytes are next_u64's.
    let mut a = KeyRng::new(key);
    let mut b = KeyRng::new(key);
    let mut eight = [0u8; 8];
    a.fill_bytes(&mut eight);
    assert_eq!(eight, b.next_u64().to_le_bytes());
}

#[test]
fn deterministic_across_block_boundaries_and_jumps() {
    let key = Key::new(3);
    let bits = random::bits(key, &[300]);
    let mut a = KeyRng::new(key);
    let mut b = a.clone();
    for i in 0..300 {
        assert_eq!(a.next_u32(), bits[i]);
        assert_eq!(b.next_u32(), bits[i]);
    }
    for pos in [299u64, 0, 63, 64, 65, 128, 5] {
        a.set_word_pos(pos);
        assert_eq!(a.word_pos(), pos);
        assert_eq!(a.next_u32(), bits[pos as usize], "at {pos}");
    }
    // Another key gives another stream.
    let mut other = KeyRng::new(Key::new(4));
    let mut same = KeyRng::new(key);
    let x: Vec<u32> = (0..8).map(|_| other.next_u32()).collect();
    let y: Vec<u32> = (0..8).map(|_| same.next_u32()).collect();
    assert_ne!(x, y);
    assert_eq!(KeyRng::from_seed([0; 8]).key(), Key::new(0));
    let mut seed = [0u8; 8];
    seed[..4].copy_from_slice(&0xdead_beefu32.to_le_bytes());
    seed[4..].copy_from_slice(&7u32.to_le_bytes());
    assert_eq!(
        KeyRng::from_seed(seed).key(),
        Key::from_data([0xdead_beef, 7])
    );
}

/// Normal draws from one `KeyRng` stream: deterministic, and roughly standard.
#[cfg(any(
    feature = "rand_core_0_6",
    feature = "rand_core_0_9",
    feature = "rand_core_0_10"
))]
fn check_normal_draws(draw: impl Fn() -> (Vec<f64>, Vec<f64>, f32)) {
    let (normal, g, u) = draw();
    assert_eq!(draw(), (normal.clone(), g.clone(), u));
    let mean = normal.iter().sum::<f64>() / normal.len() as f64;
    let var = normal.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / normal.len() as f64;
    assert!(mean.abs() < 0.1, "{mean}");
    assert!((var - 1.0).abs() < 0.15, "{var}");
    assert!(g.iter().all(|&x| x > 0.0));
    assert!((-1.0..1.0).contains(&u));
}

/// The tests every version shares; `$core` is the version's rand_core (as re-exported by its
/// rand), `$distr` its rand_distr, `$range` the name of its `gen_range`.
#[cfg(any(
    feature = "rand_core_0_6",
    feature = "rand_core_0_9",
    feature = "rand_core_0_10"
))]
macro_rules! bridge_tests {
    ($rand:ident, $distr:ident, $core_rng:path, $range:ident) => {
        use fanin::{random, Key, KeyRng};
        use $core_rng as CoreRng;
        use $distr::{Distribution, Gamma, StandardNormal};
        use $rand::rngs::StdRng;
        use $rand::SeedableRng;

        #[test]
        fn trait_methods_are_the_inherent_stream() {
            let key = Key::new(11);
            let bits = random::bits(key, &[8]);
            let mut rng = KeyRng::new(key);
            assert_eq!(CoreRng::next_u32(&mut rng), bits[0]);
            assert_eq!(
                CoreRng::next_u64(&mut rng),
                bits[1] as u64 | (bits[2] as u64) << 32
            );
            let mut bytes = [0u8; 6];
            CoreRng::fill_bytes(&mut rng, &mut bytes);
            assert_eq!(bytes[..4], bits[3].to_le_bytes());
            assert_eq!(bytes[4..], bits[4].to_le_bytes()[..2]);
            assert_eq!(rng.word_pos(), 5);
            // seed_from_u64 expands the number to a seed (rand_core's PCG32), deterministically.
            let seeded = <KeyRng as SeedableRng>::seed_from_u64(5);
            assert_eq!(
                seeded.key(),
                <KeyRng as SeedableRng>::seed_from_u64(5).key()
            );
            assert_ne!(
                seeded.key(),
                <KeyRng as SeedableRng>::seed_from_u64(6).key()
            );
            let mut seed = [0u8; 8];
            seed[4..].copy_from_slice(&42u32.to_le_bytes());
            assert_eq!(<KeyRng as SeedableRng>::from_seed(seed).key(), Key::new(42));
        }

        #[test]
        fn rand_distr_draws_deterministically() {
            super::check_normal_draws(|| {
                let mut rng = KeyRng::new(Key::new(0));
                let normal: Vec<f64> = (0..1000).map(|_| StandardNormal.sample(&mut rng)).collect();
                let gamma = Gamma::new(2.0, 3.0).unwrap();
                let g: Vec<f64> = (0..100).map(|_| gamma.sample(&mut rng)).collect();
                let u: f32 = rng.$range(-1.0..1.0);
                (normal, g, u)
            });
        }

        #[test]
        fn key_from_rng_takes_two_words() {
            let a = Key::from_rng(&mut StdRng::seed_from_u64(1));
            let b = Key::from_rng(&mut StdRng::seed_from_u64(1));
            let c = Key::from_rng(&mut StdRng::seed_from_u64(2));
            assert_eq!(a, b);
            assert_ne!(a, c);
            let mut rng = StdRng::seed_from_u64(5);
            let mut copy = StdRng::seed_from_u64(5);
            let key = Key::from_rng(&mut rng);
            assert_eq!(
                key.data(),
                [CoreRng::next_u32(&mut copy), CoreRng::next_u32(&mut copy)]
            );
            // Through a trait object and through `&mut` too.
            let mut boxed: Box<dyn CoreRng> = Box::new(StdRng::seed_from_u64(1));
            assert_eq!(Key::from_rng(boxed.as_mut()), a);
            let mut inner = StdRng::seed_from_u64(1);
            assert_eq!(Key::from_rng(&mut &mut inner), a);
        }
    };
}

#[cfg(feature = "rand_core_0_6")]
mod rand_0_8 {
    use rand::Rng;
    bridge_tests!(rand, rand_distr, rand::RngCore, gen_range);

    #[test]
    fn small_rng_and_key_rng_as_key_sources() {
        use rand::rngs::SmallRng;
        let mut small = SmallRng::seed_from_u64(5);
        let mut copy = small.clone();
        let key = Key::from_rng(&mut small);
        assert_eq!(
            key.data(),
            [CoreRng::next_u32(&mut copy), CoreRng::next_u32(&mut copy)]
        );
    }
}

#[cfg(feature = "rand_core_0_9")]
mod rand_0_9 {
    use rand_0_9::Rng;
    bridge_tests!(rand_0_9, rand_distr_0_5, rand_0_9::RngCore, random_range);

    #[test]
    fn small_rng_as_key_source() {
        use rand_0_9::rngs::SmallRng;
        let mut small = SmallRng::seed_from_u64(5);
        let mut copy = small.clone();
        let key = Key::from_rng(&mut small);
        assert_eq!(
            key.data(),
            [CoreRng::next_u32(&mut copy), CoreRng::next_u32(&mut copy)]
        );
    }
}

#[cfg(feature = "rand_core_0_10")]
mod rand_0_10 {
    use rand_0_10::RngExt;
    bridge_tests!(rand_0_10, rand_distr_0_6, rand_0_10::Rng, random_range);
}
