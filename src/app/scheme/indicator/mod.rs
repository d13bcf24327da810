//! The indicator being edited: names, direction, where its value comes
//! from, its curve (with a preview), missing data, gate, link, minimum
//! sample and group overrides.
//!
//! Here: which indicator (`At`), which of its curves (`CurvePath`), its
//! names, id, unit and direction; the value source in `value.rs`, the
//! curve and bands in `curve.rs`, the rules in `rules.rs`, the group
//! overrides in `overrides.rs`.

mod curve;
mod overrides;
mod rules;
mod value;

use leptos::prelude::*;

use super::super::chunk::{Chunked, chunk};
use super::super::messages::{I18n, direction_text, name_in};
use super::super::state::Workspace;
use super::chart::CurvePreview;
use super::fields::{FieldErrors, NameFields, TextField, has_errors};
use super::use_editor;
use crate::i18n::*;
use curve::CurveFields;
use kpi_engine::curve::Curve;
use kpi_engine::curve::Direction;
use kpi_engine::edit::curve_kind::set_direction;
use kpi_engine::edit::ids::{Renaming, rename_indicator_id};
use kpi_engine::scheme::Indicator;
use kpi_engine::validate::Location;
use overrides::Overrides;
use rules::{GateFields, LinkFields, MissingField, SampleFields};
use value::ValueFields;

const DIRECTIONS: [(Direction, &str); 3] = [
    (Direction::Higher, "higher"),
    (Direction::Lower, "lower"),
    (Direction::Band, "band"),
];

/// Which of an indicator's curves: its own, or a group's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CurvePath {
    Own,
    Group(usize),
}

impl CurvePath {
    pub fn get(self, indicator: &Indicator) -> Option<&Curve> {
        match self {
            CurvePath::Own => Some(&indicator.curve),
            CurvePath::Group(g) => indicator.overrides.get(g).map(|o| &o.curve),
        }
    }

    fn get_mut(self, indicator: &mut Indicator) -> Option<&mut Curve> {
        match self {
            CurvePath::Own => Some(&mut indicator.curve),
            CurvePath::Group(g) => indicator.overrides.get_mut(g).map(|o| &mut o.curve),
        }
    }

    fn test_prefix(self) -> String {
        match self {
            CurvePath::Own => "curve".to_owned(),
            CurvePath::Group(g) => format!("override-{g}-curve"),
        }
    }
}

/// Reads and edits the indicator at (d, i). It holds the workspace, so it
/// works in event handlers, where there is no context to look it up in.
#[derive(Clone, Copy)]
struct At {
    d: usize,
    i: usize,
    workspace: Workspace,
}

impl At {
    fn read<T: Default>(self, read: impl Fn(&Indicator) -> T) -> T {
        self.workspace.scheme.with(|scheme| {
            scheme
                .dimensions
                .get(self.d)
                .and_then(|dimension| dimension.indicators.get(self.i))
                .map(read)
                .unwrap_or_default()
        })
    }

    fn edit(self, key: Option<&str>, edit: impl FnOnce(&mut Indicator)) {
        let key = key.map(|key| format!("d{}.i{}.{key}", self.d, self.i));
        self.workspace.edit_scheme(key.as_deref(), |scheme| {
            if let Some(indicator) = scheme
                .dimensions
                .get_mut(self.d)
                .and_then(|dimension| dimension.indicators.get_mut(self.i))
            {
                edit(indicator);
            }
        });
    }

    fn location(self) -> Location {
        Location::Indicator {
            dimension: self.d,
            indicator: self.i,
        }
    }
}

