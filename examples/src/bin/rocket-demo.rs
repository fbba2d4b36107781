//! The demo app on rocket, protected by rasp.

use rasp_examples::{load_rasp, rocket_app, Args, Hits};
use rasp_rocket::RaspFairing;

#[rocket::main]
async fn main() {
    let args = Args::parse();
    let config = rocket::Config {
        address: args.addr.ip(),
        port: args.addr.port(),
        ..rocket::Config::default()
    };
    let mut app = rocket_app::build(Hits::default(), config);
    if !args.unprotected {
        app = app.attach(RaspFairing::new(load_rasp(&args)));
    }
    if let Err(e) = app.launch().await {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
