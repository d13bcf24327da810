//! The browser's side of the storage layer: localStorage as a
//! [`Backend`], the clock, and which project this tab has open
//! (sessionStorage, so a reload of this tab reopens it while another tab
//! keeps its own).

use kpi_store::{Backend, Fault};

/// localStorage. Every call asks the window for it, so a page where
/// storage is blocked reads as empty and refuses writes.
#[derive(Clone, Copy, Debug, Default)]
pub struct Local;

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Whether a refusal means "full": browsers name it differently
/// (QuotaExceededError, NS_ERROR_DOM_QUOTA_REACHED, QUOTA_EXCEEDED_ERR), so
/// the legacy codes 22 and 1014 are checked too.
fn fault_of(err: &wasm_bindgen::JsValue) -> Fault {
    use wasm_bindgen::JsCast;
    let Some(err) = err.dyn_ref::<web_sys::DomException>() else {
        return Fault::Unavailable;
    };
    let name = err.name();
    let full = matches!(err.code(), 22 | 1014) || name.contains("QUOTA") || name.contains("Quota");
    if full {
        Fault::Full
    } else {
        Fault::Unavailable
    }
}

/// sessionStorage: this tab's own, with a quota apart from localStorage's,
/// where the note of unsaved changes also goes.
#[derive(Clone, Copy, Debug, Default)]
pub struct Session;

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn get(storage: Option<web_sys::Storage>, key: &str) -> Result<Option<String>, Fault> {
    let storage = storage.ok_or(Fault::Unavailable)?;
    storage.get_item(key).map_err(|err| fault_of(&err))
}

fn set(storage: Option<web_sys::Storage>, key: &str, value: &str) -> Result<(), Fault> {
    let storage = storage.ok_or(Fault::Unavailable)?;
    storage.set_item(key, value).map_err(|err| fault_of(&err))
}

fn remove(storage: Option<web_sys::Storage>, key: &str) {
    if let Some(storage) = storage {
        let _ = storage.remove_item(key);
    }
}

fn keys(storage: Option<web_sys::Storage>) -> Vec<String> {
    let Some(storage) = storage else {
        return Vec::new();
    };
    let count = storage.length().unwrap_or(0);
    (0..count)
        .filter_map(|i| storage.key(i).ok().flatten())
        .collect()
}

/// localStorage and sessionStorage are one API over two storages: each
/// backend is the functions above on its own storage.
macro_rules! web_backend {
    ($backend:ty, $storage:path) => {
        impl Backend for $backend {
            fn get(&self, key: &str) -> Result<Option<String>, Fault> {
                get($storage(), key)
            }

            fn set(&mut self, key: &str, value: &str) -> Result<(), Fault> {
                set($storage(), key, value)
            }

            fn remove(&mut self, key: &str) {
                remove($storage(), key);
            }

            fn keys(&self) -> Vec<String> {
                keys($storage())
            }
        }
    };
}

web_backend!(Local, local);
web_backend!(Session, session);

/// Milliseconds since the epoch.
pub fn now() -> u64 {
    js_sys::Date::now() as u64
}

/// Where this tab notes the project it has open.
const TAB_KEY: &str = "kpi-scorecard.tab";

/// The project this tab had open before a reload.
pub fn tab_project() -> Option<String> {
    get(session(), TAB_KEY).ok().flatten()
}

/// Notes the project this tab has open. Losing it only means a reload
/// opens the project opened last in any tab.
pub fn set_tab_project(id: &str) {
    let _ = set(session(), TAB_KEY, id);
}
