//! Storage problems shown to the user: what a read or a write found, and
//! the retries of writes storage refused (on the next change, and when the
//! tab is shown again).

use leptos::prelude::*;

use super::super::storage::now;
use super::{MAPPINGS_KEY, SETTINGS_KEY, Workspace};
use kpi_store::workspace::{Index, Part, WORKSPACE_KEY};
use kpi_store::{Fault, Read, Write};

/// What a stored item is, for messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum What {
    /// A part of the project of this name.
    Part {
        project: String,
        part: Part,
    },
    /// The project list.
    Workspace,
    Mappings,
    Settings,
    /// A key the page does not own.
    Other(String),
}

/// A problem with the browser's storage, shown to the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageProblem {
    /// A stored item could not be read; it was kept under `aside`.
    Unreadable { what: What, aside: String },
    /// A stored item could not be read, and there was no room to keep a
    /// copy: it stays under its key, and nothing is saved there.
    UnreadableNotMoved { what: What },
    /// A newer version of the page wrote it: it is left alone.
    Newer { what: What },
    /// The latest change to `key` is not stored; what was stored before
    /// stays. Retried until it is.
    NotSaved {
        key: String,
        what: What,
        fault: Fault,
        chars: usize,
    },
    /// When the page was last open, the change made at `at` (ms) could not
    /// be saved: what is shown is what was saved before it.
    UnsavedBefore { what: What, at: u64 },
    /// Figures kept in IndexedDB could not be read: nothing is saved over
    /// them this session.
    FiguresMissing { what: What },
    /// Projects to be added (a copy, an opened file) needed `chars` more
    /// than storage had: none was added.
    NoRoom { chars: usize },
    /// Another tab changed `project` while this one had unsaved edits in it:
    /// those edits are kept as the project `copy`, now open here.
    ChangedElsewhere { project: String, copy: String },
}

/// Turns what a read found into the value or a reported problem.
pub(crate) fn found<T>(read: Read<T>, what: What, problems: &mut Vec<StorageProblem>) -> Option<T> {
    match read {
        Read::Found { value, .. } => Some(value),
        Read::Absent => None,
        Read::Unreadable { aside: Some(aside) } => {
            problems.push(StorageProblem::Unreadable { what, aside });
            None
        }
        Read::Unreadable { aside: None } => {
            problems.push(StorageProblem::UnreadableNotMoved { what });
            None
        }
        Read::Newer { .. } => {
            problems.push(StorageProblem::Newer { what });
            None
        }
    }
}

/// Names a stored key for messages.
pub(super) fn what_of(index: &Index, key: &str) -> What {
    match key {
        WORKSPACE_KEY => return What::Workspace,
        MAPPINGS_KEY => return What::Mappings,
        SETTINGS_KEY => return What::Settings,
        _ => {}
    }
    index
        .projects
        .iter()
        .find_map(|project| {
            project.part_of(key).map(|part| What::Part {
                project: project.name.clone(),
                part,
            })
        })
        .unwrap_or_else(|| What::Other(key.to_owned()))
}

impl Workspace {
    /// Records what a write did in the problems shown.
    pub fn report(&self, key: &str, write: Write, chars: usize) {
        let what = self.index.with_untracked(|index| what_of(index, key));
        self.problems.update(|problems| {
            problems.retain(
                |problem| !matches!(problem, StorageProblem::NotSaved { key: k, .. } if k == key),
            );
            if let Write::Refused(fault) = write {
                problems.push(StorageProblem::NotSaved {
                    key: key.to_owned(),
                    what,
                    fault,
                    chars,
                });
            } else if matches!(write, Write::Written { .. }) {
                problems.retain(|problem| {
                    !matches!(problem, StorageProblem::UnsavedBefore { what: w, .. } if *w == what)
                });
            }
        });
    }

    /// Writes again what storage refused before.
    pub fn retry_pending(&self) {
        let now = now();
        let results = self.with_store(|store| store.retry(now));
        let open = self.project();
        for (key, write) in results {
            let overtaken = open
                .as_ref()
                .filter(|p| matches!(write, Write::Conflict { .. }) && p.part_of(&key).is_some());
            if let Some(project) = overtaken {
                self.keep_as_copy(project);
            }
            self.report(&key, write, 0);
        }
    }

    /// Shows a storage problem found elsewhere (the settings).
    pub fn add_problem(&self, problem: StorageProblem) {
        self.problems.update(|problems| problems.push(problem));
        self.asides.set(self.with_store(|store| store.asides()));
    }

    /// Deletes a copy kept aside.
    pub fn delete_aside(&self, key: &str) {
        self.with_store(|store| store.remove(key));
        self.asides.set(self.with_store(|store| store.asides()));
    }

    /// What a copy kept aside holds.
    pub fn aside_text(&self, key: &str) -> Option<String> {
        self.with_store(|store| kpi_store::Backend::get(store.backend(), key).ok().flatten())
    }
}
