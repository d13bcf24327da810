//! The workspace index: which projects exist, where each keeps its items,
//! and what the project list shows of them without reading their figures.
//!
//! A project is three items: its scheme (with its weightings), its figures
//! and its view, under `<prefix>scheme`, `<prefix>dataset` and
//! `<prefix>view`. New projects take the prefix `kpi-scorecard.<id>.`; the
//! project made from version 1's single scheme and figures keeps version 1's
//! keys (prefix `kpi-scorecard.`), so migrating moves no bytes and needs no
//! room. The column mappings (by scheme id) and the settings are shared by
//! every project.

use serde::{Deserialize, Serialize};

use kpi_engine::report::Filter;
use kpi_engine::scheme::Names;

/// Where the index is kept.
pub const WORKSPACE_KEY: &str = "kpi-scorecard.workspace";
/// The index's format name.
pub const WORKSPACE_FORMAT: &str = "kpi-workspace";
/// The index version this build reads and writes.
pub const WORKSPACE_VERSION: u32 = 1;

/// The prefix of version 1's keys, which the first project keeps.
pub const V1_PREFIX: &str = "kpi-scorecard.";

/// The parts of a project, each an item of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Part {
    Scheme,
    Dataset,
    View,
}

impl Part {
    pub const ALL: [Part; 3] = [Part::Scheme, Part::Dataset, Part::View];

    fn suffix(self) -> &'static str {
        match self {
            Part::Scheme => "scheme",
            Part::Dataset => "dataset",
            Part::View => "view",
        }
    }
}

/// What the project list shows of a project, kept up to date as its items
/// are written.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// The scheme's name.
    pub scheme: Names,
    pub agents: usize,
    pub periods: usize,
    /// Characters its items take in storage, by part.
    #[serde(default)]
    pub chars: [usize; 3],
}

impl Summary {
    /// Characters all its items take.
    pub fn total_chars(&self) -> usize {
        self.chars.iter().sum()
    }
}

/// One project in the index.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Project {
    pub id: String,
    /// Where its items are kept (see the module docs).
    pub prefix: String,
    pub name: String,
    /// Milliseconds since the epoch.
    pub created: u64,
    pub edited: u64,
    #[serde(default)]
    pub summary: Summary,
    /// When it was deleted: it stays, items and all, until the page next
    /// opens, so the deletion can be undone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<u64>,
}

impl Project {
    /// The key of one of its items.
    pub fn key(&self, part: Part) -> String {
        format!("{}{}", self.prefix, part.suffix())
    }

    /// Which part of this project `key` is, if any.
    pub fn part_of(&self, key: &str) -> Option<Part> {
        let suffix = key.strip_prefix(&self.prefix)?;
        Part::ALL.into_iter().find(|part| part.suffix() == suffix)
    }
}

/// The workspace index.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Index {
    pub format: String,
    pub version: u32,
    pub projects: Vec<Project>,
    /// The project opened last, which a new tab opens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last: Option<String>,
}

impl Default for Index {
    fn default() -> Index {
        Index {
            format: WORKSPACE_FORMAT.to_owned(),
            version: WORKSPACE_VERSION,
            projects: Vec::new(),
            last: None,
        }
    }
}

impl Index {
    /// Reads a stored index, refusing other formats and newer versions.
    pub fn from_json(text: &str) -> Result<Index, String> {
        let index: Index = serde_json::from_str(text).map_err(|err| err.to_string())?;
        if index.format != WORKSPACE_FORMAT {
            return Err(format!("expected format {WORKSPACE_FORMAT:?}"));
        }
        if index.version > WORKSPACE_VERSION {
            return Err(format!("version {} is newer than this page", index.version));
        }
        Ok(index)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("plain data")
    }

    /// The projects not deleted, in the order they were made.
    pub fn live(&self) -> impl Iterator<Item = &Project> {
        self.projects
            .iter()
            .filter(|project| project.deleted.is_none())
    }

