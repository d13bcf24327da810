//! The project list: opening, creating, adding (all or none), copying,
//! renaming, deleting and bringing back projects.

use leptos::prelude::*;

use super::super::idb;
use super::super::storage::{now, set_tab_project};
use super::Workspace;
use super::figures::load_idb;
use super::items::{DatasetItem, load_project};
use super::problems::StorageProblem;
use super::samples::starter_scheme;
use kpi_engine::dataset::Dataset;
use kpi_engine::scheme::Scheme;
use kpi_store::Write;
use kpi_store::file::ProjectData;
use kpi_store::workspace::{DatasetRef, IDB_THRESHOLD, Part, Project, View};

impl Workspace {
    /// Opens project `id` in this tab.
    pub fn open_project(&self, id: &str) {
        let Some(project) = self.index.with_untracked(|index| index.get(id).cloned()) else {
            return;
        };
        // A job of the project left behind must not land in this one.
        self.jobs.cancel();
        let mut problems = Vec::new();
        let loaded = self.with_store(|store| load_project(store, &project, &mut problems));
        self.current.set(project.id.clone());
        set_tab_project(&project.id);
        self.show_scheme(loaded.scheme);
        self.typed.set(Vec::new());
        self.apply_view(loaded.view);
        self.history_changed();
        self.take_figures(&project, loaded.dataset);
        self.problems.update(|all| all.extend(problems));
        let id = project.id.clone();
        self.update_index(|index| index.last = Some(id));
    }

    pub(super) fn apply_view(&self, view: View) {
        let profile = view.profile.filter(|id| {
            self.scheme
                .with_untracked(|scheme| scheme.profile(id).is_some())
        });
        self.profile.set(profile);
        self.filter.set(view.filter);
        self.period_chosen.set(view.period_chosen);
    }

    /// Makes a project of `scheme` and `dataset` (a small one: a preset's,
    /// none) and opens it.
    pub fn create_project(&self, name: &str, scheme: Scheme, dataset: Dataset) -> String {
        let project = ProjectData {
            name: name.to_owned(),
            scheme,
            dataset,
            view: View::default(),
        };
        let dataset = project.dataset.to_json();
        match self.add_prepared(vec![(project, dataset)], true) {
            Ok(ids) => {
                let id = ids.into_iter().next().unwrap_or_default();
                self.open_project(&id);
                id
            }
            Err(chars) => {
                self.add_problem(StorageProblem::NoRoom { chars });
                String::new()
            }
        }
    }

    /// Adds projects, all or none: if storage refuses any of their items,
    /// every one added is taken out again and `Err` gives the characters
    /// they needed. With `unique`, a name already in use gets a number (a
    /// new project, a copy); projects opened from a file keep theirs.
    pub async fn add_projects(
        &self,
        projects: Vec<ProjectData>,
        unique: bool,
    ) -> Result<Vec<String>, usize> {
        // Large figures go to IndexedDB first; their items name them.
        let now = now();
        let mut records: Vec<String> = Vec::new();
        let mut prepared = Vec::new();
        for (n, data) in projects.into_iter().enumerate() {
            let json = data.dataset.to_json();
            let dataset = if json.len() >= IDB_THRESHOLD {
                let id = format!("kpi-scorecard.import@{now}.{n}");
                if idb::put(&id, &json).await.is_err() {
                    for id in records {
                        let _ = idb::delete(&id).await;
                    }
                    return Err(json.len());
                }
                records.push(id.clone());
                DatasetRef::new(id, json.len()).to_json()
            } else {
                json
            };
            prepared.push((data, dataset));
        }
        if !self.alive() {
            return Err(0);
        }
        let added = self.add_prepared(prepared, unique);
        if added.is_err() {
            for id in records {
                let _ = idb::delete(&id).await;
            }
        }
        added
    }

