//! The Scheme area: the designer. Presets, undo and redo, weight profiles,
//! the dimensions and their indicators with their weights, the indicator
//! being edited with its curve, and the team's totals as they stand.
//!
//! Every edit goes through [`Workspace::edit_scheme`], so it is one undo
//! step and is saved. A scheme that does not validate is kept as it is (a
//! draft): the messages sit next to the fields at fault, and no totals are
//! shown from it.

mod chart;
mod compare;
mod coverage;
mod dimensions;
pub(super) mod fields;
mod indicator;
mod inputs;
mod sensitivity;
pub(super) mod toolbar;

pub use dimensions::WeightsPanel;
pub use toolbar::{starts, with_scheme};
mod totals;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::scoring::{Scoring, use_scoring};
use super::state::{Workspace, use_workspace};
use crate::i18n::*;
use kpi_engine::validate::{Location, SchemeError};

/// What the designer's parts share, on top of the workspace.
#[derive(Clone, Copy)]
pub struct Editor {
    pub workspace: Workspace,
    /// The scheme as it scores, its errors and the team scored under it.
    pub scoring: Scoring,
    /// The indicator being edited: (dimension, indicator).
    pub selected: RwSignal<Option<(usize, usize)>>,
}

impl Editor {
    /// The index of the active profile.
    pub fn profile_index(&self) -> Option<usize> {
        let id = self.workspace.profile.get()?;
        self.workspace
            .scheme
            .with(|scheme| scheme.profiles.iter().position(|p| p.id == id))
    }

    /// The errors at one place, for the field `field` (every field when
    /// `None`).
    pub fn errors_at(&self, location: &Location, field: Option<&str>) -> Vec<SchemeError> {
        self.scoring.errors.with(|errors| {
            errors
                .iter()
                .filter(|error| {
                    &error.location == location && field.is_none_or(|f| f == error.field)
                })
                .cloned()
                .collect()
        })
    }
}

pub fn use_editor() -> Editor {
    expect_context::<Editor>()
}

/// Provides the designer's shared state to the components below (the
/// Scorecards area provides it too, for its weights panel).
pub fn provide_editor() -> Editor {
    let editor = Editor {
        workspace: use_workspace(),
        scoring: use_scoring(),
        selected: RwSignal::new(None),
    };
    provide_context(editor);
    editor
}

/// Ctrl+Z / Cmd+Z undoes a scheme edit; with Shift, or Ctrl+Y, redoes. Form
/// fields that edit the scheme are undone as scheme steps too; a field of
/// the page's own (a search box) marked `data-own-undo` keeps the browser's
/// undo. Listens while the calling component lives.
pub fn undo_keys(workspace: Workspace) {
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if !(ev.ctrl_key() || ev.meta_key()) || ev.alt_key() {
            return;
        }
        let own_undo = ev
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|element| element.has_attribute("data-own-undo"));
        if own_undo {
            return;
        }
        match ev.key().to_lowercase().as_str() {
            "z" if ev.shift_key() => workspace.redo(),
            "z" => workspace.undo(),
            "y" => workspace.redo(),
            _ => return,
        }
        ev.prevent_default();
    });
    on_cleanup(move || keys.remove());
}

#[component]
pub fn SchemeArea() -> impl IntoView {
    let i18n = use_i18n();
    let workspace = use_workspace();
    let editor = provide_editor();

    undo_keys(workspace);

    // The selection follows the structure: an indicator that is gone is
    // not edited.
    Effect::new(move |_| {
        let exists = workspace.scheme.with(|scheme| {
            editor.selected.get_untracked().is_none_or(|(d, i)| {
                scheme
                    .dimensions
                    .get(d)
                    .is_some_and(|dimension| i < dimension.indicators.len())
            })
        });
        if !exists {
            editor.selected.set(None);
        }
    });

    view! {
        <section class="area scheme-area" data-testid="area-scheme">
            <h2>{tr!(i18n, scheme_title)}</h2>
            <p class="intro">{tr!(i18n, scheme_intro)}</p>
            <toolbar::Toolbar />
            <toolbar::Status />
            <div class="designer">
                <div class="designer-structure">
                    <toolbar::SchemeNames />
                    <coverage::MinCoverage />
                    <toolbar::Profiles />
                    <dimensions::Dimensions />
                    <inputs::Inputs />
                </div>
                <div class="designer-detail">
                    <indicator::IndicatorEditor />
                    <totals::Totals />
                </div>
            </div>
            <compare::Compare />
            <sensitivity::SensitivityView />
        </section>
    }
}
