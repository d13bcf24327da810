//! The built-in starting points: the scheme a first visit starts with, and
//! the sample team of a built-in scheme, one click from a new project to
//! its scorecards.

use leptos::prelude::*;

use super::Workspace;
use kpi_engine::mapping::auto_map;
use kpi_engine::presets::preset;
use kpi_engine::scheme::Scheme;

/// The scheme a first visit starts with: the documented call-centre
/// example.
const STARTER_SCHEME: &str = include_str!("../../../docs/examples/call-centre.json");

/// The scheme a first visit starts with.
pub fn starter_scheme() -> Scheme {
    Scheme::from_json(STARTER_SCHEME).expect("the example scheme is valid")
}

/// The sample team of a built-in scheme (the example, or a preset): its
/// file name and CSV.
pub fn sample_figures(scheme_id: &str) -> Option<(String, &'static str)> {
    if scheme_id == "call-centre-demo" {
        let csv = include_str!("../../../docs/examples/call-centre.csv");
        return Some(("call-centre-demo-sample.csv".to_owned(), csv));
    }
    preset(scheme_id).map(|preset| (preset.sample_file_name(), preset.sample))
}

impl Workspace {
    /// Imports the sample team of the open project's scheme (a preset's, or
    /// the example's), mapped by itself: one click from a new project to
    /// its scorecards. False if the scheme has none or the read failed.
    pub async fn load_sample(&self) -> bool {
        let scheme = self.scheme.get_untracked();
        let Some((name, csv)) = sample_figures(&scheme.id) else {
            return false;
        };
        let project = self.current.get_untracked();
        let raw = super::super::import::Raw::File {
            name: name.clone(),
            bytes: super::super::import::FileBytes::copy_of(csv.as_bytes()),
        };
        let read = super::super::import::read(self.jobs, raw, Default::default()).await;
        let Some(Ok(read)) = read else {
            return false;
        };
        if !self.alive() || self.current.get_untracked() != project {
            return false;
        }
        let mapping = auto_map(&scheme, read.table.headers(), None);
        let source = kpi_engine::dataset::Source {
            name,
            read: read.read_as,
            merge: kpi_engine::figures::Merge::Replace,
            table: read.table,
            table_issues: read.table_issues,
            mapping: mapping.clone(),
            period: None,
        };
        let typed = super::super::import::type_source(self.jobs, scheme, source).await;
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
}
