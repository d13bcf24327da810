//! The note of changes that could not be saved, kept under its own key (and
//! in a second backend when there is one), so a later visit can say so.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::Backend;

/// Where the keys of items whose last change could not be saved are noted,
/// so a later visit can say so.
pub const UNSAVED_KEY: &str = "kpi-scorecard.unsaved";
const UNSAVED_FORMAT: &str = "kpi-unsaved";

#[derive(serde::Serialize, Deserialize)]
pub(crate) struct Unsaved {
    format: String,
    version: u32,
    pub(crate) keys: BTreeMap<String, u64>,
}

pub(crate) fn read_unsaved(backend: &(impl Backend + ?Sized)) -> Unsaved {
    backend
        .get(UNSAVED_KEY)
        .ok()
        .flatten()
        .and_then(|text| serde_json::from_str::<Unsaved>(&text).ok())
        .filter(|unsaved| unsaved.format == UNSAVED_FORMAT)
        .unwrap_or(Unsaved {
            format: UNSAVED_FORMAT.to_owned(),
            version: 1,
            keys: BTreeMap::new(),
        })
}

pub(crate) fn note(backend: &mut (impl Backend + ?Sized), key: &str, at: Option<u64>) {
    let mut unsaved = read_unsaved(backend);
    let changed = match at {
        Some(at) => unsaved.keys.insert(key.to_owned(), at).is_none(),
        None => unsaved.keys.remove(key).is_some(),
    };
    if !changed {
        return;
    }
    if unsaved.keys.is_empty() {
        backend.remove(UNSAVED_KEY);
    } else {
        let text = serde_json::to_string(&unsaved).expect("plain data");
        let _ = backend.set(UNSAVED_KEY, &text);
    }
}
