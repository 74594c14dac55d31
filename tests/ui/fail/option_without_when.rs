use fanin::ndarray::Array1;
use fanin::Params;

#[derive(Params)]
struct Dense {
    #[shape(3)]
    #[init(zeros)]
    bias: Option<Array1<f32>>,
}

fn main() {}
