//! What the user works on — the scheme, the imported figures and the column
//! mappings remembered per scheme — shared by every area through context and
//! kept in localStorage.
//!
//! Stored items carry a format and version. One that cannot be read is
//! copied aside under `<key>.unreadable` and reported, never silently
//! replaced.

use std::cell::RefCell;
use std::collections::BTreeMap;

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};

use super::import::{Jobs, retype_all};
use crate::engine::dataset::{Dataset, Typed};
use crate::engine::edit::History;
use crate::engine::import::mapping::{ColumnMapping, auto_map};
use crate::engine::presets::preset;
use crate::engine::scheme::Scheme;

/// The localStorage key of the scheme being worked on.
pub const SCHEME_KEY: &str = "kpi-scorecard.scheme";
/// The localStorage key of the imported figures.
pub const DATASET_KEY: &str = "kpi-scorecard.dataset";
/// The localStorage key of the column mappings remembered per scheme.
pub const MAPPINGS_KEY: &str = "kpi-scorecard.mappings";
/// The localStorage key of what the user is looking at: the active weight
/// profile.
pub const VIEW_KEY: &str = "kpi-scorecard.view";

/// The most characters one stored item may take. Browsers allow about 5 M
/// per page, and settings and schemes need room too.
pub const MAX_STORED_CHARS: usize = 4_000_000;

/// The scheme a first visit starts with, until the scheme area offers
/// presets: the documented call-centre example.
const STARTER_SCHEME: &str = include_str!("../../docs/examples/call-centre.json");

/// The sample team of a built-in scheme (the example, or a preset): its
/// file name and CSV.
pub fn sample_figures(scheme_id: &str) -> Option<(String, &'static str)> {
    if scheme_id == "call-centre-demo" {
        let csv = include_str!("../../docs/examples/call-centre.csv");
        return Some(("call-centre-demo-sample.csv".to_owned(), csv));
    }
    preset(scheme_id).map(|preset| (preset.sample_file_name(), preset.sample))
}

/// A problem with the browser's storage, shown to the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageProblem {
    /// A stored item could not be read; it was kept under `aside`.
    Unreadable { aside: String },
    /// A stored item could not be read, and there was no room to keep a
    /// copy: it stays under its key, and nothing is saved there until the
    /// page is reloaded.
    UnreadableNotMoved { key: String },
    /// The figures are too large to keep; they stay until the page closes.
    TooLarge { chars: usize },
    /// The browser refused to store an item (full or blocked).
    Refused { key: String },
}

/// The shared state. Copy: every field is a signal.
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
    /// Undo and redo of scheme edits, from every area.
    history: StoredValue<History<Scheme>>,
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

/// What the user is looking at, as stored.
#[derive(Serialize, Deserialize)]
struct StoredView {
    format: String,
    version: u32,
    profile: Option<String>,
}

const VIEW_FORMAT: &str = "kpi-view";
const VIEW_VERSION: u32 = 1;

fn parse_view(text: &str) -> Result<Option<String>, String> {
    let stored: StoredView = serde_json::from_str(text).map_err(|err| err.to_string())?;
    if stored.format != VIEW_FORMAT || stored.version > VIEW_VERSION {
        return Err(format!("not {VIEW_FORMAT} version {VIEW_VERSION}"));
    }
    Ok(stored.profile)
}

fn parse_mappings(text: &str) -> Result<BTreeMap<String, ColumnMapping>, String> {
    let stored: StoredMappings = serde_json::from_str(text).map_err(|err| err.to_string())?;
    if stored.format != MAPPINGS_FORMAT || stored.version > MAPPINGS_VERSION {
        return Err(format!("not {MAPPINGS_FORMAT} version {MAPPINGS_VERSION}"));
    }
    Ok(stored.mappings)
}

