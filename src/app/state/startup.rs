//! Loading what was stored when the page opens: the project list (or one
//! recovered from the keys found), the open project, the mappings, and
//! the Effects that keep storage up to date from then on.

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::super::import::Jobs;
use super::super::storage::{Local, Session, now, set_tab_project, tab_project};
use super::edits::scheme_signal;
use super::items::{load_project, parse_mappings};
use super::problems::{StorageProblem, What, found, what_of};
use super::{MAPPINGS_KEY, MAX_STORED_CHARS, Workspace};
use kpi_engine::dataset::Dataset;
use kpi_engine::scheme::Names;
use kpi_store::Store;
use kpi_store::workspace::{Index, Part, Project, V1_PREFIX, WORKSPACE_KEY};

/// An index for a workspace whose index is missing or unreadable: the
/// first project over version 1's keys if they hold anything, and every
/// project whose items are found under `kpi-scorecard.p<N>.`.
fn recover_index(keys: &[String], now: u64) -> Index {
    let has = |key: &str| keys.iter().any(|k| k == key);
    let mut index = Index::from_v1(has, "", now).unwrap_or_default();
    let mut ids: Vec<u64> = keys
        .iter()
        .filter_map(|key| {
            let rest = key.strip_prefix(V1_PREFIX)?.strip_prefix('p')?;
            let (n, part) = rest.split_once('.')?;
            ["scheme", "dataset", "view"]
                .contains(&part)
                .then(|| n.parse().ok())
                .flatten()
        })
        .collect();
    kpi_engine::order::sort_by(&mut ids, Ord::cmp);
    ids.dedup();
    for n in ids {
        let id = format!("p{n}");
        if index.get(&id).is_none() {
            index.projects.push(Project {
                prefix: format!("{V1_PREFIX}{id}."),
                id,
                name: String::new(),
                created: now,
                edited: now,
                summary: Default::default(),
                deleted: None,
            });
        }
    }
    index
}

impl Workspace {
    /// Loads what was stored, provides the workspace to the tree below and
    /// keeps storage up to date from then on. `name` names a project after
    /// its scheme in the user's language.
    pub fn provide(name: impl Fn(&Names) -> String + 'static) -> Workspace {
        let mut problems = Vec::new();
        let mut store = Store::new(Local, MAX_STORED_CHARS).with_notes(Session);
        let now = now();
        let read = store.load(WORKSPACE_KEY, now, Index::from_json);
        let stored_index = found(read, What::Workspace, &mut problems);
        let mut index = stored_index.clone().unwrap_or_else(|| {
            let keys = kpi_store::Backend::keys(store.backend());
            recover_index(&keys, now)
        });
        // Deleted projects could be brought back until the page closed.
        for project in index.purge_deleted() {
            for part in Part::ALL {
                store.remove(&project.key(part));
            }
        }
        if index.live().next().is_none() {
            index = Index::from_v1(|_| true, "", now).expect("a first project");
        }
        let current = index
            .open_first(tab_project().as_deref())
            .expect("a live project")
            .clone();
        let loaded = load_project(&mut store, &current, &mut problems);
        // A project recovered or made just now is named after its scheme.
        for project in &mut index.projects {
            if project.name.is_empty() {
                project.name = if project.id == current.id {
                    name(&loaded.scheme.name)
                } else {
                    project.id.clone()
                };
            }
        }
        if let Some(project) = index.get_mut(&current.id) {
            project.summary.scheme = loaded.scheme.name.clone();
        }
        index.last = Some(current.id.clone());
        let mappings = store.load(MAPPINGS_KEY, now, parse_mappings);
        let mappings = found(mappings, What::Mappings, &mut problems).unwrap_or_default();
        for (key, at) in store.unsaved_before().clone() {
            problems.push(StorageProblem::UnsavedBefore {
                what: what_of(&index, &key),
                at,
            });
        }
        let asides = store.asides();
        set_tab_project(&current.id);
        let (scheme, set_scheme) = scheme_signal(loaded.scheme);
        let workspace = Workspace {
            scheme,
            set_scheme,
            dataset: RwSignal::new(Dataset::default()),
            // Typed by the job below, in slices, not before the first paint.
            typed: RwSignal::new(Vec::new()),
            mappings: RwSignal::new(mappings),
            problems: RwSignal::new(problems),
            profile: RwSignal::new(loaded.view.profile),
            filter: RwSignal::new(loaded.view.filter),
            period_chosen: RwSignal::new(loaded.view.period_chosen),
            index: RwSignal::new(index.clone()),
            current: RwSignal::new(current.id.clone()),
            deleted: RwSignal::new(Vec::new()),
            asides: RwSignal::new(asides),
            store: StoredValue::new(store),
            figures_loading: RwSignal::new(false),
            idb: StoredValue::new(BTreeMap::new()),
            idb_writes: StoredValue::new(0),
            estimate: RwSignal::new(None),
            histories: StoredValue::new(BTreeMap::new()),
            can_undo: RwSignal::new(false),
            can_redo: RwSignal::new(false),
            jobs: Jobs::new(),
        };
        if stored_index.as_ref() != Some(&index) {
            workspace.update_index(|stored| *stored = index);
        }
        workspace.take_figures(&current, loaded.dataset);
        workspace.save_on_change();
        workspace.follow_other_tabs();
        workspace.collect_idb_garbage();
        // What typing reads of the scheme: its inputs and key columns. When
        // they change (and at start), every source is typed again.
        let reads = Memo::new(move |_| {
            workspace
                .scheme
                .with(|scheme| (scheme.inputs.clone(), scheme.columns.clone()))
        });
        Effect::new(move |_| {
            reads.track();
            workspace.retype();
        });
        provide_context(workspace);
        workspace
    }
}
