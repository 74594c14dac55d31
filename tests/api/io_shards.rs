//! Sharded init: for random shapes, dtypes and shard counts, the shards (flat ranges and row
//! ranges) assemble into the whole param, bit for bit.

#![deny(warnings)]

use fanin::half::{bf16, f16};
use fanin::io::shard::{self, init_shard};
use fanin::ndarray::{Array0, Array1, Array2, Array3, Array4};
use fanin::{Key, Params};

/// Shapes of every rank, every dtype, elementwise and orthogonal initializers.
pub struct Dims {
    pub a: [usize; 1],
    pub b: [usize; 2],
    pub c: [usize; 3],
    pub d: [usize; 4],
    pub o: [usize; 2],
}

#[derive(Params)]
#[params(config = Dims)]
pub struct Model {
    #[shape(cfg.a[0])]
    #[init(normal().stddev(1.0))]
    pub a: Array1<f32>,
    #[shape(cfg.b[0], cfg.b[1])]
    #[init(uniform())]
    pub b: Array2<f64>,
    #[shape(cfg.c[0], cfg.c[1], cfg.c[2])]
    #[init(truncated_normal())]
    pub c: Array3<bf16>,
    #[shape(cfg.d[0], cfg.d[1], cfg.d[2], cfg.d[3])]
    #[init(normal())]
    pub d: Array4<f16>,
    #[shape(cfg.o[0], cfg.o[1])]
    #[init(orthogonal())]
    pub o: Array2<f32>,
    #[shape()]
    #[init(normal())]
    pub s: Array0<f32>,
}

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
    fn dims<const N: usize>(&mut self, max: usize) -> [usize; N] {
        std::array::from_fn(|_| self.below(max + 1))
    }
}

fn random_dims(rng: &mut Rng) -> Dims {
    Dims {
        a: [rng.below(3000)],
        b: rng.dims(40),
        c: rng.dims(12),
        d: rng.dims(6),
        o: [1 + rng.below(12), 1 + rng.below(12)],
    }
}

#[test]
fn row_shards_assemble_into_the_whole() {
    let mut rng = Rng(0x2545f4914f6cdd1d);
    for round in 0..12 {
        let dims = random_dims(&mut rng);
        let key = Key::new(round);
        let plan = Model::plan(&dims).unwrap();
        let whole: Vec<Vec<u8>> = plan.iter().map(|p| p.sample_le(key).unwrap()).collect();
        // The plan agrees with init.
        let model = Model::init(key, &dims).unwrap();
        let mut from_init = Vec::new();
        model.walk(&mut |p| from_init.push(p.view.to_le_bytes()));
        assert_eq!(from_init, whole);
        let count = 1 + rng.below(7);
        let mut assembled = vec![Vec::new(); plan.len()];
        for index in 0..count {
            let shards = init_shard::<Model>(key, &dims, index, count).unwrap();
            assert_eq!(shards.len(), plan.len());
            for (i, s) in shards.into_iter().enumerate() {
                assert_eq!(s.path, plan[i].path);
                let elements: usize = s.shape().iter().product();
                assert_eq!(s.data.len(), elements * s.dtype.size());
                assembled[i].extend_from_slice(&s.data);
            }
        }
        for (i, p) in plan.iter().enumerate() {
            assert_eq!(
                assembled[i], whole[i],
                "round {round}: {} {:?} in {count} row shards",
                p.path, p.shape
            );
        }
    }
}

#[test]
fn flat_ranges_assemble_into_the_whole() {
    let mut rng = Rng(0x9e3779b97f4a7c15);
    for round in 0..12 {
        let dims = random_dims(&mut rng);
        let key = Key::from_data([round as u32, 17]);
        for p in Model::plan(&dims).unwrap() {
            let whole = p.sample_le(key).unwrap();
            // Random cut points, in any order of generation.
            let len = p.len();
            let mut cuts: Vec<usize> = (0..rng.below(6)).map(|_| rng.below(len + 1)).collect();
            cuts.extend([0, len]);
            cuts.sort();
            let mut assembled = Vec::new();
            for w in cuts.windows(2).rev() {
                let part = shard::range_le(&p, key, w[0]..w[1]).unwrap();
                let size = p.dtype.size();
                assert_eq!(part, whole[w[0] * size..w[1] * size], "{} {:?}", p.path, w);
                assembled.insert(0, part);
            }
            assert_eq!(assembled.concat(), whole);
        }
    }
}

#[test]
fn large_ranges_are_filled_in_parallel_with_the_same_bits() {
    let dims = Dims {
        a: [1_000_003],
        b: [1, 1],
        c: [1, 1, 1],
        d: [1, 1, 1, 1],
        o: [1, 1],
    };
    let plan = Model::plan(&dims).unwrap();
    let whole = plan[0].sample_le(Key::new(0)).unwrap();
    let part = shard::range_le(&plan[0], Key::new(0), 12_345..999_999).unwrap();
    assert_eq!(part, whole[12_345 * 4..999_999 * 4]);
}

#[test]
fn out_of_range_requests_are_errors() {
    let dims = Dims {
        a: [10],
        b: [3, 4],
        c: [1, 1, 1],
        d: [1, 1, 1, 1],
        o: [2, 2],
    };
    let plan = Model::plan(&dims).unwrap();
    assert!(shard::range_le(&plan[0], Key::new(0), 5..11).is_err());
    #[allow(clippy::reversed_empty_ranges)]
    let reversed = 6..5;
    assert!(shard::range_le(&plan[0], Key::new(0), reversed).is_err());
    assert!(shard::rows_le(&plan[1], Key::new(0), 0..4).is_err());
    assert!(shard::rows_le(&plan[1], Key::new(0), 3..3)
        .unwrap()
        .is_empty());
    assert!(init_shard::<Model>(Key::new(0), &dims, 3, 3).is_err());
    assert!(init_shard::<Model>(Key::new(0), &dims, 0, 0).is_err());
    // A scalar has one row, in shard 0.
    let scalar = &plan[5];
    assert_eq!(scalar.shape, Vec::<usize>::new());
    assert_eq!(shard::rows_le(scalar, Key::new(0), 0..1).unwrap().len(), 4);
}
