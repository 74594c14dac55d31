use fanin::ndarray::Array1;
use fanin::Params;

#[derive(Params)]
struct Norm {
    #[variable("batch_stats")]
    #[shape(3)]
    #[init(normal())]
    mean: Array1<f32>,
}

fn main() {}
