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
//!
//! A field a rule guards is private: every area reads the scheme through
//! `scheme`, but only `edits` can write it (an edit from any area or
//! another tab, undo and redo, opening a project), so every edit is an
//! undo step and is saved.
//!
//! One concern per file: `startup` (loading at start), `edits` (the scheme
//! and its history), `items` (the open project's stored items), `figures`
//! (large figures in IndexedDB), `projects` (the project list), `sync`
//! (other tabs), `problems` (what storage refused, and retries), `samples`
//! (the built-in starting points).

mod edits;
mod figures;
mod items;
mod problems;
mod projects;
mod samples;
mod startup;
mod sync;

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::import::Jobs;
use super::storage::Local;
use kpi_engine::dataset::{Dataset, Typed};
use kpi_engine::edit::history::History;
use kpi_engine::mapping::ColumnMapping;
use kpi_engine::report::Filter;
use kpi_engine::scheme::Scheme;
use kpi_store::Store;
use kpi_store::workspace::{Index, Project};

pub(crate) use problems::found;
pub use problems::{StorageProblem, What};
pub use samples::{sample_figures, starter_scheme};

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

/// The shared state. Copy: every field is a signal or a stored value.
#[derive(Clone, Copy)]
pub struct Workspace {
    /// The open project's scheme, to read. Only the methods in `edits`
    /// write it, through `set_scheme`: see [`Workspace::edit_scheme`].
    pub scheme: ReadSignal<Scheme>,
    set_scheme: edits::SchemeWriter,
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
    /// The team table's filter as the user chose it, and whether they
    /// picked its period (the filter in effect is derived from both: see
    /// `cards::effective`).
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

impl Workspace {
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

    /// Runs `f` on the storage layer.
    pub fn with_store<R>(&self, f: impl FnOnce(&mut Store<Local>) -> R) -> R {
        self.store
            .try_update_value(f)
            .expect("the workspace lives as long as the page")
    }
}

/// The workspace provided by [`Workspace::provide`].
pub fn use_workspace() -> Workspace {
    expect_context::<Workspace>()
}
