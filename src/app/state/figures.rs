//! Figures too large for localStorage live in IndexedDB, and the dataset
//! item names the record. A record is written first and named after, so
//! what was stored before stays until the new one is in; records no item
//! names are collected.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::super::idb;
use super::super::storage::now;
use super::Workspace;
use super::items::DatasetItem;
use super::problems::{StorageProblem, What};
use kpi_engine::dataset::Dataset;
use kpi_store::Write;
use kpi_store::workspace::{DatasetRef, Part, Project};

/// Figures read from IndexedDB, with the hash of their JSON.
pub(super) async fn load_idb(reference: &DatasetRef) -> Result<(Dataset, u64), ()> {
    let text = idb::get(&reference.id).await.map_err(drop)?.ok_or(())?;
    let dataset = Dataset::from_json(&text).map_err(drop)?;
    Ok((dataset, kpi_store::hash(&text)))
}

impl Workspace {
    /// Shows a project's figures: at once when its item holds them, or,
    /// from IndexedDB, when they arrive (nothing is saved over them
    /// meanwhile). Figures that cannot be read there are reported and never
    /// written over.
    pub(super) fn take_figures(&self, project: &Project, item: DatasetItem) {
        let key = project.key(Part::Dataset);
        match item {
            DatasetItem::Here(dataset) => {
                self.figures_loading.set(false);
                self.dataset.set(dataset);
                self.retype();
            }
            DatasetItem::InIdb(reference) => {
                self.figures_loading.set(true);
                self.dataset.set(Dataset::default());
                self.typed.set(Vec::new());
                let workspace = *self;
                let project = project.clone();
                spawn_local(async move {
                    let loaded = load_idb(&reference).await;
                    if !workspace.alive() {
                        return;
                    }
                    let still = workspace.current.get_untracked() == project.id;
                    if !still {
                        return;
                    }
                    match loaded {
                        Ok((dataset, hash)) => {
                            workspace.idb.update_value(|idb| {
                                idb.insert(key, (reference.id.clone(), hash));
                            });
                            workspace.figures_loading.set(false);
                            workspace.dataset.set(dataset);
                            workspace.retype();
                        }
                        Err(()) => {
                            workspace.with_store(|store| store.freeze(&key));
                            workspace.figures_loading.set(false);
                            workspace.add_problem(StorageProblem::FiguresMissing {
                                what: What::Part {
                                    project: project.name.clone(),
                                    part: Part::Dataset,
                                },
                            });
                        }
                    }
                });
            }
        }
    }

    /// Sends large figures to IndexedDB, then points the project's dataset
    /// item at them. What was stored before stays until the new figures
    /// are written and named; a write overtaken by a newer one is dropped.
    pub(super) fn save_dataset_idb(&self, project: Project, json: String) {
        let key = project.key(Part::Dataset);
        let hash = kpi_store::hash(&json);
        let unchanged = self
            .idb
            .with_value(|idb| idb.get(&key).is_some_and(|(_, stored)| *stored == hash));
        if unchanged {
            return;
        }
        let generation = self
            .idb_writes
            .try_update_value(|n| {
                *n += 1;
                *n
            })
            .unwrap_or_default();
        let now = now();
        let id = format!("{key}@{now}.{generation}");
        let chars = json.len();
        let workspace = *self;
        spawn_local(async move {
            let put = idb::put(&id, &json).await;
            drop(json);
            if !workspace.alive() {
                return;
            }
            if workspace.idb_writes.get_value() != generation {
                let _ = idb::delete(&id).await;
                return;
            }
            if let Err(fault) = put {
                let write = workspace.with_store(|store| store.refuse(&key, fault, now));
                workspace.report(&key, write, chars);
                return;
            }
            let body = DatasetRef::new(id.clone(), chars).to_json();
            let write = workspace.with_store(|store| store.write(&key, &body, now));
            match &write {
                Write::Written { .. } => {
                    let old = workspace
                        .idb
                        .try_update_value(|idb| idb.insert(key.clone(), (id.clone(), hash)))
                        .flatten();
                    if let Some((old, _)) = old.filter(|(old, _)| *old != id) {
                        let _ = idb::delete(&old).await;
                    }
                    if !workspace.alive() {
                        return;
                    }
                    let project_id = project.id.clone();
                    workspace.update_index(|index| {
                        if let Some(project) = index.get_mut(&project_id) {
                            project.summary.chars[Part::Dataset as usize] = chars;
                            project.edited = now;
                        }
                    });
                }
                Write::Conflict { .. } => {
                    let _ = idb::delete(&id).await;
                    if !workspace.alive() {
                        return;
                    }
                    if workspace.current.get_untracked() == project.id {
                        workspace.keep_as_copy(&project);
                    }
                }
                // Refused: the reference waits for room, its figures with it.
                _ => {}
            }
            workspace.report(&key, write, chars);
            if workspace.estimate.get_untracked().is_none() {
                let estimate = idb::persist_and_estimate().await;
                if workspace.alive() {
                    workspace.estimate.set(estimate);
                }
            }
        });
    }

    /// The figures of `key` are in localStorage now: the IndexedDB record
    /// they replace goes, once the item no longer names it.
    pub(super) fn forget_idb(&self, key: &str) {
        let named = self.with_store(|store| {
            kpi_store::Backend::get(store.backend(), key)
                .ok()
                .flatten()
                .is_some_and(|text| text.contains(kpi_store::workspace::DATASET_REF_FORMAT))
        });
        if named {
            return;
        }
        let old = self.idb.try_update_value(|idb| idb.remove(key)).flatten();
        if let Some((id, _)) = old {
            spawn_local(async move {
                let _ = idb::delete(&id).await;
            });
        }
    }

    /// Removes IndexedDB records no project's item names (a deleted
    /// project's, a write cut short). Records younger than a minute are
    /// left: another tab may be about to name them.
    pub(super) fn collect_idb_garbage(&self) {
        let workspace = *self;
        spawn_local(async move {
            let Ok(records) = idb::keys().await else {
                return;
            };
            if records.is_empty() || !workspace.alive() {
                return;
            }
            let projects = workspace.index.get_untracked().projects;
            let named: Vec<String> = workspace.with_store(|store| {
                projects
                    .iter()
                    .filter_map(|project| {
                        let key = project.key(Part::Dataset);
                        let text = kpi_store::Backend::get(store.backend(), &key).ok()??;
                        Some(text)
                    })
                    .filter_map(|text| {
                        let body = text
                            .find("\"body\":")
                            .map_or(text.as_str(), |at| &text[at + 7..]);
                        Some(DatasetRef::in_item(body)?.ok()?.id)
                    })
                    .collect()
            });
            let old = now().saturating_sub(60_000);
            for record in records {
                let written = record
                    .rsplit_once('@')
                    .and_then(|(_, at)| at.split('.').next()?.parse::<u64>().ok())
                    .unwrap_or(0);
                if !named.contains(&record) && written < old {
                    let _ = idb::delete(&record).await;
                }
            }
        });
    }
}
