//! The open project's stored items: how each part (scheme, figures, view)
//! and the column mappings read and write through the storage envelope,
//! the project list's read-fresh-then-write, and the one Effect per piece
//! of state that saves it when it changes.

use std::collections::BTreeMap;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::super::storage::{Local, now};
use super::problems::{StorageProblem, What, found};
use super::samples::starter_scheme;
use super::{MAPPINGS_KEY, Workspace};
use kpi_engine::dataset::Dataset;
use kpi_engine::mapping::ColumnMapping;
use kpi_engine::scheme::Scheme;
use kpi_store::workspace::{DatasetRef, IDB_THRESHOLD, Index, Part, Project, View, WORKSPACE_KEY};
use kpi_store::{Fault, Read, Store, Write};

/// Column mappings as stored: versioned like every stored item.
#[derive(Serialize, Deserialize)]
struct StoredMappings {
    format: String,
    version: u32,
    mappings: BTreeMap<String, ColumnMapping>,
}

const MAPPINGS_FORMAT: &str = "kpi-mappings";

const MAPPINGS_VERSION: u32 = 1;

pub(super) fn parse_mappings(text: &str) -> Result<BTreeMap<String, ColumnMapping>, String> {
    let stored: StoredMappings = serde_json::from_str(text).map_err(|err| err.to_string())?;
    if stored.format != MAPPINGS_FORMAT || stored.version > MAPPINGS_VERSION {
        return Err(format!("not {MAPPINGS_FORMAT} version {MAPPINGS_VERSION}"));
    }
    Ok(stored.mappings)
}

fn mappings_json(mappings: &BTreeMap<String, ColumnMapping>) -> String {
    let stored = StoredMappings {
        format: MAPPINGS_FORMAT.to_owned(),
        version: MAPPINGS_VERSION,
        mappings: mappings.clone(),
    };
    serde_json::to_string(&stored).expect("plain data")
}

/// A project's three parts as loaded.
pub(super) struct Loaded {
    pub(super) scheme: Scheme,
    pub(super) dataset: DatasetItem,
    pub(super) view: View,
}

/// A project's figures as its item holds them: the figures, or where in
/// IndexedDB they are.
#[derive(Clone, Debug)]
pub enum DatasetItem {
    Here(Dataset),
    InIdb(DatasetRef),
}

pub(super) fn parse_dataset_item(body: &str) -> Result<DatasetItem, String> {
    match DatasetRef::in_item(body) {
        Some(reference) => reference.map(DatasetItem::InIdb),
        None => Dataset::from_json(body)
            .map(DatasetItem::Here)
            .map_err(|err| err.to_string()),
    }
}

/// A stored scheme, for the store, which only needs to know whether it
/// reads (an unreadable one is set aside, whatever the reason).
pub(super) fn read_scheme(text: &str) -> Result<Scheme, String> {
    Scheme::from_json(text).map_err(|err| err.to_string())
}

pub(super) fn load_project(
    store: &mut Store<Local>,
    project: &Project,
    problems: &mut Vec<StorageProblem>,
) -> Loaded {
    let now = now();
    let what = |part| What::Part {
        project: project.name.clone(),
        part,
    };
    let scheme = store.load(&project.key(Part::Scheme), now, read_scheme);
    let scheme = found(scheme, what(Part::Scheme), problems).unwrap_or_else(starter_scheme);
    let dataset = store.load(&project.key(Part::Dataset), now, parse_dataset_item);
    let dataset = found(dataset, what(Part::Dataset), problems)
        .unwrap_or_else(|| DatasetItem::Here(Dataset::default()));
    let view = store.load(&project.key(Part::View), now, View::from_json);
    let mut view = found(view, what(Part::View), problems).unwrap_or_default();
    if view
        .profile
        .as_ref()
        .is_some_and(|id| scheme.profile(id).is_none())
    {
        view.profile = None;
    }
    Loaded {
        scheme,
        dataset,
        view,
    }
}

impl Workspace {
    /// Changes the project list: read fresh, so another tab's changes are
    /// kept, then written back.
    pub fn update_index(&self, change: impl FnOnce(&mut Index)) {
        let now = now();
        let fallback = self.index.get_untracked();
        let (index, write) = self.with_store(|store| {
            let mut index = match store.load(WORKSPACE_KEY, now, Index::from_json) {
                Read::Found { value, .. } => value,
                _ => fallback,
            };
            change(&mut index);
            let write = store.write(WORKSPACE_KEY, &index.to_json(), now);
            (index, write)
        });
        self.index.set(index);
        self.report(WORKSPACE_KEY, write, 0);
    }

