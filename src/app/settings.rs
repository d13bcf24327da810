//! User settings kept in localStorage.
//!
//! The stored value carries a version so later releases can migrate it; an
//! item that cannot be read is copied aside (never silently dropped) before
//! anything new is written under the key.

use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};

/// The localStorage key of the settings.
pub const SETTINGS_KEY: &str = "kpi-scorecard.settings";

/// Where an unreadable settings item is kept aside.
pub const SETTINGS_UNREADABLE_KEY: &str = "kpi-scorecard.settings.unreadable";

const SETTINGS_VERSION: u32 = 1;

/// Settings that follow the user across reloads.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// Stored format version.
    pub version: u32,
    /// The language the user chose ("en" or "zh"); `None` follows the browser.
    pub locale: Option<String>,
}

/// What loading the settings found.
pub enum Loaded {
    /// Nothing stored yet.
    Absent,
    /// A readable item.
    Found(Settings),
    /// An item that could not be read; it was copied to
    /// [`SETTINGS_UNREADABLE_KEY`].
    Unreadable,
}

/// Reads the settings, keeping an unreadable item aside.
pub fn load() -> Loaded {
    let Ok(Some(raw)) = LocalStorage::raw().get_item(SETTINGS_KEY) else {
        return Loaded::Absent;
    };
    match serde_json::from_str::<Settings>(&raw) {
        Ok(settings) if settings.version <= SETTINGS_VERSION => Loaded::Found(settings),
        _ => {
            // Remove the original only once its copy is safely stored; if
            // storage refuses the copy, the original stays where it was.
            if LocalStorage::raw()
                .set_item(SETTINGS_UNREADABLE_KEY, &raw)
                .is_ok()
            {
                let _ = LocalStorage::raw().remove_item(SETTINGS_KEY);
            }
            Loaded::Unreadable
        }
    }
}

/// Stores the chosen locale.
pub fn save_locale(locale: &str) {
    let settings = Settings {
        version: SETTINGS_VERSION,
        locale: Some(locale.to_owned()),
    };
    // A full or blocked storage only loses the preference, never user work;
    // the hardened-persistence issue will report it.
    let _ = LocalStorage::set(SETTINGS_KEY, &settings);
}
