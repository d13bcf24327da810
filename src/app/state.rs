//! What the user works on, shared by every area through context: the open
//! project (its scheme, imported figures and view), the project list, and
//! the column mappings remembered per scheme, kept in the browser through
//! the storage layer (`crate::store`).
//!
//! Every write goes through `Store::write`: a refused write leaves what was
//! stored and waits to be retried (on the next change, and when the tab
//! becomes visible); a write over another tab's revision is refused, and
//! this tab's project is kept as a copy instead. Another tab's change to
//! the open project is taken over when this tab has nothing unsaved in it.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};

use super::idb;
use super::import::{Jobs, retype_all};
use super::storage::{Local, Session, now, set_tab_project, tab_project};
use kpi_engine::dataset::{Dataset, Typed};
use kpi_engine::edit::history::History;
use kpi_engine::mapping::{ColumnMapping, auto_map};
use kpi_engine::presets::preset;
use kpi_engine::report::Filter;
use kpi_engine::scheme::{Names, Scheme};
use kpi_store::file::ProjectData;
use kpi_store::workspace::{
    DatasetRef, IDB_THRESHOLD, Index, Part, Project, V1_PREFIX, View, WORKSPACE_KEY,
};
use kpi_store::{Fault, Read, Store, Write};

/// The key of the first project's scheme (version 1's only scheme).
pub const SCHEME_KEY: &str = "kpi-scorecard.scheme";
/// The key of the first project's figures.
pub const DATASET_KEY: &str = "kpi-scorecard.dataset";
/// The key of the column mappings remembered per scheme, shared by every
/// project.
pub const MAPPINGS_KEY: &str = "kpi-scorecard.mappings";
/// The key of the first project's view: the weighting in use and the
/// table's filter.
pub const VIEW_KEY: &str = "kpi-scorecard.view";
/// The key of the user's settings, shared by every project.
pub const SETTINGS_KEY: &str = "kpi-scorecard.settings";

/// The most characters one stored item may take. Browsers allow about 5 M
/// per page, and settings and schemes need room too.
pub const MAX_STORED_CHARS: usize = 4_000_000;

/// The scheme a first visit starts with: the documented call-centre
/// example.
const STARTER_SCHEME: &str = include_str!("../../docs/examples/call-centre.json");

/// The scheme a first visit starts with.
pub fn starter_scheme() -> Scheme {
    Scheme::from_json(STARTER_SCHEME).expect("the example scheme is valid")
}

/// The sample team of a built-in scheme (the example, or a preset): its
/// file name and CSV.
pub fn sample_figures(scheme_id: &str) -> Option<(String, &'static str)> {
    if scheme_id == "call-centre-demo" {
        let csv = include_str!("../../docs/examples/call-centre.csv");
        return Some(("call-centre-demo-sample.csv".to_owned(), csv));
    }
    preset(scheme_id).map(|preset| (preset.sample_file_name(), preset.sample))
}

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

/// The shared state. Copy: every field is a signal or a stored value.
#[derive(Clone, Copy)]
pub struct Workspace {
    pub scheme: RwSignal<Scheme>,
    pub dataset: RwSignal<Dataset>,
    /// The typed figures and issues of each source, in the order of
    /// `dataset.sources`.
    pub typed: RwSignal<Vec<Typed>>,
    /// Column mappings remembered by scheme id.
    pub mappings: RwSignal<BTreeMap<String, ColumnMapping>>,
    pub problems: RwSignal<Vec<StorageProblem>>,
    /// The id of the weight profile in use; `None` is the scheme's own
    /// weights.
    pub profile: RwSignal<Option<String>>,
    /// The team table's filter, and whether the user picked its period
    /// (until then, with several periods, the latest is shown).
    pub filter: RwSignal<Filter>,
    pub period_chosen: RwSignal<bool>,
    /// The projects, as last read or written.
    pub index: RwSignal<Index>,
    /// The id of the project open in this tab.
    pub current: RwSignal<String>,
    /// Projects deleted in this tab, newest last: they can be brought back
    /// until the page closes.
    pub deleted: RwSignal<Vec<String>>,
    /// The copies of unreadable items kept aside.
    pub asides: RwSignal<Vec<String>>,
    store: StoredValue<Store<Local>>,
    /// Set while the open project's figures load from IndexedDB: nothing is
    /// saved over them until they are in.
    pub figures_loading: RwSignal<bool>,
    /// Per dataset key, the IndexedDB record its item names and the hash of
    /// the figures' JSON there, as this tab last read or wrote them.
    idb: StoredValue<BTreeMap<String, (String, u64)>>,
    /// Counts figures sent to IndexedDB, so a write overtaken by a newer one
    /// is not made current.
    idb_writes: StoredValue<u64>,
    /// The browser's storage estimate (used, quota; bytes), when known.
    pub estimate: RwSignal<Option<(f64, f64)>>,
    /// Undo and redo of scheme edits, per project, from every area.
    histories: StoredValue<BTreeMap<String, History<Scheme>>>,
    /// Whether undo and redo have a step to take.
    pub can_undo: RwSignal<bool>,
    pub can_redo: RwSignal<bool>,
    /// The running import job, if any. It lives as long as the page, so a
    /// job outlives the area that started it.
    pub jobs: Jobs,
}

