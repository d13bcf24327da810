//! The Leptos shell: holds signals, calls the engine, shows what comes back.

mod route;
mod settings;
mod shell;

pub use route::Area;
pub use settings::{SETTINGS_KEY, Settings};
pub use shell::App;
