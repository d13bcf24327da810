//! User settings, kept through the storage layer like every other item.

use serde::{Deserialize, Serialize};

use super::state::{MAX_STORED_CHARS, SETTINGS_KEY, StorageProblem, What, Workspace, found};
use super::storage::Local;
use kpi_store::{Store, Write};

const SETTINGS_VERSION: u32 = 1;

/// Settings that follow the user across reloads.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// Stored format version.
    pub version: u32,
    /// The language the user chose ("en" or "zh"); `None` follows the browser.
    pub locale: Option<String>,
}

fn parse(text: &str) -> Result<Settings, String> {
    let settings: Settings = serde_json::from_str(text).map_err(|err| err.to_string())?;
    if settings.version > SETTINGS_VERSION {
        return Err(format!("version {} is newer", settings.version));
    }
    Ok(settings)
}

/// Reads the settings before the workspace is up, so the first paint is
/// in the chosen language; an unreadable item is kept aside and returned as
/// a problem to report.
pub fn load() -> (Option<Settings>, Option<StorageProblem>) {
    let now = super::storage::now();
    let mut store = Store::new(Local, MAX_STORED_CHARS);
    let mut problems = Vec::new();
    let settings = found(
        store.load(SETTINGS_KEY, now, parse),
        What::Settings,
        &mut problems,
    );
    (settings, problems.pop())
}

/// Stores the chosen locale; a refusal is shown like any other.
pub fn save_locale(workspace: &Workspace, locale: &str) {
    let settings = Settings {
        version: SETTINGS_VERSION,
        locale: Some(locale.to_owned()),
    };
    let json = serde_json::to_string(&settings).expect("plain data");
    let now = super::storage::now();
    workspace.retry_pending();
    let write = workspace.with_store(|store| match store.write(SETTINGS_KEY, &json, now) {
        // Another tab chose too (or the settings were read before this
        // store existed): this choice is the latest.
        Write::Conflict { .. } => {
            store.read(SETTINGS_KEY, now);
            store.write(SETTINGS_KEY, &json, now)
        }
        write => write,
    });
    workspace.report(SETTINGS_KEY, write, json.len());
}