    /// [`add_projects`](Self::add_projects) once each project's dataset
    /// item is written out.
    fn add_prepared(
        &self,
        projects: Vec<(ProjectData, String)>,
        unique: bool,
    ) -> Result<Vec<String>, usize> {
        let now = now();
        let mut added: Vec<Project> = Vec::new();
        let mut refused = false;
        let mut needed = 0;
        for (data, dataset) in &projects {
            let mut id = String::new();
            self.update_index(|index| {
                let name = if unique {
                    index.free_name(&data.name)
                } else {
                    data.name.clone()
                };
                id = index.add(&name, now);
                if let Some(project) = index.get_mut(&id) {
                    project.summary.scheme = data.scheme.name.clone();
                }
            });
            let Some(project) = self.index.with_untracked(|index| index.get(&id).cloned()) else {
                refused = true;
                break;
            };
            let bodies = [
                (Part::Scheme, data.scheme.to_json()),
                (Part::Dataset, dataset.clone()),
                (Part::View, data.view.to_json()),
            ];
            let mut chars = [0; 3];
            for (part, body) in bodies {
                needed += body.len();
                let key = project.key(part);
                match self.with_store(|store| store.write(&key, &body, now)) {
                    Write::Written { chars: n, .. } => chars[part as usize] = n,
                    _ => refused = true,
                }
            }
            let id = project.id.clone();
            self.update_index(|index| {
                if let Some(project) = index.get_mut(&id) {
                    project.summary.chars = chars;
                }
            });
            added.push(project);
            if refused {
                break;
            }
        }
        if refused {
            for project in &added {
                for part in Part::ALL {
                    self.with_store(|store| store.remove(&project.key(part)));
                }
            }
            let ids: Vec<String> = added.iter().map(|project| project.id.clone()).collect();
            self.update_index(|index| index.projects.retain(|project| !ids.contains(&project.id)));
            return Err(needed);
        }
        Ok(added.into_iter().map(|project| project.id).collect())
    }

    /// Everything a project holds, as stored (the open one as shown, once
    /// its figures are in).
    pub async fn project_data(&self, id: &str) -> Option<ProjectData> {
        let project = self.index.with_untracked(|index| index.get(id).cloned())?;
        if id == self.current.get_untracked() && !self.figures_loading.get_untracked() {
            let view = View::from_json(&self.view_json()).unwrap_or_default();
            return Some(ProjectData {
                name: project.name,
                scheme: self.scheme.get_untracked(),
                dataset: self.dataset.get_untracked(),
                view,
            });
        }
        let mut problems = Vec::new();
        let loaded = self.with_store(|store| load_project(store, &project, &mut problems));
        self.problems.update(|all| all.extend(problems));
        // Read now: the page may be gone by the time the figures are in.
        let dataset = match loaded.dataset {
            DatasetItem::Here(dataset) => dataset,
            DatasetItem::InIdb(reference) => load_idb(&reference).await.ok()?.0,
        };
        Some(ProjectData {
            name: project.name,
            scheme: loaded.scheme,
            dataset,
            view: loaded.view,
        })
    }

    /// Copies project `id` (as stored; the open one as shown) and opens the
    /// copy.
    pub async fn duplicate_project(&self, id: &str, name: &str) {
        let Some(mut data) = self.project_data(id).await else {
            return;
        };
        data.name = name.to_owned();
        let added = self.add_projects(vec![data], true).await;
        if !self.alive() {
            return;
        }
        match added {
            Ok(ids) => {
                if let Some(id) = ids.first() {
                    self.open_project(id);
                }
            }
            Err(chars) => self.add_problem(StorageProblem::NoRoom { chars }),
        }
    }

    pub fn rename_project(&self, id: &str, name: &str) {
        let name = name.trim();
        if name.is_empty() {
            return;
        }
        self.update_index(|index| {
            if let Some(project) = index.get_mut(id) {
                project.name = name.to_owned();
            }
        });
    }

    /// Deletes project `id`; its items stay until the page next opens, so
    /// [`restore_project`](Self::restore_project) can bring it back. The
    /// open project's place is taken by another, or a new one.
    pub fn delete_project(&self, id: &str, new_name: &str) {
        let now = now();
        self.update_index(|index| {
            if let Some(project) = index.get_mut(id) {
                project.deleted = Some(now);
            }
        });
        self.deleted.update(|deleted| deleted.push(id.to_owned()));
        if self.current.get_untracked() == id {
            let next = self
                .index
                .with_untracked(|index| index.live().next().map(|project| project.id.clone()));
            match next {
                Some(next) => self.open_project(&next),
                None => {
                    self.create_project(new_name, starter_scheme(), Dataset::default());
                }
            }
        }
    }

    /// Brings back a project deleted in this tab.
    pub fn restore_project(&self, id: &str) {
        self.update_index(|index| {
            if let Some(project) = index.get_mut(id) {
                project.deleted = None;
            }
        });
        self.deleted
            .update(|deleted| deleted.retain(|deleted| deleted != id));
    }
}
