//! The browser's storage: what is stored, how large, when, and what went
//! wrong saving or loading it.

use super::super::state::{StorageProblem, What};
use super::I18n;
use crate::i18n::*;
use kpi_store::Fault;
use kpi_store::workspace::Part as ProjectPart;

/// A stored item, named for the user.
pub fn what_text(i18n: I18n, what: &What) -> String {
    match what {
        What::Part { project, part } => {
            let project = project.clone();
            match part {
                ProjectPart::Scheme => t_string!(i18n, storage.what_scheme, project),
                ProjectPart::Dataset => t_string!(i18n, storage.what_dataset, project),
                ProjectPart::View => t_string!(i18n, storage.what_view, project),
            }
            .to_string()
        }
        What::Workspace => t_string!(i18n, storage.what_workspace).to_string(),
        What::Mappings => t_string!(i18n, storage.what_mappings).to_string(),
        What::Settings => t_string!(i18n, storage.what_settings).to_string(),
        What::Other(key) => t_string!(i18n, storage.what_other, key = key.clone()).to_string(),
    }
}

/// A size in storage: characters count twice (browsers count UTF-16).
pub fn size_text(i18n: I18n, chars: usize) -> String {
    let bytes = chars as f64 * 2.0;
    if bytes < 100_000.0 {
        let n = format!("{:.1}", bytes / 1000.0);
        t_string!(i18n, storage.size_kb, n).to_string()
    } else {
        let n = format!("{:.1}", bytes / 1_000_000.0);
        t_string!(i18n, storage.size_mb, n).to_string()
    }
}

/// A moment, in the user's language and time zone.
pub fn time_text(i18n: I18n, at: u64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at as f64));
    let locale = match i18n.get_locale() {
        Locale::en => "en-GB",
        Locale::zh => "zh-CN",
    };
    // A date and a time to the minute: "1 Dec 2026, 22:37".
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    date.to_locale_string(locale, &options).into()
}

pub fn storage_problem_text(i18n: I18n, problem: &StorageProblem) -> String {
    match problem {
        StorageProblem::Unreadable { what, aside } => {
            let what = what_text(i18n, what);
            t_string!(i18n, storage.unreadable, what, aside = aside.clone()).to_string()
        }
        StorageProblem::UnreadableNotMoved { what } => {
            let what = what_text(i18n, what);
            t_string!(i18n, storage.unreadable_not_moved, what).to_string()
        }
        StorageProblem::Newer { what } => {
            let what = what_text(i18n, what);
            t_string!(i18n, storage.newer, what).to_string()
        }
        StorageProblem::NotSaved {
            what, fault, chars, ..
        } => {
            let (what, size) = (what_text(i18n, what), size_text(i18n, *chars));
            match fault {
                Fault::Full => t_string!(i18n, storage.not_saved_full, what, size),
                Fault::TooLarge => t_string!(i18n, storage.not_saved_too_large, what, size),
                Fault::Unavailable => t_string!(i18n, storage.not_saved_unavailable, what),
            }
            .to_string()
        }
        StorageProblem::UnsavedBefore { what, at } => {
            let (what, time) = (what_text(i18n, what), time_text(i18n, *at));
            t_string!(i18n, storage.unsaved_before, what, time).to_string()
        }
        StorageProblem::FiguresMissing { what } => {
            let what = what_text(i18n, what);
            t_string!(i18n, storage.figures_missing, what).to_string()
        }
        StorageProblem::NoRoom { chars } => {
            let size = size_text(i18n, *chars);
            t_string!(i18n, storage.no_room, size).to_string()
        }
        StorageProblem::ChangedElsewhere { project, copy } => t_string!(
            i18n,
            storage.changed_elsewhere,
            project = project.clone(),
            copy = copy.clone()
        )
        .to_string(),
    }
}
