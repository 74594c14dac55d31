//! `rand` integration: `KeyRng` draws the Threefry bit stream of a key, and `Key::from_rng`
//! makes a key from any `rand` generator.

#![deny(warnings)]

use fanin::{random, Key, KeyRng};
use rand::rngs::{SmallRng, StdRng};
use rand::{Rng, RngCore, SeedableRng};
use rand_distr::{Distribution, Gamma, StandardNormal};

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
    let mut c = KeyRng::new(key);
    let mut buf = [0u8; 8];
    c.try_fill_bytes(&mut buf).unwrap();
    assert_eq!(buf, eight);
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
    assert_eq!(
        KeyRng::from_seed([0; 8]).next_u32(),
        KeyRng::new(Key::new(0)).next_u32()
    );
}

#[test]
fn rand_distr_draws_deterministically() {
    let draw = || {
        let mut rng = KeyRng::new(Key::new(0));
        let normal: Vec<f64> = (0..1000).map(|_| StandardNormal.sample(&mut rng)).collect();
        let gamma = Gamma::new(2.0, 3.0).unwrap();
        let g: Vec<f64> = (0..100).map(|_| gamma.sample(&mut rng)).collect();
        let u: f32 = rng.gen_range(-1.0..1.0);
        (normal, g, u)
    };
    let (normal, g, u) = draw();
    assert_eq!(draw(), (normal.clone(), g.clone(), u));
    let mean = normal.iter().sum::<f64>() / normal.len() as f64;
    let var = normal.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / normal.len() as f64;
    assert!(mean.abs() < 0.1, "{mean}");
    assert!((var - 1.0).abs() < 0.15, "{var}");
    assert!(g.iter().all(|&x| x > 0.0));
    assert!((-1.0..1.0).contains(&u));
}

#[test]
fn key_from_rng_takes_two_words() {
    let a = Key::from_rng(&mut StdRng::seed_from_u64(1));
    let b = Key::from_rng(&mut StdRng::seed_from_u64(1));
    let c = Key::from_rng(&mut StdRng::seed_from_u64(2));
    assert_eq!(a, b);
    assert_ne!(a, c);
    let mut small = SmallRng::seed_from_u64(5);
    let mut copy = small.clone();
    let key = Key::from_rng(&mut small);
    assert_eq!(key.data(), [copy.next_u32(), copy.next_u32()]);
    // A KeyRng round trip: the key from the first two words of a stream.
    let mut rng = KeyRng::new(Key::new(9));
    let bits = random::bits(Key::new(9), &[2]);
    assert_eq!(Key::from_rng(&mut rng).data(), [bits[0], bits[1]]);
    // Works through a trait object too.
    let mut boxed: Box<dyn RngCore> = Box::new(StdRng::seed_from_u64(1));
    assert_eq!(Key::from_rng(boxed.as_mut()), a);
}
