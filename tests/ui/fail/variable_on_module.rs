use fanin::ndarray::Array1;
use fanin::Params;

#[derive(Params)]
struct Norm {
    #[variable("batch_stats")]
    #[shape(3)]
    #[init(zeros)]
    mean: Array1<f32>,
}

#[derive(Params)]
struct Model {
    #[variable("batch_stats")]
    #[module]
    norm: Norm,
}

fn main() {}
