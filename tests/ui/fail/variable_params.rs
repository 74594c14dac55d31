use fanin::ndarray::Array1;
use fanin::Params;

#[derive(Params)]
struct Norm {
    #[variable("params")]
    #[shape(3)]
    #[init(ones)]
    scale: Array1<f32>,
}

fn main() {}