    /// Saves one part of the open project. A write over another tab's
    /// revision keeps this tab's project as a copy.
    fn save_part(&self, part: Part, body: Option<String>, chars: usize) {
        let Some(project) = self.project() else {
            return;
        };
        let key = project.key(part);
        // What the notice says it needed: the body, or the figures' size.
        let chars = body.as_ref().map_or(chars, String::len);
        self.retry_pending();
        let now = now();
        let write = self.with_store(|store| match &body {
            Some(body) => store.write(&key, body, now),
            None => store.refuse(&key, Fault::TooLarge, now),
        });
        match write {
            Write::Written { chars, .. } => {
                let id = project.id.clone();
                let name = self.scheme.with_untracked(|scheme| scheme.name.clone());
                self.update_index(|index| {
                    if let Some(project) = index.get_mut(&id) {
                        project.summary.chars[part as usize] = chars;
                        project.summary.scheme = name;
                        project.edited = now;
                    }
                });
            }
            Write::Conflict { .. } => self.keep_as_copy(&project),
            _ => {}
        }
        self.report(&key, write, chars);
    }

    /// Writes the open scheme, figures and view under the open project's
    /// keys.
    pub(super) fn write_all_parts(&self) {
        self.save_part(
            Part::Scheme,
            Some(self.scheme.with_untracked(Scheme::to_json)),
            0,
        );
        self.save_dataset();
        self.save_part(Part::View, Some(self.view_json()), 0);
    }

    pub(super) fn view_json(&self) -> String {
        let view = View {
            profile: self.profile.get_untracked(),
            filter: self.filter.get_untracked(),
            period_chosen: self.period_chosen.get_untracked(),
            ..View::default()
        };
        view.to_json()
    }

    fn save_dataset(&self) {
        // Figures still on their way from IndexedDB are not written over.
        if self.figures_loading.get_untracked() {
            return;
        }
        let Some(project) = self.project() else {
            return;
        };
        // Sized first: writing 100,000 rows as JSON for localStorage only to
        // find they go elsewhere would freeze the page for nothing.
        let size = self.dataset.with_untracked(Dataset::size_hint);
        if size < IDB_THRESHOLD {
            let json = self.dataset.with_untracked(Dataset::to_json);
            if json.len() < IDB_THRESHOLD {
                self.save_part(Part::Dataset, Some(json), size);
                self.forget_idb(&project.key(Part::Dataset));
                return;
            }
        }
        let json = self.dataset.with_untracked(Dataset::to_json);
        self.save_dataset_idb(project, json);
    }

    pub(super) fn save_on_change(self) {
        Effect::new(move |first: Option<()>| {
            let json = self.scheme.with(Scheme::to_json);
            if first.is_some() {
                self.save_part(Part::Scheme, Some(json), 0);
            }
        });
        Effect::new(move |first: Option<()>| {
            self.dataset.track();
            if first.is_some() {
                self.save_dataset();
            }
        });
        Effect::new(move |first: Option<()>| {
            let json = self.mappings.with(mappings_json);
            if first.is_some() {
                self.retry_pending();
                let write = self.with_store(|store| store.write(MAPPINGS_KEY, &json, now()));
                let write = match write {
                    // Mappings from every tab are worth keeping: take theirs,
                    // add ours.
                    Write::Conflict { .. } => self.with_store(|store| {
                        let mut theirs = match store.load(MAPPINGS_KEY, now(), parse_mappings) {
                            Read::Found { value, .. } => value,
                            _ => BTreeMap::new(),
                        };
                        self.mappings.with_untracked(|ours| {
                            theirs.extend(ours.clone());
                        });
                        store.write(MAPPINGS_KEY, &mappings_json(&theirs), now())
                    }),
                    write => write,
                };
                self.report(MAPPINGS_KEY, write, json.len());
            }
        });
        Effect::new(move |first: Option<()>| {
            self.profile.track();
            self.filter.track();
            self.period_chosen.track();
            if first.is_some() {
                self.save_part(Part::View, Some(self.view_json()), 0);
            }
        });
        // Agents and periods for the project list.
        let counts = Memo::new(move |_| {
            self.typed.with(|typed| {
                self.dataset.with(|dataset| {
                    (dataset.sources.len() == typed.len()).then(|| {
                        let overview = dataset.overview(typed);
                        (overview.agents, overview.periods.len().max(1))
                    })
                })
            })
        });
        Effect::new(move |_| {
            let Some((agents, periods)) = counts.get() else {
                return;
            };
            let (agents, periods) = if agents == 0 {
                (0, 0)
            } else {
                (agents, periods)
            };
            let id = self.current.get_untracked();
            let same = self.index.with_untracked(|index| {
                index.get(&id).is_some_and(|project| {
                    (project.summary.agents, project.summary.periods) == (agents, periods)
                })
            });
            if !same {
                self.update_index(|index| {
                    if let Some(project) = index.get_mut(&id) {
                        project.summary.agents = agents;
                        project.summary.periods = periods;
                    }
                });
            }
        });
    }
}