impl Workspace {
    /// Loads what was stored, provides the workspace to the tree below and
    /// keeps storage up to date from then on.
    pub fn provide() -> Workspace {
        let mut problems = Vec::new();
        let scheme = load(SCHEME_KEY, Scheme::from_json, &mut problems).unwrap_or_else(|| {
            Scheme::from_json(STARTER_SCHEME).expect("the example scheme is valid")
        });
        let dataset = load(DATASET_KEY, Dataset::from_json, &mut problems).unwrap_or_default();
        let mappings = load(MAPPINGS_KEY, parse_mappings, &mut problems).unwrap_or_default();
        let profile = load(VIEW_KEY, parse_view, &mut problems)
            .flatten()
            .filter(|id| scheme.profile(id).is_some());
        let workspace = Workspace {
            scheme: RwSignal::new(scheme),
            dataset: RwSignal::new(dataset),
            // Typed by the job below, in slices, not before the first paint.
            typed: RwSignal::new(Vec::new()),
            mappings: RwSignal::new(mappings),
            problems: RwSignal::new(problems),
            profile: RwSignal::new(profile),
            history: StoredValue::new(History::default()),
            can_undo: RwSignal::new(false),
            can_redo: RwSignal::new(false),
            jobs: Jobs::new(),
        };
        workspace.save_on_change();
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
        spawn_local(async move {
            let Some(typed) = retype_all(workspace.jobs, scheme, sources.clone()).await else {
                return;
            };
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
        self.history
            .update_value(|history| history.record(before, key));
        self.scheme.set(after);
        self.history_changed();
    }

    /// Ends the current typing step (a field lost focus).
    pub fn seal_step(&self) {
        self.history.update_value(History::seal);
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
        let Some(scheme) = self
            .history
            .try_update_value(|history| take(history, current))
            .flatten()
        else {
            return;
        };
        self.scheme.set(scheme);
        self.history_changed();
    }

    fn history_changed(&self) {
        let (undo, redo) = self
            .history
            .with_value(|history| (history.can_undo(), history.can_redo()));
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

    fn save_on_change(self) {
        let problems = self.problems;
        Effect::new(move |first: Option<()>| {
            let json = self.scheme.with(Scheme::to_json);
            if first.is_some() {
                store(SCHEME_KEY, &json, problems);
            }
        });
        Effect::new(move |first: Option<()>| {
            // Sized first: writing 100,000 rows as JSON only to find they
            // cannot be stored would freeze the page for nothing.
            let size = self.dataset.with(Dataset::size_hint);
            if first.is_none() {
                return;
            }
            problems.update(|problems| {
                problems.retain(|problem| !matches!(problem, StorageProblem::TooLarge { .. }))
            });
            let json = (size <= MAX_STORED_CHARS)
                .then(|| self.dataset.with_untracked(Dataset::to_json))
                .filter(|json| json.len() <= MAX_STORED_CHARS);
            match json {
                Some(json) => {
                    if !store(DATASET_KEY, &json, problems) && !frozen(DATASET_KEY) {
                        // Refused: older figures must not come back after a
                        // reload as if they were current.
                        let _ = LocalStorage::raw().remove_item(DATASET_KEY);
                    }
                }
                None => {
                    // Older figures must not come back after a reload as if
                    // they were current.
                    let _ = LocalStorage::raw().remove_item(DATASET_KEY);
                    problems
                        .update(|problems| problems.push(StorageProblem::TooLarge { chars: size }));
                }
            }
        });
        Effect::new(move |first: Option<()>| {
            let json = self.mappings.with(|mappings| {
                let stored = StoredMappings {
                    format: MAPPINGS_FORMAT.to_owned(),
                    version: MAPPINGS_VERSION,
                    mappings: mappings.clone(),
                };
                serde_json::to_string(&stored).expect("plain data")
            });
            if first.is_some() {
                store(MAPPINGS_KEY, &json, problems);
            }
        });
        Effect::new(move |first: Option<()>| {
            let stored = StoredView {
                format: VIEW_FORMAT.to_owned(),
                version: VIEW_VERSION,
                profile: self.profile.get(),
            };
            let json = serde_json::to_string(&stored).expect("plain data");
            if first.is_some() {
                store(VIEW_KEY, &json, problems);
            }
        });
    }
}

/// The workspace provided by [`Workspace::provide`].
pub fn use_workspace() -> Workspace {
    expect_context::<Workspace>()
}

/// Reads a stored item; `None` when there is none or it cannot be read. An
/// unreadable one is copied aside and reported.
fn load<T>(
    key: &str,
    parse: impl Fn(&str) -> Result<T, String>,
    problems: &mut Vec<StorageProblem>,
) -> Option<T> {
    let raw = LocalStorage::raw().get_item(key).ok().flatten()?;
    match parse(&raw) {
        Ok(value) => Some(value),
        Err(_) => {
            let aside = format!("{key}.unreadable");
            // Remove the original only once its copy is safely stored.
            if LocalStorage::raw().set_item(&aside, &raw).is_ok() {
                let _ = LocalStorage::raw().remove_item(key);
                problems.push(StorageProblem::Unreadable { aside });
            } else {
                FROZEN.with(|frozen| frozen.borrow_mut().push(key.to_owned()));
                problems.push(StorageProblem::UnreadableNotMoved {
                    key: key.to_owned(),
                });
            }
            None
        }
    }
}

thread_local! {
    /// Keys that hold an unreadable item which could not be moved aside:
    /// never written this session, so the item is not lost.
    static FROZEN: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

fn frozen(key: &str) -> bool {
    FROZEN.with(|frozen| frozen.borrow().iter().any(|k| k == key))
}

/// Stores an item, reporting a refusal; false if it was not stored.
fn store(key: &str, json: &str, problems: RwSignal<Vec<StorageProblem>>) -> bool {
    if frozen(key) {
        return false;
    }
    let refused = LocalStorage::raw().set_item(key, json).is_err();
    problems.update(|problems| {
        problems
            .retain(|problem| !matches!(problem, StorageProblem::Refused { key: k } if k == key));
        if refused {
            problems.push(StorageProblem::Refused {
                key: key.to_owned(),
            });
        }
    });
    !refused
}
