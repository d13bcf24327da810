//! The Leptos shell: holds signals, calls the engine, shows what comes back.

/// `t!(i18n, key)` for a plain text (no values) in a view, through one
/// shared view type ([`messages::text`]) instead of a new one per call.
macro_rules! tr {
    ($i18n:expr, $($key:tt)+) => {
        $crate::app::messages::text($i18n, |locale| {
            $crate::i18n::td_string!(locale, $($key)+)
        })
    };
}

/// `tr_fn!(i18n, key)` for an attribute, through one shared
/// closure type ([`messages::text_fn`]).
macro_rules! tr_fn {
    ($i18n:expr, $($key:tt)+) => {
        $crate::app::messages::text_fn($i18n, |locale| {
            $crate::i18n::td_string!(locale, $($key)+)
        })
    };
}

/// `tr_string!(i18n, key)`, through one shared closure
/// type ([`messages::string_fn`]).
macro_rules! tr_string {
    ($i18n:expr, $($key:tt)+) => {
        $crate::app::messages::string_fn($i18n, |locale| {
            $crate::i18n::td_string!(locale, $($key)+)
        })
    };
}

mod cards;
mod chart_backend;
mod chunk;
mod data;
mod download;
mod files;
mod idb;
mod import;
mod messages;
mod offline;
mod projects;
mod route;
mod scheme;
mod scoring;
mod scroll;
mod settings;
mod shell;
mod slots;
mod state;
mod storage;

pub use import::{read_in_page, set_slice_budget};
pub use kpi_store::workspace::WORKSPACE_KEY;
pub use offline::start_offline_cache;
pub use route::Area;
pub use settings::Settings;
pub use shell::App;
pub use state::MAX_STORED_CHARS;
pub use state::{DATASET_KEY, MAPPINGS_KEY, SCHEME_KEY, SETTINGS_KEY, VIEW_KEY};
