use fanin::ndarray::{Array2, ArrayD};
use fanin::Params;

// `#[shape(..axes)]` gives every axis: it needs an `ArrayD` and stands alone.
#[derive(Params)]
struct M {
    #[shape(..vec![2, 3])]
    #[init(normal())]
    static_rank: Array2<f32>,
    #[shape(2, ..vec![3])]
    #[init(normal())]
    mixed: ArrayD<f32>,
}

fn main() {}
