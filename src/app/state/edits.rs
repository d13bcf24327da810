//! The scheme and its edits: the one door every change to the scheme goes
//! through (so it is an undo step and is saved), undo and redo per
//! project, retyping the figures when what typing reads changes, and the
//! mappings remembered per scheme.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::super::import::retype_all;
use super::Workspace;
use kpi_engine::edit::history::History;
use kpi_engine::mapping::{ColumnMapping, auto_map};
use kpi_engine::report::Filter;
use kpi_engine::scheme::Scheme;

/// The scheme's write half. Its field is private to this file, so every
/// change to the scheme is one of the methods below: an edit (from any
/// area, or another tab), undo and redo, or opening a project.
#[derive(Clone, Copy)]
pub(super) struct SchemeWriter(WriteSignal<Scheme>);

/// The scheme signal: the half everyone reads, and the half only this file
/// writes.
pub(super) fn scheme_signal(scheme: Scheme) -> (ReadSignal<Scheme>, SchemeWriter) {
    let (read, write) = signal(scheme);
    (read, SchemeWriter(write))
}

impl Workspace {
    /// Types every source again as a job. Inputs the scheme gained are
    /// matched in each source's headers; what the user mapped stays.
    pub fn retype(&self) {
        let scheme = self.scheme.get_untracked();
        let mut sources = self
            .dataset
            .with_untracked(|dataset| dataset.sources.clone());
        if sources.is_empty() {
            self.typed.set(Vec::new());
            return;
        }
        let mut remapped = false;
        for source in &mut sources {
            let auto = auto_map(&scheme, source.table.headers(), Some(&source.mapping));
            for (input, header) in auto.inputs {
                if let std::collections::btree_map::Entry::Vacant(slot) =
                    source.mapping.inputs.entry(input)
                {
                    slot.insert(header);
                    remapped = true;
                }
            }
        }
        let workspace = *self;
        let project = self.current.get_untracked();
        spawn_local(async move {
            let Some(typed) = retype_all(workspace.jobs, scheme, sources.clone()).await else {
                return;
            };
            if !workspace.alive() {
                return;
            }
            // Another project was opened meanwhile: these are not its figures.
            if workspace.current.get_untracked() != project {
                return;
            }
            if remapped {
                workspace
                    .dataset
                    .update(|dataset| dataset.sources = sources);
            }
            workspace.typed.set(typed);
        });
    }

    /// Changes the scheme as one undoable step. Edits with the same `key`
    /// in a row (keystrokes in one field) are one step. An edit that
    /// changes nothing is not a step.
    pub fn edit_scheme(&self, key: Option<&str>, edit: impl FnOnce(&mut Scheme)) {
        let before = self.scheme.get_untracked();
        let mut after = before.clone();
        edit(&mut after);
        if after == before {
            return;
        }
        self.with_history(|history| history.record(before, key));
        self.set_scheme.0.set(after);
        self.history_changed();
    }

    fn with_history<R>(&self, f: impl FnOnce(&mut History<Scheme>) -> R) -> R {
        let id = self.current.get_untracked();
        self.histories
            .try_update_value(|histories| f(histories.entry(id).or_default()))
            .expect("the workspace lives as long as the page")
    }

    /// Ends the current typing step (a field lost focus).
    pub fn seal_step(&self) {
        self.with_history(History::seal);
    }

    /// Takes back the last scheme edit.
    pub fn undo(&self) {
        self.step(History::undo);
    }

    /// Makes again the edit undo took back.
    pub fn redo(&self) {
        self.step(History::redo);
    }

    fn step(&self, take: fn(&mut History<Scheme>, Scheme) -> Option<Scheme>) {
        let current = self.scheme.get_untracked();
        let Some(scheme) = self.with_history(|history| take(history, current)) else {
            return;
        };
        self.set_scheme.0.set(scheme);
        self.history_changed();
    }

    /// Shows another project's scheme as stored: not an edit, so no undo
    /// step (the caller shows that project's own history).
    pub(super) fn show_scheme(&self, scheme: Scheme) {
        self.set_scheme.0.set(scheme);
    }

    pub(super) fn history_changed(&self) {
        let (undo, redo) = self.with_history(|history| (history.can_undo(), history.can_redo()));
        self.can_undo.set(undo);
        self.can_redo.set(redo);
        // A profile the edit took away is no longer in use.
        let gone = self.profile.with_untracked(|profile| {
            profile.as_ref().is_some_and(|id| {
                self.scheme
                    .with_untracked(|scheme| scheme.profile(id).is_none())
            })
        });
        if gone {
            self.profile.set(None);
        }
    }

    /// The mapping remembered for the current scheme.
    pub fn remembered_mapping(&self) -> Option<ColumnMapping> {
        let id = self.scheme.with_untracked(|scheme| scheme.id.clone());
        self.mappings
            .with_untracked(|mappings| mappings.get(&id).cloned())
    }

    /// Remembers a mapping for the current scheme.
    pub fn remember_mapping(&self, mapping: ColumnMapping) {
        let id = self.scheme.with_untracked(|scheme| scheme.id.clone());
        self.mappings.update(|mappings| {
            mappings.insert(id, mapping);
        });
    }

    /// Replaces the open project's scheme (as one undoable step), keeping
    /// the imported sources whose columns still map to it: the agent
    /// column and every input. Returns how many sources were dropped.
    pub fn replace_scheme(&self, scheme: Scheme) -> usize {
        let dataset = self.dataset.get_untracked();
        let kept: Vec<_> = dataset
            .sources
            .iter()
            .filter(|source| {
                let auto = auto_map(&scheme, source.table.headers(), None);
                auto.agent.is_some()
                    && scheme
                        .inputs
                        .iter()
                        .all(|input| auto.inputs.get(&input.id).is_some_and(Option::is_some))
            })
            .cloned()
            .map(|mut source| {
                source.mapping = auto_map(&scheme, source.table.headers(), None);
                source
            })
            .collect();
        let dropped = dataset.sources.len() - kept.len();
        self.jobs.cancel();
        self.profile.set(None);
        self.filter.set(Filter::default());
        self.period_chosen.set(false);
        self.edit_scheme(None, move |current| *current = scheme);
        if dropped > 0 || !kept.is_empty() {
            self.dataset.update(|dataset| dataset.sources = kept);
            self.typed.set(Vec::new());
            self.retype();
        }
        dropped
    }
}
