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

use crate::engine::scheme::Names;

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
