//! Other tabs: what they write is taken over when this tab has nothing
//! unsaved in it; otherwise this tab's project is kept as a copy.

use leptos::prelude::*;

use super::super::storage::{now, set_tab_project};
use super::items::{parse_dataset_item, parse_mappings, read_scheme};
use super::problems::{StorageProblem, What, found};
use super::{MAPPINGS_KEY, Workspace};
use kpi_store::Read;
use kpi_store::workspace::{Index, Part, Project, View, WORKSPACE_KEY};

/// The suffix of a project kept from this tab: the time of day it was
/// kept, so two such copies are told apart.
fn copy_suffix(now: u64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(now as f64));
    format!("{:02}:{:02}", date.get_hours(), date.get_minutes())
}

impl Workspace {
    /// Takes over what other tabs write, and retries refused writes when
    /// this tab is shown again.
    pub(super) fn follow_other_tabs(self) {
        let storage = window_event_listener(leptos::ev::storage, move |ev| {
            match ev.key() {
                Some(key) => self.taken_over(&key),
                // Another tab cleared storage: what this tab holds is all
                // there is, so it is written again.
                None => {
                    self.with_store(|store| store.forget_all());
                    self.update_index(|_| {});
                    self.write_all_parts();
                }
            }
        });
        let visible = window_event_listener(leptos::ev::visibilitychange, move |_| {
            if document().visibility_state() == web_sys::VisibilityState::Visible {
                self.retry_pending();
            }
        });
        on_cleanup(move || {
            storage.remove();
            visible.remove();
        });
    }

    /// Another tab wrote `key`.
    fn taken_over(&self, key: &str) {
        let now = now();
        if key == WORKSPACE_KEY {
            let read = self.with_store(|store| store.load(WORKSPACE_KEY, now, Index::from_json));
            if let Read::Found { value, .. } = read {
                self.index.set(value);
            }
            return;
        }
        if key == MAPPINGS_KEY {
            if !self.with_store(|store| store.is_pending(key)) {
                let read = self.with_store(|store| store.load(key, now, parse_mappings));
                if let Read::Found { value, .. } = read {
                    self.mappings.set(value);
                }
            }
            return;
        }
        if key.contains(".unreadable") {
            self.asides.set(self.with_store(|store| store.asides()));
            return;
        }
        let Some(project) = self.project() else {
            return;
        };
        let Some(part) = project.part_of(key) else {
            return;
        };
        if self.with_store(|store| store.is_pending(key)) {
            self.keep_as_copy(&project);
            return;
        }
        let mut problems = Vec::new();
        let what = What::Part {
            project: project.name.clone(),
            part,
        };
        match part {
            Part::Scheme => {
                let read = self.with_store(|store| store.load(key, now, read_scheme));
                // Another tab's scheme is an edit here too: undo takes it
                // back.
                if let Some(scheme) = found(read, what, &mut problems) {
                    self.edit_scheme(None, move |current| *current = scheme);
                }
            }
            Part::Dataset => {
                let read = self.with_store(|store| store.load(key, now, parse_dataset_item));
                if let Some(item) = found(read, what, &mut problems) {
                    self.jobs.cancel();
                    self.take_figures(&project, item);
                }
            }
            Part::View => {
                let read = self.with_store(|store| store.load(key, now, View::from_json));
                if let Some(view) = found(read, what, &mut problems) {
                    self.apply_view(view);
                }
            }
        }
        self.problems.update(|all| all.extend(problems));
    }

    /// This tab's version of `project` was overtaken by another tab's: it
    /// becomes a new project, open here, and the other tab's stays.
    pub(super) fn keep_as_copy(&self, project: &Project) {
        let now = now();
        let name = self.index.with_untracked(|index| {
            index.free_name(&format!("{} ({})", project.name, copy_suffix(now)))
        });
        let mut id = String::new();
        self.update_index(|index| {
            id = index.add(&name, now);
            index.last = Some(id.clone());
        });
        if self.index.with_untracked(|index| index.get(&id).is_none()) {
            return;
        }
        for part in Part::ALL {
            self.with_store(|store| store.drop_pending(&project.key(part)));
        }
        let histories = self
            .histories
            .try_update_value(|histories| histories.remove(&project.id))
            .flatten();
        if let Some(history) = histories {
            self.histories.update_value(|histories| {
                histories.insert(id.clone(), history);
            });
        }
        self.current.set(id.clone());
        set_tab_project(&id);
        self.write_all_parts();
        self.problems.update(|problems| {
            problems.push(StorageProblem::ChangedElsewhere {
                project: project.name.clone(),
                copy: name,
            })
        });
    }
}
