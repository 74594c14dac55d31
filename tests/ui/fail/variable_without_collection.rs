use fanin::ndarray::Array1;
use fanin::Params;

#[derive(Params)]
struct Norm {
    #[variable]
    #[shape(3)]
    #[init(zeros)]
    mean: Array1<f32>,
    #[variable(batch_stats)]
    #[shape(3)]
    #[init(ones)]
    var: Array1<f32>,
}

fn main() {}