/// Column mappings as stored: versioned like every stored item.
#[derive(Serialize, Deserialize)]
struct StoredMappings {
    format: String,
    version: u32,
    mappings: BTreeMap<String, ColumnMapping>,
}

const MAPPINGS_FORMAT: &str = "kpi-mappings";
const MAPPINGS_VERSION: u32 = 1;

fn parse_mappings(text: &str) -> Result<BTreeMap<String, ColumnMapping>, String> {
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
struct Loaded {
    scheme: Scheme,
    dataset: DatasetItem,
    view: View,
}

/// A project's figures as its item holds them: the figures, or where in
/// IndexedDB they are.
#[derive(Clone, Debug)]
pub enum DatasetItem {
    Here(Dataset),
    InIdb(DatasetRef),
}

fn parse_dataset_item(body: &str) -> Result<DatasetItem, String> {
    match DatasetRef::in_item(body) {
        Some(reference) => reference.map(DatasetItem::InIdb),
        None => Dataset::from_json(body)
            .map(DatasetItem::Here)
            .map_err(|err| err.to_string()),
    }
}

/// Figures read from IndexedDB, with the hash of their JSON.
async fn load_idb(reference: &DatasetRef) -> Result<(Dataset, u64), ()> {
    let text = idb::get(&reference.id).await.map_err(drop)?.ok_or(())?;
    let dataset = Dataset::from_json(&text).map_err(drop)?;
    Ok((dataset, kpi_store::hash(&text)))
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

/// A stored scheme, for the store, which only needs to know whether it
/// reads (an unreadable one is set aside, whatever the reason).
fn read_scheme(text: &str) -> Result<Scheme, String> {
    Scheme::from_json(text).map_err(|err| err.to_string())
}

fn load_project(
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

/// Names a stored key for messages.
fn what_of(index: &Index, key: &str) -> What {
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
    ids.sort_unstable();
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
        let workspace = Workspace {
            scheme: RwSignal::new(loaded.scheme),
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

    /// Whether the page this workspace belongs to is still mounted: work
    /// that finishes after an `await` checks before it touches a signal.
    pub fn alive(&self) -> bool {
        !self.store.is_disposed()
    }

    /// The open project's entry in the index.
    pub fn project(&self) -> Option<Project> {
        let id = self.current.get_untracked();
        self.index.with_untracked(|index| index.get(&id).cloned())
    }

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
            let auto = auto_map(&scheme, &source.table.headers, Some(&source.mapping));
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
        self.scheme.set(after);
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
        self.scheme.set(scheme);
        self.history_changed();
    }

    fn history_changed(&self) {
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

    /// Runs `f` on the storage layer.
    pub fn with_store<R>(&self, f: impl FnOnce(&mut Store<Local>) -> R) -> R {
        self.store
            .try_update_value(f)
            .expect("the workspace lives as long as the page")
    }

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

    /// This tab's version of `project` was overtaken by another tab's: it
    /// becomes a new project, open here, and the other tab's stays.
    fn keep_as_copy(&self, project: &Project) {
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

    /// Writes the open scheme, figures and view under the open project's
    /// keys.
    fn write_all_parts(&self) {
        self.save_part(
            Part::Scheme,
            Some(self.scheme.with_untracked(Scheme::to_json)),
            0,
        );
        self.save_dataset();
        self.save_part(Part::View, Some(self.view_json()), 0);
    }

    fn view_json(&self) -> String {
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

    /// The figures of `key` are in localStorage now: the IndexedDB record
    /// they replace goes, once the item no longer names it.
    fn forget_idb(&self, key: &str) {
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

    fn save_on_change(self) {
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

    /// Takes over what other tabs write, and retries refused writes when
    /// this tab is shown again.
    fn follow_other_tabs(self) {
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
                if let Some(scheme) = found(read, what, &mut problems) {
                    let before = self.scheme.get_untracked();
                    if before != scheme {
                        self.with_history(|history| history.record(before, None));
                        self.scheme.set(scheme);
                        self.history_changed();
                    }
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

    fn apply_view(&self, view: View) {
        let profile = view.profile.filter(|id| {
            self.scheme
                .with_untracked(|scheme| scheme.profile(id).is_some())
        });
        self.profile.set(profile);
        self.filter.set(view.filter);
        self.period_chosen.set(view.period_chosen);
    }

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
        self.scheme.set(loaded.scheme);
        self.typed.set(Vec::new());
        self.apply_view(loaded.view);
        self.history_changed();
        self.take_figures(&project, loaded.dataset);
        self.problems.update(|all| all.extend(problems));
        let id = project.id.clone();
        self.update_index(|index| index.last = Some(id));
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

    /// Shows a project's figures: at once when its item holds them, or,
    /// from IndexedDB, when they arrive (nothing is saved over them
    /// meanwhile). Figures that cannot be read there are reported and never
    /// written over.
    fn take_figures(&self, project: &Project, item: DatasetItem) {
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
    fn save_dataset_idb(&self, project: Project, json: String) {
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

    /// Removes IndexedDB records no project's item names (a deleted
    /// project's, a write cut short). Records younger than a minute are
    /// left: another tab may be about to name them.
    fn collect_idb_garbage(&self) {
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

    /// Replaces the open project's scheme (as one undoable step), keeping
    /// the imported sources whose columns still map to it: the agent
    /// column and every input. Returns how many sources were dropped.
    pub fn replace_scheme(&self, scheme: Scheme) -> usize {
        let dataset = self.dataset.get_untracked();
        let kept: Vec<_> = dataset
            .sources
            .iter()
            .filter(|source| {
                let auto = auto_map(&scheme, &source.table.headers, None);
                auto.agent.is_some()
                    && scheme
                        .inputs
                        .iter()
                        .all(|input| auto.inputs.get(&input.id).is_some_and(Option::is_some))
            })
            .cloned()
            .map(|mut source| {
                source.mapping = auto_map(&scheme, &source.table.headers, None);
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

    /// Imports the sample team of the open project's scheme (a preset's, or
    /// the example's), mapped by itself: one click from a new project to
    /// its scorecards. False if the scheme has none or the read failed.
    pub async fn load_sample(&self) -> bool {
        let scheme = self.scheme.get_untracked();
        let Some((name, csv)) = sample_figures(&scheme.id) else {
            return false;
        };
        let project = self.current.get_untracked();
        let raw = super::import::Raw::File {
            name: name.clone(),
            bytes: std::sync::Arc::new(csv.as_bytes().to_vec()),
        };
        let read = super::import::read(self.jobs, raw, Default::default()).await;
        let Some(Ok(read)) = read else {
            return false;
        };
        if !self.alive() || self.current.get_untracked() != project {
            return false;
        }
        let mapping = auto_map(&scheme, &read.table.headers, None);
        let source = kpi_engine::dataset::Source {
            name,
            read: read.read_as,
            merge: kpi_engine::figures::Merge::Replace,
            table: read.table,
            table_issues: read.table_issues,
            mapping: mapping.clone(),
            period: None,
        };
        let typed = super::import::type_source(self.jobs, scheme, source).await;
        let Some((source, typed)) = typed else {
            return false;
        };
        if !self.alive() || self.current.get_untracked() != project {
            return false;
        }
        self.remember_mapping(mapping);
        self.dataset.update(|dataset| dataset.add(source));
        self.typed.set(vec![typed]);
        true
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

/// The suffix of a project kept from this tab: the time of day it was
/// kept, so two such copies are told apart.
fn copy_suffix(now: u64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(now as f64));
    format!("{:02}:{:02}", date.get_hours(), date.get_minutes())
}

/// The workspace provided by [`Workspace::provide`].
pub fn use_workspace() -> Workspace {
    expect_context::<Workspace>()
}
