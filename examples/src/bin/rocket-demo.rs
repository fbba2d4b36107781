//! The demo app on rocket, protected by rasp.

use rasp_examples::{busy_wait, load_rasp, rocket_app, Args, Hits};
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
    if args.null_middleware {
        app = app.attach(NullFairing {
            busy_ns: args.busy_ns,
        });
    } else if !args.unprotected {
        app = app.attach(RaspFairing::new(load_rasp(&args)));
    }
    if let Err(e) = app.launch().await {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

/// A fairing whose request and response hooks do nothing, attached as rasp's
/// is: what rocket charges any such fairing (bench/e2e.py, PROTECT=null);
/// with `--busy-middleware`, its request hook spins that long first.
struct NullFairing {
    busy_ns: u64,
}

#[rocket::async_trait]
impl rocket::fairing::Fairing for NullFairing {
    fn info(&self) -> rocket::fairing::Info {
        rocket::fairing::Info {
            name: "null",
            kind: rocket::fairing::Kind::Request | rocket::fairing::Kind::Response,
        }
    }

    async fn on_request(&self, _: &mut rocket::Request<'_>, _: &mut rocket::Data<'_>) {
        busy_wait(self.busy_ns);
    }

    async fn on_response<'r>(&self, _: &'r rocket::Request<'_>, _: &mut rocket::Response<'r>) {}
}
