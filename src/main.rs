//! Entry point of the page: sets the panic hook, starts the offline cache
//! and mounts the app. Everything else lives in the library so tests can
//! reach it.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    kpi_scorecard::app::start_offline_cache();
    leptos::mount::mount_to_body(kpi_scorecard::app::App);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "kpi-scorecard is a web page: build and serve it with `cargo xtask serve`, \
         or build the static site with `cargo xtask dist`."
    );
    std::process::exit(2);
}