    pub fn get(&self, id: &str) -> Option<&Project> {
        self.projects.iter().find(|project| project.id == id)
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut Project> {
        self.projects.iter_mut().find(|project| project.id == id)
    }

    /// Adds a project named `name` with a fresh id and prefix, and returns
    /// its id. Ids are never reused, deleted projects' included.
    pub fn add(&mut self, name: &str, now: u64) -> String {
        let next = self
            .projects
            .iter()
            .filter_map(|project| project.id.strip_prefix('p')?.parse::<u64>().ok())
            .max()
            .map_or(1, |n| n + 1);
        let id = format!("p{next}");
        self.projects.push(Project {
            prefix: format!("{V1_PREFIX}{id}."),
            id: id.clone(),
            name: name.to_owned(),
            created: now,
            edited: now,
            summary: Summary::default(),
            deleted: None,
        });
        id
    }

    /// The project a page opens: `wanted` if it is live, else the last one
    /// opened, else the first live one.
    pub fn open_first(&self, wanted: Option<&str>) -> Option<&Project> {
        let live = |id: &str| self.get(id).filter(|project| project.deleted.is_none());
        wanted
            .and_then(live)
            .or_else(|| self.last.as_deref().and_then(live))
            .or_else(|| self.live().next())
    }

    /// A name like `base` that no live project has: `base`, `base (2)`…
    pub fn free_name(&self, base: &str) -> String {
        let taken = |name: &str| self.live().any(|project| project.name == name);
        if !taken(base) {
            return base.to_owned();
        }
        (2..)
            .map(|n| format!("{base} ({n})"))
            .find(|name| !taken(name))
            .expect("some number is free")
    }

    /// Takes the deleted projects out of the index; removing their items
    /// is the caller's part.
    pub fn purge_deleted(&mut self) -> Vec<Project> {
        let (deleted, live) = std::mem::take(&mut self.projects)
            .into_iter()
            .partition(|project| project.deleted.is_some());
        self.projects = live;
        deleted
    }

    /// The index of a workspace stored before projects existed: one
    /// project over version 1's keys, if any of them holds an item.
    pub fn from_v1(has_key: impl Fn(&str) -> bool, name: &str, now: u64) -> Option<Index> {
        let v1 = Project {
            id: "p1".to_owned(),
            prefix: V1_PREFIX.to_owned(),
            name: name.to_owned(),
            created: now,
            edited: now,
            summary: Summary::default(),
            deleted: None,
        };
        let any = Part::ALL.into_iter().any(|part| has_key(&v1.key(part)));
        any.then(|| Index {
            last: Some(v1.id.clone()),
            projects: vec![v1],
            ..Index::default()
        })
    }
}

/// The view format name.
pub const VIEW_FORMAT: &str = "kpi-view";
/// The view version this build writes. Version 1 had the profile only.
pub const VIEW_VERSION: u32 = 2;

/// How the user left a project: the weighting in use, the team table's
/// filter, and whether they picked its period (until then, with several
/// periods, the latest is shown).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct View {
    pub format: String,
    pub version: u32,
    pub profile: Option<String>,
    #[serde(default)]
    pub filter: Filter,
    #[serde(default)]
    pub period_chosen: bool,
}

impl Default for View {
    fn default() -> View {
        View {
            format: VIEW_FORMAT.to_owned(),
            version: VIEW_VERSION,
            profile: None,
            filter: Filter::default(),
            period_chosen: false,
        }
    }
}

impl View {
    /// Reads a stored view, refusing other formats and newer versions.
    pub fn from_json(text: &str) -> Result<View, String> {
        let view: View = serde_json::from_str(text).map_err(|err| err.to_string())?;
        if view.format != VIEW_FORMAT || view.version > VIEW_VERSION {
            return Err(format!("not {VIEW_FORMAT} version {VIEW_VERSION} or older"));
        }
        Ok(view)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("plain data")
    }
}

/// The format name of figures kept in IndexedDB: localStorage holds this
/// small reference (with the revision, like any item) and IndexedDB the
/// figures under `id`.
pub const DATASET_REF_FORMAT: &str = "kpi-dataset-ref";

/// Figures at least this long (characters of JSON) go to IndexedDB;
/// localStorage keeps the index, schemes, settings and small figures.
pub const IDB_THRESHOLD: usize = 500_000;

/// Where figures kept in IndexedDB are.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatasetRef {
    pub format: String,
    pub version: u32,
    /// The IndexedDB key: new for every write, so a reference never names
    /// figures written after it.
    pub id: String,
    /// Characters of the figures' JSON.
    pub chars: usize,
}

impl DatasetRef {
    pub fn new(id: String, chars: usize) -> DatasetRef {
        DatasetRef {
            format: DATASET_REF_FORMAT.to_owned(),
            version: 1,
            id,
            chars,
        }
    }

    /// The reference a dataset item holds, if it is one (an item of figures
    /// kept in localStorage is the dataset itself).
    pub fn in_item(body: &str) -> Option<Result<DatasetRef, String>> {
        let rest = body.trim_start().strip_prefix('{')?.trim_start();
        let rest = rest
            .strip_prefix("\"format\"")?
            .trim_start()
            .strip_prefix(':')?;
        if !rest
            .trim_start()
            .starts_with(&format!("\"{DATASET_REF_FORMAT}\""))
        {
            return None;
        }
        Some(
            serde_json::from_str::<DatasetRef>(body)
                .map_err(|err| err.to_string())
                .and_then(|found| {
                    (found.version <= 1)
                        .then_some(found)
                        .ok_or_else(|| "a newer reference".to_owned())
                }),
        )
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("plain data")
    }
}