#[component]
pub fn IndicatorEditor() -> impl IntoView {
    let i18n = use_i18n();
    let editor = use_editor();
    view! {
        <section class="indicator-editor" aria-labelledby="indicator-editor-title" data-testid="indicator-editor">
            {move || match editor.selected.get() {
                Some((d, i)) => {
                    let at = At { d, i, workspace: editor.workspace };
                    view! { <Chunked fetch=fetch_indicator_form view=move || indicator_form(at) /> }.into_any()
                }
                None => {
                    view! {
                        <h3 id="indicator-editor-title">{tr!(i18n, scheme.indicator)}</h3>
                        <p class="empty">{tr!(i18n, scheme.pick_indicator)}</p>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

// The form, its curve preview (and so the charts) are fetched when an
// indicator is first chosen.
chunk!(indicator_form, fn indicator_form(at: At) -> AnyView { view! { <IndicatorForm at /> }.into_any() }, fetch fetch_indicator_form);

#[component]
fn IndicatorForm(at: At) -> impl IntoView {
    let i18n = use_i18n();
    let editor = use_editor();
    let workspace = editor.workspace;
    let here = at.location();
    // Where this indicator's mentions stand while its id is typed.
    let renaming = StoredValue::new(Renaming::default());
    let title = move || at.read(|indicator| name_in(i18n, &indicator.name));
    let text = move |read: fn(&Indicator) -> String| Signal::derive(move || at.read(read));
    let label = |key: fn(I18n) -> String| Signal::derive(move || key(i18n));

    let direction = move || {
        at.read(|indicator| Some(indicator.direction))
            .unwrap_or(Direction::Higher)
    };

    view! {
        <h3 id="indicator-editor-title" data-testid="indicator-title">{title}</h3>
        <div class="field-row">
            <NameFields
                read=move |lang| at.read(|indicator| lang.of(&indicator.name).clone())
                set=move |lang, text| {
                    at.edit(Some(&format!("name.{}", lang.code())), |indicator| *lang.of_mut(&mut indicator.name) = text);
                }
                test_id="indicator-name".to_owned()
            />
        </div>
        <div class="field-row">
            <TextField
                label=label(|i18n| t_string!(i18n, scheme.id).to_string())
                value=text(|indicator| indicator.id.clone())
                set=move |text: String| {
                    workspace.edit_scheme(Some(&format!("d{}.i{}.id", at.d, at.i)), |scheme| {
                        renaming.update_value(|renaming| {
                            rename_indicator_id(scheme, at.d, at.i, text.trim(), renaming)
                        });
                    });
                }
                test_id="indicator-id".to_owned()
                invalid=has_errors(here.clone(), "id")
            />
            <TextField
                label=label(|i18n| t_string!(i18n, scheme.unit).to_string())
                value=text(|indicator| indicator.unit.clone())
                set=move |text: String| at.edit(Some("unit"), |indicator| indicator.unit = text)
                test_id="indicator-unit".to_owned()
            />
            <label class="field">
                <span class="field-label">{tr!(i18n, scheme.direction)}</span>
                <select
                    data-testid="indicator-direction"
                    on:change=move |ev| {
                        let chosen = event_target_value(&ev);
                        if let Some((to, _)) = DIRECTIONS.iter().find(|(_, id)| *id == chosen) {
                            at.edit(None, |indicator| set_direction(indicator, *to));
                        }
                    }
                >
                    {DIRECTIONS
                        .into_iter()
                        .map(|(value, id)| {
                            view! {
                                <option value=id selected=move || direction() == value>
                                    {move || direction_text(i18n, value)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
        </div>
        <FieldErrors location=here.clone() field=Some("id") id="errors-indicator-id".to_owned() />

        <ValueFields at />

        <fieldset class="curve">
            <legend>{tr!(i18n, scheme.curve)}</legend>
            <CurveFields at path=CurvePath::Own />
            <FieldErrors location=here.clone() field=Some("curve") id="errors-indicator-curve".to_owned() />
            <CurvePreview d=at.d i=at.i />
        </fieldset>

        <fieldset class="missing">
            <legend>{tr!(i18n, scheme.rules)}</legend>
            <MissingField at />
            <GateFields at />
            <LinkFields at />
            <SampleFields at />
        </fieldset>
        <Overrides at />
    }
}
